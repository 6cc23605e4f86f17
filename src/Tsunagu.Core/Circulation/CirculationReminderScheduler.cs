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
    public static readonly TimeOnly SendFrom = new(9, 0);

    public async Task<CirculationReminderRun> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var local = Clock.TokyoLocal(now);
        if (TimeOnly.FromDateTime(local) < SendFrom)
        {
            return new CirculationReminderRun(0);
        }

        var today = DateOnly.FromDateTime(local);
        var inProgress = CircularState.InProgress;
        var due = await db.Set<CircularRecipient>().AsNoTracking()
            .Where(r => r.Circular!.State == inProgress && r.Circular.DueDate < today && r.ArrivedAt != null && r.ConfirmedAt == null)
            .Where(r => !db.Set<CircularReminder>().Any(m => m.RecipientId == r.Id && m.Day == today))
            .Select(r => new { r.Id, r.AccountId, r.CircularId, r.Circular!.Title, r.Circular.DueDate, Sender = r.Circular.Sender!.DisplayName })
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var reminded = 0;
        foreach (var r in due)
        {
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.Add(new CircularReminder { RecipientId = r.Id, Day = today, SentAt = Clock.Truncate(now) });
                // The mark goes first: if another instance holds it, nothing else is written.
                await db.SaveChangesAsync(cancellationToken);
                await notifications.NotifyAsync([r.AccountId], NotificationKinds.Circulation, $"督促: {r.Title}",
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.Sender}さんからの回覧の期限({r.DueDate:yyyy/MM/dd})が過ぎています。確認をお願いします。"),
                    CirculationService.Url(r.CircularId), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                reminded++;
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsDuplicateKey(ex))
            {
                // Another instance (or the sender's 督促) reminded this recipient today.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return new CirculationReminderRun(reminded);
    }
}
