using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Data;

public sealed class BootstrapperTests
{
    private const string Password = "Tsunagu-admin-2026";

    [Theory, DatabaseData]
    public async Task Run_OnEmptyDatabase_CreatesOnlyAdminWithGivenPassword(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);

        var result = await Bootstrapper.RunAsync(db.Services, demo: false, Password);

        result.ShouldBe(new BootstrapResult(true, false, null));
        (await db.QueryAsync(c => c.Users.Select(a => a.UserName).ToListAsync())).ShouldBe(["admin"]);
        await db.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var admin = (await users.FindByNameAsync("admin")).ShouldNotBeNull();
            (await users.CheckPasswordAsync(admin, Password)).ShouldBeTrue();
            (await users.CheckPasswordAsync(admin, "wrong-Password-1")).ShouldBeFalse();
            (await users.GetRolesAsync(admin)).OrderBy(r => r, StringComparer.Ordinal).ShouldBe([Roles.Staff, Roles.SystemAdministrator]);
            admin.IsActive.ShouldBeTrue();
            admin.CreatedAt.ShouldBe(TestDatabase.Start);
        });
        (await db.QueryAsync(c => c.Positions.Select(p => p.Name).ToListAsync())).Count.ShouldBe(Position.Standard.Count);
        (await db.QueryAsync(c => c.Roles.Select(r => r.Name).ToListAsync())).ShouldBe(Roles.All, ignoreOrder: true);
        (await db.QueryAsync(c => c.Departments.CountAsync())).ShouldBe(0);
        // The shipped forms that need no particular office (物品購入伺 waits for a 財政課) are installed, each audited.
        (await db.QueryAsync(c => c.FormDefinitions.Select(f => f.Code).ToListAsync())).ShouldBe(
            [FormTemplates.Kian, FormTemplates.Trip, FormTemplates.Leave, FormTemplates.Overtime], ignoreOrder: true);
        (await db.QueryAsync(c => c.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync())).ShouldBe(
            ["admin.created", "form.created", "form.created", "form.created", "form.created"]);
        (await db.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync())).Intact.ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task Run_WithoutPassword_ReturnsAGeneratedPasswordThatWorks(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);

        var result = await Bootstrapper.RunAsync(db.Services, demo: false, adminPassword: null);

        result.Created.ShouldBeTrue();
        var generated = result.GeneratedAdminPassword.ShouldNotBeNull();
        generated.Length.ShouldBeGreaterThanOrEqualTo(16);
        await db.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var admin = (await users.FindByNameAsync("admin")).ShouldNotBeNull();
            (await users.CheckPasswordAsync(admin, generated)).ShouldBeTrue();
        });
    }

    [Theory, DatabaseData]
    public async Task Run_Twice_LeavesTheFirstAdminAlone(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);
        await Bootstrapper.RunAsync(db.Services, demo: false, Password);

        var second = await Bootstrapper.RunAsync(db.Services, demo: false, "Another-password-9");
        var demo = await Bootstrapper.RunAsync(db.Services, demo: true, null);

        second.ShouldBe(new BootstrapResult(false, false, null));
        demo.ShouldBe(new BootstrapResult(false, false, null));
        (await db.QueryAsync(c => c.Users.CountAsync())).ShouldBe(1);
        (await db.QueryAsync(c => c.Positions.CountAsync())).ShouldBe(Position.Standard.Count);
        await db.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            (await users.CheckPasswordAsync((await users.FindByNameAsync("admin"))!, Password)).ShouldBeTrue();
        });
    }

    [Theory, DatabaseData]
    public async Task Run_WithPasswordBreakingTheRules_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);

        await Should.ThrowAsync<InvalidOperationException>(() => Bootstrapper.RunAsync(db.Services, demo: false, "short"));

        (await db.QueryAsync(c => c.Users.CountAsync())).ShouldBe(0);
    }
}
