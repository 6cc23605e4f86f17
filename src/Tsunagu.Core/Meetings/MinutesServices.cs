using Microsoft.Extensions.DependencyInjection;

namespace Tsunagu.Core.Meetings;

public static class MinutesServices
{
    public static IServiceCollection AddMinutes(this IServiceCollection services) => services;
}
