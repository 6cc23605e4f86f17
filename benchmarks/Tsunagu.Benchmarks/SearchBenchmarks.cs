using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Search;

namespace Tsunagu.Benchmarks;

/// <summary>
/// Search over the demo city plus 20,000 generated notices on the embedded SQLite database, as a staff member sees it
/// (permission filter, exactness check, total, facets and one page of snippets in every query).
/// Run: dotnet run -c Release --project benchmarks/Tsunagu.Benchmarks -- --filter '*Search*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class SearchBenchmarks
{
    private const int Documents = 20_000;

    private static readonly string[] Words =
    [
        "予算", "会議", "会議室", "防災", "訓練", "市民", "窓口", "住民票", "申請", "議事録", "子育て支援", "ごみ収集", "道路", "補修",
        "選挙", "公民館", "図書館", "国民健康保険", "マイナンバー", "説明会", "報告", "確認", "お知らせ", "令和8年度", "DX", "PDF",
    ];

    private string _folder = "";
    private ServiceProvider _services = default!;
    private SearchViewer _viewer = default!;

    [Params("課", "会議", "住民票", "予算 会議", "守屋")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tsunagu-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var settings = DatabaseSettings.ForSqliteFile(Path.Combine(_folder, "bench.db"));
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddDbContextFactory<AppDbContext>(settings.Apply);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<Account>(DatabaseSettings.ConfigureIdentityStore).AddRoles<IdentityRole<int>>().AddEntityFrameworkStores<AppDbContext>();
        services.AddTsunaguCore();
        _services = services.BuildServiceProvider();
        Bootstrapper.RunAsync(_services, demo: true, adminPassword: null).GetAwaiter().GetResult();
        SeedAsync().GetAwaiter().GetResult();
    }

    private async Task SeedAsync()
    {
        var random = new Random(42);
        var start = new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero);
        for (var batch = 0; batch < Documents / 1000; batch++)
        {
            await using var scope = _services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var items = Enumerable.Range(batch * 1000, 1000).Select(i => new SearchItem(
                "notice",
                i.ToString(CultureInfo.InvariantCulture),
                Sentence(random, 2, 5),
                Sentence(random, 40, 80),
                "/notices/" + i.ToString(CultureInfo.InvariantCulture),
                start.AddHours(i),
                random.Next(1, 40),
                i % 10 == 0 ? [SearchAccess.Department(random.Next(1, 40))] : [SearchAccess.Role(Roles.Staff)])).ToList();
            await SearchIndex.IndexManyAsync(db, items);
            await db.SaveChangesAsync();
        }

        await using var viewerScope = _services.CreateAsyncScope();
        var context = viewerScope.ServiceProvider.GetRequiredService<AppDbContext>();
        var moriya = await context.Users.Where(a => a.UserName == "moriya.misaki").Select(a => a.Id).SingleAsync();
        _viewer = await SearchViewer.ForAccountAsync(context, moriya);
    }

    private static string Sentence(Random random, int min, int max)
    {
        var text = new StringBuilder();
        for (var i = random.Next(min, max); i > 0; i--)
        {
            text.Append(Words[random.Next(Words.Length)]).Append(i % 7 == 0 ? "。" : "の");
        }

        return text.ToString();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The product's query: ranked page of 20 with snippets, total and facets.</summary>
    [Benchmark]
    public async Task<SearchResults> Search()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SearchIndex>().QueryAsync(new SearchQuery(Query), _viewer);
    }

    /// <summary>The same, newest first (no ranking of every hit).</summary>
    [Benchmark]
    public async Task<SearchResults> SearchNewest()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SearchIndex>().QueryAsync(new SearchQuery(Query) { Order = SearchOrder.Newest }, _viewer);
    }
}
