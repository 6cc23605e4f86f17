using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Realtime;

/// <summary>
/// Two app instances sharing one database and one Redis (<see cref="RedisBackplaneTests.Variable"/>, never skipped): a chat
/// message posted on one instance reaches a member's client connected to the other, and not a non-member's.
/// </summary>
public sealed class ChatBackplaneTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "tsunagu-chat-redis-" + Guid.NewGuid().ToString("N"));
    private TsunaguFactory? _first;
    private TsunaguFactory? _second;

    private TsunaguFactory First => _first ?? throw new InvalidOperationException("not started");

    private TsunaguFactory Second => _second ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var redis = Environment.GetEnvironmentVariable(RedisBackplaneTests.Variable);
        if (string.IsNullOrWhiteSpace(redis))
        {
            throw new InvalidOperationException($"{RedisBackplaneTests.Variable} is not set (e.g. 127.0.0.1:56379), so the Redis tests cannot run; they are never skipped. scripts/test starts Redis and sets it.");
        }

        var settings = TsunaguFactory.Settings(DatabaseKind.Sqlite, _data, null, demo: false);
        // A prefix of its own: test classes running at once share one Redis and the same account ids.
        settings["ConnectionStrings:Redis"] = $"{redis},channelPrefix=t{Guid.NewGuid():N}:";
        settings["Tsunagu:AdminPassword"] = TsunaguApp.Password;
        _first = new TsunaguFactory(settings);
        await Task.Run(() => _first.Services); // first start: migrations and the administrator
        _second = new TsunaguFactory(settings);
        await Task.Run(() => _second.Services);
    }

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task PushOnOneInstance_ReachesTheAccountsClientOnTheOther_AndNoOneElse()
    {
        var member = await NewStaffAsync();
        var outsider = await NewStaffAsync();
        await using var memberClient = await ChatHubClient.ConnectAsync(Second, member.Token, HttpTransportType.WebSockets);
        await using var outsiderClient = await ChatHubClient.ConnectAsync(Second, outsider.Token, HttpTransportType.WebSockets);

        var push = new ChatPush(ChatPush.Posted, 5, 501, null, member.Id, "試験\u3000花子", "別のインスタンスへ", DateTimeOffset.UnixEpoch);
        await First.Services.GetRequiredService<IChatFanout>().PushAsync([member.Id], push, CancellationToken.None);
        (await memberClient.NextAsync()).ShouldBe(push);

        // Redis keeps the order of one subscription: had the outsider been sent the first push, it would come first.
        await First.Services.GetRequiredService<IChatFanout>().PushAsync([outsider.Id], push with { MessageId = 502 }, CancellationToken.None);
        (await outsiderClient.NextAsync()).MessageId.ShouldBe(502);
        memberClient.Pending.ShouldBe(0);
    }

    [Fact]
    public async Task MessagePostedThroughTheApiOfOneInstance_ReachesAMemberOnTheOther_AndNotANonMember()
    {
        var author = await NewStaffAsync();
        var member = await NewStaffAsync();
        var outsider = await NewStaffAsync();
        var channel = await NewChannelAsync(author.Id, [member.Id]);
        var outsidersChannel = await NewChannelAsync(author.Id, [outsider.Id]);
        await using var memberClient = await ChatHubClient.ConnectAsync(Second, member.Token, HttpTransportType.WebSockets);
        await using var outsiderClient = await ChatHubClient.ConnectAsync(Second, outsider.Token, HttpTransportType.WebSockets);

        using var api = First.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", author.Token);
        using (var posted = await api.PostAsJsonAsync(new Uri($"/api/v1/chat/channels/{channel}/messages", UriKind.Relative), new { text = "二つ目のインスタンスの皆さんへ" }))
        {
            posted.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
        }

        var push = await memberClient.NextAsync();
        push.Kind.ShouldBe(ChatPush.Posted);
        push.ChannelId.ShouldBe(channel);
        push.AuthorId.ShouldBe(author.Id);
        push.Text.ShouldBe("二つ目のインスタンスの皆さんへ");

        // The outsider's first push is of the channel they belong to: the first message never reached them.
        using (var other = await api.PostAsJsonAsync(new Uri($"/api/v1/chat/channels/{outsidersChannel}/messages", UriKind.Relative), new { text = "別のチャンネル" }))
        {
            other.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        }

        (await outsiderClient.NextAsync()).ChannelId.ShouldBe(outsidersChannel);
        memberClient.Pending.ShouldBe(0);
    }

    private async Task<int> NewChannelAsync(int creatorId, IReadOnlyCollection<int> members)
    {
        await using var scope = First.Services.CreateAsyncScope();
        var chat = scope.ServiceProvider.GetRequiredService<ChatService>();
        var channel = await chat.CreateChannelAsync(new ChatViewer(creatorId, []), new ChannelDraft(ChannelKind.Project, "backplane-" + Guid.NewGuid().ToString("N")[..8]) { MemberIds = members });
        return channel.Id;
    }

    private async Task<(int Id, string Token)> NewStaffAsync()
    {
        await using var scope = First.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Account>>();
        var login = "chatredis." + Guid.NewGuid().ToString("N")[..8];
        var account = new Account { UserName = login, DisplayName = "試験\u3000" + login, Kana = "しけん", CreatedAt = DateTimeOffset.UnixEpoch, LockoutEnabled = true };
        (await users.CreateAsync(account, TsunaguApp.Password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(account, Roles.Staff)).Succeeded.ShouldBeTrue();
        var token = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(account.Id, "chat", null, Tsunagu.Core.Audit.Actor.System);
        return (account.Id, token.Secret);
    }
}
