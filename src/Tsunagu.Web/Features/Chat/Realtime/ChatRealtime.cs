namespace Tsunagu.Web.Features.Chat.Realtime;

public static class ChatRealtime
{
    public static IServiceCollection AddChatRealtime(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapChatRealtime(this IEndpointRouteBuilder app) => app;
}
