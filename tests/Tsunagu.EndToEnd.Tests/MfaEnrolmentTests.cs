using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class MfaEnrolmentTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Mfa_EnrolledWithTheShownKey_IsAskedForAtTheNextSignIn()
    {
        // MFA on the admin would change every other test's sign-in: this one gets a city of its own.
        await using var app = await Task.Run(fixture.StartFreshApp);
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(app, PageExtensions.Admin);

        await page.OpenAsync(app, "/account/security");
        await Expect(page.Heading("セキュリティ設定")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "認証アプリで読み取る QR コード" })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("security: MFA not set up");
        var key = (await page.Locator("code.key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        key.ShouldMatch("^[a-z2-7]{16,}$");

        await page.GetByLabel("アプリに表示された6桁の確認コード").FillAsync(Totp.Code(key, TimeProvider.System.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "有効にする", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "多要素認証を有効にしました" })).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        var recoveryCodes = page.GetByRole(AriaRole.List, new() { Name = "回復コード" }).GetByRole(AriaRole.Listitem);
        await Expect(recoveryCodes).ToHaveCountAsync(10);
        await Expect(page.GetByText("有効", new() { Exact = true })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("security: MFA enabled, recovery codes shown");

        await page.GetByRole(AriaRole.Banner).GetByText("システム管理者", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("サインアウトしました。");

        await page.FillSignInFormAsync(PageExtensions.Admin);
        await Expect(page).ToHaveURLAsync(app.Url("/account/login-mfa?ReturnUrl=%2F"));
        await Expect(page.Heading("確認コードの入力")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("sign-in: verification code");

        await page.GetByLabel("確認コード", new() { Exact = true }).FillAsync(Totp.Code(key, TimeProvider.System.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.Url("/"));
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex("さん、(おはようございます|お疲れさまです)。"))).ToContainTextAsync("システム管理者");
    }

    [Fact]
    public void Totp_MatchesTheRfc6238TestVector()
    {
        // RFC 6238 appendix B, SHA-1: secret "12345678901234567890", T = 59 s -> 94287082 (8 digits).
        var secret = "12345678901234567890"u8.ToArray();
        Totp.Code(secret, 59 / 30, digits: 8).ShouldBe("94287082");
        Totp.Code(secret, 1111111109 / 30, digits: 8).ShouldBe("07081804");
        Totp.Base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").ShouldBe(secret);
    }
}
