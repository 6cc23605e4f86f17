using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>The second UI language: the same journey in English, every page axe-clean.</summary>
[Collection(EndToEndSuite.Name)]
public sealed class EnglishJourneyTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task StaffJourney_InEnglish_IsTranslatedAndAccessible()
    {
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.OpenAsync(fixture.App, "/account/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.WaitForBlazorAsync();

        await page.GetByLabel("Login", new() { Exact = true }).FillAsync(PageExtensions.Staff);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(PageExtensions.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(fixture.App.Url("/"));
        await page.WaitForBlazorAsync();

        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Portal" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex("^(Good morning|Hello), 守屋"))).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("portal (English)");

        foreach (var (path, heading) in new[]
        {
            ("/notifications", "Notifications"),
            ("/directory", "Staff directory"),
            ("/account/security", "Security"),
            ("/account/tokens", "Access tokens"),
            ("/notifications/preferences", "Notification preferences"),
        })
        {
            await page.OpenAsync(fixture.App, path);
            await Expect(page.Heading(heading)).ToBeVisibleAsync();
            await page.ShouldHaveNoAxeViolationsAsync($"{path} (English)");
        }

        // Back to Japanese from the user menu.
        await page.GetByRole(AriaRole.Banner).GetByText("守屋　美咲", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "日本語", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(page.Heading("通知の設定")).ToBeVisibleAsync();
    }
}
