using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Tsunagu.Core;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Chat;

/// <summary>
/// The chat pages' forms post here (antiforgery token in the form) and come back to the page with a redirect; a
/// refusal comes back as a one-time message the page shows. A channel the caller may not read is not found (404),
/// whether it exists or not. Also: one message's markup for the live script, the read position, attachments.
/// </summary>
public static class ChatEndpoints
{
    public const string FlashCookie = "tsunagu-chat-flash";

    public static IEndpointRouteBuilder MapChatEndpoints(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup("/chat").RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("chat")).ExcludeFromDescription();
        chat.MapPost("/channels", CreateChannelAsync).AllowCookieRedirect();
        chat.MapPost("/direct", OpenConversationAsync).AllowCookieRedirect();
        chat.MapPost("/{channelId:int}/messages", PostAsync).AllowCookieRedirect();
        chat.MapPost("/{channelId:int}/messages/{messageId:long}/edit", EditAsync).AllowCookieRedirect();
        chat.MapPost("/{channelId:int}/messages/{messageId:long}/delete", DeleteAsync).AllowCookieRedirect();
        chat.MapGet("/{channelId:int}/messages/{messageId:long}", FragmentAsync).AllowCookieRedirect();
        chat.MapPost("/{channelId:int}/read", MarkReadAsync).AllowCookieRedirect();
        chat.MapPost("/{channelId:int}/join", JoinAsync).AllowCookieRedirect();
        chat.MapPost("/{channelId:int}/leave", LeaveAsync).AllowCookieRedirect();
        chat.MapPost("/{channelId:int}/members", InviteAsync).AllowCookieRedirect();
        chat.MapPost("/{channelId:int}/settings", SettingsAsync).AllowCookieRedirect();
        chat.MapGet("/attachments/{id:int}", DownloadAsync).AllowCookieRedirect();
        app.MapChatApiEndpoints();
        return app;
    }

    private static readonly FlashMessage Flashes = new(FlashCookie, "/chat");

    /// <summary>Reads and clears the one-time message a refused post left for the chat pages.</summary>
    public static string? TakeFlash(HttpContext http) => Flashes.Take(http);

    private static void Flash(HttpContext http, string message) => Flashes.Set(http, message);

    public static Task<ChatViewer> ViewerAsync(AppDbContext db, CurrentUser me, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        return ChatViewer.ForAccountAsync(db, me.RequiredId, cancellationToken);
    }

    private static RedirectHttpResult See(string path) => TypedResults.Redirect(path, permanent: false, preserveMethod: false);

    private static async Task<ChatViewer?> ReaderOfAsync(AppDbContext db, CurrentUser me, int channelId, CancellationToken cancellationToken)
    {
        var viewer = await ViewerAsync(db, me, cancellationToken);
        var channel = await db.Set<ChatChannel>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        return channel is not null && await ChatAccess.CanReadAsync(db, viewer, channel, cancellationToken) ? viewer : null;
    }

    private static async Task<Results<NotFound, RedirectHttpResult>> CreateChannelAsync(
        HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, ChatService chat, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var viewer = await ViewerAsync(db, me, cancellationToken);
        try
        {
            var kind = form["kind"].FirstOrDefault() switch
            {
                "public" => ChannelKind.Public,
                "private" => ChannelKind.Private,
                "project" => ChannelKind.Project,
                _ => throw new DomainException("chat.kind-required", "チャンネルの種類を選んでください。"),
            };
            var people = await ChatPeople.ResolveAsync(db, form["members"].FirstOrDefault(), cancellationToken);
            var channel = await chat.CreateChannelAsync(viewer, new ChannelDraft(kind, form["name"].FirstOrDefault() ?? "", form["topic"].FirstOrDefault())
            {
                MemberIds = people,
            }, cancellationToken);
            return See(ChatFormat.ChannelHref(channel.Id));
        }
        catch (DomainException ex)
        {
            Flash(http, ex.Message);
            return See("/chat#create");
        }
    }

    private static async Task<Results<NotFound, RedirectHttpResult>> OpenConversationAsync(
        HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, ChatService chat, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var viewer = await ViewerAsync(db, me, cancellationToken);
        try
        {
            var ids = form["accountId"].Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList();
            ids.AddRange(await ChatPeople.ResolveAsync(db, form["people"].FirstOrDefault(), cancellationToken));
            var channel = await chat.OpenConversationAsync(viewer, ids, cancellationToken);
            return See(ChatFormat.ChannelHref(channel.Id));
        }
        catch (DomainException ex)
        {
            Flash(http, ex.Message);
            return See("/chat#direct");
        }
    }

    private static async Task<Results<NotFound, RedirectHttpResult>> PostAsync(
        int channelId, HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, ChatService chat, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        if (await ReaderOfAsync(db, me, channelId, cancellationToken) is not { } viewer)
        {
            return TypedResults.NotFound();
        }

        long? rootId = long.TryParse(form["threadRootId"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : null;
        var back = rootId is { } root ? ChatFormat.ThreadHref(channelId, root) : ChatFormat.ChannelHref(channelId);
        var streams = new List<Stream>();
        try
        {
            var files = new List<ChatFile>();
            foreach (var file in form.Files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).Where(f => f.Name == "files"))
            {
                if (file.Length > Attachment.MaxBytes)
                {
                    throw new DomainException("attachment.too-large", $"ファイルが大きすぎます。{Attachment.MaxBytes / 1024 / 1024}MB までにしてください。");
                }

                var stream = file.OpenReadStream();
                streams.Add(stream);
                files.Add(new ChatFile(file.FileName, file.ContentType, stream));
            }

            var message = await chat.PostAsync(viewer, channelId, new MessageDraft(form["text"].FirstOrDefault(), rootId) { Files = files }, cancellationToken);
            return See($"{back}#m-{ChatFormat.Text(message.Id)}");
        }
        catch (DomainException ex)
        {
            Flash(http, ex.Message);
            return See(back);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private static async Task<Results<NotFound, RedirectHttpResult>> EditAsync(
        int channelId, long messageId, HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, ChatService chat, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        if (await ReaderOfAsync(db, me, channelId, cancellationToken) is not { } viewer
            || await db.Set<ChatMessage>().AsNoTracking().Where(m => m.Id == messageId && m.ChannelId == channelId).Select(m => new { m.ThreadRootId }).FirstOrDefaultAsync(cancellationToken) is not { } found)
        {
            return TypedResults.NotFound();
        }

        var back = found.ThreadRootId is { } root ? ChatFormat.ThreadHref(channelId, root) : ChatFormat.ChannelHref(channelId);
        try
        {
            await chat.EditAsync(viewer, messageId, form["text"].FirstOrDefault(), cancellationToken);
        }
        catch (DomainException ex)
        {
            Flash(http, ex.Message);
        }

        return See($"{back}#m-{ChatFormat.Text(messageId)}");
    }

    private static async Task<Results<NotFound, RedirectHttpResult>> DeleteAsync(
        int channelId, long messageId, HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, ChatService chat, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        if (await ReaderOfAsync(db, me, channelId, cancellationToken) is not { } viewer
            || await db.Set<ChatMessage>().AsNoTracking().Where(m => m.Id == messageId && m.ChannelId == channelId).Select(m => new { m.ThreadRootId }).FirstOrDefaultAsync(cancellationToken) is not { } found)
        {
            return TypedResults.NotFound();
        }

        var back = found.ThreadRootId is { } root ? ChatFormat.ThreadHref(channelId, root) : ChatFormat.ChannelHref(channelId);
        try
        {
            await chat.DeleteAsync(viewer, messageId, cancellationToken);
        }
        catch (DomainException ex)
        {
            Flash(http, ex.Message);
        }

        return See($"{back}#m-{ChatFormat.Text(messageId)}");
    }

    /// <summary>One message's &lt;li&gt;, exactly as the page renders it, for the live script to append or replace.</summary>
    private static async Task<Results<NotFound, ContentHttpResult>> FragmentAsync(
        int channelId, long messageId, HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, ChatReader reader, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var viewer = await ViewerAsync(db, me, cancellationToken);
        if (await reader.MessageAsync(viewer, channelId, messageId, cancellationToken) is not { } message)
        {
            return TypedResults.NotFound();
        }

        var token = antiforgery.GetAndStoreTokens(http).RequestToken;
        var html = await RenderAsync<ChatMessageItem>(http.RequestServices, loggers, new Dictionary<string, object?>
        {
            [nameof(ChatMessageItem.Message)] = message,
            [nameof(ChatMessageItem.Token)] = token,
            [nameof(ChatMessageItem.Now)] = clock.GetUtcNow(),
        });
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    internal static async Task<string> RenderAsync<TComponent>(IServiceProvider services, ILoggerFactory loggers, Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    /// <summary>Moves my read position forward (the live script posts this with fetch); 204, or 404 for a channel I may not read.</summary>
    private static async Task<Results<NotFound, NoContent>> MarkReadAsync(
        int channelId, HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, ChatService chat, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        if (await ReaderOfAsync(db, me, channelId, cancellationToken) is not { } viewer)
        {
            return TypedResults.NotFound();
        }

        if (long.TryParse(form["upTo"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var upTo) && upTo > 0)
        {
            await chat.MarkReadAsync(viewer, channelId, upTo, cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static Task<Results<NotFound, RedirectHttpResult>> JoinAsync(int channelId, HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, ChatService chat, CancellationToken cancellationToken) =>
        ChannelActionAsync(channelId, http, antiforgery, db, me, (viewer, _) => chat.JoinAsync(viewer, channelId, cancellationToken), ChatFormat.ChannelHref(channelId), cancellationToken);

    private static Task<Results<NotFound, RedirectHttpResult>> LeaveAsync(int channelId, HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, ChatService chat, CancellationToken cancellationToken) =>
        ChannelActionAsync(channelId, http, antiforgery, db, me, (viewer, _) => chat.LeaveAsync(viewer, channelId, cancellationToken), "/chat", cancellationToken);

    private static Task<Results<NotFound, RedirectHttpResult>> InviteAsync(int channelId, HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, ChatService chat, CancellationToken cancellationToken) =>
        ChannelActionAsync(channelId, http, antiforgery, db, me, async (viewer, form) =>
        {
            var people = await ChatPeople.ResolveAsync(db, form["people"].FirstOrDefault(), cancellationToken);
            if (people.Count == 0)
            {
                throw new DomainException("chat.invite-empty", "招待する職員のログイン名か氏名を入力してください。");
            }

            await chat.AddMembersAsync(viewer, channelId, people, cancellationToken);
        }, ChatFormat.ChannelHref(channelId) + "#members", cancellationToken);

    private static Task<Results<NotFound, RedirectHttpResult>> SettingsAsync(int channelId, HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, ChatService chat, CancellationToken cancellationToken) =>
        ChannelActionAsync(channelId, http, antiforgery, db, me, (viewer, form) => form["action"].FirstOrDefault() switch
        {
            "mute" => chat.SetMutedAsync(viewer, channelId, true, cancellationToken),
            "unmute" => chat.SetMutedAsync(viewer, channelId, false, cancellationToken),
            "archive" => chat.ArchiveAsync(viewer, channelId, true, cancellationToken),
            "unarchive" => chat.ArchiveAsync(viewer, channelId, false, cancellationToken),
            _ => throw new DomainException("chat.unknown-action", "操作を選んでください。"),
        }, ChatFormat.ChannelHref(channelId), cancellationToken);

    private static async Task<Results<NotFound, RedirectHttpResult>> ChannelActionAsync(
        int channelId, HttpContext http, IAntiforgery antiforgery, AppDbContext db, CurrentUser me, Func<ChatViewer, IFormCollection, Task> action, string back, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        if (await ReaderOfAsync(db, me, channelId, cancellationToken) is not { } viewer)
        {
            return TypedResults.NotFound();
        }

        try
        {
            await action(viewer, form);
        }
        catch (DomainException ex)
        {
            Flash(http, ex.Message);
            return See(ChatFormat.ChannelHref(channelId));
        }

        return See(back);
    }

    private static async Task<Results<NotFound, FileContentHttpResult>> DownloadAsync(
        int id, HttpContext http, AppDbContext db, CurrentUser me, ChatReader reader, CancellationToken cancellationToken)
    {
        var file = await db.Set<Attachment>().AsNoTracking().Where(a => a.Id == id && a.Module == SearchModules.Chat)
            .Select(a => new { a.OwnerKey, a.FileName, a.ContentType, a.Sha256 }).FirstOrDefaultAsync(cancellationToken);
        if (file is null || !await reader.CanReadAttachmentAsync(await ViewerAsync(db, me, cancellationToken), file.OwnerKey, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var content = await db.Set<Attachment>().AsNoTracking().Where(a => a.Id == id).Select(a => a.Content).FirstAsync(cancellationToken);

        // Files from colleagues: never sniffed or run as a page, never cached by anything shared.
        var headers = http.Response.Headers;
        headers.CacheControl = "private, no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(content, file.ContentType, file.FileName, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""));
    }
}
