using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Tests.Data;

public sealed class DemoCityTests
{
    // SHA-256 over "login<TAB>name<TAB>kana<TAB>department<TAB>position\n" of every account, by login (ordinal).
    // Recorded from the first seeded database: if this changes, the demo city changed (or stopped being deterministic),
    // and screenshots, docs and the usage figures built on it need to be looked at too.
    // Changed once on purpose: the administrator left DX戦略室 (a technical account has no department; ADR 0010).
    private const string Fingerprint = "3471b0dde4b6b563b737bb7470af04dcbd953fc9237e42d899da4642608babd7";

    [Theory, DatabaseData]
    public async Task Seed_BuildsTheSetouchiStaff_TheSameEveryTime_AllWithTheDemoPassword(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);

        var result = await Bootstrapper.RunAsync(db.Services, demo: true, adminPassword: null);

        result.ShouldBe(new BootstrapResult(true, true, null));
        (await db.QueryAsync(c => c.Users.CountAsync(a => a.UserName != DemoCityData.AdminLogin))).ShouldBe(828);
        (await db.QueryAsync(c => c.Users.CountAsync(a => a.UserName == DemoCityData.AdminLogin))).ShouldBe(1);
        (await db.QueryAsync(c => c.Users.CountAsync(a => a.UserName != DemoCityData.AdminLogin && !a.Department!.ExcludedFromUsage))).ShouldBe(605);
        (await db.QueryAsync(c => c.Users.CountAsync(a => a.Department!.ExcludedFromUsage))).ShouldBe(223);
        (await db.QueryAsync(c => c.Users.CountAsync(a => a.UserName != DemoCityData.AdminLogin && (a.DepartmentId == null || a.PositionId == null)))).ShouldBe(0);
        foreach (var executive in new[] { "市長", "副市長", "教育長" })
        {
            (await db.QueryAsync(c => c.Users.CountAsync(a => a.Position!.Name == executive))).ShouldBe(1, executive);
        }

        (await db.QueryAsync(c => c.Departments.Where(d => d.ParentId == null && d.ExcludedFromUsage).Select(d => d.Name).ToListAsync()))
            .ShouldBe(["消防本部", "市民病院"], ignoreOrder: true);
        (await db.QueryAsync(c => c.Settings.Where(s => s.Key == SystemSetting.MunicipalityName).Select(s => s.Value).SingleAsync())).ShouldBe("瀬戸内市");
        (await db.QueryAsync(c => c.Notifications.CountAsync())).ShouldBeGreaterThan(0);
        (await db.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync())).Intact.ShouldBeTrue();

        // The usage report counts the seed's 605 once the fire department and the hospital are left out (not the admin).
        var usage = await db.InScopeAsync(sp => sp.GetRequiredService<UsageReportService>()
            .ReportAsync(new UsageReportOptions(new DateOnly(2026, 4, 1), new DateOnly(2026, 9, 30)) { ExcludedDepartments = ["消防本部", "市民病院"] }));
        usage.ActiveAccounts.ShouldBe(605);

        // Deterministic: a second fresh database gets exactly the same people, and so did the run that recorded the constant.
        var fingerprint = await FingerprintAsync(db);
        await using (var again = await TestDatabase.CreateEmptyAsync(database))
        {
            await Bootstrapper.RunAsync(again.Services, demo: true, adminPassword: null);
            (await FingerprintAsync(again)).ShouldBe(fingerprint);
        }

        fingerprint.ShouldBe(Fingerprint);

        await db.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var admin = (await users.FindByNameAsync(DemoCityData.AdminLogin)).ShouldNotBeNull();
            (await users.IsInRoleAsync(admin, Roles.SystemAdministrator)).ShouldBeTrue();
            var demo = (await users.FindByNameAsync(DemoCityData.DemoStaffLogin)).ShouldNotBeNull();
            demo.DisplayName.ShouldBe("守屋\u3000美咲");
            var departmentAdmin = (await users.GetUsersInRoleAsync(Roles.DepartmentAdministrator)).ShouldHaveSingleItem();
            admin.DepartmentId.ShouldBeNull();
            (await users.GetUsersInRoleAsync(Roles.DxOffice)).Select(a => a.UserName).ShouldContain(DemoCityData.DemoStaffLogin);
            (await users.IsInRoleAsync(departmentAdmin, Roles.DxOffice)).ShouldBeTrue();
            foreach (var account in new[] { demo, admin, departmentAdmin })
            {
                (await users.CheckPasswordAsync(account, DemoCitySeeder.DemoPassword)).ShouldBeTrue($"{account.UserName} signs in with the demo password");
            }
        });

        // One hash shared by every account: the seed hashes the demo password once.
        (await db.QueryAsync(c => c.Users.Where(a => a.PasswordHash == null).Select(a => a.UserName).ToListAsync())).ShouldBeEmpty();
        (await db.QueryAsync(c => c.Users.Select(a => a.PasswordHash).Distinct().CountAsync())).ShouldBe(1);
    }

    private static Task<string> FingerprintAsync(TestDatabase db) =>
        db.QueryAsync(async c =>
        {
            var accounts = await c.Users.AsNoTracking()
                .Select(a => new { a.UserName, a.DisplayName, a.Kana, Department = a.Department!.Path, Position = a.Position!.Name })
                .ToListAsync();
            var text = new StringBuilder();
            foreach (var a in accounts.OrderBy(a => a.UserName, StringComparer.Ordinal))
            {
                text.Append(a.UserName).Append('\t').Append(a.DisplayName).Append('\t').Append(a.Kana).Append('\t')
                    .Append(a.Department).Append('\t').Append(a.Position).Append('\n');
            }

            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        });
}
