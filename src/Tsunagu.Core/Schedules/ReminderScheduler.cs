using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;

namespace Tsunagu.Core.Schedules;

/// <summary>What one reminder run did: occurrences reminded by this run, and notifications created.</summary>
public sealed record ReminderRun(int Occurrences, int Notifications);

/// <summary>
/// Reminds attendees (all but those who declined) of occurrences whose reminder time has come and which have not
/// started: single events, changed occurrences and the occurrences of series. Each occurrence is reminded exactly once,
/// however many app instances run this: the mark <see cref="EventReminder"/> and the notifications are written in one
/// transaction, and the mark's primary key lets only one instance write it.
/// </summary>
public sealed class ReminderScheduler(AppDbContext db, NotificationService notifications)
{
    /// <summary>The longest reminder: occurrences further ahead are not looked at.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(ScheduleService.ReminderChoices.Max());

    private const int MaxTitleLength = 200;

    public async Task<ReminderRun> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        now = now.ToUniversalTime();
        var due = await DueAsync(now, cancellationToken);
        if (due.Count == 0)
        {
            return new ReminderRun(0, 0);
        }

        var eventIds = due.Select(d => d.Event.Id).Distinct().ToList();
        var sent = new HashSet<(int, DateTimeOffset)>();
        foreach (var chunk in eventIds.Chunk(500))
        {
            var marks = await db.EventReminders.AsNoTracking()
                .Where(r => chunk.Contains(r.EventId) && r.OccurrenceStartsAt > now && r.OccurrenceStartsAt <= now + Horizon)
                .Select(r => new { r.EventId, r.OccurrenceStartsAt })
                .ToListAsync(cancellationToken);
            sent.UnionWith(marks.Select(m => (m.EventId, m.OccurrenceStartsAt)));
        }

        var occurrences = 0;
        var notified = 0;
        foreach (var (e, start, seriesKey) in due.Where(d => !sent.Contains((d.Event.Id, d.Start))))
        {
            var count = await RemindAsync(e, start, seriesKey, now, cancellationToken);
            if (count is { } n)
            {
                occurrences++;
                notified += n;
            }
        }

        return new ReminderRun(occurrences, notified);
    }

    /// <summary>Occurrences with a reminder whose time has come, starting after <paramref name="now"/>.</summary>
    private async Task<List<(ScheduleEvent Event, DateTimeOffset Start, DateTimeOffset? SeriesKey)>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var horizon = now + Horizon;
        var result = new List<(ScheduleEvent, DateTimeOffset, DateTimeOffset?)>();

        // Flags compared with a variable: SQLite matches "IsCancelled" = @p to an index column, not NOT "IsCancelled".
        var cancelled = false;
        var singles = await db.Events.AsNoTracking()
            .Where(e => e.IsCancelled == cancelled && e.Recurrence == null && e.ReminderMinutes != null && e.StartsAt > now && e.StartsAt <= horizon)
            .ToListAsync(cancellationToken);
        result.AddRange(singles.Where(e => IsDue(e, e.StartsAt, now)).Select(e => (e, e.StartsAt, (DateTimeOffset?)null)));

        // Series still running, through the filtered index on SeriesEndsAt (a few rows). The cancelled flag is checked
        // after reading: given "IsCancelled" = @p, SQLite without statistics prefers the (IsCancelled, StartsAt) index
        // and walks every event that ever started (measured: 1 s at five years, docs/benchmarks.md).
        var masters = (await db.Events.AsNoTracking()
            .Where(e => e.Recurrence != null && e.SeriesEndsAt > now && e.ReminderMinutes != null && e.StartsAt <= horizon)
            .ToListAsync(cancellationToken))
            .Where(e => !e.IsCancelled)
            .ToList();
        if (masters.Count > 0)
        {
            var overrides = await new ScheduleReader(db).OverridesAsync(masters.Select(m => m.Id).ToList(), now, horizon, cancellationToken);
            foreach (var master in masters)
            {
                foreach (var (start, _, key) in ScheduleReader.Expand(master, overrides, now, horizon))
                {
                    if (start > now && IsDue(master, start, now))
                    {
                        result.Add((master, start, key));
                    }
                }
            }
        }

        return result;
    }

    private static bool IsDue(ScheduleEvent e, DateTimeOffset start, DateTimeOffset now) =>
        e.ReminderMinutes is { } minutes && start - TimeSpan.FromMinutes(minutes) <= now;

    /// <summary>Marks the occurrence and notifies; null when another instance reminded it first.</summary>
    private async Task<int?> RemindAsync(ScheduleEvent e, DateTimeOffset start, DateTimeOffset? seriesKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recipients = await db.EventAttendees.AsNoTracking()
            .Where(a => a.EventId == e.Id && a.Response != AttendeeResponse.Declined)
            .Select(a => a.AccountId)
            .ToListAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.EventReminders.Add(new EventReminder { EventId = e.Id, OccurrenceStartsAt = start, SentAt = Clock.Truncate(now) });
            // The mark goes first: if another instance holds it, nothing else is written.
            await db.SaveChangesAsync(cancellationToken);
            if (recipients.Count > 0)
            {
                var (title, body, url) = Message(e, start, seriesKey);
                await notifications.NotifyAsync(recipients, NotificationKinds.Reminder, title, body, url, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return recipients.Count;
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsDuplicateKey(ex))
        {
            return null;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>まもなく: 定例会議 10:00〜, with the date, the place and a link to the occurrence.</summary>
    public static (string Title, string Body, string Url) Message(ScheduleEvent e, DateTimeOffset start, DateTimeOffset? seriesKey)
    {
        var local = Clock.ToTokyo(start);
        var prefix = "まもなく: ";
        var culture = CultureInfo.InvariantCulture;
        var suffix = e.IsAllDay ? string.Create(culture, $" {local:M/d} 終日") : string.Create(culture, $" {local:HH:mm}〜");
        var room = MaxTitleLength - prefix.Length - suffix.Length;
        var name = e.Title.Length <= room ? e.Title : e.Title[..(room - 1)] + "…";
        var end = Clock.ToTokyo(start + e.Duration);
        var when = e.IsAllDay
            ? string.Create(culture, $"{local:yyyy/MM/dd} 終日")
            : string.Create(culture, $"{local:yyyy/MM/dd HH:mm}〜{end:HH:mm}");
        var body = string.IsNullOrWhiteSpace(e.Place) ? when : $"{when} {e.Place}";
        var url = seriesKey is { } key
            ? string.Create(CultureInfo.InvariantCulture, $"/schedule/events/{e.Id}?at={OccurrenceKey.ToKey(key)}")
            : string.Create(CultureInfo.InvariantCulture, $"/schedule/events/{e.Id}");
        return (prefix + name + suffix, body, url);
    }
}
