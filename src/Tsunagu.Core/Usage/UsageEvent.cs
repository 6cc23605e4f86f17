namespace Tsunagu.Core.Usage;

/// <summary>One use of a feature: who, which feature, which action, when.</summary>
public sealed class UsageEvent
{
    private UsageEvent()
    {
    }

    public UsageEvent(int? accountId, string feature, string action, DateTimeOffset occurredAt, string? source = null)
    {
        AccountId = accountId;
        Feature = feature;
        Action = action;
        OccurredAt = occurredAt;
        Source = source;
    }

    public long Id { get; private set; }

    public int? AccountId { get; private set; }

    public string Feature { get; private set; } = "";

    public string Action { get; private set; } = "";

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>Null for Tsunagu's own events; the legacy system's name for imported baselines.</summary>
    public string? Source { get; private set; }
}
