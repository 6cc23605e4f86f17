using System.Globalization;
using Microsoft.Extensions.Localization;
using Tsunagu.Core;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Web.Features.Schedules.Events;

/// <summary>Dates, times and values of the event and free-time pages, in Tokyo time; 和暦 where officials expect it.</summary>
public static class EventFormat
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string TimeFormat = "HH:mm";

    /// <summary>The form of start= and end= in links to the event form: 2026-11-27T10:00.</summary>
    public const string LinkFormat = "yyyy-MM-dd'T'HH:mm";

    private static readonly CultureInfo JapaneseEra = CreateJapaneseEra();

    private static CultureInfo CreateJapaneseEra()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return culture;
    }

    public static bool IsJapanese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";

    private static string Dash => IsJapanese ? "〜" : "–";

    /// <summary>The short 和暦 of a day: R8.11.27(金); Fri 27 Nov 2026 in English.</summary>
    public static string ShortDate(DateOnly date)
    {
        if (!IsJapanese)
        {
            return date.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en"));
        }

        var value = date.ToDateTime(TimeOnly.MinValue);
        // JapaneseCalendar numbers the eras from 明治 (1) to 令和 (5); officials abbreviate them M, T, S, H, R.
        var era = JapaneseEra.DateTimeFormat.Calendar.GetEra(value);
        var letter = era is >= 1 and <= 5 ? "MTSHR"[(era - 1)..era] : JapaneseEra.DateTimeFormat.GetEraName(era);
        var year = JapaneseEra.DateTimeFormat.Calendar.GetYear(value);
        return string.Create(CultureInfo.InvariantCulture, $"{letter}{year}.{date.Month}.{date.Day}({JapaneseDay(date.DayOfWeek)})");
    }

    /// <summary>The long 和暦 of a day: 令和8年11月27日(金); Friday, 27 November 2026 in English.</summary>
    public static string LongDate(DateOnly date) => IsJapanese
        ? date.ToDateTime(TimeOnly.MinValue).ToString("ggy年M月d日(ddd)", JapaneseEra)
        : date.ToString("dddd, d MMMM yyyy", CultureInfo.GetCultureInfo("en"));

    public static string JapaneseDay(DayOfWeek day) => "日月火水木金土".Substring((int)day, 1);

    public static string Hm(DateTimeOffset value) => Clock.ToTokyo(value).ToString("H:mm", CultureInfo.InvariantCulture);

    public static string Hm(DateTime local) => local.ToString("H:mm", CultureInfo.InvariantCulture);

    public static string Hm(TimeOnly value) => value.ToString("H:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// When an event takes place, as a sentence: 令和8年11月27日(金) 10:00〜11:00, 令和8年11月27日(金) 終日, or with both days
    /// when it spans several. <paramref name="allDayText"/> is 終日 / All day.
    /// </summary>
    public static string When(DateTimeOffset start, DateTimeOffset end, bool allDay, string allDayText)
    {
        var s = Clock.TokyoLocal(start);
        var e = Clock.TokyoLocal(end);
        var startDay = DateOnly.FromDateTime(s);
        if (allDay)
        {
            var lastDay = DateOnly.FromDateTime(e).AddDays(-1);
            return lastDay <= startDay
                ? $"{LongDate(startDay)} {allDayText}"
                : $"{LongDate(startDay)}{Dash}{LongDate(lastDay)} {allDayText}";
        }

        var endDay = DateOnly.FromDateTime(e);
        if (endDay == startDay || (e.TimeOfDay == TimeSpan.Zero && endDay == startDay.AddDays(1)))
        {
            var endText = e.TimeOfDay == TimeSpan.Zero && endDay != startDay ? "24:00" : Hm(e);
            return $"{LongDate(startDay)} {Hm(s)}{Dash}{endText}";
        }

        return $"{LongDate(startDay)} {Hm(s)}{Dash}{LongDate(endDay)} {Hm(e)}";
    }

    public static string TimeRange(DateTimeOffset start, DateTimeOffset end) => $"{Hm(start)}{Dash}{Hm(end)}";

    /// <summary>The value of an address's start= or end=: 2026-11-27T10:00 (Tokyo).</summary>
    public static string LinkValue(DateTimeOffset value) => Clock.ToTokyo(value).ToString(LinkFormat, CultureInfo.InvariantCulture);

    public static string Iso(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Iso(DateTime local) => local.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string IsoTime(DateTime local) => local.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>yyyy-MM-dd (or yyyy/MM/dd) from 2000 to 2199; null for anything else.</summary>
    public static DateOnly? ParseDate(string? text)
    {
        var value = (text ?? "").Trim();
        return DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy/M/d", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date >= ScheduleEvent.FirstDay && date <= ScheduleEvent.LastDay
            ? date
            : null;
    }

    /// <summary>HH:mm as a browser's time field sends it (seconds ignored); null for anything else.</summary>
    public static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact((text ?? "").Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? new TimeOnly(time.Hour, time.Minute)
            : null;

    /// <summary>2026-11-27T10:00 (T or a space) as a Tokyo wall-clock time; null for anything else.</summary>
    public static DateTime? ParseLocal(string? text) =>
        DateTime.TryParseExact((text ?? "").Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            && ScheduleEvent.IsInRange(value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified)
            : null;

    /// <summary>Ids from repeated or comma-separated values (attendees=1,2,3 or attendees=1&amp;attendees=2); junk is skipped.</summary>
    public static List<int> ParseIds(IEnumerable<string?>? values, int max = 1000)
    {
        var ids = new List<int>();
        foreach (var value in values ?? [])
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 && !ids.Contains(id))
                {
                    ids.Add(id);
                    if (ids.Count >= max)
                    {
                        return ids;
                    }
                }
            }
        }

        return ids;
    }

    public static string JoinIds(IEnumerable<int> ids) => string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    public static string ResponseKey(AttendeeResponse response) => response switch
    {
        AttendeeResponse.Accepted => "accepted",
        AttendeeResponse.Declined => "declined",
        AttendeeResponse.Tentative => "tentative",
        _ => "pending",
    };

    public static AttendeeResponse? ParseResponse(string? key) => key switch
    {
        "accepted" => AttendeeResponse.Accepted,
        "declined" => AttendeeResponse.Declined,
        "tentative" => AttendeeResponse.Tentative,
        _ => null,
    };

    public static string StatusKey(BookingStatus status) => status switch
    {
        BookingStatus.Tentative => "tentative",
        BookingStatus.Confirmed => "confirmed",
        BookingStatus.Declined => "declined",
        _ => "cancelled",
    };

    public static string ScopeKey(EditScope scope) => scope switch
    {
        EditScope.One => "one",
        EditScope.Following => "following",
        _ => "all",
    };

    public static EditScope? ParseScope(string? key) => key switch
    {
        "one" => EditScope.One,
        "following" => EditScope.Following,
        "all" => EditScope.All,
        _ => null,
    };

    /// <summary>The category as the reader's language names it.</summary>
    public static string Category(string category) => IsJapanese ? category : EventCategories.English(category);

    /// <summary>The rule in words (毎週 月曜日 (4回)), or the RRULE text when it cannot be read.</summary>
    public static string Recurrence(string rule, DateTimeOffset seriesStart)
    {
        if (!RecurrenceRule.TryParse(rule, out var parsed, out _))
        {
            return rule;
        }

        var start = Clock.TokyoLocal(seriesStart);
        return IsJapanese ? parsed.DescribeJa(start) : parsed.DescribeEn(start);
    }

    /// <summary>Whether <paramref name="at"/> is an occurrence of the series (the rule's own test, as the service applies it).</summary>
    public static bool IsOccurrence(ScheduleEvent master, DateTimeOffset at)
    {
        if (master.Recurrence is null || !RecurrenceRule.TryParse(master.Recurrence, out var rule, out _))
        {
            return false;
        }

        var local = Clock.TokyoLocal(at);
        try
        {
            return rule.Occurrences(Clock.TokyoLocal(master.StartsAt), master.Duration, local, local.AddMinutes(1)).Any(o => o == local);
        }
        catch (DomainException)
        {
            return false;
        }
    }

    /// <summary>5分前, 1時間前, 1日前 …</summary>
    public static string Reminder(IStringLocalizer t, int minutes) => minutes switch
    {
        _ when minutes % 1440 == 0 => string.Format(CultureInfo.CurrentCulture, t["Reminder.Days"], minutes / 1440),
        _ when minutes % 60 == 0 => string.Format(CultureInfo.CurrentCulture, t["Reminder.Hours"], minutes / 60),
        _ => string.Format(CultureInfo.CurrentCulture, t["Reminder.Minutes"], minutes),
    };
}
