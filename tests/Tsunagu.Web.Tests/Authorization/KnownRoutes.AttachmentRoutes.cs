namespace Tsunagu.Web.Tests.Authorization;

/// <summary>Routes of 会議資料, the files attached to events (Features/Schedules/Events/AttachmentEndpoints); part of <see cref="KnownRoute.All"/>.</summary>
public static class AttachmentRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        // The event page's upload form posts here; without the antiforgery token a permitted caller gets 400.
        new("POST", "/schedule/events/{id:int}/attachments", Surface.Page, Access.Staff, "POST", _ => "/schedule/events/987654321/attachments", AllowedStatus: 400),
        // A missing file is simply not found; who may see the event's details is tested in EventAttachmentTests.
        new("GET", "/schedule/attachments/{id:int}", Surface.Page, Access.Staff, "GET", _ => "/schedule/attachments/987654321", AllowedStatus: 404),
        new("POST", "/schedule/attachments/{id:int}/delete", Surface.Page, Access.Staff, "POST", _ => "/schedule/attachments/987654321/delete", AllowedStatus: 400),
    ];
}
