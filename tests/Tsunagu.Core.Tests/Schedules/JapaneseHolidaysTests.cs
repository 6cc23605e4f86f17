using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Core.Tests.Schedules;

public sealed class JapaneseHolidaysTests
{
    // The export names each 振替休日 after the 祝日 of the day before it. Art. 3(2) makes it the substitute
    // for the 祝日 that fell on Sunday, which is how the same export names 2020-05-06 (憲法記念日 振替休日,
    // holiday_jp pull request #107); these two later years were not corrected the same way. The dates agree.
    private static readonly Dictionary<DateOnly, (string InExport, string ByTheAct)> ExportNamingErrata = new()
    {
        [new DateOnly(2025, 5, 6)] = ("こどもの日 振替休日", "みどりの日 振替休日"), // 5/4 みどりの日 was a Sunday
        [new DateOnly(2026, 5, 6)] = ("こどもの日 振替休日", "憲法記念日 振替休日"), // 5/3 憲法記念日 was a Sunday
    };

    public static TheoryData<int> ReferenceYears => new(Enumerable.Range(2019, 12));

    [Theory]
    [MemberData(nameof(ReferenceYears))]
    public void InYear_MatchesOfficialList(int year)
    {
        var expected = ReferenceList.Holidays
            .Where(h => h.Date.Year == year)
            .Select(h => ExportNamingErrata.TryGetValue(h.Date, out var erratum) ? h with { Name = erratum.ByTheAct } : h)
            .ToList();

        var actual = JapaneseHolidays.InYear(year);

        var differences = new StringBuilder();
        foreach (var missing in expected.Except(actual))
        {
            differences.Append(CultureInfo.InvariantCulture, $"\n  missing:    {Describe(missing)}");
        }

        foreach (var unexpected in actual.Except(expected))
        {
            differences.Append(CultureInfo.InvariantCulture, $"\n  unexpected: {Describe(unexpected)}");
        }

        differences.ToString().ShouldBeEmpty($"{year} differs from the reference list:{differences}");
        actual.ShouldBe(expected);
    }

    [Fact]
    public void ReferenceList_IsTheCompleteExport()
    {
        ReferenceList.Holidays.Count.ShouldBe(219);
        ReferenceList.Holidays.Select(h => h.Date.Year).Distinct().ShouldBe(Enumerable.Range(2019, 12));
    }

    [Fact]
    public void ReferenceList_StillHasTheKnownNamingErrata()
    {
        // When the export is corrected, drop the entry from ExportNamingErrata.
        foreach (var (date, erratum) in ExportNamingErrata)
        {
            ReferenceList.Holidays.ShouldContain(new Holiday(date, erratum.InExport));
        }
    }

    [Theory]
    [InlineData("2019-05-06", "こどもの日 振替休日")]   // 5/5 Sunday
    [InlineData("2020-05-06", "憲法記念日 振替休日")]   // 5/3 Sunday; 5/4 and 5/5 are 祝日 themselves
    [InlineData("2008-05-06", "みどりの日 振替休日")]   // 5/4 Sunday; 5/5 is a 祝日
    [InlineData("2025-05-06", "みどりの日 振替休日")]
    [InlineData("2026-05-06", "憲法記念日 振替休日")]
    [InlineData("2021-08-09", "山の日 振替休日")]      // the Olympic 山の日 of 8/8 was a Sunday
    [InlineData("2018-12-24", "天皇誕生日 振替休日")]
    [InlineData("2007-04-30", "昭和の日 振替休日")]
    [InlineData("2006-01-02", "元日 振替休日")]        // before 2007: the Monday
    [InlineData("1990-12-24", "天皇誕生日 振替休日")]
    [InlineData("1987-05-04", "憲法記念日 振替休日")]
    [InlineData("1980-11-24", "勤労感謝の日 振替休日")]
    public void NameOf_DayAfterSundayHolidays_IsTheSubstituteHoliday(string date, string name) =>
        JapaneseHolidays.NameOf(Day(date)).ShouldBe(name);

    [Theory]
    [InlineData("2023-09-25")] // 秋分の日 2023-09-23 was a Saturday: no substitute
    [InlineData("2019-05-07")] // after ten days off, こどもの日 (Sunday) gave only 5/6
    [InlineData("2023-01-03")] // 元日 2023-01-01 (Sunday) gives one substitute, 1/2
    public void IsHoliday_DaysNoSubstituteReaches_IsFalse(string date) =>
        JapaneseHolidays.IsHoliday(Day(date)).ShouldBeFalse();

    [Theory]
    [InlineData("1988-05-04")] // the first, a Wednesday
    [InlineData("2006-05-04")]
    [InlineData("2009-09-22")] // between 敬老の日 and 秋分の日
    [InlineData("2015-09-22")]
    [InlineData("2019-04-30")] // between 昭和の日 and the enthronement day
    [InlineData("2019-05-02")] // between the enthronement day and 憲法記念日
    [InlineData("2026-09-22")]
    [InlineData("2032-09-21")] // 敬老の日 9/20, 秋分の日 9/22 (国立天文台 prediction)
    [InlineData("2037-09-22")] // 敬老の日 9/21, 秋分の日 9/23
    public void NameOf_WeekdayBetweenTwoHolidays_IsCitizensHoliday(string date) =>
        JapaneseHolidays.NameOf(Day(date)).ShouldBe("休日");

    [Theory]
    [InlineData("1985-05-04")] // Saturday before the rule existed (1985-12-27)
    [InlineData("1986-05-04")] // Sunday: excluded before 2007
    [InlineData("2027-09-21")] // 敬老の日 9/20, 秋分の日 9/23: two days between
    public void IsHoliday_DaysTheCitizensHolidayRuleDoesNotReach_IsFalse(string date) =>
        JapaneseHolidays.IsHoliday(Day(date)).ShouldBeFalse();

    [Theory]
    [InlineData("1980-03-20", "春分の日")]
    [InlineData("1980-09-23", "秋分の日")]
    [InlineData("1999-03-21", "春分の日")]
    [InlineData("2000-03-20", "春分の日")]
    [InlineData("2012-09-22", "秋分の日")]
    [InlineData("2016-09-22", "秋分の日")]
    [InlineData("2023-03-21", "春分の日")]
    [InlineData("2024-09-22", "秋分の日")]
    [InlineData("2027-03-21", "春分の日")]
    public void NameOf_EquinoxDays_MatchTheAnnouncedDates(string date, string name) =>
        JapaneseHolidays.NameOf(Day(date)).ShouldBe(name);

    [Fact]
    public void ComingOfAgeDay_MovedFromJanuary15ToSecondMondayIn2000()
    {
        JapaneseHolidays.NameOf(Day("1999-01-15")).ShouldBe("成人の日");
        JapaneseHolidays.NameOf(Day("2000-01-10")).ShouldBe("成人の日");
        JapaneseHolidays.IsHoliday(Day("2000-01-15")).ShouldBeFalse();
    }

    [Fact]
    public void EmperorsBirthday_December23Until2018_NoneIn2019_February23From2020()
    {
        JapaneseHolidays.NameOf(Day("1988-04-29")).ShouldBe("天皇誕生日");
        JapaneseHolidays.NameOf(Day("1989-12-23")).ShouldBe("天皇誕生日");
        JapaneseHolidays.NameOf(Day("2018-12-23")).ShouldBe("天皇誕生日");
        JapaneseHolidays.InYear(2019).ShouldNotContain(h => h.Name.Contains("天皇誕生日", StringComparison.Ordinal));
        JapaneseHolidays.IsHoliday(Day("2019-12-23")).ShouldBeFalse();
        JapaneseHolidays.IsHoliday(Day("2019-02-23")).ShouldBeFalse();
        JapaneseHolidays.NameOf(Day("2020-02-23")).ShouldBe("天皇誕生日");
    }

    [Theory]
    [InlineData("1988-04-29", "天皇誕生日")]
    [InlineData("1989-04-29", "みどりの日")]
    [InlineData("2006-04-29", "みどりの日")]
    [InlineData("2007-04-29", "昭和の日")]
    [InlineData("2007-05-04", "みどりの日")]
    [InlineData("1996-07-20", "海の日")]
    [InlineData("2002-07-20", "海の日")]
    [InlineData("2003-07-21", "海の日")]     // third Monday
    [InlineData("2002-09-15", "敬老の日")]
    [InlineData("2003-09-15", "敬老の日")]   // third Monday
    [InlineData("2004-09-20", "敬老の日")]
    [InlineData("1999-10-10", "体育の日")]
    [InlineData("2000-10-09", "体育の日")]   // second Monday
    [InlineData("2018-10-08", "体育の日")]
    [InlineData("2019-10-14", "体育の日（スポーツの日）")]
    [InlineData("2022-10-10", "スポーツの日")]
    [InlineData("2016-08-11", "山の日")]
    [InlineData("1989-02-24", "昭和天皇の大喪の礼")]
    [InlineData("1990-11-12", "即位礼正殿の儀")]
    [InlineData("1993-06-09", "皇太子徳仁親王の結婚の儀")]
    [InlineData("2019-05-01", "休日（祝日扱い）")]
    [InlineData("2019-10-22", "休日（祝日扱い）")]
    [InlineData("2020-07-23", "海の日")]
    [InlineData("2020-07-24", "スポーツの日")]
    [InlineData("2020-08-10", "山の日")]
    [InlineData("2021-07-22", "海の日")]
    [InlineData("2021-07-23", "スポーツの日")]
    [InlineData("2021-08-08", "山の日")]
    public void NameOf_HolidaysAsTheActStoodThatYear(string date, string name) =>
        JapaneseHolidays.NameOf(Day(date)).ShouldBe(name);

    [Theory]
    [InlineData("1995-07-20")] // 海の日 begins in 1996
    [InlineData("2015-08-11")] // 山の日 begins in 2016
    [InlineData("2006-05-04")] // a 休日 but not yet みどりの日
    [InlineData("2020-07-20")] // the Olympic years moved 海の日, スポーツの日 and 山の日
    [InlineData("2020-08-11")]
    [InlineData("2020-10-12")]
    [InlineData("2021-07-19")]
    [InlineData("2021-08-11")]
    [InlineData("2021-10-11")]
    public void NameOf_DaysThatWereNotThatHolidayYet_IsSomethingElse(string date)
    {
        var name = JapaneseHolidays.NameOf(Day(date));

        (name is null or "休日").ShouldBeTrue($"{date} was {name}");
    }

    [Fact]
    public void Between_SpansYearsAndIncludesBothEnds()
    {
        JapaneseHolidays.Between(Day("2025-12-23"), Day("2026-01-12")).ShouldBe(
        [
            new Holiday(Day("2026-01-01"), "元日"),
            new Holiday(Day("2026-01-12"), "成人の日"),
        ]);
        JapaneseHolidays.Between(Day("2026-01-01"), Day("2026-01-01")).ShouldHaveSingleItem();
        JapaneseHolidays.Between(Day("2026-01-02"), Day("2026-01-01")).ShouldBeEmpty();
    }

    [Fact]
    public void InYear_EverySupportedYear_IsOrderedWithinTheYearAndConsistentWithNameOf()
    {
        for (var year = JapaneseHolidays.FirstSupportedYear; year <= JapaneseHolidays.LastSupportedYear; year++)
        {
            var holidays = JapaneseHolidays.InYear(year);

            holidays.Count.ShouldBeInRange(12, 22, $"{year}");
            holidays[0].ShouldBe(new Holiday(new DateOnly(year, 1, 1), "元日"));
            holidays.ShouldAllBe(h => h.Date.Year == year);
            holidays.Select(h => h.Date).ShouldBeInOrder(SortDirection.Ascending);
            holidays.Select(h => h.Date).ShouldBeUnique();
            holidays.ShouldAllBe(h => JapaneseHolidays.NameOf(h.Date) == h.Name);
        }
    }

    [Fact]
    public void InYear_IsCachedAndReadOnly()
    {
        var first = JapaneseHolidays.InYear(2026);

        JapaneseHolidays.InYear(2026).ShouldBeSameAs(first);
        first.ShouldBeAssignableTo<ICollection<Holiday>>()!.IsReadOnly.ShouldBeTrue();
    }

    [Fact]
    public void InYear_ConcurrentFirstCalls_AgreeOnOneList()
    {
        var lists = new IReadOnlyList<Holiday>[64];

        Parallel.For(0, lists.Length, i => lists[i] = JapaneseHolidays.InYear(2098));

        lists.ShouldAllBe(l => ReferenceEquals(l, lists[0]));
    }

    [Fact]
    public void SupportedYears_Are1980To2099()
    {
        JapaneseHolidays.FirstSupportedYear.ShouldBe(1980);
        JapaneseHolidays.LastSupportedYear.ShouldBe(2099);
        JapaneseHolidays.NameOf(Day("1980-01-01")).ShouldBe("元日");
        JapaneseHolidays.NameOf(Day("2099-12-23")).ShouldBeNull();
    }

    [Fact]
    public void EveryMethod_OutsideSupportedYears_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => JapaneseHolidays.InYear(1979));
        Should.Throw<ArgumentOutOfRangeException>(() => JapaneseHolidays.InYear(2100));
        Should.Throw<ArgumentOutOfRangeException>(() => JapaneseHolidays.NameOf(Day("1979-12-31")));
        Should.Throw<ArgumentOutOfRangeException>(() => JapaneseHolidays.IsHoliday(Day("2100-01-01")));
        Should.Throw<ArgumentOutOfRangeException>(() => JapaneseHolidays.Between(Day("1979-12-01"), Day("1980-01-31")));
        Should.Throw<ArgumentOutOfRangeException>(() => JapaneseHolidays.Between(Day("2099-12-01"), Day("2100-01-31")));
    }

    private static DateOnly Day(string isoDate) => DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Describe(Holiday holiday) =>
        string.Create(CultureInfo.InvariantCulture, $"{holiday.Date:yyyy-MM-dd} ({holiday.Date.DayOfWeek}) {holiday.Name}");

    /// <summary>Schedules/Reference/jp-holidays-2019-2030.csv, copied beside the test assembly.</summary>
    private static class ReferenceList
    {
        public static ReadOnlyCollection<Holiday> Holidays { get; } = Load();

        private static ReadOnlyCollection<Holiday> Load()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Schedules", "Reference", "jp-holidays-2019-2030.csv");
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            lines[0].ShouldBe("date,name");
            return lines
                .Skip(1)
                .Where(line => line.Length > 0)
                .Select(line => line.Split(','))
                .Select(fields => new Holiday(Day(fields[0]), fields[1]))
                .ToList()
                .AsReadOnly();
        }
    }
}
