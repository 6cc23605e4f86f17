using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Circulation;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Circulation;

public sealed class CirculationDemoTests
{
    [Theory, DatabaseData]
    public async Task Seed_GivesTheDemoStaffCirculationsWaiting_OneOverdue_AndOwnOnes(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);

        await Bootstrapper.RunAsync(db.Services, demo: true, adminPassword: null);

        var me = await db.QueryAsync(c => c.Users.Where(a => a.UserName == DemoCityData.DemoStaffLogin).Select(a => a.Id).SingleAsync());
        var today = Clock.TokyoDate(db.Clock.GetUtcNow());
        var counts = await db.InScopeAsync(sp => sp.GetRequiredService<CirculationReader>().CountsAsync(me, today));
        counts.Waiting.ShouldBeGreaterThanOrEqualTo(3);
        counts.Overdue.ShouldBe(1);
        counts.SentInProgress.ShouldBe(1);
        var all = await db.QueryAsync(c => c.Set<Circular>().AsNoTracking().Include(x => x.Recipients).ToListAsync());
        all.Count.ShouldBe(15);
        all.Count(c => c.State == CircularState.Completed).ShouldBeGreaterThanOrEqualTo(7);
        all.Count(c => c.State == CircularState.Cancelled).ShouldBe(1);
        all.ShouldAllBe(c => c.CreatedAt <= db.Clock.GetUtcNow());
        all.SelectMany(c => c.Recipients).Where(r => r.ConfirmedAt != null).ShouldAllBe(r => r.ConfirmedAt <= db.Clock.GetUtcNow());
        all.Where(c => c.State == CircularState.Completed).ShouldAllBe(c => c.Recipients.All(r => r.ConfirmedAt != null));
        (await db.QueryAsync(c => c.Attachments.CountAsync(a => a.Module == "circulation"))).ShouldBeGreaterThanOrEqualTo(4);
    }
}
