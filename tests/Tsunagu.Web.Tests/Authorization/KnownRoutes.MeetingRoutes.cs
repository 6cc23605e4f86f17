namespace Tsunagu.Web.Tests.Authorization;

/// <summary>
/// Routes of Features/Meetings; part of <see cref="KnownRoute.All"/>. Who may see one session (chair, secretary,
/// attendees) is tested in Core Meetings/MeetingServiceTests; here a missing session or body is simply not found.
/// </summary>
public static class MeetingRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/meetings", Surface.Page, Access.Staff, "GET", _ => "/meetings"),
        new("GET,POST", "/meetings/new", Surface.Page, Access.Staff, "GET", _ => "/meetings/new"),
        new("GET,POST", "/meetings/{Id:int}", Surface.Page, Access.Staff, "GET", _ => "/meetings/987654321", AllowedStatus: 404),
        new("GET,POST", "/meetings/bodies", Surface.Page, Access.Staff, "GET", _ => "/meetings/bodies"),
        new("GET,POST", "/meetings/bodies/{Id:int}", Surface.Page, Access.Staff, "GET", _ => "/meetings/bodies/987654321", AllowedStatus: 404),
        // Staff below 課長 see who may create a body instead of the form.
        new("GET,POST", "/meetings/bodies/new", Surface.Page, Access.Staff, "GET", _ => "/meetings/bodies/new"),
        new("GET,POST", "/meetings/bodies/{Id:int}/edit", Surface.Page, Access.Staff, "GET", _ => "/meetings/bodies/987654321/edit", AllowedStatus: 404),
        // The pages' forms post here; without the antiforgery token a permitted caller gets 400.
        new("POST", "/meetings/bodies/{id:int}/generate", Surface.Page, Access.Staff, "POST", _ => "/meetings/bodies/987654321/generate", AllowedStatus: 400),
        new("POST", "/meetings/{id:int}/edit", Surface.Page, Access.Staff, "POST", _ => "/meetings/987654321/edit", AllowedStatus: 400),
        new("POST", "/meetings/{id:int}/cancel", Surface.Page, Access.Staff, "POST", _ => "/meetings/987654321/cancel", AllowedStatus: 400),
        new("POST", "/meetings/{id:int}/agenda", Surface.Page, Access.Staff, "POST", _ => "/meetings/987654321/agenda", AllowedStatus: 400),
        new("POST", "/meetings/{id:int}/agenda/{itemId:int}", Surface.Page, Access.Staff, "POST", _ => "/meetings/987654321/agenda/1", AllowedStatus: 400),
        new("POST", "/meetings/{id:int}/agenda/{itemId:int}/move", Surface.Page, Access.Staff, "POST", _ => "/meetings/987654321/agenda/1/move", AllowedStatus: 400),
        new("POST", "/meetings/{id:int}/agenda/{itemId:int}/delete", Surface.Page, Access.Staff, "POST", _ => "/meetings/987654321/agenda/1/delete", AllowedStatus: 400),
        new("POST", "/meetings/{id:int}/materials", Surface.Page, Access.Staff, "POST", _ => "/meetings/987654321/materials", AllowedStatus: 400),
        new("POST", "/meetings/{id:int}/materials/{materialId:int}/delete", Surface.Page, Access.Staff, "POST", _ => "/meetings/987654321/materials/1/delete", AllowedStatus: 400),
        new("POST", "/meetings/{id:int}/attendance", Surface.Page, Access.Staff, "POST", _ => "/meetings/987654321/attendance", AllowedStatus: 400),
        new("GET", "/meetings/{id:int}/materials/{materialId:int}/download", Surface.Page, Access.Staff, "GET", _ => "/meetings/987654321/materials/1/download", AllowedStatus: 404),
        new("GET", "/api/v1/meetings", Surface.Api, Access.Staff, "GET", _ => "/api/v1/meetings"),
        new("GET", "/api/v1/meetings/{id:int}", Surface.Api, Access.Staff, "GET", _ => "/api/v1/meetings/987654321", AllowedStatus: 404),
    ];
}
