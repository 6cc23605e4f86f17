namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of Features/Minutes; part of <see cref="KnownRoute.All"/>.</summary>
public static class MinutesRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
    ];
}
