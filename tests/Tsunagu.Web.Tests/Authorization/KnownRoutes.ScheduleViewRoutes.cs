namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of the my, group week, executives, custom groups pages (Features/Schedules/Views); part of <see cref="KnownRoute.All"/>.</summary>
public static class ScheduleViewRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/schedule", Surface.Page, Access.Staff, "GET", _ => "/schedule"),
        // The rows are colleagues (names and positions) and their entries.
        new("GET,POST", "/schedule/group", Surface.Page, Access.Staff, "GET", _ => "/schedule/group", ShowsData: true),
        new("GET,POST", "/schedule/executives", Surface.Page, Access.Staff, "GET", _ => "/schedule/executives", ShowsData: true),
        new("GET,POST", "/schedule/groups", Surface.Page, Access.Staff, "GET", _ => "/schedule/groups"),
        // Someone else's or a missing group is simply not found.
        new("GET,POST", "/schedule/groups/{Id:int}", Surface.Page, Access.Staff, "GET", _ => "/schedule/groups/987654321", AllowedStatus: 404),
    ];
}
