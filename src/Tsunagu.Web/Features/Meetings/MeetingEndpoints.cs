namespace Tsunagu.Web.Features.Meetings;

public static class MeetingEndpoints
{
    public static IEndpointRouteBuilder MapMeetingEndpoints(this IEndpointRouteBuilder app) => app;
}
