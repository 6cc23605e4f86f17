using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;

namespace Tsunagu.Core.Circulation;

/// <summary>What one reminder run did: recipients reminded by this run.</summary>
public sealed record CirculationReminderRun(int Reminded);

/// <summary>
/// The daily 督促 of overdue circulations: from <see cref="SendFrom"/> (Tokyo) on a day after the 期限, each recipient
/// whose turn has come and who has not confirmed gets one reminder that day. The mark <see cref="CircularReminder"/>
/// (one per recipient and day, also written by the sender's 督促) and the notification are saved in one transaction,
/// and the mark's key lets only one app instance write it.
/// </summary>
public sealed class CirculationReminderScheduler(AppDbContext db, NotificationService notifications)
{
    /// <summary>Reminders go out in office hours, not at midnight.</summary>
    public static readonly TimeOnly SendFrom = DailyReminders.SendFrom;

    public async Task<CirculationReminderRun> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (DailyReminders.DayToSend(now) is not { } today)
        {
            return new CirculationReminderRun(0);
        }

        var inProgress = CircularState.InProgress;
        var due = await db.Set<CircularRecipient>().AsNoTracking()
            .Where(r => r.Circular!.State == inProgress && r.Circular.DueDate < today && r.ArrivedAt != null && r.ConfirmedAt == null)
            .Where(r => !db.Set<CircularReminder>().Any(m => m.RecipientId == r.Id && m.Day == today))
            .Select(r => new { r.Id, r.AccountId, r.CircularId, r.Circular!.Title, r.Circular.DueDate, Sender = r.Circular.Sender!.DisplayName })
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var reminded = await DailyReminders.SendAsync(db, due,
            r => new CircularReminder { RecipientId = r.Id, Day = today, SentAt = Clock.Truncate(now) },
            r => notifications.NotifyAsync([r.AccountId], NotificationKinds.Circulation, $"督促: {r.Title}",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.Sender}さんからの回覧の期限({r.DueDate:yyyy/MM/dd})が過ぎています。確認をお願いします。"),
                CirculationService.Url(r.CircularId), cancellationToken),
            cancellationToken);
        return new CirculationReminderRun(reminded);
    }
}
