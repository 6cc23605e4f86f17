using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tsunagu.Core;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;

namespace Tsunagu.Benchmarks;

/// <summary>
/// Foundation hot paths on the embedded SQLite database (WAL, synchronous=FULL):
/// appending to the hash-chained audit log, verifying it, and validating an 800-row staff import.
/// Run: dotnet run -c Release --project benchmarks/Tsunagu.Benchmarks -- --filter '*Foundation*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class FoundationBenchmarks
{
    private string _folder = "";
    private ServiceProvider _services = default!;
    private byte[] _csv = [];

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tsunagu-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var settings = DatabaseSettings.ForSqliteFile(Path.Combine(_folder, "bench.db"));
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<AppDbContext>(settings.Apply);
        services.AddIdentityCore<Account>(DatabaseSettings.ConfigureIdentityStore).AddRoles<IdentityRole<int>>().AddEntityFrameworkStores<AppDbContext>();
        services.AddTsunaguCore();
        _services = services.BuildServiceProvider();
        Bootstrapper.RunAsync(_services, demo: true, adminPassword: null).GetAwaiter().GetResult();

        var csv = new StringBuilder("login,name,kana,department,position,email\n");
        for (var i = 0; i < 800; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"bench{i:D4},試験　太郎{i},しけん　たろう,総務部/総務課/ベンチ{i % 20}係,主事,bench{i}@example.jp\n");
        }

        _csv = Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>The verify benchmark runs over a chain of 10,000 entries.</summary>
    [GlobalSetup(Target = nameof(AuditVerifyChain))]
    public void SetupChain()
    {
        Setup();
        using var scope = _services.CreateScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var existing = db.AuditEntries.Count();
        for (var i = existing; i < 10_000; i++)
        {
            audit.Record(Actor.System, "bench.event", $"bench:{i}", "details");
        }

        db.SaveChanges();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One audited event written on its own (sign-in, denial): a transaction with the chain lock.</summary>
    [Benchmark]
    public async Task AuditAppend()
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(Actor.System, "bench.event", "bench", "details");
    }

    /// <summary>Verifying a chain of 10,000 entries, as <c>audit-verify</c> does.</summary>
    [Benchmark]
    public async Task<AuditVerification> AuditVerifyChain()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync();
    }

    /// <summary>Parsing and validating 800 staff rows against the demo city (no write).</summary>
    [Benchmark]
    public async Task<StaffImportPlan> ImportPlan800Rows()
    {
        await using var scope = _services.CreateAsyncScope();
        var (rows, errors) = StaffImporter.Parse(new MemoryStream(_csv), Encoding.UTF8);
        return await scope.ServiceProvider.GetRequiredService<StaffImporter>().PlanAsync(rows, errors);
    }
}
