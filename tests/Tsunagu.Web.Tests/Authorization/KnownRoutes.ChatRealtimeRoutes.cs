namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of Features/Chat/Realtime (the chat hub); part of <see cref="KnownRoute.All"/>.</summary>
public static class ChatRealtimeRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        // SignalR maps both for any method. Refused like the API (401/403 problem details), whether the caller holds
        // the cookie of the pages or a bearer token (Realtime/ChatHubTests).
        new("*", "/hubs/chat/negotiate", Surface.Api, Access.Staff, "POST", _ => "/hubs/chat/negotiate?negotiateVersion=1"),
        // Without a negotiated connection id the transport endpoint answers 400 to those let in.
        new("*", "/hubs/chat", Surface.Api, Access.Staff, "GET", _ => "/hubs/chat", AllowedStatus: 400),
    ];
}
