using System.Globalization;
using System.Resources;
using Tsunagu.Core;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Features.Schedules.Views;

namespace Tsunagu.Web.Tests.Schedules.Views;

/// <summary>The calendar arithmetic of the views: periods, how an event lies on a day, Japanese headings, bad input.</summary>
public sealed class ScheduleCalendarTests
{
    [Theory]
    [InlineData("2026-11-26", 2026, 11, 26)]
    [InlineData(" 2027-02-11 ", 2027, 2, 11)]
    public void ParseDate_ReadsIsoDates(string text, int year, int month, int day)
    {
        ScheduleCalendar.ParseDate(text, out var invalid).ShouldBe(new DateOnly(year, month, day));
        invalid.ShouldBeFalse();
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("2026-02-30")]
    [InlineData("26/11/2026")]
    [InlineData("1999-12-31")]
    [InlineData("2099-01-01")]
    [InlineData("２０２６-１１-２６")]
    public void ParseDate_RefusesWhatItCannotShow(string text)
    {
        ScheduleCalendar.ParseDate(text, out var invalid).ShouldBeNull();
        invalid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("", null, false)]
    [InlineData("42", 42, false)]
    [InlineData("0", null, true)]
    [InlineData("-3", null, true)]
    [InlineData("1e3", null, true)]
    [InlineData("99999999999", null, true)]
    public void ParseId_AcceptsOnlyPositiveIntegers(string? text, int? expected, bool invalid)
    {
        ScheduleCalendar.ParseId(text, out var bad).ShouldBe(expected);
        bad.ShouldBe(invalid);
    }

    [Fact]
    public void Weeks_RunMondayToSunday_AndTheMonthGridCoversWholeWeeks()
    {
        ScheduleCalendar.WeekStart(new DateOnly(2026, 11, 26)).ShouldBe(new DateOnly(2026, 11, 23));
        ScheduleCalendar.WeekStart(new DateOnly(2026, 11, 29)).ShouldBe(new DateOnly(2026, 11, 23));
        ScheduleCalendar.WeekStart(new DateOnly(2026, 11, 30)).ShouldBe(new DateOnly(2026, 11, 30));

        var grid = ScheduleCalendar.MonthGrid(new DateOnly(2027, 2, 11));
        grid[0].ShouldBe(new DateOnly(2027, 2, 1));
        grid[^1].ShouldBe(new DateOnly(2027, 2, 28));
        grid.Count.ShouldBe(28);

        var november = ScheduleCalendar.MonthGrid(new DateOnly(2026, 11, 1));
        november[0].ShouldBe(new DateOnly(2026, 10, 26));
        november[^1].ShouldBe(new DateOnly(2026, 12, 6));
        (november.Count % 7).ShouldBe(0);
    }

    [Fact]
    public void SlotsOn_PlacesTimedMultiDayAndAllDayEventsOnEachOfTheirDays()
    {
        var day = new DateOnly(2026, 11, 26);
        var meeting = Occurrence(Clock.FromTokyo(day.ToDateTime(new TimeOnly(10, 0))), TimeSpan.FromHours(1));
        var overnight = Occurrence(Clock.FromTokyo(day.AddDays(-1).ToDateTime(new TimeOnly(22, 0))), TimeSpan.FromHours(4));
        var trip = Occurrence(Clock.FromTokyo(day.AddDays(-1).ToDateTime(new TimeOnly(13, 0))), TimeSpan.FromDays(2));
        var leave = Occurrence(Clock.FromTokyo(day), TimeSpan.FromDays(1), allDay: true);
        var endsAtMidnight = Occurrence(Clock.FromTokyo(day.AddDays(-1).ToDateTime(new TimeOnly(23, 0))), TimeSpan.FromHours(1));

        var slots = ScheduleCalendar.SlotsOn(day, [meeting, overnight, trip, leave, endsAtMidnight]);

        slots.Select(s => s.Span).ShouldBe([DaySpan.Middle, DaySpan.AllDay, DaySpan.Ends, DaySpan.Timed]);
        slots.Single(s => s.Span == DaySpan.Ends).EndTime.ShouldBe("02:00");
        slots.Single(s => s.Span == DaySpan.Timed).StartTime.ShouldBe("10:00");
        ScheduleCalendar.SlotsOn(day.AddDays(-1), [trip, leave]).Single().Span.ShouldBe(DaySpan.Starts);
        ScheduleCalendar.SlotsOn(day.AddDays(1), [leave]).ShouldBeEmpty();
    }

    [Fact]
    public void EventHref_NamesTheOccurrenceOfASeries()
    {
        var start = Clock.FromTokyo(new DateTime(2026, 11, 26, 9, 30, 0, DateTimeKind.Unspecified));
        ScheduleCalendar.EventHref(Occurrence(start, TimeSpan.FromHours(1)) with { SeriesOccurrence = start }).ShouldBe("/schedule/events/7?at=20261126T0930");
        ScheduleCalendar.EventHref(Occurrence(start, TimeSpan.FromHours(1))).ShouldBe("/schedule/events/7");
        ScheduleCalendar.NewEventHref(new DateOnly(2026, 11, 27), new TimeOnly(9, 0), 12).ShouldBe("/schedule/events/new?start=2026-11-27T09:00&attendees=12");
    }

    [Fact]
    public void Headings_AreInTheJapaneseEra_AndCrossAnEraOrYearInFull()
    {
        using var _ = new UiCulture("ja-JP");
        ScheduleCalendar.Heading(new DateOnly(2026, 11, 26)).ShouldBe("令和8年11月26日(木)");
        ScheduleCalendar.RangeHeading(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)).ShouldBe("令和8年11月23日(月)〜11月29日(日)");
        ScheduleCalendar.RangeHeading(new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 3)).ShouldBe("令和8年12月28日(月)〜令和9年1月3日(日)");
        ScheduleCalendar.RangeHeading(new DateOnly(2019, 4, 29), new DateOnly(2019, 5, 5)).ShouldBe("平成31年4月29日(月)〜令和元年5月5日(日)");
        ScheduleCalendar.MonthHeading(new DateOnly(2027, 2, 11)).ShouldBe("令和9年2月");
        ScheduleCalendar.ShortDay(new DateOnly(2026, 11, 26)).ShouldBe("11/26(木)");
        ScheduleCalendar.MonthDay(new DateOnly(2026, 11, 27)).ShouldBe("11月27日");
        ScheduleCalendar.CategoryName(EventCategories.BusinessTrip).ShouldBe("出張");
    }

    [Fact]
    public void Headings_InEnglish_UseTheGregorianCalendar()
    {
        using var _ = new UiCulture("en");
        ScheduleCalendar.MonthHeading(new DateOnly(2027, 2, 11)).ShouldBe("February 2027");
        ScheduleCalendar.ShortDay(new DateOnly(2026, 11, 26)).ShouldBe("Thu 26 Nov");
        ScheduleCalendar.CategoryName(EventCategories.BusinessTrip).ShouldBe("Business trip");
    }

    [Fact]
    public void EveryJapaneseString_HasAnEnglishOne()
    {
        var resources = new ResourceManager("Tsunagu.Web.Resources.ScheduleText", typeof(Tsunagu.Web.Resources.ScheduleText).Assembly);
        var japanese = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        var english = resources.GetResourceSet(CultureInfo.GetCultureInfo("en"), createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

        japanese.Count.ShouldBeGreaterThan(50);
        japanese.Keys.Except(english.Keys).ShouldBeEmpty();
        english.Keys.Except(japanese.Keys).ShouldBeEmpty();
        english.Where(e => string.IsNullOrWhiteSpace(e.Value) || e.Value.Any(c => c is >= '\u3040' and <= '\u30ff')).Select(e => e.Key).ShouldBeEmpty();
        foreach (var (key, value) in japanese)
        {
            // The same placeholders on both sides, or a format would throw or drop a value.
            Placeholders(english[key]).ShouldBe(Placeholders(value), key);
        }
    }

    private static string[] Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+[^}]*\}").Select(m => m.Value).Order(StringComparer.Ordinal).ToArray();

    private static Occurrence Occurrence(DateTimeOffset start, TimeSpan duration, bool allDay = false) =>
        new(7, start, start + duration, allDay, "会議", EventCategories.Meeting, "", EventVisibility.Public, false, false, 1, AttendeeResponse.Accepted);

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = _previous;
    }
}
