using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Requests;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Tests.Schedules;

namespace Tsunagu.Core.Tests.Requests;

public sealed class WorkRequestServiceTests
{
    [Theory, DatabaseData]
    public async Task Visibility_PartiesWatchersAndTheirManagersSeeIt_NobodyElse_InListsPagesSearchAndFiles(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var id = await db.AskAsync(city, "決算見込みの資料提供", toAccount: city.Target, watchers: [city.Watcher], files: WorkRequestTestData.TextFile("様式.txt", "執行実績の様式 款項目"));
        await db.ActAsync(city.TargetMate, id, WorkRequestAction.Receive);
        var file = await db.QueryAsync(c => c.Attachments.Where(a => a.Module == SearchModules.WorkRequest).Select(a => a.Id).SingleAsync());

        foreach (var (who, account, sees) in city.Matrix())
        {
            var scope = await db.ScopeAsync(account);
            var all = await db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestReader>().ListAsync(scope, WorkRequestTab.All, new WorkRequestFilter(), db.Today()));
            var view = await db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestReader>().GetAsync(scope, id, db.Today()));
            var download = await db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestReader>().OpenAttachmentAsync(scope, file));
            var search = await ScheduleTestData.SearchAsync(db, account, "決算見込み");
            var fileSearch = await ScheduleTestData.SearchAsync(db, account, "款項目");
            if (sees)
            {
                all.Rows.Select(r => r.Id).ShouldBe([id], who);
                view.ShouldNotBeNull(who);
                download.ShouldNotBeNull(who);
                search.Items.Select(i => i.Module).Order().ToList().ShouldBe(new List<string> { SearchModules.WorkRequest, SearchModules.WorkRequestFile }, who); // the file carries the subject
                fileSearch.Items.Select(i => i.Module).ShouldBe([SearchModules.WorkRequestFile], who);
            }
            else
            {
                all.Total.ShouldBe(0, who);
                view.ShouldBeNull(who);
                download.ShouldBeNull(who);
                search.Total.ShouldBe(0, who);
                fileSearch.Total.ShouldBe(0, who);
                (await db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestReader>().WaitingAsync(scope, db.Today()))).Count.ShouldBe(0, who);
                (await Should.ThrowAsync<DomainException>(() => db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestService>().CommentAsync(account, id, "見えていないはず"))))
                    .Code.ShouldBe("request.not-found", who);
            }
        }

        (await db.LoadAsync(id)).Events.Count(e => e.Kind == WorkRequestEventKind.Comment).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Rebuild_GivesTheSameSearchAccess(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.AskAsync(city, "公用車の予約方法の照会", watchers: [city.Watcher]);

        await db.InScopeAsync(sp => sp.GetRequiredService<SearchRebuilder>().RebuildAsync());

        foreach (var (who, account, sees) in city.Matrix())
        {
            (await ScheduleTestData.SearchAsync(db, account, "公用車")).Total.ShouldBe(sees ? 1 : 0, who);
        }
    }

    [Theory, DatabaseData]
    public async Task FullJourney_ReceiveAnswerReturnAnswerComplete_KeepsHistory_AndTellsTheOtherSide(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var id = await db.AskAsync(city, watchers: [city.Watcher]);
        // No person asked: the target department's 課長 is told, not every member.
        (await db.NotificationsAsync()).Where(n => n.Title == "依頼: 予算資料の提出依頼").Select(n => n.RecipientId).ShouldBe([city.ZaiseiChief]);

        await db.ActAsync(city.Target, id, WorkRequestAction.Receive);
        await db.ActAsync(city.Target, id, WorkRequestAction.Answer, "実績表を送ります。");
        await db.ActAsync(city.Requester, id, WorkRequestAction.Return, "前々年度分もください。");
        await db.ActAsync(city.TargetMate, id, WorkRequestAction.Answer, "前々年度分を追加しました。");
        await db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestService>().CommentAsync(city.Watcher, id, "市民課でも使わせてください。"));
        var done = await db.ActAsync(city.Requester, id, WorkRequestAction.Complete, "ありがとうございました。");

        done.State.ShouldBe(WorkRequestState.Completed);
        var stored = await db.LoadAsync(id);
        stored.AssigneeId.ShouldBe(city.Target);
        stored.Answer.ShouldBe("前々年度分を追加しました。");
        stored.Events.OrderBy(e => e.Id).Select(e => e.Kind).ShouldBe([
            WorkRequestEventKind.Created, WorkRequestEventKind.Received, WorkRequestEventKind.Answered, WorkRequestEventKind.Returned,
            WorkRequestEventKind.Answered, WorkRequestEventKind.Comment, WorkRequestEventKind.Completed]);
        var notes = await db.NotificationsAsync();
        notes.Where(n => n.Title.StartsWith("依頼回答", StringComparison.Ordinal)).Select(n => n.RecipientId).ShouldContain(city.Requester);
        notes.Where(n => n.Title.StartsWith("依頼差戻し", StringComparison.Ordinal)).Select(n => n.RecipientId).ShouldContain(city.Target);
        notes.Where(n => n.Title.StartsWith("依頼へのコメント", StringComparison.Ordinal)).Select(n => n.RecipientId).ShouldNotContain(city.Watcher);
        notes.Where(n => n.Title.StartsWith("依頼へのコメント", StringComparison.Ordinal)).Select(n => n.RecipientId).ShouldContain(city.Requester);
        notes.Where(n => n.Title.StartsWith("依頼完了", StringComparison.Ordinal)).Select(n => n.RecipientId).Order().ShouldBe(new[] { city.Target, city.Watcher }.Order());
        var target = $"request:{id}";
        (await db.QueryAsync(c => c.AuditEntries.Where(a => a.Target == target).Select(a => a.Action).ToListAsync()))
            .ShouldBe(["request.created", "request.receive", "request.answer", "request.return", "request.answer", "request.complete"]);
        (await ScheduleTestData.SearchAsync(db, city.Requester, "前々年度分")).Total.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task WhoMayDoWhat_TargetSideReceives_RequesterCompletes_OthersAreRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var id = await db.AskAsync(city, toAccount: city.Target);

        // The requester's colleague and a manager above both sides see it but may not act for the target side.
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.RequesterMate, id, WorkRequestAction.Receive));
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.KikakuBucho, id, WorkRequestAction.Receive));
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.Requester, id, WorkRequestAction.Receive));
        (await Should.ThrowAsync<DomainException>(() => db.ActAsync(city.Outsider, id, WorkRequestAction.Receive))).Code.ShouldBe("request.not-found");
        await db.ActAsync(city.TargetSub, id, WorkRequestAction.Receive); // a 係 below the target 課 handles it too
        await db.ActAsync(city.Target, id, WorkRequestAction.Answer, "回答");
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.Target, id, WorkRequestAction.Complete));
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.RequesterMate, id, WorkRequestAction.Complete));
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.DxChief, id, WorkRequestAction.Cancel, "理由"));
        (await db.LoadAsync(id)).State.ShouldBe(WorkRequestState.Answered);
        await db.ActAsync(city.Requester, id, WorkRequestAction.Complete);
        (await db.LoadAsync(id)).State.ShouldBe(WorkRequestState.Completed);
    }

    [Theory, DatabaseData]
    public async Task Assign_OnlyToSomeoneInTheTargetDepartment(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var id = await db.AskAsync(city);
        var service = (IServiceProvider sp) => sp.GetRequiredService<WorkRequestService>();

        (await Should.ThrowAsync<DomainException>(() => db.InScopeAsync(sp => service(sp).AssignAsync(city.ZaiseiChief, id, city.Watcher, null)))).Code.ShouldBe("request.assignee-outside");
        await Should.ThrowAsync<AccessDeniedException>(() => db.InScopeAsync(sp => service(sp).AssignAsync(city.Requester, id, city.Target, null)));
        await db.InScopeAsync(sp => service(sp).AssignAsync(city.ZaiseiChief, id, city.TargetSub, null));

        (await db.LoadAsync(id)).AssigneeId.ShouldBe(city.TargetSub);
        var scope = await db.ScopeAsync(city.TargetSub);
        (await db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestReader>().WaitingAsync(scope, db.Today()))).Top.Select(r => r.Id).ShouldBe([id]);
    }

    [Theory, DatabaseData]
    public async Task BadInput_IsRefused_AndNothingIsWritten(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        async Task<string> RefusedAsync(NewWorkRequest input) =>
            (await Should.ThrowAsync<DomainException>(() => db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestService>().CreateAsync(city.Requester, input)))).Code;
        var ok = new NewWorkRequest { Subject = "照会", ToDepartmentId = city.ZaiseiDepartment, DueDate = db.Today() };

        (await RefusedAsync(ok with { Subject = "  " })).ShouldBe("request.invalid-subject");
        (await RefusedAsync(ok with { Subject = new string('件', WorkRequest.MaxSubjectLength + 1) })).ShouldBe("request.invalid-subject");
        (await RefusedAsync(ok with { ToAccountId = city.Watcher })).ShouldBe("request.person-outside");
        (await RefusedAsync(ok with { ToDepartmentId = null })).ShouldBe("request.no-target");
        (await RefusedAsync(ok with { ToDepartmentId = 987654 })).ShouldBe("request.no-target");
        (await RefusedAsync(ok with { DueDate = db.Today().AddDays(-1) })).ShouldBe("request.due-in-past");
        (await RefusedAsync(ok with { WatcherIds = [987654] })).ShouldBe("request.watcher-not-found");
        (await RefusedAsync(ok with { Files = [WorkRequestTestData.TextFile("空.txt", "")] })).ShouldBe("attachment.empty");
        (await RefusedAsync(ok with { Files = [WorkRequestTestData.TextFile("資料.txt", "本文"), WorkRequestTestData.TextFile("", "本文")] })).ShouldBe("attachment.invalid-name");

        (await db.QueryAsync(c => c.Set<WorkRequest>().CountAsync())).ShouldBe(0);
        (await db.QueryAsync(c => c.Attachments.CountAsync(a => a.Module == SearchModules.WorkRequest))).ShouldBe(0);
        (await db.QueryAsync(c => c.SearchEntries.CountAsync(e => e.Module == SearchModules.WorkRequest))).ShouldBe(0);
        (await db.NotificationsAsync()).ShouldBeEmpty();
        // A person asked without a department: that person's department.
        var id = await db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestService>().CreateAsync(city.Requester, ok with { ToDepartmentId = null, ToAccountId = city.TargetSub }));
        (await db.LoadAsync(id)).ToDepartmentId.ShouldBe(await db.DepartmentAsync("総務部/財政課/財政係"));
    }

    [Theory, DatabaseData]
    public async Task TwoActAtOnce_OneWins_TheOtherGetsAConflict_NothingIsLost(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        for (var round = 0; round < 4; round++)
        {
            var id = await db.AskAsync(city, $"同時操作{round}");
            await db.ActAsync(city.Target, id, WorkRequestAction.Receive);
            await db.ActAsync(city.Target, id, WorkRequestAction.Answer, "回答");
            var version = (await db.LoadAsync(id)).Version;
            using var start = new Barrier(2);
            async Task<Exception?> Try(int who, WorkRequestAction action, string? text) => await Task.Run(async () =>
            {
                start.SignalAndWait();
                try
                {
                    await db.ActAsync(who, id, action, text, version);
                    return (Exception?)null;
                }
                catch (Exception ex) when (ex is ConflictException or DomainException or AccessDeniedException)
                {
                    return ex;
                }
            });

            // The requester completes while the target side (with the page open) would... the requester also cancels in another tab.
            var results = await Task.WhenAll(Try(city.Requester, WorkRequestAction.Complete, null), Try(city.Requester, WorkRequestAction.Cancel, "別タブから取消"));

            results.Count(r => r is null).ShouldBe(1);
            results.Single(r => r is not null).ShouldBeOfType<ConflictException>().Message.ShouldContain("他の人が先に");
            var stored = await db.LoadAsync(id);
            stored.State.ShouldBeOneOf(WorkRequestState.Completed, WorkRequestState.Cancelled);
            stored.Version.ShouldBe(version + 1);
            stored.Events.Count(e => e.Kind is WorkRequestEventKind.Completed or WorkRequestEventKind.Cancelled).ShouldBe(1);
        }
    }

    [Theory, DatabaseData]
    public async Task StaleVersion_IsAConflict(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var id = await db.AskAsync(city);
        var seen = (await db.LoadAsync(id)).Version;
        await db.ActAsync(city.Target, id, WorkRequestAction.Receive, version: seen);

        await Should.ThrowAsync<ConflictException>(() => db.ActAsync(city.TargetMate, id, WorkRequestAction.Receive, version: seen));
        (await db.LoadAsync(id)).AssigneeId.ShouldBe(city.Target);
    }

    [Theory, DatabaseData]
    public async Task CommentsAtOnce_AreAllKept(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var id = await db.AskAsync(city);
        using var start = new Barrier(3);
        await Task.WhenAll(new[] { city.Requester, city.Target, city.ZaiseiChief }.Select(who => Task.Run(async () =>
        {
            start.SignalAndWait();
            await db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestService>().CommentAsync(who, id, $"コメント{who}"));
        })));

        (await db.LoadAsync(id)).Events.Count(e => e.Kind == WorkRequestEventKind.Comment).ShouldBe(3);
    }

    [Theory, DatabaseData]
    public async Task Board_ShowsAskedAndAskedOf_OnlyWhatTheViewerSees(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var asked = await db.AskAsync(city, "DXから財政へ");
        var scope = await db.ScopeAsync(city.SomuBucho);
        var board = await db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestReader>().BoardAsync(scope, city.ZaiseiDepartment, new WorkRequestFilter(), db.Today()));
        board!.AskedOf.Select(r => r.Id).ShouldBe([asked]);
        board.Asked.ShouldBeEmpty();

        var dx = await db.ScopeAsync(city.RequesterMate);
        var dxBoard = await db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestReader>().BoardAsync(dx, city.DxDepartment, new WorkRequestFilter { CounterpartId = city.ZaiseiDepartment }, db.Today()));
        dxBoard!.Asked.Select(r => r.Id).ShouldBe([asked]);

        var outsider = await db.ScopeAsync(city.SiblingChief);
        var peek = await db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestReader>().BoardAsync(outsider, city.ZaiseiDepartment, new WorkRequestFilter(), db.Today()));
        peek!.AskedOf.ShouldBeEmpty();
    }
}
