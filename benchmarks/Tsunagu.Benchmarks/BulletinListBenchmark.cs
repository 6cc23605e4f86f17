using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tsunagu.Core;
using Tsunagu.Core.Bulletins;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;

using static Tsunagu.Benchmarks.BenchmarkShared;

namespace Tsunagu.Benchmarks;

/// <summary>
/// The issue 6 bulletin list benchmark:
/// dotnet run -c Release --project benchmarks/Tsunagu.Benchmarks -- bulletin-list --database sqlite|postgresql [--connection ...]
///   [--audience 10000] [--outside 2000] [--staff 600] [--runs 200] [--keep] [--show-sql]
/// Builds an organisation of 36 units and --staff accounts, then --audience posts addressed to one 主事 (to everyone,
/// to her 部, to her 課, to 主事 everywhere, to her 部's 主事) and --outside posts she must not see; she has read 70 % of
/// hers and confirmed half of the required ones; others' reads make the read table large. Times what the list page
/// and the portal widget run for her (viewer + counts + one page), in a fresh context each run.
/// </summary>
internal static class BulletinListBenchmark
{
    private const double TargetMs = 100;

    private static bool printSql;

    public static async Task<int> RunAsync(string[] args)
    {
        var database = (Option(args, "--database") ?? "sqlite").ToLowerInvariant();
        var audience = int.Parse(Option(args, "--audience") ?? "10000", CultureInfo.InvariantCulture);
        var outside = int.Parse(Option(args, "--outside") ?? "2000", CultureInfo.InvariantCulture);
        var staffCount = int.Parse(Option(args, "--staff") ?? "600", CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs") ?? "200", CultureInfo.InvariantCulture);
        var keep = args.Contains("--keep");
        var postgres = database is "postgresql" or "postgres";
        var folder = Path.Combine(Path.GetTempPath(), "tsunagu-bulletin-list-" + Guid.NewGuid().ToString("N")[..8]);
        var sqliteFile = Path.Combine(folder, "bulletins.db");
        DatabaseSettings settings;
        string? pgName = null;
        string? pgAdmin = null;
        if (postgres)
        {
            var connection = Option(args, "--connection") ?? throw new ArgumentException("--connection is required for postgresql");
            pgName = "tsunagu_bulletin_" + Guid.NewGuid().ToString("N")[..8];
            var builder = new NpgsqlConnectionStringBuilder(connection);
            pgAdmin = new NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false }.ConnectionString;
            builder.Database = pgName;
            builder.CommandTimeout = 600;
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
        // --show-sql prints the SQL of one list and one widget call (to read their plans with EXPLAIN).
        var showSql = args.Contains("--show-sql");
        services.AddDbContextFactory<AppDbContext>(o =>
        {
            settings.Apply(o);
            if (showSql)
            {
                o.LogTo(line => { if (printSql) { Console.WriteLine(line); } }, [Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuted]);
            }
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
                $"# Bulletin list benchmark: {audience:N0} posts in the reader's audience + {outside:N0} outside, {staffCount} staff, on {engine}, {runs} runs, {now:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {LoadAverage()}"));
            var clock = Stopwatch.StartNew();
            int readerId;
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await db.Database.MigrateAsync();
                await scope.ServiceProvider.GetRequiredService<OrganizationService>().EnsureStandardSetupAsync();
                readerId = await SeedAsync(db, audience, outside, staffCount, now);
                if (postgres)
                {
                    await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
                }
                else
                {
                    await ScalarAsync(db, "PRAGMA wal_checkpoint(TRUNCATE)");
                }

                var posts = await db.Set<BulletinPost>().CountAsync();
                var reads = await db.Set<BulletinRead>().CountAsync();
                var confirmations = await db.Set<BulletinConfirmation>().CountAsync();
                var size = postgres ? await ScalarAsync(db, "SELECT pg_database_size(current_database())") : new FileInfo(sqliteFile).Length;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Seeded in {clock.Elapsed.TotalSeconds:N0} s: {posts:N0} posts, {reads:N0} reads, {confirmations:N0} confirmations; size {size / 1048576.0:N0} MB{(postgres ? ", VACUUM ANALYZE run" : ", no ANALYZE (as the app leaves it)")}"));
            }

            SqliteConnection.ClearAllPools();
            var first = 0;
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var viewer = await BulletinViewer.ForAccountAsync(db, readerId, false);
                var page = await scope.ServiceProvider.GetRequiredService<BulletinReader>().ListAsync(viewer, new BulletinFilter());
                first = page.Total;
                if (showSql)
                {
                    printSql = true;
                    await scope.ServiceProvider.GetRequiredService<BulletinReader>().ListAsync(viewer, new BulletinFilter());
                    await scope.ServiceProvider.GetRequiredService<BulletinReader>().WidgetAsync(viewer);
                    printSql = false;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The reader's list: {page.Total:N0} posts, {page.Unread:N0} unread, {page.ToConfirm:N0} to confirm"));
            }

            if (first != audience)
            {
                Console.WriteLine($"WARNING: expected {audience} posts in the audience, the list counts {first}");
            }

            var category = 3;
            var cases = new List<(string Name, Func<BulletinReader, BulletinViewer, Task> Run)>
            {
                ("List: all, page 1", (r, v) => r.ListAsync(v, new BulletinFilter())),
                ("List: all, page 100", (r, v) => r.ListAsync(v, new BulletinFilter(Page: 100))),
                ("List: unread, page 1", (r, v) => r.ListAsync(v, new BulletinFilter(Show: BulletinShow.Unread))),
                ("List: to confirm, page 1", (r, v) => r.ListAsync(v, new BulletinFilter(Show: BulletinShow.ToConfirm))),
                ("List: one category, page 1", (r, v) => r.ListAsync(v, new BulletinFilter(CategoryId: category))),
                ("Portal widget", (r, v) => r.WidgetAsync(v)),
            };
            Console.WriteLine();
            Console.WriteLine("| case (viewer + query, fresh context) | p50 ms | p95 ms | max ms | target |");
            Console.WriteLine("| --- | ---: | ---: | ---: | --- |");
            var failed = false;
            foreach (var (name, run) in cases)
            {
                var times = new List<double>();
                for (var i = 0; i < runs + 5; i++)
                {
                    await using var scope = provider.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    var reader = scope.ServiceProvider.GetRequiredService<BulletinReader>();
                    var watch = Stopwatch.StartNew();
                    var viewer = await BulletinViewer.ForAccountAsync(db, readerId, false);
                    await run(reader, viewer);
                    watch.Stop();
                    if (i >= 5)
                    {
                        times.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                times.Sort();
                var p50 = times[times.Count / 2];
                var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
                failed |= p95 >= TargetMs;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {p50:N1} | {p95:N1} | {times[^1]:N1} | {(p95 < TargetMs ? "p95 < 100 ✓" : "p95 ≥ 100 ✗")} |"));
            }

            Console.WriteLine($"Load average (1/5/15 min) at the end: {LoadAverage()}");
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

    private static async Task<int> SeedAsync(AppDbContext db, int audience, int outside, int staffCount, DateTimeOffset now)
    {
        var random = new Random(606);
        var staffRole = await db.Roles.Where(r => r.Name == Roles.Staff).Select(r => r.Id).SingleAsync();
        var positions = await db.Positions.ToDictionaryAsync(p => p.Name, p => p.Id);
        var units = new List<Department>();
        for (var b = 0; b < 6; b++)
        {
            var bu = new Department($"第{b + 1}部", "部", null, b);
            db.Departments.Add(bu);
            units.Add(bu);
            for (var k = 0; k < 5; k++)
            {
                var ka = new Department($"第{b + 1}部第{k + 1}課", "課", bu, k);
                db.Departments.Add(ka);
                units.Add(ka);
            }
        }

        await db.SaveChangesAsync();
        var ka1 = units[1]; // 第1部第1課: the reader's unit
        var bu1 = units[0];
        var kaList = units.Where(u => u.Kind == "課").ToList();
        var positionNames = new[] { "主事", "主事", "主事", "主任", "主査", "係長", "課長補佐", "課長" };
        var people = new List<Account>();
        for (var i = 0; i < staffCount; i++)
        {
            var unit = i == 0 ? ka1 : kaList[random.Next(kaList.Count)];
            var login = string.Create(CultureInfo.InvariantCulture, $"staff{i:0000}");
            people.Add(new Account
            {
                UserName = login, NormalizedUserName = login.ToUpperInvariant(), DisplayName = $"職員 {i}", Kana = "しょくいん",
                DepartmentId = unit.Id, PositionId = positions[i == 0 ? "主事" : positionNames[random.Next(positionNames.Length)]],
                CreatedAt = now, SecurityStamp = Guid.NewGuid().ToString("N"),
            });
        }

        db.Users.AddRange(people);
        await db.SaveChangesAsync();
        db.UserRoles.AddRange(people.Select(p => new IdentityUserRole<int> { UserId = p.Id, RoleId = staffRole }));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var reader = people[0];
        var authors = people.Skip(1).Take(60).ToList();
        var categories = await db.Set<BulletinCategory>().Select(c => c.Id).ToListAsync();
        var shuji = positions["主事"];
        var kacho = positions["課長"];
        var otherKa = kaList.Where(k => k.Id != ka1.Id && k.ParentId != bu1.Id).ToList();

        var ids = new List<(int Id, bool Required, bool Mine)>();
        var total = audience + outside;
        var plan = Enumerable.Range(0, total).Select(i => i < audience).OrderBy(_ => random.Next()).ToList();
        for (var start = 0; start < total; start += 1000)
        {
            var batch = new List<(BulletinPost Post, bool Mine)>();
            foreach (var mine in plan.Skip(start).Take(1000))
            {
                var at = now.AddMinutes(-random.Next(60 * 24 * 365 * 2));
                var author = authors[random.Next(authors.Count)];
                var post = new BulletinPost(author.Id, author.DepartmentId, at);
                var required = random.NextDouble() < 0.1;
                post.SetContent(categories[random.Next(categories.Count)], $"掲示 {start + batch.Count}", "本文です。**重要**なお知らせ。", random.NextDouble() < 0.005, required, at, null, at);
                if (mine)
                {
                    switch (random.Next(10))
                    {
                        case < 5: post.SetAudience(true, [], []); break;
                        case < 7: post.SetAudience(false, [bu1.Id], []); break;
                        case < 8: post.SetAudience(false, [ka1.Id], []); break;
                        case < 9: post.SetAudience(false, [], [shuji]); break;
                        default: post.SetAudience(false, [bu1.Id, otherKa[0].Id], [shuji, kacho]); break;
                    }
                }
                else
                {
                    switch (random.Next(3))
                    {
                        case 0: post.SetAudience(false, [otherKa[random.Next(otherKa.Count)].Id], []); break;
                        case 1: post.SetAudience(false, [], [kacho]); break;
                        default: post.SetAudience(false, [bu1.Id], [kacho]); break;
                    }
                }

                post.AudienceIndexed = true;
                batch.Add((post, mine));
            }

            db.AddRange(batch.Select(b => b.Post));
            await db.SaveChangesAsync();
            ids.AddRange(batch.Select(b => (b.Post.Id, b.Post.RequiresConfirmation, b.Mine)));
            db.ChangeTracker.Clear();
        }

        // The reader has read 70 % of hers and confirmed half of the required ones; 40 others read at random.
        var reads = new List<BulletinRead>();
        var confirmations = new List<BulletinConfirmation>();
        foreach (var (id, required, mine) in ids)
        {
            if (mine && random.NextDouble() < 0.7)
            {
                reads.Add(new BulletinRead { PostId = id, AccountId = reader.Id, FirstReadAt = now, LastReadAt = now, Views = 1 });
                if (required && random.NextDouble() < 0.5)
                {
                    confirmations.Add(new BulletinConfirmation { PostId = id, AccountId = reader.Id, ConfirmedAt = now });
                }
            }

            foreach (var other in people.Skip(100).OrderBy(_ => random.Next()).Take(random.Next(10)))
            {
                reads.Add(new BulletinRead { PostId = id, AccountId = other.Id, FirstReadAt = now, LastReadAt = now, Views = 1 + random.Next(3) });
            }
        }

        foreach (var chunk in reads.Chunk(5000))
        {
            db.AddRange(chunk);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        db.AddRange(confirmations);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return reader.Id;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
