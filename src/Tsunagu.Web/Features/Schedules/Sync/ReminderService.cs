using Tsunagu.Core.Schedules;

namespace Tsunagu.Web.Features.Schedules.Sync;

/// <summary>Runs <see cref="ReminderScheduler"/> every 30 seconds; several instances may run it (each occurrence is reminded once).</summary>
public sealed partial class ReminderService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReminderService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReminderScheduler>().RunOnceAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending schedule reminders failed; the next run tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
