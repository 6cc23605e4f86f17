using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Usage;
using static Tsunagu.Core.Tests.Usage.UsageTestCity;

namespace Tsunagu.Core.Tests.Usage;

public sealed class UsageReportTests
{
    private const string Mail = "電子メール";
    private const string Board = "掲示板";

    [Theory, DatabaseData]
    public async Task Report_ExactlyNUses_IsNotLowUse_NMinusOne_IsLowUse_Zero_IsUnusedAndLowUse(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db, [("fifty", "総務部/総務課"), ("fortynine", "総務部/総務課"), ("none", "総務部/総務課")]);
        await EventsAsync(db, ids["fifty"], Mail, 50);
        await EventsAsync(db, ids["fortynine"], Mail, 49);
        await EventsAsync(db, ids["none"], Board, 1);

        var report = await ReportAsync(db);

        report.ActiveAccounts.ShouldBe(3);
        report.Threshold.Value.ShouldBe(50m);
        report.Features.Select(r => r.Feature).ShouldBe([Board, Mail]);
        report.Row(Mail).ShouldBe(new UsageReportRow(Mail, 3, 1, 33, 2, 67));
        report.Row(Board).ShouldBe(new UsageReportRow(Board, 3, 2, 67, 3, 100));
        // Totals over all features: 50 (not low), 49 and 1 (low); nobody used nothing at all.
        report.AllFeatures.ShouldBe(new UsageReportRow(UsageReport.AllFeaturesName, 3, 0, 0, 2, 67));
    }

    [Theory, DatabaseData]
    public async Task Report_AllFeaturesRow_CountsAccountsWithNoUseAtAll_AndTotalsBelowN(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db, [("split", "総務部/総務課"), ("idle", "総務部/総務課"), ("few", "総務部/総務課")]);
        await EventsAsync(db, ids["split"], Mail, 25);
        await EventsAsync(db, ids["split"], Board, 25);
        await EventsAsync(db, ids["few"], Board, 10);

        var report = await ReportAsync(db);

        // "split" is a low user of each feature but not of Tsunagu as a whole (25 + 25 = 50).
        report.Row(Mail).LowUse.ShouldBe(3);
        report.Row(Board).LowUse.ShouldBe(3);
        report.AllFeatures.ShouldBe(new UsageReportRow(UsageReport.AllFeaturesName, 3, 1, 33, 2, 67));
    }

    [Theory, DatabaseData]
    public async Task Report_DeactivatedBeforeThePeriod_IsLeftOut_DeactivatedDuringIt_IsCounted(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db, [("left", "総務部/総務課"), ("leaving", "総務部/総務課"), ("staying", "総務部/総務課")]);
        await EventsAsync(db, ids["left"], "退職者だけの機能", 60);
        await EventsAsync(db, ids["leaving"], Mail, 60);
        await DeactivateAsync(db, ids["left"], Tokyo(2025, 3, 31, 23, 59, 59));
        await DeactivateAsync(db, ids["leaving"], Tokyo(2025, 4, 1, 0, 0, 0));

        var report = await ReportAsync(db);

        report.ActiveAccounts.ShouldBe(2);
        report.Features.Select(r => r.Feature).ShouldBe([Mail]); // the events of "left" are not looked at
        report.Row(Mail).ShouldBe(new UsageReportRow(Mail, 2, 1, 50, 1, 50));
    }

    [Theory, DatabaseData]
    public async Task Report_ExcludedDepartment_LeavesOutItsSubDepartments_AndTheirEvents(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db,
        [
            ("clerk", "総務部/総務課"),
            ("chief", "消防本部"),
            ("firefighter", "消防本部/消防署/警防課"),
            ("nurse", "市民病院/看護部"),
        ]);
        await EventsAsync(db, ids["clerk"], Mail, 50);
        await EventsAsync(db, ids["chief"], Board, 3);
        await EventsAsync(db, ids["firefighter"], "消防指令", 3);
        await EventsAsync(db, ids["nurse"], Mail, 1);

        var report = await ReportAsync(db, 50, "消防本部", "市民病院");

        report.ActiveAccounts.ShouldBe(1);
        report.Rows.ShouldBe(
        [
            new UsageReportRow(Mail, 1, 0, 0, 0, 0),
            new UsageReportRow(UsageReport.AllFeaturesName, 1, 0, 0, 0, 0),
        ]);

        // By path as well as by name; a sub-department alone keeps its parent counted.
        var byPath = await ReportAsync(db, 50, "消防本部/消防署");
        byPath.ActiveAccounts.ShouldBe(3);
        byPath.Features.Select(r => r.Feature).ShouldBe([Board, Mail]);
    }

    [Theory, DatabaseData]
    public async Task Report_UnknownOrAmbiguousDepartment_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await StaffAsync(db, [("a", "総務部/総務課"), ("b", "市民部/総務課")]);

        var unknown = await Should.ThrowAsync<DomainException>(() => ReportAsync(db, 50, "消防本部"));
        unknown.Code.ShouldBe("usage.unknown-department");
        unknown.Message.ShouldContain("消防本部");

        var ambiguous = await Should.ThrowAsync<DomainException>(() => ReportAsync(db, 50, "総務課"));
        ambiguous.Code.ShouldBe("usage.ambiguous-department");
        ambiguous.Message.ShouldContain("市民部/総務課");
    }

    [Theory, DatabaseData]
    public async Task Report_EventsOutsideThePeriod_InTokyoTime_AreNotCounted(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db, [("edge", "総務部/総務課")]);
        var id = ids["edge"];
        await EventsAsync(db, id, Mail, 1, new DateTimeOffset(2025, 3, 31, 14, 59, 59, TimeSpan.Zero)); // 3/31 23:59:59 Tokyo: before
        await EventsAsync(db, id, Mail, 1, new DateTimeOffset(2025, 3, 31, 15, 0, 0, TimeSpan.Zero));   // 4/1 00:00 Tokyo: first instant
        await EventsAsync(db, id, Mail, 1, Tokyo(2026, 3, 31, 23, 59, 59));                               // last second
        await EventsAsync(db, id, Mail, 1, Tokyo(2026, 4, 1, 0, 0, 0));                                   // after

        var report = await ReportAsync(db, lowUseBelow: 3);
        var monthly = await db.InScopeAsync(sp => sp.GetRequiredService<UsageReportService>().MonthlyAsync(new UsageReportOptions(From, To)));

        report.Row(Mail).ShouldBe(new UsageReportRow(Mail, 1, 0, 0, 1, 100)); // 2 uses < 3
        (await ReportAsync(db, lowUseBelow: 2)).Row(Mail).LowUse.ShouldBe(0); // 2 uses, not < 2
        monthly.ShouldBe([new MonthlyUses(new DateOnly(2025, 4, 1), Mail, 1), new MonthlyUses(new DateOnly(2026, 3, 1), Mail, 1)]);
    }

    [Theory, DatabaseData]
    public async Task Report_HalfYear_ProratesTheThreshold(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db, [("twentyfive", "総務部/総務課"), ("twentysix", "総務部/総務課")]);
        await EventsAsync(db, ids["twentyfive"], Mail, 25);
        await EventsAsync(db, ids["twentysix"], Mail, 26);

        // 2025-04-01..2025-09-30 is 183 days: 50 × 183 / 365 = 25.07, so 25 uses are below it and 26 are not.
        var report = await ReportAsync(db, new UsageReportOptions(From, new DateOnly(2025, 9, 30)));

        report.Threshold.Value.ShouldBe(25.07m);
        report.Row(Mail).ShouldBe(new UsageReportRow(Mail, 2, 0, 0, 1, 50));
    }

    [Theory, DatabaseData]
    public async Task Report_WithASource_CountsOnlyThatSourcesEvents(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db, [("a", "総務部/総務課"), ("b", "総務部/総務課")]);
        await EventsAsync(db, ids["a"], Mail, 50, source: "groupware");
        await EventsAsync(db, ids["b"], Mail, 50);

        var legacy = await ReportAsync(db, new UsageReportOptions(From, To) { Source = "groupware" });
        var all = await ReportAsync(db, new UsageReportOptions(From, To));

        legacy.Row(Mail).ShouldBe(new UsageReportRow(Mail, 2, 1, 50, 1, 50));
        all.Row(Mail).ShouldBe(new UsageReportRow(Mail, 2, 0, 0, 0, 0));
    }

    [Theory, DatabaseData]
    public async Task Report_NamedFeatureNobodyUsed_IsListedFirst_WithEveryoneUnused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db, [("a", "総務部/総務課")]);
        await EventsAsync(db, ids["a"], Mail, 1);

        var report = await ReportAsync(db, new UsageReportOptions(From, To) { Features = ["電子会議室"] });

        report.Features.ShouldBe([new UsageReportRow("電子会議室", 1, 1, 100, 1, 100), new UsageReportRow(Mail, 1, 0, 0, 1, 100)]);
    }

    [Theory, DatabaseData]
    public async Task ByDepartment_GivesTheFiguresPerTopLevelDepartment(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db, [("a", "総務部/総務課"), ("b", "総務部/財政課/財政係"), ("c", "市民部/市民課")]);
        await EventsAsync(db, ids["a"], Mail, 50);
        await EventsAsync(db, ids["c"], Mail, 10);

        var departments = await db.InScopeAsync(sp => sp.GetRequiredService<UsageReportService>().ByDepartmentAsync(new UsageReportOptions(From, To)));

        departments.Select(d => (d.Department, d.ActiveAccounts)).ShouldBe([("総務部", 2), ("市民部", 1)]);
        departments[0].Features.ShouldBe([new UsageReportRow(Mail, 2, 1, 50, 1, 50)]);
        departments[1].Features.ShouldBe([new UsageReportRow(Mail, 1, 0, 0, 1, 100)]);
        departments[1].AllFeatures.LowUse.ShouldBe(1);
    }

    [Fact]
    public async Task Report_FromAfterTo_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        (await Should.ThrowAsync<DomainException>(() => ReportAsync(db, new UsageReportOptions(To, From)))).Code.ShouldBe("usage.period");
    }

    [Theory]
    [InlineData(78, 605, 13)]
    [InlineData(604, 605, 100)]
    [InlineData(366, 605, 60)]  // 60.495…
    [InlineData(251, 605, 41)]  // 41.487…
    [InlineData(1, 8, 13)]      // 12.5 exactly: half up
    [InlineData(3, 8, 38)]      // 37.5
    [InlineData(1, 200, 1)]     // 0.5
    [InlineData(0, 605, 0)]
    [InlineData(0, 0, 0)]
    public void Rate_IsIntegerPercent_RoundedHalfUp(int count, int total, int expected) =>
        UsageReportService.Rate(count, total).ShouldBe(expected);

    [Theory]
    [InlineData("2020-04-01", "2021-03-31", 50, false, "50")]   // a fiscal year of 365 days: exactly N
    [InlineData("2020-04-01", "2021-03-31", 49, true, "50")]
    [InlineData("2019-04-01", "2020-03-31", 50, false, "50")]   // 366 days with 29 February: still one year
    [InlineData("2025-04-01", "2025-09-30", 25, true, "25.07")] // 183 days
    [InlineData("2025-04-01", "2025-09-30", 26, false, "25.07")]
    [InlineData("2025-10-01", "2026-03-31", 24, true, "24.93")] // 182 days
    [InlineData("2025-10-01", "2026-03-31", 25, false, "24.93")]
    [InlineData("2024-04-01", "2026-03-31", 99, true, "100")]   // two years
    [InlineData("2024-04-01", "2026-03-31", 100, false, "100")]
    [InlineData("2025-04-01", "2025-04-01", 0, true, "0.14")]   // one day: any use is enough
    [InlineData("2025-04-01", "2025-04-01", 1, false, "0.14")]
    public void Threshold_IsNPerYear_ProratedByDaysOver365(string from, string to, int uses, bool low, string value)
    {
        var threshold = LowUseThreshold.For(50, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

        threshold.IsLow(uses).ShouldBe(low);
        threshold.Value.ShouldBe(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
