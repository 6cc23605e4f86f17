namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of the e-approval inbox, past-request search and export, and delegations (Features/Approvals); part of <see cref="KnownRoute.All"/>.</summary>
public static class ApprovalInboxRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        // Everyone on the staff has an inbox; it shows only their own rows (tested in Approvals/InboxPageTests).
        new("GET,POST", "/approvals", Surface.Page, Access.Staff, "GET", _ => "/approvals"),
        // Past requests: only those the viewer filed or was on the route of (Approvals/SearchPageTests).
        new("GET,POST", "/approvals/search", Surface.Page, Access.Staff, "GET", _ => "/approvals/search"),
        new("GET", "/approvals/export.csv", Surface.Page, Access.Staff, "GET", _ => "/approvals/export.csv?encoding=utf-8"),
        // The staff picker lists colleagues by name (ShowsData): a partner must get none of them.
        new("GET,POST", "/approvals/delegations", Surface.Page, Access.Staff, "GET", _ => "/approvals/delegations?who=%E5%AE%88%E5%B1%8B", ShowsData: true),
    ];
}
