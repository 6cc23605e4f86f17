using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Data;

public sealed class ScheduleDemoTests
{
    [Theory, DatabaseData]
    public async Task Seed_GivesTheDemoCityAWorkingWeek_OfEventsBookingsAndInvitations(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);

        await Bootstrapper.RunAsync(db.Services, demo: true, adminPassword: null);

        var now = db.Clock.GetUtcNow();
        var demoId = await db.QueryAsync(c => c.Users.Where(a => a.UserName == DemoCityData.DemoStaffLogin).Select(a => a.Id).SingleAsync());
        (await db.QueryAsync(c => c.Events.CountAsync())).ShouldBeGreaterThan(500);
        (await db.QueryAsync(c => c.Events.CountAsync(e => e.Recurrence != null))).ShouldBeGreaterThanOrEqualTo(3);
        (await db.QueryAsync(c => c.EventAttendees.CountAsync(a => a.AccountId == demoId && a.Response == AttendeeResponse.Pending))).ShouldBeGreaterThan(0);
        (await db.QueryAsync(c => c.Facilities.CountAsync(f => f.Kind == FacilityKind.Room))).ShouldBeGreaterThan(5);
        (await db.QueryAsync(c => c.FacilityBookings.CountAsync(b => b.Status == BookingStatus.Tentative))).ShouldBeGreaterThan(0);
        (await db.QueryAsync(c => c.ScheduleKeepers.CountAsync())).ShouldBeGreaterThan(0);
        (await db.QueryAsync(c => c.SearchEntries.CountAsync(e => e.Module == SearchModules.Schedule))).ShouldBe(await db.QueryAsync(c => c.Events.CountAsync()));

        // This week is not empty for the demo person.
        var occurrences = await db.QueryAsync(async c =>
        {
            var viewer = await ScheduleViewer.ForAccountAsync(c, demoId);
            return (await new ScheduleReader(c).ForAccountsAsync(viewer, [demoId], now.AddDays(-7), now.AddDays(14)))[demoId];
        });
        occurrences.Count.ShouldBeGreaterThan(3);

        // The seed respects the rule the database enforces: no two active bookings of a facility overlap.
        var bookings = await db.QueryAsync(c => c.FacilityBookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed).ToListAsync());
        foreach (var group in bookings.GroupBy(b => b.FacilityId))
        {
            var ordered = group.OrderBy(b => b.StartsAt).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                ordered[i].StartsAt.ShouldBeGreaterThanOrEqualTo(ordered[i - 1].EndsAt);
            }
        }
    }
}
