namespace Tsunagu.Web.Tests.Authorization;

/// <summary>
/// Routes of Features/Circulation; part of <see cref="KnownRoute.All"/>. Lists show only the viewer's own
/// circulations; to anyone but the sender and the recipients a circulation does not exist (404), tested in
/// Circulation/CirculationPagesTests.
/// </summary>
public static class CirculationRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/circulations", Surface.Page, Access.Staff, "GET", _ => "/circulations"),
        new("GET,POST", "/circulations/new", Surface.Page, Access.Staff, "GET", _ => "/circulations/new"),
        new("GET,POST", "/circulations/{Id:int}", Surface.Page, Access.Staff, "GET", _ => "/circulations/987654321", AllowedStatus: 404),
        // The page's forms post here; without the antiforgery token a permitted caller gets 400.
        new("POST", "/circulations/{id:int}/confirm", Surface.Page, Access.Staff, "POST", _ => "/circulations/987654321/confirm", AllowedStatus: 400),
        new("POST", "/circulations/{id:int}/remind", Surface.Page, Access.Staff, "POST", _ => "/circulations/987654321/remind", AllowedStatus: 400),
        new("POST", "/circulations/{id:int}/cancel", Surface.Page, Access.Staff, "POST", _ => "/circulations/987654321/cancel", AllowedStatus: 400),
        new("GET", "/circulations/attachments/{id:int}", Surface.Page, Access.Staff, "GET", _ => "/circulations/attachments/987654321", AllowedStatus: 404),
    ];
}
