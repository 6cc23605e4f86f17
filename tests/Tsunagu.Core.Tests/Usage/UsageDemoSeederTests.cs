using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Tests.Usage;

/// <summary>
/// The demo city's legacy baseline is generated so that its year reports as the seed's table; counted here without
/// a database (the report over the seeded demo city is checked in the web tests, on both databases).
/// </summary>
public sealed class UsageDemoSeederTests
{
    [Fact]
    public void LegacyYear_HasTheSeedsUnusedAndLowUseCounts_AndSeventyFiveWhoUsedNothing()
    {
        var accounts = Enumerable.Range(1000, 605).ToList();
        var events = UsageDemoSeeder.LegacyYear(accounts);
        var threshold = LowUseThreshold.For(50, UsageDemoSeeder.LegacyFrom, UsageDemoSeeder.LegacyTo);

        events.ShouldAllBe(e => e.Source == UsageDemoSeeder.LegacySource);
        events.ShouldAllBe(e => Core.Clock.TokyoDate(e.OccurredAt) >= UsageDemoSeeder.LegacyFrom && Core.Clock.TokyoDate(e.OccurredAt) <= UsageDemoSeeder.LegacyTo);
        foreach (var (feature, unused, lowUse) in UsageDemoSeeder.LegacyTable)
        {
            var uses = events.Where(e => e.Feature == feature).GroupBy(e => e.AccountId).ToDictionary(g => g.Key, g => g.Count());
            accounts.Count(a => !uses.ContainsKey(a)).ShouldBe(unused, feature);
            accounts.Count(a => threshold.IsLow(uses.GetValueOrDefault(a))).ShouldBe(lowUse, feature);
        }

        var anyUse = events.Select(e => e.AccountId).ToHashSet();
        accounts.Count(a => !anyUse.Contains(a)).ShouldBe(UsageDemoSeeder.LegacyNoUseAtAll);
    }

    [Fact]
    public void RecentMonths_LeaveSomeStaffOut_AndStayInsideTheLastSixMonths()
    {
        var today = new DateOnly(2026, 11, 27);
        var staff = Enumerable.Range(1, 605).Select(i => (i, $"user{i}")).ToList();

        var events = UsageDemoSeeder.RecentMonths(staff, today);

        events.ShouldAllBe(e => e.Source == null);
        events.Min(e => Core.Clock.TokyoDate(e.OccurredAt)).ShouldBeGreaterThanOrEqualTo(today.AddMonths(-6));
        events.Max(e => Core.Clock.TokyoDate(e.OccurredAt)).ShouldBeLessThan(today);
        var users = events.Select(e => e.AccountId).Distinct().Count();
        users.ShouldBeInRange(500, 580);
        UsageDemoSeeder.RecentMonths(staff, today).Count.ShouldBe(events.Count);
    }
}
