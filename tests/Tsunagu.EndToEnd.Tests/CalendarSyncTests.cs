using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>The calendar sync page: a secret feed address, an .ics import checked before it is written, and the export.</summary>
[Collection(EndToEndSuite.Name)]
public sealed partial class CalendarSyncTests(EndToEndFixture fixture)
{
    /// <summary>Two weeks from today, within the export's reach.</summary>
    private static readonly string Day = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).AddDays(14).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string Ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//E2E//JA\r\n"
        + "BEGIN:VEVENT\r\nUID:e2e-sync-1@example\r\nDTSTAMP:20300101T000000Z\r\nDTSTART;TZID=Asia/Tokyo:" + Day + "T140000\r\n"
        + "DTEND;TZID=Asia/Tokyo:" + Day + "T153000\r\nSUMMARY:取り込みE2E研修\r\nLOCATION:研修室\r\nCATEGORIES:研修\r\nEND:VEVENT\r\n"
        + "END:VCALENDAR\r\n";

    [Fact]
    public async Task Sync_CreateFeedAddress_ImportAFile_AndExport()
    {
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);
        await page.OpenAsync(fixture.App, "/schedule/sync");
        await Expect(page.Heading("カレンダー連携")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("sync: first visit");

        // The feed address, shown once; a calendar program reads it without signing in.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = CreateButton() }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "購読用 URL を発行しました" })).ToBeVisibleAsync();
        var address = page.GetByRole(AriaRole.Textbox, new() { Name = "購読用 URL" });
        await Expect(address).ToHaveValueAsync(FeedAddress());
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("sync: feed address created");
        var feedUrl = await address.InputValueAsync();
        await using (var anonymous = await fixture.Browser.NewContextAsync())
        {
            var feed = await anonymous.APIRequest.GetAsync(feedUrl);
            feed.Status.ShouldBe(200);
            feed.Headers["content-type"].ShouldStartWith("text/calendar");
            (await feed.TextAsync()).ShouldContain("BEGIN:VCALENDAR");
        }

        // Import: checked first, then written.
        await page.GetByLabel(".ics ファイル", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "研修.ics", MimeType = "text/calendar", Buffer = Encoding.UTF8.GetBytes(Ics) });
        await page.GetByRole(AriaRole.Button, new() { Name = "内容を確認する" }).ClickAsync();
        var apply = page.GetByRole(AriaRole.Button, new() { Name = "1 件の予定を登録する" });
        await Expect(apply).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("sync: import checked");
        await Screenshots.SaveAsync(page, "schedule-sync-preview");
        await apply.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "1 件の予定を登録しました" })).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("sync: imported");

        // A file with a broken event is refused as a whole, with the line and the reason.
        var broken = Ics.Replace(Day + "T153000", Day + "T130000", StringComparison.Ordinal)
            .Replace("e2e-sync-1", "e2e-sync-broken", StringComparison.Ordinal);
        await page.GetByLabel(".ics ファイル", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "壊れた.ics", MimeType = "text/calendar", Buffer = Encoding.UTF8.GetBytes(broken) });
        await page.GetByRole(AriaRole.Button, new() { Name = "内容を確認する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "1 件の問題" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "e2e-sync-broken@example" })).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("sync: import refused");

        // Export: the imported event is in the download.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = ".ics ファイルをダウンロード" }).ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".ics");
        var path = await download.PathAsync();
        (await File.ReadAllTextAsync(path)).ShouldContain("SUMMARY:取り込みE2E研修");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.SaveAsync(page, "schedule-sync");
    }

    [Fact]
    public async Task SyncPage_OnAPhone_HasNoSidewaysScroll()
    {
        var page = await fixture.NewPageAsync(390, 844);
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);
        await page.OpenAsync(fixture.App, "/schedule/sync");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = CreateButton() }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "購読用 URL" })).ToHaveValueAsync(FeedAddress());
        await page.WaitForBlazorAsync();

        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
        overflow.ShouldBeFalse();
        var small = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('main button, main a.button')].filter(e => e.getBoundingClientRect().height < 44).map(e => e.textContent.trim())");
        small.ShouldBeEmpty();
        await page.ShouldHaveNoAxeViolationsAsync("sync on a phone");
        await Screenshots.SaveAsync(page, "schedule-sync");
    }

    /// <summary>購読用 URL を発行する, or URL を発行し直す when the person already has one.</summary>
    [GeneratedRegex("URL を発行")]
    private static partial Regex CreateButton();

    [GeneratedRegex(@"^https?://.+/calendar/tsc_[A-Za-z0-9_-]+\.ics$")]
    private static partial Regex FeedAddress();
}
