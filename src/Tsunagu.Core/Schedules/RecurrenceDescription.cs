using System.Globalization;

namespace Tsunagu.Core.Schedules;

public sealed partial record RecurrenceRule
{
    private static readonly string[] JapaneseDayNames = ["日", "月", "火", "水", "木", "金", "土"];

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    /// <summary>
    /// 毎日 / 平日(月〜金) / 毎週 月・水曜日 / 2週間ごと 火曜日 / 毎月 25日 / 毎月 月末 / 毎月 第2火曜日 / 毎月 最終金曜日 /
    /// 毎年 11月26日, followed by " (10回)" or " (2027年3月31日まで)". The series start supplies what the rule leaves out
    /// (the weekday of a WEEKLY rule, the day of a MONTHLY or YEARLY one).
    /// </summary>
    public string DescribeJa(DateTime seriesStart)
    {
        var text = Frequency switch
        {
            _ when IsWeekdaysOnly => "平日(月〜金)",
            RecurrenceFrequency.Daily => ByDay.Count == 0
                ? Every("毎日", "日ごと")
                : $"{Every("毎日", "日ごと")} {JapaneseDays(ByDay.Select(r => r.Day))}のみ",
            RecurrenceFrequency.Weekly => $"{Every("毎週", "週間ごと")} {JapaneseDays(WeeklyDays(seriesStart))}",
            RecurrenceFrequency.Monthly => $"{Every("毎月", "か月ごと")} {JapaneseMonthDays(seriesStart)}",
            _ => $"{Every("毎年", "年ごと")} {Invariant($"{seriesStart.Month}月{seriesStart.Day}日")}",
        };

        if (Count is { } count)
        {
            return text + Invariant($" ({count}回)");
        }

        if (LastDate(seriesStart) is { } last)
        {
            return text + Invariant($" ({last.Year}年{last.Month}月{last.Day}日まで)");
        }

        return text;
    }

    /// <summary>Daily / Weekdays (Mon–Fri) / Weekly on Monday, Wednesday / Monthly on the 2nd Tuesday …, with ", 10 times" or ", until March 31, 2027".</summary>
    public string DescribeEn(DateTime seriesStart)
    {
        var text = Frequency switch
        {
            _ when IsWeekdaysOnly => "Weekdays (Mon–Fri)",
            RecurrenceFrequency.Daily => ByDay.Count == 0
                ? EveryEn("Daily", "days")
                : $"{EveryEn("Daily", "days")}, only on {EnglishDays(ByDay.Select(r => r.Day))}",
            RecurrenceFrequency.Weekly => $"{EveryEn("Weekly", "weeks")} on {EnglishDays(WeeklyDays(seriesStart))}",
            RecurrenceFrequency.Monthly => $"{EveryEn("Monthly", "months")} on {EnglishMonthDays(seriesStart)}",
            _ => $"{EveryEn("Yearly", "years")} on {English.DateTimeFormat.GetMonthName(seriesStart.Month)} {Invariant($"{seriesStart.Day}")}",
        };

        if (Count is { } count)
        {
            return text + (count == 1 ? ", once" : Invariant($", {count} times"));
        }

        if (LastDate(seriesStart) is { } last)
        {
            return text + ", until " + last.ToString("MMMM d, yyyy", English);
        }

        return text;
    }

    private bool IsWeekdaysOnly =>
        Frequency is RecurrenceFrequency.Daily or RecurrenceFrequency.Weekly
        && Interval == 1
        && ByDay.SequenceEqual(MondayToFriday);

    private IEnumerable<DayOfWeek> WeeklyDays(DateTime seriesStart) =>
        ByDay.Count == 0 ? [seriesStart.DayOfWeek] : ByDay.Select(r => r.Day);

    /// <summary>The day UNTIL lets the last occurrence fall on: an UNTIL of 08:59:59 ends a 09:00 series the day before.</summary>
    private DateOnly? LastDate(DateTime seriesStart) => Until is { } until
        ? DateOnly.FromDateTime(until.TimeOfDay >= seriesStart.TimeOfDay ? until : until.AddDays(-1))
        : null;

    private string Every(string one, string unit) => Interval == 1 ? one : Invariant($"{Interval}{unit}");

    private string EveryEn(string one, string unit) => Interval == 1 ? one : Invariant($"Every {Interval} {unit}");

    private static string JapaneseDays(IEnumerable<DayOfWeek> days) =>
        string.Join("・", days.OrderBy(DaySortKey).Select(d => JapaneseDayNames[(int)d])) + "曜日";

    private static string EnglishDays(IEnumerable<DayOfWeek> days) =>
        string.Join(", ", days.OrderBy(DaySortKey).Select(d => d.ToString()));

    private string JapaneseMonthDays(DateTime seriesStart)
    {
        var weekdays = string.Join("・", ByDay.Select(r => r.Ordinal switch
        {
            0 when ByMonthDay.Count > 0 => $"{JapaneseDayNames[(int)r.Day]}曜日",
            0 => $"すべての{JapaneseDayNames[(int)r.Day]}曜日",
            -1 => $"最終{JapaneseDayNames[(int)r.Day]}曜日",
            < 0 => Invariant($"最後から{-r.Ordinal}番目の{JapaneseDayNames[(int)r.Day]}曜日"),
            _ => Invariant($"第{r.Ordinal}{JapaneseDayNames[(int)r.Day]}曜日"),
        }));
        if (ByMonthDay.Count == 0)
        {
            return ByDay.Count == 0 ? Invariant($"{seriesStart.Day}日") : weekdays;
        }

        var days = string.Join("・", ByMonthDay.Select(d => d switch
        {
            -1 => "月末",
            < 0 => Invariant($"月末の{-d - 1}日前"),
            _ => Invariant($"{d}日"),
        }));
        return ByDay.Count == 0 ? days : $"{days}({weekdays}に当たる日のみ)";
    }

    private string EnglishMonthDays(DateTime seriesStart)
    {
        var weekdays = string.Join(", ", ByDay.Select(r => r.Ordinal switch
        {
            0 when ByMonthDay.Count > 0 => $"a {r.Day}",
            0 => $"every {r.Day}",
            -1 => $"the last {r.Day}",
            < 0 => $"the {EnglishOrdinal(-r.Ordinal)}-to-last {r.Day}",
            _ => $"the {EnglishOrdinal(r.Ordinal)} {r.Day}",
        }));
        if (ByMonthDay.Count == 0)
        {
            return ByDay.Count == 0 ? Invariant($"day {seriesStart.Day}") : weekdays;
        }

        var days = string.Join(", ", ByMonthDay.Select(d => d switch
        {
            -1 => "the last day",
            < 0 => $"the {EnglishOrdinal(-d)}-to-last day",
            _ => Invariant($"day {d}"),
        }));
        return ByDay.Count == 0 ? days : $"{days}, when it falls on {weekdays}";
    }

    private static string EnglishOrdinal(int n) => Invariant($"{n}") + (n % 100 is >= 11 and <= 13 ? "th" : (n % 10) switch
    {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    });

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
