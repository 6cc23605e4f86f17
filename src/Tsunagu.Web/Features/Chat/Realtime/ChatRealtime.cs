using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsunagu.Core.Chat;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Chat.Realtime;

public static class ChatRealtime
{
    public const string HubPath = "/hubs/chat";

    /// <summary>The client method a push arrives as.</summary>
    public const string PushMethod = "chat";

    public static IServiceCollection AddChatRealtime(this IServiceCollection services)
    {
        // The core registers a fanout that reaches nobody; the host has live clients.
        services.RemoveAll<IChatFanout>();
        services.AddSingleton<IChatFanout, HubChatFanout>();
        // Registered before AddSignalR, whose default only fills the gap (TryAdd).
        services.TryAddSingleton<IUserIdProvider, AccountUserIdProvider>();
        return services;
    }

    public static IEndpointRouteBuilder MapChatRealtime(this IEndpointRouteBuilder app)
    {
        app.MapHub<ChatHub>(HubPath).RequireAuthorization(Policies.Staff);
        return app;
    }
}
