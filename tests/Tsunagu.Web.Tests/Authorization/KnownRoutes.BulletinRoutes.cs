namespace Tsunagu.Web.Tests.Authorization;

/// <summary>
/// Routes of Features/Bulletins; part of <see cref="KnownRoute.All"/>. Who may see one post (its audience, author,
/// administrators) is tested in Bulletins/BulletinPagesTests; here a missing post is simply not found.
/// </summary>
public static class BulletinRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/bulletins", Surface.Page, Access.Staff, "GET", _ => "/bulletins"),
        new("GET,POST", "/bulletins/new", Surface.Page, Access.Staff, "GET", _ => "/bulletins/new"),
        new("GET,POST", "/bulletins/{Id:int}", Surface.Page, Access.Staff, "GET", _ => "/bulletins/987654321", AllowedStatus: 404),
        new("GET,POST", "/bulletins/{Id:int}/edit", Surface.Page, Access.Staff, "GET", _ => "/bulletins/987654321/edit", AllowedStatus: 404),
        // The post page's forms post here; without the antiforgery token a permitted caller gets 400.
        new("POST", "/bulletins/{id:int}/confirm", Surface.Page, Access.Staff, "POST", _ => "/bulletins/987654321/confirm", AllowedStatus: 400),
        new("POST", "/bulletins/{id:int}/comments", Surface.Page, Access.Staff, "POST", _ => "/bulletins/987654321/comments", AllowedStatus: 400),
        new("POST", "/bulletins/{id:int}/delete", Surface.Page, Access.Staff, "POST", _ => "/bulletins/987654321/delete", AllowedStatus: 400),
        new("GET", "/bulletins/attachments/{id:int}", Surface.Page, Access.Staff, "GET", _ => "/bulletins/attachments/987654321", AllowedStatus: 404),
        new("GET", "/api/v1/bulletins", Surface.Api, Access.Staff, "GET", _ => "/api/v1/bulletins"),
        new("GET", "/api/v1/bulletins/{id:int}", Surface.Api, Access.Staff, "GET", _ => "/api/v1/bulletins/987654321", AllowedStatus: 404),
        // The samples post a multipart form where JSON is expected.
        new("POST", "/api/v1/bulletins", Surface.Api, Access.Staff, "POST", _ => "/api/v1/bulletins", AllowedStatus: 415),
        new("POST", "/api/v1/bulletins/{id:int}/confirm", Surface.Api, Access.Staff, "POST", _ => "/api/v1/bulletins/987654321/confirm", AllowedStatus: 404),
    ];
}
