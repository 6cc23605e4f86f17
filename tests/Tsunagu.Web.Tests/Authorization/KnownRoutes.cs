namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Who may use a route.</summary>
public enum Access
{
    /// <summary>Anyone, signed in or not.</summary>
    Anonymous,

    /// <summary>Any signed-in account, partners included (the fallback policy).</summary>
    SignedIn,

    /// <summary>Policy Staff: Staff or SystemAdministrator.</summary>
    Staff,

    /// <summary>Policy OrganizationAdmin: SystemAdministrator or DepartmentAdministrator.</summary>
    OrganizationAdmin,

    /// <summary>Policy SystemAdmin.</summary>
    SystemAdmin,

    /// <summary>Policy DxOffice: DxOffice or SystemAdministrator.</summary>
    DxOffice,

    /// <summary>Blazor's own plumbing (circuits, redirects): only checked to refuse anonymous use.</summary>
    Framework,
}

/// <summary>How a client reaches the route and how a refusal looks.</summary>
public enum Surface
{
    /// <summary>Signed in with the cookie; anonymous is sent to the sign-in page, the wrong role gets the 403 page.</summary>
    Page,

    /// <summary>Bearer token; anonymous gets 401 problem details, the wrong role 403 problem details.</summary>
    Api,

    /// <summary>A JSON endpoint the pages call (passkey ceremonies): signed in with the cookie, but refused like the API.</summary>
    ApiPage,
}

/// <summary>The identifiers a sample request needs (an account in the department administrator's scope, …).</summary>
public sealed record RouteSamples(int StaffInScopeId, int DepartmentInScopeId);

/// <summary>
/// One route of the app as the endpoint data source names it (<see cref="Methods"/> comma-separated, or * for any),
/// a request that exercises it, and who may use it. <see cref="AllowedStatus"/> is what a permitted caller gets for the
/// sample request; <see cref="ShowsData"/> marks routes whose permitted answer contains the data a refusal must not.
/// </summary>
public sealed record KnownRoute(string Methods, string Pattern, Surface Surface, Access Access, string SampleMethod, Func<RouteSamples, string> Sample, int AllowedStatus = 200, bool ShowsData = false)
{
    public string Key => $"{Methods} {Pattern}";

    public override string ToString() => Key;

    /// <summary>Every route of the app but its static files. A new page or endpoint must be added here, with its rights.</summary>
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        .. ScheduleViewRoutes.All,
        .. EventRoutes.All,
        .. AttachmentRoutes.All,
        .. FacilityRoutes.All,
        .. ScheduleApiRoutes.All,
        .. ApprovalPageRoutes.All,
        .. ApprovalInboxRoutes.All,
        .. FormAdminRoutes.All,
        .. ApprovalApiRoutes.All,
        .. BulletinRoutes.All,
        .. CirculationRoutes.All,
        .. ChatRoutes.All,
        .. ChatRealtimeRoutes.All,
        .. MeetingRoutes.All,
        .. MinutesRoutes.All,
        .. WorkRequestRoutes.All,
        .. StaffSurveyRoutes.All,
        .. StrategyRoutes.All,
        .. UsageRoutes.All,

        // Pages.
        new("GET,POST", "/", Surface.Page, Access.SignedIn, "GET", _ => "/"),
        new("GET,POST", "/account/login", Surface.Page, Access.Anonymous, "GET", _ => "/account/login"),
        // Without a pending second factor the MFA step sends the visitor back to the sign-in page.
        new("GET,POST", "/account/login-mfa", Surface.Page, Access.Anonymous, "GET", _ => "/account/login-mfa", AllowedStatus: 302),
        new("GET,POST", "/account/security", Surface.Page, Access.SignedIn, "GET", _ => "/account/security"),
        new("GET,POST", "/account/tokens", Surface.Page, Access.SignedIn, "GET", _ => "/account/tokens"),
        new("GET,POST", "/admin/audit", Surface.Page, Access.SystemAdmin, "GET", _ => "/admin/audit", ShowsData: true),
        new("GET,POST", "/admin/departments", Surface.Page, Access.OrganizationAdmin, "GET", _ => "/admin/departments"),
        // A unit below the department administrator's own 部.
        new("GET,POST", "/admin/departments/{Id:int}", Surface.Page, Access.OrganizationAdmin, "GET", s => $"/admin/departments/{s.DepartmentInScopeId}"),
        new("GET,POST", "/admin/positions", Surface.Page, Access.SystemAdmin, "GET", _ => "/admin/positions"),
        new("GET,POST", "/admin/import", Surface.Page, Access.SystemAdmin, "GET", _ => "/admin/import"),
        // An unknown or expired upload: the preview says so.
        new("GET,POST", "/admin/import/{Id:guid}", Surface.Page, Access.SystemAdmin, "GET", _ => $"/admin/import/{Guid.NewGuid()}"),
        new("GET,POST", "/admin/settings", Surface.Page, Access.SystemAdmin, "GET", _ => "/admin/settings"),
        new("GET,POST", "/admin/staff", Surface.Page, Access.OrganizationAdmin, "GET", _ => "/admin/staff", ShowsData: true),
        new("GET,POST", "/admin/staff/new", Surface.Page, Access.OrganizationAdmin, "GET", _ => "/admin/staff/new"),
        new("GET,POST", "/admin/staff/{Id:int}", Surface.Page, Access.OrganizationAdmin, "GET", s => $"/admin/staff/{s.StaffInScopeId}", ShowsData: true),
        new("GET,POST", "/directory", Surface.Page, Access.Staff, "GET", _ => "/directory", ShowsData: true),
        // Anyone signed in may search; what they find is filtered by what they may open (tested in SearchEndpointTests).
        new("GET,POST", "/search", Surface.Page, Access.SignedIn, "GET", _ => "/search?q=%E8%AA%B2"),
        // Visited directly, the error page answers with the status it shows.
        new("GET,POST", "/error/{Code:int}", Surface.Page, Access.Anonymous, "GET", _ => "/error/404", AllowedStatus: 404),
        new("GET,POST", "/not-found", Surface.Page, Access.Anonymous, "GET", _ => "/not-found"),
        new("GET,POST", "/notifications", Surface.Page, Access.SignedIn, "GET", _ => "/notifications"),
        // Someone else's or a missing notification is simply not found.
        new("GET,POST", "/notifications/{Id:long}", Surface.Page, Access.SignedIn, "GET", _ => "/notifications/987654321", AllowedStatus: 404),
        new("GET,POST", "/notifications/preferences", Surface.Page, Access.SignedIn, "GET", _ => "/notifications/preferences"),

        // Endpoints outside the API.
        new("*", "/healthz", Surface.Page, Access.Anonymous, "GET", _ => "/healthz"),
        new("GET", "/culture", Surface.Page, Access.Anonymous, "GET", _ => "/culture?culture=ja-JP&returnUrl=%2F", AllowedStatus: 302),
        // Sign-out refuses a request without the antiforgery token, signed in or not.
        new("POST", "/account/logout", Surface.Page, Access.Anonymous, "POST", _ => "/account/logout", AllowedStatus: 400),
        // The upload form's target; without the antiforgery token a permitted caller gets 400.
        new("POST", "/admin/import/upload", Surface.Page, Access.SystemAdmin, "POST", _ => "/admin/import/upload", AllowedStatus: 400),
        // The sample requests carry no antiforgery header, so a permitted caller gets 400 problem details.
        new("POST", "/account/passkey/creation-options", Surface.ApiPage, Access.SignedIn, "POST", _ => "/account/passkey/creation-options", AllowedStatus: 400),
        new("POST", "/account/passkey/request-options", Surface.ApiPage, Access.Anonymous, "POST", _ => "/account/passkey/request-options", AllowedStatus: 400),
        new("GET", "/api/reference/{documentName?}", Surface.Page, Access.SignedIn, "GET", _ => "/api/reference/"),
        // The reference's own script and icon are public library files; the page that loads them is not.
        new("GET", "/api/reference/favicon.svg", Surface.ApiPage, Access.Anonymous, "GET", _ => "/api/reference/favicon.svg"),
        new("GET", "/api/reference/scalar.js", Surface.ApiPage, Access.Anonymous, "GET", _ => "/api/reference/scalar.js"),
        new("GET", "/api/reference/scalar.aspnetcore.js", Surface.ApiPage, Access.Anonymous, "GET", _ => "/api/reference/scalar.aspnetcore.js"),
        new("GET", "/openapi/{documentName}.json", Surface.Api, Access.SignedIn, "GET", _ => "/openapi/v1.json"),

        // The API.
        new("GET", "/api/v1/me", Surface.Api, Access.SignedIn, "GET", _ => "/api/v1/me"),
        new("GET", "/api/v1/notifications", Surface.Api, Access.SignedIn, "GET", _ => "/api/v1/notifications"),
        new("POST", "/api/v1/notifications/{id:long}/read", Surface.Api, Access.SignedIn, "POST", _ => "/api/v1/notifications/987654321/read", AllowedStatus: 404),
        new("GET", "/api/v1/departments", Surface.Api, Access.Staff, "GET", _ => "/api/v1/departments"),
        new("GET", "/api/v1/staff", Surface.Api, Access.Staff, "GET", _ => "/api/v1/staff", ShowsData: true),
        new("GET", "/api/v1/tokens", Surface.Api, Access.SignedIn, "GET", _ => "/api/v1/tokens"),
        new("GET", "/api/v1/search", Surface.Api, Access.SignedIn, "GET", _ => "/api/v1/search?q=%E8%AA%B2"),
        new("DELETE", "/api/v1/tokens/{id:int}", Surface.Api, Access.SignedIn, "DELETE", _ => "/api/v1/tokens/987654321", AllowedStatus: 404),

        // Framework plumbing.
        new("GET", "/_framework/opaque-redirect", Surface.Page, Access.Framework, "GET", _ => "/_framework/opaque-redirect"),
        new("*", "/_blazor", Surface.Page, Access.Framework, "GET", _ => "/_blazor"),
        new("*", "/_blazor/negotiate", Surface.Page, Access.Framework, "POST", _ => "/_blazor/negotiate?negotiateVersion=1"),
        new("*", "/_blazor/disconnect/", Surface.Page, Access.Framework, "POST", _ => "/_blazor/disconnect/"),
        new("*", "/_blazor/initializers/", Surface.Page, Access.Framework, "GET", _ => "/_blazor/initializers/"),
        // The static-files fallback for a file that does not exist.
        new("GET,HEAD", "{**path:file}", Surface.Page, Access.Framework, "GET", _ => "/no-such-file.txt"),
    ];
}
