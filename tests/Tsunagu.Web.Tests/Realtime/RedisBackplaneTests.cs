using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;
using Tsunagu.Web.Tests.Infrastructure;
using Xunit;

namespace Tsunagu.Web.Tests.Realtime;

/// <summary>
/// Two app instances sharing one database and one Redis: a notification created on one instance reaches a live
/// subscriber (the header badge of a person's open page) on the other, through the outbox and Redis pub/sub.
/// </summary>
public sealed class RedisBackplaneTests : IAsyncLifetime
{
    public const string Variable = "TSUNAGU_TEST_REDIS";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "tsunagu-redis-" + Guid.NewGuid().ToString("N"));
    private TsunaguFactory? _first;
    private TsunaguFactory? _second;

    public Task InitializeAsync()
    {
        var redis = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(redis))
        {
            throw new InvalidOperationException($"{Variable} is not set (e.g. 127.0.0.1:56379), so the Redis tests cannot run; they are never skipped. scripts/test starts Redis and sets it.");
        }

        var settings = TsunaguFactory.Settings(DatabaseKind.Sqlite, _data, null, demo: false);
        // A prefix of its own: test classes running at once share one Redis and the same account ids.
        settings["ConnectionStrings:Redis"] = $"{redis},channelPrefix=t{Guid.NewGuid():N}:";
        settings["Tsunagu:AdminPassword"] = "redis-test-2026";
        _first = new TsunaguFactory(settings);
        _ = _first.Services; // first start: migrations and the administrator
        _second = new TsunaguFactory(settings);
        _ = _second.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task PublishOnOneInstance_ReachesSubscriberOnTheOther()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _second!.Services.GetRequiredService<IRealtimeNotifier>().Subscribe(4242, () =>
        {
            received.TrySetResult();
            return Task.CompletedTask;
        });

        await _first!.Services.GetRequiredService<IRealtimeNotifier>().PublishAsync(4242, CancellationToken.None);

        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task NotificationCreatedOnOneInstance_LightsTheBadgeOnTheOther()
    {
        int adminId;
        await using (var scope = _first!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            adminId = db.Users.Single(a => a.UserName == "admin").Id;
        }

        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _second!.Services.GetRequiredService<IRealtimeNotifier>().Subscribe(adminId, () =>
        {
            received.TrySetResult();
            return Task.CompletedTask;
        });

        await using (var scope = _first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await scope.ServiceProvider.GetRequiredService<NotificationService>()
                .NotifyAsync([adminId], NotificationKinds.System, "二つ目のインスタンスへ", "Redis 経由の通知", "/notifications");
            await db.SaveChangesAsync();
        }

        // The outbox worker of either instance sends the push (every 2 s); Redis carries it to the subscriber.
        await received.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await using var check = _second.Services.CreateAsyncScope();
        check.ServiceProvider.GetRequiredService<AppDbContext>().Outbox.Count(m => m.ProcessedAt == null && m.Type == NotificationService.PushType).ShouldBe(0);
    }
}
