using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Circulation;

public static class CirculationServices
{
    public static IServiceCollection AddCirculation(this IServiceCollection services)
    {
        services.AddScoped<RecipientResolver>();
        services.AddScoped<CirculationService>();
        services.AddScoped<CirculationReader>();
        services.AddScoped<CirculationReminderScheduler>();
        services.AddSingleton<ISearchSource, CirculationSearchContent>();
        return services;
    }
}
