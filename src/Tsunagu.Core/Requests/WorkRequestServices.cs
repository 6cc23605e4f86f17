using Microsoft.Extensions.DependencyInjection;

namespace Tsunagu.Core.Requests;

public static class WorkRequestServices
{
    public static IServiceCollection AddWorkRequests(this IServiceCollection services) => services;
}
