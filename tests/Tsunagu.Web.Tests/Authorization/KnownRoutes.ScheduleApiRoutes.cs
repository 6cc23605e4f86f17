using Tsunagu.Core.Data.Demo;

namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of the schedule and facility API, iCalendar feed, import and export (Features/Schedules/Sync, Features/Api); part of <see cref="KnownRoute.All"/>.</summary>
public static class ScheduleApiRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        // The sync page: feed address, export, import.
        new("GET,POST", "/schedule/sync", Surface.Page, Access.Staff, "GET", _ => "/schedule/sync"),
        new("GET", "/schedule/sync/export", Surface.Page, Access.Staff, "GET", _ => "/schedule/sync/export"),
        // The feed: the secret in the address is the credential; an unknown or revoked secret is simply not found.
        new("GET", "/calendar/{token}.ics", Surface.Page, Access.Anonymous, "GET", _ => "/calendar/tsc_no-such-feed.ics", AllowedStatus: 404),

        // The schedule API.
        new("GET", "/api/v1/schedule/events", Surface.Api, Access.Staff, "GET", _ => "/api/v1/schedule/events"),
        new("GET", "/api/v1/schedule/events/{id:int}", Surface.Api, Access.Staff, "GET", _ => "/api/v1/schedule/events/987654321", AllowedStatus: 404),
        // The sample posts a multipart form where JSON is expected.
        new("POST", "/api/v1/schedule/events", Surface.Api, Access.Staff, "POST", _ => "/api/v1/schedule/events", AllowedStatus: 415),
        new("PUT", "/api/v1/schedule/events/{id:int}", Surface.Api, Access.Staff, "PUT", _ => "/api/v1/schedule/events/987654321", AllowedStatus: 404),
        new("DELETE", "/api/v1/schedule/events/{id:int}", Surface.Api, Access.Staff, "DELETE", _ => "/api/v1/schedule/events/987654321", AllowedStatus: 404),
        new("POST", "/api/v1/schedule/events/{id:int}/response", Surface.Api, Access.Staff, "POST", _ => "/api/v1/schedule/events/987654321/response", AllowedStatus: 415),
        new("GET", "/api/v1/schedule/free-slots", Surface.Api, Access.Staff, "GET", _ => $"/api/v1/schedule/free-slots?attendees={DemoCityData.DemoStaffLogin}&minutes=60"),

        // The facility API.
        new("GET", "/api/v1/facilities", Surface.Api, Access.Staff, "GET", _ => "/api/v1/facilities"),
        new("GET", "/api/v1/facility-bookings", Surface.Api, Access.Staff, "GET", _ => "/api/v1/facility-bookings"),
        new("GET", "/api/v1/facility-bookings/{id:int}", Surface.Api, Access.Staff, "GET", _ => "/api/v1/facility-bookings/987654321", AllowedStatus: 404),
        new("POST", "/api/v1/facility-bookings", Surface.Api, Access.Staff, "POST", _ => "/api/v1/facility-bookings", AllowedStatus: 415),
    ];
}
