using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;

namespace Tsunagu.Core.Requests;

/// <summary>What one reminder run did: requests whose target side was reminded by this run.</summary>
public sealed record WorkRequestReminderRun(int Reminded);

/// <summary>
/// The daily 督促 of overdue requests: from <see cref="SendFrom"/> (Tokyo) on a day after the 期限, each request still
/// with the target side gets one reminder that day, to the assignee, else the person asked, else the target
/// department's managers. The mark <see cref="WorkRequestReminder"/> (one per request and day, also written by the
/// requester's 督促) and the notification are saved in one transaction; the mark's key lets only one instance write it.
/// </summary>
public sealed class WorkRequestReminderScheduler(AppDbContext db, NotificationService notifications)
{
    /// <summary>Reminders go out in office hours, not at midnight.</summary>
    public static readonly TimeOnly SendFrom = DailyReminders.SendFrom;

    public async Task<WorkRequestReminderRun> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (DailyReminders.DayToSend(now) is not { } today)
        {
            return new WorkRequestReminderRun(0);
        }

        var open = WorkRequestState.Open;
        var inProgress = WorkRequestState.InProgress;
        var returned = WorkRequestState.Returned;
        var due = await db.Set<WorkRequest>().AsNoTracking()
            .Where(r => (r.State == open || r.State == inProgress || r.State == returned) && r.DueDate != null && r.DueDate < today)
            .Where(r => !db.Set<WorkRequestReminder>().Any(m => m.WorkRequestId == r.Id && m.Day == today))
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var reminded = await DailyReminders.SendAsync(db, due,
            r => new WorkRequestReminder { WorkRequestId = r.Id, Day = today, SentAt = Clock.Truncate(now) },
            async r =>
            {
                var requester = await db.Users.AsNoTracking().Where(a => a.Id == r.RequesterId).Select(a => a.DisplayName).FirstAsync(cancellationToken);
                await notifications.NotifyAsync(await WorkRequestService.ReminderRecipientsAsync(db, r, cancellationToken), NotificationKinds.WorkRequest,
                    $"督促: {r.Subject}", WorkRequestService.ReminderBody(requester, r, today), WorkRequestService.Url(r.Id), cancellationToken);
            },
            cancellationToken);
        return new WorkRequestReminderRun(reminded);
    }
}

/// <summary>Runs <see cref="WorkRequestReminderScheduler"/> every 10 minutes; several instances may run it (each request is reminded once a day).</summary>
public sealed class WorkRequestReminderService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<WorkRequestReminderService> logger)
    : PeriodicWork(scopes, clock, logger, Interval)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<WorkRequestReminderScheduler>().RunOnceAsync(Clock.GetUtcNow(), cancellationToken);
}
