namespace Tsunagu.Web.Features.Requests;

public static class WorkRequestEndpoints
{
    public static IEndpointRouteBuilder MapWorkRequestEndpoints(this IEndpointRouteBuilder app) => app;
}
