namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of the event form, event detail and free-time pages (Features/Schedules/Events); part of <see cref="KnownRoute.All"/>.</summary>
public static class EventRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/schedule/events/new", Surface.Page, Access.Staff, "GET", _ => "/schedule/events/new"),
        // A missing event is simply not found, for everyone who may use schedules.
        new("GET,POST", "/schedule/events/{Id:int}", Surface.Page, Access.Staff, "GET", _ => "/schedule/events/987654321", AllowedStatus: 404),
        new("GET,POST", "/schedule/events/{Id:int}/edit", Surface.Page, Access.Staff, "GET", _ => "/schedule/events/987654321/edit", AllowedStatus: 404),
        // The picker shows staff (ShowsData): a partner must get none of them.
        new("GET,POST", "/schedule/free-time", Surface.Page, Access.Staff, "GET", _ => "/schedule/free-time?do=find&q=%E5%AE%88%E5%B1%8B", ShowsData: true),
    ];
}
