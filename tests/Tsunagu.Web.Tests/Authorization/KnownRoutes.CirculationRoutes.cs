namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of Features/Circulation; part of <see cref="KnownRoute.All"/>.</summary>
public static class CirculationRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
    ];
}
