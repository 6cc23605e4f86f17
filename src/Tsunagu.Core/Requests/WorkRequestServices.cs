using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Requests;

public static class WorkRequestServices
{
    public static IServiceCollection AddWorkRequests(this IServiceCollection services)
    {
        services.AddScoped<WorkRequestService>();
        services.AddScoped<WorkRequestReader>();
        services.AddScoped<WorkRequestReminderScheduler>();
        services.AddSingleton<ISearchSource, WorkRequestSearchContent>();
        services.AddHostedService<WorkRequestReminderService>();
        return services;
    }
}
