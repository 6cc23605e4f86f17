using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tsunagu.Core.Audit;

/// <summary>
/// One append-only audit record. <see cref="Hash"/> = SHA-256(previous hash + canonical form of this entry),
/// so changing, removing or inserting any entry breaks the chain from that entry on.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public AuditEntry(DateTimeOffset occurredAt, int? actorId, string actor, string action, string target, string details, string? address)
    {
        OccurredAt = occurredAt;
        ActorId = actorId;
        Actor = actor;
        Action = action;
        Target = target;
        Details = details;
        Address = address;
    }

    public long Id { get; private set; }

    /// <summary>Position in the chain, 1-based, gap-free.</summary>
    public long Sequence { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public int? ActorId { get; private set; }

    public string Actor { get; private set; } = "";

    /// <summary>Dotted action key, e.g. <c>signin.succeeded</c>, <c>staff.created</c>.</summary>
    public string Action { get; private set; } = "";

    public string Target { get; private set; } = "";

    public string Details { get; private set; } = "";

    public string? Address { get; private set; }

    public string PreviousHash { get; private set; } = "";

    public string Hash { get; private set; } = "";

    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    internal void Chain(long sequence, string previousHash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    public string ComputeHash()
    {
        var canonical = string.Join(
            '\u001f',
            PreviousHash,
            Sequence.ToString(CultureInfo.InvariantCulture),
            OccurredAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            ActorId?.ToString(CultureInfo.InvariantCulture) ?? "",
            Actor,
            Action,
            Target,
            Details,
            Address ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
