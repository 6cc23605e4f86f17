using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Chat.Realtime;

/// <summary>
/// Live chat for staff: the server pushes "chat" (a <see cref="Core.Chat.ChatPush"/>) to the connections of the
/// accounts a channel's message concerns. Clients call nothing; posting goes through the pages and the API, where the
/// membership rules live, so the hub has no second way in to guard.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ChatHub : Hub
{
    /// <summary>Sent once on connecting: the caller's account id, so a page can tell its own messages from others'.</summary>
    public const string MeMethod = "me";

    public override async Task OnConnectedAsync()
    {
        await Clients.Caller.SendAsync(MeMethod, Context.UserIdentifier);
        await base.OnConnectedAsync();
    }
}
