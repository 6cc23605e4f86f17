using Microsoft.Extensions.DependencyInjection;

namespace Tsunagu.Core.Chat;

public static class ChatServices
{
    public static IServiceCollection AddChat(this IServiceCollection services) => services;
}
