namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of the facility pages and facility administration (Features/Facilities); part of <see cref="KnownRoute.All"/>.</summary>
public static class FacilityRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/facilities", Surface.Page, Access.Staff, "GET", _ => "/facilities"),
        // A facility that does not exist is simply not found (tests with real facilities: Facilities/FacilityPagesTests).
        new("GET,POST", "/facilities/{Id:int}", Surface.Page, Access.Staff, "GET", _ => "/facilities/987654321", AllowedStatus: 404),
        // Anyone on the staff may open the queue; someone who manages no facility sees an empty page, not others' bookings.
        new("GET,POST", "/facilities/approvals", Surface.Page, Access.Staff, "GET", _ => "/facilities/approvals"),
        new("GET,POST", "/facilities/bookings", Surface.Page, Access.Staff, "GET", _ => "/facilities/bookings"),
        new("GET,POST", "/admin/facilities", Surface.Page, Access.SystemAdmin, "GET", _ => "/admin/facilities"),
        new("GET,POST", "/admin/facilities/new", Surface.Page, Access.SystemAdmin, "GET", _ => "/admin/facilities/new"),
        new("GET,POST", "/admin/facilities/{Id:int}", Surface.Page, Access.SystemAdmin, "GET", _ => "/admin/facilities/987654321", AllowedStatus: 404),
    ];
}
