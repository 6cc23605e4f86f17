using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Meetings;

public static class MinutesServices
{
    public static IServiceCollection AddMinutes(this IServiceCollection services)
    {
        services.AddScoped<MinutesService>();
        services.AddScoped<MaterialNoteService>();
        services.AddSingleton<ISearchSource, MinutesSearchContent>();
        return services;
    }
}
