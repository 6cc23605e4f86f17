using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Tsunagu.Core.Chat;
using Tsunagu.Web.Features.Accounts;

namespace Tsunagu.Web.Features.Chat.Realtime;

/// <summary>
/// Sends chat pushes to the accounts' connections through the hub context; with the Redis backplane configured the
/// hub lifetime manager carries them to the connections held by the other app instances.
/// </summary>
internal sealed partial class HubChatFanout(IHubContext<ChatHub> hub, ILogger<HubChatFanout> logger) : IChatFanout
{
    public async Task PushAsync(IReadOnlyCollection<int> accountIds, ChatPush push, CancellationToken cancellationToken)
    {
        if (accountIds.Count == 0)
        {
            return;
        }

        var users = accountIds.Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
        try
        {
            await hub.Clients.Users(users).SendAsync(ChatRealtime.PushMethod, push, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The message is already committed: a lost push must not turn the post into an error. Open pages catch up
            // when they are reloaded or reconnect.
            LogPushFailed(logger, ex, push.ChannelId, push.MessageId, users.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat push for message {MessageId} of channel {ChannelId} to {Accounts} accounts failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, int channelId, long messageId, int accounts);
}

/// <summary>SignalR's user of a connection is the account id, the same claim <see cref="CurrentUser"/> reads.</summary>
internal sealed class AccountUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) =>
        CurrentUser.IdOf(connection.User)?.ToString(CultureInfo.InvariantCulture);
}
