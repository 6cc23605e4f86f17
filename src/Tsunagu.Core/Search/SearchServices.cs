using Microsoft.Extensions.DependencyInjection;

namespace Tsunagu.Core.Search;

public static class SearchServices
{
    public static IServiceCollection AddTsunaguSearch(this IServiceCollection services)
    {
        services.AddScoped<SearchIndex>();
        services.AddScoped<SearchRebuilder>();
        services.AddSingleton<ISearchSource, FoundationSearchContent>();
        return services;
    }
}
