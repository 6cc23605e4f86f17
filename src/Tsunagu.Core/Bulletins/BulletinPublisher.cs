using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tsunagu.Core.Bulletins;

/// <summary>
/// Once a minute: posts whose publish window has opened become findable by their audience (and a required-reading
/// notice notifies it); posts whose window has closed are found by the author and administrators only.
/// </summary>
public sealed class BulletinPublisher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BulletinPublisher> logger)
    : PeriodicWork(scopes, clock, logger, TimeSpan.FromMinutes(1))
{
    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<BulletinService>().PublishDueAsync(cancellationToken);
}
