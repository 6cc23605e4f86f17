namespace Tsunagu.Core.Audit;

/// <summary>
/// A module whose records carry evidence recorded in the audit chain (approved documents) and that can tell
/// <c>audit-verify</c> whether its tables still match it. Returns one Japanese line per problem, naming the record.
/// </summary>
public interface IEvidenceCheck
{
    string Name { get; }

    Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken = default);
}
