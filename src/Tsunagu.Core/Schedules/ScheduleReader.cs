using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Schedules;

/// <summary>Who is looking at a schedule: decides whether a private event shows its details or only 予定あり.</summary>
public sealed record ScheduleViewer(int AccountId, IReadOnlySet<int> KeptOwnerIds)
{
    public static async Task<ScheduleViewer> ForAccountAsync(AppDbContext db, int accountId, CancellationToken cancellationToken = default)
    {
        var kept = await db.ScheduleKeepers.AsNoTracking().Where(k => k.KeeperId == accountId).Select(k => k.OwnerId).ToListAsync(cancellationToken);
        return new ScheduleViewer(accountId, kept.ToHashSet());
    }

    /// <summary>The viewer may act for this person (themselves, or someone whose schedule they keep).</summary>
    public bool ActsFor(int ownerId) => ownerId == AccountId || KeptOwnerIds.Contains(ownerId);
}

/// <summary>One occurrence of an event in someone's schedule, as the viewer may see it.</summary>
public sealed record Occurrence(
    int EventId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    bool IsAllDay,
    string Title,
    string Category,
    string Place,
    EventVisibility Visibility,
    bool IsMasked,
    bool IsRecurring,
    int OrganizerId,
    AttendeeResponse Response)
{
    /// <summary>For an occurrence of a series: its start in the series (the key of the occurrence); null otherwise.</summary>
    public DateTimeOffset? SeriesOccurrence { get; init; }

    /// <summary>Tentative answers and pending invitations still block time; declined ones do not appear at all.</summary>
    public bool IsBusy => Response != AttendeeResponse.Declined;
}

/// <summary>Reads people's schedules over a period: single events, overrides and expanded series, with privacy applied.</summary>
public sealed class ScheduleReader(AppDbContext db)
{
    public const string MaskedTitle = "予定あり";

    /// <summary>
    /// Occurrences overlapping [from, to) for each account (declined invitations excluded), ordered by start. Accounts
    /// without any are present with an empty list.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<Occurrence>>> ForAccountsAsync(
        ScheduleViewer viewer, IReadOnlyCollection<int> accountIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        // PostgreSQL takes instants in UTC only; a caller's +09:00 is the same instant.
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        var rows = await AttendanceAsync(accountIds, from, to, cancellationToken);
        var eventIds = rows.Select(r => r.EventId).Distinct().ToList();
        var events = await LoadEventsAsync(eventIds, cancellationToken);
        var overrides = await OverridesAsync(events.Values.Where(e => e.Recurrence is not null).Select(e => e.Id).ToList(), from, to, cancellationToken);

        // For a changed occurrence of a private series, being in the series counts too (as in CanSeeDetailsAsync).
        var privateEvents = events.Values.Where(e => e.Visibility == EventVisibility.Private).ToList();
        var viewerAttends = await ViewerAttendsAsync(
            viewer, privateEvents.Select(e => e.Id).Concat(privateEvents.Where(e => e.SeriesMasterId is not null).Select(e => e.SeriesMasterId!.Value)).Distinct().ToList(), cancellationToken);

        var result = accountIds.Distinct().ToDictionary(id => id, _ => new List<Occurrence>());
        foreach (var row in rows)
        {
            if (row.Response == AttendeeResponse.Declined || !events.TryGetValue(row.EventId, out var e))
            {
                continue;
            }

            var masked = IsMasked(viewer, e, viewerAttends);
            foreach (var occurrence in Expand(e, overrides, from, to))
            {
                result[row.AccountId].Add(Project(e, occurrence, masked, row.Response));
            }
        }

        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<Occurrence>)p.Value.OrderBy(o => o.StartsAt).ThenBy(o => o.EndsAt).ThenBy(o => o.EventId).ToList());
    }

    /// <summary>The occurrences of one event (a series yields each instance) overlapping [from, to).</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset? SeriesKey)> Expand(
        ScheduleEvent e, ILookup<int, ScheduleEvent> overridesByMaster, DateTimeOffset from, DateTimeOffset to)
    {
        if (e.Recurrence is null)
        {
            if (!e.IsCancelled && e.StartsAt < to && e.EndsAt > from)
            {
                yield return (e.StartsAt, e.EndsAt, null);
            }

            yield break;
        }

        var rule = RecurrenceRule.Parse(e.Recurrence);
        var replaced = overridesByMaster[e.Id].Select(o => o.OriginalStartsAt).ToHashSet();
        var duration = e.Duration;
        foreach (var local in rule.Occurrences(Clock.TokyoLocal(e.StartsAt), duration, Clock.TokyoLocal(from), Clock.TokyoLocal(to)))
        {
            var start = Clock.FromTokyo(local);
            if (!replaced.Contains(start))
            {
                yield return (start, start + duration, start);
            }
        }
    }

    public static bool IsMasked(ScheduleViewer viewer, ScheduleEvent e, IReadOnlySet<int> viewerAttends) =>
        e.Visibility == EventVisibility.Private && !viewer.ActsFor(e.OrganizerId) && !viewerAttends.Contains(e.Id)
        && !(e.SeriesMasterId is { } master && viewerAttends.Contains(master));

    private static Occurrence Project(ScheduleEvent e, (DateTimeOffset Start, DateTimeOffset End, DateTimeOffset? SeriesKey) o, bool masked, AttendeeResponse response) =>
        new(e.Id, o.Start, o.End, e.IsAllDay,
            masked ? MaskedTitle : e.Title,
            masked ? EventCategories.Other : e.Category,
            masked ? "" : e.Place,
            e.Visibility, masked, e.Recurrence is not null || e.SeriesMasterId is not null, e.OrganizerId, response)
        {
            SeriesOccurrence = o.SeriesKey,
        };

    private sealed record AttendanceRow(int EventId, int AccountId, AttendeeResponse Response);

    private async Task<List<AttendanceRow>> AttendanceAsync(IReadOnlyCollection<int> accountIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var ids = accountIds.Distinct().ToList();
        var singles = await SinglesQuery(ids, from, to).Select(a => new AttendanceRow(a.EventId, a.AccountId, a.Response)).ToListAsync(cancellationToken);
        var series = await SeriesQuery(ids, from, to).Select(a => new AttendanceRow(a.EventId, a.AccountId, a.Response)).ToListAsync(cancellationToken);
        singles.AddRange(series);
        return singles;
    }

    /// <summary>
    /// Attendance in single events and changed occurrences overlapping [from, to): two index ranges of
    /// (AccountId, IsSeries, StartsAt), as the start lies at most <see cref="ScheduleEvent.MaxDuration"/> before the window.
    /// The flags are compared with variables on purpose: SQLite matches <c>"IsSeries" = @p</c> to the index column, but
    /// not EF's <c>NOT "IsSeries"</c>, and would walk each person's whole history.
    /// </summary>
    private IQueryable<EventAttendee> SinglesQuery(List<int> ids, DateTimeOffset from, DateTimeOffset to)
    {
        var earliest = from - ScheduleEvent.MaxDuration;
        var series = false;
        var cancelled = false;
        return db.EventAttendees.AsNoTracking()
            .Where(a => ids.Contains(a.AccountId) && a.IsSeries == series && a.StartsAt >= earliest && a.StartsAt < to && a.EndsAt > from && a.IsCancelled == cancelled);
    }

    /// <summary>Attendance in series whose span (first start to <see cref="ScheduleEvent.SeriesEndsAt"/>) overlaps [from, to).</summary>
    private IQueryable<EventAttendee> SeriesQuery(List<int> ids, DateTimeOffset from, DateTimeOffset to)
    {
        var series = true;
        var cancelled = false;
        return db.EventAttendees.AsNoTracking()
            .Where(a => ids.Contains(a.AccountId) && a.IsSeries == series && a.StartsAt < to && a.EndsAt > from && a.IsCancelled == cancelled);
    }

    /// <summary>
    /// When each account is busy in [from, to), with no titles and no privacy to apply: what the free-time search needs.
    /// Single events come straight from the attendee rows (which carry their times); only series are loaded and expanded.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, List<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)>>> BusyAsync(
        IReadOnlyCollection<int> accountIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        var ids = accountIds.Distinct().ToList();
        var result = ids.ToDictionary(id => id, _ => new List<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)>());
        var declined = AttendeeResponse.Declined;
        var singles = await SinglesQuery(ids, from, to)
            .Where(a => a.Response != declined)
            .Select(a => new { a.AccountId, a.StartsAt, a.EndsAt })
            .ToListAsync(cancellationToken);
        foreach (var row in singles)
        {
            result[row.AccountId].Add((row.StartsAt, row.EndsAt));
        }

        var seriesRows = await SeriesQuery(ids, from, to)
            .Where(a => a.Response != declined)
            .Select(a => new { a.EventId, a.AccountId })
            .ToListAsync(cancellationToken);
        if (seriesRows.Count > 0)
        {
            var masters = await LoadEventsAsync(seriesRows.Select(r => r.EventId).Distinct().ToList(), cancellationToken);
            var overrides = await OverridesAsync(masters.Keys.ToList(), from, to, cancellationToken);
            var expanded = masters.Values.ToDictionary(e => e.Id, e => Expand(e, overrides, from, to).Select(o => (o.Start, o.End)).ToList());
            foreach (var row in seriesRows)
            {
                if (expanded.TryGetValue(row.EventId, out var occurrences))
                {
                    result[row.AccountId].AddRange(occurrences);
                }
            }
        }

        return result;
    }

    internal async Task<Dictionary<int, ScheduleEvent>> LoadEventsAsync(IReadOnlyCollection<int> eventIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, ScheduleEvent>(eventIds.Count);
        foreach (var chunk in eventIds.Chunk(500))
        {
            var list = await db.Events.AsNoTracking().Where(e => chunk.Contains(e.Id)).ToListAsync(cancellationToken);
            foreach (var e in list)
            {
                result[e.Id] = e;
            }
        }

        return result;
    }

    /// <summary>Overrides (including cancelled ones) whose original start falls near the window, by master.</summary>
    internal async Task<ILookup<int, ScheduleEvent>> OverridesAsync(IReadOnlyCollection<int> masterIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (masterIds.Count == 0)
        {
            return Array.Empty<ScheduleEvent>().ToLookup(e => 0);
        }

        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        var earliest = from - ScheduleEvent.MaxDuration;
        var list = await db.Events.AsNoTracking()
            .Where(e => e.SeriesMasterId != null && masterIds.Contains(e.SeriesMasterId.Value) && e.OriginalStartsAt >= earliest && e.OriginalStartsAt < to)
            .ToListAsync(cancellationToken);
        return list.ToLookup(e => e.SeriesMasterId!.Value);
    }

    private async Task<IReadOnlySet<int>> ViewerAttendsAsync(ScheduleViewer viewer, List<int> privateEventIds, CancellationToken cancellationToken)
    {
        if (privateEventIds.Count == 0)
        {
            return new HashSet<int>();
        }

        var list = await db.EventAttendees.AsNoTracking()
            .Where(a => a.AccountId == viewer.AccountId && privateEventIds.Contains(a.EventId))
            .Select(a => a.EventId)
            .ToListAsync(cancellationToken);
        return list.ToHashSet();
    }

    /// <summary>Whether the viewer may see the details of this event (else 予定あり).</summary>
    public async Task<bool> CanSeeDetailsAsync(ScheduleViewer viewer, ScheduleEvent e, CancellationToken cancellationToken = default)
    {
        if (e.Visibility == EventVisibility.Public || viewer.ActsFor(e.OrganizerId))
        {
            return true;
        }

        var ids = e.SeriesMasterId is { } master ? new[] { e.Id, master } : [e.Id];
        return await db.EventAttendees.AnyAsync(a => a.AccountId == viewer.AccountId && ids.Contains(a.EventId), cancellationToken);
    }

    /// <summary>Active staff of a department and all units below it, by position rank then kana.</summary>
    public async Task<IReadOnlyList<Account>> MembersOfAsync(int departmentId, bool includeSubunits, CancellationToken cancellationToken = default)
    {
        var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == departmentId, cancellationToken);
        if (department is null)
        {
            return [];
        }

        var prefix = department.Path + "/";
        return await db.Users.AsNoTracking()
            .Include(a => a.Position)
            .Include(a => a.Department)
            .Where(a => a.IsActive && a.Department != null
                && (a.DepartmentId == departmentId || (includeSubunits && a.Department.Path.StartsWith(prefix))))
            .OrderBy(a => a.Position == null ? int.MaxValue : a.Position.Rank)
            .ThenBy(a => a.Kana)
            .ToListAsync(cancellationToken);
    }
}

/// <summary>How an occurrence of a series is named in addresses: its Tokyo start as yyyyMMddTHHmm (?at=20261126T0930).</summary>
public static class OccurrenceKey
{
    private const string Format = "yyyyMMdd'T'HHmm";

    public static string ToKey(DateTimeOffset start) => Clock.ToTokyo(start).ToString(Format, System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? key) =>
        DateTime.TryParseExact(key, Format, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local)
            && ScheduleEvent.IsInRange(local)
            ? Clock.FromTokyo(local)
            : null;
}
