using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tsunagu.Core.Tests.Data;

public sealed class ApprovalDemoTests(ITestOutputHelper output)
{
    [Theory, DatabaseData]
    public async Task DemoCity_HasAWorkingApprovalDesk_AndItsEvidenceIsIntact(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);
        var watch = Stopwatch.StartNew();
        await Bootstrapper.RunAsync(db.Services, demo: true, adminPassword: null);
        output.WriteLine($"{database}: demo city with approvals seeded in {watch.Elapsed.TotalSeconds:F1} s");

        (await db.QueryAsync(c => c.FormDefinitions.Select(f => f.Code).ToListAsync())).ShouldBe(FormTemplates.Codes, ignoreOrder: true);
        var total = await db.QueryAsync(c => c.ApprovalRequests.CountAsync());
        total.ShouldBeGreaterThan(900);
        foreach (var status in new[] { RequestStatus.Approved, RequestStatus.InProgress, RequestStatus.SentBack, RequestStatus.Rejected, RequestStatus.Withdrawn })
        {
            (await db.QueryAsync(c => c.ApprovalRequests.CountAsync(r => r.Status == status))).ShouldBeGreaterThan(0, status.ToString());
        }

        var me = await db.QueryAsync(c => c.Users.Where(a => a.UserName == DemoCityData.DemoStaffLogin).Select(a => new { a.Id, a.DisplayName }).SingleAsync());
        var chief = await db.QueryAsync(c => c.Users.Where(a => a.Department!.Path == "企画振興部/DX戦略室" && a.Position!.Name == "課長").Select(a => new { a.Id, a.DisplayName }).SingleAsync());
        var director = await db.QueryAsync(c => c.Users.Where(a => a.Department!.Path == "企画振興部" && a.Position!.Name == "部長").Select(a => new { a.Id, a.DisplayName }).SingleAsync());
        await db.InScopeAsync(async sp =>
        {
            var reader = sp.GetRequiredService<ApprovalReader>();
            var chiefCounts = await reader.CountsAsync(new ApprovalViewer(chief.Id, chief.DisplayName, false));
            chiefCounts.Waiting.ShouldBeGreaterThanOrEqualTo(3);
            chiefCounts.Delegated.ShouldBeGreaterThanOrEqualTo(2);
            var mine = await reader.InboxAsync(new ApprovalViewer(me.Id, me.DisplayName, false), InboxTab.Mine);
            mine.Rows.ShouldContain(r => r.Status == RequestStatus.SentBack);
            mine.Rows.ShouldContain(r => r.Status == RequestStatus.InProgress && r.StepName == "部長");
            mine.Rows.ShouldContain(r => r.Status == RequestStatus.Approved);
            mine.Rows.ShouldContain(r => r.Status == RequestStatus.Withdrawn);
            (await reader.CountsAsync(new ApprovalViewer(director.Id, director.DisplayName, false))).PostReviews.ShouldBe(1);
        });

        (await db.QueryAsync(c => c.ApprovalRequests.CountAsync(r => r.Status == RequestStatus.Approved && r.ContentHash == null))).ShouldBe(0);
        (await db.QueryAsync(c => c.Delegations.CountAsync())).ShouldBe(3);
        var verification = await db.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync());
        verification.Intact.ShouldBeTrue(string.Join("\n", verification.ToString()));
    }
}
