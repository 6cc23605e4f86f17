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
    private readonly SemaphoreSlim _flush = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await recorder.Reader.WaitToReadAsync(stoppingToken))
            {
                // Let a second's events gather so a busy hour is a few thousand inserts, not one per click.
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                await DrainAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await DrainAsync(CancellationToken.None);
    }

    /// <summary>Writes everything queued now; the background loop, shutdown and tests use it.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        await _flush.WaitAsync(cancellationToken);
        try
        {
            var batch = new List<UsageEvent>(BatchSize);
            while (recorder.Reader.TryRead(out var item))
            {
                batch.Add(item);
                if (batch.Count == BatchSize)
                {
                    await WriteAsync(batch, cancellationToken);
                }
            }

            await WriteAsync(batch, cancellationToken);
        }
        finally
        {
            _flush.Release();
        }
    }

    public override void Dispose()
    {
        _flush.Dispose();
        base.Dispose();
    }

    private async Task WriteAsync(List<UsageEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await UsageCounts.AppendAsync(db, batch, cancellationToken);
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
