using Tsunagu.Core;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Web.Features.Schedules.Sync;

/// <summary>Runs <see cref="ReminderScheduler"/> every 30 seconds; several instances may run it (each occurrence is reminded once).</summary>
public sealed class ReminderService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReminderService> logger)
    : PeriodicWork(scopes, clock, logger, Interval)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ReminderScheduler>().RunOnceAsync(Clock.GetUtcNow(), cancellationToken);
}
