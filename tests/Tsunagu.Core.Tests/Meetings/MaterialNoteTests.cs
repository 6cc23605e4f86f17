using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Meetings;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Meetings;

public sealed class MaterialNoteTests
{
    [Theory, DatabaseData]
    public async Task Notes_AreSeenOnlyByTheirAuthor_NotBySecretaryOrChair(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();

        var id = await db.NotesAsync(s => s.AddAsync(city.Member, city.MeetingId, city.MaterialId, 2, "ここの数字を確認する"));
        await db.NotesAsync(s => s.AddAsync(city.Secretary, city.MeetingId, city.MaterialId, null, "書記のメモ"));

        var mine = await db.NotesAsync(s => s.ListMineAsync(city.Member, city.MeetingId, city.MaterialId));
        mine.Select(n => (n.Page, n.Text)).ShouldBe([(2, "ここの数字を確認する")]);
        (await db.NotesAsync(s => s.ListMineAsync(city.Secretary, city.MeetingId, city.MaterialId))).Select(n => n.Text).ShouldBe(["書記のメモ"]);
        (await db.NotesAsync(s => s.ListMineAsync(city.Chair, city.MeetingId, city.MaterialId))).ShouldBeEmpty();
        (await db.NotesAsync(s => s.ListMineAsync(city.Absent, city.MeetingId, city.MaterialId))).ShouldBeEmpty();
        await Should.ThrowAsync<AccessDeniedException>(() => db.NotesAsync(s => s.ListMineAsync(city.Outsider, city.MeetingId, city.MaterialId)));

        // Nobody else can change or delete it, not even knowing its id: it is "not found" for them.
        var edit = await Should.ThrowAsync<DomainException>(() => db.NotesAsync(s => s.UpdateAsync(city.Chair, city.MeetingId, city.MaterialId, id, 1, "書き換え")));
        edit.Code.ShouldBe("note.not-found");
        var delete = await Should.ThrowAsync<DomainException>(() => db.NotesAsync(s => s.DeleteAsync(city.Secretary, city.MeetingId, city.MaterialId, id)));
        delete.Code.ShouldBe("note.not-found");
        (await db.QueryAsync(d => d.Set<MaterialNote>().SingleAsync(n => n.Id == id))).Text.ShouldBe("ここの数字を確認する");

        // Never indexed.
        (await db.QueryAsync(d => d.SearchEntries.CountAsync(e => e.Body.Contains("ここの数字")))).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Author_EditsAndDeletesTheirNote(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();
        var id = await db.NotesAsync(s => s.AddAsync(city.Member, city.MeetingId, city.MaterialId, null, "最初"));
        db.Clock.Advance(TimeSpan.FromMinutes(5));

        await db.NotesAsync(s => s.UpdateAsync(city.Member, city.MeetingId, city.MaterialId, id, 3, "  直した  "));

        var note = (await db.NotesAsync(s => s.ListMineAsync(city.Member, city.MeetingId, city.MaterialId))).Single();
        note.Page.ShouldBe(3);
        note.Text.ShouldBe("直した");
        note.UpdatedAt.ShouldBeGreaterThan(note.CreatedAt);
        await db.NotesAsync(s => s.DeleteAsync(city.Member, city.MeetingId, city.MaterialId, id));
        (await db.NotesAsync(s => s.ListMineAsync(city.Member, city.MeetingId, city.MaterialId))).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task BadNotes_AreRefused_AndNothingIsWritten(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();

        (await Should.ThrowAsync<DomainException>(() => db.NotesAsync(s => s.AddAsync(city.Member, city.MeetingId, city.MaterialId, null, "   ")))).Code.ShouldBe("note.empty");
        (await Should.ThrowAsync<DomainException>(() => db.NotesAsync(s => s.AddAsync(city.Member, city.MeetingId, city.MaterialId, null, new string('あ', 2001))))).Code.ShouldBe("note.too-long");
        (await Should.ThrowAsync<DomainException>(() => db.NotesAsync(s => s.AddAsync(city.Member, city.MeetingId, city.MaterialId, 0, "ゼロページ")))).Code.ShouldBe("note.page");
        (await Should.ThrowAsync<DomainException>(() => db.NotesAsync(s => s.AddAsync(city.Member, city.MeetingId, 987654, null, "ない資料")))).Code.ShouldBe("paper.not-found");
        await db.NotesAsync(s => s.AddAsync(city.Member, city.MeetingId, city.MaterialId, null, new string('あ', 2000)));

        (await db.QueryAsync(d => d.Set<MaterialNote>().CountAsync())).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Paper_IsOpenedOnlyByThoseWhoMayOpenTheSession(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();

        var paper = await db.NotesAsync(s => s.GetPaperAsync(city.Absent, city.MeetingId, city.MaterialId));
        paper!.FileName.ShouldBe("進捗報告.pdf");
        paper.IsPdf.ShouldBeTrue();
        paper.AgendaItemTitle.ShouldBe("システム更新の進捗");
        (await db.NotesAsync(s => s.OpenAsync(city.Member, city.MeetingId, city.MaterialId)))!.Content.Length.ShouldBeGreaterThan(100);
        await Should.ThrowAsync<AccessDeniedException>(() => db.NotesAsync(s => s.GetPaperAsync(city.Outsider, city.MeetingId, city.MaterialId)));
        await Should.ThrowAsync<AccessDeniedException>(() => db.NotesAsync(s => s.OpenAsync(city.Planner, city.MeetingId, city.MaterialId)));
        (await db.NotesAsync(s => s.GetPaperAsync(city.Member, city.MeetingId, 987654))).ShouldBeNull();
        (await db.NotesAsync(s => s.OpenAsync(city.Member, 987654, city.MaterialId))).ShouldBeNull();
    }
}
