using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests.Infrastructure;

public static class PageExtensions
{
    public const string DemoPassword = "setouchi2026";
    public const string Admin = "admin";
    public const string Staff = "moriya.misaki";

    /// <summary>
    /// Waits until blazor.web.js has started and the interactive island (the notification badge) has its circuit:
    /// Blazor replaces the prerendered badge when the circuit starts, so acting or scanning before that races it.
    /// </summary>
    public static async Task WaitForBlazorAsync(this IPage page)
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.readyState === 'complete'");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>Goes to a page of the app and waits for Blazor; fails on anything but the expected status.</summary>
    public static async Task<IResponse> OpenAsync(this IPage page, TsunaguApp app, string path, int expectedStatus = 200)
    {
        var response = await page.GotoAsync(app.Url(path)) ?? throw new InvalidOperationException($"No response for {path}.");
        response.Status.ShouldBe(expectedStatus, $"GET {path} ended at {page.Url}");
        await page.WaitForBlazorAsync();
        return response;
    }

    /// <summary>Signs in through the form, as a person would, and waits for the portal (or the page asked for).</summary>
    public static async Task SignInAsync(this IPage page, TsunaguApp app, string login, string password = DemoPassword)
    {
        await page.OpenAsync(app, "/account/login");
        await page.FillSignInFormAsync(login, password);
        await Expect(page).ToHaveURLAsync(app.Url("/"));
        await page.WaitForBlazorAsync();
    }

    public static async Task FillSignInFormAsync(this IPage page, string login, string password = DemoPassword)
    {
        await page.GetByLabel("ログインID", new() { Exact = true }).FillAsync(login);
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
    }

    /// <summary>The main menu (the navigation landmark on the left, or across the top on a phone).</summary>
    public static ILocator MainMenu(this IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー" });

    public static ILocator Heading(this IPage page, string name, int level = 1) =>
        page.GetByRole(AriaRole.Heading, new() { Name = name, Level = level, Exact = true });
}
