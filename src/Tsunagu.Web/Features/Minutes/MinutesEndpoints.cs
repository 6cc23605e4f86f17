namespace Tsunagu.Web.Features.Minutes;

public static class MinutesEndpoints
{
    public static IEndpointRouteBuilder MapMinutesEndpoints(this IEndpointRouteBuilder app) => app;
}
