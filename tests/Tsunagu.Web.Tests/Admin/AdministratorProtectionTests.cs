using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Tests.Infrastructure;
using Xunit;

namespace Tsunagu.Web.Tests.Admin;

/// <summary>Review findings: a department administrator must not take over an administrator; hostile input is a 4xx.</summary>
public abstract class AdministratorProtectionTests(TsunaguApp app)
{
    [Fact]
    public async Task DepartmentAdmin_OpeningTheSystemAdministrator_Is403_AndCannotResetItsPassword()
    {
        var departmentAdmin = await app.InScopeAsync(async sp =>
            (await sp.GetRequiredService<UserManager<Account>>().GetUsersInRoleAsync(Roles.DepartmentAdministrator)).Single().UserName!);
        var adminId = await app.AccountIdAsync(DemoCityData.AdminLogin);
        var hashBefore = await app.QueryAsync(db => Task.FromResult(db.Users.Single(a => a.Id == adminId).PasswordHash));
        using var browser = await app.SignedInAsync(departmentAdmin);

        var page = await browser.GetAsync($"/admin/staff/{adminId}");

        page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await page.Content.ReadAsStringAsync()).ShouldNotContain("パスワードを再設定");
        (await app.QueryAsync(db => Task.FromResult(db.Users.Single(a => a.Id == adminId).PasswordHash))).ShouldBe(hashBefore);
    }

    [Theory]
    [InlineData("/%5Cevil.example")]
    [InlineData("//evil.example")]
    [InlineData("/%2F%2Fevil.example")]
    [InlineData("https://evil.example/")]
    public async Task CultureSwitch_WithAForeignReturnUrl_GoesHome_NotAway(string returnUrl)
    {
        using var browser = app.NewBrowser();
        var response = await browser.GetAsync("/culture?culture=en&returnUrl=" + returnUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task HugePageNumbers_AreClampedNot500()
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);
        (await api.GetAsync(new Uri("/api/v1/staff?page=2147483647", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetAsync(new Uri("/api/v1/notifications?page=2147483647", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        (await browser.GetAsync("/directory?page=2147483647")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class AdministratorProtectionTests_Sqlite(SqliteDemoCity app) : AdministratorProtectionTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class AdministratorProtectionTests_PostgreSql(PostgreSqlDemoCity app) : AdministratorProtectionTests(app);
