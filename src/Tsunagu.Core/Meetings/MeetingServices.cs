using Microsoft.Extensions.DependencyInjection;

namespace Tsunagu.Core.Meetings;

public static class MeetingServices
{
    public static IServiceCollection AddMeetings(this IServiceCollection services) => services;
}
