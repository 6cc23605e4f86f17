using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Chat;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Chat;

/// <summary>The chat pages without JavaScript: plain form posts and reloads; and what an outsider sees (nothing).</summary>
public abstract partial class ChatPageTests(TsunaguApp app)
{
    private readonly ChatKit _kit = new(app);

    private static string S(long id) => id.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("#m-(\\d+)$")]
    private static partial Regex Anchor();

    [Fact]
    public async Task PrivateChannel_AndDirectMessage_AreNotFound_ForOutsiders_InPages_Fragments_Posts_AndSearch()
    {
        var alice = await _kit.StaffAsync("ch.alice");
        var bob = await _kit.StaffAsync("ch.bob");
        var outsider = await _kit.StaffAsync("ch.out");
        var secret = await _kit.ChannelAsync(alice, ChannelKind.Private, bob);
        var dm = await _kit.DirectAsync(alice, bob);
        var word = "極秘" + Guid.NewGuid().ToString("N")[..6];
        var inSecret = await _kit.PostAsync(alice, secret.Id, $"{word} 予算の内訳");
        var inDm = await _kit.PostAsync(bob, dm.Id, $"{word} 個人的な相談");

        using var browser = await app.SignedInAsync(outsider.Login);
        foreach (var (channel, message) in new[] { (secret.Id, inSecret.Id), (dm.Id, inDm.Id) })
        {
            (await browser.GetAsync($"/chat/{channel}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await browser.GetAsync($"/chat/{channel}/thread/{S(message)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await browser.GetAsync($"/chat/{channel}/messages/{S(message)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await browser.GetAsync($"/chat/{channel}/messages/{S(message)}/history")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var (home, homeText) = await browser.GetTextAsync("/chat");
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
        homeText.ShouldNotContain(secret.Name);
        homeText.ShouldNotContain(alice.Name);
        var (search, searchText) = await browser.GetTextAsync($"/search?q={Uri.EscapeDataString(word)}");
        search.StatusCode.ShouldBe(HttpStatusCode.OK);
        searchText.ShouldNotContain("予算の内訳");
        searchText.ShouldNotContain("個人的な相談");

        // A post with a valid token of the outsider's own is still not found, and writes nothing.
        var form = Html.Forms(await (await browser.GetAsync("/chat")).Content.ReadAsStringAsync()).First(f => f.Hidden.ContainsKey("__RequestVerificationToken"));
        using var content = new FormUrlEncodedContent(form.Hidden.Where(h => h.Key == "__RequestVerificationToken").Concat([new("text", "のぞき見"), new("upTo", S(inDm.Id))]));
        (await browser.Client.PostAsync(new Uri($"/chat/{secret.Id}/messages", UriKind.Relative), content)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.Client.PostAsync(new Uri($"/chat/{dm.Id}/read", UriKind.Relative), content)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.Set<ChatMessage>().CountAsync(m => m.ChannelId == secret.Id))).ShouldBe(1);

        // The members find them.
        using var member = await app.SignedInAsync(bob.Login);
        var (_, memberSearch) = await member.GetTextAsync($"/search?q={Uri.EscapeDataString(word)}");
        memberSearch.ShouldContain("予算の内訳");
        memberSearch.ShouldContain("個人的な相談");
    }

    [Fact]
    public async Task Post_Reply_Edit_Delete_WithFormPosts_AndTheFragmentMatchesThePage()
    {
        var alice = await _kit.StaffAsync("ch.post");
        var bob = await _kit.StaffAsync("ch.read");
        var channel = await _kit.ChannelAsync(alice, ChannelKind.Private, bob);
        using var browser = await app.SignedInAsync(alice.Login);
        var page = $"/chat/{channel.Id}";

        var posted = await browser.SubmitAsync(page, f => f.Action == $"{page}/messages", [new("text", $"@{bob.Login} 資料を見てください https://example.jp/a?b=1 <b>太字</b>")]);
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = long.Parse(Anchor().Match(posted.Headers.Location!.OriginalString).Groups[1].Value, CultureInfo.InvariantCulture);
        var html = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        html.ShouldContain($"data-chat-channel=\"{channel.Id}\"");
        html.ShouldContain("id=\"chat-read-form\"");
        html.ShouldContain("/js/chat-live.js", customMessage: html);
        html.ShouldContain("href=\"https://example.jp/a?b=1\"");
        html.ShouldNotContain("<b>太字</b>");
        html.ShouldContain("&lt;b&gt;");

        // The fragment is the page's <li>, character for character (but for the clock).
        var fragment = await (await browser.GetAsync($"{page}/messages/{S(id)}")).Content.ReadAsStringAsync();
        fragment.ShouldStartWith($"<li id=\"m-{S(id)}\"");
        var li = Regex.Match(html, $"<li id=\"m-{S(id)}\".*?</li>\\s*(?=<li id=\"m-|</ol>)", RegexOptions.Singleline).Value.Trim();
        li.ShouldNotBeEmpty();
        Strip(fragment.Trim()).ShouldBe(Strip(li));

        // A reply in the thread, then edit and delete of the first message.
        var thread = $"{page}/thread/{S(id)}";
        (await browser.SubmitAsync(thread, f => f.Action == $"{page}/messages", [new("text", "スレッドへの返信")])).Headers.Location!.OriginalString.ShouldStartWith(thread);
        var (_, threadText) = await browser.GetTextAsync(thread);
        threadText.ShouldContain("スレッドへの返信");
        (await browser.SubmitAsync(page, f => f.Action == $"{page}/messages/{S(id)}/edit", [new("text", "直しました")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, edited) = await browser.GetTextAsync(page);
        edited.ShouldContain("直しました");
        edited.ShouldContain("(編集済み)");
        edited.ShouldContain("返信 1件");
        (await browser.SubmitAsync(page, f => f.Action == $"{page}/messages/{S(id)}/delete", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, deleted) = await browser.GetTextAsync(page);
        deleted.ShouldContain("このメッセージは削除されました。");
        deleted.ShouldNotContain("直しました");
        var (_, history) = await browser.GetTextAsync($"{page}/messages/{S(id)}/history");
        history.ShouldContain("資料を見てください");
        history.ShouldContain("直しました");

        // Bob had one unread; opening the channel reads it, and his read shows on Alice's message.
        using var reader = await app.SignedInAsync(bob.Login);
        (await app.QueryAsync(db => db.Set<ChatMember>().Where(m => m.ChannelId == channel.Id && m.AccountId == bob.Id).Select(m => m.LastReadMessageId).SingleAsync())).ShouldBe(0);
        (await reader.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.QueryAsync(db => db.Set<ChatMember>().Where(m => m.ChannelId == channel.Id && m.AccountId == bob.Id).Select(m => m.LastReadMessageId).SingleAsync())).ShouldBeGreaterThan(id);
        var (_, again) = await browser.GetTextAsync(thread);
        again.ShouldContain("既読 1");
    }

    [Fact]
    public async Task Post_WithBadInput_ComesBackWithAJapaneseMessage_AndWritesNothing()
    {
        var alice = await _kit.StaffAsync("ch.bad");
        var channel = await _kit.ChannelAsync(alice, ChannelKind.Public);
        using var browser = await app.SignedInAsync(alice.Login);
        var page = $"/chat/{channel.Id}";
        var response = await browser.SubmitAsync(page, f => f.Action == $"{page}/messages", [new("text", "   ")]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, text) = await browser.GetTextAsync(response.Headers.Location!.OriginalString);
        text.ShouldContain("メッセージを入力してください。");
        (await app.QueryAsync(db => db.Set<ChatMessage>().CountAsync(m => m.ChannelId == channel.Id))).ShouldBe(0);
    }

    // The clock and the antiforgery request token (one per response) differ; the rest is the same markup.
    private static string Strip(string html) =>
        Regex.Replace(Regex.Replace(html, "<time[^>]*>.*?</time>", "<time/>", RegexOptions.Singleline), "name=\"__RequestVerificationToken\" value=\"[^\"]*\"", "token");
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class ChatPageTests_Sqlite(SqliteDemoCity app) : ChatPageTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class ChatPageTests_PostgreSql(PostgreSqlDemoCity app) : ChatPageTests(app);
