using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Search;

using static Tsunagu.Benchmarks.BenchmarkShared;

namespace Tsunagu.Benchmarks;

/// <summary>
/// The issue 3 scale benchmark, as a plain runner (BenchmarkDotNet is too slow at this size):
/// dotnet run -c Release --project benchmarks/Tsunagu.Benchmarks -- scale --documents 1000000 --database sqlite|postgresql [--connection ...] [--runs 20]
/// Generates ~400-character Japanese documents whose words follow a Zipf-like curve (rare, medium, and very common
/// words in over 30% of documents), indexes them through SearchIndex.IndexManyAsync, and times queries with the
/// default order, FullRelevance, and a plain substring scan. Figures go to docs/benchmarks.md by hand.
/// </summary>
internal static class SearchScaleBenchmark
{
    // Query words per band and length; each band's words are put into documents with the band's probability.
    private static readonly (string Band, double Probability, string[] Words)[] Bands =
    [
        ("common", 0.40, ["課", "会議", "市役所", "お知らせ"]),
        ("medium", 0.03, ["税", "予算", "公民館", "子育て支援"]),
        ("rare", 0.001, ["碑", "選挙", "図書館", "国民健康保険"]),
    ];

    // Filler with a Zipf-like weight (1/rank); none contains a query word.
    private static readonly string[] Filler =
    [
        "確認", "報告", "連絡", "資料", "提出", "期限", "担当", "対応", "検討", "実施", "道路", "補修", "窓口", "申請", "住民票", "職員",
        "研修", "令和", "年度", "について", "します", "しました", "です", "ため", "および", "各位", "本日", "以下", "詳細", "参加", "開催",
        "変更", "予定", "場所", "時間", "利用", "案内", "結果", "状況", "情報", "手続", "受付", "相談", "地域", "事業", "計画", "整備", "管理",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var documents = int.Parse(Option(args, "--documents") ?? "100000", CultureInfo.InvariantCulture);
        var database = (Option(args, "--database") ?? "sqlite").ToLowerInvariant();
        var runs = int.Parse(Option(args, "--runs") ?? "20", CultureInfo.InvariantCulture);
        var batchSize = int.Parse(Option(args, "--batch") ?? "2000", CultureInfo.InvariantCulture);
        var postgres = database is "postgresql" or "postgres";
        string? folder = null;
        DatabaseSettings settings;
        if (postgres)
        {
            var connection = Option(args, "--connection") ?? throw new ArgumentException("--connection is required for postgresql");
            var name = "tsunagu_scale_" + Guid.NewGuid().ToString("N")[..8];
            settings = new DatabaseSettings(DatabaseProvider.PostgreSql, connection.TrimEnd(';') + ";Database=" + name + ";Command Timeout=600");
        }
        else
        {
            folder = Path.Combine(Path.GetTempPath(), "tsunagu-scale-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            settings = DatabaseSettings.ForSqliteFile(Path.Combine(folder, "scale.db"));
        }

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddDbContextFactory<AppDbContext>(settings.Apply);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<Account>(DatabaseSettings.ConfigureIdentityStore).AddRoles<IdentityRole<int>>().AddEntityFrameworkStores<AppDbContext>();
        services.AddTsunaguCore();
        await using var provider = services.BuildServiceProvider();
        try
        {
            await Bootstrapper.RunAsync(provider, demo: false, adminPassword: null);
            Console.WriteLine($"# Search scale benchmark: {documents:N0} documents on {(postgres ? "PostgreSQL" : "SQLite")}, {runs} runs per query, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");

            // Build.
            var random = new Random(42);
            var start = new DateTimeOffset(2020, 4, 1, 0, 0, 0, TimeSpan.Zero);
            var clock = Stopwatch.StartNew();
            for (var first = 0; first < documents; first += batchSize)
            {
                var count = Math.Min(batchSize, documents - first);
                var items = new List<SearchItem>(count);
                for (var i = first; i < first + count; i++)
                {
                    items.Add(new SearchItem("notice", i.ToString(CultureInfo.InvariantCulture), Text(random, 20), Text(random, 400),
                        "/notices/" + i.ToString(CultureInfo.InvariantCulture), start.AddMinutes(i), null, [SearchAccess.Role(Roles.Staff)]));
                }

                await using var scope = provider.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                await SearchIndex.IndexManyAsync(db, items);
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync();
                if ((first / batchSize) % 25 == 0)
                {
                    Console.Error.WriteLine($"  {first + count:N0} indexed, {(first + count) / clock.Elapsed.TotalSeconds:N0} docs/s");
                }
            }

            var buildSeconds = clock.Elapsed.TotalSeconds;
            long size;
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                if (postgres)
                {
                    await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
                    size = await ScalarAsync(db, "SELECT pg_total_relation_size('\"SearchEntries\"') + pg_total_relation_size('\"SearchEntryAccess\"')");
                }
                else
                {
                    await ScalarAsync(db, "PRAGMA wal_checkpoint(TRUNCATE)");
                    await db.Database.ExecuteSqlRawAsync("ANALYZE");
                    size = new FileInfo(Path.Combine(folder!, "scale.db")).Length;
                }
            }

            Console.WriteLine($"Build: {documents / buildSeconds:N0} docs/s ({buildSeconds:N0} s); index size (search tables{(postgres ? "" : ", whole file")}): {size / 1048576.0:N0} MB");
            Console.WriteLine();
            Console.WriteLine("| band | query | hits | default p50 / p95 ms | FullRelevance p50 / p95 ms | scan p50 / p95 ms | speed-up (scan p50 / default p50) |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
            var viewer = new SearchViewer(1, [Roles.Staff], []);
            foreach (var (band, _, words) in Bands)
            {
                foreach (var query in words.Append(words[1] + " " + words[3]))
                {
                    int hits = 0;
                    var relevance = await TimeAsync(runs, async () =>
                    {
                        await using var scope = provider.CreateAsyncScope();
                        hits = (await scope.ServiceProvider.GetRequiredService<SearchIndex>().QueryAsync(new SearchQuery(query), viewer)).Total;
                    });
                    var full = await TimeAsync(runs, async () =>
                    {
                        await using var scope = provider.CreateAsyncScope();
                        await scope.ServiceProvider.GetRequiredService<SearchIndex>().QueryAsync(new SearchQuery(query) { Order = SearchOrder.FullRelevance }, viewer);
                    });
                    var parts = query.Split(' ');
                    var scanSql = "SELECT COUNT(*) FROM \"SearchEntries\" WHERE " + string.Join(" AND ", parts.Select(p =>
                        postgres ? $"strpos(\"Title\" || ' ' || \"Body\", '{p}') > 0" : $"(\"Title\" || ' ' || \"Body\") LIKE '%{p}%'"));
                    var scan = await TimeAsync(runs, async () =>
                    {
                        await using var scope = provider.CreateAsyncScope();
                        await ScalarAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scanSql);
                    });
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {band} | {query} ({parts[0].Length}{(parts.Length > 1 ? "+" + parts[1].Length : "")} chars) | {hits:N0} | {relevance.P50:N1} / {relevance.P95:N1} | {full.P50:N1} / {full.P95:N1} | {scan.P50:N1} / {scan.P95:N1} | {scan.P50 / relevance.P50:N1}× |"));
                }
            }

            return 0;
        }
        finally
        {
            if (postgres)
            {
                await using var scope = provider.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.EnsureDeletedAsync();
            }
            else
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder!, recursive: true);
            }
        }
    }

    private static string Text(Random random, int length)
    {
        var text = new StringBuilder(length + 20);
        while (text.Length < length)
        {
            var picked = false;
            foreach (var (_, probability, words) in Bands)
            {
                // A text has about length / 3.5 word slots; spread each word's document probability over them.
                foreach (var word in words)
                {
                    if (random.NextDouble() < probability * 3.5 / length)
                    {
                        text.Append(word);
                        picked = true;
                    }
                }
            }

            if (!picked)
            {
                // Zipf: rank r with weight 1/r.
                var r = (int)Math.Floor(Math.Pow(Filler.Length + 1, random.NextDouble())) - 1;
                text.Append(Filler[Math.Clamp(r, 0, Filler.Length - 1)]);
            }

            text.Append(random.Next(8) == 0 ? "。" : "の");
        }

        return text.ToString();
    }

    private static async Task<(double P50, double P95)> TimeAsync(int runs, Func<Task> action)
    {
        await action(); // warm-up
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[(int)Math.Ceiling(runs * 0.5) - 1], times[(int)Math.Ceiling(runs * 0.95) - 1]);
    }
}
