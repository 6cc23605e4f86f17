using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Schedules;

/// <summary>Row counts of everything an event write touches: a refusal must leave them all as they were.</summary>
internal sealed record RowCounts(int Events, int Attendees, int Bookings, int Notifications, int Outbox, int SearchEntries);

/// <summary>Builds what schedule tests need through the services, and calls the services in a scope of their own.</summary>
internal static class ScheduleTestData
{
    public static async Task<SearchResults> SearchAsync(TestDatabase db, int viewerId, string text)
    {
        var viewer = await db.QueryAsync(c => SearchViewer.ForAccountAsync(c, viewerId));
        return await db.InScopeAsync(sp => sp.GetRequiredService<SearchIndex>().QueryAsync(new SearchQuery(text) { PageSize = 50 }, viewer));
    }

    /// <summary>Nothing at all: no hit, no count in any facet.</summary>
    public static async Task ShouldFindNothingAsync(TestDatabase db, int viewerId, string text)
    {
        var results = await SearchAsync(db, viewerId, text);
        results.Total.ShouldBe(0);
        results.Items.ShouldBeEmpty();
        results.Facets.Modules.Sum(f => f.Count).ShouldBe(0);
        results.Facets.Departments.Sum(f => f.Count).ShouldBe(0);
        results.Facets.Periods.Sum(f => f.Count).ShouldBe(0);
    }

    public static Task<int> RebuildAsync(TestDatabase db) => db.InScopeAsync(sp => sp.GetRequiredService<SearchRebuilder>().RebuildAsync());

    /// <summary>A Tokyo wall-clock time (the way people enter times).</summary>
    public static DateTime T(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);

    /// <summary>The instant of a Tokyo wall-clock time.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour = 0, int minute = 0) => Clock.FromTokyo(T(year, month, day, hour, minute));

    /// <summary>Creates the unit at <paramref name="path"/> (部/課/係) and its missing parents.</summary>
    public static Task<int> DepartmentAsync(this TestDatabase db, string path) =>
        db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            var organization = sp.GetRequiredService<OrganizationService>();
            int? parentId = null;
            var current = "";
            foreach (var name in path.Split('/'))
            {
                current = current.Length == 0 ? name : $"{current}/{name}";
                var existing = await context.Departments.Where(d => d.Path == current).Select(d => (int?)d.Id).SingleOrDefaultAsync();
                var kind = name.EndsWith('部') ? "部" : name.EndsWith('係') ? "係" : "課";
                parentId = existing ?? (await organization.CreateDepartmentAsync(name, kind, parentId, Actor.System)).Id;
            }

            return parentId!.Value;
        });

    /// <summary>An active staff member of the unit at <paramref name="departmentPath"/>.</summary>
    public static async Task<int> StaffAsync(this TestDatabase db, string login, string departmentPath = "総務部/総務課", string position = "主事")
    {
        var departmentId = await db.DepartmentAsync(departmentPath);
        return await db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            var positionId = await context.Positions.Where(p => p.Name == position).Select(p => p.Id).SingleAsync();
            var account = await sp.GetRequiredService<OrganizationService>()
                .CreateStaffAsync(new StaffInput(login, $"職員\u3000{login}", "しょくいん", departmentId, positionId, null), Actor.System);
            return account.Id;
        });
    }

    public static Task<int> FacilityAsync(this TestDatabase db, string name, bool requiresApproval = false, int? managerDepartmentId = null) =>
        db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            var facility = new Facility
            {
                Name = name,
                Kind = FacilityKind.Room,
                Capacity = 10,
                RequiresApproval = requiresApproval,
                ManagerDepartmentId = managerDepartmentId,
            };
            context.Facilities.Add(facility);
            await context.SaveChangesAsync();
            return facility.Id;
        });

    /// <summary>Makes <paramref name="keeperId"/> keep <paramref name="ownerId"/>'s schedule (a secretary).</summary>
    public static Task KeeperAsync(this TestDatabase db, int ownerId, int keeperId) =>
        db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            context.ScheduleKeepers.Add(new ScheduleKeeper { OwnerId = ownerId, KeeperId = keeperId, CreatedAt = TestDatabase.Start });
            await context.SaveChangesAsync();
        });

    public static EventDraft Draft(int organizerId, string title, DateTime start, DateTime end, params int[] attendeeIds) => new()
    {
        Title = title,
        OrganizerId = organizerId,
        StartsAt = start,
        EndsAt = end,
        AttendeeIds = attendeeIds,
    };

    public static Task<ScheduleViewer> ViewerAsync(this TestDatabase db, int accountId) =>
        db.QueryAsync(c => ScheduleViewer.ForAccountAsync(c, accountId));

    public static async Task<ScheduleEvent> CreateEventAsync(this TestDatabase db, int actorId, EventDraft draft)
    {
        var viewer = await db.ViewerAsync(actorId);
        return await db.InScopeAsync(sp => sp.GetRequiredService<ScheduleService>().CreateAsync(viewer, draft));
    }

    public static async Task<ScheduleEvent> UpdateEventAsync(
        this TestDatabase db, int actorId, int eventId, DateTimeOffset? occurrence, EditScope scope, EventDraft draft, int? expectedVersion = null)
    {
        var viewer = await db.ViewerAsync(actorId);
        return await db.InScopeAsync(sp => sp.GetRequiredService<ScheduleService>().UpdateAsync(viewer, eventId, occurrence, scope, draft, expectedVersion));
    }

    public static async Task CancelEventAsync(this TestDatabase db, int actorId, int eventId, DateTimeOffset? occurrence, EditScope scope)
    {
        var viewer = await db.ViewerAsync(actorId);
        await db.InScopeAsync(sp => sp.GetRequiredService<ScheduleService>().CancelAsync(viewer, eventId, occurrence, scope));
    }

    public static Task RespondAsync(this TestDatabase db, int accountId, int eventId, AttendeeResponse response) =>
        db.InScopeAsync(sp => sp.GetRequiredService<ScheduleService>().RespondAsync(accountId, eventId, response));

    /// <summary>What <paramref name="viewerId"/> sees of <paramref name="accountId"/>'s schedule in [from, to).</summary>
    public static async Task<IReadOnlyList<Occurrence>> ReadAsync(this TestDatabase db, int viewerId, int accountId, DateTimeOffset from, DateTimeOffset to)
    {
        var viewer = await db.ViewerAsync(viewerId);
        var all = await db.InScopeAsync(sp => sp.GetRequiredService<ScheduleReader>().ForAccountsAsync(viewer, [accountId], from, to));
        return all[accountId];
    }

    public static Task<ScheduleEvent> EventAsync(this TestDatabase db, int eventId) =>
        db.QueryAsync(c => c.Events.AsNoTracking().Include(e => e.Attendees).SingleAsync(e => e.Id == eventId));

    public static Task<List<FacilityBooking>> BookingsAsync(this TestDatabase db, int facilityId) =>
        db.QueryAsync(c => c.FacilityBookings.AsNoTracking().Where(b => b.FacilityId == facilityId).OrderBy(b => b.StartsAt).ThenBy(b => b.Id).ToListAsync());

    public static Task<List<FacilityBooking>> ActiveBookingsAsync(this TestDatabase db, int facilityId) =>
        db.QueryAsync(c => c.FacilityBookings.AsNoTracking()
            .Where(b => b.FacilityId == facilityId && (b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed))
            .OrderBy(b => b.StartsAt).ToListAsync());

    public static Task<int> NotificationCountAsync(this TestDatabase db, int accountId, string kind) =>
        db.QueryAsync(c => c.Notifications.CountAsync(n => n.RecipientId == accountId && n.Kind == kind));

    public static Task<RowCounts> CountsAsync(this TestDatabase db) =>
        db.QueryAsync(async c => new RowCounts(
            await c.Events.CountAsync(),
            await c.EventAttendees.CountAsync(),
            await c.FacilityBookings.CountAsync(),
            await c.Notifications.CountAsync(),
            await c.Outbox.CountAsync(),
            await c.SearchEntries.CountAsync()));

    /// <summary>Runs <paramref name="action"/>, expects a <see cref="DomainException"/> with <paramref name="code"/>, and checks nothing was written.</summary>
    public static async Task<DomainException> RefusedAsync(this TestDatabase db, string code, Func<Task> action)
    {
        var before = await db.CountsAsync();
        var refusal = await Should.ThrowAsync<DomainException>(action);
        refusal.Code.ShouldBe(code);
        refusal.Message.ShouldNotBeNullOrWhiteSpace();
        (await db.CountsAsync()).ShouldBe(before);
        return refusal;
    }

    public static IReadOnlyList<string> Titles(this IEnumerable<Occurrence> occurrences) => occurrences.Select(o => o.Title).ToList();

    public static IReadOnlyList<DateTimeOffset> Starts(this IEnumerable<Occurrence> occurrences) => occurrences.Select(o => o.StartsAt).ToList();
}
