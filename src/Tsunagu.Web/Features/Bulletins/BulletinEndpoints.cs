namespace Tsunagu.Web.Features.Bulletins;

public static class BulletinEndpoints
{
    public static IEndpointRouteBuilder MapBulletinEndpoints(this IEndpointRouteBuilder app) => app;
}
