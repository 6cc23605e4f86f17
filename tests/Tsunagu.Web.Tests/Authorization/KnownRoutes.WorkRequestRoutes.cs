namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of Features/Requests; part of <see cref="KnownRoute.All"/>.</summary>
public static class WorkRequestRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
    ];
}
