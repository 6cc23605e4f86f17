extern alias web;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using web::Tsunagu.Web.Hosting;

using static Tsunagu.Benchmarks.BenchmarkShared;

namespace Tsunagu.Benchmarks;

/// <summary>
/// The issue 6 live chat benchmark:
/// dotnet run -c Release --project benchmarks/Tsunagu.Benchmarks -- chat-fanout --database sqlite|postgresql [--connection ...]
///   [--clients 600] [--messages 200] [--interval-ms 250] [--redis 127.0.0.1:6379]
/// Runs the real app on Kestrel on loopback (with --redis: two instances sharing the database and Redis, clients split
/// between them, posts to the first), creates the accounts with an access token each and a project channel with all of
/// them as members, connects one SignalR WebSockets client per account (bearer token, as API clients do), then posts the
/// messages through POST /api/v1/chat/channels/{id}/messages, spaced. For each message and client it records the time
/// from the start of the POST until that client received the push; figures go to docs/benchmarks.md by hand.
/// The clients run in the same process as the server(s), so the machine's cores are shared with the harness.
/// </summary>
internal static class ChatFanoutBenchmark
{
    private const double TargetMs = 300;
    private const string Prefix = "fanout-";

    public static async Task<int> RunAsync(string[] args)
    {
        var database = (Option(args, "--database") ?? "sqlite").ToLowerInvariant();
        var clientCount = int.Parse(Option(args, "--clients") ?? "600", CultureInfo.InvariantCulture);
        var messageCount = int.Parse(Option(args, "--messages") ?? "200", CultureInfo.InvariantCulture);
        var interval = TimeSpan.FromMilliseconds(int.Parse(Option(args, "--interval-ms") ?? "250", CultureInfo.InvariantCulture));
        var redis = Option(args, "--redis");
        var postgres = database is "postgresql" or "postgres";
        var folder = Path.Combine(Path.GetTempPath(), "tsunagu-chat-fanout-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        string connection;
        if (postgres)
        {
            var server = Option(args, "--connection") ?? throw new ArgumentException("--connection is required for postgresql");
            connection = string.Join(';', server.Split(';', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.TrimStart().StartsWith("Database=", StringComparison.OrdinalIgnoreCase)))
                + ";Database=tsunagu_chat_" + Guid.NewGuid().ToString("N")[..8];
        }
        else
        {
            connection = "Data Source=" + Path.Combine(folder, "chat.db");
        }

        var engine = postgres ? "PostgreSQL" : "SQLite";
        var now = TimeProvider.System.GetUtcNow();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# Chat fan-out benchmark: {clientCount} WebSocket clients in one project channel, {messageCount} messages every {interval.TotalMilliseconds:N0} ms, {engine}{(redis is null ? ", one instance" : ", two instances + Redis")}, {now:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {LoadAverage()}"));

        var instances = new List<WebApplication>();
        var clients = new List<HubConnection>();
        try
        {
            instances.Add(await StartAsync(folder, postgres, connection, redis, bootstrap: true));
            if (redis is not null)
            {
                instances.Add(await StartAsync(folder, postgres, connection, redis, bootstrap: false));
            }

            var clock = Stopwatch.StartNew();
            var city = await SeedAsync(instances[0].Services, clientCount);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeded {clientCount} accounts with tokens and channel #{city.ChannelId} in {clock.Elapsed.TotalSeconds:N1} s"));

            // received[message, client]: Stopwatch timestamp of arrival, 0 until then; a new array for each phase.
            var received = new long[messageCount, clientCount];
            var warmup = new int[clientCount];
            clock.Restart();
            var addresses = instances.Select(i => new Uri(i.Urls.First())).ToList();
            for (var start = 0; start < clientCount; start += 50)
            {
                var batch = Enumerable.Range(start, Math.Min(50, clientCount - start)).Select(async c =>
                {
                    var hub = new HubConnectionBuilder()
                        .WithUrl(new Uri(addresses[c % addresses.Count], "/hubs/chat"), o =>
                        {
                            o.Transports = HttpTransportType.WebSockets;
                            o.AccessTokenProvider = () => Task.FromResult<string?>(city.Tokens[c]);
                        })
                        .Build();
                    hub.On<ChatPush>("chat", push =>
                    {
                        var stamp = Stopwatch.GetTimestamp();
                        if (push.Text.StartsWith(Prefix, StringComparison.Ordinal) && int.TryParse(push.Text.AsSpan(Prefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
                        {
                            if (index < 0)
                            {
                                Interlocked.Increment(ref warmup[c]);
                            }
                            else if (index < messageCount)
                            {
                                Volatile.Read(ref received)[index, c] = stamp;
                            }
                        }
                    });
                    await hub.StartAsync();
                    return hub;
                });
                clients.AddRange(await Task.WhenAll(batch));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Connected {clients.Count} clients in {clock.Elapsed.TotalSeconds:N1} s"));

            using var http = new HttpClient { BaseAddress = addresses[0] };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", city.Tokens[0]);
            var path = new Uri(string.Create(CultureInfo.InvariantCulture, $"/api/v1/chat/channels/{city.ChannelId}/messages"), UriKind.Relative);
            for (var i = 1; i <= 10; i++)
            {
                await PostAsync(http, path, -i);
            }

            await WaitAsync(() => warmup.All(w => w == 10), TimeSpan.FromSeconds(30));
            if (warmup.Any(w => w != 10))
            {
                Console.WriteLine($"WARNING: warm-up pushes missing at {warmup.Count(w => w != 10)} clients");
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| measurement ({engine}{(redis is null ? "" : ", 2 instances + Redis")}, {clientCount} clients) | samples | p50 ms | p95 ms | p99 ms | max ms | target p95 < {TargetMs:N0} ms |"));
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
            var notes = new List<string>();
            var problems = 0;

            // End to end: the API writes the message (transaction, search index, audit) and then fans it out.
            var api = await PhaseAsync(i => PostAsync(http, path, i));
            Row("POST /api/v1/chat/channels/{id}/messages (201)", api.SendMs, target: false);
            Row("delivery to one client (POST start → push received)", api.PerClient, target: true);
            Row($"delivery to all {clientCount} clients (POST start → last client)", api.All, target: true);
            notes.Add($"API: {api.Note}");

            // The fan-out alone, the same pushes without the database: the hub's share of the end-to-end time.
            var fanout = instances[0].Services.GetRequiredService<IChatFanout>();
            var members = city.AccountIds;
            var direct = await PhaseAsync(async i =>
            {
                await fanout.PushAsync(members, new ChatPush(ChatPush.Posted, city.ChannelId, 1_000_000 + i, null, members[0], "負荷\u3000試験", Prefix + i.ToString(CultureInfo.InvariantCulture), TimeProvider.System.GetUtcNow()), CancellationToken.None);
                return true;
            });
            Row("IChatFanout.PushAsync alone → push received by one client", direct.PerClient, target: false);
            Row($"IChatFanout.PushAsync alone → all {clientCount} clients", direct.All, target: false);
            notes.Add($"fan-out alone: {direct.Note}");

            Console.WriteLine();
            foreach (var note in notes)
            {
                Console.WriteLine(note);
            }

            Console.WriteLine($"Load average (1/5/15 min) at the end: {LoadAverage()}");
            return problems == 0 ? 0 : 1;

            async Task<Phase> PhaseAsync(Func<int, Task<bool>> send)
            {
                var arrivals = new long[messageCount, clientCount];
                Volatile.Write(ref received, arrivals);
                using var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var sent = new long[messageCount];
                var sendMs = new List<double>(messageCount);
                var failures = 0;
                var origin = Stopwatch.GetTimestamp();
                for (var i = 0; i < messageCount; i++)
                {
                    var due = origin + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }

                    sent[i] = Stopwatch.GetTimestamp();
                    if (!await send(i))
                    {
                        failures++;
                    }

                    sendMs.Add(Stopwatch.GetElapsedTime(sent[i]).TotalMilliseconds);
                }

                await WaitAsync(() => Complete(arrivals), TimeSpan.FromSeconds(30));
                var wall = Stopwatch.GetElapsedTime(origin);
                process.Refresh();
                var cpuUsed = process.TotalProcessorTime - cpu;
                var perClient = new List<double>(messageCount * clientCount);
                var all = new List<double>(messageCount);
                var missing = 0;
                for (var i = 0; i < messageCount; i++)
                {
                    var last = 0.0;
                    for (var c = 0; c < clientCount; c++)
                    {
                        if (arrivals[i, c] == 0)
                        {
                            missing++;
                            continue;
                        }

                        var ms = Stopwatch.GetElapsedTime(sent[i], arrivals[i, c]).TotalMilliseconds;
                        perClient.Add(ms);
                        last = Math.Max(last, ms);
                    }

                    all.Add(last);
                }

                problems += missing + failures;
                var note = string.Create(CultureInfo.InvariantCulture,
                    $"missing deliveries {missing} of {messageCount * clientCount}, failed sends {failures}; process (server{(redis is null ? "" : "s")} + {clientCount} clients) CPU {cpuUsed.TotalSeconds / wall.TotalSeconds:N2} cores on average over {wall.TotalSeconds:N0} s, working set {process.WorkingSet64 / 1048576.0:N0} MB, GC heap {GC.GetTotalMemory(false) / 1048576.0:N0} MB, load {LoadAverage()}");
                return new Phase(sendMs, perClient, all, note);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            // Stopped first: the background services (usage, outbox) must not meet a dropped database.
            foreach (var instance in instances)
            {
                await instance.StopAsync();
            }

            if (postgres && instances.Count > 0)
            {
                await using var scope = instances[0].Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.EnsureDeletedAsync();
            }

            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Row(string name, List<double> values, bool target)
    {
        if (values.Count == 0)
        {
            Console.WriteLine($"| {name} | 0 | | | | | |");
            return;
        }

        values.Sort();
        var p95 = Percentile(values, 0.95);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {values.Count:N0} | {Percentile(values, 0.50):N1} | {p95:N1} | {Percentile(values, 0.99):N1} | {values[^1]:N1} | {(target ? (p95 < TargetMs ? "met" : "MISSED") : "")} |"));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static bool Complete(long[,] received)
    {
        foreach (var stamp in received)
        {
            if (stamp == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan timeout)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!done() && Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(50);
        }
    }

    private static async Task<bool> PostAsync(HttpClient http, Uri path, int index)
    {
        using var response = await http.PostAsJsonAsync(path, new { text = Prefix + index.ToString(CultureInfo.InvariantCulture) });
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        Console.WriteLine($"POST {index}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return false;
    }

    private static async Task<WebApplication> StartAsync(string folder, bool postgres, string connection, string? redis, bool bootstrap)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Tsunagu.Web", EnvironmentName = "Production", Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Tsunagu:DataPath"] = Path.Combine(folder, "app"),
            ["Tsunagu:Demo"] = "false",
            ["Database:Provider"] = postgres ? "PostgreSql" : "Sqlite",
            ["ConnectionStrings:Tsunagu"] = connection,
            ["ConnectionStrings:Redis"] = redis ?? "",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddTsunagu();
        var app = builder.Build();
        app.UseTsunagu();
        if (bootstrap)
        {
            await Bootstrapper.RunAsync(app.Services, demo: false, adminPassword: null);
        }

        await app.StartAsync();
        return app;
    }

    private sealed record City(int ChannelId, IReadOnlyList<int> AccountIds, IReadOnlyList<string> Tokens);

    private sealed record Phase(List<double> SendMs, List<double> PerClient, List<double> All, string Note);

    private static async Task<City> SeedAsync(IServiceProvider services, int count)
    {
        var ids = new List<int>(count);
        var tokens = new List<string>(count);
        await using (var scope = services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var users = sp.GetRequiredService<UserManager<Account>>();
            var created = Clock.Truncate(TimeProvider.System.GetUtcNow());
            for (var i = 0; i < count; i++)
            {
                var login = string.Create(CultureInfo.InvariantCulture, $"fanout.{i:D4}");
                // No password: the clients use access tokens, and hashing 600 passwords would only slow the set-up.
                var account = new Account { UserName = login, DisplayName = string.Create(CultureInfo.InvariantCulture, $"負荷\u3000試験{i:D4}"), Kana = "ふか", CreatedAt = created, LockoutEnabled = true };
                Check(await users.CreateAsync(account));
                Check(await users.AddToRoleAsync(account, Roles.Staff));
                ids.Add(account.Id);
            }
        }

        for (var i = 0; i < count; i++)
        {
            await using var scope = services.CreateAsyncScope();
            tokens.Add((await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(ids[i], "chat-fanout", null, Actor.System)).Secret);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var chat = scope.ServiceProvider.GetRequiredService<ChatService>();
            var channel = await chat.CreateChannelAsync(new ChatViewer(ids[0], []), new ChannelDraft(ChannelKind.Project, "負荷試験-600") { MemberIds = ids });
            var members = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ChatMember>().CountAsync(m => m.ChannelId == channel.Id);
            if (members != count)
            {
                throw new InvalidOperationException($"the channel has {members} members, expected {count}");
            }

            return new City(channel.Id, ids, tokens);
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(' ', result.Errors.Select(e => e.Description)));
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
