using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tsunagu.Core;

/// <summary>
/// Background work that runs at start and then every <paramref name="interval"/> in a scope of its own. A failed run is
/// logged and the next one tries again; the work itself must be safe when several app instances run it.
/// </summary>
public abstract partial class PeriodicWork(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger, TimeSpan interval) : BackgroundService
{
    protected TimeProvider Clock => clock;

    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, GetType().Name, ex);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "{Work} failed; the next run tries again.")]
    private static partial void LogFailed(ILogger logger, string work, Exception exception);
}
