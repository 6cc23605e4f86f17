using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Web.Features.Schedules.Views;

public static class Invitations
{
    /// <summary>Invitations from others the person has not answered, for events (or series) not yet over.</summary>
    public static Task<int> PendingCountAsync(AppDbContext db, int accountId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        db.EventAttendees.AsNoTracking()
            .CountAsync(a => a.AccountId == accountId && a.Response == AttendeeResponse.Pending && !a.IsCancelled && a.EndsAt > now
                && a.Event!.OrganizerId != accountId, cancellationToken);
}
