using System.Globalization;
using Tsunagu.Core;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Web.Features.Schedules.Views;

public enum CalendarView
{
    Day,
    Week,
    Month,
}

/// <summary>How an occurrence lies on one day of a calendar.</summary>
public enum DaySpan
{
    /// <summary>An all-day event (one day or several).</summary>
    AllDay,

    /// <summary>Starts and ends on this day.</summary>
    Timed,

    /// <summary>Starts on this day and goes on past midnight.</summary>
    Starts,

    /// <summary>Began before this day and goes on after it.</summary>
    Middle,

    /// <summary>Began before this day and ends on it.</summary>
    Ends,
}

/// <summary>One occurrence as it appears on one day.</summary>
public sealed record DaySlot(Occurrence Occurrence, DaySpan Span)
{
    public string StartTime => ScheduleCalendar.Time(Occurrence.StartsAt);

    public string EndTime => ScheduleCalendar.Time(Occurrence.EndsAt);
}

/// <summary>Dates, periods, addresses and the Japanese calendar for the schedule views (Tokyo time throughout).</summary>
public static class ScheduleCalendar
{
    /// <summary>Dates a view may show: the holiday rules cover 1980–2099 and a view reaches a few weeks either side.</summary>
    public static readonly DateOnly MinDate = ScheduleEvent.FirstDay;

    public static readonly DateOnly MaxDate = ScheduleEvent.LastDay;

    private static readonly CultureInfo JapaneseEra = CreateJapaneseEra();

    private static bool IsJapanese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";

    private static CultureInfo English => CultureInfo.GetCultureInfo("en");

    private static CultureInfo CreateJapaneseEra()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return culture;
    }

    public static DateOnly Today(TimeProvider clock) => Clock.TokyoDate(clock.GetUtcNow());

    /// <summary>A yyyy-MM-dd value from the address; null when absent, <paramref name="invalid"/> when unreadable or out of range.</summary>
    public static DateOnly? ParseDate(string? text, out bool invalid)
    {
        invalid = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date >= MinDate && date <= MaxDate)
        {
            return date;
        }

        invalid = true;
        return null;
    }

    /// <summary>A positive integer id from the address; null when absent, <paramref name="invalid"/> when not a number.</summary>
    public static int? ParseId(string? text, out bool invalid)
    {
        invalid = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }

        invalid = true;
        return null;
    }

    public static CalendarView ParseView(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "DAY" => CalendarView.Day,
        "MONTH" => CalendarView.Month,
        _ => CalendarView.Week,
    };

    public static string Key(CalendarView view) => view switch
    {
        CalendarView.Day => "day",
        CalendarView.Month => "month",
        _ => "week",
    };

    public static string Key(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Personal weeks run Monday to Sunday, so that the weekend stays together at the end of the row.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static DateOnly Clamp(DateOnly date) => date < MinDate ? MinDate : date > MaxDate ? MaxDate : date;

    public static IReadOnlyList<DateOnly> Days(DateOnly first, int count) => Enumerable.Range(0, count).Select(first.AddDays).ToList();

    /// <summary>The days of a month grid: whole Monday-to-Sunday weeks covering the month of <paramref name="date"/>.</summary>
    public static IReadOnlyList<DateOnly> MonthGrid(DateOnly date)
    {
        var first = new DateOnly(date.Year, date.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var start = WeekStart(first);
        var end = WeekStart(last).AddDays(6);
        return Days(start, end.DayNumber - start.DayNumber + 1);
    }

    /// <summary>The instant range [from, to) of the Tokyo days from <paramref name="first"/> to <paramref name="last"/>.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Range(DateOnly first, DateOnly last) => (Clock.FromTokyo(first), Clock.FromTokyo(last.AddDays(1)));

    /// <summary>The occurrences on one day: all-day and day-spanning ones first, then by start.</summary>
    public static IReadOnlyList<DaySlot> SlotsOn(DateOnly day, IEnumerable<Occurrence> occurrences)
    {
        var (dayStart, dayEnd) = Range(day, day);
        var slots = new List<DaySlot>();
        foreach (var o in occurrences)
        {
            if (o.StartsAt >= dayEnd || o.EndsAt <= dayStart)
            {
                continue;
            }

            var startsBefore = o.StartsAt < dayStart;
            var endsAfter = o.EndsAt > dayEnd;
            var span = o.IsAllDay ? DaySpan.AllDay
                : startsBefore && endsAfter ? DaySpan.Middle
                : startsBefore ? DaySpan.Ends
                : endsAfter ? DaySpan.Starts
                : DaySpan.Timed;
            slots.Add(new DaySlot(o, span));
        }

        return slots.OrderBy(s => s.Span is DaySpan.AllDay or DaySpan.Middle ? 0 : 1)
            .ThenBy(s => s.Span == DaySpan.Ends ? DateTimeOffset.MinValue : s.Occurrence.StartsAt)
            .ThenBy(s => s.Occurrence.EndsAt)
            .ToList();
    }

    public static string EventHref(Occurrence o) =>
        o.SeriesOccurrence is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"/schedule/events/{o.EventId}?at={OccurrenceKey.ToKey(at)}")
            : string.Create(CultureInfo.InvariantCulture, $"/schedule/events/{o.EventId}");

    public static string NewEventHref(DateOnly date, TimeOnly time, int? attendeeId = null)
    {
        var href = $"/schedule/events/new?start={Key(date)}T{time.ToString("HH:mm", CultureInfo.InvariantCulture)}";
        return attendeeId is { } id ? href + string.Create(CultureInfo.InvariantCulture, $"&attendees={id}") : href;
    }

    /// <summary>09:30 in Tokyo time.</summary>
    public static string Time(DateTimeOffset value) => Clock.ToTokyo(value).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string? HolidayName(DateOnly date) => JapaneseHolidays.NameOf(date);

    /// <summary>CSS classes for a day: weekend, holiday, today.</summary>
    public static string DayClasses(DateOnly date, DateOnly today)
    {
        var classes = new List<string>(3);
        if (date.DayOfWeek == DayOfWeek.Saturday)
        {
            classes.Add("sat");
        }
        else if (date.DayOfWeek == DayOfWeek.Sunday)
        {
            classes.Add("sun");
        }

        if (HolidayName(date) is not null)
        {
            classes.Add("holiday");
        }

        if (date == today)
        {
            classes.Add("today");
        }

        return string.Join(' ', classes);
    }

    /// <summary>令和8年11月26日(木) / Thursday, 26 November 2026.</summary>
    public static string Heading(DateOnly date) => Components.Dates.Heading(Clock.FromTokyo(date));

    /// <summary>令和8年11月23日(月)〜11月29日(日): the second date drops the era and year when they are the same.</summary>
    public static string RangeHeading(DateOnly first, DateOnly last)
    {
        if (!IsJapanese)
        {
            return $"{Heading(first)} – {Heading(last)}";
        }

        var start = first.ToDateTime(TimeOnly.MinValue);
        var end = last.ToDateTime(TimeOnly.MinValue);
        var sameYear = start.ToString("ggy", JapaneseEra) == end.ToString("ggy", JapaneseEra);
        return Heading(first) + "〜" + end.ToString(sameYear ? "M月d日(ddd)" : "ggy年M月d日(ddd)", JapaneseEra);
    }

    /// <summary>令和8年11月 / November 2026.</summary>
    public static string MonthHeading(DateOnly date) =>
        IsJapanese
            ? date.ToDateTime(TimeOnly.MinValue).ToString("ggy年M月", JapaneseEra)
            : date.ToDateTime(TimeOnly.MinValue).ToString("MMMM yyyy", English);

    /// <summary>11/26(木) / Thu 26 Nov: a column header.</summary>
    public static string ShortDay(DateOnly date) =>
        IsJapanese
            ? date.ToString("M/d", CultureInfo.InvariantCulture) + "(" + Weekday(date.DayOfWeek) + ")"
            : date.ToString("ddd d MMM", English);

    /// <summary>11月26日 / 26 November: inside sentences.</summary>
    public static string MonthDay(DateOnly date) =>
        IsJapanese
            ? date.ToString("M月d日", CultureInfo.InvariantCulture)
            : date.ToString("d MMMM", English);

    /// <summary>11月26日(木) / Thursday 26 November: a day's heading in a week.</summary>
    public static string DayTitle(DateOnly date) =>
        IsJapanese
            ? MonthDay(date) + "(" + Weekday(date.DayOfWeek) + ")"
            : date.ToString("dddd d MMMM", English);

    /// <summary>月 / Mon.</summary>
    public static string Weekday(DayOfWeek day) =>
        IsJapanese
            ? CultureInfo.GetCultureInfo("ja-JP").DateTimeFormat.GetAbbreviatedDayName(day)
            : English.DateTimeFormat.GetAbbreviatedDayName(day);

    /// <summary>The category as the reader's language names it.</summary>
    public static string CategoryName(string category) => IsJapanese ? category : EventCategories.English(category);
}
