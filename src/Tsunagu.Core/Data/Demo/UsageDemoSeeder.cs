using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Data.Demo;

/// <summary>One usage event to write: account, feature, action, instant (UTC), source (null = Tsunagu's own).</summary>
public readonly record struct DemoUsageEvent(int AccountId, string Feature, string Action, DateTimeOffset OccurredAt, string? Source);

/// <summary>
/// A usage history for the demo city, so the usage page shows a working report on first start:
/// <list type="bullet">
/// <item>Tsunagu's own events for the last six months (up to yesterday) of the counted staff (those outside the
/// departments flagged <c>ExcludedFromUsage</c>), skewed as real use is: some never sign in, many use it a little, a few
/// a lot, and use grows month by month as the city moves over.</item>
/// <item>The old groupware's year FY2020 as an imported baseline (source <see cref="LegacySource"/>), built so that the
/// report of that year with the baseline filter is the seed's 利用状況サマリ: per feature exactly the seed's unused and
/// low-use counts, and 75 accounts that used nothing.</item>
/// </list>
/// Events are written with plain ADO.NET in one transaction (as the baseline importer does), not the change tracker.
/// </summary>
public sealed partial class UsageDemoSeeder(AppDbContext db, TimeProvider clock, ILogger<UsageDemoSeeder> logger)
{
    public const string LegacySource = "旧グループウェア";

    public const int LegacyNoUseAtAll = 75;

    public static readonly DateOnly LegacyFrom = new(2020, 4, 1);

    public static readonly DateOnly LegacyTo = new(2021, 3, 31);

    /// <summary>The seed's table: feature, unused, low use (below 50 uses a year, the unused included).</summary>
    public static readonly IReadOnlyList<(string Feature, int Unused, int LowUse)> LegacyTable =
    [
        ("電子メール", 78, 185),
        ("掲示板", 97, 199),
        ("施設予約", 197, 366),
        ("スケジュール", 264, 557),
        ("三役", 306, 558),
        ("電子会議室", 461, 604),
        ("回覧板", 258, 489),
        ("電子決裁", 281, 496),
        ("庶務事務(勤怠管理)", 119, 251),
    ];

    /// <summary>Tsunagu's features and how much of a typical person's use each takes.</summary>
    private static readonly (string Feature, double Weight, double ActionShare)[] Features =
    [
        ("portal", 0.26, 0.0),
        ("schedule", 0.18, 0.3),
        ("bulletin", 0.10, 0.05),
        ("chat", 0.12, 0.5),
        ("approval", 0.08, 0.4),
        ("notifications", 0.06, 0.1),
        ("facility", 0.05, 0.35),
        ("circulation", 0.04, 0.3),
        ("search", 0.04, 0.0),
        ("directory", 0.03, 0.0),
        ("meeting", 0.02, 0.2),
        ("request", 0.02, 0.3),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var staff = await CountedStaffAsync(db, cancellationToken);
        if (staff.Count == 0)
        {
            return;
        }

        var started = clock.GetTimestamp();
        var today = Clock.TokyoDate(clock.GetUtcNow());
        var events = new List<DemoUsageEvent>(260_000);
        events.AddRange(LegacyYear(staff.Select(s => s.Id).ToList()));
        events.AddRange(RecentMonths(staff, today));
        await InsertAsync(db, events, cancellationToken);
        Seeded(logger, events.Count, (long)clock.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo usage history: {Events} events written in {Milliseconds} ms")]
    private static partial void Seeded(ILogger logger, int events, long milliseconds);

    /// <summary>The counted staff (not under a top-level department flagged <c>ExcludedFromUsage</c>) in id order, with their logins.</summary>
    public static async Task<List<(int Id, string Login)>> CountedStaffAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var excluded = await db.Departments.AsNoTracking().Where(d => d.ParentId == null && d.ExcludedFromUsage).Select(d => d.Path).ToListAsync(cancellationToken);
        var accounts = await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null)
            .OrderBy(a => a.Id).Select(a => new { a.Id, Login = a.UserName!, a.Department!.Path }).ToListAsync(cancellationToken);
        return accounts
            .Where(a => !excluded.Any(e => a.Path == e || a.Path.StartsWith(e + "/", StringComparison.Ordinal)))
            .Select(a => (a.Id, a.Login))
            .ToList();
    }

    /// <summary>
    /// The legacy year. Per feature the accounts are put in an order: the first <c>unused</c> have no event, the next up
    /// to <c>low use</c> 1–49 (mostly few), the rest 50–89. The first 75 (the same people for every feature) used nothing
    /// at all; the rest of each order is shuffled per feature. 電子メール's three further unused are people who use 掲示板, so
    /// nobody else ends up with nothing. With fewer than 605 counted staff (a changed demo city) it is scaled down.
    /// </summary>
    public static List<DemoUsageEvent> LegacyYear(IReadOnlyList<int> accounts)
    {
        var random = new Random(2020);
        var counted = accounts.Count;
        var scale = counted / 605.0;
        int Scaled(int n) => Math.Min(counted, (int)Math.Round(n * scale, MidpointRounding.AwayFromZero));
        var people = accounts.OrderBy(_ => random.Next()).ToArray();
        var nobody = Scaled(LegacyNoUseAtAll);
        var events = new List<DemoUsageEvent>(120_000);
        int[]? bulletinOrder = null;
        for (var f = 0; f < LegacyTable.Count; f++)
        {
            var (feature, unusedCount, lowCount) = LegacyTable[f];
            var unused = Scaled(unusedCount);
            var low = Scaled(lowCount);
            var rest = Enumerable.Range(nobody, counted - nobody).OrderBy(_ => random.Next()).ToArray();
            var order = Enumerable.Range(0, nobody).Concat(rest).ToArray();
            if (f == 0)
            {
                bulletinOrder = ShuffledAfter(nobody, counted, new Random(2021));
                // Mail's unused beyond the 75: three whom 掲示板 (f = 1, same shuffle) counts among its users.
                var bulletinUsers = bulletinOrder.Skip(Scaled(LegacyTable[1].Unused)).ToHashSet();
                var extra = rest.Where(bulletinUsers.Contains).Take(unused - nobody).ToList();
                order = Enumerable.Range(0, nobody).Concat(extra).Concat(rest.Where(p => !extra.Contains(p))).ToArray();
            }
            else if (f == 1)
            {
                order = bulletinOrder!;
            }

            for (var position = unused; position < counted; position++)
            {
                var uses = position < low ? 1 + (int)(Math.Pow(random.NextDouble(), 2) * 48.999) : 50 + random.Next(40);
                for (var k = 0; k < uses; k++)
                {
                    events.Add(new(people[order[position]], feature, "import", WorkingMoment(random, LegacyFrom, 365), LegacySource));
                }
            }
        }

        return events;
    }

    private static int[] ShuffledAfter(int first, int count, Random random) =>
        Enumerable.Range(0, first).Concat(Enumerable.Range(first, count - first).OrderBy(_ => random.Next())).ToArray();

    /// <summary>Six months of Tsunagu's own events up to yesterday, one person in twelve never signing in.</summary>
    public static List<DemoUsageEvent> RecentMonths(IReadOnlyList<(int Id, string Login)> staff, DateOnly today)
    {
        var random = new Random(2026);
        var start = today.AddMonths(-6);
        var days = today.DayNumber - start.DayNumber;
        var events = new List<DemoUsageEvent>(140_000);
        foreach (var (id, login) in staff)
        {
            // Uses a working day when fully on board: the DX office lives in it, others from never to a lot.
            var roll = random.NextDouble();
            var perDay = login == DemoCityData.DemoStaffLogin || login == "nakamura.tatsuya" ? 30.0
                : roll < 0.08 ? 0.0
                : roll < 0.55 ? 0.2 + (random.NextDouble() * 0.8)
                : roll < 0.88 ? 1.5 + (random.NextDouble() * 3)
                : 6 + (random.NextDouble() * 8);
            if (perDay == 0)
            {
                continue;
            }

            // Each person leans on some features more than others.
            var weights = Features.Select(f => f.Weight * (0.2 + (random.NextDouble() * 1.6))).ToArray();
            var total = weights.Sum();
            for (var d = 0; d < days; d++)
            {
                var day = start.AddDays(d);
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    continue;
                }

                // Adoption grows from about half to full over the six months.
                var expected = perDay * (0.45 + (0.55 * d / days));
                var uses = (int)expected + (random.NextDouble() < expected - Math.Floor(expected) ? 1 : 0);
                for (var u = 0; u < uses; u++)
                {
                    var pick = random.NextDouble() * total;
                    var f = 0;
                    while (f < Features.Length - 1 && (pick -= weights[f]) > 0)
                    {
                        f++;
                    }

                    var action = random.NextDouble() < Features[f].ActionShare ? "action" : "view";
                    events.Add(new(id, Features[f].Feature, action, WorkingMoment(random, day, 1), null));
                }
            }
        }

        return events;
    }

    /// <summary>A moment on a working day (Mon–Fri, 8:00–18:59 Tokyo) within <paramref name="days"/> days from <paramref name="from"/>.</summary>
    private static DateTimeOffset WorkingMoment(Random random, DateOnly from, int days)
    {
        var day = from.AddDays(random.Next(days));
        while (days > 1 && day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = from.AddDays(random.Next(days));
        }

        var local = day.ToDateTime(new TimeOnly(8 + random.Next(11), random.Next(60), random.Next(60)));
        return Clock.FromTokyo(local).ToUniversalTime();
    }

    /// <summary>Writes the events and their counts in one transaction.</summary>
    public static async Task InsertAsync(AppDbContext db, IReadOnlyList<DemoUsageEvent> events, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UsageCounts.BulkAppendAsync(db, events.Select(e => (e.AccountId, e.Feature, e.Action, e.OccurredAt, e.Source)).ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
