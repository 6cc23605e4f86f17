using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Usage;

/// <summary>Queues usage events in memory so a request never waits for their insert.</summary>
public sealed class UsageRecorder(TimeProvider clock)
{
    private readonly Channel<UsageEvent> _queue = Channel.CreateBounded<UsageEvent>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    internal ChannelReader<UsageEvent> Reader => _queue.Reader;

    public void Record(int? accountId, string feature, string action) =>
        _queue.Writer.TryWrite(new UsageEvent(accountId, feature, action, Clock.Truncate(clock.GetUtcNow())));

    internal void Complete() => _queue.Writer.TryComplete();
}

/// <summary>Writes queued usage events in batches (at most one insert a second, or every 500 events).</summary>
public sealed partial class UsageFlushService(UsageRecorder recorder, IServiceScopeFactory scopes, ILogger<UsageFlushService> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<UsageEvent>(BatchSize);
        var reader = recorder.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                if (batch.Count < BatchSize)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                    while (batch.Count < BatchSize && reader.TryRead(out var item))
                    {
                        batch.Add(item);
                    }
                }

                await FlushAsync(batch, CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }

        while (reader.TryRead(out var rest))
        {
            batch.Add(rest);
        }

        await FlushAsync(batch, CancellationToken.None);
    }

    /// <summary>Writes everything queued now; used by tests and on shutdown.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var batch = new List<UsageEvent>();
        while (recorder.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }

        await FlushAsync(batch, cancellationToken);
    }

    private async Task FlushAsync(List<UsageEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.UsageEvents.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            LogFlushFailed(logger, batch.Count, ex);
        }

        batch.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} usage events")]
    private static partial void LogFlushFailed(ILogger logger, int count, Exception exception);
}
