using Tsunagu.Core.Data;

namespace Tsunagu.Core.Audit;

/// <summary>Who is acting: a person, or the system itself (commands, background jobs).</summary>
public sealed record Actor(int? AccountId, string Name, string? Address)
{
    public static Actor System { get; } = new(null, "system", null);
}

/// <summary>
/// Adds audit entries to the caller's unit of work; <see cref="AppDbContext"/> chains them when it saves,
/// so an entry is written in the same transaction as the change it records.
/// </summary>
public sealed class AuditLog(AppDbContext db, TimeProvider clock)
{
    public AuditEntry Record(Actor actor, string action, string target, string details = "")
    {
        // Values can come from requests (a login typed, a path asked for): cut them to the columns, never fail the write.
        var entry = new AuditEntry(
            Clock.Truncate(clock.GetUtcNow()),
            actor.AccountId,
            Cut(actor.Name, 256),
            Cut(action, 100),
            Cut(target, 400),
            details,
            actor.Address is null ? null : Cut(actor.Address, 64));
        db.AuditEntries.Add(entry);
        return entry;
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];

    /// <summary>Records and saves at once, for events that change nothing else (sign-in, denial).</summary>
    public async Task WriteAsync(Actor actor, string action, string target, string details = "", CancellationToken cancellationToken = default)
    {
        Record(actor, action, target, details);
        await db.SaveChangesAsync(cancellationToken);
    }
}
