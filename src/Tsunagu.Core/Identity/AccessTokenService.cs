using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Identity;

public sealed record CreatedToken(int Id, string Secret);

public sealed class AccessTokenService(AppDbContext db, TimeProvider clock, AuditLog audit)
{
    public async Task<CreatedToken> CreateAsync(int accountId, string name, DateTimeOffset? expiresAt, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = Clock.Truncate(clock.GetUtcNow());
        if (expiresAt is not null && expiresAt <= now)
        {
            throw new DomainException("token.expiry-past", "有効期限には未来の日時を指定してください。");
        }

        var secret = AccessToken.NewSecret();
        var token = new AccessToken(accountId, name, AccessToken.Hash(secret), secret[^4..], now, expiresAt);
        db.AccessTokens.Add(token);
        audit.Record(actor, "token.created", $"account:{accountId}", token.Name);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedToken(token.Id, secret);
    }

    public async Task RevokeAsync(int tokenId, int ownerId, Actor actor, CancellationToken cancellationToken = default)
    {
        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.AccountId == ownerId, cancellationToken)
            ?? throw new DomainException("token.not-found", "トークンが見つかりません。");
        token.Revoke(Clock.Truncate(clock.GetUtcNow()));
        audit.Record(actor, "token.revoked", $"account:{ownerId}", token.Name);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Returns the active owner of a usable token, or null.</summary>
    public async Task<Account?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(AccessToken.Prefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }

        var hash = AccessToken.Hash(secret);
        var token = await db.AccessTokens.Include(t => t.Account).SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        var now = Clock.Truncate(clock.GetUtcNow());
        if (token is null || !token.IsUsable(now) || token.Account is not { IsActive: true })
        {
            return null;
        }

        // Touch at most once a minute so API traffic does not turn into a write per request.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return token.Account;
    }
}
