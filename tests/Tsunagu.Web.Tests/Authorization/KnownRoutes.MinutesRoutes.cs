namespace Tsunagu.Web.Tests.Authorization;

/// <summary>
/// Routes of Features/Minutes (paper viewer, its content and download, the minutes page); part of
/// <see cref="KnownRoute.All"/>. Who may open one session's papers and minutes (participants only; notes only their
/// author) is tested in Minutes/MinutesPagesTests; here a missing session is simply not found.
/// </summary>
public static class MinutesRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/meetings/{MeetingId:int}/materials/{MaterialId:int}", Surface.Page, Access.Staff, "GET", _ => "/meetings/987654321/materials/1", AllowedStatus: 404),
        new("GET,POST", "/meetings/{MeetingId:int}/minutes", Surface.Page, Access.Staff, "GET", _ => "/meetings/987654321/minutes", AllowedStatus: 404),
        new("GET", "/meetings/{id:int}/materials/{materialId:int}/content", Surface.Page, Access.Staff, "GET", _ => "/meetings/987654321/materials/1/content", AllowedStatus: 404),
    ];
}
