namespace Tsunagu.Core.Requests;

/// <summary>Opens and moves requests between departments (placeholder until the feature is built).</summary>
public sealed class WorkRequestService
{
    /// <summary>Opens a request from <paramref name="requesterId"/> and returns its id.</summary>
    public Task<int> CreateAsync(int requesterId, NewWorkRequest input, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("依頼の機能はまだありません。");
}
