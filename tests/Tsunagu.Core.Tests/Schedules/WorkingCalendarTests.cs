using System.Globalization;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Core.Tests.Schedules;

public sealed class WorkingCalendarTests
{
    private readonly WorkingCalendar _calendar = WorkingCalendar.Default;

    [Theory]
    [InlineData("2025-12-26", null)]           // Friday, last day open in 2025
    [InlineData("2025-12-27", "土曜日")]
    [InlineData("2025-12-28", "日曜日")]
    [InlineData("2025-12-29", "年末年始")]
    [InlineData("2025-12-31", "年末年始")]
    [InlineData("2026-01-01", "元日")]         // the holiday is the more specific reason
    [InlineData("2026-01-02", "年末年始")]
    [InlineData("2026-01-03", "年末年始")]     // Saturday too
    [InlineData("2026-01-05", null)]           // 仕事始め
    public void ClosureReason_AroundTheYearEnd(string date, string? reason) =>
        _calendar.ClosureReason(Day(date)).ShouldBe(reason);

    [Theory]
    [InlineData("2026-05-03", "憲法記念日")]    // Sunday
    [InlineData("2026-05-06", "憲法記念日 振替休日")]
    [InlineData("2026-09-22", "休日")]
    [InlineData("2026-05-07", null)]
    [InlineData("2026-05-09", "土曜日")]
    public void ClosureReason_OnHolidaysAndWeekends(string date, string? reason) =>
        _calendar.ClosureReason(Day(date)).ShouldBe(reason);

    [Fact]
    public void IsWorkingDay_SubstituteHolidayOf2026_IsClosed()
    {
        _calendar.IsWorkingDay(Day("2026-05-06")).ShouldBeFalse();
        _calendar.IsWorkingDay(Day("2026-05-07")).ShouldBeTrue();
    }

    [Fact]
    public void IsWorkingDay_WithoutYearEndClosure_OpensOnWeekdaysThatAreNotHolidays()
    {
        var calendar = new WorkingCalendar(closedAtYearEnd: false);

        calendar.IsWorkingDay(Day("2025-12-29")).ShouldBeTrue();
        calendar.IsWorkingDay(Day("2026-01-02")).ShouldBeTrue();
        calendar.ClosureReason(Day("2026-01-01")).ShouldBe("元日");
        calendar.ClosureReason(Day("2026-01-03")).ShouldBe("土曜日");
    }

    [Fact]
    public void ExtraClosedDays_AreClosedAndSkipped()
    {
        var calendar = new WorkingCalendar(extraClosedDays: [Day("2026-08-13"), Day("2026-08-15")]);

        calendar.ClosureReason(Day("2026-08-13")).ShouldBe("休庁日");
        calendar.ClosureReason(Day("2026-08-15")).ShouldBe("土曜日");
        calendar.AddWorkingDays(Day("2026-08-10"), 2).ShouldBe(Day("2026-08-14")); // 8/11 山の日, 8/13 closed
        WorkingCalendar.Default.IsWorkingDay(Day("2026-08-13")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("2026-05-07", "2026-05-07")]   // open: the date itself
    [InlineData("2026-05-02", "2026-05-07")]   // Golden Week
    [InlineData("2025-12-27", "2026-01-05")]   // year end
    [InlineData("2026-09-19", "2026-09-24")]   // Silver Week: 敬老の日, 休日, 秋分の日
    public void NextWorkingDay_SkipsEveryClosure(string date, string expected) =>
        _calendar.NextWorkingDay(Day(date)).ShouldBe(Day(expected));

    // Golden Week 2026: 4/29 (Wed) 昭和の日; 4/30, 5/1 open; 5/2–5/6 closed; 5/7 open.
    [Theory]
    [InlineData("2026-04-28", 0, "2026-04-28")]
    [InlineData("2026-04-28", 1, "2026-04-30")]
    [InlineData("2026-04-28", 2, "2026-05-01")]
    [InlineData("2026-04-28", 3, "2026-05-07")]
    [InlineData("2026-05-01", 1, "2026-05-07")]
    [InlineData("2026-05-07", -1, "2026-05-01")]
    [InlineData("2026-05-07", -3, "2026-04-28")]
    [InlineData("2026-05-03", 0, "2026-05-07")]    // closed: counts from the next working day
    [InlineData("2026-05-03", 1, "2026-05-08")]
    [InlineData("2026-05-03", -1, "2026-05-01")]
    [InlineData("2025-12-26", 1, "2026-01-05")]    // year end
    [InlineData("2026-01-05", -1, "2025-12-26")]
    [InlineData("2026-04-01", 20, "2026-04-30")]
    public void AddWorkingDays_AcrossGoldenWeekAndYearEnd(string date, int days, string expected) =>
        _calendar.AddWorkingDays(Day(date), days).ShouldBe(Day(expected));

    [Fact]
    public void AddWorkingDays_ForwardThenBack_ReturnsToAWorkingDay()
    {
        var start = Day("2026-04-27");

        for (var days = 1; days <= 30; days++)
        {
            _calendar.AddWorkingDays(_calendar.AddWorkingDays(start, days), -days).ShouldBe(start);
        }
    }

    [Fact]
    public void WorkingDaysBetween_GoldenWeek_ListsTheOpenDays()
    {
        _calendar.WorkingDaysBetween(Day("2026-04-27"), Day("2026-05-08")).ShouldBe(
        [
            Day("2026-04-27"), Day("2026-04-28"), Day("2026-04-30"), Day("2026-05-01"), Day("2026-05-07"), Day("2026-05-08"),
        ]);
        _calendar.WorkingDaysBetween(Day("2026-05-08"), Day("2026-05-07")).ShouldBeEmpty();
    }

    [Fact]
    public void WorkingDaysBetween_2026_Has240Days()
    {
        // 365 days − 104 weekend days − 17 holidays on weekdays (5/3 is a Sunday) − 4 weekdays of the
        // closure that are no holiday (1/2, 12/29, 12/30, 12/31).
        _calendar.WorkingDaysBetween(Day("2026-01-01"), Day("2026-12-31")).Count().ShouldBe(240);
    }

    [Fact]
    public void OutsideSupportedYears_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => _calendar.IsWorkingDay(Day("2100-01-04")));
        Should.Throw<ArgumentOutOfRangeException>(() => _calendar.AddWorkingDays(Day("2099-12-28"), 5));
    }

    private static DateOnly Day(string isoDate) => DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
