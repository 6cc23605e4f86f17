using Microsoft.Extensions.DependencyInjection;

namespace Tsunagu.Core.Bulletins;

public static class BulletinServices
{
    public static IServiceCollection AddBulletins(this IServiceCollection services) => services;
}
