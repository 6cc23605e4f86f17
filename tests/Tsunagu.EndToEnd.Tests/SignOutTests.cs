using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class SignOutTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task SignOut_FromTheUserMenu_EndsTheSession()
    {
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        var header = page.GetByRole(AriaRole.Banner);
        await header.GetByText("守屋　美咲", new() { Exact = true }).ClickAsync();
        var signOut = header.GetByRole(AriaRole.Button, new() { Name = "サインアウト", Exact = true });
        await Expect(signOut).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("portal with the user menu open");
        await signOut.ClickAsync();

        await Expect(page).ToHaveURLAsync(fixture.App.Url("/account/login?signedOut=true"));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("サインアウトしました。");
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("sign-in after signing out");

        await page.GotoAsync(fixture.App.Url("/"));
        await Expect(page).ToHaveURLAsync(fixture.App.Url("/account/login?ReturnUrl=%2F"));
        await Expect(page.Heading("サインイン")).ToBeVisibleAsync();
        (await context.CookiesAsync()).ShouldNotContain(c => c.Name == "tsunagu.auth");
    }
}
