using System.Diagnostics;
using System.Globalization;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Core.Tests.Schedules;

/// <summary>
/// Expected dates come from the calendar and from the examples in RFC 5545 section 3.8.5.3, not from the code.
/// </summary>
public sealed class RecurrenceRuleTests
{
    private static readonly DateTime FarFuture = new(2200, 1, 1);

    private static DateTime T(string text) =>
        DateTime.ParseExact(text, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static List<DateTime> All(string rule, string start, int max = 1000) =>
        RecurrenceRule.Parse(rule).Occurrences(T(start), TimeSpan.FromHours(1), T(start), FarFuture).Take(max).ToList();

    private static DateTime[] At(params string[] times) => times.Select(T).ToArray();

    // ---- text ----

    [Theory]
    [InlineData("FREQ=DAILY", "FREQ=DAILY")]
    [InlineData("RRULE:freq=weekly;count=10;byday=we,mo", "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10")]
    [InlineData("FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;WKST=MO", "FREQ=WEEKLY;BYDAY=MO")]
    [InlineData("FREQ=WEEKLY;WKST=SU;BYDAY=SU,TU;INTERVAL=2", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU")]
    [InlineData("FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR")]
    [InlineData("FREQ=MONTHLY;BYDAY=3MO,+1MO,-1FR", "FREQ=MONTHLY;BYDAY=1MO,3MO,-1FR")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=-1,15,1,15", "FREQ=MONTHLY;BYMONTHDAY=1,15,-1")]
    [InlineData("FREQ=MONTHLY;COUNT=3;BYMONTHDAY=13;BYDAY=FR", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=3")]
    [InlineData("FREQ=YEARLY;UNTIL=20270331T150000Z", "FREQ=YEARLY;UNTIL=20270331T150000Z")]
    [InlineData("FREQ=DAILY;UNTIL=20270331", "FREQ=DAILY;UNTIL=20270331T145959Z")]
    [InlineData("FREQ=DAILY;UNTIL=20270401T090000", "FREQ=DAILY;UNTIL=20270401T000000Z")]
    [InlineData(" FREQ=DAILY;INTERVAL=99;COUNT=999; ", "FREQ=DAILY;INTERVAL=99;COUNT=999")]
    public void Parse_WritesCanonicalTextThatRoundTrips(string input, string canonical)
    {
        var rule = RecurrenceRule.Parse(input);

        rule.ToString().ShouldBe(canonical);
        var again = RecurrenceRule.Parse(canonical);
        again.ShouldBe(rule);
        again.GetHashCode().ShouldBe(rule.GetHashCode());
        again.ToString().ShouldBe(canonical);
    }

    [Fact]
    public void Parse_Until_DateMeansTheWholeDayAndUtcIsShiftedToTokyo()
    {
        RecurrenceRule.Parse("FREQ=DAILY;UNTIL=20270331").Until.ShouldBe(T("2027-03-31 23:59:59"));
        RecurrenceRule.Parse("FREQ=DAILY;UNTIL=20270331T150000Z").Until.ShouldBe(T("2027-04-01 00:00"));
        RecurrenceRule.Parse("FREQ=DAILY;UNTIL=20270331T150000").Until.ShouldBe(T("2027-03-31 15:00"));
        RecurrenceRule.Parse("FREQ=DAILY;UNTIL=20270331T150000").Until!.Value.Kind.ShouldBe(DateTimeKind.Unspecified);
    }

    [Fact]
    public void Factories_WriteTheUsualRules()
    {
        RecurrenceRule.Daily().ToString().ShouldBe("FREQ=DAILY");
        RecurrenceRule.Daily(3).WithCount(10).ToString().ShouldBe("FREQ=DAILY;INTERVAL=3;COUNT=10");
        RecurrenceRule.Weekdays().ToString().ShouldBe("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
        RecurrenceRule.Weekly(DayOfWeek.Wednesday, DayOfWeek.Monday).ToString().ShouldBe("FREQ=WEEKLY;BYDAY=MO,WE");
        RecurrenceRule.Weekly().ToString().ShouldBe("FREQ=WEEKLY");
        RecurrenceRule.MonthlyByDate(25).ToString().ShouldBe("FREQ=MONTHLY;BYMONTHDAY=25");
        RecurrenceRule.MonthlyByDate(-1).ToString().ShouldBe("FREQ=MONTHLY;BYMONTHDAY=-1");
        RecurrenceRule.MonthlyByWeekday(2, DayOfWeek.Tuesday).ToString().ShouldBe("FREQ=MONTHLY;BYDAY=2TU");
        RecurrenceRule.MonthlyByWeekday(-1, DayOfWeek.Friday).ToString().ShouldBe("FREQ=MONTHLY;BYDAY=-1FR");
        RecurrenceRule.Yearly().ToString().ShouldBe("FREQ=YEARLY");
        (RecurrenceRule.Weekly(DayOfWeek.Sunday) with { WeekStart = DayOfWeek.Sunday }).ToString().ShouldBe("FREQ=WEEKLY;BYDAY=SU;WKST=SU");
    }

    [Fact]
    public void WithUntil_MidnightMeansThroughThatDay_AndCountAndUntilReplaceEachOther()
    {
        var until = RecurrenceRule.Daily().WithCount(5).WithUntil(T("2027-03-31"));
        until.Count.ShouldBeNull();
        until.Until.ShouldBe(T("2027-03-31 23:59:59"));
        until.ToString().ShouldBe("FREQ=DAILY;UNTIL=20270331T145959Z");

        RecurrenceRule.Daily().WithUntil(T("2027-03-31 10:30")).Until.ShouldBe(T("2027-03-31 10:30"));
        until.WithCount(3).ToString().ShouldBe("FREQ=DAILY;COUNT=3");
        until.WithUntil(null).ToString().ShouldBe("FREQ=DAILY");
    }

    [Fact]
    public void Equality_ComparesContentNotListReferences()
    {
        RecurrenceRule.Parse("FREQ=WEEKLY;BYDAY=WE,MO").ShouldBe(RecurrenceRule.Weekly(DayOfWeek.Monday, DayOfWeek.Wednesday));
        RecurrenceRule.Parse("FREQ=WEEKLY;BYDAY=MO").ShouldNotBe(RecurrenceRule.Weekly(DayOfWeek.Monday, DayOfWeek.Wednesday));
        RecurrenceRule.Parse("FREQ=WEEKLY;BYDAY=MO").ShouldNotBe(RecurrenceRule.Parse("FREQ=WEEKLY;BYDAY=MO;WKST=SU"));
    }

    [Theory]
    [InlineData("FREQ=HOURLY", "FREQ=HOURLY には対応していません")]
    [InlineData("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1", "BYSETPOS には対応していません")]
    [InlineData("FREQ=YEARLY;BYMONTH=11", "BYMONTH には対応していません")]
    [InlineData("FREQ=DAILY;COUNT=5;UNTIL=20270101", "COUNT と UNTIL は同時に指定できません")]
    [InlineData("garbage", "「garbage」を解釈できません")]
    [InlineData("", "繰り返しの規則が空です")]
    [InlineData("RRULE:", "繰り返しの規則が空です")]
    [InlineData("COUNT=3", "FREQ(繰り返しの単位)がありません")]
    [InlineData("FREQ=DAILY;FREQ=WEEKLY", "FREQ が2回指定されています")]
    [InlineData("FREQ=DAILY;INTERVAL=0", "INTERVAL は 1〜99")]
    [InlineData("FREQ=DAILY;INTERVAL=100", "INTERVAL は 1〜99")]
    [InlineData("FREQ=DAILY;INTERVAL=-2", "INTERVAL は 1〜99")]
    [InlineData("FREQ=DAILY;COUNT=0", "COUNT は 1〜999")]
    [InlineData("FREQ=DAILY;COUNT=1000", "COUNT は 1〜999")]
    [InlineData("FREQ=DAILY;UNTIL=20270230", "UNTIL「20270230」を解釈できません")]
    [InlineData("FREQ=DAILY;UNTIL=2027-03-31", "UNTIL「2027-03-31」を解釈できません")]
    [InlineData("FREQ=WEEKLY;BYDAY=XX", "BYDAY の「XX」を解釈できません")]
    [InlineData("FREQ=WEEKLY;BYDAY=1MO", "毎月の繰り返し(FREQ=MONTHLY)でだけ使えます")]
    [InlineData("FREQ=DAILY;BYDAY=-1FR", "毎月の繰り返し(FREQ=MONTHLY)でだけ使えます")]
    [InlineData("FREQ=MONTHLY;BYDAY=6MO", "1〜5 または -1〜-5")]
    [InlineData("FREQ=MONTHLY;BYDAY=0MO", "1〜5 または -1〜-5")]
    [InlineData("FREQ=YEARLY;BYDAY=MO", "FREQ=YEARLY)では BYDAY を使えません")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY の「32」を解釈できません")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY の「0」を解釈できません")]
    [InlineData("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY は毎月の繰り返し")]
    [InlineData("FREQ=DAILY;WKST=XX", "WKST は MO・TU・WE・TH・FR・SA・SU")]
    public void Parse_Unsupported_IsRefusedWithAJapaneseMessage(string text, string message)
    {
        RecurrenceRule.TryParse(text, out var rule, out var error).ShouldBeFalse();
        rule.ShouldBeNull();
        error.ShouldContain(message);

        var thrown = Should.Throw<DomainException>(() => RecurrenceRule.Parse(text));
        thrown.Code.ShouldBe("schedule.invalid-recurrence");
        thrown.Message.ShouldBe(error);
    }

    [Fact]
    public void TryParse_Null_IsRefused()
    {
        RecurrenceRule.TryParse(null, out _, out var error).ShouldBeFalse();
        error.ShouldBe("繰り返しの規則が空です。");
    }

    [Fact]
    public void Factories_OutOfRange_AreRefused()
    {
        Should.Throw<DomainException>(() => RecurrenceRule.Daily(0)).Code.ShouldBe("schedule.invalid-recurrence");
        Should.Throw<DomainException>(() => RecurrenceRule.MonthlyByDate(32));
        Should.Throw<DomainException>(() => RecurrenceRule.MonthlyByDate(0));
        Should.Throw<DomainException>(() => RecurrenceRule.MonthlyByWeekday(6, DayOfWeek.Monday));
        Should.Throw<DomainException>(() => RecurrenceRule.MonthlyByWeekday(0, DayOfWeek.Monday));
        Should.Throw<DomainException>(() => RecurrenceRule.Daily().WithCount(1000));
    }

    // ---- month ends and nth weekdays ----

    [Fact]
    public void MonthDay31_SkipsMonthsWithoutA31st()
    {
        All("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=7", "2027-01-31 09:00").ShouldBe(At(
            "2027-01-31 09:00", "2027-03-31 09:00", "2027-05-31 09:00", "2027-07-31 09:00",
            "2027-08-31 09:00", "2027-10-31 09:00", "2027-12-31 09:00"));
    }

    [Fact]
    public void Monthly_StartedOnThe31st_SkipsShortMonthsRatherThanMovingTheDate()
    {
        All("FREQ=MONTHLY;COUNT=4", "2027-01-31 09:00").ShouldBe(At(
            "2027-01-31 09:00", "2027-03-31 09:00", "2027-05-31 09:00", "2027-07-31 09:00"));
    }

    [Fact]
    public void MonthDayMinus1_IsTheLastDayOfEachMonth()
    {
        All("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6", "2027-01-31 17:00").ShouldBe(At(
            "2027-01-31 17:00", "2027-02-28 17:00", "2027-03-31 17:00", "2027-04-30 17:00", "2027-05-31 17:00", "2027-06-30 17:00"));
        All("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=2", "2028-01-31 17:00").ShouldBe(At("2028-01-31 17:00", "2028-02-29 17:00"));
        All("FREQ=MONTHLY;BYMONTHDAY=-2;COUNT=2", "2028-01-30 17:00").ShouldBe(At("2028-01-30 17:00", "2028-02-28 17:00"));
    }

    [Fact]
    public void MonthDay29_ExistsInFebruaryOnlyInLeapYears()
    {
        var rule = RecurrenceRule.MonthlyByDate(29);
        var februaries = rule.Occurrences(T("2027-01-29 10:00"), TimeSpan.FromHours(1), T("2027-02-01"), T("2028-03-01"))
            .Where(d => d.Month == 2).ToList();

        februaries.ShouldBe(At("2028-02-29 10:00"));
    }

    [Fact]
    public void Yearly_FromLeapDay_RecursOnlyInLeapYears()
    {
        All("FREQ=YEARLY;COUNT=3", "2028-02-29 10:00").ShouldBe(At("2028-02-29 10:00", "2032-02-29 10:00", "2036-02-29 10:00"));
    }

    [Fact]
    public void FifthMonday_ExistsOnlyInSomeMonths()
    {
        All("FREQ=MONTHLY;BYDAY=5MO;COUNT=5", "2026-03-30 13:30").ShouldBe(At(
            "2026-03-30 13:30", "2026-06-29 13:30", "2026-08-31 13:30", "2026-11-30 13:30", "2027-03-29 13:30"));
    }

    [Fact]
    public void LastFriday_AndSecondTuesday()
    {
        All("FREQ=MONTHLY;BYDAY=-1FR;COUNT=4", "2026-01-30 15:00").ShouldBe(At(
            "2026-01-30 15:00", "2026-02-27 15:00", "2026-03-27 15:00", "2026-04-24 15:00"));
        All("FREQ=MONTHLY;BYDAY=2TU;COUNT=3", "2026-01-13 10:00").ShouldBe(At("2026-01-13 10:00", "2026-02-10 10:00", "2026-03-10 10:00"));
    }

    [Fact]
    public void MonthDayAndWeekday_Together_MeanFridayThe13th()
    {
        // RFC 5545: "Every Friday the 13th" (the RFC's example also EXDATEs its start, which is not a Friday).
        All("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=4", "1998-02-13 09:00").ShouldBe(At(
            "1998-02-13 09:00", "1998-03-13 09:00", "1998-11-13 09:00", "1999-08-13 09:00"));
    }

    // ---- weekly and daily ----

    [Theory]
    [InlineData("MO", "1997-08-05 09:00", "1997-08-10 09:00", "1997-08-19 09:00", "1997-08-24 09:00")]
    [InlineData("SU", "1997-08-05 09:00", "1997-08-17 09:00", "1997-08-19 09:00", "1997-08-31 09:00")]
    public void WeeklyInterval2_CountsWeeksFromTheWeekOfTheStart_PerWkst(string weekStart, params string[] expected)
    {
        // RFC 5545 3.8.5.3: the example showing how WKST changes the result.
        All($"FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST={weekStart}", "1997-08-05 09:00").ShouldBe(At(expected));
    }

    [Fact]
    public void WeeklyInterval2_SeveralDays_RfcExample()
    {
        // RFC 5545 3.8.5.3: every other week on Monday, Wednesday and Friday until December 24, 1997.
        All("FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000;WKST=SU;BYDAY=MO,WE,FR", "1997-09-01 09:00")
            .Select(d => d.ToString("MM-dd", CultureInfo.InvariantCulture))
            .ShouldBe([
                "09-01", "09-03", "09-05", "09-15", "09-17", "09-19", "09-29", "10-01", "10-03", "10-13", "10-15", "10-17",
                "10-27", "10-29", "10-31", "11-10", "11-12", "11-14", "11-24", "11-26", "11-28", "12-08", "12-10", "12-12", "12-22",
            ]);
    }

    [Fact]
    public void Weekly_StartNotOnARuleDay_StartStillCountsAsTheFirstOccurrence()
    {
        // RFC 5545 3.3.10: "The DTSTART property value always counts as the first occurrence."
        // Ical.Net 5.2.4 instead drops an unsynchronised start and returns 2026-01-12, 19, 26.
        All("FREQ=WEEKLY;BYDAY=MO;COUNT=3", "2026-01-07 09:00").ShouldBe(At("2026-01-07 09:00", "2026-01-12 09:00", "2026-01-19 09:00"));
    }

    [Fact]
    public void Weekly_WithoutDays_UsesTheWeekdayOfTheStart()
    {
        All("FREQ=WEEKLY;COUNT=3", "2026-11-26 14:00").ShouldBe(At("2026-11-26 14:00", "2026-12-03 14:00", "2026-12-10 14:00"));
    }

    [Fact]
    public void Daily_WithDays_KeepsOnlyThoseDays()
    {
        All("FREQ=DAILY;BYDAY=SA,SU;COUNT=4", "2026-01-03 08:00").ShouldBe(At("2026-01-03 08:00", "2026-01-04 08:00", "2026-01-10 08:00", "2026-01-11 08:00"));
        All("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=6", "2026-01-08 08:30").ShouldBe(At(
            "2026-01-08 08:30", "2026-01-09 08:30", "2026-01-12 08:30", "2026-01-13 08:30", "2026-01-14 08:30", "2026-01-15 08:30"));
    }

    [Fact]
    public void Daily_RuleThatNeverMatchesAgain_StopsInsteadOfRunningAway()
    {
        // Every 7 days is always a Monday here, never a Tuesday: only the start remains.
        var watch = Stopwatch.StartNew();
        All("FREQ=DAILY;INTERVAL=7;BYDAY=TU", "2026-01-05 09:00").ShouldBe(At("2026-01-05 09:00"));
        All("FREQ=MONTHLY;BYDAY=2MO;BYMONTHDAY=1", "2026-01-05 09:00").ShouldBe(At("2026-01-05 09:00"));
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    // ---- UNTIL ----

    [Theory]
    [InlineData("20260110", "2026-01-10 09:00")]
    [InlineData("20260110T090000", "2026-01-10 09:00")]
    [InlineData("20260110T000000Z", "2026-01-10 09:00")]
    [InlineData("20260110T085959", "2026-01-09 09:00")]
    [InlineData("20260109T235959Z", "2026-01-09 09:00")]
    public void Until_IsInclusive(string until, string last)
    {
        var occurrences = All($"FREQ=DAILY;UNTIL={until}", "2026-01-07 09:00");

        occurrences[0].ShouldBe(T("2026-01-07 09:00"));
        occurrences[^1].ShouldBe(T(last));
        RecurrenceRule.Parse($"FREQ=DAILY;UNTIL={until}").LastOccurrence(T("2026-01-07 09:00")).ShouldBe(T(last));
    }

    [Fact]
    public void Until_BeforeTheStart_IsRefused()
    {
        var rule = RecurrenceRule.Parse("FREQ=DAILY;UNTIL=20260106");

        Should.Throw<DomainException>(() => rule.Occurrences(T("2026-01-07 09:00"), TimeSpan.FromHours(1), T("2026-01-01"), T("2026-02-01")))
            .Message.ShouldContain("開始日時より前");
        Should.Throw<DomainException>(() => rule.LastOccurrence(T("2026-01-07 09:00")));
        Should.Throw<DomainException>(() => rule.EnsureValidFor(T("2026-01-07 09:00")));
        Should.NotThrow(() => rule.EnsureValidFor(T("2026-01-06 09:00")));
    }

    // ---- windows ----

    [Fact]
    public void Window_YearsAfterTheStart_FindsTheSameOccurrencesAsAWalkFromTheStart()
    {
        RecurrenceRule.Daily().Occurrences(T("2020-04-01 09:00"), TimeSpan.FromHours(1), T("2035-06-10"), T("2035-06-13"))
            .ShouldBe(At("2035-06-10 09:00", "2035-06-11 09:00", "2035-06-12 09:00"));
        RecurrenceRule.Parse("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH").Occurrences(T("2020-01-07 10:00"), TimeSpan.FromHours(1), T("2031-03-01"), T("2031-04-01"))
            .ShouldBe(At("2031-03-04 10:00", "2031-03-06 10:00", "2031-03-18 10:00", "2031-03-20 10:00"));
        RecurrenceRule.MonthlyByWeekday(2, DayOfWeek.Tuesday).Occurrences(T("2020-01-14 10:00"), TimeSpan.FromHours(1), T("2040-05-01"), T("2040-06-01"))
            .ShouldBe(At("2040-05-08 10:00"));
        RecurrenceRule.Parse("FREQ=DAILY;UNTIL=20401231").Occurrences(T("2020-01-01 10:00"), TimeSpan.FromHours(1), T("2040-12-30"), T("2041-02-01"))
            .ShouldBe(At("2040-12-30 10:00", "2040-12-31 10:00"));
    }

    [Fact]
    public void Window_CenturiesAhead_SkipsAheadInsteadOfWalking()
    {
        // A walk from 2000 would be 2.6 million days, far past the per-query cap: an answer proves the skip.
        var watch = Stopwatch.StartNew();

        RecurrenceRule.Daily().Occurrences(T("2000-01-01 09:00"), TimeSpan.FromHours(1), T("8999-12-30"), T("9000-01-02"))
            .ShouldBe(At("8999-12-30 09:00", "8999-12-31 09:00", "9000-01-01 09:00"));
        RecurrenceRule.Weekly(DayOfWeek.Friday).Occurrences(T("2000-01-07 09:00"), TimeSpan.FromHours(1), T("9000-01-01"), T("9000-01-15"))
            .Count().ShouldBe(2);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Window_MultiDayOccurrenceStartedBeforeTheWindow_IsIncludedWhileItLasts()
    {
        var rule = RecurrenceRule.Weekly(DayOfWeek.Monday);
        var threeDays = TimeSpan.FromDays(3);

        rule.Occurrences(T("2026-01-05 09:00"), threeDays, T("2026-01-14"), T("2026-01-15")).ShouldBe(At("2026-01-12 09:00"));
        rule.Occurrences(T("2026-01-05 09:00"), threeDays, T("2026-01-15 09:00"), T("2026-01-16")).ShouldBeEmpty();
        rule.Occurrences(T("2020-01-06 09:00"), TimeSpan.FromDays(10), T("2035-01-03"), T("2035-01-04"))
            .ShouldBe(At("2034-12-25 09:00", "2035-01-01 09:00"));
    }

    [Fact]
    public void Window_IsHalfOpen()
    {
        var rule = RecurrenceRule.Daily();

        rule.Occurrences(T("2026-01-01 09:00"), TimeSpan.FromHours(1), T("2026-01-02 10:00"), T("2026-01-03 09:00")).ShouldBeEmpty();
        rule.Occurrences(T("2026-01-01 09:00"), TimeSpan.Zero, T("2026-01-02 09:00"), T("2026-01-03 09:00")).ShouldBe(At("2026-01-02 09:00"));
        rule.Occurrences(T("2026-01-01 09:00"), TimeSpan.FromHours(1), T("2026-01-03"), T("2026-01-02")).ShouldBeEmpty();
    }

    [Fact]
    public void Window_WithCount_CountsFromTheStart()
    {
        var rule = RecurrenceRule.Weekly(DayOfWeek.Monday, DayOfWeek.Wednesday).WithCount(10);

        rule.Occurrences(T("2026-01-05 09:00"), TimeSpan.FromHours(1), T("2026-02-01"), T("2026-03-01")).ShouldBe(At("2026-02-02 09:00", "2026-02-04 09:00"));
        rule.Occurrences(T("2026-01-05 09:00"), TimeSpan.FromHours(1), T("2030-01-01"), T("2031-01-01")).ShouldBeEmpty();
    }

    // ---- last occurrence, this-and-following ----

    [Fact]
    public void LastOccurrence_IsNullForEndlessSeries_AndTheLastStartOtherwise()
    {
        RecurrenceRule.Daily().LastOccurrence(T("2026-01-01 09:00")).ShouldBeNull();
        RecurrenceRule.Weekly(DayOfWeek.Monday, DayOfWeek.Wednesday).WithCount(10).LastOccurrence(T("2026-01-05 09:00")).ShouldBe(T("2026-02-04 09:00"));
        RecurrenceRule.MonthlyByDate(31).WithUntil(T("2027-06-30")).LastOccurrence(T("2027-01-31 09:00")).ShouldBe(T("2027-05-31 09:00"));
        RecurrenceRule.Daily().WithUntil(T("2099-12-31")).LastOccurrence(T("2026-01-01 09:00")).ShouldBe(T("2099-12-31 09:00"));
        RecurrenceRule.Yearly().WithUntil(T("2031-12-31")).LastOccurrence(T("2028-02-29 09:00")).ShouldBe(T("2028-02-29 09:00"));
        RecurrenceRule.Yearly().WithCount(1).LastOccurrence(T("2028-02-29 09:00")).ShouldBe(T("2028-02-29 09:00"));
    }

    [Fact]
    public void EndingBefore_WithoutCount_SetsUntilOneSecondBefore()
    {
        var start = T("2026-04-01 09:00");

        var ending = RecurrenceRule.Daily().EndingBefore(start, T("2026-04-07 09:00"));

        ending.Until.ShouldBe(T("2026-04-07 08:59:59"));
        ending.ToString().ShouldBe("FREQ=DAILY;UNTIL=20260406T235959Z");
        ending.LastOccurrence(start).ShouldBe(T("2026-04-06 09:00"));
        ending.DescribeJa(start).ShouldBe("毎日 (2026年4月6日まで)");
    }

    [Fact]
    public void EndingBefore_WithCount_CountsTheEarlierOccurrences()
    {
        var rule = RecurrenceRule.Parse("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10");

        rule.EndingBefore(T("2026-01-05 09:00"), T("2026-01-19 09:00")).ToString().ShouldBe("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4");
    }

    [Fact]
    public void EndingBefore_KeepsAnEarlierUntil_AndRefusesTheFirstOccurrence()
    {
        var rule = RecurrenceRule.Daily().WithUntil(T("2026-04-03"));

        rule.EndingBefore(T("2026-04-01 09:00"), T("2026-04-10 09:00")).ShouldBe(rule);
        Should.Throw<DomainException>(() => rule.EndingBefore(T("2026-04-01 09:00"), T("2026-04-01 09:00")))
            .Code.ShouldBe("schedule.invalid-recurrence");
    }

    // ---- descriptions ----

    [Theory]
    [InlineData("FREQ=DAILY", "2026-11-26 09:00", "毎日", "Daily")]
    [InlineData("FREQ=DAILY;INTERVAL=3", "2026-11-26 09:00", "3日ごと", "Every 3 days")]
    [InlineData("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2026-11-26 09:00", "平日(月〜金)", "Weekdays (Mon–Fri)")]
    [InlineData("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "2026-11-26 09:00", "平日(月〜金)", "Weekdays (Mon–Fri)")]
    [InlineData("FREQ=DAILY;BYDAY=SA,SU", "2026-11-26 09:00", "毎日 土・日曜日のみ", "Daily, only on Saturday, Sunday")]
    [InlineData("FREQ=WEEKLY;BYDAY=WE,MO", "2026-11-26 09:00", "毎週 月・水曜日", "Weekly on Monday, Wednesday")]
    [InlineData("FREQ=WEEKLY", "2026-11-26 09:00", "毎週 木曜日", "Weekly on Thursday")]
    [InlineData("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "2026-11-26 09:00", "2週間ごと 火曜日", "Every 2 weeks on Tuesday")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=25", "2026-11-25 09:00", "毎月 25日", "Monthly on day 25")]
    [InlineData("FREQ=MONTHLY", "2026-11-26 09:00", "毎月 26日", "Monthly on day 26")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=-1", "2026-11-30 09:00", "毎月 月末", "Monthly on the last day")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=1,15,-2", "2026-11-01 09:00", "毎月 1日・15日・月末の1日前", "Monthly on day 1, day 15, the 2nd-to-last day")]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU", "2026-11-10 09:00", "毎月 第2火曜日", "Monthly on the 2nd Tuesday")]
    [InlineData("FREQ=MONTHLY;BYDAY=-1FR", "2026-11-27 09:00", "毎月 最終金曜日", "Monthly on the last Friday")]
    [InlineData("FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO,3MO", "2026-11-02 09:00", "3か月ごと 第1月曜日・第3月曜日", "Every 3 months on the 1st Monday, the 3rd Monday")]
    [InlineData("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "2026-11-13 09:00", "毎月 13日(金曜日に当たる日のみ)", "Monthly on day 13, when it falls on a Friday")]
    [InlineData("FREQ=YEARLY", "2026-11-26 09:00", "毎年 11月26日", "Yearly on November 26")]
    [InlineData("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10", "2026-11-23 09:00", "毎週 月・水曜日 (10回)", "Weekly on Monday, Wednesday, 10 times")]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270331", "2026-11-10 09:00", "毎月 第2火曜日 (2027年3月31日まで)", "Monthly on the 2nd Tuesday, until March 31, 2027")]
    [InlineData("FREQ=YEARLY;INTERVAL=2;COUNT=1", "2026-11-26 09:00", "2年ごと 11月26日 (1回)", "Every 2 years on November 26, once")]
    public void Describe_InJapaneseAndEnglish(string rule, string start, string japanese, string english)
    {
        var parsed = RecurrenceRule.Parse(rule);

        parsed.DescribeJa(T(start)).ShouldBe(japanese);
        parsed.DescribeEn(T(start)).ShouldBe(english);
    }
}
