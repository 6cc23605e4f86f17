namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of Features/Bulletins; part of <see cref="KnownRoute.All"/>.</summary>
public static class BulletinRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
    ];
}
