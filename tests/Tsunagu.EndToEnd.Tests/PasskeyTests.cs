using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class PasskeyTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Passkey_RegisteredOnTheSecurityPage_SignsInWithoutAPassword()
    {
        await using var app = await Task.Run(fixture.StartFreshApp);
        // WebAuthn needs a domain as relying party: localhost is a secure context, 127.0.0.1 is not a valid RP ID.
        var origin = app.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });

        await page.GotoAsync(origin + "/account/login");
        await page.WaitForBlazorAsync();
        await page.FillSignInFormAsync(PageExtensions.Staff);
        await Expect(page).ToHaveURLAsync(origin + "/");
        await page.GotoAsync(origin + "/account/security");
        await page.WaitForBlazorAsync();
        await Expect(page.GetByText("登録されたパスキーはありません。")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "パスキーを登録", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "パスキーを登録しました。" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "パスキー 1" })).ToHaveCountAsync(1);
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("security: passkey registered");

        await page.GetByRole(AriaRole.Banner).GetByText("守屋　美咲", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("サインアウトしました。");
        await page.WaitForBlazorAsync();

        // No login ID, no password: the authenticator offers the discoverable credential.
        await page.GetByRole(AriaRole.Button, new() { Name = "パスキーでサインイン", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(origin + "/");
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex("さん、(おはようございます|お疲れさまです)。"))).ToContainTextAsync("守屋");
    }
}
