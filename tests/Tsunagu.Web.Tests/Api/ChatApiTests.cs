using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Chat;
using Tsunagu.Web.Tests.Chat;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Api;

/// <summary>/api/v1/chat: posting for automation, my channels with unread counts, and nothing for outsiders.</summary>
public abstract class ChatApiTests(TsunaguApp app)
{
    private readonly ChatKit _kit = new(app);

    [Fact]
    public async Task Post_Returns201_WithTheMessage_CountsAsUnreadForOthers_AndRepliesInThreads()
    {
        var bot = await _kit.StaffAsync("ch.bot");
        var bob = await _kit.StaffAsync("ch.apib");
        var channel = await _kit.ChannelAsync(bot, ChannelKind.Private, bob);
        using var client = app.ApiClient((await app.CreateTokenAsync(bot.Login)).Secret);

        var response = await client.PostAsJsonAsync($"/api/v1/chat/channels/{channel.Id}/messages", new { text = "夜間バッチが完了しました" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var message = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        message["channelId"]!.GetValue<int>().ShouldBe(channel.Id);
        message["authorId"]!.GetValue<int>().ShouldBe(bot.Id);
        message["text"]!.GetValue<string>().ShouldBe("夜間バッチが完了しました");
        message["threadRootId"].ShouldBeNull();
        var id = message["id"]!.GetValue<long>();

        var reply = await client.PostAsJsonAsync($"/api/v1/chat/channels/{channel.Id}/messages", new { text = "件数: 1,204件", threadRootId = id });
        reply.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await reply.Content.ReadFromJsonAsync<JsonObject>())!["threadRootId"]!.GetValue<long>().ShouldBe(id);

        using var bobClient = app.ApiClient((await app.CreateTokenAsync(bob.Login)).Secret);
        var mine = (await bobClient.GetFromJsonAsync<JsonArray>("/api/v1/chat/channels"))!;
        var row = mine.Single(c => c!["id"]!.GetValue<int>() == channel.Id)!;
        row["unread"]!.GetValue<int>().ShouldBe(2);
        row["kind"]!.GetValue<string>().ShouldBe("private");
        var page = (await bobClient.GetFromJsonAsync<JsonObject>($"/api/v1/chat/channels/{channel.Id}/messages?limit=10"))!;
        page["messages"]!.AsArray().Single()!["replyCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Outsider_GetsNotFound_ForListAndPost_AndBadBodiesAreProblems()
    {
        var alice = await _kit.StaffAsync("ch.apia");
        var outsider = await _kit.StaffAsync("ch.apio");
        var dm = await _kit.DirectAsync(alice, await _kit.StaffAsync("ch.apic"));
        var message = (await _kit.PostAsync(alice, dm.Id, "二人だけの話")).Id;
        using var client = app.ApiClient((await app.CreateTokenAsync(outsider.Login)).Secret);

        (await client.GetAsync(new Uri($"/api/v1/chat/channels/{dm.Id}/messages", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var post = await client.PostAsJsonAsync($"/api/v1/chat/channels/{dm.Id}/messages", new { text = "割り込み" });
        post.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        post.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await client.GetFromJsonAsync<JsonArray>("/api/v1/chat/channels"))!.ShouldNotContain(c => c!["id"]!.GetValue<int>() == dm.Id);
        var search = (await client.GetFromJsonAsync<JsonObject>("/api/v1/search?q=" + Uri.EscapeDataString("二人だけの話")))!;
        search["items"]!.AsArray().ShouldNotContain(i => i!["module"]!.GetValue<string>() == "chat" && i["key"]!.GetValue<string>() == message.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var own = app.ApiClient((await app.CreateTokenAsync(alice.Login)).Secret);
        var empty = await own.PostAsJsonAsync($"/api/v1/chat/channels/{dm.Id}/messages", new { text = "  " });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await empty.Content.ReadAsStringAsync()).ShouldContain("メッセージを入力してください。");
        using var broken = new StringContent("{\"text\": ", System.Text.Encoding.UTF8, "application/json");
        (await own.PostAsync(new Uri($"/api/v1/chat/channels/{dm.Id}/messages", UriKind.Relative), broken)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await own.GetAsync(new Uri($"/api/v1/chat/channels/{dm.Id}/messages?limit=0", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.QueryAsync(db => db.Set<ChatMessage>().CountAsync(m => m.ChannelId == dm.Id))).ShouldBe(1);
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class ChatApiTests_Sqlite(SqliteDemoCity app) : ChatApiTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class ChatApiTests_PostgreSql(PostgreSqlDemoCity app) : ChatApiTests(app);
