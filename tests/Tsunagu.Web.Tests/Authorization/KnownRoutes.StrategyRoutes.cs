namespace Tsunagu.Web.Tests.Authorization;

/// <summary>
/// Routes of Features/Strategy; part of <see cref="KnownRoute.All"/>. All staff read the maturity levels and the
/// roadmap; the DX office records assessments. Who edits the roadmap is a setting (Core Strategy tests); staff it does
/// not name see who may edit instead of the form (a post is refused with 403).
/// </summary>
public static class StrategyRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/strategy/maturity", Surface.Page, Access.Staff, "GET", _ => "/strategy/maturity"),
        new("GET,POST", "/strategy/maturity/new", Surface.Page, Access.DxOffice, "GET", _ => "/strategy/maturity/new"),
        new("GET,POST", "/strategy/roadmap", Surface.Page, Access.Staff, "GET", _ => "/strategy/roadmap"),
        new("GET,POST", "/strategy/roadmap/cells/{MeasureId:int}/{PeriodKey}", Surface.Page, Access.Staff, "GET", _ => "/strategy/roadmap/cells/987654321/2025-1", AllowedStatus: 404),
        new("GET,POST", "/strategy/roadmap/measures", Surface.Page, Access.Staff, "GET", _ => "/strategy/roadmap/measures"),
        new("GET,POST", "/strategy/roadmap/editors", Surface.Page, Access.SystemAdmin, "GET", _ => "/strategy/roadmap/editors"),
    ];
}
