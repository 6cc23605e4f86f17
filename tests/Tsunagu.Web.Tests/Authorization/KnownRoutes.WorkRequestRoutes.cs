namespace Tsunagu.Web.Tests.Authorization;

/// <summary>
/// Routes of Features/Requests; part of <see cref="KnownRoute.All"/>. Lists and boards show only what the viewer may
/// see; a request the viewer may not see is 403 on the pages (404 when there is none) and 404 in the API, tested in
/// Requests/WorkRequestPagesTests.
/// </summary>
public static class WorkRequestRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/requests", Surface.Page, Access.Staff, "GET", _ => "/requests"),
        new("GET,POST", "/requests/board", Surface.Page, Access.Staff, "GET", _ => "/requests/board"),
        new("GET,POST", "/requests/new", Surface.Page, Access.Staff, "GET", _ => "/requests/new"),
        new("GET,POST", "/requests/{Id:int}", Surface.Page, Access.Staff, "GET", _ => "/requests/987654321", AllowedStatus: 404),
        // The page's forms post here; without the antiforgery token a permitted caller gets 400.
        new("POST", "/requests/{id:int}/act", Surface.Page, Access.Staff, "POST", _ => "/requests/987654321/act", AllowedStatus: 400),
        new("POST", "/requests/{id:int}/comment", Surface.Page, Access.Staff, "POST", _ => "/requests/987654321/comment", AllowedStatus: 400),
        new("POST", "/requests/{id:int}/assign", Surface.Page, Access.Staff, "POST", _ => "/requests/987654321/assign", AllowedStatus: 400),
        new("POST", "/requests/{id:int}/watchers", Surface.Page, Access.Staff, "POST", _ => "/requests/987654321/watchers", AllowedStatus: 400),
        new("POST", "/requests/{id:int}/remind", Surface.Page, Access.Staff, "POST", _ => "/requests/987654321/remind", AllowedStatus: 400),
        new("GET", "/requests/attachments/{id:int}", Surface.Page, Access.Staff, "GET", _ => "/requests/attachments/987654321", AllowedStatus: 404),
        new("GET", "/api/v1/requests", Surface.Api, Access.Staff, "GET", _ => "/api/v1/requests"),
        new("GET", "/api/v1/requests/{id:int}", Surface.Api, Access.Staff, "GET", _ => "/api/v1/requests/987654321", AllowedStatus: 404),
        new("POST", "/api/v1/requests", Surface.Api, Access.Staff, "POST", _ => "/api/v1/requests", AllowedStatus: 415),
        new("POST", "/api/v1/requests/{id:int}/actions", Surface.Api, Access.Staff, "POST", _ => "/api/v1/requests/987654321/actions", AllowedStatus: 415),
        new("POST", "/api/v1/requests/{id:int}/comments", Surface.Api, Access.Staff, "POST", _ => "/api/v1/requests/987654321/comments", AllowedStatus: 415),
    ];
}
