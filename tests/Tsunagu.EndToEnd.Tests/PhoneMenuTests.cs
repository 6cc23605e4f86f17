using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class PhoneMenuTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Phone_MenuIsFoldedBehindOneButton_AndOpensByTouch()
    {
        var page = await fixture.NewPageAsync(390, 844);
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);
        await page.WaitForBlazorAsync();

        // The page starts with its own content: the menu's links are folded away.
        var menu = page.MainMenu();
        await Expect(menu).ToHaveCountAsync(0);
        var greeting = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        var box = await greeting.BoundingBoxAsync();
        box.ShouldNotBeNull();
        box.Y.ShouldBeLessThan(250, "the page heading is near the top of a phone screen, not below the menu");

        var button = page.GetByText("メニュー", new() { Exact = true });
        await button.ClickAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "会議", Exact = true })).ToBeVisibleAsync();
        var link = await menu.GetByRole(AriaRole.Link, new() { Name = "通知", Exact = true }).BoundingBoxAsync();
        link.ShouldNotBeNull();
        link.Height.ShouldBeGreaterThanOrEqualTo(44, "menu entries are large enough for a thumb");
        await Screenshots.SaveAsync(page, "phone-menu-open");
        await page.ShouldHaveNoAxeViolationsAsync("phone menu (open)");

        await menu.GetByRole(AriaRole.Link, new() { Name = "通知", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(fixture.App.Url("/notifications"));
        await Expect(page.Heading("通知")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Desktop_MenuIsAlwaysShown_WithoutTheFoldButton()
    {
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);
        await Expect(page.MainMenu().GetByRole(AriaRole.Link, new() { Name = "会議", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("メニュー", new() { Exact = true })).ToBeHiddenAsync();
    }
}
