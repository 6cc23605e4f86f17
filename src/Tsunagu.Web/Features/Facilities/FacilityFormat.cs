using System.Globalization;
using Tsunagu.Core;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Web.Features.Facilities;

/// <summary>Dates, times and query values of the facility pages, in Tokyo time.</summary>
public static class FacilityFormat
{
    /// <summary>The board's time axis: 8:00 to 20:00.</summary>
    public const int AxisStartHour = 8;

    public const int AxisEndHour = 20;

    /// <summary>Dates a page accepts; outside them the holiday table and 和暦 make no promises.</summary>
    public static readonly DateOnly FirstDate = ScheduleEvent.FirstDay;

    public static readonly DateOnly LastDate = ScheduleEvent.LastDay;

    private static bool IsJapanese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Hm(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>yyyy-MM-dd within <see cref="FirstDate"/>..<see cref="LastDate"/>; null for anything else.</summary>
    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact((text ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d >= FirstDate && d <= LastDate ? d : null;

    /// <summary>HH:mm (or H:mm) as a browser's time field sends it; null for anything else.</summary>
    public static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact((text ?? "").Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    /// <summary>11月26日(木) / Thu 26 Nov.</summary>
    public static string Day(DateOnly date) => IsJapanese
        ? date.ToString("M月d日(ddd)", CultureInfo.GetCultureInfo("ja-JP"))
        : date.ToString("ddd d MMM", CultureInfo.GetCultureInfo("en"));

    /// <summary>9:00〜10:30 within one day; 11/26 9:00〜11/27 17:00 across days.</summary>
    public static string Range(DateTimeOffset start, DateTimeOffset end, bool withDate = false)
    {
        var s = Clock.ToTokyo(start);
        var e = Clock.ToTokyo(end);
        var dash = IsJapanese ? "〜" : "–";
        var sameDay = s.Date == e.Date || (e.TimeOfDay == TimeSpan.Zero && e.Date == s.Date.AddDays(1));
        if (sameDay)
        {
            var endText = e.TimeOfDay == TimeSpan.Zero && e.Date != s.Date ? "24:00" : e.ToString("H:mm", CultureInfo.InvariantCulture);
            var range = s.ToString("H:mm", CultureInfo.InvariantCulture) + dash + endText;
            return withDate ? $"{Day(DateOnly.FromDateTime(s.DateTime))} {range}" : range;
        }

        return $"{Short(s)} {s.ToString("H:mm", CultureInfo.InvariantCulture)}{dash}{Short(e)} {e.ToString("H:mm", CultureInfo.InvariantCulture)}";
    }

    /// <summary>The start as a block on <paramref name="day"/>'s axis shows it: 9:30, or 前日〜 when it began the day before.</summary>
    public static string Start(DateTimeOffset start, DateOnly day)
    {
        var s = Clock.ToTokyo(start);
        return DateOnly.FromDateTime(s.DateTime) < day ? (IsJapanese ? "前日〜" : "from before") : s.ToString("H:mm", CultureInfo.InvariantCulture);
    }

    private static string Short(DateTimeOffset local) => IsJapanese
        ? local.ToString("M/d", CultureInfo.InvariantCulture)
        : local.ToString("d MMM", CultureInfo.GetCultureInfo("en"));

    /// <summary>The office's reason to be closed (a holiday's name, 土曜日, 年末年始 …); null on a working day.</summary>
    public static string? Closure(DateOnly date) => WorkingCalendar.Default.ClosureReason(date);

    public static string KindKey(FacilityKind kind) => kind switch
    {
        FacilityKind.Vehicle => "vehicle",
        FacilityKind.Equipment => "equipment",
        _ => "room",
    };

    public static FacilityKind? ParseKind(string? key) => key switch
    {
        "room" => FacilityKind.Room,
        "vehicle" => FacilityKind.Vehicle,
        "equipment" => FacilityKind.Equipment,
        _ => null,
    };

    /// <summary>Where a block of [start, end) sits on the 8:00–20:00 axis of <paramref name="day"/>, in percent.</summary>
    public static (double Left, double Width, bool CutStart, bool CutEnd) Place(DateOnly day, DateTimeOffset start, DateTimeOffset end)
    {
        var axisStart = Clock.FromTokyo(day.ToDateTime(new TimeOnly(AxisStartHour, 0)));
        var axisEnd = Clock.FromTokyo(day.ToDateTime(new TimeOnly(AxisEndHour, 0)));
        var total = (axisEnd - axisStart).TotalMinutes;
        var from = Math.Clamp((start - axisStart).TotalMinutes, 0, total);
        var to = Math.Clamp((end - axisStart).TotalMinutes, 0, total);

        // A booking wholly before 8:00 or after 20:00 still shows, as a sliver at the edge.
        const double minWidth = 2.5;
        var left = from / total * 100;
        var width = Math.Max((to - from) / total * 100, minWidth);
        if (left + width > 100)
        {
            left = 100 - width;
        }

        var cutStart = start < axisStart;
        var cutEnd = end > axisEnd;
        return (left, width, cutStart, cutEnd);
    }

    public static string Percent(double value) => value.ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
