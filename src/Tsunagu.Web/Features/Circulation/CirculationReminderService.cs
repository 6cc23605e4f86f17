using Tsunagu.Core;
using Tsunagu.Core.Circulation;

namespace Tsunagu.Web.Features.Circulation;

/// <summary>Runs <see cref="CirculationReminderScheduler"/> every 10 minutes; several instances may run it (each recipient is reminded once a day).</summary>
public sealed class CirculationReminderService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CirculationReminderService> logger)
    : PeriodicWork(scopes, clock, logger, Interval)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<CirculationReminderScheduler>().RunOnceAsync(Clock.GetUtcNow(), cancellationToken);
}
