using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class SignInPageTests(EndToEndFixture fixture)
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task SignInPage_InJapaneseAndEnglish_IsLabelledAndAccessible(int width, int height)
    {
        var page = await fixture.NewPageAsync(width, height);
        await using var context = page.Context;

        await page.OpenAsync(fixture.App, "/account/login");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(page).ToHaveTitleAsync("サインイン - つなぐ");
        await Expect(page.Heading("サインイン")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("ログインID", new() { Exact = true })).ToBeEditableAsync();
        await Expect(page.GetByLabel("パスワード", new() { Exact = true })).ToHaveAttributeAsync("type", "password");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("sign-in (日本語)");

        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(fixture.App.Url("/account/login"));
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Heading("Sign in")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Login", new() { Exact = true })).ToBeEditableAsync();
        await Expect(page.GetByLabel("Password", new() { Exact = true })).ToHaveAttributeAsync("type", "password");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("sign-in (English)");

        await page.GetByRole(AriaRole.Link, new() { Name = "日本語", Exact = true }).ClickAsync();
        await Expect(page.Heading("サインイン")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
    }

    [Fact]
    public async Task StaticAssets_LoadAndStyleThePortal_WithoutConsoleErrors()
    {
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        var log = new BrowserLog(page);

        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        // blazor.web.js ran and started the circuit of the badge.
        (await page.EvaluateAsync<bool>("() => typeof window.Blazor === 'object' && typeof window.Blazor.navigateTo === 'function'")).ShouldBeTrue();
        // tokens.css and app.css applied: the Digital Agency's tokens are defined and the shell uses them.
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--color-primitive-blue-900').trim()")).ShouldNotBeEmpty();
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('header')).position")).ShouldBe("sticky");
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor")).ShouldBe("rgb(246, 247, 249)");
        var stylesheets = await page.EvaluateAsync<string[]>("() => [...document.styleSheets].map(s => s.href ?? '')");
        stylesheets.ShouldContain(s => s.Contains("/css/app.", StringComparison.Ordinal));
        stylesheets.ShouldContain(s => s.Contains("/lib/design-tokens/tokens.", StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー" }).GetByRole(AriaRole.Link, new() { Name = "通知" }).ClickAsync();
        await Expect(page.Heading("通知")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();

        log.Problems.ShouldBeEmpty(log.Report);
    }
}
