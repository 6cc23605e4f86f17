namespace Tsunagu.Core.Notifications;

public sealed record MailMessageData(string To, string Subject, string Body);

/// <summary>Sends e-mail: SMTP in production, a pickup folder in development and tests.</summary>
public interface IMailSender
{
    Task SendAsync(MailMessageData message, CancellationToken cancellationToken);
}

/// <summary>Pushes "something new for you" to the live parts of a person's open pages, on any app instance.</summary>
public interface IRealtimeNotifier
{
    Task PublishAsync(int accountId, CancellationToken cancellationToken);

    IDisposable Subscribe(int accountId, Func<Task> onNotified);
}

/// <summary>In-process notifier for a single instance; with Redis configured a Redis-backed one replaces it.</summary>
public sealed class InProcessRealtimeNotifier : IRealtimeNotifier
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, List<Func<Task>>> _subscribers = [];

    public async Task PublishAsync(int accountId, CancellationToken cancellationToken)
    {
        Func<Task>[] handlers;
        lock (_gate)
        {
            handlers = _subscribers.TryGetValue(accountId, out var list) ? [.. list] : [];
        }

        foreach (var handler in handlers)
        {
            await handler();
        }
    }

    public IDisposable Subscribe(int accountId, Func<Task> onNotified)
    {
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(accountId, out var list))
            {
                _subscribers[accountId] = list = [];
            }

            list.Add(onNotified);
        }

        return new Subscription(() =>
        {
            lock (_gate)
            {
                if (_subscribers.TryGetValue(accountId, out var list))
                {
                    list.Remove(onNotified);
                    if (list.Count == 0)
                    {
                        _subscribers.Remove(accountId);
                    }
                }
            }
        });
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
