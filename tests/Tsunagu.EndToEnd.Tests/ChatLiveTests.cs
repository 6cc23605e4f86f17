using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Data;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// Live chat: two colleagues of DX戦略室 in a project channel, each in a browser of their own (a desk PC and a phone). A
/// message one sends appears on the other's open page without a reload, and a message in another channel counts up
/// that channel's unread badge. The chat page is scanned with axe before and after.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class ChatLiveTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task MessageSentInOneBrowser_AppearsLiveInTheOther()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (colleague, channel, other) = await ChannelsAsync("live-" + suffix, "live-other-" + suffix);

        var desk = await fixture.NewPageAsync();
        await using var deskContext = desk.Context;
        var phone = await fixture.NewPageAsync(390, 844);
        await using var phoneContext = phone.Context;
        await desk.SignInAsync(fixture.App, colleague);
        await phone.SignInAsync(fixture.App, PageExtensions.Staff);
        await OpenLiveAsync(desk, channel);
        await OpenLiveAsync(phone, channel);
        await Expect(phone.Heading("#live-" + suffix)).ToBeVisibleAsync();
        await phone.ShouldHaveNoAxeViolationsAsync("chat: channel page, live, empty (phone)");

        // A marker on the window survives only as long as the page is not reloaded.
        await phone.EvaluateAsync("() => { window.chatLiveTestMarker = true; }");
        var text = $"15時から会議室Aで打ち合わせです {suffix}";
        await desk.GetByRole(AriaRole.Textbox, new() { Name = $"#live-{suffix} へのメッセージ" }).FillAsync(text);
        await desk.GetByRole(AriaRole.Button, new() { Name = "送信", Exact = true }).ClickAsync();

        var messages = phone.GetByRole(AriaRole.List, new() { Name = "メッセージ" });
        await Expect(messages.GetByText(text)).ToBeVisibleAsync();
        (await phone.EvaluateAsync<bool>("() => window.chatLiveTestMarker === true")).ShouldBeTrue("the page was reloaded");
        await Expect(messages.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        // Screen readers hear it too.
        await Expect(phone.Locator("#chat-live-announcer")).ToContainTextAsync(text);
        await phone.ShouldHaveNoAxeViolationsAsync("chat: channel page after a live message (phone)");

        // The sender's own page shows it once (the form post reloaded it; the push of the same message adds nothing).
        await desk.WaitForBlazorAsync();
        var sent = desk.GetByRole(AriaRole.List, new() { Name = "メッセージ" }).GetByRole(AriaRole.Listitem);
        await Expect(sent).ToHaveCountAsync(1);
        await Expect(sent).ToContainTextAsync(text);
        await desk.ShouldHaveNoAxeViolationsAsync("chat: channel page after sending (desk)");
        await desk.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.SaveAsync(desk, "chat-live-sender");

        // A message in another channel of both counts up its badge beside the channel list on the phone.
        await OpenLiveAsync(desk, other);
        await desk.GetByRole(AriaRole.Textbox, new() { Name = $"#live-other-{suffix} へのメッセージ" }).FillAsync("別チャンネルの連絡です");
        await desk.GetByRole(AriaRole.Button, new() { Name = "送信", Exact = true }).ClickAsync();
        await Expect(phone.Locator($"[data-chat-unread='{other}']")).ToHaveTextAsync("1");
        await Expect(messages.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);

        await phone.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.SaveAsync(phone, "chat-live-receiver");
    }

    private async Task OpenLiveAsync(IPage page, int channelId)
    {
        await page.OpenAsync(fixture.App, $"/chat/{channelId}");
        await page.WaitForFunctionAsync("() => document.body.dataset.chatLive === 'connected'");
    }

    /// <summary>Two project channels with 守屋 and a colleague of her unit as members; returns the colleague's login.</summary>
    private async Task<(string Colleague, int Channel, int Other)> ChannelsAsync(string name, string otherName)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var me = await db.Users.SingleAsync(a => a.UserName == PageExtensions.Staff);
        var colleague = await db.Users.Where(a => a.DepartmentId == me.DepartmentId && a.Id != me.Id && a.IsActive).OrderBy(a => a.Id).FirstAsync();
        var chat = scope.ServiceProvider.GetRequiredService<ChatService>();
        var creator = await ChatViewer.ForAccountAsync(db, colleague.Id);
        var channel = await chat.CreateChannelAsync(creator, new ChannelDraft(ChannelKind.Project, name, "打ち合わせの連絡") { MemberIds = [me.Id] });
        var other = await chat.CreateChannelAsync(creator, new ChannelDraft(ChannelKind.Project, otherName) { MemberIds = [me.Id] });
        return (colleague.UserName!, channel.Id, other.Id);
    }
}
