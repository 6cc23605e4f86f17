extern alias web;

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Schedules;
using web::Tsunagu.Web.Hosting;

using static Tsunagu.Benchmarks.BenchmarkShared;

namespace Tsunagu.Benchmarks;

/// <summary>
/// The issue 4 schedule benchmark, as a plain runner like <see cref="SearchScaleBenchmark"/>:
/// dotnet run -c Release --project benchmarks/Tsunagu.Benchmarks -- schedule-scale --database sqlite|postgresql [--connection ...]
///   [--years 5] [--iterations 200] [--analyze] [--keep] [--reuse &lt;SQLite file or PostgreSQL connection string of a kept database&gt;]
/// Seeds the demo city, then writes years of generated schedules for the main office's active staff (消防本部 and 市民病院
/// left out) up to two weeks ahead with bulk inserts that bypass the services but write the rows they would write
/// (ScheduleEvents, EventAttendees with their copied columns, FacilityBookings; not indexed in search). Then times
/// FreeTimeSearch.FindAsync (30 people of 3–4 units + 5 rooms, the next 10 working days, 60 minutes) and the group week
/// view of a ~40-person department: the real page /schedule/group over HTTP from the app hosted in-process (Kestrel on
/// 127.0.0.1), and its data part alone. Figures go to docs/benchmarks.md by hand.
/// </summary>
internal static partial class ScheduleScaleBenchmark
{
    private const int GroupSize = 40;
    private const int FreeTimePeople = 30;
    private const int FreeTimeRooms = 5;
    private const int FreeTimeWorkingDays = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var database = (Option(args, "--database") ?? "sqlite").ToLowerInvariant();
        var years = int.Parse(Option(args, "--years") ?? "5", CultureInfo.InvariantCulture);
        var iterations = int.Parse(Option(args, "--iterations") ?? "200", CultureInfo.InvariantCulture);
        var analyze = args.Contains("--analyze");
        var reuse = Option(args, "--reuse");
        var keep = args.Contains("--keep") || reuse is not null;
        var postgres = database is "postgresql" or "postgres";
        string folder = Path.Combine(Path.GetTempPath(), "tsunagu-schedule-scale-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var sqliteFile = reuse ?? Path.Combine(folder, "schedule.db");
        DatabaseSettings settings;
        if (reuse is not null)
        {
            // A database kept by an earlier --keep run (SQLite file path or full PostgreSQL connection string): measure only.
            settings = postgres ? new DatabaseSettings(DatabaseProvider.PostgreSql, reuse) : DatabaseSettings.ForSqliteFile(reuse);
        }
        else if (postgres)
        {
            var connection = Option(args, "--connection") ?? throw new ArgumentException("--connection is required for postgresql");
            var name = "tsunagu_schedule_" + Guid.NewGuid().ToString("N")[..8];
            settings = new DatabaseSettings(DatabaseProvider.PostgreSql, connection.TrimEnd(';') + ";Database=" + name + ";Command Timeout=600");
        }
        else
        {
            settings = DatabaseSettings.ForSqliteFile(sqliteFile);
        }

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddDbContextFactory<AppDbContext>(o =>
        {
            settings.Apply(o);
            o.AddInterceptors(QueryProfiler.Instance);
        });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<Account>(DatabaseSettings.ConfigureIdentityStore).AddRoles<IdentityRole<int>>().AddEntityFrameworkStores<AppDbContext>();
        services.AddTsunaguCore();
        var provider = services.BuildServiceProvider();
        var engine = postgres ? "PostgreSQL" : "SQLite";
        try
        {
            var now = Clock.Truncate(TimeProvider.System.GetUtcNow());
            var startLoad = LoadAverage();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# Schedule scale benchmark: demo city + {years} years on {engine}, {iterations} iterations, {now:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC"));

            // 1. Fresh database, migrated and seeded the host's way.
            var clock = Stopwatch.StartNew();
            if (reuse is null)
            {
                await Bootstrapper.RunAsync(provider, demo: true, adminPassword: null);
                Console.Error.WriteLine($"  demo city seeded in {clock.Elapsed.TotalSeconds:N0} s");
            }

            // 2. Generated history.
            World world;
            await using (var scope = provider.CreateAsyncScope())
            {
                world = await World.LoadAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
            }

            var today = Clock.TokyoDate(now);
            var freeFrom = WorkingCalendar.Default.NextWorkingDay(today.AddDays(1));
            var freeTo = freeFrom;
            for (var n = 1; n < FreeTimeWorkingDays; n++)
            {
                freeTo = WorkingCalendar.Default.NextWorkingDay(freeTo.AddDays(1));
            }

            var firstDay = today.AddYears(-years);
            var lastDay = freeTo > today.AddDays(14) ? freeTo : today.AddDays(14);
            if (reuse is null)
            {
                await GenerateAsync(provider, world, now, postgres, firstDay, lastDay);
            }

            long size;
            var totals = new RowCounts();
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                if (postgres)
                {
                    // Autovacuum would analyse the new rows within a minute or so; done here so the run does not depend on when.
                    await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
                    size = await ScalarAsync(db, "SELECT pg_database_size(current_database())");
                }
                else
                {
                    if (analyze)
                    {
                        await db.Database.ExecuteSqlRawAsync("ANALYZE");
                    }

                    await ScalarAsync(db, "PRAGMA wal_checkpoint(TRUNCATE)");
                    size = new FileInfo(sqliteFile).Length;
                }

                totals.Events = await db.Events.LongCountAsync();
                totals.Attendees = await db.EventAttendees.LongCountAsync();
                totals.Bookings = await db.FacilityBookings.LongCountAsync();
            }

            SqliteConnection.ClearAllPools();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Database totals (demo included): {totals.Events:N0} ScheduleEvents, {totals.Attendees:N0} EventAttendees, {totals.Bookings:N0} FacilityBookings; size {size / 1048576.0:N0} MB ({(postgres ? "pg_database_size" : "whole file after checkpoint")}){(postgres ? ", VACUUM ANALYZE run" : analyze ? ", ANALYZE run" : ", no ANALYZE (as the app leaves it)")}"));

            // 3a. Free-time search.
            var random = new Random(7);
            var sections = world.Sections(minimumMembers: 8);
            var rooms = world.Rooms;
            var freeSlots = new List<int>();
            var freeTimes = await TimeAsync(iterations, async () =>
            {
                var people = world.DrawPeople(random, sections, FreeTimePeople);
                var picked = rooms.OrderBy(_ => random.Next()).Take(FreeTimeRooms).Select(r => r.Id).ToList();
                await using var scope = provider.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                var result = await sp.GetRequiredService<FreeTimeSearch>().FindAsync(
                    new FreeTimeRequest { AccountIds = people, FacilityIds = picked, From = freeFrom, To = freeTo, Minutes = 60 }, WorkingHours.Default);
                freeSlots.Add(result.Slots.Count);
            });

            // 3b. Group week view of a ~40-person department.
            var (departmentId, departmentPath, memberCount) = world.DepartmentNear(GroupSize);
            var signedIn = world.People.Where(p => p.DepartmentId == departmentId).OrderBy(p => p.Rank).First();
            var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            var week = 0;
            var dataPart = await TimeAsync(iterations, async () =>
            {
                var first = thisMonday.AddDays(-7 * (week++ % 52));
                await using var scope = provider.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                var db = sp.GetRequiredService<AppDbContext>();
                var reader = sp.GetRequiredService<ScheduleReader>();
                var viewer = await ScheduleViewer.ForAccountAsync(db, signedIn.Id);
                var members = await reader.MembersOfAsync(departmentId, includeSubunits: true);
                var occurrences = await reader.ForAccountsAsync(viewer, members.Select(m => m.Id).ToList(), Clock.FromTokyo(first), Clock.FromTokyo(first.AddDays(7)));
                _ = PlainWeekTable(first, members, occurrences);
            });

            // The app's background reminder run (every 30 s, ReminderService): not a target, but load beside the pages.
            async Task RemindersAsync()
            {
                await using var scope = provider.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                await new ReminderScheduler(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<Tsunagu.Core.Notifications.NotificationService>())
                    .RunOnceAsync(TimeProvider.System.GetUtcNow());
            }

            var reminders = await TimeAsync(Math.Max(5, iterations / 20), RemindersAsync);

            // Where the time goes: each SQL statement's share, over a few more runs of each.
            var profiles = new StringBuilder();
            profiles.Append(await QueryProfiler.ProfileAsync("free-time search", 20, async () =>
            {
                var people = world.DrawPeople(random, sections, FreeTimePeople);
                var picked = rooms.OrderBy(_ => random.Next()).Take(FreeTimeRooms).Select(r => r.Id).ToList();
                await using var scope = provider.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                await sp.GetRequiredService<FreeTimeSearch>().FindAsync(
                    new FreeTimeRequest { AccountIds = people, FacilityIds = picked, From = freeFrom, To = freeTo, Minutes = 60 }, WorkingHours.Default);
            }));
            profiles.Append(await QueryProfiler.ProfileAsync("free-time search, its reader part alone (ScheduleReader.BusyAsync, 30 people, the 2 weeks)", 20, async () =>
            {
                var people = world.DrawPeople(random, sections, FreeTimePeople);
                await using var scope = provider.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ScheduleReader>().BusyAsync(people, Clock.FromTokyo(freeFrom), Clock.FromTokyo(freeTo.AddDays(1)));
            }));
            week = 0;
            profiles.Append(await QueryProfiler.ProfileAsync("group week data part", 20, async () =>
            {
                var first = thisMonday.AddDays(-7 * (week++ % 52));
                await using var scope = provider.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                var db = sp.GetRequiredService<AppDbContext>();
                var reader = sp.GetRequiredService<ScheduleReader>();
                var viewer = await ScheduleViewer.ForAccountAsync(db, signedIn.Id);
                var members = await reader.MembersOfAsync(departmentId, includeSubunits: true);
                await reader.ForAccountsAsync(viewer, members.Select(m => m.Id).ToList(), Clock.FromTokyo(first), Clock.FromTokyo(first.AddDays(7)));
            }));

            profiles.Append(await QueryProfiler.ProfileAsync("background reminder run", 5, RemindersAsync));

            await provider.DisposeAsync();
            SqliteConnection.ClearAllPools();
            week = 0;
            var page = await GroupPage.MeasureAsync(settings, folder, signedIn.Login, departmentId, memberCount, iterations,
                () => thisMonday.AddDays(-7 * (week++ % 52)));

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Free-time search: {FreeTimePeople} people from 3–4 units (different each iteration) + {FreeTimeRooms} of {rooms.Count} rooms, {freeFrom:yyyy-MM-dd} – {freeTo:yyyy-MM-dd} ({FreeTimeWorkingDays} working days), 60 min; slots found: median {Median(freeSlots)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Group week: {departmentPath} with sub-units, {memberCount} members, signed in as one of them; weeks {thisMonday.AddDays(-7 * 51):yyyy-MM-dd} – {thisMonday:yyyy-MM-dd} in turn"));
            Console.WriteLine();
            Console.WriteLine($"Load average (1/5/15 min) at the start: {startLoad}; now: {LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("| measurement | target | p50 ms | p95 ms | max ms | CPU ms/run (this process) | result |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---|");
            Console.WriteLine(Row("free-time search (FreeTimeSearch.FindAsync, fresh DbContext)", 50, freeTimes));
            if (page.Stats is { } pageStats)
            {
                Console.WriteLine(Row("group week page GET /schedule/group?department=…&date=… over HTTP (full body)", 100, pageStats));
            }
            else
            {
                Console.WriteLine($"| group week page over HTTP | p95 < 100 ms | – | – | – | – | not measured: {page.Problem} |");
            }

            Console.WriteLine(Row("group week data part only (MembersOfAsync + ForAccountsAsync 7 days + plain string table, no Razor)", 100, dataPart));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| background: ReminderScheduler.RunOnceAsync (the app runs it every 30 s) | none | {reminders.P50:N1} | {reminders.P95:N1} | {reminders.Max:N1} | {reminders.CpuPerRun:N1} | – |"));
            Console.WriteLine();
            Console.Write(profiles);
            return 0;
        }
        finally
        {
            await provider.DisposeAsync();
            SqliteConnection.ClearAllPools();
            if (keep)
            {
                Console.Error.WriteLine($"  kept: {settings.ConnectionString}");
            }
            else if (postgres)
            {
                await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(settings.ConnectionString).Options);
                await db.Database.EnsureDeletedAsync();
            }

            // The folder holds the app's data folder, and the SQLite file unless it is kept or was given.
            var keepsFile = keep && !postgres && reuse is null;
            var remove = keepsFile ? Path.Combine(folder, "app") : folder;
            if (Directory.Exists(remove))
            {
                Directory.Delete(remove, recursive: true);
            }
        }
    }

    /// <summary>Step 2: the generated history, written in bulk, then read back through EF.</summary>
    private static async Task GenerateAsync(ServiceProvider provider, World world, DateTimeOffset now, bool postgres, DateOnly firstDay, DateOnly lastDay)
    {
        var generator = new HistoryGenerator(world, now, seed: 4);
        var clock = Stopwatch.StartNew();
        var written = new RowCounts();
        var writing = new Stopwatch();
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using IBulkWriter writer = postgres ? await PostgresBulkWriter.OpenAsync(db) : await SqliteBulkWriter.OpenAsync(db);
            BulkColumns.CheckAgainstModel(db);
            for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
            {
                generator.Generate(day);
                if (generator.PendingAttendees >= 40_000 || day == lastDay)
                {
                    writing.Start();
                    written.Add(await writer.WriteEventsAsync(generator.Pending));
                    writing.Stop();
                    generator.ClearPending();
                    if (day.Day == 1 || day == lastDay || written.Events % 500_000 < 8_000)
                    {
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {day:yyyy-MM-dd}: {written.Events:N0} events, {written.Attendees:N0} attendees, {(written.Events + written.Attendees) / clock.Elapsed.TotalSeconds:N0} rows/s"));
                    }
                }
            }

            // Bookings last and newest first: each insert's no-overlap check then only meets later bookings (see the report).
            var bookings = generator.Bookings.OrderByDescending(b => b.StartsAt).ToList();
            writing.Start();
            written.Bookings = await writer.WriteBookingsAsync(bookings);
            await writer.CommitAsync();
            writing.Stop();
        }

        var generateSeconds = clock.Elapsed.TotalSeconds;
        SqliteConnection.ClearAllPools();

        // Read back through EF: the sampled rows equal what was generated, and the reader sees each person's day.
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync("""SELECT setval(pg_get_serial_sequence('"ScheduleEvents"', 'Id'), (SELECT MAX("Id") FROM "ScheduleEvents"))""");
            }

            await Verification.RunAsync(db, scope.ServiceProvider.GetRequiredService<ScheduleReader>(), generator);
        }

        var stats = generator.Stats;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Staff: {world.People.Count} active main-office accounts (消防本部, 市民病院 left out), {stats.WorkingDays} working days {firstDay:yyyy-MM-dd} – {lastDay:yyyy-MM-dd}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated: {written.Events:N0} events ({stats.Meetings:N0} meetings of 2–8, {stats.Solo:N0} solo, {stats.Series:N0} weekly series, {stats.CancelledOccurrences:N0} cancelled occurrences), {written.Attendees:N0} attendee rows, {written.Bookings:N0} facility bookings"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Entries per person per working day: {stats.EntriesPerPersonDay:N2} (occurrences in people's schedules, a shared meeting once per attendee); private: {stats.PrivateShare:P0} of events"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Write: {(written.Events + written.Attendees + written.Bookings) / generateSeconds:N0} rows/s overall ({generateSeconds:N0} s with generation), {(written.Events + written.Attendees + written.Bookings) / writing.Elapsed.TotalSeconds:N0} rows/s in the database calls ({writing.Elapsed.TotalSeconds:N0} s; {(postgres ? "binary COPY" : "prepared 100-row INSERTs")}, one transaction)"));
    }

    private static string Row(string what, double target, Stats s) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {what} | p95 < {target:N0} ms | {s.P50:N1} | {s.P95:N1} | {s.Max:N1} | {s.CpuPerRun:N1} | {(s.P95 < target ? "met" : "**missed**")} |");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static int Median(List<int> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    /// <summary>A Razor-free rendering of the week table, so the data-part timing includes turning rows into HTML text.</summary>
    private static string PlainWeekTable(DateOnly first, IReadOnlyList<Account> members, IReadOnlyDictionary<int, IReadOnlyList<Occurrence>> occurrences)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<table><tr><th>職員</th>");
        for (var d = 0; d < 7; d++)
        {
            html.Append("<th>").Append(first.AddDays(d).ToString("M/d", CultureInfo.InvariantCulture)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var member in members)
        {
            html.Append("<tr><th>").Append(WebUtility.HtmlEncode(member.DisplayName)).Append("</th>");
            var list = occurrences[member.Id];
            for (var d = 0; d < 7; d++)
            {
                var start = Clock.FromTokyo(first.AddDays(d));
                var end = start.AddDays(1);
                html.Append("<td>");
                foreach (var o in list)
                {
                    if (o.StartsAt < end && o.EndsAt > start)
                    {
                        html.Append("<a>").Append(Clock.ToTokyo(o.StartsAt).ToString("HH:mm", CultureInfo.InvariantCulture)).Append(' ')
                            .Append(WebUtility.HtmlEncode(o.Title)).Append("</a>");
                    }
                }

                html.Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</table>").ToString();
    }

    /// <summary>Wall-clock percentiles, and this process's CPU time per run (less sensitive to other work on the machine).</summary>
    internal sealed record Stats(double P50, double P95, double Max, double CpuPerRun);

    private static async Task<Stats> TimeAsync(int iterations, Func<Task> action)
    {
        for (var i = 0; i < Math.Max(3, iterations / 20); i++)
        {
            await action(); // warm-up
        }

        var times = new List<double>(iterations);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        process.Refresh();
        var cpuPerRun = (process.TotalProcessorTime - cpu).TotalMilliseconds / iterations;
        times.Sort();
        return new Stats(times[(int)Math.Ceiling(iterations * 0.5) - 1], times[(int)Math.Ceiling(iterations * 0.95) - 1], times[^1], cpuPerRun);
    }

    private sealed class RowCounts
    {
        public long Events { get; set; }

        public long Attendees { get; set; }

        public long Bookings { get; set; }

        public void Add((int Events, int Attendees) written)
        {
            Events += written.Events;
            Attendees += written.Attendees;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The organisation as the generator sees it.

    internal sealed record Person(int Id, string Login, string Name, int DepartmentId, string Path, int Rank, string Section, string Division)
    {
        public int Index { get; set; }
    }

    internal sealed record Room(int Id, string Name, string Location, int Capacity, bool RequiresApproval, int? ManagerDepartmentId);

    internal sealed class World
    {
        public required List<Person> People { get; init; }

        public required List<Room> Rooms { get; init; }

        public required Dictionary<int, string> DepartmentPaths { get; init; }

        public required Dictionary<int, bool> LeafDepartments { get; init; }

        public required List<(int FacilityId, DateTimeOffset Start, DateTimeOffset End)> ExistingBookings { get; init; }

        public int FirstEventId { get; init; }

        public static async Task<World> LoadAsync(AppDbContext db)
        {
            var departments = await db.Departments.AsNoTracking().Where(d => d.IsActive).Select(d => new { d.Id, d.Path }).ToListAsync();
            var paths = departments.ToDictionary(d => d.Id, d => d.Path);
            var leaf = departments.ToDictionary(d => d.Id, d => !departments.Any(c => c.Path.StartsWith(d.Path + "/", StringComparison.Ordinal)));
            var accounts = await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null)
                .Select(a => new { a.Id, a.UserName, a.DisplayName, DepartmentId = a.DepartmentId!.Value, a.Department!.Path, Rank = a.Position == null ? int.MaxValue : a.Position.Rank })
                .ToListAsync();
            var people = accounts
                .Where(a => !a.Path.StartsWith("消防本部", StringComparison.Ordinal) && !a.Path.StartsWith("市民病院", StringComparison.Ordinal))
                .OrderBy(a => a.Id)
                .Select(a =>
                {
                    var parts = a.Path.Split('/');
                    return new Person(a.Id, a.UserName!, a.DisplayName, a.DepartmentId, a.Path, a.Rank, string.Join('/', parts.Take(2)), parts[0]);
                })
                .ToList();
            for (var i = 0; i < people.Count; i++)
            {
                people[i].Index = i;
            }

            var rooms = await db.Facilities.AsNoTracking().Where(f => f.IsActive && f.Kind == FacilityKind.Room).OrderBy(f => f.Id)
                .Select(f => new Room(f.Id, f.Name, f.Location, f.Capacity ?? 10, f.RequiresApproval, f.ManagerDepartmentId))
                .ToListAsync();
            var existing = await db.FacilityBookings.AsNoTracking().Where(b => b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed)
                .Select(b => new { b.FacilityId, b.StartsAt, b.EndsAt }).ToListAsync();
            var maxId = await db.Events.MaxAsync(e => (int?)e.Id) ?? 0;
            return new World
            {
                People = people,
                Rooms = rooms,
                DepartmentPaths = paths,
                LeafDepartments = leaf,
                ExistingBookings = existing.Select(b => (b.FacilityId, b.StartsAt, b.EndsAt)).ToList(),
                FirstEventId = maxId + 1,
            };
        }

        /// <summary>課-level units (the first two levels of the path) with at least this many people.</summary>
        public List<List<Person>> Sections(int minimumMembers) =>
            People.GroupBy(p => p.Section).Where(g => g.Count() >= minimumMembers && g.Key.Contains('/', StringComparison.Ordinal))
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToList();

        /// <summary>People from 3 or 4 sections, spread about evenly, all different.</summary>
        public List<int> DrawPeople(Random random, List<List<Person>> sections, int count)
        {
            var chosen = sections.OrderBy(_ => random.Next()).Take(3 + random.Next(2)).Select(s => s.OrderBy(_ => random.Next()).ToList()).ToList();
            var result = new List<int>(count);
            for (var round = 0; result.Count < count && round < 100; round++)
            {
                foreach (var section in chosen)
                {
                    if (round < section.Count && result.Count < count)
                    {
                        result.Add(section[round].Id);
                    }
                }
            }

            return result;
        }

        /// <summary>The department whose members (sub-units included, as the group view counts them) are closest to the size, larger preferred.</summary>
        public (int Id, string Path, int Members) DepartmentNear(int size)
        {
            var counts = DepartmentPaths.Select(d => (d.Key, d.Value, Members: People.Count(p => p.DepartmentId == d.Key || p.Path.StartsWith(d.Value + "/", StringComparison.Ordinal))))
                .Where(d => d.Members > 0)
                .ToList();
            return counts.OrderBy(d => d.Members >= size ? d.Members - size : 1000 + size - d.Members).ThenBy(d => d.Value, StringComparer.Ordinal).First();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The generator: day by day, deterministic for a seed.

    internal sealed record GeneratorStats(int WorkingDays, long Meetings, long Solo, long Series, long CancelledOccurrences, double EntriesPerPersonDay, double PrivateShare);

    internal sealed class HistoryGenerator
    {
        // A working day as 15-minute slots from 8:30 to 17:15 (35 slots); lunch 12:00–13:00 is slots 14–17.
        private const int Slots = 35;
        private const int LunchFirst = 14;
        private const int LunchEnd = 18;
        private static readonly TimeOnly DayStart = new(8, 30);

        private static readonly string[] MeetingTitles =
        [
            "係内打合せ", "課内ミーティング", "予算要求ヒアリング", "事業進捗確認", "システム標準化 打合せ", "窓口改善ワーキング", "議会答弁 調整",
            "補助金申請 検討会", "業務改善ミーティング", "防災訓練 事前打合せ", "契約事務 協議", "条例改正 検討会", "委託業者 定例会", "庁内調整会議",
            "決裁前レビュー", "計画策定 作業部会", "広報紙 編集会議", "イベント準備 打合せ",
        ];

        private static readonly string[] PrivateMeetingTitles = ["人事ヒアリング", "面談", "人事評価 面談"];
        private static readonly string[] OutTitles = ["現地調査", "現地確認", "住民説明会 準備", "施設点検", "支所訪問", "関係機関訪問", "工事立会い", "地区巡回"];
        private static readonly string[] VisitorTitles = ["来客(事業者)", "来客(県職員)", "来客(地区代表)", "来客(関係団体)", "業者打合せ", "相談対応"];
        private static readonly string[] DeskTitles = ["資料作成", "窓口当番", "電話当番", "予算資料 作成", "報告書 取りまとめ", "システム入力作業", "起案・決裁処理"];
        private static readonly string[] TrainingTitles = ["職員研修(情報セキュリティ)", "職員研修(接遇)", "e-ラーニング", "階層別研修"];
        private static readonly string[] TripTitles = ["岡山県庁(説明会)", "備前県民局", "国土交通省 中国地方整備局", "岡山市(研修会場)", "総務省 中国総合通信局"];
        private static readonly string[] LeaveTitles = ["年次休暇", "夏季休暇", "特別休暇"];
        private static readonly string[] PrivateSoloTitles = ["通院", "私用", "子の学校行事"];
        private static readonly string[] SeriesTitles = ["定例会", "週次ミーティング", "進捗会議", "朝礼"];
        private static readonly TimeOnly[] SeriesTimes = [new(9, 0), new(9, 30), new(10, 0), new(13, 30), new(15, 0), new(16, 0)];
        private static readonly int[] MeetingSizes = [2, 2, 3, 3, 3, 4, 4, 5, 6, 8];
        private static readonly int?[] Reminders = [10, 10, 10, 5, 15, 30, null];

        private readonly World _world;
        private readonly DateTimeOffset _now;
        private readonly Random _random;
        private readonly Person[] _people;
        private readonly Dictionary<string, Person[]> _divisions;
        private readonly Dictionary<int, UnitState> _units;
        private readonly Room[] _meetingRooms;
        private readonly Room? _reception;
        private readonly Dictionary<int, int[]> _managers;
        private readonly Dictionary<(int Room, DateOnly Day), ulong> _roomBusy = [];
        private readonly List<FacilityBooking> _bookings = [];
        private readonly ulong[] _busy;
        private readonly int[] _meetingLeft;
        private readonly int[] _soloLeft;
        private readonly int[] _entriesToday;
        private int _nextId;
        private long _entries;
        private long _privateEvents;
        private long _events;
        private long _meetings;
        private long _solo;
        private long _series;
        private long _cancelled;
        private int _workingDays;

        public HistoryGenerator(World world, DateTimeOffset now, int seed)
        {
            _world = world;
            _now = now;
            _random = new Random(seed);
            _people = [.. world.People];
            _divisions = _people.GroupBy(p => p.Division).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            _units = _people.GroupBy(p => p.DepartmentId).ToDictionary(g => g.Key, g => new UnitState(g.Key, g.OrderBy(p => p.Rank).ToArray()));
            _meetingRooms = [.. world.Rooms.Where(r => !r.RequiresApproval)];
            _reception = world.Rooms.FirstOrDefault(r => r.RequiresApproval && r.Capacity <= 10);
            _managers = world.Rooms.Where(r => r.ManagerDepartmentId is not null).Select(r => r.ManagerDepartmentId!.Value).Distinct()
                .ToDictionary(d => d, d => _people.Where(p => p.DepartmentId == d).Select(p => p.Id).ToArray());
            _busy = new ulong[_people.Length];
            _meetingLeft = new int[_people.Length];
            _soloLeft = new int[_people.Length];
            _entriesToday = new int[_people.Length];
            _nextId = world.FirstEventId;
            foreach (var (facilityId, start, end) in world.ExistingBookings)
            {
                Hold(facilityId, start, end);
            }
        }

        public List<ScheduleEvent> Pending { get; } = [];

        public int PendingAttendees { get; private set; }

        public IReadOnlyList<FacilityBooking> Bookings => _bookings;

        /// <summary>Generated rows kept for the read-back check: one of each kind.</summary>
        public Dictionary<string, ScheduleEvent> Samples { get; } = new(StringComparer.Ordinal);

        /// <summary>The day whose schedules the read-back check compares with the reader, and each person's expected count.</summary>
        public DateOnly CheckDay { get; set; }

        public Dictionary<int, int> CheckCounts { get; } = [];

        public GeneratorStats Stats => new(_workingDays, _meetings, _solo, _series, _cancelled,
            _workingDays == 0 ? 0 : (double)_entries / _workingDays / _people.Length, _events == 0 ? 0 : (double)_privateEvents / _events);

        public void ClearPending()
        {
            Pending.Clear();
            PendingAttendees = 0;
        }

        public void Generate(DateOnly day)
        {
            StartSeries(day);
            if (!WorkingCalendar.Default.IsWorkingDay(day))
            {
                return;
            }

            _workingDays++;
            Array.Clear(_busy);
            Array.Clear(_entriesToday);
            foreach (var p in _people)
            {
                var quota = _random.NextDouble() switch { < 0.10 => 5, < 0.55 => 7, _ => 6 };
                _meetingLeft[p.Index] = quota / 2 + _random.Next(-1, 2);
                _soloLeft[p.Index] = quota - _meetingLeft[p.Index];
                var roll = _random.NextDouble();
                if (roll < 0.04)
                {
                    Solo(p, day, EventCategories.Leave, Pick(LeaveTitles), 0, Slots, EventVisibility.Private, "", allDay: true);
                    Fill(p);
                }
                else if (roll < 0.065)
                {
                    Solo(p, day, EventCategories.BusinessTrip, Pick(TripTitles), 0, Slots, EventVisibility.Public, "出張");
                    Fill(p);
                }
                else if (roll < 0.09)
                {
                    var morning = _random.Next(2) == 0;
                    Solo(p, day, EventCategories.Leave, "半日休暇", morning ? 0 : LunchEnd, morning ? LunchFirst : Slots - LunchEnd, EventVisibility.Private, "");
                    _soloLeft[p.Index]--;
                }
            }

            foreach (var unit in _units.Values)
            {
                SeriesOccurrence(unit, day);
            }

            foreach (var division in _divisions.Values)
            {
                Meetings(division, day);
            }

            foreach (var p in _people)
            {
                while (_soloLeft[p.Index] > 0)
                {
                    _soloLeft[p.Index]--;
                    SoloEntry(p, day);
                }
            }

            if (CheckDay == default && day >= Clock.TokyoDate(_now).AddDays(-40))
            {
                CheckDay = day;
                foreach (var p in _people)
                {
                    CheckCounts[p.Id] = _entriesToday[p.Index];
                }
            }
        }

        private void Fill(Person p)
        {
            _busy[p.Index] = (1UL << Slots) - 1;
            _meetingLeft[p.Index] = 0;
            _soloLeft[p.Index] = 0;
        }

        private static ulong Bits(int slot, int length) => ((1UL << length) - 1) << slot;

        private DateTimeOffset At(DateOnly day, int slot) => Clock.FromTokyo(day.ToDateTime(DayStart).AddMinutes(15 * slot));

        /// <summary>A start on the half hour where the span fits in the morning or the afternoon and is free in the mask.</summary>
        private int FreeStart(ulong busy, int length, int tries)
        {
            for (var t = 0; t < tries; t++)
            {
                var slot = _random.Next(0, (Slots - length) / 2 + 1) * 2;
                var fits = slot + length <= LunchFirst || slot >= LunchEnd;
                if (fits && slot + length <= Slots && (busy & Bits(slot, length)) == 0)
                {
                    return slot;
                }
            }

            return -1;
        }

        private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

        // --- events --------------------------------------------------------------------------------------------------

        private ScheduleEvent NewEvent(string title, string category, DateTimeOffset start, DateTimeOffset end, bool allDay, EventVisibility visibility, string place, Person organizer)
        {
            var created = start - TimeSpan.FromSeconds(_random.Next(3_600, 21 * 86_400));
            if (created > _now)
            {
                created = _now - TimeSpan.FromSeconds(_random.Next(60, 3 * 86_400));
            }

            _events++;
            if (visibility == EventVisibility.Private)
            {
                _privateEvents++;
            }

            return new ScheduleEvent
            {
                Id = _nextId++,
                Title = title,
                Place = place,
                Notes = "",
                Category = category,
                StartsAt = start,
                EndsAt = end,
                IsAllDay = allDay,
                Visibility = visibility,
                OrganizerId = organizer.Id,
                CreatedById = organizer.Id,
                SeriesEndsAt = end,
                ReminderMinutes = allDay ? null : Pick(Reminders),
                CreatedAt = created,
                UpdatedAt = created,
                Version = 1,
            };
        }

        private void Attend(ScheduleEvent e, Person person, bool organizer, int? viaDepartment = null)
        {
            AttendeeResponse response;
            DateTimeOffset? respondedAt;
            if (organizer)
            {
                (response, respondedAt) = (AttendeeResponse.Accepted, e.CreatedAt);
            }
            else
            {
                var past = e.StartsAt < _now;
                var roll = _random.NextDouble();
                response = past
                    ? roll switch { < 0.88 => AttendeeResponse.Accepted, < 0.92 => AttendeeResponse.Tentative, < 0.96 => AttendeeResponse.Declined, _ => AttendeeResponse.Pending }
                    : roll switch { < 0.60 => AttendeeResponse.Accepted, < 0.65 => AttendeeResponse.Tentative, < 0.70 => AttendeeResponse.Declined, _ => AttendeeResponse.Pending };
                var at = e.CreatedAt + TimeSpan.FromSeconds(_random.Next(300, 2 * 86_400));
                respondedAt = response == AttendeeResponse.Pending ? null : at > _now ? _now : at;
            }

            e.Attendees.Add(new EventAttendee
            {
                EventId = e.Id,
                AccountId = person.Id,
                Response = response,
                RespondedAt = respondedAt,
                ViaDepartmentId = viaDepartment,
                StartsAt = e.StartsAt,
                EndsAt = e.SeriesEndsAt,
                IsSeries = e.Recurrence is not null,
                IsCancelled = e.IsCancelled,
            });
        }

        private void Emit(ScheduleEvent e, string? sample = null)
        {
            Pending.Add(e);
            PendingAttendees += e.Attendees.Count;
            if (sample is not null)
            {
                Samples.TryAdd(sample, e);
            }
        }

        /// <summary>Counts an occurrence in the attendees' schedules for the day (declined invitations do not show).</summary>
        private void Count(ScheduleEvent e, IEnumerable<Person> people)
        {
            foreach (var p in people)
            {
                var a = e.Attendees.First(x => x.AccountId == p.Id);
                if (a.Response != AttendeeResponse.Declined)
                {
                    _entriesToday[p.Index]++;
                    _entries++;
                }
            }
        }

        private void Solo(Person p, DateOnly day, string category, string title, int slot, int length, EventVisibility visibility, string place, bool allDay = false)
        {
            var start = allDay ? Clock.FromTokyo(day) : At(day, slot);
            var end = allDay ? Clock.FromTokyo(day.AddDays(1)) : At(day, slot + length);
            var e = NewEvent(title, category, start, end, allDay, visibility, place, p);
            Attend(e, p, organizer: true);
            _busy[p.Index] |= Bits(slot, Math.Min(length, Slots - slot));
            Count(e, [p]);
            _solo++;
            Emit(e, allDay ? "all-day" : null);
        }

        private void SoloEntry(Person p, DateOnly day)
        {
            var roll = _random.NextDouble();
            var (category, titles, length, place) = roll switch
            {
                < 0.30 => (EventCategories.Out, OutTitles, 4 + 2 * _random.Next(3), ""),
                < 0.55 => (EventCategories.Visitor, VisitorTitles, 2 + 2 * _random.Next(2), "相談室"),
                < 0.60 => (EventCategories.Training, TrainingTitles, 8, "別館会議室A"),
                _ => (EventCategories.Other, DeskTitles, 2 + 2 * _random.Next(3), ""),
            };
            var visibility = EventVisibility.Public;
            if (_random.NextDouble() < 0.08)
            {
                (category, titles, visibility, place) = (EventCategories.Other, PrivateSoloTitles, EventVisibility.Private, "");
            }

            var slot = FreeStart(_busy[p.Index], length, 8);
            if (slot < 0)
            {
                // A full day: the entry overlaps others, as real schedules do.
                slot = _random.Next(0, LunchFirst - length + 1);
            }

            Room? room = null;
            if (category == EventCategories.Visitor && _reception is not null && _random.NextDouble() < 0.15 && RoomFree(_reception.Id, day, slot, length))
            {
                room = _reception;
                place = $"{room.Location} {room.Name}";
            }

            var start = At(day, slot);
            var end = At(day, slot + length);
            var e = NewEvent(Pick(titles), category, start, end, false, visibility, place, p);
            Attend(e, p, organizer: true);
            _busy[p.Index] |= Bits(slot, length);
            Count(e, [p]);
            _solo++;
            if (room is not null)
            {
                Book(room, e, start, end, day, slot, length);
            }

            Emit(e, visibility == EventVisibility.Private ? "private-solo" : room is not null ? "visitor-with-reception" : null);
        }

        private void Meetings(Person[] division, DateOnly day)
        {
            var order = division.OrderBy(_ => _random.Next()).ToArray();
            foreach (var organizer in order)
            {
                var guard = 0;
                while (_meetingLeft[organizer.Index] > 0 && guard++ < 6)
                {
                    var size = Pick(MeetingSizes);
                    var length = _random.NextDouble() switch { < 0.25 => 2, < 0.8 => 4, _ => 6 };
                    var attendees = new List<Person>(size) { organizer };
                    var slot = -1;
                    for (var attempt = 0; attempt < 4 && attendees.Count < 2; attempt++)
                    {
                        slot = FreeStart(_busy[organizer.Index], length, 6);
                        if (slot < 0)
                        {
                            break;
                        }

                        var bits = Bits(slot, length);
                        var free = order.Where(p => p != organizer && _meetingLeft[p.Index] > 0 && (_busy[p.Index] & bits) == 0).ToList();
                        var sameUnit = free.Where(p => p.DepartmentId == organizer.DepartmentId);
                        var sameSection = free.Where(p => p.DepartmentId != organizer.DepartmentId && p.Section == organizer.Section);
                        var division2 = _random.NextDouble() < 0.3 ? free.Where(p => p.Section != organizer.Section) : [];
                        attendees.AddRange(sameUnit.Concat(sameSection).Concat(division2).Take(size - 1));
                    }

                    if (slot < 0 || attendees.Count < 2)
                    {
                        _meetingLeft[organizer.Index]--;
                        _soloLeft[organizer.Index]++;
                        continue;
                    }

                    Meeting(organizer, attendees, day, slot, length);
                }
            }
        }

        private void Meeting(Person organizer, List<Person> attendees, DateOnly day, int slot, int length)
        {
            var visibility = _random.NextDouble() < 0.05 ? EventVisibility.Private : EventVisibility.Public;
            var title = visibility == EventVisibility.Private ? Pick(PrivateMeetingTitles) : Pick(MeetingTitles);
            Room? room = null;
            if (attendees.Count >= 3 && _random.NextDouble() < 0.45)
            {
                room = _meetingRooms.Where(r => r.Capacity >= attendees.Count).OrderBy(_ => _random.Next()).FirstOrDefault(r => RoomFree(r.Id, day, slot, length));
            }

            var place = room is not null ? $"{room.Location} {room.Name}" : _random.Next(3) == 0 ? "打合せコーナー" : "";
            var start = At(day, slot);
            var end = At(day, slot + length);
            var e = NewEvent(title, _random.Next(4) == 0 ? EventCategories.Consultation : EventCategories.Meeting, start, end, false, visibility, place, organizer);
            var bits = Bits(slot, length);
            foreach (var p in attendees)
            {
                Attend(e, p, p == organizer);
                _busy[p.Index] |= bits;
                _meetingLeft[p.Index]--;
            }

            Count(e, attendees);
            _meetings++;
            if (room is not null)
            {
                Book(room, e, start, end, day, slot, length);
            }

            Emit(e, room is not null && visibility == EventVisibility.Private ? "private-meeting-with-room" : room is not null ? "meeting-with-room" : "meeting");
        }

        // --- weekly series ------------------------------------------------------------------------------------------

        private sealed class UnitState(int id, Person[] members)
        {
            public int Id { get; } = id;

            public Person[] Members { get; } = members;

            public DateOnly NextStart { get; set; }

            public SeriesState? Current { get; set; }
        }

        private sealed class SeriesState
        {
            public required ScheduleEvent Master { get; init; }

            public required List<Person> Attendees { get; init; }

            public required DateOnly First { get; init; }

            public required DateOnly Last { get; init; }

            public required int Slot { get; init; }

            public required int Length { get; init; }

            public Dictionary<DateTimeOffset, FacilityBooking> Bookings { get; } = [];
        }

        private void StartSeries(DateOnly day)
        {
            foreach (var unit in _units.Values)
            {
                if (unit.Members.Length < 3)
                {
                    continue;
                }

                if (unit.NextStart == default)
                {
                    unit.NextStart = day.AddDays(_random.Next(0, 60));
                }

                if ((unit.Current is not null && unit.Current.Last >= day) || day < unit.NextStart)
                {
                    continue;
                }

                var weekday = (DayOfWeek)(1 + _random.Next(5));
                var first = day;
                while (first.DayOfWeek != weekday)
                {
                    first = first.AddDays(1);
                }

                var time = Pick(SeriesTimes);
                var slot = (int)((time - DayStart).TotalMinutes / 15);
                var length = _random.Next(2) == 0 ? 2 : 4;
                var count = 12 + _random.Next(39);
                var rule = RecurrenceRule.Weekly(weekday).WithCount(count);
                var firstLocal = first.ToDateTime(time);
                var lastLocal = rule.LastOccurrence(firstLocal)!.Value;
                var duration = TimeSpan.FromMinutes(15 * length);
                var organizer = unit.Members[0];
                var byDepartment = unit.Members.Length <= 10 && _world.LeafDepartments.GetValueOrDefault(unit.Id);
                var attendees = byDepartment ? [.. unit.Members] : unit.Members.Take(1).Concat(unit.Members.Skip(1).OrderBy(_ => _random.Next()).Take(7)).ToList();
                var name = _world.DepartmentPaths[unit.Id][(_world.DepartmentPaths[unit.Id].LastIndexOf('/') + 1)..];
                var start = Clock.FromTokyo(firstLocal);
                var e = NewEvent($"{name} {Pick(SeriesTitles)}", EventCategories.Meeting, start, start + duration, false, EventVisibility.Public, "", organizer);
                e.Recurrence = rule.ToString();
                e.SeriesEndsAt = Clock.FromTokyo(lastLocal) + duration;
                foreach (var p in attendees)
                {
                    Attend(e, p, p == organizer, byDepartment && p != organizer ? unit.Id : null);
                }

                var state = new SeriesState { Master = e, Attendees = attendees, First = first, Last = DateOnly.FromDateTime(lastLocal), Slot = slot, Length = length };
                var occurrences = rule.Occurrences(firstLocal, duration, firstLocal, lastLocal + duration).Select(Clock.FromTokyo).ToList();
                if (_random.NextDouble() < 0.35)
                {
                    var room = _meetingRooms.Where(r => r.Capacity >= attendees.Count).OrderBy(_ => _random.Next())
                        .FirstOrDefault(r => occurrences.All(o => RoomFree(r.Id, Clock.TokyoDate(o), slot, length)));
                    if (room is not null)
                    {
                        e.Place = $"{room.Location} {room.Name}";
                        foreach (var o in occurrences)
                        {
                            state.Bookings[o] = Book(room, e, o, o + duration, Clock.TokyoDate(o), slot, length);
                        }
                    }
                }

                unit.Current = state;
                unit.NextStart = state.Last.AddDays(1 + _random.Next(0, 56));
                _series++;
                Emit(e, state.Bookings.Count > 0 ? "series-with-room" : byDepartment ? "series-by-department" : "series");
            }
        }

        private void SeriesOccurrence(UnitState unit, DateOnly day)
        {
            if (unit.Current is not { } s || day < s.First || day > s.Last || day.DayOfWeek != s.First.DayOfWeek)
            {
                return;
            }

            var at = At(day, s.Slot);
            if (_random.NextDouble() < 0.04)
            {
                // Cancelled for this week: the override ScheduleService.CancelAsync(One) writes, and its booking cancelled.
                var cancelledAt = Clock.Truncate(at - TimeSpan.FromSeconds(_random.Next(3_600, 5 * 86_400)));
                if (cancelledAt > _now)
                {
                    cancelledAt = _now;
                }

                var master = s.Master;
                var o = new ScheduleEvent
                {
                    Id = _nextId++,
                    SeriesMasterId = master.Id,
                    OriginalStartsAt = at,
                    Title = master.Title,
                    Category = master.Category,
                    Visibility = master.Visibility,
                    OrganizerId = master.OrganizerId,
                    CreatedById = master.OrganizerId,
                    CreatedAt = cancelledAt,
                    StartsAt = at,
                    EndsAt = at + master.Duration,
                    SeriesEndsAt = at + master.Duration,
                    IsAllDay = master.IsAllDay,
                    IsCancelled = true,
                    UpdatedAt = cancelledAt,
                    Version = 1,
                };
                if (s.Bookings.TryGetValue(at, out var booking))
                {
                    booking.Status = BookingStatus.Cancelled;
                }

                _events++;
                _cancelled++;
                Emit(o, "cancelled-occurrence");
                return;
            }

            var bits = Bits(s.Slot, s.Length);
            foreach (var p in s.Attendees)
            {
                _busy[p.Index] |= bits;
                _meetingLeft[p.Index]--;
            }

            Count(s.Master, s.Attendees);
        }

        // --- facilities ---------------------------------------------------------------------------------------------

        private bool RoomFree(int roomId, DateOnly day, int slot, int length) =>
            (_roomBusy.GetValueOrDefault((roomId, day)) & Bits(slot, length)) == 0;

        private void Hold(int facilityId, DateTimeOffset start, DateTimeOffset end)
        {
            // Existing (demo) bookings: mark every slot they touch; times outside the grid cannot meet generated ones.
            for (var day = Clock.TokyoDate(start); day <= Clock.TokyoDate(end); day = day.AddDays(1))
            {
                for (var slot = 0; slot < Slots; slot++)
                {
                    if (At(day, slot) < end && At(day, slot + 1) > start)
                    {
                        _roomBusy[(facilityId, day)] = _roomBusy.GetValueOrDefault((facilityId, day)) | (1UL << slot);
                    }
                }
            }
        }

        private FacilityBooking Book(Room room, ScheduleEvent e, DateTimeOffset start, DateTimeOffset end, DateOnly day, int slot, int length)
        {
            _roomBusy[(room.Id, day)] = _roomBusy.GetValueOrDefault((room.Id, day)) | Bits(slot, length);
            var booking = new FacilityBooking
            {
                FacilityId = room.Id,
                EventId = e.Id,
                StartsAt = start,
                EndsAt = end,
                Status = BookingStatus.Confirmed,
                Purpose = e.Title.Length > FacilityBooking.MaxPurposeLength ? e.Title[..FacilityBooking.MaxPurposeLength] : e.Title,
                BookedById = e.OrganizerId,
                CreatedAt = e.CreatedAt,
            };
            if (room.RequiresApproval)
            {
                // 仮予約 until a manager decides; past ones were confirmed, recent ones may still wait.
                var decided = e.CreatedAt + TimeSpan.FromSeconds(_random.Next(600, 86_400));
                var managers = room.ManagerDepartmentId is { } m ? _managers.GetValueOrDefault(m) : null;
                if (decided < _now && managers is { Length: > 0 })
                {
                    booking.DecidedById = managers[_random.Next(managers.Length)];
                    booking.DecidedAt = decided;
                }
                else
                {
                    booking.Status = BookingStatus.Tentative;
                }
            }

            _bookings.Add(booking);
            return booking;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bulk writers: the rows of the three tables, column by column.

    internal sealed record BulkColumn<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

    internal static class BulkColumns
    {
        public static readonly BulkColumn<ScheduleEvent>[] Events =
        [
            new("Id", NpgsqlDbType.Integer, e => e.Id),
            new("Title", NpgsqlDbType.Varchar, e => e.Title),
            new("Place", NpgsqlDbType.Varchar, e => e.Place),
            new("Notes", NpgsqlDbType.Varchar, e => e.Notes),
            new("Category", NpgsqlDbType.Varchar, e => e.Category),
            new("StartsAt", NpgsqlDbType.TimestampTz, e => e.StartsAt),
            new("EndsAt", NpgsqlDbType.TimestampTz, e => e.EndsAt),
            new("IsAllDay", NpgsqlDbType.Boolean, e => e.IsAllDay),
            new("Visibility", NpgsqlDbType.Integer, e => (int)e.Visibility),
            new("OrganizerId", NpgsqlDbType.Integer, e => e.OrganizerId),
            new("CreatedById", NpgsqlDbType.Integer, e => e.CreatedById),
            new("Recurrence", NpgsqlDbType.Varchar, e => e.Recurrence),
            new("SeriesEndsAt", NpgsqlDbType.TimestampTz, e => e.SeriesEndsAt),
            new("SeriesMasterId", NpgsqlDbType.Integer, e => e.SeriesMasterId),
            new("OriginalStartsAt", NpgsqlDbType.TimestampTz, e => e.OriginalStartsAt),
            new("IsCancelled", NpgsqlDbType.Boolean, e => e.IsCancelled),
            new("ReminderMinutes", NpgsqlDbType.Integer, e => e.ReminderMinutes),
            new("CreatedAt", NpgsqlDbType.TimestampTz, e => e.CreatedAt),
            new("UpdatedAt", NpgsqlDbType.TimestampTz, e => e.UpdatedAt),
            new("Version", NpgsqlDbType.Integer, e => e.Version),
        ];

        public static readonly BulkColumn<EventAttendee>[] Attendees =
        [
            new("EventId", NpgsqlDbType.Integer, a => a.EventId),
            new("AccountId", NpgsqlDbType.Integer, a => a.AccountId),
            new("Response", NpgsqlDbType.Integer, a => (int)a.Response),
            new("RespondedAt", NpgsqlDbType.TimestampTz, a => a.RespondedAt),
            new("ViaDepartmentId", NpgsqlDbType.Integer, a => a.ViaDepartmentId),
            new("StartsAt", NpgsqlDbType.TimestampTz, a => a.StartsAt),
            new("EndsAt", NpgsqlDbType.TimestampTz, a => a.EndsAt),
            new("IsSeries", NpgsqlDbType.Boolean, a => a.IsSeries),
            new("IsCancelled", NpgsqlDbType.Boolean, a => a.IsCancelled),
        ];

        /// <summary>Without Id: the database numbers bookings.</summary>
        public static readonly BulkColumn<FacilityBooking>[] Bookings =
        [
            new("FacilityId", NpgsqlDbType.Integer, b => b.FacilityId),
            new("EventId", NpgsqlDbType.Integer, b => b.EventId),
            new("StartsAt", NpgsqlDbType.TimestampTz, b => b.StartsAt),
            new("EndsAt", NpgsqlDbType.TimestampTz, b => b.EndsAt),
            new("Status", NpgsqlDbType.Integer, b => (int)b.Status),
            new("Purpose", NpgsqlDbType.Varchar, b => b.Purpose),
            new("BookedById", NpgsqlDbType.Integer, b => b.BookedById),
            new("CreatedAt", NpgsqlDbType.TimestampTz, b => b.CreatedAt),
            new("DecidedById", NpgsqlDbType.Integer, b => b.DecidedById),
            new("DecidedAt", NpgsqlDbType.TimestampTz, b => b.DecidedAt),
            new("DecisionNote", NpgsqlDbType.Varchar, b => b.DecisionNote),
        ];

        /// <summary>Refuses to run when the EF model has columns these lists do not write (a migration added one).</summary>
        public static void CheckAgainstModel(AppDbContext db)
        {
            Check(db, typeof(ScheduleEvent), "ScheduleEvents", Events.Select(c => c.Name));
            Check(db, typeof(EventAttendee), "EventAttendees", Attendees.Select(c => c.Name));
            Check(db, typeof(FacilityBooking), "FacilityBookings", Bookings.Select(c => c.Name).Append("Id"));
        }

        private static void Check(AppDbContext db, Type type, string table, IEnumerable<string> written)
        {
            var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model");
            if (!string.Equals(entity.GetTableName(), table, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{type.Name} maps to {entity.GetTableName()}, not {table}");
            }

            var model = entity.GetProperties().Select(p => p.GetColumnName()).Order(StringComparer.Ordinal).ToList();
            var mine = written.Order(StringComparer.Ordinal).ToList();
            if (!model.SequenceEqual(mine))
            {
                throw new InvalidOperationException($"{table}: the model has columns [{string.Join(", ", model)}], the bulk writer writes [{string.Join(", ", mine)}]");
            }
        }

        public static string Insert(string table, IEnumerable<string> columns, bool quoted = true) =>
            $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => quoted ? $"\"{c}\"" : c))})";
    }

    private interface IBulkWriter : IAsyncDisposable
    {
        /// <summary>Writes the events, then their attendees.</summary>
        Task<(int Events, int Attendees)> WriteEventsAsync(IReadOnlyList<ScheduleEvent> events);

        Task<int> WriteBookingsAsync(IReadOnlyList<FacilityBooking> bookings);

        Task CommitAsync();
    }

    /// <summary>SQLite: one transaction, prepared multi-row INSERTs; values converted as EF converts them (UtcMicrosecondsConverter).</summary>
    private sealed class SqliteBulkWriter : IBulkWriter
    {
        private static readonly UtcMicrosecondsConverter Converter = new();
        private readonly AppDbContext _db;
        private readonly IDbContextTransaction _transaction;
        private readonly SqliteTable<ScheduleEvent> _events;
        private readonly SqliteTable<EventAttendee> _attendees;
        private readonly SqliteTable<FacilityBooking> _bookings;

        private SqliteBulkWriter(AppDbContext db, IDbContextTransaction transaction)
        {
            _db = db;
            _transaction = transaction;
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var sqliteTransaction = (SqliteTransaction)transaction.GetDbTransaction();
            _events = new SqliteTable<ScheduleEvent>(connection, sqliteTransaction, "ScheduleEvents", BulkColumns.Events);
            _attendees = new SqliteTable<EventAttendee>(connection, sqliteTransaction, "EventAttendees", BulkColumns.Attendees);
            _bookings = new SqliteTable<FacilityBooking>(connection, sqliteTransaction, "FacilityBookings", BulkColumns.Bookings);
        }

        public static async Task<SqliteBulkWriter> OpenAsync(AppDbContext db)
        {
            await db.Database.OpenConnectionAsync();
            // A large page cache for this one writing connection, so the big transaction does not spill pages again and again.
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -1048576");
            return new SqliteBulkWriter(db, await db.Database.BeginTransactionAsync());
        }

        internal static object Value(object? value) => value switch
        {
            null => DBNull.Value,
            DateTimeOffset d => Converter.ConvertToProvider(d)!,
            bool b => b ? 1L : 0L,
            _ => value,
        };

        public Task<(int Events, int Attendees)> WriteEventsAsync(IReadOnlyList<ScheduleEvent> events)
        {
            var attendees = events.SelectMany(e => e.Attendees).ToList();
            return Task.FromResult((_events.Write(events), _attendees.Write(attendees)));
        }

        public Task<int> WriteBookingsAsync(IReadOnlyList<FacilityBooking> bookings) => Task.FromResult(_bookings.Write(bookings));

        public async Task CommitAsync()
        {
            await _transaction.CommitAsync();
            await _db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000");
        }

        public async ValueTask DisposeAsync()
        {
            _events.Dispose();
            _attendees.Dispose();
            _bookings.Dispose();
            await _transaction.DisposeAsync();
            await _db.Database.CloseConnectionAsync();
        }
    }

    private sealed class SqliteTable<T> : IDisposable
    {
        private const int RowsPerStatement = 100;
        private readonly BulkColumn<T>[] _columns;
        private readonly SqliteCommand _many;
        private readonly SqliteCommand _one;

        public SqliteTable(SqliteConnection connection, SqliteTransaction transaction, string table, BulkColumn<T>[] columns)
        {
            _columns = columns;
            _many = Command(connection, transaction, table, RowsPerStatement);
            _one = Command(connection, transaction, table, 1);
        }

        private SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string table, int rows)
        {
            var sql = new StringBuilder(BulkColumns.Insert(table, _columns.Select(c => c.Name))).Append(" VALUES ");
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            for (var r = 0; r < rows; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < _columns.Length; c++)
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"@p{r * _columns.Length + c}");
                    sql.Append(c == 0 ? "" : ", ").Append(name);
                    command.Parameters.Add(new SqliteParameter { ParameterName = name });
                }

                sql.Append(')');
            }

            command.CommandText = sql.ToString();
            command.Prepare();
            return command;
        }

        public int Write(IReadOnlyList<T> rows)
        {
            var i = 0;
            for (; i + RowsPerStatement <= rows.Count; i += RowsPerStatement)
            {
                for (var r = 0; r < RowsPerStatement; r++)
                {
                    Bind(_many, r, rows[i + r]);
                }

                _many.ExecuteNonQuery();
            }

            for (; i < rows.Count; i++)
            {
                Bind(_one, 0, rows[i]);
                _one.ExecuteNonQuery();
            }

            return rows.Count;
        }

        private void Bind(SqliteCommand command, int row, T value)
        {
            for (var c = 0; c < _columns.Length; c++)
            {
                command.Parameters[row * _columns.Length + c].Value = SqliteBulkWriter.Value(_columns[c].Value(value));
            }
        }

        public void Dispose()
        {
            _many.Dispose();
            _one.Dispose();
        }
    }

    /// <summary>PostgreSQL: one transaction, binary COPY per table.</summary>
    private sealed class PostgresBulkWriter : IBulkWriter
    {
        private readonly AppDbContext _db;
        private readonly NpgsqlConnection _connection;
        private readonly IDbContextTransaction _transaction;

        private PostgresBulkWriter(AppDbContext db, IDbContextTransaction transaction)
        {
            _db = db;
            _connection = (NpgsqlConnection)db.Database.GetDbConnection();
            _transaction = transaction;
        }

        public static async Task<PostgresBulkWriter> OpenAsync(AppDbContext db)
        {
            await db.Database.OpenConnectionAsync();
            return new PostgresBulkWriter(db, await db.Database.BeginTransactionAsync());
        }

        public async Task<(int Events, int Attendees)> WriteEventsAsync(IReadOnlyList<ScheduleEvent> events)
        {
            var attendees = events.SelectMany(e => e.Attendees).ToList();
            return (await CopyAsync("ScheduleEvents", BulkColumns.Events, events), await CopyAsync("EventAttendees", BulkColumns.Attendees, attendees));
        }

        public Task<int> WriteBookingsAsync(IReadOnlyList<FacilityBooking> bookings) => CopyAsync("FacilityBookings", BulkColumns.Bookings, bookings);

        private async Task<int> CopyAsync<T>(string table, BulkColumn<T>[] columns, IReadOnlyList<T> rows)
        {
            var copy = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
            await using var importer = await _connection.BeginBinaryImportAsync(copy);
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                foreach (var column in columns)
                {
                    switch (column.Value(row))
                    {
                        case null:
                            await importer.WriteNullAsync();
                            break;
                        case int i:
                            await importer.WriteAsync(i, column.Type);
                            break;
                        case bool b:
                            await importer.WriteAsync(b, column.Type);
                            break;
                        case string s:
                            await importer.WriteAsync(s, column.Type);
                            break;
                        case DateTimeOffset d:
                            await importer.WriteAsync(d, column.Type);
                            break;
                        case var other:
                            throw new InvalidOperationException($"{table}.{column.Name}: no binary COPY for {other.GetType()}");
                    }
                }
            }

            await importer.CompleteAsync();
            return rows.Count;
        }

        public Task CommitAsync() => _transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await _transaction.DisposeAsync();
            await _db.Database.CloseConnectionAsync();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Where the time goes.

    /// <summary>Times every SQL statement from its execution until its reader is disposed (so reading the rows counts), while enabled.</summary>
    private sealed class QueryProfiler : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private readonly Dictionary<string, (int Count, double Milliseconds)> _statements = new(StringComparer.Ordinal);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, long> _started = new();

        public static QueryProfiler Instance { get; } = new();

        private bool Enabled { get; set; }

        public override Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader> ReaderExecuting(
            DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader> result)
        {
            Start(eventData.CommandId);
            return result;
        }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader> result,
            CancellationToken cancellationToken = default)
        {
            Start(eventData.CommandId);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object> result,
            CancellationToken cancellationToken = default)
        {
            Start(eventData.CommandId);
            return ValueTask.FromResult(result);
        }

        public override Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult DataReaderDisposing(
            DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.DataReaderDisposingEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult result)
        {
            Stop(command.CommandText, eventData.CommandId);
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(
            DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Stop(command.CommandText, eventData.CommandId);
            return ValueTask.FromResult(result);
        }

        private void Start(Guid command)
        {
            if (Enabled)
            {
                _started[command] = Stopwatch.GetTimestamp();
            }
        }

        private void Stop(string sql, Guid command)
        {
            if (!_started.TryRemove(command, out var started))
            {
                return;
            }

            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lock (_statements)
            {
                var key = Shorten(sql);
                var (count, ms) = _statements.GetValueOrDefault(key);
                _statements[key] = (count + 1, ms + milliseconds);
            }
        }

        /// <summary>One line, IN lists as (@ids…), long column lists as …, so statements that differ only there read apart.</summary>
        private static string Shorten(string sql)
        {
            var text = Regex.Replace(sql, @"\s+", " ").Trim();
            text = Regex.Replace(text, @"\(@(\w+?)\d+(, @\w+?\d+)*\)", "(@$1…)");
            return Regex.Replace(text, @"SELECT (?<list>[^()]*?) FROM", m => m.Groups["list"].Length > 70 ? "SELECT … FROM" : m.Value);
        }

        public static async Task<string> ProfileAsync(string title, int runs, Func<Task> action)
        {
            var me = Instance;
            me._statements.Clear();
            me._started.Clear();
            me.Enabled = true;
            var clock = Stopwatch.StartNew();
            try
            {
                for (var i = 0; i < runs; i++)
                {
                    await action();
                }
            }
            finally
            {
                me.Enabled = false;
            }

            var total = clock.Elapsed.TotalMilliseconds / runs;
            var text = new StringBuilder();
            var inSql = me._statements.Values.Sum(v => v.Milliseconds) / runs;
            text.Append(CultureInfo.InvariantCulture, $"Where the time goes — {title}: {total:N1} ms a run over {runs} runs, {inSql:N1} ms in SQL statements (from execution until the reader is disposed), {total - inSql:N1} ms elsewhere").AppendLine();
            text.AppendLine();
            text.AppendLine("| statement (shortened) | per run | ms per run |");
            text.AppendLine("|---|---:|---:|");
            foreach (var (sql, (count, ms)) in me._statements.OrderByDescending(s => s.Value.Milliseconds).Take(8))
            {
                var shortened = sql.Length > 400 ? sql[..400] + " …" : sql;
                text.Append(CultureInfo.InvariantCulture, $"| `{shortened.Replace("|", "\\|", StringComparison.Ordinal)}` | {(double)count / runs:N1} | {ms / runs:N2} |").AppendLine();
            }

            text.AppendLine();
            return text.ToString();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Read-back check.

    private static class Verification
    {
        public static async Task RunAsync(AppDbContext db, ScheduleReader reader, HistoryGenerator generator)
        {
            var eventType = db.Model.FindEntityType(typeof(ScheduleEvent))!;
            var attendeeType = db.Model.FindEntityType(typeof(EventAttendee))!;
            var bookingType = db.Model.FindEntityType(typeof(FacilityBooking))!;
            var checkedRows = 0;
            foreach (var (kind, expected) in generator.Samples)
            {
                var actual = await db.Events.AsNoTracking().Include(e => e.Attendees).SingleAsync(e => e.Id == expected.Id);
                checkedRows += Compare(eventType, expected, actual, $"{kind} event {expected.Id}");
                if (actual.Attendees.Count != expected.Attendees.Count)
                {
                    throw new InvalidOperationException($"{kind} event {expected.Id}: {actual.Attendees.Count} attendees read back, {expected.Attendees.Count} written");
                }

                foreach (var a in expected.Attendees)
                {
                    checkedRows += Compare(attendeeType, a, actual.Attendees.Single(x => x.AccountId == a.AccountId), $"{kind} attendee {a.EventId}/{a.AccountId}");
                }

                var written = generator.Bookings.Where(b => b.EventId == expected.Id).OrderBy(b => b.StartsAt).ToList();
                var read = await db.FacilityBookings.AsNoTracking().Where(b => b.EventId == expected.Id).OrderBy(b => b.StartsAt).ToListAsync();
                if (read.Count != written.Count)
                {
                    throw new InvalidOperationException($"{kind} event {expected.Id}: {read.Count} bookings read back, {written.Count} written");
                }

                for (var i = 0; i < read.Count; i++)
                {
                    written[i].Id = read[i].Id;
                    checkedRows += Compare(bookingType, written[i], read[i], $"{kind} booking of event {expected.Id}");
                }
            }

            // Every person's day as ScheduleReader sees it (series expanded, cancelled weeks and declined invitations left out).
            var ids = generator.CheckCounts.Keys.ToList();
            var viewer = new ScheduleViewer(ids[0], new HashSet<int>());
            var day = generator.CheckDay;
            var seen = await reader.ForAccountsAsync(viewer, ids, Clock.FromTokyo(day), Clock.FromTokyo(day.AddDays(1)));
            var wrong = ids.Where(id => seen[id].Count != generator.CheckCounts[id]).ToList();
            if (wrong.Count > 0)
            {
                var id = wrong[0];
                throw new InvalidOperationException($"{day:yyyy-MM-dd}: the reader sees {seen[id].Count} occurrences for account {id}, {generator.CheckCounts[id]} were generated ({wrong.Count} people differ)");
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  read back through EF: {generator.Samples.Count} sampled events ({string.Join(", ", generator.Samples.Keys)}), {checkedRows} rows equal; ScheduleReader on {day:yyyy-MM-dd} sees each of {ids.Count} people's generated entries ({seen.Values.Sum(v => v.Count)} occurrences)"));
        }

        private static int Compare(Microsoft.EntityFrameworkCore.Metadata.IEntityType type, object expected, object actual, string what)
        {
            foreach (var property in type.GetProperties())
            {
                var info = property.PropertyInfo ?? throw new InvalidOperationException($"{property.Name} has no CLR property");
                var a = info.GetValue(expected);
                var b = info.GetValue(actual);
                if (!Equals(a, b))
                {
                    throw new InvalidOperationException($"{what}: {property.Name} written as {a}, read back as {b}");
                }
            }

            return 1;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The real page, over HTTP from the app hosted in-process.

    private static partial class GroupPage
    {
        public sealed record Result(Stats? Stats, string? Problem);

        public static async Task<Result> MeasureAsync(DatabaseSettings database, string folder, string login, int departmentId, int members, int iterations, Func<DateOnly> nextWeek)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Tsunagu.Web", EnvironmentName = "Production", Args = [] });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Tsunagu:DataPath"] = Path.Combine(folder, "app"),
                ["Tsunagu:Demo"] = "false",
                ["Database:Provider"] = database.Provider == DatabaseProvider.PostgreSql ? "PostgreSql" : "Sqlite",
                ["ConnectionStrings:Tsunagu"] = database.ConnectionString,
                ["ConnectionStrings:Redis"] = "",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
            });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.AddTsunagu();
            var app = builder.Build();
            app.UseTsunagu();
            try
            {
                await Bootstrapper.RunAsync(app.Services, demo: false, adminPassword: null);
                await app.StartAsync();
                var address = new Uri(app.Urls.First());
                using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
                using var client = new HttpClient(handler) { BaseAddress = address };
                var problem = await SignInAsync(client, login);
                if (problem is not null)
                {
                    return new Result(null, problem);
                }

                string? failure = null;
                var first = true;
                var stats = await TimeAsync(iterations, async () =>
                {
                    var week = nextWeek();
                    var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"/schedule/group?department={departmentId}&date={week:yyyy-MM-dd}"), UriKind.Relative);
                    using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failure ??= $"GET /schedule/group answered {(int)response.StatusCode}";
                    }

                    if (!first)
                    {
                        // The whole body is received, as a browser would, without keeping it.
                        await using var body = await response.Content.ReadAsStreamAsync();
                        await body.CopyToAsync(Stream.Null);
                    }
                    else
                    {
                        first = false;
                        var html = await response.Content.ReadAsStringAsync();
                        var rows = RowHeader().Count(html);
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  group page: {html.Length:N0} characters ({Encoding.UTF8.GetByteCount(html):N0} bytes), {rows} row headers for {members} members, {Entity().Count(html):N0} numeric character references"));
                        if (rows < members)
                        {
                            failure ??= $"the page showed {rows} row headers for {members} members";
                        }
                    }
                });
                return failure is null ? new Result(stats, null) : new Result(null, failure);
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException)
            {
                return new Result(null, $"{ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        private static async Task<string?> SignInAsync(HttpClient client, string login)
        {
            var html = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
            var form = FormElement().Matches(html).Select(m => m.Value).FirstOrDefault(f => f.Contains("value=\"login\"", StringComparison.Ordinal));
            if (form is null)
            {
                return "no sign-in form on /account/login";
            }

            var fields = HiddenInput().Matches(form).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value))).ToList();
            fields.Add(new("Input.Login", login));
            fields.Add(new("Input.Password", DemoCitySeeder.DemoPassword));
            using var content = new FormUrlEncodedContent(fields);
            using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), content);
            return response.StatusCode == HttpStatusCode.Redirect ? null : $"sign-in as {login} answered {(int)response.StatusCode}";
        }

        [GeneratedRegex(@"<form\b.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
        private static partial Regex FormElement();

        [GeneratedRegex(@"<input\b(?=[^>]*type=""hidden"")(?=[^>]*name=""(?<name>[^""]*)"")(?=[^>]*value=""(?<value>[^""]*)"")[^>]*>", RegexOptions.IgnoreCase)]
        private static partial Regex HiddenInput();

        [GeneratedRegex(@"&#x?[0-9a-fA-F]+;")]
        private static partial Regex Entity();

        [GeneratedRegex(@"<th\b[^>]*scope=""row""", RegexOptions.IgnoreCase)]
        private static partial Regex RowHeader();
    }
}
