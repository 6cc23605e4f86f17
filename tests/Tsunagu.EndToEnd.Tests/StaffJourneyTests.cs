using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed partial class StaffJourneyTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Staff_SignsIn_SeesPortalAndUsesEveryPageOfTheirOwn()
    {
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;

        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        // Portal: greeting by name, today's date in 和暦, the welcome notification.
        await Expect(page).ToHaveTitleAsync("ポータル - つなぐ");
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex("さん、(おはようございます|お疲れさまです)。"))).ToContainTextAsync("守屋");
        var tokyo = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        var reiwa = string.Create(CultureInfo.InvariantCulture, $"令和{tokyo.Year - 2018}年{tokyo.Month}月{tokyo.Day}日");
        var today = page.GetByRole(AriaRole.Region, new() { NameRegex = WarekiDate() });
        await Expect(today).ToBeVisibleAsync();
        await Expect(today).ToContainTextAsync(reiwa);
        // The newest notifications, the same first one as the notification list shows (other browser tests add
        // notifications for this account, so which one is newest depends on the order they ran in).
        var widget = page.GetByRole(AriaRole.Region, new() { Name = "新しい通知" });
        var newestInWidget = widget.Locator(".item-list a").First;
        await Expect(newestInWidget).ToBeVisibleAsync();
        var newestHref = await newestInWidget.GetAttributeAsync("href");
        newestHref.ShouldNotBeNull();
        newestHref.ShouldStartWith("/notifications/");

        // Header badge, live from the interactive island.
        var header = page.GetByRole(AriaRole.Banner);
        var badge = header.GetByRole(AriaRole.Link, new() { NameRegex = BadgeName() });
        await Expect(badge).ToBeVisibleAsync();
        var unread = int.Parse(BadgeName().Match(await badge.GetAttributeAsync("aria-label") ?? "").Groups[1].Value, CultureInfo.InvariantCulture);
        unread.ShouldBeGreaterThanOrEqualTo(1, "the demo city leaves unread notifications, つなぐへようこそ among them");
        await Expect(badge).ToHaveTextAsync(unread.ToString(CultureInfo.InvariantCulture));

        // Menu: the staff's pages, nothing of administration.
        var menu = page.MainMenu();
        foreach (var name in new[] { "ポータル", "通知", "職員名簿" })
        {
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }

        foreach (var name in new[] { "職員", "組織", "一括取り込み", "監査ログ", "システム設定", "API リファレンス" })
        {
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToHaveCountAsync(0);
        }

        await Expect(menu.GetByText("管理", new() { Exact = true })).ToHaveCountAsync(0);
        await page.ShouldHaveNoAxeViolationsAsync("portal (staff)");

        // Notifications.
        await menu.GetByRole(AriaRole.Link, new() { Name = "通知", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(fixture.App.Url("/notifications"));
        await Expect(page.Heading("通知")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByRole(AriaRole.Main).Locator("a.notification-title").First).ToHaveAttributeAsync("href", newestHref);
        // Every unread notification on the first page (20 a page) is marked as such.
        await Expect(page.GetByRole(AriaRole.Main).GetByText("未読", new() { Exact = true })).ToHaveCountAsync(Math.Min(unread, 20));
        await page.ShouldHaveNoAxeViolationsAsync("notifications");

        // Staff directory: search by surname.
        await menu.GetByRole(AriaRole.Link, new() { Name = "職員名簿", Exact = true }).ClickAsync();
        await Expect(page.Heading("職員名簿")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("directory");
        var search = page.GetByRole(AriaRole.Search, new() { Name = "職員を検索" });
        await search.GetByLabel("氏名・ふりがな").FillAsync("守屋");
        await search.GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/directory\?q=%E5%AE%88%E5%B1%8B"));
        await page.WaitForBlazorAsync();
        await Expect(page.GetByRole(AriaRole.Table).GetByText("守屋　美咲", new() { Exact = true })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("directory search results");

        // Access tokens: the secret is shown once.
        await page.OpenAsync(fixture.App, "/account/tokens");
        await Expect(page.Heading("アクセストークン")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("access tokens (none yet)");
        await page.GetByLabel("用途").FillAsync("E2E 連携テスト");
        await page.GetByLabel("有効期間").SelectOptionAsync(new SelectOptionValue { Label = "30日" });
        await page.GetByRole(AriaRole.Button, new() { Name = "発行", Exact = true }).ClickAsync();
        var created = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "アクセストークンを発行しました" });
        await Expect(created).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        var secret = await created.Locator("code").First.InnerTextAsync();
        secret.ShouldStartWith("tsn_");
        await Expect(page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Cell, new() { Name = "E2E 連携テスト", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "トークン「E2E 連携テスト」を失効" })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("access tokens (secret shown once)");

        // Shown once: reloading the page never shows it again.
        await page.OpenAsync(fixture.App, "/account/tokens");
        await Expect(page.GetByText(secret)).ToHaveCountAsync(0);

        // Security settings.
        await page.OpenAsync(fixture.App, "/account/security");
        await Expect(page.Heading("セキュリティ設定")).ToBeVisibleAsync();
        await Expect(page.Heading("多要素認証(MFA)", 2)).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("security settings");
    }

    [GeneratedRegex(@"^通知、未読 (\d+) 件$")]
    private static partial Regex BadgeName();

    [GeneratedRegex(@"^令和(\d+|元)年\d{1,2}月\d{1,2}日\((日|月|火|水|木|金|土)\)$")]
    private static partial Regex WarekiDate();
}
