using Tsunagu.Core.Schedules;

namespace Tsunagu.Core.Meetings;

/// <summary>How often a meeting body meets (開催頻度).</summary>
public enum CadenceKind
{
    /// <summary>随時: sessions are created one by one.</summary>
    AsNeeded = 0,

    /// <summary>毎週, on <see cref="CadenceRule.Weekday"/>.</summary>
    Weekly = 1,

    /// <summary>隔週: every 14 days from the first <see cref="CadenceRule.Weekday"/> on or after the anchor.</summary>
    Biweekly = 2,

    /// <summary>毎月, on a day of the month or the n-th weekday.</summary>
    Monthly = 3,

    /// <summary>四半期ごと: every third month counted from the anchor's month, on the monthly rule.</summary>
    Quarterly = 4,
}

/// <summary>
/// The cadence of a meeting body. Monthly and quarterly sessions fall on <see cref="DayOfMonth"/> (1–31; a day the month
/// lacks means its last day, 0 means 月末 always) or, when <see cref="WeekOfMonth"/> is set, on its n-th
/// <see cref="Weekday"/> (1–5; -1 = 最終). A month without a 5th such weekday has no session: moving it into the next month
/// would put two sessions close together, and "最終" is the choice for "every month, late".
/// </summary>
public sealed record CadenceRule(CadenceKind Kind, DateOnly Anchor, DayOfWeek Weekday = DayOfWeek.Monday, int? WeekOfMonth = null, int DayOfMonth = 1)
{
    public const int LastWeek = -1;

    public const int EndOfMonth = 0;

    /// <summary>Why the rule cannot be used, in Japanese; null when it can.</summary>
    public string? Problem()
    {
        if (!Enum.IsDefined(Kind))
        {
            return "開催頻度を選んでください。";
        }

        if (Kind is CadenceKind.Weekly or CadenceKind.Biweekly or CadenceKind.Monthly or CadenceKind.Quarterly && !Enum.IsDefined(Weekday))
        {
            return "曜日を選んでください。";
        }

        if (Kind is CadenceKind.Monthly or CadenceKind.Quarterly)
        {
            if (WeekOfMonth is { } w && w is not (>= 1 and <= 5 or LastWeek))
            {
                return "第何週かは第1〜第5または最終で指定してください。";
            }

            if (WeekOfMonth is null && DayOfMonth is < 0 or > 31)
            {
                return "開催日は1〜31日または月末で指定してください。";
            }
        }

        return null;
    }
}

/// <summary>One session the cadence calls for: the day it is due, the day it is held, and why they differ.</summary>
/// <param name="ScheduledOn">The day the cadence names.</param>
/// <param name="HeldOn">The working day it is held on; null when it was dropped.</param>
/// <param name="ClosureReason">The holiday (祝日名), 土曜日/日曜日 or 年末年始 that moved it; null when it was not moved.</param>
public sealed record CadenceOccurrence(DateOnly ScheduledOn, DateOnly? HeldOn, string? ClosureReason)
{
    public bool IsMoved => HeldOn is { } held && held != ScheduledOn;

    /// <summary>Moved onto a day that already has a session of the same body: the two are one session.</summary>
    public bool IsDropped => HeldOn is null;
}

/// <summary>
/// The cadence arithmetic, free of the database: which days a body meets between two dates. A day the office is closed
/// (祝日, weekend, 12/29–1/3) moves the session to the next working day; when that day already has a session of the body
/// (a weekly Monday session on 12/29 moves to the next Monday), the moved one is dropped.
/// </summary>
public static class MeetingCadence
{
    public static IReadOnlyList<CadenceOccurrence> Between(CadenceRule rule, DateOnly from, DateOnly toInclusive, WorkingCalendar? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        calendar ??= WorkingCalendar.Default;
        if (rule.Problem() is { } problem)
        {
            throw new DomainException("meeting.invalid-cadence", problem);
        }

        // Look a little before "from" so that a session due before it but moved into the range still counts once, and
        // a little past the end so a moved session can collide with the regular one after it.
        var due = DueDays(rule, from.AddDays(-14), toInclusive.AddDays(14)).ToList();
        var dueSet = due.ToHashSet();
        var held = new HashSet<DateOnly>();
        var result = new List<CadenceOccurrence>();
        foreach (var day in due)
        {
            var reason = calendar.ClosureReason(day);
            var on = reason is null ? day : calendar.NextWorkingDay(day);
            var dropped = reason is not null && (held.Contains(on) || (dueSet.Contains(on) && calendar.IsWorkingDay(on)));
            if (!dropped)
            {
                held.Add(on);
            }

            if (day >= from && day <= toInclusive)
            {
                result.Add(new CadenceOccurrence(day, dropped ? null : on, reason));
            }
        }

        return result;
    }

    /// <summary>The days the rule names, before any move.</summary>
    public static IEnumerable<DateOnly> DueDays(CadenceRule rule, DateOnly from, DateOnly toInclusive)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (from < rule.Anchor)
        {
            from = rule.Anchor;
        }

        switch (rule.Kind)
        {
            case CadenceKind.Weekly:
            case CadenceKind.Biweekly:
                var step = rule.Kind == CadenceKind.Weekly ? 7 : 14;
                var first = rule.Anchor.AddDays(((int)rule.Weekday - (int)rule.Anchor.DayOfWeek + 7) % 7);
                if (first < from)
                {
                    var periods = (from.DayNumber - first.DayNumber + step - 1) / step;
                    first = first.AddDays(periods * step);
                }

                for (var day = first; day <= toInclusive; day = day.AddDays(step))
                {
                    yield return day;
                }

                break;
            case CadenceKind.Monthly:
            case CadenceKind.Quarterly:
                var every = rule.Kind == CadenceKind.Monthly ? 1 : 3;
                var month = new DateOnly(from.Year, from.Month, 1);
                var anchorMonth = (rule.Anchor.Year * 12) + rule.Anchor.Month - 1;
                for (; month <= toInclusive; month = month.AddMonths(1))
                {
                    var index = (month.Year * 12) + month.Month - 1;
                    if ((index - anchorMonth) % every != 0)
                    {
                        continue;
                    }

                    if (DayIn(rule, month.Year, month.Month) is { } day && day >= from && day <= toInclusive)
                    {
                        yield return day;
                    }
                }

                break;
            default:
                yield break;
        }
    }

    /// <summary>The monthly rule's day in a month; null when the month has no such day (a 5th weekday it lacks).</summary>
    public static DateOnly? DayIn(CadenceRule rule, int year, int month)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var days = DateTime.DaysInMonth(year, month);
        if (rule.WeekOfMonth is not { } week)
        {
            var d = rule.DayOfMonth == CadenceRule.EndOfMonth ? days : Math.Min(rule.DayOfMonth, days);
            return new DateOnly(year, month, d);
        }

        if (week == CadenceRule.LastWeek)
        {
            var last = new DateOnly(year, month, days);
            return last.AddDays(-(((int)last.DayOfWeek - (int)rule.Weekday + 7) % 7));
        }

        var firstOfMonth = new DateOnly(year, month, 1);
        var firstMatch = firstOfMonth.AddDays(((int)rule.Weekday - (int)firstOfMonth.DayOfWeek + 7) % 7);
        var result = firstMatch.AddDays((week - 1) * 7);
        return result.Month == month ? result : null;
    }
}
