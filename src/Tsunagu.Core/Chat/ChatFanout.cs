namespace Tsunagu.Core.Chat;

/// <summary>What a live chat client is told: a message was posted, edited or deleted in a channel it belongs to.</summary>
/// <param name="Kind">"posted", "edited" or "deleted".</param>
/// <param name="Text">The message's plain text ("" when deleted).</param>
public sealed record ChatPush(string Kind, int ChannelId, long MessageId, long? ThreadRootId, int AuthorId, string AuthorName, string Text, DateTimeOffset At)
{
    public const string Posted = "posted";
    public const string Edited = "edited";
    public const string Deleted = "deleted";
}

/// <summary>
/// Delivers chat pushes to the live clients of the given accounts, on every app instance (the host sends them through
/// the SignalR hub, which the Redis backplane fans out). Called after the change is committed.
/// </summary>
public interface IChatFanout
{
    Task PushAsync(IReadOnlyCollection<int> accountIds, ChatPush push, CancellationToken cancellationToken);
}

/// <summary>No live clients (the core without a host: tools and tests).</summary>
public sealed class NullChatFanout : IChatFanout
{
    public Task PushAsync(IReadOnlyCollection<int> accountIds, ChatPush push, CancellationToken cancellationToken) => Task.CompletedTask;
}
