namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of Features/Chat/Realtime (the chat hub); part of <see cref="KnownRoute.All"/>.</summary>
public static class ChatRealtimeRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
    ];
}
