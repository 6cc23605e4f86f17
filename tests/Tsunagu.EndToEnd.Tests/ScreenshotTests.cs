using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class ScreenshotTests(EndToEndFixture fixture)
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task KeyPages_AreCapturedAndAccessible_OnDesktopAndPhone(int width, int height)
    {
        var page = await fixture.NewPageAsync(width, height);
        await using var context = page.Context;

        await page.OpenAsync(fixture.App, "/account/login");
        await Screenshots.SaveAsync(page, "sign-in");

        await page.FillSignInFormAsync(PageExtensions.Admin);
        await Expect(page).ToHaveURLAsync(fixture.App.Url("/"));
        await page.WaitForBlazorAsync();
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex("さん、(おはようございます|お疲れさまです)。"))).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "portal");
        await page.ShouldHaveNoAxeViolationsAsync("portal (admin)");

        await page.OpenAsync(fixture.App, "/admin/staff");
        await Expect(page.Heading("職員")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "staff-list");
        await page.ShouldHaveNoAxeViolationsAsync("admin: staff list");

        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width, "the page scrolls sideways");
    }
}
