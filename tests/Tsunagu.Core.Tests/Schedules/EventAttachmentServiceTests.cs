using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;
using static Tsunagu.Core.Tests.Schedules.ScheduleTestData;

namespace Tsunagu.Core.Tests.Schedules;

public sealed class EventAttachmentServiceTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task<AttachmentInfo> AddAsync(TestDatabase db, int actorId, int eventId, string fileName, byte[] content, string? contentType = "text/plain")
    {
        var viewer = await db.ViewerAsync(actorId);
        return await db.InScopeAsync(sp => sp.GetRequiredService<EventAttachmentService>().AddAsync(viewer, eventId, fileName, contentType, new MemoryStream(content)));
    }

    private static async Task<IReadOnlyList<AttachmentInfo>> ListAsync(TestDatabase db, int viewerId, int eventId)
    {
        var viewer = await db.ViewerAsync(viewerId);
        return await db.InScopeAsync(sp => sp.GetRequiredService<EventAttachmentService>().ListAsync(viewer, eventId));
    }

    private static async Task<AttachmentFile> OpenAsync(TestDatabase db, int viewerId, int attachmentId)
    {
        var viewer = await db.ViewerAsync(viewerId);
        return await db.InScopeAsync(sp => sp.GetRequiredService<EventAttachmentService>().OpenAsync(viewer, attachmentId));
    }

    private static async Task<int> DeleteAsync(TestDatabase db, int actorId, int attachmentId)
    {
        var viewer = await db.ViewerAsync(actorId);
        return await db.InScopeAsync(sp => sp.GetRequiredService<EventAttachmentService>().DeleteAsync(viewer, attachmentId));
    }

    private static async Task<bool> CanAddAsync(TestDatabase db, int viewerId, int eventId)
    {
        var viewer = await db.ViewerAsync(viewerId);
        return await db.InScopeAsync(sp => sp.GetRequiredService<EventAttachmentService>().CanAddAsync(viewer, eventId));
    }

    /// <summary>The file names of the 会議資料 the viewer finds with <paramref name="text"/>.</summary>
    private static async Task<IReadOnlyList<string>> FileHitsAsync(TestDatabase db, int viewerId, string text) =>
        (await SearchAsync(db, viewerId, text)).Items.Where(h => h.Module == SearchModules.ScheduleFile).Select(h => h.Title).ToList();


    private static Task<Attachment> StoredAsync(TestDatabase db, int attachmentId) =>
        db.QueryAsync(c => c.Attachments.AsNoTracking().SingleAsync(a => a.Id == attachmentId));

    private static Task<int> FileEntriesAsync(TestDatabase db) =>
        db.QueryAsync(c => c.SearchEntries.CountAsync(s => s.Module == SearchModules.ScheduleFile));

    /// <summary>Expects a refusal with <paramref name="code"/> that wrote nothing: no file, no search entry, no other row.</summary>
    private static async Task RefusedWithoutTraceAsync(TestDatabase db, string code, Func<Task> action)
    {
        var attachments = await db.QueryAsync(c => c.Attachments.CountAsync());
        await db.RefusedAsync(code, action);
        (await db.QueryAsync(c => c.Attachments.CountAsync())).ShouldBe(attachments);
    }

    private static async Task DeniedWithoutTraceAsync(TestDatabase db, Func<Task> action)
    {
        var attachments = await db.QueryAsync(c => c.Attachments.CountAsync());
        var before = await db.CountsAsync();
        await Should.ThrowAsync<AccessDeniedException>(action);
        (await db.QueryAsync(c => c.Attachments.CountAsync())).ShouldBe(attachments);
        (await db.CountsAsync()).ShouldBe(before);
    }

    [Theory, DatabaseData]
    public async Task AttendeeAddsAJapaneseTextFile_StoredExactly_TextExtracted_ListedForEveryoneInTheMeeting(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var attendee = await db.StaffAsync("attendee", "企画振興部/DX戦略室");
        var other = await db.StaffAsync("other", "市民部/市民課");
        var e = await db.CreateEventAsync(organizer, Draft(organizer, "DX推進本部会議", T(2026, 4, 9, 14), T(2026, 4, 9, 15, 30), attendee, other));
        var content = Utf8("令和8年度 電子申請の対象手続について\n1. 児童手当の認定請求\n2. 罹災証明書の交付申請\n所管課:DX戦略室");
        db.Clock.Advance(TimeSpan.FromMinutes(5));

        var info = await AddAsync(db, attendee, e.Id, @"C:\fakepath\電子申請 対象手続.txt", content, "Text/Plain");

        info.FileName.ShouldBe("電子申請 対象手続.txt");
        info.ContentType.ShouldBe("text/plain");
        info.Size.ShouldBe(content.Length);
        info.HasText.ShouldBeTrue();
        info.TextProblem.ShouldBeNull();
        info.CreatedById.ShouldBe(attendee);
        info.CreatedByName.ShouldBe("職員\u3000attendee");
        info.CreatedAt.ShouldBe(TestDatabase.Start.AddMinutes(5));

        var stored = await StoredAsync(db, info.Id);
        stored.Module.ShouldBe(SearchModules.Schedule);
        stored.OwnerKey.ShouldBe(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        stored.Content.ShouldBe(content);
        stored.Size.ShouldBe(content.Length);
        stored.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(content)));
        stored.Text.ShouldContain("罹災証明書の交付申請");
        stored.Text.ShouldContain("電子申請の対象手続");
        stored.TextProblem.ShouldBeNull();
        stored.CreatedAt.ShouldBe(TestDatabase.Start.AddMinutes(5));

        foreach (var viewer in new[] { organizer, attendee, other })
        {
            var listed = (await ListAsync(db, viewer, e.Id)).ShouldHaveSingleItem();
            listed.ShouldBe(info);
            var file = await OpenAsync(db, viewer, info.Id);
            file.FileName.ShouldBe("電子申請 対象手続.txt");
            file.ContentType.ShouldBe("text/plain");
            file.Content.ShouldBe(content);
            file.Sha256.ShouldBe(stored.Sha256);
        }

        // Found by a word inside the file, opening the event.
        var hit = (await SearchAsync(db, other, "罹災証明書")).Items.ShouldHaveSingleItem();
        hit.Module.ShouldBe(SearchModules.ScheduleFile);
        hit.Title.ShouldBe("電子申請 対象手続.txt");
        hit.Url.ShouldBe($"/schedule/events/{e.Id}");
    }

    [Theory, DatabaseData]
    public async Task PrivateEvent_FilesAreNeitherListedOpenedNorFoundByOutsiders(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var attendee = await db.StaffAsync("attendee", "市民部/市民課");
        var keeper = await db.StaffAsync("keeper");
        var outsider = await db.StaffAsync("outsider"); // same unit as the organiser
        await db.KeeperAsync(organizer, keeper);
        var e = await db.CreateEventAsync(organizer, Draft(organizer, "人事評価 調整会議", T(2026, 4, 9, 10), T(2026, 4, 9, 11), attendee) with { Visibility = EventVisibility.Private });
        var info = await AddAsync(db, attendee, e.Id, "評価調整メモ.txt", Utf8("勤勉手当の成績率について、第二四半期の評価分布を確認する。"));

        async Task CheckAsync()
        {
            foreach (var insider in new[] { organizer, attendee, keeper })
            {
                (await ListAsync(db, insider, e.Id)).Select(a => a.Id).ShouldBe([info.Id]);
                (await FileHitsAsync(db, insider, "成績率")).ShouldBe(["評価調整メモ.txt"]);
                (await FileHitsAsync(db, insider, "評価調整メモ")).ShouldBe(["評価調整メモ.txt"]);
            }

            (await ListAsync(db, outsider, e.Id)).ShouldBeEmpty();
            await Should.ThrowAsync<AccessDeniedException>(() => OpenAsync(db, outsider, info.Id));
            await ShouldFindNothingAsync(db, outsider, "成績率");
            await ShouldFindNothingAsync(db, outsider, "評価調整メモ");
        }

        await CheckAsync();
        (await CanAddAsync(db, outsider, e.Id)).ShouldBeFalse();
        await DeniedWithoutTraceAsync(db, () => AddAsync(db, outsider, e.Id, "部外者.txt", Utf8("追加できないはず")));

        // The index rebuilt from the database gives the same answers.
        await RebuildAsync(db);
        await CheckAsync();
    }

    [Theory, DatabaseData]
    public async Task KeeperOfTheOrganiser_MayAddAndDelete_AnotherAttendeeMayNotDelete(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var mayor = await db.StaffAsync("mayor", "総務部/総務課", "市長");
        var secretary = await db.StaffAsync("secretary", "総務部/総務課/秘書係");
        var a = await db.StaffAsync("a");
        var b = await db.StaffAsync("b");
        await db.KeeperAsync(mayor, secretary);
        var e = await db.CreateEventAsync(mayor, Draft(mayor, "庁議", T(2026, 4, 6, 9), T(2026, 4, 6, 10), a, b));

        (await CanAddAsync(db, secretary, e.Id)).ShouldBeTrue();
        var agenda = await AddAsync(db, secretary, e.Id, "庁議 次第.txt", Utf8("1. 各部からの報告\n2. ペーパーレス会議の試行について"));
        agenda.CreatedById.ShouldBe(secretary);
        var handout = await AddAsync(db, a, e.Id, "総務部 報告資料.txt", Utf8("テレワーク実施状況の報告"));

        // b attends but neither added the file nor acts for the organiser.
        await DeniedWithoutTraceAsync(db, () => DeleteAsync(db, b, handout.Id));
        await DeniedWithoutTraceAsync(db, () => DeleteAsync(db, a, agenda.Id));

        (await DeleteAsync(db, secretary, handout.Id)).ShouldBe(e.Id);
        (await DeleteAsync(db, secretary, agenda.Id)).ShouldBe(e.Id);
        (await ListAsync(db, mayor, e.Id)).ShouldBeEmpty();
        (await db.QueryAsync(c => c.Attachments.CountAsync())).ShouldBe(0);
        (await FileEntriesAsync(db)).ShouldBe(0);

        // Whoever added a file removes it; so does the organiser.
        var own = await AddAsync(db, b, e.Id, "b の資料.txt", Utf8("RPA の試行結果"));
        (await DeleteAsync(db, b, own.Id)).ShouldBe(e.Id);
        var another = await AddAsync(db, b, e.Id, "b の資料.txt", Utf8("RPA の試行結果"));
        (await DeleteAsync(db, mayor, another.Id)).ShouldBe(e.Id);
        (await db.QueryAsync(c => c.Attachments.CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task PublicEvent_OutsiderMayNotAdd_ButListsOpensAndFindsItsFiles(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var attendee = await db.StaffAsync("attendee");
        var outsider = await db.StaffAsync("outsider", "市民部/市民課");
        var e = await db.CreateEventAsync(organizer, Draft(organizer, "グループウェア 操作研修", T(2026, 4, 10, 14), T(2026, 4, 10, 15), attendee));
        var content = Utf8("スケジュールの空き時間検索と施設予約の手順");
        var info = await AddAsync(db, organizer, e.Id, "研修テキスト.txt", content);

        (await CanAddAsync(db, outsider, e.Id)).ShouldBeFalse();
        (await CanAddAsync(db, attendee, e.Id)).ShouldBeTrue();
        (await CanAddAsync(db, organizer, e.Id)).ShouldBeTrue();
        await DeniedWithoutTraceAsync(db, () => AddAsync(db, outsider, e.Id, "部外者.txt", Utf8("追加できないはず")));

        (await ListAsync(db, outsider, e.Id)).Select(a => a.FileName).ShouldBe(["研修テキスト.txt"]);
        (await OpenAsync(db, outsider, info.Id)).Content.ShouldBe(content);
        (await FileHitsAsync(db, outsider, "空き時間検索")).ShouldBe(["研修テキスト.txt"]);

        // Nor may the outsider remove it.
        await DeniedWithoutTraceAsync(db, () => DeleteAsync(db, outsider, info.Id));
    }

    [Theory, DatabaseData]
    public async Task InvalidFiles_AreRefusedWithACode_AndWriteNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var e = await db.CreateEventAsync(organizer, Draft(organizer, "予算ヒアリング", T(2026, 4, 6, 10), T(2026, 4, 6, 11)));
        var text = Utf8("予算要求の概要");

        await RefusedWithoutTraceAsync(db, "attachment.empty", () => AddAsync(db, organizer, e.Id, "空.txt", []));
        await RefusedWithoutTraceAsync(db, "attachment.too-large", () => AddAsync(db, organizer, e.Id, "大きすぎる.bin", new byte[Attachment.MaxBytes + 1], "application/octet-stream"));
        await RefusedWithoutTraceAsync(db, "attachment.invalid-name", () => AddAsync(db, organizer, e.Id, "", text));
        await RefusedWithoutTraceAsync(db, "attachment.invalid-name", () => AddAsync(db, organizer, e.Id, "..", text));
        await RefusedWithoutTraceAsync(db, "attachment.invalid-name", () => AddAsync(db, organizer, e.Id, new string('資', 197) + ".txt", text));
        await RefusedWithoutTraceAsync(db, "schedule.not-found", () => AddAsync(db, organizer, e.Id + 1000, "資料.txt", text));

        // The limits themselves are accepted: 200 characters, exactly 10 MB.
        var longest = await AddAsync(db, organizer, e.Id, new string('資', 196) + ".txt", text);
        longest.FileName.Length.ShouldBe(Attachment.MaxFileNameLength);
        var largest = await AddAsync(db, organizer, e.Id, "最大.bin", new byte[Attachment.MaxBytes], "application/octet-stream");
        largest.Size.ShouldBe(Attachment.MaxBytes);
        largest.HasText.ShouldBeFalse();
        largest.TextProblem.ShouldBeNull();

        // Twenty files per event; the twenty-first is refused.
        for (var i = 3; i <= EventAttachmentService.MaxPerEvent; i++)
        {
            await AddAsync(db, organizer, e.Id, $"資料{i}.txt", text);
        }

        (await ListAsync(db, organizer, e.Id)).Count.ShouldBe(EventAttachmentService.MaxPerEvent);
        (await FileEntriesAsync(db)).ShouldBe(EventAttachmentService.MaxPerEvent);
        await RefusedWithoutTraceAsync(db, "attachment.too-many", () => AddAsync(db, organizer, e.Id, "資料21.txt", text));
        (await FileEntriesAsync(db)).ShouldBe(EventAttachmentService.MaxPerEvent);
    }

    [Theory, DatabaseData]
    public async Task CorruptPdf_IsStoredWithItsProblem_AndStillFoundByName(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var e = await db.CreateEventAsync(organizer, Draft(organizer, "庁議", T(2026, 4, 6, 9), T(2026, 4, 6, 10)));
        var content = Utf8("%PDF-1.7\n1 0 obj\n<< /Type /Catalog これは壊れたPDFです");

        var info = await AddAsync(db, organizer, e.Id, "壊れた資料.pdf", content, "application/pdf");

        info.HasText.ShouldBeFalse();
        info.TextProblem.ShouldNotBeNullOrWhiteSpace();
        var stored = await StoredAsync(db, info.Id);
        stored.Content.ShouldBe(content);
        stored.Text.ShouldBe("");
        stored.TextProblem.ShouldBe(info.TextProblem);
        (await ListAsync(db, organizer, e.Id)).ShouldHaveSingleItem().TextProblem.ShouldBe(info.TextProblem);
        (await FileHitsAsync(db, organizer, "壊れた資料")).ShouldBe(["壊れた資料.pdf"]);
    }

    [Theory, DatabaseData]
    public async Task CancellingTheEvent_RemovesItsFilesFromSearch_AndNoFileMayBeAdded(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var attendee = await db.StaffAsync("attendee");
        var e = await db.CreateEventAsync(organizer, Draft(organizer, "RPA導入 事業者ヒアリング", T(2026, 4, 8, 13), T(2026, 4, 8, 14), attendee));
        await AddAsync(db, attendee, e.Id, "見積依頼.txt", Utf8("住民税の特別徴収税額通知の入力作業をロボットで自動化する"));
        (await FileHitsAsync(db, attendee, "特別徴収")).ShouldBe(["見積依頼.txt"]);

        await db.CancelEventAsync(organizer, e.Id, null, EditScope.All);

        (await FileEntriesAsync(db)).ShouldBe(0);
        await ShouldFindNothingAsync(db, attendee, "特別徴収");
        (await CanAddAsync(db, organizer, e.Id)).ShouldBeFalse();
        await RefusedWithoutTraceAsync(db, "schedule.cancelled", () => AddAsync(db, organizer, e.Id, "追加.txt", Utf8("取消後")));

        // A rebuild does not bring them back.
        await RebuildAsync(db);
        (await FileEntriesAsync(db)).ShouldBe(0);
        await ShouldFindNothingAsync(db, attendee, "特別徴収");
    }

    [Theory, DatabaseData]
    public async Task ChangingTheEvent_ReindexesItsFiles_UnderTheNewAccess(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var attendee = await db.StaffAsync("attendee");
        var colleague = await db.StaffAsync("colleague", "市民部/市民課");
        var draft = Draft(organizer, "テレワーク規程 検討会", T(2026, 4, 7, 15), T(2026, 4, 7, 16), attendee);
        var e = await db.CreateEventAsync(organizer, draft);
        await AddAsync(db, attendee, e.Id, "規程案.txt", Utf8("在宅勤務の申請は前日までに所属長へ行う。"));
        (await FileHitsAsync(db, colleague, "在宅勤務")).ShouldBe(["規程案.txt"]);

        // Made private: the colleague loses the file too.
        var secret = draft with { Visibility = EventVisibility.Private };
        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, secret);
        await ShouldFindNothingAsync(db, colleague, "在宅勤務");
        (await FileHitsAsync(db, attendee, "在宅勤務")).ShouldBe(["規程案.txt"]);
        (await FileHitsAsync(db, organizer, "在宅勤務")).ShouldBe(["規程案.txt"]);

        // Invited later: found again; the file's entry carries the event's new title.
        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, secret with { Title = "テレワーク規程 改正検討会", AttendeeIds = [attendee, colleague] });
        (await FileHitsAsync(db, colleague, "在宅勤務")).ShouldBe(["規程案.txt"]);
        (await FileHitsAsync(db, colleague, "改正検討会")).ShouldBe(["規程案.txt"]);
    }

    [Theory, DatabaseData]
    public async Task Delete_RemovesTheRowAndTheSearchEntry(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var e = await db.CreateEventAsync(organizer, Draft(organizer, "ペーパーレス推進 打合せ", T(2026, 4, 6, 13), T(2026, 4, 6, 14)));
        var kept = await AddAsync(db, organizer, e.Id, "残す資料.txt", Utf8("タブレット端末の配備計画"));
        var info = await AddAsync(db, organizer, e.Id, "削除する資料.txt", Utf8("会議資料の印刷枚数の推移"));
        (await FileEntriesAsync(db)).ShouldBe(2);

        (await DeleteAsync(db, organizer, info.Id)).ShouldBe(e.Id);

        (await db.QueryAsync(c => c.Attachments.AnyAsync(a => a.Id == info.Id))).ShouldBeFalse();
        (await FileEntriesAsync(db)).ShouldBe(1);
        await ShouldFindNothingAsync(db, organizer, "印刷枚数");
        (await FileHitsAsync(db, organizer, "タブレット端末")).ShouldBe(["残す資料.txt"]);
        (await ListAsync(db, organizer, e.Id)).Select(a => a.Id).ShouldBe([kept.Id]);
        (await Should.ThrowAsync<DomainException>(() => OpenAsync(db, organizer, info.Id))).Code.ShouldBe("attachment.not-found");
        (await Should.ThrowAsync<DomainException>(() => DeleteAsync(db, organizer, info.Id))).Code.ShouldBe("attachment.not-found");
    }

    [Theory, DatabaseData]
    public async Task Rebuild_BringsBackTheFileEntries_WithTheirAccess(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var attendee = await db.StaffAsync("attendee");
        var outsider = await db.StaffAsync("outsider", "市民部/市民課");
        var open = await db.CreateEventAsync(organizer, Draft(organizer, "電子申請 導入検討会", T(2026, 4, 7, 10), T(2026, 4, 7, 11), attendee));
        var closed = await db.CreateEventAsync(organizer, Draft(organizer, "情報セキュリティ 監査報告", T(2026, 4, 8, 10), T(2026, 4, 8, 11), attendee) with { Visibility = EventVisibility.Private });
        await AddAsync(db, attendee, open.Id, "対象手続一覧.txt", Utf8("子育て関係15手続、介護関係11手続をオンライン化する。"));
        await AddAsync(db, organizer, closed.Id, "監査所見.txt", Utf8("USBメモリの持出し記録に不備があった。"));
        var cancelled = await db.CreateEventAsync(organizer, Draft(organizer, "中止した説明会", T(2026, 4, 9, 10), T(2026, 4, 9, 11)));
        await AddAsync(db, organizer, cancelled.Id, "説明会資料.txt", Utf8("マイナンバーカードの出張申請受付"));
        await db.CancelEventAsync(organizer, cancelled.Id, null, EditScope.All);
        var entriesBefore = await db.QueryAsync(c => c.SearchEntries.AsNoTracking().Include(s => s.Access).Where(s => s.Module == SearchModules.ScheduleFile).OrderBy(s => s.Key).ToListAsync());

        // Every source's items are counted, the files included.
        var source = db.Services.GetServices<ISearchSource>().OfType<ScheduleSearchContent>().Single();
        source.Modules.ShouldContain(SearchModules.ScheduleFile);
        var items = await db.QueryAsync(async c =>
        {
            var all = new List<SearchItem>();
            await foreach (var item in source.ReadAllAsync(c, CancellationToken.None))
            {
                all.Add(item);
            }

            return all;
        });
        items.Where(i => i.Module == SearchModules.ScheduleFile).Select(i => i.Title).Order(StringComparer.Ordinal).ShouldBe(["対象手続一覧.txt", "監査所見.txt"]);
        (await db.QueryAsync(c => source.CountAsync(c, CancellationToken.None))).ShouldBe(items.Count); // a cancelled event's files are not counted

        await db.QueryAsync(c => c.SearchEntries.Where(s => s.Module == SearchModules.ScheduleFile).ExecuteDeleteAsync());
        await ShouldFindNothingAsync(db, attendee, "オンライン化");
        await ShouldFindNothingAsync(db, attendee, "持出し記録");

        await RebuildAsync(db);

        var entriesAfter = await db.QueryAsync(c => c.SearchEntries.AsNoTracking().Include(s => s.Access).Where(s => s.Module == SearchModules.ScheduleFile).OrderBy(s => s.Key).ToListAsync());
        entriesAfter.Select(s => (s.Key, s.Title, s.Body, s.Url, s.OccurredAt, s.DepartmentId))
            .ShouldBe(entriesBefore.Select(s => (s.Key, s.Title, s.Body, s.Url, s.OccurredAt, s.DepartmentId)));
        entriesAfter.Select(s => s.Access.Select(a => $"{a.Kind}:{a.Value}").Order(StringComparer.Ordinal).ToList())
            .ShouldBe(entriesBefore.Select(s => s.Access.Select(a => $"{a.Kind}:{a.Value}").Order(StringComparer.Ordinal).ToList()));
        (await FileHitsAsync(db, outsider, "オンライン化")).ShouldBe(["対象手続一覧.txt"]);
        (await FileHitsAsync(db, attendee, "持出し記録")).ShouldBe(["監査所見.txt"]);
        await ShouldFindNothingAsync(db, outsider, "持出し記録");
        await ShouldFindNothingAsync(db, organizer, "出張申請");
    }
}
