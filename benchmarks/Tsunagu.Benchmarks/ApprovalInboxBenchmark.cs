using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tsunagu.Core;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Schedules;

using static Tsunagu.Benchmarks.BenchmarkShared;

namespace Tsunagu.Benchmarks;

/// <summary>
/// The issue 5 e-approval inbox benchmark, a plain runner like <see cref="ScheduleScaleBenchmark"/>:
/// dotnet run -c Release --project benchmarks/Tsunagu.Benchmarks -- approval-inbox --database sqlite|postgresql [--connection ...]
///   [--years 5] [--per-year 30000] [--runs 200] [--explain] [--keep] [--reuse &lt;SQLite file or PostgreSQL connection string&gt;]
///   [--experiment-sql "CREATE INDEX ..."] (repeatable; run after generation — an experiment, not the product's schema)
/// Seeds the demo city (with the shipped form templates), then writes years of requests with the entity methods
/// (Submit/Approve/Reject/SendBack/Withdraw) in batches — not through ApprovalService, and without the audit chain or
/// the search index for the bulk history. One 課長 decides every request of their 課 and is the delegate of their 部長;
/// then times ApprovalReader's inbox tabs, counts and search. Figures go to docs/benchmarks.md by hand.
/// </summary>
internal static class ApprovalInboxBenchmark
{
    private const double TargetMs = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var database = (Option(args, "--database") ?? "sqlite").ToLowerInvariant();
        var years = int.Parse(Option(args, "--years") ?? "5", CultureInfo.InvariantCulture);
        var perYear = int.Parse(Option(args, "--per-year") ?? "30000", CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs") ?? "200", CultureInfo.InvariantCulture);
        var explainAll = args.Contains("--explain");
        var reuse = Option(args, "--reuse");
        var keep = args.Contains("--keep") || reuse is not null;
        var experiments = args.Select((a, i) => (a, i)).Where(x => x.a == "--experiment-sql" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
        var postgres = database is "postgresql" or "postgres";
        var folder = Path.Combine(Path.GetTempPath(), "tsunagu-approval-inbox-" + Guid.NewGuid().ToString("N")[..8]);
        var sqliteFile = reuse ?? Path.Combine(folder, "approval.db");
        DatabaseSettings settings;
        if (reuse is not null)
        {
            settings = postgres ? new DatabaseSettings(DatabaseProvider.PostgreSql, reuse) : DatabaseSettings.ForSqliteFile(reuse);
        }
        else if (postgres)
        {
            var connection = Option(args, "--connection") ?? throw new ArgumentException("--connection is required for postgresql");
            var name = "tsunagu_approval_" + Guid.NewGuid().ToString("N")[..8];
            settings = new DatabaseSettings(DatabaseProvider.PostgreSql, RemoveDatabase(connection) + ";Database=" + name + ";Command Timeout=600");
        }
        else
        {
            Directory.CreateDirectory(folder);
            settings = DatabaseSettings.ForSqliteFile(sqliteFile);
        }

        var capture = new CommandCapture();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddDbContextFactory<AppDbContext>(o =>
        {
            settings.Apply(o);
            o.AddInterceptors(capture);
        });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<Account>(DatabaseSettings.ConfigureIdentityStore).AddRoles<IdentityRole<int>>().AddEntityFrameworkStores<AppDbContext>();
        services.AddTsunaguCore();
        await using var provider = services.BuildServiceProvider();
        var engine = postgres ? "PostgreSQL" : "SQLite";
        try
        {
            var now = Clock.Truncate(TimeProvider.System.GetUtcNow());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# Approval inbox benchmark: demo city + {years} years × {perYear:N0} requests on {engine}, {runs} runs, {now:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {LoadAverage()}"));
            var clock = Stopwatch.StartNew();
            if (reuse is null)
            {
                await Bootstrapper.RunAsync(provider, demo: true, adminPassword: null);
                Console.WriteLine($"Demo city seeded in {clock.Elapsed.TotalSeconds:N0} s");
            }

            ApprovalCity city;
            await using (var scope = provider.CreateAsyncScope())
            {
                city = await ApprovalCity.LoadAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), years * perYear);
            }

            if (reuse is null)
            {
                clock.Restart();
                var written = await new ApprovalHistory(city, now, years, perYear).WriteAsync(provider);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Generated {written:N0} requests in {clock.Elapsed.TotalSeconds:N0} s ({written / clock.Elapsed.TotalSeconds:N0} requests/s), load {LoadAverage()}"));
            }

            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                foreach (var sql in experiments)
                {
                    var started = Stopwatch.StartNew();
                    await db.Database.ExecuteSqlRawAsync(sql);
                    Console.WriteLine($"EXPERIMENT (not product schema): {sql}  [{started.Elapsed.TotalSeconds:N1} s]");
                }

                if (postgres)
                {
                    await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
                }
                else
                {
                    await ScalarAsync(db, "PRAGMA wal_checkpoint(TRUNCATE)");
                }

                var requests = await db.ApprovalRequests.CountAsync();
                var open = await db.ApprovalRequests.CountAsync(r => r.Status == RequestStatus.InProgress);
                var steps = await db.ApprovalSteps.CountAsync();
                var assignments = await db.ApprovalAssignments.CountAsync();
                var actions = await db.ApprovalActions.LongCountAsync();
                var participants = await db.ApprovalParticipants.CountAsync();
                var size = postgres ? await ScalarAsync(db, "SELECT pg_database_size(current_database())") : new FileInfo(sqliteFile).Length;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Rows (demo included): {requests:N0} requests ({open:N0} in progress), {steps:N0} steps, {assignments:N0} assignments, {actions:N0} actions, {participants:N0} participants; size {size / 1048576.0:N0} MB{(postgres ? ", VACUUM ANALYZE run" : ", no ANALYZE (as the app leaves it)")}"));
            }

            SqliteConnection.ClearAllPools();
            await MeasureAsync(provider, city, capture, runs, postgres, explainAll);
            Console.WriteLine($"Load average (1/5/15 min) at the end: {LoadAverage()}");
            return 0;
        }
        finally
        {
            if (!keep)
            {
                await using var scope = provider.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.EnsureDeletedAsync();
                SqliteConnection.ClearAllPools();
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            else if (reuse is null)
            {
                Console.WriteLine($"Kept: {(postgres ? settings.ConnectionString : sqliteFile)}");
            }
        }
    }

    private static string RemoveDatabase(string connection) =>
        string.Join(';', connection.Split(';', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.TrimStart().StartsWith("Database=", StringComparison.OrdinalIgnoreCase)));

    private static async Task MeasureAsync(ServiceProvider provider, ApprovalCity city, CommandCapture capture, int runs, bool postgres, bool explainAll)
    {
        var chief = city.Chief;
        var chiefViewer = new ApprovalViewer(chief.Id, chief.Name, IsAdministrator: false);
        var applicantViewer = new ApprovalViewer(city.Applicant.Id, city.Applicant.Name, IsAdministrator: false);
        var adminViewer = new ApprovalViewer(city.Director.Id, "管理者", IsAdministrator: true);
        var today = Clock.TokyoDate(TimeProvider.System.GetUtcNow());
        var purchase = city.Forms[FormTemplates.Purchase];
        var cases = new List<(string Name, Func<ApprovalReader, Task<string>> Run)>
        {
            ("InboxAsync Waiting (課長)", async r => Rows(await r.InboxAsync(chiefViewer, InboxTab.Waiting))),
            ("InboxAsync Delegated (課長, delegate of 部長)", async r => Rows(await r.InboxAsync(chiefViewer, InboxTab.Delegated))),
            ("InboxAsync Mine (職員)", async r => Rows(await r.InboxAsync(applicantViewer, InboxTab.Mine))),
            ("InboxAsync Done page 1 (課長)", async r => Rows(await r.InboxAsync(chiefViewer, InboxTab.Done, 1))),
            ("InboxAsync Done page 20 (課長)", async r => Rows(await r.InboxAsync(chiefViewer, InboxTab.Done, 20))),
            ("CountsAsync (課長)", async r =>
            {
                var c = await r.CountsAsync(chiefViewer);
                return string.Create(CultureInfo.InvariantCulture, $"waiting {c.Waiting}, delegated {c.Delegated}, mine {c.Mine}");
            }),
            ("FindAsync, no filter (administrator)", async r => Rows(await r.FindAsync(adminViewer, new RequestFilter()))),
            ("FindAsync, 物品購入伺 + last 12 months + 10万–100万円 (課長)", async r => Rows(await r.FindAsync(chiefViewer,
                new RequestFilter { FormDefinitionId = purchase, From = today.AddYears(-1), To = today, AmountMin = 100_000, AmountMax = 1_000_000 }))),
        };

        Console.WriteLine();
        Console.WriteLine($"課長: {chief.Name} ({chief.Path}), delegate of 部長 {city.Director.Name}; 職員 for Mine: {city.Applicant.Name} ({city.Applicant.Path})");
        Console.WriteLine();
        Console.WriteLine("| measurement | result rows / total | p50 ms | p95 ms | p99 ms | max ms | target p95 < 100 ms |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---|");
        var explain = new StringBuilder();
        foreach (var (name, run) in cases)
        {
            string shape = "";
            async Task Once()
            {
                await using var scope = provider.CreateAsyncScope();
                shape = await run(scope.ServiceProvider.GetRequiredService<ApprovalReader>());
            }

            for (var i = 0; i < Math.Max(5, runs / 20); i++)
            {
                await Once();
            }

            var times = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var sw = Stopwatch.StartNew();
                await Once();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            double P(double q) => times[(int)Math.Ceiling(runs * q) - 1];
            var p95 = P(0.95);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {shape} | {P(0.5):N1} | {p95:N1} | {P(0.99):N1} | {times[^1]:N1} | {(p95 < TargetMs ? "met" : "**missed**")} |"));

            if (explainAll || p95 >= TargetMs)
            {
                capture.Start();
                await Once();
                var commands = capture.Stop();
                explain.AppendLine(CultureInfo.InvariantCulture, $"## {name}");
                await using var scope = provider.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                foreach (var command in commands)
                {
                    explain.AppendLine(command.Text).AppendLine(CultureInfo.InvariantCulture, $"-- parameters: {string.Join(", ", command.Parameters.Select(p => p.Name + "=" + p.Value))}");
                    explain.AppendLine(await ExplainAsync(db, command, postgres)).AppendLine();
                }
            }
        }

        if (explain.Length > 0)
        {
            Console.WriteLine();
            Console.WriteLine("# Plans");
            Console.WriteLine(explain);
        }
    }

    private static string Rows(RequestPage page) => string.Create(CultureInfo.InvariantCulture, $"{page.Rows.Count} / {page.Total:N0}");

    private static async Task<string> ExplainAsync(AppDbContext db, CapturedCommand captured, bool postgres)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = (postgres ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ") + captured.Text;
            foreach (var (name, value) in captured.Parameters)
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                p.Value = value ?? DBNull.Value;
                command.Parameters.Add(p);
            }

            var text = new StringBuilder();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(postgres ? reader.GetString(0) : $"{reader.GetValue(0)} {reader.GetValue(1)} {reader.GetValue(3)}");
            }

            return text.ToString();
        }
        catch (DbException e)
        {
            return "(explain failed: " + e.Message + ")";
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    internal sealed record CapturedCommand(string Text, List<(string Name, object? Value)> Parameters);

    /// <summary>Keeps the SQL (with parameter values) of the statements run while capturing, to explain them afterwards.</summary>
    internal sealed class CommandCapture : DbCommandInterceptor
    {
        private List<CapturedCommand>? _commands;

        public void Start() => _commands = [];

        public List<CapturedCommand> Stop()
        {
            var result = _commands ?? [];
            _commands = null;
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _commands?.Add(new CapturedCommand(command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            _commands?.Add(new CapturedCommand(command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
