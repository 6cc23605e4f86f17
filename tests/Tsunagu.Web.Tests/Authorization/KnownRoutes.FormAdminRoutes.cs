namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of the form designer (Features/FormAdmin); part of <see cref="KnownRoute.All"/>.</summary>
public static class FormAdminRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        // The list also takes the JSON import (a form post with a file) at the same address.
        new("GET,POST", "/admin/forms", Surface.Page, Access.OrganizationAdmin, "GET", _ => "/admin/forms"),
        new("GET,POST", "/admin/forms/new", Surface.Page, Access.OrganizationAdmin, "GET", _ => "/admin/forms/new"),
        // A form that does not exist is simply not found (tests with real forms: FormAdmin/FormAdminPagesTests).
        new("GET,POST", "/admin/forms/{Code}", Surface.Page, Access.OrganizationAdmin, "GET", _ => "/admin/forms/no-such-form", AllowedStatus: 404),
        new("GET", "/admin/forms/{code}/export.json", Surface.Page, Access.OrganizationAdmin, "GET", _ => "/admin/forms/no-such-form/export.json", AllowedStatus: 404),
    ];
}
