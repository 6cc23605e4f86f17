namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of Features/Meetings; part of <see cref="KnownRoute.All"/>.</summary>
public static class MeetingRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
    ];
}
