using Microsoft.AspNetCore.Http.HttpResults;
using Tsunagu.Core;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Data;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Features.Api;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Chat;

public sealed record ChatChannelDto(int Id, string Kind, string Name, string Topic, int Unread, DateTimeOffset LastActivityAt, bool IsArchived, string Url);

public sealed record ChatMessageDto(long Id, int ChannelId, int AuthorId, string AuthorName, string Text, DateTimeOffset CreatedAt, long? ThreadRootId, DateTimeOffset? EditedAt, bool IsDeleted, int ReplyCount, int? ReadCount);

public sealed record ChatMessagePageDto(IReadOnlyList<ChatMessageDto> Messages, long? OlderBefore);

/// <summary>A message to post (automation): the text, and the thread's first message to reply to (null: top level).</summary>
public sealed record ChatPostBody
{
    public string? Text { get; init; }

    public long? ThreadRootId { get; init; }
}

/// <summary>
/// /api/v1/chat: my channels with unread counts, a channel's messages, posting a message (for automation). The same
/// rules as the pages: a channel the caller may not read is not found (404), whether it exists or not.
/// </summary>
public static class ChatApiEndpoints
{
    public static IEndpointRouteBuilder MapChatApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/chat").RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("chat")).DisableAntiforgery().WithTags("Chat");
        api.MapGet("/channels", ListChannelsAsync).WithName("ListChatChannels").WithSummary("参加しているチャンネルとダイレクトメッセージ(未読数つき)");
        api.MapGet("/channels/{channelId:int}/messages", ListMessagesAsync).WithName("ListChatMessages")
            .WithSummary("チャンネルのメッセージ(スレッドの返信を除く。古い順。before より前の limit 件、既定は最新 50 件)");
        api.MapPost("/channels/{channelId:int}/messages", PostAsync).JsonBody<ChatPostBody>().WithName("PostChatMessage")
            .WithSummary("メッセージを投稿する(threadRootId でスレッドに返信)");
        return app;
    }

    private static string KindName(ChannelKind kind) => kind switch
    {
        ChannelKind.Department => "department",
        ChannelKind.Project => "project",
        ChannelKind.Public => "public",
        ChannelKind.Private => "private",
        ChannelKind.Direct => "direct",
        _ => "group",
    };

    private static ChatMessageDto Dto(ChatMessageView m) =>
        new(m.Id, m.ChannelId, m.AuthorId, m.AuthorName, m.Text, m.CreatedAt, m.ThreadRootId, m.EditedAt, m.IsDeleted, m.ReplyCount, m.ReadCount);

    private static async Task<Ok<List<ChatChannelDto>>> ListChannelsAsync(AppDbContext db, CurrentUser me, ChatService chat, ChatReader reader, CancellationToken cancellationToken)
    {
        var viewer = await ChatEndpoints.ViewerAsync(db, me, cancellationToken);
        await chat.EnsureDepartmentMembershipsAsync(viewer, cancellationToken);
        var channels = await reader.MyChannelsAsync(viewer, cancellationToken);
        return TypedResults.Ok(channels.Select(c => new ChatChannelDto(c.Id, KindName(c.Kind), c.Name, c.Topic, c.Unread, c.LastActivityAt, c.IsArchived, ChatFormat.ChannelHref(c.Id))).ToList());
    }

    private static async Task<Results<Ok<ChatMessagePageDto>, ProblemHttpResult>> ListMessagesAsync(
        int channelId, long? before, int? limit, AppDbContext db, CurrentUser me, ChatReader reader, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > ChatReader.MaxPageSize)
        {
            return ApiBodies.Problem(400, $"limit は 1〜{ChatReader.MaxPageSize} で指定してください。", "chat.invalid-limit");
        }

        var viewer = await ChatEndpoints.ViewerAsync(db, me, cancellationToken);
        var page = await reader.MessagesAsync(viewer, channelId, before, limit ?? ChatReader.DefaultPageSize, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        return TypedResults.Ok(new ChatMessagePageDto(page.Messages.Select(Dto).ToList(), page.OlderBefore));
    }

    private static async Task<Results<Created<ChatMessageDto>, ProblemHttpResult>> PostAsync(
        int channelId, HttpContext http, AppDbContext db, CurrentUser me, ChatService chat, ChatReader reader, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await ApiBodies.ReadJsonAsync<ChatPostBody>(http.Request, cancellationToken);
        if (body is null)
        {
            return unreadable!;
        }

        var viewer = await ChatEndpoints.ViewerAsync(db, me, cancellationToken);
        if (await reader.ChannelAsync(viewer, channelId, cancellationToken) is null)
        {
            return NotFound();
        }

        ChatMessage message;
        try
        {
            message = await chat.PostAsync(viewer, channelId, new MessageDraft(body.Text, body.ThreadRootId), cancellationToken);
        }
        catch (DomainException ex)
        {
            return ApiBodies.Problem(400, ex.Message, ex.Code);
        }

        var view = await reader.MessageAsync(viewer, channelId, message.Id, cancellationToken);
        var url = $"/api/v1/chat/channels/{ChatFormat.Text(channelId)}/messages?before={ChatFormat.Text(message.Id + 1)}&limit=1";
        return TypedResults.Created(url, Dto(view!));
    }

    private static ProblemHttpResult NotFound() => ApiBodies.Problem(404, "チャンネルが見つかりません。", "chat.channel-not-found");
}
