using System.Collections.Frozen;

namespace Tsunagu.Core.Schedules;

/// <summary>
/// The days a city office is open (開庁日): not a weekend, not a national holiday, not in the year-end
/// closure that 地方自治法第4条の2 lets a municipality set by ordinance (12/29–1/3 almost everywhere),
/// and not one of the municipality's own extra closures.
/// </summary>
public sealed class WorkingCalendar
{
    public const string YearEndReason = "年末年始";
    public const string SaturdayReason = "土曜日";
    public const string SundayReason = "日曜日";
    public const string ExtraClosureReason = "休庁日";

    private readonly bool _closedAtYearEnd;
    private readonly FrozenSet<DateOnly> _extraClosedDays;

    public WorkingCalendar(bool closedAtYearEnd = true, IEnumerable<DateOnly>? extraClosedDays = null)
    {
        _closedAtYearEnd = closedAtYearEnd;
        _extraClosedDays = (extraClosedDays ?? []).ToFrozenSet();
    }

    public static WorkingCalendar Default { get; } = new();

    public bool IsWorkingDay(DateOnly date) => ClosureReason(date) is null;

    /// <summary>Why the office is closed on <paramref name="date"/>, most specific reason first; null when it is open.</summary>
    public string? ClosureReason(DateOnly date)
    {
        if (JapaneseHolidays.NameOf(date) is { } holiday)
        {
            return holiday;
        }

        if (_closedAtYearEnd && IsYearEnd(date))
        {
            return YearEndReason;
        }

        return date.DayOfWeek switch
        {
            DayOfWeek.Saturday => SaturdayReason,
            DayOfWeek.Sunday => SundayReason,
            _ => _extraClosedDays.Contains(date) ? ExtraClosureReason : null,
        };
    }

    /// <summary>The date itself when the office is open on it, otherwise the next day it is.</summary>
    public DateOnly NextWorkingDay(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    /// <summary>
    /// Counts <paramref name="days"/> working days from <paramref name="date"/>, backwards when negative.
    /// A date the office is closed on counts as the next working day (what was received on a Saturday is
    /// handled as received on Monday), which is also the result for 0.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int days)
    {
        var current = NextWorkingDay(date);
        var step = Math.Sign(days);
        for (var remaining = Math.Abs((long)days); remaining > 0; remaining--)
        {
            do
            {
                current = current.AddDays(step);
            }
            while (!IsWorkingDay(current));
        }

        return current;
    }

    /// <summary>The working days from <paramref name="from"/> to <paramref name="toInclusive"/>, in order; none when from is later.</summary>
    public IEnumerable<DateOnly> WorkingDaysBetween(DateOnly from, DateOnly toInclusive)
    {
        for (var date = from; date <= toInclusive; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                yield return date;
            }
        }
    }

    private static bool IsYearEnd(DateOnly date) =>
        (date.Month == 12 && date.Day >= 29) || (date.Month == 1 && date.Day <= 3);
}
