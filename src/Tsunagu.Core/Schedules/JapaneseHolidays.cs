using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Globalization;

namespace Tsunagu.Core.Schedules;

public readonly record struct Holiday(DateOnly Date, string Name);

/// <summary>
/// Japan's days off under 国民の祝日に関する法律 (昭和23年法律第178号) and its amendments, computed from the
/// Act's rules rather than read from a table, for 1980–2099 (the range of the equinox formula).
/// Names follow the Cabinet Office list as exported by holiday_jp: a substitute day is
/// "{祝日名} 振替休日" (named after the Sunday 祝日 it replaces, Art. 3(2)) and a day between two 祝日 is
/// "休日" (Art. 3(3)).
/// </summary>
public static class JapaneseHolidays
{
    public const string CitizensHolidayName = "休日";
    public const string SubstituteSuffix = " 振替休日";

    private static readonly ConcurrentDictionary<int, YearTable> Years = new();

    // Art. 3(2) as first enacted (昭和48年法律第10号): only the Monday after a Sunday 祝日.
    private static readonly DateOnly SubstituteHolidaysFrom = new(1973, 4, 12);

    // 平成17年法律第43号: from 2007 the substitute is the next day that is not a 祝日, and Art. 3(3) no
    // longer excludes Sundays and substitute days.
    private const int CurrentRulesFrom = 2007;

    // Art. 3(3) was added by 昭和60年法律第103号.
    private static readonly DateOnly CitizensHolidaysFrom = new(1985, 12, 27);

    public static int FirstSupportedYear => 1980;

    public static int LastSupportedYear => 2099;

    public static string? NameOf(DateOnly date) =>
        ForYear(date.Year).Names.TryGetValue(date, out var name) ? name : null;

    public static bool IsHoliday(DateOnly date) => NameOf(date) is not null;

    public static IReadOnlyList<Holiday> InYear(int year) => ForYear(year).Holidays;

    public static IReadOnlyList<Holiday> Between(DateOnly from, DateOnly toInclusive)
    {
        CheckYear(from.Year, nameof(from));
        CheckYear(toInclusive.Year, nameof(toInclusive));
        var result = new List<Holiday>();
        for (var year = from.Year; year <= toInclusive.Year; year++)
        {
            foreach (var holiday in ForYear(year).Holidays)
            {
                if (holiday.Date >= from && holiday.Date <= toInclusive)
                {
                    result.Add(holiday);
                }
            }
        }

        return result.AsReadOnly();
    }

    private static YearTable ForYear(int year)
    {
        CheckYear(year, nameof(year));
        return Years.GetOrAdd(year, static y => YearTable.Create(Compute(y)));
    }

    private static void CheckYear(int year, string paramName)
    {
        if (year < FirstSupportedYear || year > LastSupportedYear)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                year,
                string.Create(CultureInfo.InvariantCulture, $"Japanese holidays are computed for {FirstSupportedYear}–{LastSupportedYear} only."));
        }
    }

    private static SortedDictionary<DateOnly, string> Compute(int year)
    {
        var nationalHolidays = NationalHolidays(year);
        var days = new SortedDictionary<DateOnly, string>(nationalHolidays);

        foreach (var (date, name) in nationalHolidays)
        {
            if (date.DayOfWeek != DayOfWeek.Sunday || date < SubstituteHolidaysFrom)
            {
                continue;
            }

            var substitute = date.AddDays(1);
            if (year >= CurrentRulesFrom)
            {
                while (nationalHolidays.ContainsKey(substitute))
                {
                    substitute = substitute.AddDays(1);
                }
            }
            else if (nationalHolidays.ContainsKey(substitute))
            {
                continue;
            }

            days.TryAdd(substitute, name + SubstituteSuffix);
        }

        // No 祝日 falls on 12/30 or 12/31, so neither rule reaches across a year boundary.
        var lastDay = new DateOnly(year, 12, 30);
        for (var date = new DateOnly(year, 1, 2); date <= lastDay; date = date.AddDays(1))
        {
            if (date < CitizensHolidaysFrom
                || days.ContainsKey(date)
                || (year < CurrentRulesFrom && date.DayOfWeek == DayOfWeek.Sunday))
            {
                continue;
            }

            if (nationalHolidays.ContainsKey(date.AddDays(-1)) && nationalHolidays.ContainsKey(date.AddDays(1)))
            {
                days.Add(date, CitizensHolidayName);
            }
        }

        return days;
    }

    /// <summary>The 国民の祝日 of Art. 2 and the one-off days that special Acts made 祝日.</summary>
    private static SortedDictionary<DateOnly, string> NationalHolidays(int year)
    {
        var days = new SortedDictionary<DateOnly, string>();
        void Add(int month, int day, string name) => days.Add(new DateOnly(year, month, day), name);

        Add(1, 1, "元日");
        if (year >= 2000)
        {
            days.Add(NthMonday(year, 1, 2), "成人の日");
        }
        else
        {
            Add(1, 15, "成人の日");
        }

        Add(2, 11, "建国記念の日");
        if (year >= 2020)
        {
            Add(2, 23, "天皇誕生日");
        }

        Add(3, VernalEquinoxDay(year), "春分の日");
        Add(4, 29, year switch
        {
            >= 2007 => "昭和の日",
            >= 1989 => "みどりの日",
            _ => "天皇誕生日",
        });
        Add(5, 3, "憲法記念日");
        if (year >= 2007)
        {
            Add(5, 4, "みどりの日");
        }

        Add(5, 5, "こどもの日");

        // 海の日, 山の日 and スポーツの日 moved for the Tokyo Olympics (平成30年法律第57号, 令和2年法律第68号).
        switch (year)
        {
            case 2020:
                Add(7, 23, "海の日");
                Add(7, 24, "スポーツの日");
                Add(8, 10, "山の日");
                break;
            case 2021:
                Add(7, 22, "海の日");
                Add(7, 23, "スポーツの日");
                Add(8, 8, "山の日");
                break;
            default:
                if (year >= 2003)
                {
                    days.Add(NthMonday(year, 7, 3), "海の日");
                }
                else if (year >= 1996)
                {
                    Add(7, 20, "海の日");
                }

                if (year >= 2016)
                {
                    Add(8, 11, "山の日");
                }

                if (year >= 2000)
                {
                    // The Cabinet Office listed 2019's day under both names, the rename having been enacted.
                    days.Add(NthMonday(year, 10, 2), year switch
                    {
                        >= 2020 => "スポーツの日",
                        2019 => "体育の日（スポーツの日）",
                        _ => "体育の日",
                    });
                }
                else
                {
                    Add(10, 10, "体育の日");
                }

                break;
        }

        if (year >= 2003)
        {
            days.Add(NthMonday(year, 9, 3), "敬老の日");
        }
        else
        {
            Add(9, 15, "敬老の日");
        }

        Add(9, AutumnalEquinoxDay(year), "秋分の日");
        Add(11, 3, "文化の日");
        Add(11, 23, "勤労感謝の日");
        if (year is >= 1989 and <= 2018)
        {
            Add(12, 23, "天皇誕生日");
        }

        // Days made 祝日 by their own Acts (平成元年法律第4号, 平成2年法律第24号, 平成5年法律第32号, 平成30年法律第99号).
        switch (year)
        {
            case 1989:
                Add(2, 24, "昭和天皇の大喪の礼");
                break;
            case 1990:
                Add(11, 12, "即位礼正殿の儀");
                break;
            case 1993:
                Add(6, 9, "皇太子徳仁親王の結婚の儀");
                break;
            case 2019:
                Add(5, 1, "休日（祝日扱い）");
                Add(10, 22, "休日（祝日扱い）");
                break;
            default:
                break;
        }

        return days;
    }

    // The equinox days are fixed each February by the Cabinet Office from the National Astronomical
    // Observatory's ephemeris; this is the standard approximation that reproduces them for 1980–2099.
    // Decimal keeps the floor exact where the double product would land a hair below an integer.
    internal static int VernalEquinoxDay(int year) => EquinoxDay(20.8431m, year);

    internal static int AutumnalEquinoxDay(int year) => EquinoxDay(23.2488m, year);

    private static int EquinoxDay(decimal baseDay, int year)
    {
        var n = year - 1980;
        return (int)decimal.Floor(baseDay + (0.242194m * n) - (n / 4));
    }

    private static DateOnly NthMonday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private sealed class YearTable
    {
        private YearTable(ReadOnlyCollection<Holiday> holidays, FrozenDictionary<DateOnly, string> names)
        {
            Holidays = holidays;
            Names = names;
        }

        public ReadOnlyCollection<Holiday> Holidays { get; }

        public FrozenDictionary<DateOnly, string> Names { get; }

        public static YearTable Create(SortedDictionary<DateOnly, string> days) =>
            new(days.Select(d => new Holiday(d.Key, d.Value)).ToList().AsReadOnly(), days.ToFrozenDictionary());
    }
}
