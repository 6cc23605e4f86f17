namespace Tsunagu.Web.Tests.Authorization;

/// <summary>
/// Routes of Features/StaffSurveys; part of <see cref="KnownRoute.All"/>. Staff open the surveys of their own unit (a
/// survey not addressed to it is not found, tested in StaffSurveys/StaffSurveyPagesTests); creating, results and the
/// CSV export are the DX office's.
/// </summary>
public static class StaffSurveyRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/surveys", Surface.Page, Access.Staff, "GET", _ => "/surveys"),
        new("GET,POST", "/surveys/{Id:int}", Surface.Page, Access.Staff, "GET", _ => "/surveys/987654321", AllowedStatus: 404),
        new("GET,POST", "/surveys/{Id:int}/answers/{AnswerId:int}", Surface.Page, Access.Staff, "GET", _ => "/surveys/987654321/answers/1", AllowedStatus: 404),
        new("GET,POST", "/surveys/manage", Surface.Page, Access.DxOffice, "GET", _ => "/surveys/manage"),
        new("GET,POST", "/surveys/new", Surface.Page, Access.DxOffice, "GET", _ => "/surveys/new"),
        new("GET,POST", "/surveys/{Id:int}/results", Surface.Page, Access.DxOffice, "GET", _ => "/surveys/987654321/results", AllowedStatus: 404),
        new("GET", "/surveys/{id:int}/answers.csv", Surface.Page, Access.DxOffice, "GET", _ => "/surveys/987654321/answers.csv", AllowedStatus: 404),
    ];
}
