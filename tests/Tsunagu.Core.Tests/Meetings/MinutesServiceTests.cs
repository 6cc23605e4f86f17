using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Meetings;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Requests;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Meetings;

public sealed class MinutesServiceTests
{
    private const string Marked = "進捗定例会 議事録\n【決定】新システムは1月に稼働する\n【決定】予算要求は12月に提出する\n【対応】@m.plan / 予算資料の作成 / 2026-12-04\n【対応】企画課 / 稼働前研修の日程調整\n";

    [Theory, DatabaseData]
    public async Task CreateDraft_IsGeneratedFromTheSession(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();

        await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));

        var minutes = await db.StoredMinutesAsync(city.MeetingId);
        minutes.Status.ShouldBe(MinutesStatus.Draft);
        minutes.Text.ShouldContain("進捗定例会 議事録");
        minutes.Text.ShouldContain("日時：令和8年4月6日（月）10:00～11:00");
        minutes.Text.ShouldContain("場所：第1会議室");
        minutes.Text.ShouldContain("出席者：");
        minutes.Text.ShouldContain("欠席者：職員\u3000m.absent");
        minutes.Text.ShouldContain("1. システム更新の進捗（説明：職員\u3000m.member）");
        minutes.Text.ShouldContain("資料：進捗報告.pdf");
        minutes.Text.ShouldContain("2. 来年度予算");
        minutes.Text.ShouldContain("■ 決定事項");
        minutes.Text.ShouldContain("■ 対応事項");
        // The hint lines are not themselves read as decisions or action items.
        MinutesMarkup.Parse(minutes.Text, MinutesMarkupContext.Empty(new DateOnly(2026, 4, 6))).IsValid.ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task CreateDraft_Twice_KeepsOneDraft(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();

        var first = await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));
        var second = await db.MinutesAsync(s => s.CreateDraftAsync(city.Chair, city.MeetingId));

        second.ShouldBe(first);
        (await db.QueryAsync(d => d.Set<MeetingMinutes>().CountAsync(m => m.MeetingId == city.MeetingId))).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task OnlySecretaryAndChair_WriteMinutes_AndOnlyTheChairApproves(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();

        await Should.ThrowAsync<AccessDeniedException>(() => db.MinutesAsync(s => s.CreateDraftAsync(city.Member, city.MeetingId)));
        await Should.ThrowAsync<AccessDeniedException>(() => db.MinutesAsync(s => s.CreateDraftAsync(city.Outsider, city.MeetingId)));
        await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));
        await Should.ThrowAsync<AccessDeniedException>(() => db.MinutesAsync(s => s.SaveAsync(city.Member, city.MeetingId, "書き換え", 0)));
        await db.MinutesAsync(s => s.SubmitAsync(city.Secretary, city.MeetingId, Marked, 0));

        await Should.ThrowAsync<AccessDeniedException>(() => db.MinutesAsync(s => s.ApproveAsync(city.Secretary, city.MeetingId, 1)));
        await Should.ThrowAsync<AccessDeniedException>(() => db.MinutesAsync(s => s.SendBackAsync(city.Member, city.MeetingId, "違います", 1)));
        var refused = await Should.ThrowAsync<DomainException>(() => db.MinutesAsync(s => s.SaveAsync(city.Secretary, city.MeetingId, "承認待ちの書き換え", 1)));
        refused.Code.ShouldBe("minutes.not-draft");
    }

    [Theory, DatabaseData]
    public async Task Drafts_AreSeenOnlyBySecretaryAndChair_PublishedByEveryParticipant(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();
        await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));

        var member = await db.MinutesAsync(s => s.GetAsync(city.Member, city.MeetingId));
        member!.Minutes.ShouldBeNull();
        member.ExistsUnpublished.ShouldBeTrue();
        (await db.MinutesAsync(s => s.GetAsync(city.Chair, city.MeetingId)))!.Minutes.ShouldNotBeNull();
        await Should.ThrowAsync<AccessDeniedException>(() => db.MinutesAsync(s => s.GetAsync(city.Outsider, city.MeetingId)));
        (await db.MinutesAsync(s => s.GetAsync(city.Member, 987654))).ShouldBeNull();

        var version = (await db.StoredMinutesAsync(city.MeetingId)).Version;
        await db.MinutesAsync(s => s.SubmitAsync(city.Secretary, city.MeetingId, Marked, version));
        await db.MinutesAsync(s => s.ApproveAsync(city.Chair, city.MeetingId, version + 1));

        var published = await db.MinutesAsync(s => s.GetAsync(city.Member, city.MeetingId));
        published!.Minutes!.Status.ShouldBe(MinutesStatus.Published);
        published.Markup.Decisions.Count.ShouldBe(2);
        published.ActionItems.Count.ShouldBe(2);
        (await db.MinutesAsync(s => s.GetAsync(city.Absent, city.MeetingId)))!.Minutes.ShouldNotBeNull();
        await Should.ThrowAsync<AccessDeniedException>(() => db.MinutesAsync(s => s.GetAsync(city.Planner, city.MeetingId)));
    }

    [Theory, DatabaseData]
    public async Task Submit_SendBack_Approve_NotifiesChairThenSecretaryThenAttendees(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();
        await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));

        await db.MinutesAsync(s => s.SubmitAsync(city.Secretary, city.MeetingId, Marked, 0));
        (await Kinds(db, city.Chair)).ShouldBe(1);
        var refused = await Should.ThrowAsync<DomainException>(() => db.MinutesAsync(s => s.SendBackAsync(city.Chair, city.MeetingId, " ", 1)));
        refused.Code.ShouldBe("minutes.comment-required");
        await db.MinutesAsync(s => s.SendBackAsync(city.Chair, city.MeetingId, "期限を確認してください", 1));
        var back = await db.StoredMinutesAsync(city.MeetingId);
        back.Status.ShouldBe(MinutesStatus.Draft);
        back.ReturnComment.ShouldBe("期限を確認してください");
        (await Kinds(db, city.Secretary)).ShouldBe(1);

        await db.MinutesAsync(s => s.SubmitAsync(city.Secretary, city.MeetingId, null, back.Version));
        await db.MinutesAsync(s => s.ApproveAsync(city.Chair, city.MeetingId, back.Version + 1));

        var published = await db.StoredMinutesAsync(city.MeetingId);
        published.Status.ShouldBe(MinutesStatus.Published);
        published.PublishedById.ShouldBe(city.Chair);
        published.ActionItems.Select(a => a.AssigneeName).ShouldBe([$"企画\u3000m", "企画課"]);
        published.ActionItems[0].DueDate.ShouldBe(new DateOnly(2026, 12, 4));
        (await Kinds(db, city.Member)).ShouldBe(1);
        (await Kinds(db, city.Absent)).ShouldBe(1);
        (await Kinds(db, city.Outsider)).ShouldBe(0);
        (await Kinds(db, city.Planner)).ShouldBe(0);
        var edit = await Should.ThrowAsync<DomainException>(() => db.MinutesAsync(s => s.SaveAsync(city.Secretary, city.MeetingId, "公開後の変更", published.Version)));
        edit.Code.ShouldBe("minutes.not-draft");
        (await db.QueryAsync(d => d.AuditEntries.CountAsync(a => a.Action.StartsWith("minutes.")))).ShouldBe(5);
    }

    [Theory, DatabaseData]
    public async Task Submit_WithUnreadableLines_IsRefused_AndStaysDraft(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();
        await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));

        var refused = await Should.ThrowAsync<DomainException>(() => db.MinutesAsync(s => s.SubmitAsync(city.Secretary, city.MeetingId, "【対応】@nobody / 何か / 来週", 0)));

        refused.Code.ShouldBe("minutes.markup");
        refused.Message.ShouldContain("1行目");
        var stored = await db.StoredMinutesAsync(city.MeetingId);
        stored.Status.ShouldBe(MinutesStatus.Draft);
        stored.Version.ShouldBe(0);
        (await Kinds(db, city.Chair)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task TwoSaves_OfTheSameVersion_TheSecondIsAConflict_NothingOverwritten(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();
        await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));

        await db.MinutesAsync(s => s.SaveAsync(city.Secretary, city.MeetingId, "書記の版", 0));
        var conflict = await Should.ThrowAsync<ConflictException>(() => db.MinutesAsync(s => s.SaveAsync(city.Chair, city.MeetingId, "議長の版", 0)));

        conflict.Message.ShouldBe(MinutesService.ConflictMessage);
        (await db.StoredMinutesAsync(city.MeetingId)).Text.ShouldBe("書記の版");
    }

    [Theory, DatabaseData]
    public async Task TwoSaves_RacingInTheDatabase_OneWins(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();
        await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));

        var results = await Task.WhenAll(
            Attempt(() => db.MinutesAsync(s => s.SaveAsync(city.Secretary, city.MeetingId, "一", 0))),
            Attempt(() => db.MinutesAsync(s => s.SaveAsync(city.Chair, city.MeetingId, "二", 0))));

        results.Count(ok => ok).ShouldBe(1);
        var stored = await db.StoredMinutesAsync(city.MeetingId);
        stored.Version.ShouldBe(1);
        stored.Text.ShouldBe(results[0] ? "一" : "二");
    }

    [Theory, DatabaseData]
    public async Task ActionItem_BecomesOneRequest_EvenWhenConvertedTwice(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();
        await db.PublishAsync(city, Marked);
        var items = (await db.StoredMinutesAsync(city.MeetingId)).ActionItems.OrderBy(a => a.Position).ToList();

        var toPerson = await db.MinutesAsync(s => s.ConvertToRequestAsync(city.Secretary, city.MeetingId, items[0].Id));
        var again = await db.MinutesAsync(s => s.ConvertToRequestAsync(city.Chair, city.MeetingId, items[0].Id));
        var toDepartment = await db.MinutesAsync(s => s.ConvertToRequestAsync(city.Chair, city.MeetingId, items[1].Id));

        again.ShouldBe(toPerson);
        toDepartment.ShouldNotBe(toPerson);
        var requests = await db.QueryAsync(d => d.Set<WorkRequest>().AsNoTracking().Where(r => r.SourceKind == "minutes-action").OrderBy(r => r.Id).ToListAsync());
        requests.Count.ShouldBe(2);
        requests[0].SourceKey.ShouldBe(items[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        requests[0].ToAccountId.ShouldBe(city.Planner);
        requests[0].ToDepartmentId.ShouldBe(city.PlanningId);
        requests[0].DueDate.ShouldBe(new DateOnly(2026, 12, 4));
        requests[0].SourceUrl.ShouldBe($"/meetings/{city.MeetingId}/minutes");
        requests[1].ToAccountId.ShouldBeNull();
        requests[1].ToDepartmentId.ShouldBe(city.PlanningId);
        (await db.StoredMinutesAsync(city.MeetingId)).ActionItems.OrderBy(a => a.Position).Select(a => a.WorkRequestId).ShouldBe([toPerson, toDepartment]);
        await Should.ThrowAsync<AccessDeniedException>(() => db.MinutesAsync(s => s.ConvertToRequestAsync(city.Member, city.MeetingId, items[1].Id)));
    }

    [Theory, DatabaseData]
    public async Task ActionItem_OfADraft_CannotBecomeARequest(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();
        await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));

        var refused = await Should.ThrowAsync<DomainException>(() => db.MinutesAsync(s => s.ConvertToRequestAsync(city.Secretary, city.MeetingId, 1)));

        refused.Code.ShouldBe("minutes.item-not-found");
    }

    [Theory, DatabaseData]
    public async Task Search_FindsMinutesOnlyAfterPublication_AndOnlyForParticipants(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();
        await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));
        await db.MinutesAsync(s => s.SubmitAsync(city.Secretary, city.MeetingId, Marked, 0));

        (await db.SearchAsync(city.Secretary, "稼働前研修")).Total.ShouldBe(0);
        (await db.SearchAsync(city.Chair, "稼働前研修")).Total.ShouldBe(0);

        await db.MinutesAsync(s => s.ApproveAsync(city.Chair, city.MeetingId, 1));

        var found = await db.SearchAsync(city.Absent, "稼働前研修");
        found.Total.ShouldBe(1);
        found.Items[0].Url.ShouldBe($"/meetings/{city.MeetingId}/minutes");
        (await db.SearchAsync(city.Member, "稼働前研修")).Total.ShouldBe(1);
        (await db.SearchAsync(city.Outsider, "稼働前研修")).Total.ShouldBe(0);
        (await db.SearchAsync(city.Planner, "稼働前研修")).Total.ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Reindex_ReadsOnlyPublishedMinutes(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.MinutesCityAsync();
        await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));
        var source = new MinutesSearchContent();

        (await db.QueryAsync(d => source.CountAsync(d, default))).ShouldBe(0);
        await db.MinutesAsync(s => s.SubmitAsync(city.Secretary, city.MeetingId, Marked, 0));
        await db.MinutesAsync(s => s.ApproveAsync(city.Chair, city.MeetingId, 1));

        var items = await db.QueryAsync(async d => await source.ReadAllAsync(d, default).ToListAsync());
        items.Count.ShouldBe(1);
        items[0].Access.Select(a => a.Value).Order().ShouldBe(new[] { city.Chair, city.Secretary, city.Member, city.Absent }.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    private static Task<int> Kinds(TestDatabase db, int accountId) =>
        db.QueryAsync(d => d.Notifications.CountAsync(n => n.RecipientId == accountId && n.Kind == NotificationKinds.Minutes));

    private static async Task<bool> Attempt(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (ConflictException)
        {
            return false;
        }
    }
}
