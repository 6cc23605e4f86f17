namespace Tsunagu.Web.Tests.Authorization;

/// <summary>
/// Routes of the request pages of 電子決裁 (Features/Approvals: RequestNew, RequestEdit, RequestDetail, RequestPrint,
/// ApprovalPageEndpoints); part of <see cref="KnownRoute.All"/>. Who may see one request (applicant, route, delegates,
/// administrators) is tested in Approvals/RequestPagesTests; here a missing request or form is simply not found.
/// </summary>
public static class ApprovalPageRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/approvals/new", Surface.Page, Access.Staff, "GET", _ => "/approvals/new"),
        new("GET,POST", "/approvals/new/{Code}", Surface.Page, Access.Staff, "GET", _ => "/approvals/new/no-such-form", AllowedStatus: 404),
        new("GET,POST", "/approvals/{Id:int}", Surface.Page, Access.Staff, "GET", _ => "/approvals/987654321", AllowedStatus: 404),
        new("GET,POST", "/approvals/{Id:int}/edit", Surface.Page, Access.Staff, "GET", _ => "/approvals/987654321/edit", AllowedStatus: 404),
        new("GET,POST", "/approvals/{Id:int}/print", Surface.Page, Access.Staff, "GET", _ => "/approvals/987654321/print", AllowedStatus: 404),
        // The request page's forms post here; without the antiforgery token a permitted caller gets 400.
        new("POST", "/approvals/{id:int}/actions", Surface.Page, Access.Staff, "POST", _ => "/approvals/987654321/actions", AllowedStatus: 400),
        new("POST", "/approvals/{id:int}/reroute", Surface.Page, Access.Staff, "POST", _ => "/approvals/987654321/reroute", AllowedStatus: 400),
        new("POST", "/approvals/{id:int}/delete", Surface.Page, Access.Staff, "POST", _ => "/approvals/987654321/delete", AllowedStatus: 400),
        new("GET", "/approvals/attachments/{id:int}", Surface.Page, Access.Staff, "GET", _ => "/approvals/attachments/987654321", AllowedStatus: 404),
    ];
}
