using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Features.Admin;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Accounts;

/// <summary>The administrator's "MFA required" setting (security.require-mfa) sends people without MFA to enrol.</summary>
public abstract class MfaRequirementTests(FreshCity app)
{
    [Fact]
    public async Task WhenAnAdministratorRequiresMfa_StaffWithoutIt_AreSentToEnrol()
    {
        var login = Logins.Unique("nomfa");
        await app.CreateAccountAsync(login, Roles.Staff);
        using var browser = await app.SignedInAsync(login);
        var token = await app.CreateTokenAsync(login);
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var adminId = await app.AccountIdAsync("admin");
        await app.InScopeAsync(sp => sp.GetRequiredService<SettingsService>().SetAsync(SystemSetting.RequireMfa, "true", new Actor(adminId, "admin", null)));

        foreach (var path in new[] { "/", "/notifications", "/account/tokens" })
        {
            var response = await browser.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            response.Headers.Location!.OriginalString.ShouldBe("/account/security?required=1", path);
        }

        var (enrol, text) = await browser.GetTextAsync("/account/security?required=1");
        enrol.StatusCode.ShouldBe(HttpStatusCode.OK, string.Join("\n", app.Factory.Errors.All));
        text.ShouldContain("多要素認証が必須です");

        // Automation with a token is not a person at a browser: the API still answers.
        using var api = app.ApiClient(token.Secret);
        (await api.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // And the person can still sign out from the enrolment page.
        var signOut = await browser.SubmitAsync("/account/security?required=1", f => f.Action == "/account/logout", []);
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        browser.HasAuthCookie.ShouldBeFalse();

        (await app.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "setting.changed" && e.Target == "setting:" + SystemSetting.RequireMfa && e.ActorId == adminId)))
            .ShouldBeTrue();
    }
}

public sealed class MfaRequirementTests_Sqlite(SqliteFreshCity app) : MfaRequirementTests(app), IClassFixture<SqliteFreshCity>;

public sealed class MfaRequirementTests_PostgreSql(PostgreSqlFreshCity app) : MfaRequirementTests(app), IClassFixture<PostgreSqlFreshCity>;
