namespace Tsunagu.Web.Tests.Authorization;

/// <summary>
/// Routes of Features/Chat (pages, their form posts, the message fragment, attachments and /api/v1/chat); part of
/// <see cref="KnownRoute.All"/>. A channel the caller may not read is not found, whether it exists or not: who reads
/// what is tested in Chat/ChatVisibilityTests and Api/ChatApiTests; here the samples name a channel that does not exist.
/// </summary>
public static class ChatRoutes
{
    public static IReadOnlyList<KnownRoute> All { get; } =
    [
        new("GET,POST", "/chat", Surface.Page, Access.Staff, "GET", _ => "/chat"),
        new("GET,POST", "/chat/{ChannelId:int}", Surface.Page, Access.Staff, "GET", _ => "/chat/987654321", AllowedStatus: 404),
        new("GET,POST", "/chat/{ChannelId:int}/thread/{RootId:long}", Surface.Page, Access.Staff, "GET", _ => "/chat/987654321/thread/1", AllowedStatus: 404),
        new("GET,POST", "/chat/{ChannelId:int}/messages/{MessageId:long}/history", Surface.Page, Access.Staff, "GET", _ => "/chat/987654321/messages/1/history", AllowedStatus: 404),
        new("GET", "/chat/{channelId:int}/messages/{messageId:long}", Surface.Page, Access.Staff, "GET", _ => "/chat/987654321/messages/1", AllowedStatus: 404),
        new("GET", "/chat/attachments/{id:int}", Surface.Page, Access.Staff, "GET", _ => "/chat/attachments/987654321", AllowedStatus: 404),

        // The pages' forms post here; without the antiforgery token a permitted caller gets 400.
        new("POST", "/chat/channels", Surface.Page, Access.Staff, "POST", _ => "/chat/channels", AllowedStatus: 400),
        new("POST", "/chat/direct", Surface.Page, Access.Staff, "POST", _ => "/chat/direct", AllowedStatus: 400),
        new("POST", "/chat/{channelId:int}/messages", Surface.Page, Access.Staff, "POST", _ => "/chat/987654321/messages", AllowedStatus: 400),
        new("POST", "/chat/{channelId:int}/messages/{messageId:long}/edit", Surface.Page, Access.Staff, "POST", _ => "/chat/987654321/messages/1/edit", AllowedStatus: 400),
        new("POST", "/chat/{channelId:int}/messages/{messageId:long}/delete", Surface.Page, Access.Staff, "POST", _ => "/chat/987654321/messages/1/delete", AllowedStatus: 400),
        new("POST", "/chat/{channelId:int}/read", Surface.Page, Access.Staff, "POST", _ => "/chat/987654321/read", AllowedStatus: 400),
        new("POST", "/chat/{channelId:int}/join", Surface.Page, Access.Staff, "POST", _ => "/chat/987654321/join", AllowedStatus: 400),
        new("POST", "/chat/{channelId:int}/leave", Surface.Page, Access.Staff, "POST", _ => "/chat/987654321/leave", AllowedStatus: 400),
        new("POST", "/chat/{channelId:int}/members", Surface.Page, Access.Staff, "POST", _ => "/chat/987654321/members", AllowedStatus: 400),
        new("POST", "/chat/{channelId:int}/settings", Surface.Page, Access.Staff, "POST", _ => "/chat/987654321/settings", AllowedStatus: 400),

        new("GET", "/api/v1/chat/channels", Surface.Api, Access.Staff, "GET", _ => "/api/v1/chat/channels"),
        new("GET", "/api/v1/chat/channels/{channelId:int}/messages", Surface.Api, Access.Staff, "GET", _ => "/api/v1/chat/channels/987654321/messages", AllowedStatus: 404),
        // The sample posts a multipart form where JSON is expected.
        new("POST", "/api/v1/chat/channels/{channelId:int}/messages", Surface.Api, Access.Staff, "POST", _ => "/api/v1/chat/channels/987654321/messages", AllowedStatus: 415),
    ];
}
