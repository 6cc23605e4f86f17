using System.Globalization;
using Tsunagu.Core.Meetings;

namespace Tsunagu.Core.Tests.Meetings;

/// <summary>The cadence arithmetic, checked against the official holiday list in shared/reference (not against the code's own calendar).</summary>
public sealed class MeetingCadenceTests
{
    private static readonly Lazy<Dictionary<DateOnly, string>> Reference = new(LoadReference);

    private static Dictionary<DateOnly, string> LoadReference()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        string? path = null;
        for (; dir is not null && path is null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "reference", "jp-holidays-2019-2030.csv"), Path.Combine(dir.FullName, "reference", "jp-holidays-2019-2030.csv") })
            {
                if (File.Exists(candidate))
                {
                    path = candidate;
                }
            }
        }

        path ??= "/work/shared/reference/jp-holidays-2019-2030.csv";
        return File.ReadLines(path).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .ToDictionary(p => DateOnly.ParseExact(p[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), p => p[1]);
    }

    private static bool ReferenceOpen(DateOnly d) =>
        !Reference.Value.ContainsKey(d) && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !((d.Month == 12 && d.Day >= 29) || (d.Month == 1 && d.Day <= 3));

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Weekly_OnMonday_MovesHappyMondayHolidaysToTuesday()
    {
        var rule = new CadenceRule(CadenceKind.Weekly, D(2026, 1, 1), DayOfWeek.Monday);
        var all = MeetingCadence.Between(rule, D(2026, 1, 1), D(2026, 12, 31));

        foreach (var o in all.Where(o => !o.IsDropped))
        {
            ReferenceOpen(o.HeldOn!.Value).ShouldBeTrue($"{o.ScheduledOn} held on {o.HeldOn}");
        }

        var seijin = all.Single(o => o.ScheduledOn == D(2026, 1, 12));
        Reference.Value[D(2026, 1, 12)].ShouldBe("成人の日");
        seijin.HeldOn.ShouldBe(D(2026, 1, 13));
        seijin.ClosureReason.ShouldBe("成人の日");
        seijin.IsMoved.ShouldBeTrue();

        // Every Monday that the official list names is moved; no other Monday is.
        var movedMondays = all.Where(o => o.IsMoved).Select(o => o.ScheduledOn).ToHashSet();
        var referenceMondays = Reference.Value.Keys.Where(d => d.Year == 2026 && d.DayOfWeek == DayOfWeek.Monday).ToHashSet();
        movedMondays.SetEquals(referenceMondays).ShouldBeTrue();
    }

    [Fact]
    public void Weekly_AcrossYearEnd_DropsTheSessionThatWouldLandOnNextRegularDay()
    {
        // 2025-12-29 is a Monday in the closure; the next open day, 2026-01-05, is itself a regular Monday.
        var rule = new CadenceRule(CadenceKind.Weekly, D(2025, 12, 1), DayOfWeek.Monday);
        var all = MeetingCadence.Between(rule, D(2025, 12, 20), D(2026, 1, 10));

        all.Select(o => o.ScheduledOn).ShouldBe([D(2025, 12, 22), D(2025, 12, 29), D(2026, 1, 5)]);
        all[1].IsDropped.ShouldBeTrue();
        all[1].ClosureReason.ShouldBe("年末年始");
        all[2].HeldOn.ShouldBe(D(2026, 1, 5));
    }

    [Fact]
    public void Weekly_OnFridayInYearEnd_MovesToFirstWorkingDayOfJanuary()
    {
        var rule = new CadenceRule(CadenceKind.Weekly, D(2026, 12, 1), DayOfWeek.Thursday);
        var all = MeetingCadence.Between(rule, D(2026, 12, 25), D(2027, 1, 10));

        // 2026-12-31 (Thu) is closed; 2027-01-04 (Mon) is the next open day and not a regular Thursday.
        var yearEnd = all.Single(o => o.ScheduledOn == D(2026, 12, 31));
        yearEnd.HeldOn.ShouldBe(D(2027, 1, 4));
        ReferenceOpen(D(2027, 1, 4)).ShouldBeTrue();
        all.Single(o => o.ScheduledOn == D(2027, 1, 7)).HeldOn.ShouldBe(D(2027, 1, 7));
    }

    [Fact]
    public void Biweekly_IsAnchoredOnTheStartDate()
    {
        var rule = new CadenceRule(CadenceKind.Biweekly, D(2026, 4, 8), DayOfWeek.Wednesday);
        var days = MeetingCadence.DueDays(rule, D(2026, 4, 20), D(2026, 6, 1)).ToList();

        days.ShouldBe([D(2026, 4, 22), D(2026, 5, 6), D(2026, 5, 20)]);

        // 2026-05-06 is こどもの日 振替休日 in the official list: held on Thursday the 7th.
        Reference.Value[D(2026, 5, 6)].ShouldBe("こどもの日 振替休日");
        MeetingCadence.Between(rule, D(2026, 5, 1), D(2026, 5, 31))[0].HeldOn.ShouldBe(D(2026, 5, 7));
    }

    [Fact]
    public void Monthly_OnDay31_UsesTheLastDayOfShorterMonths()
    {
        var rule = new CadenceRule(CadenceKind.Monthly, D(2027, 1, 1), DayOfMonth: 31);
        var days = MeetingCadence.DueDays(rule, D(2027, 1, 1), D(2027, 6, 30)).ToList();

        days.ShouldBe([D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30), D(2027, 5, 31), D(2027, 6, 30)]);
        MeetingCadence.DueDays(rule with { Anchor = D(2028, 1, 1) }, D(2028, 2, 1), D(2028, 2, 29)).ShouldBe([D(2028, 2, 29)]);
    }

    [Fact]
    public void Monthly_EndOfMonthOnAWeekend_MovesIntoTheNextMonth()
    {
        var rule = new CadenceRule(CadenceKind.Monthly, D(2026, 1, 1), DayOfMonth: CadenceRule.EndOfMonth);
        var all = MeetingCadence.Between(rule, D(2026, 1, 1), D(2026, 12, 31));

        // 2026-01-31 is a Saturday: held on Monday 2026-02-02.
        all[0].ScheduledOn.ShouldBe(D(2026, 1, 31));
        all[0].HeldOn.ShouldBe(D(2026, 2, 2));
        all[0].ClosureReason.ShouldBe("土曜日");
        all.Count.ShouldBe(12);
        all.Where(o => !o.IsDropped).ShouldAllBe(o => ReferenceOpen(o.HeldOn!.Value));
    }

    [Fact]
    public void Monthly_FifthWeekday_IsSkippedInMonthsWithoutOne_AndLastIsAlwaysThere()
    {
        var fifth = new CadenceRule(CadenceKind.Monthly, D(2026, 1, 1), DayOfWeek.Friday, WeekOfMonth: 5);
        MeetingCadence.DueDays(fifth, D(2026, 1, 1), D(2026, 6, 30)).ShouldBe([D(2026, 1, 30), D(2026, 5, 29)]);

        var last = fifth with { WeekOfMonth = CadenceRule.LastWeek };
        MeetingCadence.DueDays(last, D(2026, 1, 1), D(2026, 3, 31)).ShouldBe([D(2026, 1, 30), D(2026, 2, 27), D(2026, 3, 27)]);

        var second = fifth with { WeekOfMonth = 2, Weekday = DayOfWeek.Tuesday };
        MeetingCadence.DueDays(second, D(2026, 9, 1), D(2026, 9, 30)).ShouldBe([D(2026, 9, 8)]);
    }

    [Fact]
    public void Monthly_ThirdMondayOfSeptember_IsRespectForTheAgedDay_AndMoves()
    {
        var rule = new CadenceRule(CadenceKind.Monthly, D(2026, 1, 1), DayOfWeek.Monday, WeekOfMonth: 3);
        var sep = MeetingCadence.Between(rule, D(2026, 9, 1), D(2026, 9, 30)).Single();

        Reference.Value[D(2026, 9, 21)].ShouldBe("敬老の日");
        sep.ScheduledOn.ShouldBe(D(2026, 9, 21));

        // 9/22 is 国民の休日 and 9/23 秋分の日 in 2026: the first open day is the 24th.
        sep.HeldOn.ShouldBe(D(2026, 9, 24));
        ReferenceOpen(D(2026, 9, 24)).ShouldBeTrue();
    }

    [Fact]
    public void Quarterly_CountsFromTheAnchorMonth()
    {
        var rule = new CadenceRule(CadenceKind.Quarterly, D(2026, 5, 1), DayOfWeek.Thursday, WeekOfMonth: 2);
        MeetingCadence.DueDays(rule, D(2026, 5, 1), D(2027, 4, 30)).ShouldBe([D(2026, 5, 14), D(2026, 8, 13), D(2026, 11, 12), D(2027, 2, 11)]);

        // 2027-02-11 is 建国記念の日.
        MeetingCadence.Between(rule, D(2027, 2, 1), D(2027, 2, 28)).Single().HeldOn.ShouldBe(D(2027, 2, 12));
    }

    [Fact]
    public void AsNeeded_HasNoDueDays()
    {
        MeetingCadence.Between(new CadenceRule(CadenceKind.AsNeeded, D(2026, 1, 1)), D(2026, 1, 1), D(2026, 12, 31)).ShouldBeEmpty();
    }

    [Fact]
    public void EveryHeldDay_InTwelveYears_IsOpenByTheReferenceList()
    {
        var rules = new[]
        {
            new CadenceRule(CadenceKind.Weekly, D(2019, 1, 1), DayOfWeek.Monday),
            new CadenceRule(CadenceKind.Biweekly, D(2019, 1, 1), DayOfWeek.Friday),
            new CadenceRule(CadenceKind.Monthly, D(2019, 1, 1), DayOfMonth: 3),
            new CadenceRule(CadenceKind.Monthly, D(2019, 1, 1), DayOfWeek.Wednesday, WeekOfMonth: CadenceRule.LastWeek),
        };
        foreach (var rule in rules)
        {
            foreach (var o in MeetingCadence.Between(rule, D(2019, 1, 1), D(2030, 12, 31)))
            {
                ReferenceOpen(o.ScheduledOn).ShouldBe(!o.IsMoved && !o.IsDropped, $"{rule.Kind} {o.ScheduledOn}");
                if (o.HeldOn is { } held)
                {
                    ReferenceOpen(held).ShouldBeTrue($"{rule.Kind} {o.ScheduledOn} → {held}");
                }
            }
        }
    }

    [Theory]
    [InlineData(CadenceKind.Monthly, 6, 1)]
    [InlineData(CadenceKind.Monthly, null, 32)]
    [InlineData(CadenceKind.Monthly, null, -3)]
    public void BadRule_IsRefusedInJapanese(CadenceKind kind, int? week, int day)
    {
        var rule = new CadenceRule(kind, D(2026, 1, 1), DayOfWeek.Monday, week, day);
        var ex = Should.Throw<DomainException>(() => MeetingCadence.Between(rule, D(2026, 1, 1), D(2026, 2, 1)));
        ex.Message.ShouldContain("指定");
    }
}
