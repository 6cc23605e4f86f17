using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// チャット as 守屋 does it in the demo city: the channel list with unread counts, her department channel, a post with
/// a mention, a reply in its thread, an edit and a deletion (both kept in the history), on a desktop and on a phone.
/// Every state is scanned with axe.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed partial class ChatTests(EndToEndFixture fixture)
{
    [GeneratedRegex(@"/chat/(\d+)")]
    private static partial Regex ChannelUrl();

    [Fact]
    public async Task Post_ReplyInThread_Edit_Delete_InTheDepartmentChannel()
    {
        var tag = Guid.NewGuid().ToString("N")[..4];
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        await page.OpenAsync(fixture.App, "/chat");
        await Expect(page.Heading("チャット")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("共創チーム") }).First).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("chat: channel list");
        await Screenshots.SaveAsync(page, "chat-list");

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^#dx戦略室") }).First.ClickAsync();
        await Expect(page.Heading("#dx戦略室")).ToBeVisibleAsync();
        var channelId = ChannelUrl().Match(page.Url).Groups[1].Value;
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ShouldHaveNoAxeViolationsAsync("chat: department channel");
        await Screenshots.SaveAsync(page, "chat-channel");

        // Post with a mention.
        var text = $"@nakamura.tatsuya 部長レクの資料を共有フォルダに置きました({tag})";
        await page.GetByRole(AriaRole.Textbox, new() { Name = "#dx戦略室 へのメッセージ" }).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "送信", Exact = true }).ClickAsync();
        var mine = page.Locator("ol.chat-messages > li.mine").Filter(new() { HasText = tag }).Last;
        await Expect(mine).ToBeVisibleAsync();
        await Expect(mine.Locator(".chat-mention")).ToHaveTextAsync("@nakamura.tatsuya");
        var messageId = (await mine.GetAttributeAsync("id"))!;

        // Reply in its thread.
        await mine.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("メッセージに返信") }).ClickAsync();
        await Expect(page.Heading("スレッド", 2)).ToBeVisibleAsync();
        await Expect(page.Locator("ol.chat-messages")).ToHaveAttributeAsync("data-chat-thread", messageId[2..]);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "スレッドへの返信" }).FillAsync($"印刷は不要です({tag})");
        await page.GetByRole(AriaRole.Button, new() { Name = "返信する", Exact = true }).ClickAsync();
        await Expect(page.Locator("ol.chat-messages .chat-text").Filter(new() { HasText = $"印刷は不要です({tag})" })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("chat: thread");
        await Screenshots.SaveAsync(page, "chat-thread");

        // Edit, then delete, the first message.
        await page.OpenAsync(fixture.App, $"/chat/{channelId}");
        var item = page.Locator($"#{messageId}");
        await item.Locator("summary").ClickAsync();
        await page.ShouldHaveNoAxeViolationsAsync("chat: edit form open");
        await item.GetByRole(AriaRole.Textbox, new() { Name = "メッセージを編集" }).FillAsync($"資料は共有フォルダの「部長レク」にあります({tag})");
        await item.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        item = page.Locator($"#{messageId}");
        await Expect(item).ToContainTextAsync("(編集済み)");
        await Expect(item).ToContainTextAsync("返信 1件");
        await OpenActionsAsync(item, "削除する");
        await item.GetByRole(AriaRole.Button, new() { Name = "削除する" }).ClickAsync();
        item = page.Locator($"#{messageId}");
        await Expect(item).ToContainTextAsync("このメッセージは削除されました。");
        await page.ShouldHaveNoAxeViolationsAsync("chat: deleted message");
        await item.GetByRole(AriaRole.Link, new() { Name = "編集履歴" }).ClickAsync();
        await Expect(page.Heading("編集履歴")).ToBeVisibleAsync();
        await Expect(page.GetByText($"部長レクの資料を共有フォルダに置きました({tag})").First).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("chat: history");

        // On a phone: the conversation alone, the composer at the bottom within a thumb's reach.
        var phone = await fixture.NewPageAsync(390, 844);
        await using var phoneContext = phone.Context;
        await phone.SignInAsync(fixture.App, PageExtensions.Staff);
        await phone.OpenAsync(fixture.App, "/chat");
        await phone.ShouldHaveNoAxeViolationsAsync("chat: channel list (phone)");
        await Screenshots.SaveAsync(phone, "chat-list");
        await phone.OpenAsync(fixture.App, $"/chat/{channelId}");
        await Expect(phone.GetByRole(AriaRole.Button, new() { Name = "送信", Exact = true })).ToBeVisibleAsync();
        await phone.ShouldHaveNoAxeViolationsAsync("chat: channel (phone)");
        await Screenshots.SaveAsync(phone, "chat-channel");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, "chat-channel-viewport-390.png") });
    }

    /// <summary>
    /// Opens a message's actions. A live update of the message list can replace the item (and close its details)
    /// just after the click, so open it again until the button shows.
    /// </summary>
    private static async Task OpenActionsAsync(ILocator item, string button)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await item.Locator("details.chat-actions").GetAttributeAsync("open") is null)
            {
                await item.Locator("summary").ClickAsync();
            }

            try
            {
                await item.GetByRole(AriaRole.Button, new() { Name = button }).WaitForAsync(new() { Timeout = 3000 });
                return;
            }
            catch (TimeoutException) when (attempt < 4)
            {
            }
        }
    }
}
