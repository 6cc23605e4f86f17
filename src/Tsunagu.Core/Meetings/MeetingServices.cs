using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Meetings;

public static class MeetingServices
{
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddScoped<MeetingService>();
        services.AddScoped<MeetingReader>();
        services.AddSingleton<ISearchSource, MeetingSearchContent>();
        return services;
    }
}
