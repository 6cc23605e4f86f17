using System.Collections.Concurrent;
using Tsunagu.Core.Notifications;

namespace Tsunagu.Core.Tests.Infrastructure;

/// <summary>Records what would have been mailed; fails the first <see cref="FailuresLeft"/> sends.</summary>
public sealed class RecordingMailSender : IMailSender
{
    public ConcurrentQueue<MailMessageData> Sent { get; } = new();

    public int FailuresLeft { get; set; }

    /// <summary>Makes each send take a moment, so concurrent processors really overlap.</summary>
    public TimeSpan Delay { get; set; }

    public async Task SendAsync(MailMessageData message, CancellationToken cancellationToken)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new InvalidOperationException("SMTP server unavailable");
        }

        Sent.Enqueue(message);
    }
}

public sealed class RecordingRealtimeNotifier : IRealtimeNotifier
{
    public ConcurrentQueue<int> Published { get; } = new();

    public Task PublishAsync(int accountId, CancellationToken cancellationToken)
    {
        Published.Enqueue(accountId);
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(int accountId, Func<Task> onNotified) => throw new NotSupportedException();
}
