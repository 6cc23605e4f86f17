using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Schedules;

/// <summary>A feed address just made: the secret is shown once and never stored.</summary>
public sealed record CreatedCalendarFeed(int Id, string Secret);

/// <summary>
/// A person's secret iCalendar address (/calendar/{secret}.ics) for Outlook and phones. Only the SHA-256 of the secret
/// is stored, as for access tokens; a person has at most one working address, and a new one replaces the old.
/// </summary>
public sealed class CalendarFeedService(AppDbContext db, TimeProvider clock, AuditLog audit)
{
    public const string Prefix = "tsc_";

    /// <summary>How far back and ahead a feed reaches.</summary>
    public static readonly TimeSpan PastReach = TimeSpan.FromDays(90);

    public static readonly TimeSpan FutureReach = TimeSpan.FromDays(366);

    /// <summary>Calendar programs poll often; the last read is written at most this often.</summary>
    public static readonly TimeSpan ReadTouchInterval = TimeSpan.FromHours(1);

    public async Task<CreatedCalendarFeed> CreateAsync(int accountId, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = Clock.Truncate(clock.GetUtcNow());
        var revoked = await RevokeActiveAsync(accountId, now, cancellationToken);
        var secret = NewSecret();
        var feed = new CalendarFeed { AccountId = accountId, TokenHash = Hash(secret), CreatedAt = now };
        db.CalendarFeeds.Add(feed);
        audit.Record(actor, "calendar-feed.created", $"account:{accountId}", revoked > 0 ? "replaces the previous address" : "");
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedCalendarFeed(feed.Id, secret);
    }

    /// <summary>Stops the person's feed address from working. False when there was none.</summary>
    public async Task<bool> RevokeAsync(int accountId, Actor actor, CancellationToken cancellationToken = default)
    {
        var revoked = await RevokeActiveAsync(accountId, Clock.Truncate(clock.GetUtcNow()), cancellationToken);
        if (revoked == 0)
        {
            return false;
        }

        audit.Record(actor, "calendar-feed.revoked", $"account:{accountId}");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The person's working feed (its secret is not known any more), or null.</summary>
    public Task<CalendarFeed?> ActiveAsync(int accountId, CancellationToken cancellationToken = default) =>
        db.CalendarFeeds.AsNoTracking().Where(f => f.AccountId == accountId && f.RevokedAt == null)
            .OrderByDescending(f => f.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The owner of a working feed address whose account is active, or null.</summary>
    public async Task<int?> OwnerOfAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var hash = Hash(secret);
        var feed = await db.CalendarFeeds.SingleOrDefaultAsync(f => f.TokenHash == hash && f.RevokedAt == null, cancellationToken);
        if (feed is null || !await db.Users.AnyAsync(a => a.Id == feed.AccountId && a.IsActive, cancellationToken))
        {
            return null;
        }

        var now = Clock.Truncate(clock.GetUtcNow());
        if (feed.LastReadAt is null || now - feed.LastReadAt >= ReadTouchInterval)
        {
            feed.LastReadAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return feed.AccountId;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>256 random bits in URL-safe base64: fits a path segment as it is.</summary>
    public static string NewSecret() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<int> RevokeActiveAsync(int accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var active = await db.CalendarFeeds.Where(f => f.AccountId == accountId && f.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var feed in active)
        {
            feed.RevokedAt = now;
        }

        return active.Count;
    }
}
