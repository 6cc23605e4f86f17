using Microsoft.Extensions.DependencyInjection;

namespace Tsunagu.Core.Circulation;

public static class CirculationServices
{
    public static IServiceCollection AddCirculation(this IServiceCollection services) => services;
}
