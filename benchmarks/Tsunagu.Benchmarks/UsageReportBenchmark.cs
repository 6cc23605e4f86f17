using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Tsunagu.Core;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Usage;

using static Tsunagu.Benchmarks.BenchmarkShared;

namespace Tsunagu.Benchmarks;

/// <summary>
/// The issue 7 usage report benchmark:
/// dotnet run -c Release --project benchmarks/Tsunagu.Benchmarks -- usage-report --database sqlite|postgresql [--connection ...]
///   [--accounts 828] [--per-day 200] [--runs 20] [--raw-baseline] [--keep]
/// Builds 828 staff (605 counted, 223 in two departments the report excludes) and one fiscal year (FY2025) of events:
/// --per-day events per account on every working day (weekdays that are not national holidays or 12/29–1/3), written
/// as the app writes them (events and their daily and monthly counts in one transaction per day). Then times the
/// report, its per-department breakdown and its monthly trend, in a fresh context each run. --raw-baseline also times
/// the same figures counted straight from the events (the implementation before the counts) once.
/// </summary>
internal static class UsageReportBenchmark
{
    private const double TargetMs = 5000;

    private static TimeSpan InsertTime;

    private static TimeSpan CountTime;

    private static readonly string[] Features = ["portal", "schedule", "chat", "bulletin", "approval", "search", "facility", "circulation", "meeting", "request", "notifications", "directory"];

    // Relative frequency of the features: the portal and the schedule are used most, requests least.
    private static readonly int[] Weights = [30, 22, 18, 8, 6, 5, 3, 3, 2, 1, 1, 1];

    public static async Task<int> RunAsync(string[] args)
    {
        var database = (Option(args, "--database") ?? "sqlite").ToLowerInvariant();
        var accounts = int.Parse(Option(args, "--accounts") ?? "828", CultureInfo.InvariantCulture);
        var perDay = int.Parse(Option(args, "--per-day") ?? "200", CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs") ?? "20", CultureInfo.InvariantCulture);
        var keep = args.Contains("--keep");
        var rawBaseline = args.Contains("--raw-baseline");
        var postgres = database is "postgresql" or "postgres";
        var folder = Path.Combine(Path.GetTempPath(), "tsunagu-usage-" + Guid.NewGuid().ToString("N")[..8]);
        var sqliteFile = Path.Combine(folder, "usage.db");
        DatabaseSettings settings;
        string? pgName = null;
        string? pgAdmin = null;
        if (postgres)
        {
            var connection = Option(args, "--connection") ?? throw new ArgumentException("--connection is required for postgresql");
            pgName = "tsunagu_usage_" + Guid.NewGuid().ToString("N")[..8];
            var builder = new NpgsqlConnectionStringBuilder(connection);
            pgAdmin = new NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false }.ConnectionString;
            builder.Database = pgName;
            builder.CommandTimeout = 3600;
            settings = new DatabaseSettings(DatabaseProvider.PostgreSql, builder.ConnectionString);
        }
        else
        {
            Directory.CreateDirectory(folder);
            settings = DatabaseSettings.ForSqliteFile(sqliteFile);
        }

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddDbContextFactory<AppDbContext>(o => settings.Apply(o));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<Account>(DatabaseSettings.ConfigureIdentityStore).AddRoles<IdentityRole<int>>().AddEntityFrameworkStores<AppDbContext>();
        services.AddTsunaguCore();
        await using var provider = services.BuildServiceProvider();
        var engine = postgres ? "PostgreSQL" : "SQLite";
        var from = new DateOnly(2025, 4, 1);
        var to = new DateOnly(2026, 3, 31);
        try
        {
            var days = WorkingDays(from, to);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# Usage report benchmark: {accounts} accounts × {perDay} events × {days.Count} working days = {(long)accounts * perDay * days.Count:N0} events, on {engine}, {runs} runs, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores"));
            var clock = Stopwatch.StartNew();
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                db.Database.SetCommandTimeout(3600);
                await db.Database.MigrateAsync();
                await scope.ServiceProvider.GetRequiredService<OrganizationService>().EnsureStandardSetupAsync();
                var ids = await StaffAsync(scope.ServiceProvider, accounts);
                long written = 0;
                foreach (var day in days)
                {
                    written += await WriteDayAsync(db, ids, day, perDay);
                    if (day.Day == 1 || day == days[^1])
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {day:yyyy-MM}: {written:N0} events written, {clock.Elapsed.TotalSeconds:N0} s (events {InsertTime.TotalSeconds:N0} s, counts and commit {CountTime.TotalSeconds:N0} s)"));
                    }
                }

                if (postgres)
                {
                    await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
                }
                else
                {
                    await ScalarAsync(db, "PRAGMA wal_checkpoint(TRUNCATE)");
                }

                var events = await ScalarAsync(db, "SELECT COUNT(*) FROM \"UsageEvents\"");
                var daily = await ScalarAsync(db, "SELECT COUNT(*) FROM \"UsageDailyCounts\"");
                var monthly = await ScalarAsync(db, "SELECT COUNT(*) FROM \"UsageMonthlyCounts\"");
                var size = postgres ? await ScalarAsync(db, "SELECT pg_database_size(current_database())") : new FileInfo(sqliteFile).Length;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Seeded in {clock.Elapsed.TotalSeconds:N0} s: {events:N0} events, {daily:N0} daily counts, {monthly:N0} monthly counts; size {size / 1048576.0:N0} MB"));
            }

            SqliteConnection.ClearAllPools();
            var year = new UsageReportOptions(from, to) { ExcludedDepartments = ["消防本部", "市民病院"] };
            var ragged = year with { From = new DateOnly(2025, 4, 15), To = new DateOnly(2026, 3, 20) };
            var cases = new List<(string Name, Func<UsageReportService, Task<object>> Run)>
            {
                ("Report, FY2025 (whole months)", async s => await s.ReportAsync(year)),
                ("Report, 2025-04-15..2026-03-20 (loose days at both ends)", async s => await s.ReportAsync(ragged)),
                ("By department, FY2025", async s => await s.ByDepartmentAsync(year)),
                ("Monthly trend, FY2025", async s => await s.MonthlyAsync(year)),
            };

            await using (var scope = provider.CreateAsyncScope())
            {
                var report = await scope.ServiceProvider.GetRequiredService<UsageReportService>().ReportAsync(year);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Report check: {report.ActiveAccounts} accounts counted; portal unused {report.Features.Single(r => r.Feature == "portal").Unused}; all features low use {report.AllFeatures.LowUse}"));
            }

            Console.WriteLine();
            Console.WriteLine("| case (fresh context) | p50 ms | p95 ms | max ms | target |");
            Console.WriteLine("| --- | ---: | ---: | ---: | --- |");
            var failed = false;
            foreach (var (name, run) in cases)
            {
                var times = new List<double>();
                for (var i = 0; i < runs + 2; i++)
                {
                    await using var scope = provider.CreateAsyncScope();
                    var service = scope.ServiceProvider.GetRequiredService<UsageReportService>();
                    var watch = Stopwatch.StartNew();
                    await run(service);
                    watch.Stop();
                    if (i >= 2)
                    {
                        times.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                times.Sort();
                var p50 = times[times.Count / 2];
                var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
                failed |= p95 >= TargetMs;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {p50:N0} | {p95:N0} | {times[^1]:N0} | {(p95 < TargetMs ? "p95 < 5 s ✓" : "p95 ≥ 5 s ✗")} |"));
            }

            if (rawBaseline)
            {
                await using var scope = provider.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                db.Database.SetCommandTimeout(3600);
                var start = Clock.FromTokyo(from);
                var end = Clock.FromTokyo(to.AddDays(1));
                var watch = Stopwatch.StartNew();
                var groups = await db.UsageEvents.AsNoTracking()
                    .Where(e => e.OccurredAt >= start && e.OccurredAt < end && e.AccountId != null)
                    .GroupBy(e => new { e.AccountId, e.Feature })
                    .Select(g => new { g.Key.AccountId, g.Key.Feature, Count = g.Count() })
                    .ToListAsync();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Raw baseline (GROUP BY account, feature over the events, the query before the counts), one run: {watch.Elapsed.TotalMilliseconds:N0} ms for {groups.Count:N0} groups"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set of the process: {Environment.WorkingSet / 1048576.0:N0} MB now, {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB peak (seeding included)"));
            return failed ? 2 : 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (!keep)
            {
                if (postgres)
                {
                    await using var connection = new NpgsqlConnection(pgAdmin);
                    await connection.OpenAsync();
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"DROP DATABASE IF EXISTS \"{pgName}\" WITH (FORCE)";
                    await command.ExecuteNonQueryAsync();
                }
                else
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }

    /// <summary>Weekdays that are neither national holidays (reference list) nor the year-end closure.</summary>
    private static List<DateOnly> WorkingDays(DateOnly from, DateOnly to)
    {
        var holidays = HolidaysFile();
        var days = new List<DateOnly>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var closed = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || holidays.Contains(day)
                || (day.Month == 12 && day.Day >= 29) || (day.Month == 1 && day.Day <= 3);
            if (!closed)
            {
                days.Add(day);
            }
        }

        return days;
    }

    private static HashSet<DateOnly> HolidaysFile()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "..", "shared", "reference", "jp-holidays-2019-2030.csv");
            if (File.Exists(path))
            {
                return File.ReadLines(path).Skip(1)
                    .Select(l => DateOnly.TryParse(l.Split(',')[0], CultureInfo.InvariantCulture, out var d) ? d : (DateOnly?)null)
                    .OfType<DateOnly>().ToHashSet();
            }
        }

        Console.WriteLine("WARNING: reference/jp-holidays-2019-2030.csv not found; only weekends and 12/29–1/3 are closed");
        return [];
    }

    /// <summary>The staff through the staff importer: 605 in ordinary departments, the rest in 消防本部 and 市民病院.</summary>
    private static async Task<int[]> StaffAsync(IServiceProvider services, int count)
    {
        string[] ordinary = ["総務部/総務課", "総務部/財政課", "市民部/市民課", "健康福祉部/福祉課", "産業建設部/建設課", "企画振興部/DX戦略室"];
        var counted = Math.Min(count, 605 * count / 828);
        var csv = new StringBuilder("login,name,kana,department,position,email\n");
        for (var i = 0; i < count; i++)
        {
            var department = i < counted ? ordinary[i % ordinary.Length] : (i % 2 == 0 ? "消防本部/消防署" : "市民病院/医事課");
            csv.Append(CultureInfo.InvariantCulture, $"u{i:0000},職員\u3000{i},しょくいん,{department},主事,\n");
        }

        var importer = services.GetRequiredService<StaffImporter>();
        var (rows, errors) = StaffImporter.Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), StaffImporter.ResolveEncoding(null));
        var plan = await importer.PlanAsync(rows, errors);
        if (plan.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", plan.Errors.Take(3)));
        }

        await importer.ApplyAsync(plan, Actor.System);
        var db = services.GetRequiredService<AppDbContext>();
        return await db.Users.OrderBy(a => a.Id).Select(a => a.Id).ToArrayAsync();
    }

    /// <summary>One working day of events, written like the app's flush: events and counts in one transaction.</summary>
    private static async Task<long> WriteDayAsync(AppDbContext db, int[] ids, DateOnly day, int perDay)
    {
        var random = new Random(day.DayNumber);
        var total = Weights.Sum();
        var opening = Clock.FromTokyo(day.ToDateTime(new TimeOnly(8, 30)));
        var events = new List<(int AccountId, string Feature, DateTimeOffset OccurredAt, string? Source)>(ids.Length * perDay);
        foreach (var id in ids)
        {
            for (var i = 0; i < perDay; i++)
            {
                var pick = random.Next(total);
                var feature = 0;
                while (pick >= Weights[feature])
                {
                    pick -= Weights[feature++];
                }

                events.Add((id, Features[feature], opening.AddSeconds(random.Next(9 * 3600)), null));
            }
        }

        var watch = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var dbTransaction = transaction.GetDbTransaction();
        if (db.IsPostgreSql)
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var writer = await connection.BeginBinaryImportAsync(
                "COPY \"UsageEvents\" (\"AccountId\", \"Feature\", \"Action\", \"OccurredAt\") FROM STDIN (FORMAT BINARY)");
            foreach (var e in events)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(e.AccountId, NpgsqlDbType.Integer);
                await writer.WriteAsync(e.Feature, NpgsqlDbType.Varchar);
                await writer.WriteAsync("view", NpgsqlDbType.Varchar);
                await writer.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }
        else
        {
            var microseconds = new UtcMicrosecondsConverter();
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = dbTransaction;
            command.CommandText = "INSERT INTO \"UsageEvents\" (\"AccountId\", \"Feature\", \"Action\", \"OccurredAt\") VALUES (@i, @f, 'view', @t)";
            var account = command.CreateParameter();
            account.ParameterName = "@i";
            var feature = command.CreateParameter();
            feature.ParameterName = "@f";
            var at = command.CreateParameter();
            at.ParameterName = "@t";
            command.Parameters.Add(account);
            command.Parameters.Add(feature);
            command.Parameters.Add(at);
            account.Value = 0;
            feature.Value = "";
            at.Value = 0L;
            await command.PrepareAsync();
            foreach (var e in events)
            {
                account.Value = e.AccountId;
                feature.Value = e.Feature;
                at.Value = microseconds.ConvertToProvider(e.OccurredAt);
                await command.ExecuteNonQueryAsync();
            }
        }

        InsertTime += watch.Elapsed;
        watch.Restart();
        await UsageCounts.AddAsync(db, events);
        await transaction.CommitAsync();
        CountTime += watch.Elapsed;
        return events.Count;
    }
}
