using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Web.Features.Facilities;

/// <summary>A booking as the viewer may see it: a private event's booking shows only 予定あり, without who booked it.</summary>
public sealed record BookingView(
    int Id,
    int FacilityId,
    string FacilityName,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    BookingStatus Status,
    string Purpose,
    string? BookedBy,
    string? BookedByDepartment,
    int BookedById,
    int? EventId,
    bool IsMasked,
    string DecisionNote)
{
    public DateTimeOffset CreatedAt { get; init; }

    public bool IsActive => Status is BookingStatus.Tentative or BookingStatus.Confirmed;
}

/// <summary>Which facilities the board shows.</summary>
public sealed record FacilityFilter(FacilityKind? Kind, int? MinCapacity, int? GroupId);

/// <summary>Reads for the facility pages; writes go through <see cref="FacilityBookingService"/> and <see cref="FacilityAdminService"/>.</summary>
public static class FacilityQueries
{
    /// <summary>Active facilities matching the filter, in board order (group, then the facility's own order, then name).</summary>
    public static async Task<List<Facility>> FacilitiesAsync(AppDbContext db, FacilityFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.Facilities.AsNoTracking().Include(f => f.Group).Where(f => f.IsActive);
        if (filter.Kind is { } kind)
        {
            query = query.Where(f => f.Kind == kind);
        }

        if (filter.MinCapacity is { } min)
        {
            query = query.Where(f => f.Capacity != null && f.Capacity >= min);
        }

        if (filter.GroupId is { } group)
        {
            query = query.Where(f => f.GroupId == group);
        }

        var list = await query.ToListAsync(cancellationToken);
        return list
            .OrderBy(f => f.Group is null ? 1 : 0)
            .ThenBy(f => f.Group?.SortOrder ?? 0)
            .ThenBy(f => f.Group?.Name, StringComparer.Ordinal)
            .ThenBy(f => f.SortOrder)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Active bookings (仮予約 and 本予約) of the facilities overlapping [from, to), by start.</summary>
    public static Task<List<BookingView>> ActiveBookingsAsync(
        AppDbContext db, ScheduleViewer viewer, IReadOnlyCollection<int> facilityIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var ids = facilityIds.ToList();
        return ProjectAsync(db, viewer, db.FacilityBookings.Where(b => ids.Contains(b.FacilityId)
            && (b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed)
            && b.StartsAt < to && b.EndsAt > from), cancellationToken);
    }

    /// <summary>The named bookings (the conflicts a refused booking ran into), with the same privacy.</summary>
    public static Task<List<BookingView>> ByIdsAsync(AppDbContext db, ScheduleViewer viewer, IReadOnlyCollection<int> bookingIds, CancellationToken cancellationToken = default)
    {
        var ids = bookingIds.ToList();
        return ProjectAsync(db, viewer, db.FacilityBookings.Where(b => ids.Contains(b.Id)), cancellationToken);
    }

    /// <summary>Bookings the viewer made that have not ended yet, in every state.</summary>
    public static Task<List<BookingView>> MineAsync(AppDbContext db, ScheduleViewer viewer, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ProjectAsync(db, viewer, db.FacilityBookings.Where(b => b.BookedById == viewer.AccountId && b.EndsAt > now), cancellationToken);

    /// <summary>
    /// 仮予約 not yet over, of the given facilities. The managers who decide them always see who asked (they may need to
    /// call them); a private event's purpose stays 予定あり.
    /// </summary>
    public static Task<List<BookingView>> PendingAsync(AppDbContext db, ScheduleViewer viewer, IReadOnlyCollection<int> facilityIds, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var ids = facilityIds.ToList();
        return ProjectAsync(db, viewer, db.FacilityBookings.Where(b => ids.Contains(b.FacilityId) && b.Status == BookingStatus.Tentative && b.EndsAt > now), cancellationToken, revealRequester: true);
    }

    /// <summary>
    /// The facilities whose 仮予約 the account decides: all of them for a system administrator; otherwise those managed
    /// by the account's unit or a unit above it (as <see cref="FacilityBookingService.ManagerIdsAsync"/> counts members).
    /// </summary>
    public static async Task<List<Facility>> ManagedFacilitiesAsync(AppDbContext db, int accountId, bool isSystemAdministrator, CancellationToken cancellationToken = default)
    {
        if (isSystemAdministrator)
        {
            return await db.Facilities.AsNoTracking().Include(f => f.ManagerDepartment).ToListAsync(cancellationToken);
        }

        var path = await db.Users.Where(a => a.Id == accountId && a.IsActive).Select(a => a.Department == null ? null : a.Department.Path).FirstOrDefaultAsync(cancellationToken);
        if (path is null)
        {
            return [];
        }

        var units = (await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Path }).ToListAsync(cancellationToken))
            .Where(d => string.Equals(d.Path, path, StringComparison.Ordinal) || path.StartsWith(d.Path + "/", StringComparison.Ordinal))
            .Select(d => d.Id)
            .ToList();
        return await db.Facilities.AsNoTracking().Include(f => f.ManagerDepartment)
            .Where(f => f.ManagerDepartmentId != null && units.Contains(f.ManagerDepartmentId.Value))
            .ToListAsync(cancellationToken);
    }

    private static async Task<List<BookingView>> ProjectAsync(AppDbContext db, ScheduleViewer viewer, IQueryable<FacilityBooking> query, CancellationToken cancellationToken, bool revealRequester = false)
    {
        var rows = await query.AsNoTracking()
            .OrderBy(b => b.StartsAt).ThenBy(b => b.Id)
            .Select(b => new
            {
                b.Id,
                b.FacilityId,
                FacilityName = b.Facility!.Name,
                b.StartsAt,
                b.EndsAt,
                b.Status,
                b.Purpose,
                BookedBy = b.BookedBy!.DisplayName,
                BookedByDepartment = b.BookedBy.Department == null ? null : b.BookedBy.Department.Name,
                b.BookedById,
                b.EventId,
                b.DecisionNote,
                b.CreatedAt,
                Private = b.Event != null && b.Event.Visibility == EventVisibility.Private,
                OrganizerId = b.Event == null ? 0 : b.Event.OrganizerId,
            })
            .ToListAsync(cancellationToken);

        // A private event's booking shows its details only to whom the event itself shows them (ScheduleReader.IsMasked).
        var privateIds = rows.Where(r => r.Private && !viewer.ActsFor(r.OrganizerId)).Select(r => r.EventId!.Value).Distinct().ToList();
        var attends = new HashSet<int>();
        foreach (var chunk in privateIds.Chunk(500))
        {
            attends.UnionWith(await db.EventAttendees.AsNoTracking()
                .Where(a => a.AccountId == viewer.AccountId && chunk.Contains(a.EventId))
                .Select(a => a.EventId)
                .ToListAsync(cancellationToken));
        }

        return rows.Select(r =>
        {
            var masked = r.Private && !viewer.ActsFor(r.OrganizerId) && !attends.Contains(r.EventId!.Value);
            return new BookingView(r.Id, r.FacilityId, r.FacilityName, r.StartsAt, r.EndsAt, r.Status,
                masked ? ScheduleReader.MaskedTitle : r.Purpose,
                masked && !revealRequester ? null : r.BookedBy,
                masked && !revealRequester ? null : r.BookedByDepartment,
                r.BookedById, r.EventId, masked, r.DecisionNote)
            {
                CreatedAt = r.CreatedAt,
            };
        }).ToList();
    }
}
