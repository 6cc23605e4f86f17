namespace Tsunagu.Web.Features.Circulation;

public static class CirculationEndpoints
{
    public static IEndpointRouteBuilder MapCirculationEndpoints(this IEndpointRouteBuilder app) => app;
}
