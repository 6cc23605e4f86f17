using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Chat;

public static class ChatServices
{
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddScoped<ChatService>();
        services.AddScoped<ChatReader>();
        services.AddSingleton<ISearchSource, ChatSearchContent>();

        // The web host replaces it with the SignalR delivery.
        services.TryAddSingleton<IChatFanout, NullChatFanout>();
        return services;
    }
}
