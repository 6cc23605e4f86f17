using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Notifications;

public sealed record EmailPayload(string To, string Subject, string Body);

public sealed record PushPayload(int AccountId, string Title, string? Url);

/// <summary>
/// Creates notifications as part of the caller's unit of work: the notification rows and the outbox messages
/// (push to the live badge, e-mail) are saved in the caller's transaction, then sent by <see cref="OutboxProcessor"/>.
/// </summary>
public sealed class NotificationService(AppDbContext db, TimeProvider clock)
{
    public const string PushType = "notification.push";
    public const string EmailType = "email";

    public async Task NotifyAsync(IReadOnlyCollection<int> recipientIds, string kind, string title, string body, string? url, CancellationToken cancellationToken = default)
    {
        var definition = NotificationKinds.Find(kind) ?? throw new ArgumentException($"Unknown notification kind {kind}", nameof(kind));
        var ids = recipientIds.Distinct().ToList();
        var preferences = await db.NotificationPreferences.AsNoTracking()
            .Where(p => p.Kind == kind && ids.Contains(p.AccountId))
            .ToDictionaryAsync(p => p.AccountId, cancellationToken);
        var recipients = await db.Users.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.IsActive)
            .Select(a => new { a.Id, a.Email })
            .ToListAsync(cancellationToken);
        var now = Clock.Truncate(clock.GetUtcNow());
        title = Notification.Shorten(title, Notification.TitleLength);
        body = Notification.Shorten(body, Notification.BodyLength);
        foreach (var recipient in recipients)
        {
            var inApp = preferences.TryGetValue(recipient.Id, out var p) ? p.InApp : true;
            var email = p?.Email ?? definition.EmailByDefault;
            if (inApp)
            {
                var notification = new Notification(recipient.Id, kind, title, body, url, now);
                db.Notifications.Add(notification);
                db.Outbox.Add(new OutboxMessage(PushType, JsonSerializer.Serialize(new PushPayload(recipient.Id, title, url)), now));
            }

            if (email && !string.IsNullOrWhiteSpace(recipient.Email))
            {
                var text = url is null ? body : $"{body}\n\n{url}";
                db.Outbox.Add(new OutboxMessage(EmailType, JsonSerializer.Serialize(new EmailPayload(recipient.Email, title, text)), now));
            }
        }
    }

    public Task<int> UnreadCountAsync(int accountId, CancellationToken cancellationToken = default) =>
        db.Notifications.CountAsync(n => n.RecipientId == accountId && n.ReadAt == null, cancellationToken);
}
