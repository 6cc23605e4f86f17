using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Circulation;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Tests.Schedules;

namespace Tsunagu.Core.Tests.Circulation;

public sealed class CirculationServiceTests
{
    [Theory, DatabaseData]
    public async Task Send_ToADepartment_ExpandsToItsMembersAndSubunits_WithoutTheSender(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();

        var sent = await db.SendAsync(o, "総務部/総務課");

        var stored = await db.LoadAsync(sent.Id);
        stored.Recipients.Select(r => r.AccountId).Order().ShouldBe(new[] { o.A, o.B, o.C, o.Sub }.Order());
        stored.Recipients.ShouldNotContain(r => r.AccountId == o.Sender || r.AccountId == o.Outsider);
    }

    [Theory, DatabaseData]
    public async Task Send_WithAnUnknownLine_SaysWhichLine_AndWritesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();

        var error = await Should.ThrowAsync<DomainException>(() => db.SendAsync(o, "akiyama\n存在しない課"));

        error.Message.ShouldContain("2行目");
        error.Message.ShouldContain("存在しない課");
        (await db.QueryAsync(c => c.Set<Circular>().CountAsync())).ShouldBe(0);
        (await db.NotificationsAsync()).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task InOrder_ArrivesOneAfterTheOther_AndTheSenderHearsOfCompletion(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        var sent = await db.SendAsync(o, CirculationTestData.Logins("akiyama", "職員 baba"), CircularMode.InOrder);
        (await db.NotificationsAsync()).Select(n => n.RecipientId).ShouldBe([o.A]);

        var refused = await Should.ThrowAsync<DomainException>(() => db.ConfirmAsync(o, o.B, sent.Id));
        refused.Code.ShouldBe("circulation.not-your-turn");

        db.Clock.Advance(TimeSpan.FromMinutes(30));
        (await db.ConfirmAsync(o, o.A, sent.Id, "確認しました。")).Next!.AccountId.ShouldBe(o.B);
        db.Clock.Advance(TimeSpan.FromMinutes(30));
        (await db.ConfirmAsync(o, o.B, sent.Id)).Completed.ShouldBeTrue();

        var stored = await db.LoadAsync(sent.Id);
        stored.State.ShouldBe(CircularState.Completed);
        stored.Ordered.Select(r => r.ConfirmedAt).ShouldBe([TestDatabase.Start.AddMinutes(30), TestDatabase.Start.AddMinutes(60)]);
        stored.Ordered.First().Comment.ShouldBe("確認しました。");
        var notes = await db.NotificationsAsync();
        notes.Select(n => n.RecipientId).ShouldBe([o.A, o.B, o.Sender]);
        notes[^1].Title.ShouldStartWith("回覧完了");
    }

    [Theory, DatabaseData]
    public async Task Outsiders_NeverFindACirculation_NorItsFiles_NotEvenAsACount(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        var sent = await db.SendAsync(o, "akiyama", title: "防災訓練の実施について", files: CirculationTestData.TextFile("避難経路図.txt", "避難経路は東階段を使用"));
        await db.ConfirmAsync(o, o.A, sent.Id, "参加します");

        foreach (var insider in new[] { o.Sender, o.A })
        {
            (await ScheduleTestData.SearchAsync(db, insider, "防災訓練")).Items.Select(i => i.Module).Order().ShouldBe([SearchModules.Circulation, SearchModules.CirculationFile]);
            (await ScheduleTestData.SearchAsync(db, insider, "東階段")).Items.Single().Module.ShouldBe(SearchModules.CirculationFile);
        }

        foreach (var outsider in new[] { o.B, o.Sub, o.Outsider })
        {
            await ScheduleTestData.ShouldFindNothingAsync(db, outsider, "防災訓練");
            await ScheduleTestData.ShouldFindNothingAsync(db, outsider, "東階段");
            await ScheduleTestData.ShouldFindNothingAsync(db, outsider, "参加します");
            (await db.InScopeAsync(sp => sp.GetRequiredService<CirculationReader>().GetAsync(outsider, sent.Id))).ShouldBeNull();
            var files = await db.QueryAsync(c => c.Attachments.Where(a => a.Module == SearchModules.Circulation).Select(a => a.Id).ToListAsync());
            (await db.InScopeAsync(sp => sp.GetRequiredService<CirculationReader>().OpenAttachmentAsync(outsider, files.Single()))).ShouldBeNull();
            (await Should.ThrowAsync<DomainException>(() => db.ConfirmAsync(o, outsider, sent.Id))).Code.ShouldBe("circulation.not-found");
        }
    }

    [Theory, DatabaseData]
    public async Task Rebuild_WritesTheSameEntriesWithTheSameAccess(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        await db.SendAsync(o, "akiyama", title: "公用車の利用ルール改定", files: CirculationTestData.TextFile("ルール.txt", "給油は月末に"));

        await db.InScopeAsync(sp => sp.GetRequiredService<SearchRebuilder>().RebuildAsync());

        (await ScheduleTestData.SearchAsync(db, o.A, "公用車")).Total.ShouldBe(2);
        await ScheduleTestData.ShouldFindNothingAsync(db, o.Outsider, "公用車");
    }

    [Theory, DatabaseData]
    public async Task Cancel_ByTheSender_StopsConfirmation_AndTellsThoseWaiting(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        var sent = await db.SendAsync(o, CirculationTestData.Logins("akiyama", "baba"));

        await Should.ThrowAsync<AccessDeniedException>(() => db.InScopeAsync(sp => sp.GetRequiredService<CirculationService>().CancelAsync(o.V(o.A), sent.Id)));
        await db.InScopeAsync(sp => sp.GetRequiredService<CirculationService>().CancelAsync(o.V(o.Sender), sent.Id));

        (await db.LoadAsync(sent.Id)).State.ShouldBe(CircularState.Cancelled);
        (await Should.ThrowAsync<DomainException>(() => db.ConfirmAsync(o, o.A, sent.Id))).Code.ShouldBe("circulation.cancelled");
        (await db.NotificationsAsync()).Count(n => n.Title.StartsWith("回覧取消", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Lists_ShowWhatWaitsForMe_WhatIReceived_AndWhatISent(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        var first = await db.SendAsync(o, CirculationTestData.Logins("akiyama", "baba"), CircularMode.InOrder, title: "一つ目");
        var second = await db.SendAsync(o, "akiyama", title: "二つ目");
        await db.ConfirmAsync(o, o.A, second.Id);

        async Task<IReadOnlyList<string>> Titles(int who, CircularTab tab) =>
            (await db.InScopeAsync(sp => sp.GetRequiredService<CirculationReader>().ListAsync(who, tab))).Rows.Select(r => r.Title).ToList();

        (await Titles(o.A, CircularTab.Waiting)).ShouldBe(["一つ目"]);
        (await Titles(o.A, CircularTab.Received)).ShouldBe(["二つ目"]);
        (await Titles(o.B, CircularTab.Waiting)).ShouldBeEmpty();
        (await Titles(o.B, CircularTab.Received)).ShouldBe(["一つ目"]);
        (await Titles(o.Sender, CircularTab.Sent)).ShouldBe(["二つ目", "一つ目"]);
        (await Titles(o.Outsider, CircularTab.Received)).ShouldBeEmpty();
        var counts = await db.InScopeAsync(sp => sp.GetRequiredService<CirculationReader>().CountsAsync(o.Sender, Clock.TokyoDate(db.Clock.GetUtcNow())));
        counts.SentInProgress.ShouldBe(1);
        _ = first;
    }
}
