using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Features.Chat.Realtime;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Realtime;

/// <summary>
/// The chat hub: denied by default (anonymous 401, a partner 403), bearer tokens in the header or, for the hubs only,
/// in the query string as browsers send them over WebSockets, and a push reaches the accounts it names and nobody else.
/// </summary>
public abstract class ChatHubTests(TsunaguApp app)
{
    [Fact]
    public async Task Negotiate_Anonymous_Is401ProblemDetails()
    {
        using var client = app.ApiClient();
        using var response = await client.PostAsync(new Uri(ChatRealtime.HubPath + "/negotiate?negotiateVersion=1", UriKind.Relative), null);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Negotiate_AsPartner_Is403()
    {
        var partner = await app.CreateAccountAsync("partner.chathub." + Guid.NewGuid().ToString("N")[..6], Roles.Partner);
        using var client = app.ApiClient((await app.CreateTokenAsync(partner.UserName!)).Secret);
        using var response = await client.PostAsync(new Uri(ChatRealtime.HubPath + "/negotiate?negotiateVersion=1", UriKind.Relative), null);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Negotiate_WithTheTokenInTheQueryString_IsAccepted()
    {
        var staff = await NewStaffAsync();
        using var client = app.ApiClient();
        using var response = await client.PostAsync(new Uri($"{ChatRealtime.HubPath}/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(staff.Token)}", UriKind.Relative), null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("connectionToken");
    }

    [Fact]
    public async Task TokenInTheQueryString_OutsideTheHubs_IsIgnored()
    {
        var staff = await NewStaffAsync();
        using var client = app.ApiClient();
        using var response = await client.GetAsync(new Uri($"/api/v1/me?access_token={Uri.EscapeDataString(staff.Token)}", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task InvalidToken_IsRefused()
    {
        await using var connection = ChatHubClient.Create(app.Factory, "tsn_not-a-token");
        await Should.ThrowAsync<HttpRequestException>(() => connection.Connection.StartAsync());
    }

    [Fact]
    public async Task Push_ReachesTheNamedAccount_AndNoOneElse()
    {
        var member = await NewStaffAsync();
        var outsider = await NewStaffAsync();
        await using var memberClient = await ChatHubClient.ConnectAsync(app.Factory, member.Token);
        await using var outsiderClient = await ChatHubClient.ConnectAsync(app.Factory, outsider.Token);
        var fanout = app.Services.GetRequiredService<IChatFanout>();
        fanout.ShouldBeOfType<HubChatFanout>();

        var push = Push(1001, member.Id);
        await fanout.PushAsync([member.Id], push, CancellationToken.None);
        var received = await memberClient.NextAsync();
        received.ShouldBe(push);

        // Pushes to one connection arrive in order: if the outsider had been sent the first, it would come before this.
        var second = Push(1002, outsider.Id);
        await fanout.PushAsync([outsider.Id], second, CancellationToken.None);
        (await outsiderClient.NextAsync()).MessageId.ShouldBe(1002);
        memberClient.Pending.ShouldBe(0);
    }

    [Fact]
    public async Task Push_ReachesEveryConnectionOfTheAccount()
    {
        var member = await NewStaffAsync();
        await using var phone = await ChatHubClient.ConnectAsync(app.Factory, member.Token);
        await using var desk = await ChatHubClient.ConnectAsync(app.Factory, member.Token, HttpTransportType.WebSockets);
        await app.Services.GetRequiredService<IChatFanout>().PushAsync([member.Id], Push(2001, member.Id), CancellationToken.None);
        (await phone.NextAsync()).MessageId.ShouldBe(2001);
        (await desk.NextAsync()).MessageId.ShouldBe(2001);
    }

    [Fact]
    public async Task MessagePostedThroughTheApi_ReachesTheMembers_AndNotANonMember()
    {
        var author = await NewStaffAsync();
        var member = await NewStaffAsync();
        var outsider = await NewStaffAsync();
        var channel = await NewChannelAsync(author.Id, [member.Id]);
        var outsidersChannel = await NewChannelAsync(author.Id, [outsider.Id]);
        await using var authorClient = await ChatHubClient.ConnectAsync(app.Factory, author.Token);
        await using var memberClient = await ChatHubClient.ConnectAsync(app.Factory, member.Token);
        await using var outsiderClient = await ChatHubClient.ConnectAsync(app.Factory, outsider.Token);
        using var api = app.ApiClient(author.Token);

        using (var posted = await api.PostAsJsonAsync(new Uri($"/api/v1/chat/channels/{channel}/messages", UriKind.Relative), new { text = "会議は10時からです" }))
        {
            posted.StatusCode.ShouldBe(HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
        }

        var push = await memberClient.NextAsync();
        (push.Kind, push.ChannelId, push.AuthorId, push.Text, push.ThreadRootId).ShouldBe((ChatPush.Posted, channel, author.Id, "会議は10時からです", (long?)null));
        (await authorClient.NextAsync()).MessageId.ShouldBe(push.MessageId);

        using (var other = await api.PostAsJsonAsync(new Uri($"/api/v1/chat/channels/{outsidersChannel}/messages", UriKind.Relative), new { text = "別件" }))
        {
            other.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        (await outsiderClient.NextAsync()).ChannelId.ShouldBe(outsidersChannel);
        memberClient.Pending.ShouldBe(0);
    }

    private async Task<int> NewChannelAsync(int creatorId, IReadOnlyCollection<int> members) =>
        await app.InScopeAsync(async sp => (await sp.GetRequiredService<ChatService>()
            .CreateChannelAsync(new ChatViewer(creatorId, []), new ChannelDraft(ChannelKind.Project, "hub-" + Guid.NewGuid().ToString("N")[..8]) { MemberIds = members })).Id);

    private static ChatPush Push(long messageId, int authorId) =>
        new(ChatPush.Posted, 77, messageId, null, authorId, "試験\u3000太郎", "こんにちは", new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(9)));

    private async Task<(int Id, string Token)> NewStaffAsync()
    {
        var account = await app.CreateAccountAsync("chathub." + Guid.NewGuid().ToString("N")[..8], Roles.Staff);
        return (account.Id, (await app.CreateTokenAsync(account.UserName!)).Secret);
    }
}

/// <summary>A city with only its administrator; the tests create their own staff.</summary>
public sealed class ChatHubCity_Sqlite() : TsunaguApp(DatabaseKind.Sqlite, demo: false);

public sealed class ChatHubCity_PostgreSql() : TsunaguApp(DatabaseKind.PostgreSql, demo: false);

public sealed class ChatHubTests_Sqlite(ChatHubCity_Sqlite app) : ChatHubTests(app), IClassFixture<ChatHubCity_Sqlite>;

public sealed class ChatHubTests_PostgreSql(ChatHubCity_PostgreSql app) : ChatHubTests(app), IClassFixture<ChatHubCity_PostgreSql>;

/// <summary>A SignalR client of the chat hub on a test server, collecting the pushes it receives.</summary>
public sealed class ChatHubClient : IAsyncDisposable
{
    private readonly Channel<ChatPush> _received = Channel.CreateUnbounded<ChatPush>();

    private ChatHubClient(HubConnection connection)
    {
        Connection = connection;
        Connection.On<ChatPush>(ChatRealtime.PushMethod, push => _received.Writer.TryWrite(push));
    }

    public HubConnection Connection { get; }

    public int Pending => _received.Reader.Count;

    /// <summary>
    /// Long polling goes through the test server's handler with the token in the header; WebSockets through its
    /// WebSocket client with the token in the query string, as a browser sends it.
    /// </summary>
    public static ChatHubClient Create(TsunaguFactory factory, string token, HttpTransportType transport = HttpTransportType.LongPolling) =>
        new(new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, ChatRealtime.HubPath), o =>
            {
                o.Transports = transport;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = factory.Server.CreateWebSocketClient();
                    var uri = new UriBuilder(context.Uri) { Query = context.Uri.Query.TrimStart('?') + "&access_token=" + Uri.EscapeDataString(token) }.Uri;
                    return await client.ConnectAsync(uri, cancellationToken);
                };
            })
            .Build());

    public static async Task<ChatHubClient> ConnectAsync(TsunaguFactory factory, string token, HttpTransportType transport = HttpTransportType.LongPolling)
    {
        var client = Create(factory, token, transport);
        await client.Connection.StartAsync();
        return client;
    }

    public async Task<ChatPush> NextAsync(TimeSpan? timeout = null) =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
