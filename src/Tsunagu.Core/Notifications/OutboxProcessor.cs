using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Notifications;

/// <summary>
/// Sends what the outbox holds. Each message is claimed with a conditional update first, so several
/// app instances can run this worker without sending anything twice.
/// </summary>
public sealed partial class OutboxProcessor(
    IServiceScopeFactory scopes,
    IMailSender mail,
    IRealtimeNotifier realtime,
    TimeProvider clock,
    ILogger<OutboxProcessor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ProcessBatchAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Processes up to 100 due messages; returns how many were handled.</summary>
    public async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.ProcessedAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(100)
            .ToListAsync(cancellationToken);
        var handled = 0;
        foreach (var id in due)
        {
            var lockUntil = now.AddMinutes(5);
            var claimed = await db.Outbox
                .Where(m => m.Id == id && m.ProcessedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, lockUntil), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var message = await db.Outbox.SingleAsync(m => m.Id == id, cancellationToken);
            try
            {
                await HandleAsync(message, cancellationToken);
                message.Succeeded(clock.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.Failed(clock.GetUtcNow(), ex.Message);
                LogMessageFailed(logger, message.Id, message.Type, ex);
            }

            await db.SaveChangesAsync(cancellationToken);
            handled++;
        }

        return handled;
    }

    private async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        switch (message.Type)
        {
            case NotificationService.EmailType:
                var email = JsonSerializer.Deserialize<EmailPayload>(message.Payload)!;
                await mail.SendAsync(new MailMessageData(email.To, email.Subject, email.Body), cancellationToken);
                break;
            case NotificationService.PushType:
                var push = JsonSerializer.Deserialize<PushPayload>(message.Payload)!;
                await realtime.PublishAsync(push.AccountId, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"No handler for outbox message type {message.Type}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox processing failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Id} ({Type}) failed")]
    private static partial void LogMessageFailed(ILogger logger, long id, string type, Exception exception);
}
