using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Accounts;

/// <summary>Sign-in and sign-out through the real form, with the lockout and the audit trail they leave.</summary>
public abstract class SignInTests(TsunaguApp app)
{
    private const string FailedText = "ログインIDまたはパスワードが正しくありません";
    private const string LockedText = "一時的にロックしています";

    [Fact]
    public async Task SignIn_WithTheRightPassword_SetsTheCookie_ReturnsToTheRequestedPage_AndIsAudited()
    {
        var login = Logins.Unique("signin");
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        using var browser = app.NewBrowser();

        var response = await browser.SignInAsync(login, TsunaguApp.Password, "/account/login?ReturnUrl=%2Fnotifications");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        LocalTarget(response).ShouldBe("/notifications");
        browser.HasAuthCookie.ShouldBeTrue();
        (await browser.GetAsync("/notifications")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var entry = await LastAuditAsync("signin.succeeded", $"account:{account.Id}");
        entry.ActorId.ShouldBe(account.Id);
        entry.Address.ShouldBe(browser.Address);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task SignIn_WithAReturnUrlToAnotherSite_GoesToThePortal(string returnUrl)
    {
        using var browser = app.NewBrowser();
        var response = await browser.SignInAsync(Tsunagu.Core.Data.Demo.DemoCityData.DemoStaffLogin, TsunaguApp.Password, "/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        LocalTarget(response).ShouldBe("/");
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_Is400_SaysSoInJapanese_AndIsAudited()
    {
        var login = Logins.Unique("wrongpw");
        await app.CreateAccountAsync(login, Roles.Staff);
        using var browser = app.NewBrowser();

        var response = await browser.SignInAsync(login, "not-the-password-1");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await response.Content.ReadAsStringAsync()).ShouldContain(FailedText);
        browser.HasAuthCookie.ShouldBeFalse();
        var entry = await LastAuditAsync("signin.failed", $"login:{login}");
        entry.Details.ShouldBe("bad-credentials");
        entry.Address.ShouldBe(browser.Address);
    }

    [Fact]
    public async Task SignIn_ForAnUnknownLogin_AnswersLikeAWrongPassword()
    {
        using var browser = app.NewBrowser();
        var response = await browser.SignInAsync(Logins.Unique("nobody"), TsunaguApp.Password);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await response.Content.ReadAsStringAsync()).ShouldContain(FailedText);
    }

    [Fact]
    public async Task FiveFailures_LockTheAccountForFifteenMinutes_ThenTheRightPasswordWorksAgain()
    {
        var login = Logins.Unique("lockout");
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        using var browser = app.NewBrowser();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await browser.SignInAsync(login, "not-the-password-1");
            failed.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"attempt {attempt}");
        }

        var fifth = await browser.SignInAsync(login, "not-the-password-1");
        Html.Readable(await fifth.Content.ReadAsStringAsync()).ShouldContain(LockedText);
        fifth.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // Locked: even the right password is refused, with the lock message.
        var right = await browser.SignInAsync(login, TsunaguApp.Password);
        right.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        Html.Readable(await right.Content.ReadAsStringAsync()).ShouldContain(LockedText);
        browser.HasAuthCookie.ShouldBeFalse();
        (await LastAuditAsync("signin.failed", $"login:{login}")).Details.ShouldBe("locked-out");

        // Identity's UserManager reads the system clock, not TimeProvider: check the end it set, then let it pass.
        var now = TimeProvider.System.GetUtcNow();
        var end = await app.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            return await users.GetLockoutEndDateAsync((await users.FindByIdAsync(account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))!);
        });
        end.ShouldNotBeNull();
        end.Value.ShouldBeGreaterThan(now.AddMinutes(14));
        end.Value.ShouldBeLessThanOrEqualTo(now.AddMinutes(15));

        await app.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var user = (await users.FindByIdAsync(account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
            (await users.SetLockoutEndDateAsync(user, TimeProvider.System.GetUtcNow().AddSeconds(-1))).Succeeded.ShouldBeTrue();
        });
        var afterwards = await browser.SignInAsync(login, TsunaguApp.Password);
        afterwards.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        browser.HasAuthCookie.ShouldBeTrue();
    }

    [Fact]
    public async Task DeactivatedAccount_CannotSignIn()
    {
        var login = Logins.Unique("inactive");
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        await app.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(account.Id, Actor.System));
        using var browser = app.NewBrowser();

        var response = await browser.SignInAsync(login, TsunaguApp.Password);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await response.Content.ReadAsStringAsync()).ShouldContain(FailedText);
        browser.HasAuthCookie.ShouldBeFalse();
        (await LastAuditAsync("signin.failed", $"login:{login}")).Details.ShouldBe("inactive");
    }

    [Fact]
    public async Task SignOut_WithoutTheAntiforgeryToken_IsRefused_AndKeepsTheSession()
    {
        using var browser = await app.SignedInAsync(Tsunagu.Core.Data.Demo.DemoCityData.DemoStaffLogin);
        using var empty = new FormUrlEncodedContent([]);

        var response = await browser.Client.PostAsync(new Uri("/account/logout", UriKind.Relative), empty);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        browser.HasAuthCookie.ShouldBeTrue();
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignOut_WithTheForm_ClearsTheCookie_AndIsAudited()
    {
        var login = Logins.Unique("signout");
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        using var browser = await app.SignedInAsync(login);

        var response = await browser.SignOutAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        LocalTarget(response).ShouldBe("/account/login?signedOut=true");
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(TestBrowser.AuthCookie + "=;", StringComparison.Ordinal));
        browser.HasAuthCookie.ShouldBeFalse();
        var after = await browser.GetAsync("/");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.PathAndQuery.ShouldStartWith("/account/login?ReturnUrl=");
        (await LastAuditAsync("signout", $"account:{account.Id}")).ActorId.ShouldBe(account.Id);
    }

    /// <summary>Where a redirect goes, which must be this site (Blazor writes absolute URLs, minimal APIs relative ones).</summary>
    private static string LocalTarget(HttpResponseMessage response)
    {
        var location = response.Headers.Location.ShouldNotBeNull();
        if (!location.IsAbsoluteUri)
        {
            return location.OriginalString;
        }

        location.Authority.ShouldBe("localhost");
        return location.PathAndQuery;
    }

    private Task<AuditEntry> LastAuditAsync(string action, string target) =>
        app.QueryAsync(async db =>
            await db.AuditEntries.Where(e => e.Action == action && e.Target == target).OrderByDescending(e => e.Sequence).FirstOrDefaultAsync()
            ?? throw new ShouldAssertException($"no audit entry {action} {target}"));
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class SignInTests_Sqlite(SqliteDemoCity app) : SignInTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class SignInTests_PostgreSql(PostgreSqlDemoCity app) : SignInTests(app);
