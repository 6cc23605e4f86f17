using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Tests.Schedules;

namespace Tsunagu.Core.Tests.Approvals;

public sealed class ApprovalWorkflowTests
{
    private static async Task<DomainException> RefusedAsync(string code, Func<Task> action)
    {
        var refusal = await Should.ThrowAsync<DomainException>(action);
        refusal.Code.ShouldBe(code);
        refusal.Message.ShouldNotBeNullOrWhiteSpace();
        return refusal;
    }

    [Theory, DatabaseData]
    public async Task SmallPurchase_GoesTo課長Then決裁_ApprovedThroughEveryStep(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();

        var request = await db.FileAsync(city, 10_000, quantity: 10);

        request.Status.ShouldBe(RequestStatus.InProgress);
        request.Amount.ShouldBe(100_000);
        request.Title.ShouldBe("コピー用紙の購入");
        request.Round.ShouldBe(1);
        request.Number.ShouldMatch(@"^2026-\d{6}$");
        var filed = await db.RequestAsync(request.Id);
        filed.StepSummary().ShouldBe(["課長:Active", "決裁:Waiting"]);
        filed.CurrentSteps.First().Assignments.Single().AssigneeId.ShouldBe(city.Kacho);

        // The final approver cannot act before it is their turn.
        await Should.ThrowAsync<AccessDeniedException>(() => db.ApproveAsync(city, city.Kaikei, request.Id));

        (await db.ApproveAsync(city, city.Kacho, request.Id, "確認しました")).Status.ShouldBe(RequestStatus.InProgress);
        (await db.RequestAsync(request.Id)).StepSummary().ShouldBe(["課長:Completed", "決裁:Active"]);
        var done = await db.ApproveAsync(city, city.Kaikei, request.Id);

        done.Status.ShouldBe(RequestStatus.Approved);
        done.AlreadyApplied.ShouldBeFalse();
        var approved = await db.RequestAsync(request.Id);
        approved.StepSummary().ShouldBe(["課長:Completed", "決裁:Completed"]);
        approved.History().ShouldBe([ActionKind.Submit, ActionKind.Approve, ActionKind.Approve]);
        approved.Actions.Single(a => a.Sequence == 2).Comment.ShouldBe("確認しました");
        approved.DecidedAt.ShouldNotBeNull();
        approved.ContentHash.ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task ConditionalSteps_AppearBy合計(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();

        var small = await db.FileAsync(city, 100_000);
        var middle = await db.FileAsync(city, 100_000, quantity: 8);
        var large = await db.FileAsync(city, 1_500_000, quantity: 4);

        (await db.RequestAsync(small.Id)).StepNames().ShouldBe(["課長", "決裁"]);
        middle.Amount.ShouldBe(800_000);
        (await db.RequestAsync(middle.Id)).StepNames().ShouldBe(["課長", "部長", "決裁"]);
        large.Amount.ShouldBe(6_000_000);
        var big = await db.RequestAsync(large.Id);
        big.StepNames().ShouldBe(["課長", "部長", "副市長", "決裁"]);
        big.CurrentSteps.Select(s => s.Assignments.Single().AssigneeId).ShouldBe([city.Kacho, city.Bucho, city.FukuShicho, city.Kaikei]);

        foreach (var approver in new[] { city.Kacho, city.Bucho, city.FukuShicho })
        {
            (await db.ApproveAsync(city, approver, large.Id)).Status.ShouldBe(RequestStatus.InProgress);
        }

        (await db.ApproveAsync(city, city.Kaikei, large.Id)).Status.ShouldBe(RequestStatus.Approved);
    }

    [Theory, DatabaseData]
    public async Task Reject_NeedsAComment_ClosesTheRequest_AndNothingMoreCanHappen(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var request = await db.FileAsync(city, 100_000);

        var refusal = await RefusedAsync("approval.comment-required", () => db.ActAsync(city.V(city.Kacho), request.Id, "reject", "  "));
        refusal.Message.ShouldContain("否認");
        (await db.RequestAsync(request.Id)).Actions.Count.ShouldBe(1);

        (await db.ActAsync(city.V(city.Kacho), request.Id, "reject", "予算がありません")).Status.ShouldBe(RequestStatus.Rejected);

        var rejected = await db.RequestAsync(request.Id);
        rejected.StepSummary().ShouldBe(["課長:Rejected", "決裁:Cancelled"]);
        rejected.History().ShouldBe([ActionKind.Submit, ActionKind.Reject]);
        rejected.DisposalDate.ShouldBe(new DateOnly(2032, 3, 31));
        (await RefusedAsync("approval.not-in-progress", () => db.ApproveAsync(city, city.Kacho, request.Id))).Message.ShouldBe("この申請はすでに否認されています。");
        await RefusedAsync("approval.not-in-progress", () => db.ApproveAsync(city, city.Kaikei, request.Id));
        await RefusedAsync("approval.closed", () => db.ActAsync(city.V(city.Applicant), request.Id, "withdraw"));
        await RefusedAsync("approval.not-in-progress", () => db.ActAsync(city.V(city.Applicant), request.Id, "pull-back"));
        await RefusedAsync("approval.not-editable", () => db.SaveAsync(city.V(city.Applicant), new SaveRequest(ApprovalTestData.PurchaseCode, request.Id, ApprovalTestData.Purchase(1)) { Submit = true }));
    }

    [Theory, DatabaseData]
    public async Task SendBackToApplicant_NeedsAComment_ThenEditAndResubmit_StartsRound2AndKeepsHistory(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var request = await db.FileAsync(city, 100_000);

        await RefusedAsync("approval.comment-required", () => db.ActAsync(city.V(city.Kacho), request.Id, "send-back", ""));
        await RefusedAsync("approval.invalid-target", () => db.ActAsync(city.V(city.Kacho), request.Id, "send-back", "見積書を添付してください", target: "boss"));
        (await db.ActAsync(city.V(city.Kacho), request.Id, "send-back", "見積書を添付してください")).Status.ShouldBe(RequestStatus.SentBack);
        (await db.RequestAsync(request.Id)).StepSummary().ShouldBe(["課長:Returned", "決裁:Returned"]);
        await Should.ThrowAsync<DomainException>(() => db.ApproveAsync(city, city.Kacho, request.Id));

        // Someone else cannot edit it; the applicant corrects it (now 800,000円, so 部長 joins) and refiles.
        await Should.ThrowAsync<AccessDeniedException>(() => db.SaveAsync(city.V(city.Colleague), new SaveRequest(ApprovalTestData.PurchaseCode, request.Id, ApprovalTestData.Purchase(800_000)) { Submit = true }));
        var refiled = await db.SaveAsync(city.V(city.Applicant), new SaveRequest(ApprovalTestData.PurchaseCode, request.Id, ApprovalTestData.Purchase(800_000, subject: "コピー用紙の購入(見積書添付)")) { Submit = true, Comment = "添付しました" });

        refiled.Status.ShouldBe(RequestStatus.InProgress);
        refiled.Round.ShouldBe(2);
        var stored = await db.RequestAsync(request.Id);
        stored.Title.ShouldBe("コピー用紙の購入(見積書添付)");
        stored.Amount.ShouldBe(800_000);
        stored.StepSummary().ShouldBe(["課長:Active", "部長:Waiting", "決裁:Waiting"]);
        stored.Steps.Where(s => s.Round == 1).Select(s => s.Status).ShouldAllBe(s => s == StepStatus.Returned);
        stored.History().ShouldBe([ActionKind.Submit, ActionKind.SendBack, ActionKind.Resubmit]);
        stored.Actions.Single(a => a.Kind == ActionKind.SendBack).Comment.ShouldBe("見積書を添付してください");
        stored.Actions.Single(a => a.Kind == ActionKind.Resubmit).Round.ShouldBe(2);
        stored.Number.ShouldBe(request.Number, "the number stays the one of the first filing");

        foreach (var approver in new[] { city.Kacho, city.Bucho, city.Kaikei })
        {
            await db.ApproveAsync(city, approver, request.Id);
        }

        (await db.RequestAsync(request.Id)).Status.ShouldBe(RequestStatus.Approved);
    }

    [Theory, DatabaseData]
    public async Task SendBackToPreviousStep_ReopensIt_AndIsRefusedOnTheFirstStep(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var request = await db.FileAsync(city, 800_000);

        await RefusedAsync("approval.no-previous-step", () => db.ActAsync(city.V(city.Kacho), request.Id, "send-back", "再確認", target: "previous"));
        await db.ApproveAsync(city, city.Kacho, request.Id);
        await RefusedAsync("approval.comment-required", () => db.ActAsync(city.V(city.Bucho), request.Id, "send-back", null, target: "previous"));
        (await db.ActAsync(city.V(city.Bucho), request.Id, "send-back", "金額の根拠を確認してください", target: "previous")).Status.ShouldBe(RequestStatus.InProgress);

        var back = await db.RequestAsync(request.Id);
        back.StepSummary().ShouldBe(["課長:Active", "部長:Waiting", "決裁:Waiting"]);
        back.CurrentSteps.First().Assignments.Single().Decision.ShouldBe(Decision.Pending);
        back.Actions.Single(a => a.Kind == ActionKind.SendBack).Detail.ShouldBe("課長");
        await Should.ThrowAsync<AccessDeniedException>(() => db.ApproveAsync(city, city.Bucho, request.Id));

        await db.ApproveAsync(city, city.Kacho, request.Id, "根拠を確認しました");
        await db.ApproveAsync(city, city.Bucho, request.Id);
        (await db.ApproveAsync(city, city.Kaikei, request.Id)).Status.ShouldBe(RequestStatus.Approved);
        (await db.RequestAsync(request.Id)).History().ShouldBe([ActionKind.Submit, ActionKind.Approve, ActionKind.SendBack, ActionKind.Approve, ActionKind.Approve, ActionKind.Approve]);
    }

    [Theory, DatabaseData]
    public async Task PullBack_BeforeTheApproverActs_IsAllowed_AfterTheyActed_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var request = await db.FileAsync(city, 100_000);

        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.V(city.Kacho), request.Id, "pull-back"));
        (await db.ActAsync(city.V(city.Applicant), request.Id, "pull-back", "金額を直します")).Status.ShouldBe(RequestStatus.PulledBack);
        (await db.RequestAsync(request.Id)).StepSummary().ShouldBe(["課長:Returned", "決裁:Returned"]);
        await RefusedAsync("approval.not-in-progress", () => db.ApproveAsync(city, city.Kacho, request.Id));
        (await db.SaveAsync(city.V(city.Applicant), new SaveRequest(ApprovalTestData.PurchaseCode, request.Id, ApprovalTestData.Purchase(90_000)) { Submit = true })).Round.ShouldBe(2);

        // A 合議 of two where one has agreed: the step has started, so the applicant can no longer pull it back.
        await db.FormAsync("consult", "合議付き伺", new RouteDefinition
        {
            Steps = [ApprovalTestData.People("合議", StepKind.Consultation, StepMode.All, null, city.Kacho, city.Colleague), ApprovalTestData.Final(city)],
        });
        var consult = await db.FileAsync(city, 1_000, code: "consult");
        await db.ApproveAsync(city, city.Colleague, consult.Id);
        var refusal = await RefusedAsync("approval.already-acted", () => db.ActAsync(city.V(city.Applicant), consult.Id, "pull-back"));
        refusal.Message.ShouldContain("引き戻せません");
        (await db.RequestAsync(consult.Id)).Status.ShouldBe(RequestStatus.InProgress);
    }

    [Theory, DatabaseData]
    public async Task Withdraw_ByTheApplicantWhileOpen_RefusedWhenClosedOrBySomeoneElse(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var open = await db.FileAsync(city, 100_000);
        var approved = await db.FileAsync(city, 100_000);
        await db.ApproveAsync(city, city.Kacho, approved.Id);
        await db.ApproveAsync(city, city.Kaikei, approved.Id);

        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.V(city.Kacho), open.Id, "withdraw"));
        (await db.ActAsync(city.V(city.Applicant), open.Id, "withdraw", "不要になりました")).Status.ShouldBe(RequestStatus.Withdrawn);
        var withdrawn = await db.RequestAsync(open.Id);
        withdrawn.StepSummary().ShouldBe(["課長:Cancelled", "決裁:Cancelled"]);
        withdrawn.History().ShouldBe([ActionKind.Submit, ActionKind.Withdraw]);
        await RefusedAsync("approval.not-in-progress", () => db.ApproveAsync(city, city.Kacho, open.Id));
        await RefusedAsync("approval.closed", () => db.ActAsync(city.V(city.Applicant), open.Id, "withdraw"));
        (await RefusedAsync("approval.closed", () => db.ActAsync(city.V(city.Applicant), approved.Id, "withdraw"))).Message.ShouldContain("取り下げられません");
        (await db.RequestAsync(approved.Id)).Status.ShouldBe(RequestStatus.Approved);
    }

    [Theory, DatabaseData]
    public async Task ApproveByANonAssignee_IsDenied_ApproveTwice_IsRefused_ClosedRequest_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var request = await db.FileAsync(city, 800_000);

        await Should.ThrowAsync<AccessDeniedException>(() => db.ApproveAsync(city, city.Outsider, request.Id));
        await Should.ThrowAsync<AccessDeniedException>(() => db.ApproveAsync(city, city.Applicant, request.Id));
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.AdminViewer, request.Id, "approve"));
        await db.ApproveAsync(city, city.Kacho, request.Id);

        var twice = await RefusedAsync("approval.already-decided", () => db.ApproveAsync(city, city.Kacho, request.Id));
        twice.Message.ShouldBe("この段階はすでに処理済みです。");
        (await db.RequestAsync(request.Id)).Actions.Count.ShouldBe(2);

        await db.ApproveAsync(city, city.Bucho, request.Id);
        await db.ApproveAsync(city, city.Kaikei, request.Id);
        (await RefusedAsync("approval.not-in-progress", () => db.ApproveAsync(city, city.Kaikei, request.Id))).Message.ShouldBe("この申請はすでに決裁されています。");
        await RefusedAsync("approval.not-in-progress", () => db.ActAsync(city.V(city.Kaikei), request.Id, "send-back", "やり直し"));
        await RefusedAsync("approval.not-in-progress", () => db.ActAsync(city.V(city.Applicant), request.Id, "pull-back"));
        await RefusedAsync("approval.not-found", () => db.ApproveAsync(city, city.Kacho, request.Id + 1000));
    }

    [Theory, DatabaseData]
    public async Task Circulation_IsAcknowledged_NotApprovedRejectedOrSentBack_Consultation_CannotReject(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.FormAsync("notice", "回覧付き伺", new RouteDefinition
        {
            Steps =
            [
                ApprovalTestData.People("合議", StepKind.Consultation, StepMode.Any, null, city.Bucho),
                ApprovalTestData.People("回覧", StepKind.Circulation, StepMode.All, null, city.Colleague, city.Outsider),
                ApprovalTestData.Final(city),
            ],
        });
        var request = await db.FileAsync(city, 1_000, code: "notice");

        (await RefusedAsync("approval.reject-not-allowed", () => db.ActAsync(city.V(city.Bucho), request.Id, "reject", "反対です"))).Message.ShouldContain("合議");
        await RefusedAsync("approval.wrong-action", () => db.ActAsync(city.V(city.Bucho), request.Id, "acknowledge"));
        await db.ApproveAsync(city, city.Bucho, request.Id);

        await RefusedAsync("approval.wrong-action", () => db.ApproveAsync(city, city.Colleague, request.Id));
        await RefusedAsync("approval.reject-not-allowed", () => db.ActAsync(city.V(city.Colleague), request.Id, "reject", "反対"));
        await RefusedAsync("approval.sendback-not-allowed", () => db.ActAsync(city.V(city.Colleague), request.Id, "send-back", "反対"));
        await db.ActAsync(city.V(city.Colleague), request.Id, "acknowledge");
        (await db.RequestAsync(request.Id)).StepSummary().ShouldBe(["合議:Completed", "回覧:Active", "決裁:Waiting"]);
        await db.ActAsync(city.V(city.Outsider), request.Id, "acknowledge");

        var stored = await db.RequestAsync(request.Id);
        stored.StepSummary().ShouldBe(["合議:Completed", "回覧:Completed", "決裁:Active"]);
        stored.CurrentSteps.ElementAt(1).Assignments.Select(a => a.Decision).ShouldAllBe(d => d == Decision.Acknowledged);
        stored.History().ShouldBe([ActionKind.Submit, ActionKind.Approve, ActionKind.Acknowledge, ActionKind.Acknowledge]);
    }

    [Theory, DatabaseData]
    public async Task Consultation_All_Any_And_NofM(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var three = new[] { city.Colleague, city.Bucho, city.Outsider };
        await db.FormAsync("all", "全員合議", new RouteDefinition { Steps = [ApprovalTestData.People("合議", StepKind.Consultation, StepMode.All, null, three), ApprovalTestData.Final(city)] });
        await db.FormAsync("any", "一人合議", new RouteDefinition { Steps = [ApprovalTestData.People("合議", StepKind.Consultation, StepMode.Any, null, three), ApprovalTestData.Final(city)] });
        await db.FormAsync("count", "二人合議", new RouteDefinition { Steps = [ApprovalTestData.People("合議", StepKind.Consultation, StepMode.Count, 2, three), ApprovalTestData.Final(city)] });

        var all = await db.FileAsync(city, 1_000, code: "all");
        await db.ApproveAsync(city, city.Colleague, all.Id);
        await db.ApproveAsync(city, city.Bucho, all.Id);
        (await db.RequestAsync(all.Id)).StepSummary().ShouldBe(["合議:Active", "決裁:Waiting"]);
        await db.ApproveAsync(city, city.Outsider, all.Id);
        (await db.RequestAsync(all.Id)).StepSummary().ShouldBe(["合議:Completed", "決裁:Active"]);

        var any = await db.FileAsync(city, 1_000, code: "any");
        await db.ApproveAsync(city, city.Bucho, any.Id);
        var anyStored = await db.RequestAsync(any.Id);
        anyStored.StepSummary().ShouldBe(["合議:Completed", "決裁:Active"]);
        anyStored.CurrentSteps.First().Assignments.OrderBy(a => a.AssigneeId).Select(a => (a.AssigneeId, a.Decision))
            .ShouldBe(new[] { (city.Colleague, Decision.Skipped), (city.Bucho, Decision.Approved), (city.Outsider, Decision.Skipped) }.OrderBy(x => x.Item1));
        await RefusedAsync("approval.already-decided", () => db.ApproveAsync(city, city.Colleague, any.Id));

        var count = await db.FileAsync(city, 1_000, code: "count");
        (await db.RequestAsync(count.Id)).CurrentSteps.First().RequiredCount.ShouldBe(2);
        await db.ApproveAsync(city, city.Outsider, count.Id);
        (await db.RequestAsync(count.Id)).StepSummary().ShouldBe(["合議:Active", "決裁:Waiting"]);
        await db.ApproveAsync(city, city.Colleague, count.Id);
        var countStored = await db.RequestAsync(count.Id);
        countStored.StepSummary().ShouldBe(["合議:Completed", "決裁:Active"]);
        countStored.CurrentSteps.First().Assignments.Single(a => a.AssigneeId == city.Bucho).Decision.ShouldBe(Decision.Skipped);
        countStored.CurrentSteps.First().Assignments.Count(a => a.IsOpen).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task ProxyApproval_WithinTheDelegationPeriod_CountsForTheDelegator_OutsideItIsDenied(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.AddDelegationAsync(city.Kacho, city.Colleague, ActingAs.Proxy, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 3));
        var inside = await db.FileAsync(city, 100_000);

        (await db.ActAsync(city.V(city.Colleague), inside.Id, "approve", "課長不在のため代理", onBehalfOf: city.Kacho)).Status.ShouldBe(RequestStatus.InProgress);
        var stored = await db.RequestAsync(inside.Id);
        var assignment = stored.CurrentSteps.First().Assignments.Single();
        assignment.AssigneeId.ShouldBe(city.Kacho);
        assignment.Decision.ShouldBe(Decision.Approved);
        assignment.ActingAs.ShouldBe(ActingAs.Proxy);
        assignment.ActedById.ShouldBe(city.Colleague);
        assignment.PostReviewPending.ShouldBeFalse();
        var action = stored.Actions.Single(a => a.Kind == ActionKind.Approve);
        action.ActorId.ShouldBe(city.Colleague);
        action.OnBehalfOfId.ShouldBe(city.Kacho);

        // A week later the delegation has ended.
        db.Clock.Advance(TimeSpan.FromDays(7));
        var outside = await db.FileAsync(city, 100_000);
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.V(city.Colleague), outside.Id, "approve", onBehalfOf: city.Kacho));
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.V(city.Colleague), outside.Id, "approve"));
        (await db.RequestAsync(outside.Id)).Actions.Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Substitute代決_LeavesA後閲ForTheSkippedApprover_PostReviewCompletesIt(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.AddDelegationAsync(city.Kacho, city.Colleague, ActingAs.Substitute, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30));
        var request = await db.FileAsync(city, 100_000);

        await RefusedAsync("approval.no-post-review", () => db.ActAsync(city.V(city.Kacho), request.Id, "post-review"));
        await db.ActAsync(city.V(city.Colleague), request.Id, "approve", "代決します");

        var assignment = (await db.RequestAsync(request.Id)).CurrentSteps.First().Assignments.Single();
        assignment.ActingAs.ShouldBe(ActingAs.Substitute);
        assignment.PostReviewPending.ShouldBeTrue();
        var waiting = await db.InboxAsync(city.V(city.Kacho), InboxTab.Waiting);
        waiting.Rows.ShouldHaveSingleItem().PostReview.ShouldBeTrue();
        await RefusedAsync("approval.no-post-review", () => db.ActAsync(city.V(city.Colleague), request.Id, "post-review"));

        await db.ActAsync(city.V(city.Kacho), request.Id, "post-review", "了解");

        var reviewed = await db.RequestAsync(request.Id);
        var done = reviewed.CurrentSteps.First().Assignments.Single();
        done.PostReviewPending.ShouldBeFalse();
        done.PostReviewedAt.ShouldNotBeNull();
        reviewed.History().ShouldBe([ActionKind.Submit, ActionKind.Approve, ActionKind.PostReview]);
        (await db.InboxAsync(city.V(city.Kacho), InboxTab.Waiting)).Rows.ShouldBeEmpty();
        await RefusedAsync("approval.no-post-review", () => db.ActAsync(city.V(city.Kacho), request.Id, "post-review"));
    }

    [Theory, DatabaseData]
    public async Task AdminReroute_NeedsAReason_AndChangesWhoCanAct(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var request = await db.FileAsync(city, 100_000);
        var stepId = (await db.RequestAsync(request.Id)).CurrentSteps.First().Id;
        Task Reroute(ApprovalViewer who, int[] to, string? reason) =>
            db.InScopeAsync(sp => sp.GetRequiredService<ApprovalService>().RerouteAsync(who, request.Id, stepId, to, reason, null));

        await Should.ThrowAsync<AccessDeniedException>(() => Reroute(city.V(city.Kacho), [city.Colleague], "休暇"));
        await RefusedAsync("approval.reason-required", () => Reroute(city.AdminViewer, [city.Colleague], " "));
        await RefusedAsync("approval.invalid-assignee", () => Reroute(city.AdminViewer, [city.Applicant], "休暇"));
        await RefusedAsync("approval.empty-route", () => Reroute(city.AdminViewer, [], "休暇"));
        await Reroute(city.AdminViewer, [city.Colleague], "課長が長期休暇のため");

        await Should.ThrowAsync<AccessDeniedException>(() => db.ApproveAsync(city, city.Kacho, request.Id));
        await db.ApproveAsync(city, city.Colleague, request.Id);
        var stored = await db.RequestAsync(request.Id);
        stored.StepSummary().ShouldBe(["課長:Completed", "決裁:Active"]);
        var reroute = stored.Actions.Single(a => a.Kind == ActionKind.Reroute);
        reroute.Comment.ShouldBe("課長が長期休暇のため");
        reroute.Detail.ShouldNotBeNull().ShouldContain("→");
        stored.Participants.Select(p => p.AccountId).ShouldContain(city.Colleague);
        await RefusedAsync("approval.step-not-open", () => Reroute(city.AdminViewer, [city.Bucho], "誤り"));
    }

    [Theory, DatabaseData]
    public async Task TheApplicantNeverApprovesTheirOwnRequest_AStepOfOnlyThemOrBelowThemIsDropped(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();

        var byKacho = await db.FileAsync(city, 800_000, applicant: city.Kacho);

        var stored = await db.RequestAsync(byKacho.Id);
        stored.StepNames().ShouldBe(["部長", "決裁"]);
        stored.CurrentSteps.SelectMany(s => s.Assignments).Select(a => a.AssigneeId).ShouldNotContain(city.Kacho);
        await Should.ThrowAsync<AccessDeniedException>(() => db.ApproveAsync(city, city.Kacho, byKacho.Id));

        // A 部長 passes no 課長 step (never a subordinate or another department's 課長) and not their own 部長 step.
        var byBucho = await db.FileAsync(city, 800_000, applicant: city.Bucho);
        (await db.RequestAsync(byBucho.Id)).StepNames().ShouldBe(["決裁"]);
        var huge = await db.FileAsync(city, 6_000_000, applicant: city.Bucho);
        (await db.RequestAsync(huge.Id)).StepNames().ShouldBe(["副市長", "決裁"]);

        // Nor as the delegate of the approver.
        await db.AddDelegationAsync(city.Kacho, city.Applicant, ActingAs.Proxy, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30));
        var own = await db.FileAsync(city, 1_000);
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.V(city.Applicant), own.Id, "approve", onBehalfOf: city.Kacho));
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.V(city.Applicant), own.Id, "send-back", "自分で", onBehalfOf: city.Kacho));
        (await db.RequestAsync(own.Id)).History().ShouldBe([ActionKind.Submit]);

        // In a 合議 that includes the applicant, only the others are asked.
        await db.FormAsync("consult", "合議付き伺", new RouteDefinition
        {
            Steps = [ApprovalTestData.People("合議", StepKind.Consultation, StepMode.All, null, city.Applicant, city.Colleague), ApprovalTestData.Final(city)],
        });
        var consult = await db.FileAsync(city, 1_000, code: "consult");
        (await db.RequestAsync(consult.Id)).CurrentSteps.First().Assignments.Select(a => a.AssigneeId).ShouldBe([city.Colleague]);
    }

    [Theory, DatabaseData]
    public async Task Conditions_OverTheApplicantsDepartmentAndPosition_WithAndOr(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var somuBu = await db.DepartmentAsync("総務部");
        var route = new RouteDefinition
        {
            Steps =
            [
                // 総務部 (or below) AND 主事: 課長 first.
                ApprovalTestData.Superior("課長", "課長", when: $$"""{"all":[{"applicant":"department","op":"in","value":[{{somuBu}}]},{"applicant":"position","op":"eq","value":"主事"}]}"""),
                // 主任 OR 500,000円以上: 部長.
                ApprovalTestData.Superior("部長", "部長", when: """{"any":[{"applicant":"position","op":"eq","value":"主任"},{"field":"total","op":"gte","value":500000}]}"""),
                ApprovalTestData.Final(city),
            ],
        };
        await db.FormAsync("cond", "条件付き伺", route);

        (await db.RequestAsync((await db.FileAsync(city, 1_000, code: "cond")).Id)).StepNames().ShouldBe(["課長", "決裁"]);
        (await db.RequestAsync((await db.FileAsync(city, 600_000, code: "cond")).Id)).StepNames().ShouldBe(["課長", "部長", "決裁"]);
        (await db.RequestAsync((await db.FileAsync(city, 1_000, code: "cond", applicant: city.Colleague)).Id)).StepNames().ShouldBe(["部長", "決裁"]);
        (await db.RequestAsync((await db.FileAsync(city, 1_000, code: "cond", applicant: city.Outsider)).Id)).StepNames().ShouldBe(["決裁"]);
    }

    [Theory, DatabaseData]
    public async Task ApplicantChoice_RequiresAPermittedChoice(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.FormAsync("choice", "選択伺", new RouteDefinition
        {
            Steps =
            [
                new RouteStepDefinition
                {
                    Name = "担当課長",
                    Kind = StepKind.Approval,
                    Mode = StepMode.Any,
                    Assignees = [new AssigneeRule { Kind = AssigneeKind.ApplicantChoice, Choices = [city.Kacho, city.Kaikei] }],
                },
                ApprovalTestData.People("決裁", StepKind.Final, StepMode.Any, null, city.Bucho),
            ],
        });
        var before = await db.RowsAsync();

        (await RefusedAsync("approval.route-unresolved", () => db.FileAsync(city, 1_000, code: "choice"))).Message.ShouldContain("選んでください");
        (await RefusedAsync("approval.route-unresolved", () => db.FileAsync(city, 1_000, code: "choice", choices: new Dictionary<int, int> { [0] = city.Outsider }))).Message.ShouldContain("選べない");
        (await db.RowsAsync()).ShouldBe(before);

        var request = await db.FileAsync(city, 1_000, code: "choice", choices: new Dictionary<int, int> { [0] = city.Kaikei });
        (await db.RequestAsync(request.Id)).CurrentSteps.First().Assignments.Single().AssigneeId.ShouldBe(city.Kaikei);
    }
}
