namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of Features/Chat; part of <see cref="KnownRoute.All"/>.</summary>
public static class ChatRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
    ];
}
