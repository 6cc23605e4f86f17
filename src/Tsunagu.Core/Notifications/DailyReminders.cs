using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Notifications;

/// <summary>
/// What the daily 督促 jobs share: they send in office hours only, and for each overdue item write the day's mark
/// first (its unique key lets one app instance, or the person's own 督促 that day, win) and then the notification,
/// in one transaction.
/// </summary>
public static class DailyReminders
{
    /// <summary>Reminders go out in office hours, not at midnight.</summary>
    public static readonly TimeOnly SendFrom = new(9, 0);

    /// <summary>The Tokyo date to remind for, or null before <see cref="SendFrom"/>.</summary>
    public static DateOnly? DayToSend(DateTimeOffset now)
    {
        var local = Clock.TokyoLocal(now);
        return TimeOnly.FromDateTime(local) < SendFrom ? null : DateOnly.FromDateTime(local);
    }

    /// <summary>Marks and notifies each item in a transaction of its own; returns how many this run reminded.</summary>
    public static async Task<int> SendAsync<T>(AppDbContext db, IEnumerable<T> due, Func<T, object> mark, Func<T, Task> notify, CancellationToken cancellationToken)
    {
        var reminded = 0;
        foreach (var item in due)
        {
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.Add(mark(item));
                // The mark goes first: if another instance holds it, nothing else is written.
                await db.SaveChangesAsync(cancellationToken);
                await notify(item);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                reminded++;
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsDuplicateKey(ex))
            {
                // Another instance, or the sender's own 督促, reminded this one today.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return reminded;
    }
}
