using System.Security.Cryptography;
using System.Text;

namespace Tsunagu.Core.Identity;

/// <summary>A personal access token for the API. Only its SHA-256 hash is stored.</summary>
public sealed class AccessToken
{
    public const string Prefix = "tsn_";

    private AccessToken()
    {
    }

    public AccessToken(int accountId, string name, string tokenHash, string hint, DateTimeOffset createdAt, DateTimeOffset? expiresAt)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length is 0 or > 100)
        {
            throw new DomainException("token.invalid-name", "トークン名は1〜100文字で入力してください。");
        }

        AccountId = accountId;
        Name = trimmed;
        TokenHash = tokenHash;
        Hint = hint;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public int Id { get; private set; }

    public int AccountId { get; private set; }

    public Account? Account { get; private set; }

    public string Name { get; private set; } = "";

    public string TokenHash { get; private set; } = "";

    /// <summary>The last characters of the token, so its owner can tell tokens apart.</summary>
    public string Hint { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            throw new DomainException("token.already-revoked", "このトークンはすでに失効しています。");
        }

        RevokedAt = now;
    }

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewSecret() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
