using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;

namespace Tsunagu.Core.Schedules;

/// <summary>The office day within which meetings are proposed (configurable: Tsunagu:Schedule:*).</summary>
public sealed record WorkingHours
{
    public TimeOnly Start { get; init; } = new(8, 30);

    public TimeOnly End { get; init; } = new(17, 15);

    public TimeOnly LunchStart { get; init; } = new(12, 0);

    public TimeOnly LunchEnd { get; init; } = new(13, 0);

    /// <summary>Slots start on multiples of this many minutes from <see cref="Start"/>.</summary>
    public int StepMinutes { get; init; } = 15;

    public static WorkingHours Default { get; } = new();

    public void Validate()
    {
        if (!(Start < LunchStart && LunchStart <= LunchEnd && LunchEnd < End) || StepMinutes is < 5 or > 60)
        {
            throw new InvalidOperationException("Working hours must satisfy Start < LunchStart <= LunchEnd < End and 5 <= StepMinutes <= 60.");
        }
    }
}

public sealed record FreeTimeRequest
{
    public IReadOnlyList<int> AccountIds { get; init; } = [];

    public IReadOnlyList<int> DepartmentIds { get; init; } = [];

    public IReadOnlyList<int> FacilityIds { get; init; } = [];

    public DateOnly From { get; init; }

    /// <summary>Inclusive.</summary>
    public DateOnly To { get; init; }

    public int Minutes { get; init; } = 60;

    /// <summary>Also propose slots where up to this many people are busy (facilities must always be free).</summary>
    public int MaxBusy { get; init; } = 2;

    public int MaxSlots { get; init; } = 30;
}

/// <summary>A proposed meeting time. A run of equally good starts is one slot: start at any step up to <see cref="LatestStart"/>.</summary>
public sealed record FreeSlot(DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset LatestStart, IReadOnlyList<int> BusyAccountIds)
{
    public bool EveryoneFree => BusyAccountIds.Count == 0;
}

public sealed record FreeTimeResult(IReadOnlyList<int> AccountIds, IReadOnlyList<int> FacilityIds, IReadOnlyList<FreeSlot> Slots);

/// <summary>
/// 空き時間検索: working days only (weekends, national holidays and the year-end closure skipped), within working hours
/// with lunch excluded (unless the meeting is longer than a half day). Slots where everyone and every facility is free
/// come first, earliest first; then slots where one, then two … people are busy, naming them.
/// </summary>
public sealed class FreeTimeSearch(AppDbContext db, ScheduleReader reader, TimeProvider clock)
{
    public const int MaxPeople = 200;
    public const int MaxDays = 62;

    public async Task<FreeTimeResult> FindAsync(FreeTimeRequest request, WorkingHours hours, CancellationToken cancellationToken = default)
    {
        hours.Validate();
        if (request.Minutes is < 5 or > 600)
        {
            throw new DomainException("freetime.invalid-duration", "所要時間は5分から600分の間で指定してください。");
        }

        if (request.From < ScheduleEvent.FirstDay || request.To > ScheduleEvent.LastDay)
        {
            throw new DomainException("freetime.invalid-range", ScheduleEvent.OutOfRangeMessage);
        }

        if (request.To < request.From || request.To.DayNumber - request.From.DayNumber + 1 > MaxDays)
        {
            throw new DomainException("freetime.invalid-range", $"期間は開始日から{MaxDays}日以内で指定してください。");
        }

        var people = await ResolvePeopleAsync(request, cancellationToken);
        if (people.Count == 0 && request.FacilityIds.Count == 0)
        {
            throw new DomainException("freetime.nobody", "参加者、部署、施設のいずれかを指定してください。");
        }

        var facilityIds = request.FacilityIds.Distinct().ToList();
        if (await db.Facilities.CountAsync(f => facilityIds.Contains(f.Id) && f.IsActive, cancellationToken) != facilityIds.Count)
        {
            throw new DomainException("facility.not-found", "施設に、存在しないか利用停止中のものが含まれています。");
        }

        var from = Clock.FromTokyo(request.From);
        var to = Clock.FromTokyo(request.To.AddDays(1));
        var busy = await reader.BusyAsync(people, from, to, cancellationToken);

        // A booking lasts at most MaxDuration: the lower bound on its start keeps this an index range, not the whole history.
        var earliest = from - ScheduleEvent.MaxDuration;
        var held = await db.FacilityBookings.AsNoTracking()
            .Where(b => facilityIds.Contains(b.FacilityId) && (b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed)
                && b.StartsAt >= earliest && b.StartsAt < to && b.EndsAt > from)
            .Select(b => new { b.StartsAt, b.EndsAt })
            .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var duration = TimeSpan.FromMinutes(request.Minutes);
        var slots = new List<FreeSlot>();
        for (var day = request.From; day <= request.To; day = day.AddDays(1))
        {
            if (!WorkingCalendar.Default.IsWorkingDay(day))
            {
                continue;
            }

            FreeSlot? run = null;
            foreach (var start in Candidates(day, duration, hours))
            {
                var end = start + duration;
                if (start < now || held.Any(b => b.StartsAt < end && b.EndsAt > start))
                {
                    Close(ref run, slots);
                    continue;
                }

                var busyIds = people.Where(id => busy[id].Any(i => i.StartsAt < end && i.EndsAt > start)).ToList();
                if (busyIds.Count > Math.Max(0, request.MaxBusy) || busyIds.Count >= Math.Max(1, people.Count))
                {
                    Close(ref run, slots);
                    continue;
                }

                if (run is not null && run.BusyAccountIds.SequenceEqual(busyIds) && start - run.LatestStart == TimeSpan.FromMinutes(hours.StepMinutes))
                {
                    run = run with { LatestStart = start };
                }
                else
                {
                    Close(ref run, slots);
                    run = new FreeSlot(start, end, start, busyIds);
                }
            }

            Close(ref run, slots);
        }

        var ranked = slots.OrderBy(s => s.BusyAccountIds.Count).ThenBy(s => s.StartsAt).Take(Math.Clamp(request.MaxSlots, 1, 200)).ToList();
        return new FreeTimeResult(people, facilityIds, ranked);
    }

    private static void Close(ref FreeSlot? run, List<FreeSlot> slots)
    {
        if (run is not null)
        {
            slots.Add(run);
            run = null;
        }
    }

    /// <summary>Starts within the morning or the afternoon; meetings that fit in neither may span lunch.</summary>
    private static IEnumerable<DateTimeOffset> Candidates(DateOnly day, TimeSpan duration, WorkingHours hours)
    {
        var step = TimeSpan.FromMinutes(hours.StepMinutes);
        var windows = new List<(TimeOnly From, TimeOnly To)> { (hours.Start, hours.LunchStart), (hours.LunchEnd, hours.End) };
        if (windows.All(w => w.To - w.From < duration))
        {
            windows = [(hours.Start, hours.End)];
        }

        foreach (var (windowStart, windowEnd) in windows)
        {
            for (var t = day.ToDateTime(windowStart); t + duration <= day.ToDateTime(windowEnd); t += step)
            {
                yield return Clock.FromTokyo(t);
            }
        }
    }

    private async Task<List<int>> ResolvePeopleAsync(FreeTimeRequest request, CancellationToken cancellationToken)
    {
        var ids = request.AccountIds.Distinct().ToList();
        var people = await db.Users.Where(a => ids.Contains(a.Id) && a.IsActive).Select(a => a.Id).ToListAsync(cancellationToken);
        if (people.Count != ids.Count)
        {
            throw new DomainException("schedule.unknown-attendee", "参加者に、存在しないか無効な職員が含まれています。");
        }

        foreach (var departmentId in request.DepartmentIds.Distinct())
        {
            var members = await reader.MembersOfAsync(departmentId, includeSubunits: true, cancellationToken);
            if (members.Count == 0 && !await db.Departments.AnyAsync(d => d.Id == departmentId && d.IsActive, cancellationToken))
            {
                throw new DomainException("schedule.unknown-department", "部署に、存在しないか廃止されたものが含まれています。");
            }

            people.AddRange(members.Select(m => m.Id).Where(id => !people.Contains(id)));
        }

        if (people.Count > MaxPeople)
        {
            throw new DomainException("freetime.too-many", $"空き時間検索の対象は{MaxPeople}人までです。");
        }

        return people;
    }
}
