using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Usage;
using static Tsunagu.Core.Tests.Usage.UsageTestCity;

namespace Tsunagu.Core.Tests.Usage;

/// <summary>The daily and monthly counts behind the report must say exactly what the events say.</summary>
public sealed class UsageCountsTests
{
    [Fact]
    public void Split_AFiscalYear_IsOneRunOfWholeMonths()
    {
        UsageCounts.Split(new(2025, 4, 1), new(2026, 3, 31)).ShouldBe([(new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 1), true)]);
    }

    [Fact]
    public void Split_LooseEnds_AreDays_AndTheMonthsBetweenAreWhole()
    {
        UsageCounts.Split(new(2025, 4, 15), new(2025, 7, 10)).ShouldBe(
        [
            (new DateOnly(2025, 4, 15), new DateOnly(2025, 4, 30), false),
            (new DateOnly(2025, 5, 1), new DateOnly(2025, 6, 1), true),
            (new DateOnly(2025, 7, 1), new DateOnly(2025, 7, 10), false),
        ]);
    }

    [Theory]
    [InlineData("2025-04-10", "2025-04-20")]
    [InlineData("2025-04-10", "2025-05-20")]
    [InlineData("2024-02-29", "2024-02-29")]
    [InlineData("2025-04-01", "2025-04-30")]
    public void Split_CoversEveryDayOnce(string from, string to)
    {
        var first = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture);
        var last = DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture);
        var days = UsageCounts.Split(first, last)
            .SelectMany(r => r.WholeMonths
                ? Enumerable.Range(0, 1000).Select(r.First.AddDays).TakeWhile(d => d < r.Last.AddMonths(1))
                : Enumerable.Range(0, r.Last.DayNumber - r.First.DayNumber + 1).Select(r.First.AddDays))
            .ToList();
        days.ShouldBe(Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList());
    }

    [Theory, DatabaseData]
    public async Task PerAccount_ForAnyPeriod_EqualsCountingTheEvents(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = (await StaffAsync(db, Enumerable.Range(0, 6).Select(i => (Login(i), "総務部/総務課")))).Values.ToArray();
        var random = new Random(7);
        string[] features = ["schedule", "chat", "電子メール"];
        string?[] sources = [null, null, "旧グループウェア"];
        // Events around Tokyo midnight and month ends, where a UTC day and a Tokyo day differ.
        var events = Enumerable.Range(0, 3000).Select(_ =>
        {
            var at = Tokyo(2025, 3, 25).AddMinutes(random.Next(0, 60 * 24 * 100));
            return new UsageEvent(ids[random.Next(ids.Length)], features[random.Next(features.Length)], "view", at, sources[random.Next(sources.Length)]);
        }).ToList();
        await db.InScopeAsync(sp => UsageCounts.AppendAsync(sp.GetRequiredService<AppDbContext>(), events.Take(1000).ToList()));
        await db.InScopeAsync(sp => UsageCounts.AppendAsync(sp.GetRequiredService<AppDbContext>(), events.Skip(1000).ToList()));

        (DateOnly, DateOnly)[] periods =
        [
            (new(2025, 3, 25), new(2025, 7, 5)),
            (new(2025, 4, 1), new(2025, 5, 31)),
            (new(2025, 3, 31), new(2025, 4, 1)),
            (new(2025, 4, 17), new(2025, 4, 17)),
            (new(2025, 5, 2), new(2025, 6, 29)),
        ];
        foreach (var (from, to) in periods)
        {
            foreach (var source in new[] { null, "旧グループウェア" })
            {
                var expected = events
                    .Where(e => Clock.TokyoDate(e.OccurredAt) >= from && Clock.TokyoDate(e.OccurredAt) <= to && (source is null || e.Source == source))
                    .GroupBy(e => (e.AccountId!.Value, e.Feature))
                    .Select(g => (g.Key.Value, g.Key.Feature, g.Count()))
                    .Order()
                    .ToList();
                var actual = await db.InScopeAsync(sp => UsageCounts.PerAccountAsync(sp.GetRequiredService<AppDbContext>(), from, to, source));
                actual.Order().ToList().ShouldBe(expected, $"{from}..{to} {source}");
            }
        }
    }

    [Theory, DatabaseData]
    public async Task Rebuild_GivesTheSameCountsAsWritingThemWithTheEvents(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db, [("a", "総務部/総務課"), ("b", "市民部/市民課")]);
        await EventsAsync(db, ids["a"], "schedule", 40);
        await EventsAsync(db, ids["b"], "schedule", 7, Tokyo(2025, 4, 30, 23, 30));
        await EventsAsync(db, ids["b"], "電子メール", 12, source: "旧グループウェア");
        await db.InScopeAsync(sp => UsageCounts.AppendAsync(sp.GetRequiredService<AppDbContext>(), [new UsageEvent(null, "portal", "view", Tokyo(2025, 5, 1))]));
        var daily = await db.QueryAsync(c => c.UsageDailyCounts.Select(x => new { x.Day, x.AccountId, x.Feature, x.Source, x.Count }).ToListAsync());
        var monthly = await db.QueryAsync(c => c.UsageMonthlyCounts.Select(x => new { x.Month, x.AccountId, x.Feature, x.Source, x.Count }).ToListAsync());

        var counted = await db.InScopeAsync(sp => UsageCounts.RebuildAsync(sp.GetRequiredService<AppDbContext>()));

        counted.ShouldBe(59); // the anonymous event is not counted
        (await db.QueryAsync(c => c.UsageDailyCounts.Select(x => new { x.Day, x.AccountId, x.Feature, x.Source, x.Count }).ToListAsync()))
            .OrderBy(x => (x.Day, x.AccountId, x.Feature, x.Source)).ShouldBe(daily.OrderBy(x => (x.Day, x.AccountId, x.Feature, x.Source)));
        (await db.QueryAsync(c => c.UsageMonthlyCounts.Select(x => new { x.Month, x.AccountId, x.Feature, x.Source, x.Count }).ToListAsync()))
            .OrderBy(x => (x.Month, x.AccountId, x.Feature, x.Source)).ShouldBe(monthly.OrderBy(x => (x.Month, x.AccountId, x.Feature, x.Source)));
        monthly.Where(m => m.AccountId == ids["b"] && m.Feature == "schedule").Select(m => (m.Month, m.Count))
            .ShouldBe([(new DateOnly(2025, 4, 1), 1), (new DateOnly(2025, 5, 1), 6)], ignoreOrder: true);
    }

    [Theory, DatabaseData]
    public async Task Report_AccountWithoutADepartment_IsNotCounted(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db, [("staff", "総務部/総務課")]);
        var technical = await db.InScopeAsync(async sp =>
        {
            var account = new Account { UserName = "admin", DisplayName = "システム管理者", Kana = "しすてむかんりしゃ", CreatedAt = Tokyo(2025, 1, 1) };
            (await sp.GetRequiredService<UserManager<Account>>().CreateAsync(account)).Succeeded.ShouldBeTrue();
            return account.Id;
        });
        await EventsAsync(db, technical, "admin", 100);
        await EventsAsync(db, ids["staff"], "schedule", 60);

        var report = await ReportAsync(db);

        report.ActiveAccounts.ShouldBe(1);
        report.Features.Select(r => r.Feature).ShouldBe(["schedule"]);
        report.AllFeatures.ShouldBe(new UsageReportRow(UsageReport.AllFeaturesName, 1, 0, 0, 0, 0));
    }
}
