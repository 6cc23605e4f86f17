using System.Globalization;
using StackExchange.Redis;
using Tsunagu.Core.Notifications;

namespace Tsunagu.Web.Hosting;

/// <summary>Fans a "new notification" signal out to every app instance through Redis pub/sub.</summary>
public sealed class RedisRealtimeNotifier : IRealtimeNotifier, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("tsunagu:notify");
    private readonly InProcessRealtimeNotifier _local = new();
    private readonly ISubscriber _subscriber;

    public RedisRealtimeNotifier(IConnectionMultiplexer redis)
    {
        _subscriber = redis.GetSubscriber();
        _subscriber.Subscribe(Channel, (channel, value) =>
        {
            if (int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var accountId))
            {
                _ = _local.PublishAsync(accountId, CancellationToken.None);
            }
        });
    }

    public Task PublishAsync(int accountId, CancellationToken cancellationToken) =>
        _subscriber.PublishAsync(Channel, accountId.ToString(CultureInfo.InvariantCulture));

    public IDisposable Subscribe(int accountId, Func<Task> onNotified) => _local.Subscribe(accountId, onNotified);

    public void Dispose() => _subscriber.Unsubscribe(Channel);
}
