namespace Tsunagu.Core.Requests;

/// <summary>優先度.</summary>
public enum WorkRequestPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
}

/// <summary>
/// What it takes to open a request (依頼) between departments: from the requester (and their department) to a person
/// and/or a department. <see cref="SourceKind"/>/<see cref="SourceKey"/>/<see cref="SourceUrl"/> link it to where it
/// came from, e.g. an action item of minutes ("minutes-action", the item id, "/meetings/12/minutes").
/// </summary>
public sealed record NewWorkRequest
{
    public string Subject { get; init; } = "";

    public string Details { get; init; } = "";

    /// <summary>The person asked, if a person is asked.</summary>
    public int? ToAccountId { get; init; }

    /// <summary>The department asked; when only a person is given, that person's department.</summary>
    public int? ToDepartmentId { get; init; }

    public DateOnly? DueDate { get; init; }

    public WorkRequestPriority Priority { get; init; } = WorkRequestPriority.Normal;

    public IReadOnlyList<int> WatcherIds { get; init; } = [];

    public string? SourceKind { get; init; }

    public string? SourceKey { get; init; }

    public string? SourceUrl { get; init; }

    /// <summary>Files attached when asking (checked before anything is written).</summary>
    public IReadOnlyList<WorkRequestFile> Files { get; init; } = [];
}
