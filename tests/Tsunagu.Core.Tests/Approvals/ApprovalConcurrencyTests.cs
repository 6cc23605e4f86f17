using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Data;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Approvals;

public sealed class ApprovalConcurrencyTests
{
    /// <summary>Two people act at the same moment, each through their own scope (DbContext).</summary>
    private static async Task<(ActionResult? Result, Exception? Error)[]> RaceAsync(TestDatabase db, int requestId, params ApprovalViewer[] viewers)
    {
        using var start = new Barrier(viewers.Length);
        var tasks = viewers.Select(viewer => Task.Run(async () =>
        {
            start.SignalAndWait();
            try
            {
                return ((ActionResult?)await db.ActAsync(viewer, requestId, "approve"), (Exception?)null);
            }
            catch (Exception ex) when (ex is ConflictException or DomainException or AccessDeniedException)
            {
                return (null, ex);
            }
        })).ToArray();
        return await Task.WhenAll(tasks);
    }

    [Theory, DatabaseData]
    public async Task TwoApproversOfAnAnyStep_AtTheSameMoment_ExactlyOneSucceeds(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.FormAsync("any", "一人合議", new RouteDefinition
        {
            Steps = [ApprovalTestData.People("合議", StepKind.Consultation, StepMode.Any, null, city.Colleague, city.Bucho), ApprovalTestData.Final(city)],
        });

        for (var round = 0; round < 4; round++)
        {
            var request = await db.FileAsync(city, 1_000, code: "any");

            var outcomes = await RaceAsync(db, request.Id, city.V(city.Colleague), city.V(city.Bucho));

            outcomes.Count(o => o.Result is not null).ShouldBe(1);
            var loser = outcomes.Single(o => o.Error is not null).Error!;
            (loser is ConflictException || loser is DomainException { Code: "approval.already-decided" }).ShouldBeTrue(loser.ToString());
            var stored = await db.RequestAsync(request.Id);
            stored.History().ShouldBe([ActionKind.Submit, ActionKind.Approve]);
            stored.StepSummary().ShouldBe(["合議:Completed", "決裁:Active"]);
            stored.CurrentSteps.First().Assignments.Select(a => a.Decision).Order().ShouldBe([Decision.Approved, Decision.Skipped]);
            (await db.VerifyAsync()).Intact.ShouldBeTrue();
        }
    }

    [Theory, DatabaseData]
    public async Task TwoApproversOfAnAllStep_AtTheSameMoment_NeverLoseAnApproval(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.FormAsync("all", "全員合議", new RouteDefinition
        {
            Steps = [ApprovalTestData.People("合議", StepKind.Consultation, StepMode.All, null, city.Colleague, city.Bucho), ApprovalTestData.Final(city)],
        });

        for (var round = 0; round < 4; round++)
        {
            var request = await db.FileAsync(city, 1_000, code: "all");

            var outcomes = await RaceAsync(db, request.Id, city.V(city.Colleague), city.V(city.Bucho));

            // Either they happened one after the other (both count) or one was refused as a conflict and must retry.
            var succeeded = outcomes.Count(o => o.Result is not null);
            succeeded.ShouldBeInRange(1, 2);
            outcomes.Where(o => o.Error is not null).ShouldAllBe(o => o.Error is ConflictException);
            var stored = await db.RequestAsync(request.Id);
            stored.Actions.Count(a => a.Kind == ActionKind.Approve).ShouldBe(succeeded);
            stored.CurrentSteps.First().Assignments.Count(a => a.Decision == Decision.Approved).ShouldBe(succeeded);
            stored.StepSummary().ShouldBe(succeeded == 2 ? ["合議:Completed", "決裁:Active"] : ["合議:Active", "決裁:Waiting"]);
            if (succeeded == 1)
            {
                var retry = outcomes.Single(o => o.Error is not null);
                var who = outcomes[0].Error is null ? city.Bucho : city.Colleague;
                (await db.ApproveAsync(city, who, request.Id)).Status.ShouldBe(RequestStatus.InProgress);
                (await db.RequestAsync(request.Id)).StepSummary().ShouldBe(["合議:Completed", "決裁:Active"]);
            }

            (await db.VerifyAsync()).Intact.ShouldBeTrue();
        }
    }

    [Theory, DatabaseData]
    public async Task TwoContextsHoldingTheSameVersion_TheSecondSaveIsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.FormAsync("any", "一人合議", new RouteDefinition
        {
            Steps = [ApprovalTestData.People("合議", StepKind.Consultation, StepMode.Any, null, city.Colleague, city.Bucho), ApprovalTestData.Final(city)],
        });
        var request = await db.FileAsync(city, 1_000, code: "any");

        await using var first = db.Scope();
        await using var second = db.Scope();
        var one = await first.ServiceProvider.GetRequiredService<ApprovalService>().LoadAsync(request.Id, default);
        var two = await second.ServiceProvider.GetRequiredService<ApprovalService>().LoadAsync(request.Id, default);
        one.Approve(city.V(city.Colleague).Actor, city.Colleague, ActingAs.Self, null, null, db.Clock.GetUtcNow());
        two.Approve(city.V(city.Bucho).Actor, city.Bucho, ActingAs.Self, null, null, db.Clock.GetUtcNow());
        await first.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();

        await Should.ThrowAsync<DbUpdateException>(() => second.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync());
        var stored = await db.RequestAsync(request.Id);
        stored.Actions.Count.ShouldBe(2);
        stored.Actions.Single(a => a.Kind == ActionKind.Approve).ActorId.ShouldBe(city.Colleague);
    }

    [Theory, DatabaseData]
    public async Task TheSameClientKeyTwice_IsAppliedOnce(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var request = await db.FileAsync(city, 800_000);

        var first = await db.ActAsync(city.V(city.Kacho), request.Id, "approve", "OK", clientKey: "click-1");
        var again = await db.ActAsync(city.V(city.Kacho), request.Id, "approve", "OK", clientKey: "click-1");

        first.AlreadyApplied.ShouldBeFalse();
        again.AlreadyApplied.ShouldBeTrue();
        again.Status.ShouldBe(RequestStatus.InProgress);
        var stored = await db.RequestAsync(request.Id);
        stored.History().ShouldBe([ActionKind.Submit, ActionKind.Approve]);
        stored.StepSummary().ShouldBe(["課長:Completed", "部長:Active", "決裁:Waiting"]);

        // Two clicks at the same moment by the next approver: one action.
        using var start = new Barrier(2);
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await db.ActAsync(city.V(city.Bucho), request.Id, "approve", clientKey: "click-2");
        })));
        both.Count(r => !r.AlreadyApplied).ShouldBe(1);
        (await db.RequestAsync(request.Id)).History().ShouldBe([ActionKind.Submit, ActionKind.Approve, ActionKind.Approve]);
    }

    [Theory, DatabaseData]
    public async Task SomeoneElsesClientKey_IsNoRepeat_AndTheirActionIsStillChecked(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var request = await db.FileAsync(city, 800_000);
        await db.ActAsync(city.V(city.Kacho), request.Id, "approve", "OK", clientKey: "shared-key");

        // An outsider replaying the 課長's key learns nothing and is refused as an outsider.
        await Should.ThrowAsync<AccessDeniedException>(() => db.ActAsync(city.V(city.Outsider), request.Id, "approve", clientKey: "shared-key"));

        // The 部長 reusing the key is not told "already applied": the key is theirs only if they sent it.
        await Should.ThrowAsync<ConflictException>(() => db.ActAsync(city.V(city.Bucho), request.Id, "approve", clientKey: "shared-key"));
        (await db.RequestAsync(request.Id)).History().ShouldBe([ActionKind.Submit, ActionKind.Approve]);
    }

    [Theory, DatabaseData]
    public async Task TheSameClientKeyOnSave_CreatesOneRequest(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        SaveRequest Save(string key) => new(ApprovalTestData.PurchaseCode, null, ApprovalTestData.Purchase(1_000)) { Submit = true, ClientKey = key };

        var first = await db.SaveAsync(city.V(city.Applicant), Save("new-1"));
        var again = await db.SaveAsync(city.V(city.Applicant), Save("new-1"));

        again.Id.ShouldBe(first.Id);
        (await db.RowsAsync()).Requests.ShouldBe(1);
        (await db.RequestAsync(first.Id)).History().ShouldBe([ActionKind.Submit]);

        // A double click: both arrive together.
        using var start = new Barrier(2);
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await db.SaveAsync(city.V(city.Applicant), Save("new-2"));
        })));
        both[0].Id.ShouldBe(both[1].Id);
        (await db.RowsAsync()).Requests.ShouldBe(2);
        (await db.RequestAsync(both[0].Id)).History().ShouldBe([ActionKind.Submit]);

        // The same key from someone else is their own request.
        var other = await db.SaveAsync(city.V(city.Colleague), Save("new-1"));
        other.Id.ShouldNotBe(first.Id);
        (await db.VerifyAsync()).Intact.ShouldBeTrue();
    }
}
