namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of Features/Usage (the DX office's usage report, its downloads and the baseline import); part of <see cref="KnownRoute.All"/>.</summary>
public static class UsageRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/usage", Surface.Page, Access.DxOffice, "GET", _ => "/usage"),
        new("GET,POST", "/usage/import", Surface.Page, Access.DxOffice, "GET", _ => "/usage/import"),
        new("GET", "/usage/export.csv", Surface.Page, Access.DxOffice, "GET", _ => "/usage/export.csv"),
        new("GET", "/usage/export.xlsx", Surface.Page, Access.DxOffice, "GET", _ => "/usage/export.xlsx"),
    ];
}
