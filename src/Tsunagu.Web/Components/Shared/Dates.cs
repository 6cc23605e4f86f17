using System.Globalization;
using Tsunagu.Core;

namespace Tsunagu.Web.Components;

/// <summary>Dates as officials read them: Tokyo time; 和暦 in Japanese (令和8年11月26日(木)).</summary>
public static class Dates
{
    private static readonly CultureInfo JapaneseCalendarCulture = CreateJapaneseCalendar();

    private static CultureInfo CreateJapaneseCalendar()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return culture;
    }

    private static bool IsJapanese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";

    public static string Stamp(DateTimeOffset value)
    {
        var local = Clock.ToTokyo(value);
        return local.ToString(IsJapanese ? "yyyy/MM/dd HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>令和8年11月26日(木) in Japanese; Thursday, 26 November 2026 in English.</summary>
    public static string Heading(DateTimeOffset value)
    {
        var local = Clock.ToTokyo(value).DateTime;
        return IsJapanese
            ? local.ToString("ggy年M月d日(ddd)", JapaneseCalendarCulture)
            : local.ToString("dddd, d MMMM yyyy", CultureInfo.GetCultureInfo("en"));
    }

    public static string Relative(DateTimeOffset value, DateTimeOffset now)
    {
        var diff = now - value;
        if (IsJapanese)
        {
            return diff.TotalMinutes < 1 ? "たった今"
                : diff.TotalHours < 1 ? $"{(int)diff.TotalMinutes}分前"
                : diff.TotalDays < 1 ? $"{(int)diff.TotalHours}時間前"
                : Stamp(value);
        }

        return diff.TotalMinutes < 1 ? "just now"
            : diff.TotalHours < 1 ? $"{(int)diff.TotalMinutes} min ago"
            : diff.TotalDays < 1 ? $"{(int)diff.TotalHours} h ago"
            : Stamp(value);
    }
}
