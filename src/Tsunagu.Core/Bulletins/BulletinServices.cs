using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Bulletins;

public static class BulletinServices
{
    public static IServiceCollection AddBulletins(this IServiceCollection services)
    {
        services.AddScoped<BulletinReader>();
        services.AddScoped<BulletinService>();
        services.AddSingleton<ISearchSource, BulletinSearchContent>();
        services.AddHostedService<BulletinPublisher>();
        return services;
    }
}
