namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of the forms and approval-request API (Features/Api/ApprovalApiEndpoints); part of <see cref="KnownRoute.All"/>.</summary>
public static class ApprovalApiRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET", "/api/v1/forms", Surface.Api, Access.Staff, "GET", _ => "/api/v1/forms"),
        new("GET", "/api/v1/forms/{code}", Surface.Api, Access.Staff, "GET", _ => "/api/v1/forms/no-such-form", AllowedStatus: 404),
        new("GET", "/api/v1/approval-requests", Surface.Api, Access.Staff, "GET", _ => "/api/v1/approval-requests?tab=waiting"),
        // A request the caller may not see is not found, whether it exists or not (Api/ApprovalApiTests).
        new("GET", "/api/v1/approval-requests/{id:int}", Surface.Api, Access.Staff, "GET", _ => "/api/v1/approval-requests/987654321", AllowedStatus: 404),
        // The samples post a multipart form where JSON is expected.
        new("POST", "/api/v1/approval-requests", Surface.Api, Access.Staff, "POST", _ => "/api/v1/approval-requests", AllowedStatus: 415),
        new("POST", "/api/v1/approval-requests/{id:int}/actions", Surface.Api, Access.Staff, "POST", _ => "/api/v1/approval-requests/987654321/actions", AllowedStatus: 415),
    ];
}
