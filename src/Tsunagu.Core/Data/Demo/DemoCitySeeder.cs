using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Data.Demo;

/// <summary>Fills an empty database with the demo city: organisation, 828 accounts, an administrator and some activity.</summary>
public sealed class DemoCitySeeder(
    AppDbContext db,
    StaffImporter importer,
    UserManager<Account> users,
    NotificationService notifications,
    AuditLog audit,
    TimeProvider clock,
    ScheduleDemoSeeder schedules,
    ApprovalDemoSeeder approvals,
    BulletinDemoSeeder bulletins,
    CirculationDemoSeeder circulations,
    ChatDemoSeeder chat,
    MeetingDemoSeeder meetings,
    WorkRequestDemoSeeder requests,
    MinutesDemoSeeder minutes,
    StaffSurveyDemoSeeder surveys,
    StrategyDemoSeeder strategy,
    UsageDemoSeeder usage)
{
    /// <summary>Every demo account signs in with this password; a real city never runs with <c>Tsunagu:Demo</c>.</summary>
    public const string DemoPassword = "setouchi2026";

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            throw new DomainException("demo.not-empty", "データベースが空ではないため、デモデータを投入できません。");
        }

        var actor = Actor.System;
        var departments = new Dictionary<string, Department>(StringComparer.Ordinal);
        foreach (var d in DemoCityData.Departments)
        {
            var slash = d.Path.LastIndexOf('/');
            var parent = slash < 0 ? null : departments[d.Path[..slash]];
            var department = new Department(d.Name, d.Kind, parent, d.SortOrder) { ExcludedFromUsage = d.ExcludedFromUsage };
            db.Departments.Add(department);
            departments[d.Path] = department;
        }

        db.Settings.Add(new SystemSetting { Key = SystemSetting.MunicipalityName, Value = DemoCityData.MunicipalityName, UpdatedAt = clock.GetUtcNow() });
        audit.Record(actor, "demo.seeded", "organisation", $"{departments.Count} departments");
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await FoundationSearchContent.IndexDepartmentsAsync(db, departments.Values, cancellationToken); // needs their ids
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var rows = DemoCityData.Staff.Select((s, i) => new StaffRow(i + 2, s.Login, s.Name, s.Kana, s.DepartmentPath, s.Position, s.Email)).ToList();
        var plan = await importer.PlanAsync(rows, [], cancellationToken);
        await importer.ApplyAsync(plan, actor, cancellationToken);

        var admin = new Account
        {
            UserName = DemoCityData.AdminLogin,
            DisplayName = "システム管理者",
            Kana = "しすてむかんりしゃ",
            Email = "admin@city.setouchi.example.jp",
            EmailConfirmed = true,
            // A technical account, as at a real first start: not one of the city's staff, so not in a department
            // and not counted by the usage report (ADR 0010).
            CreatedAt = Clock.Truncate(clock.GetUtcNow()),
            LockoutEnabled = true,
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var created = await users.CreateAsync(admin);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join(' ', created.Errors.Select(e => e.Description)));
            }

            await users.AddToRolesAsync(admin, [Roles.SystemAdministrator, Roles.Staff]);
            await FoundationSearchContent.IndexStaffAsync(db, [admin], cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // DX戦略室's 課長 administers the organisation of their own 部.
        var dxChief = await db.Users.Where(a => a.Department!.Path == "企画振興部/DX戦略室" && a.Position!.Name == "課長").SingleAsync(cancellationToken);
        await users.AddToRoleAsync(dxChief, Roles.DepartmentAdministrator);

        // The whole DX戦略室 is the DX office: it reads the usage report and keeps the maturity levels, the roadmap and the staff surveys.
        foreach (var member in await db.Users.Where(a => a.Department!.Path == "企画振興部/DX戦略室" && a.IsActive).ToListAsync(cancellationToken))
        {
            await users.AddToRoleAsync(member, Roles.DxOffice);
        }

        // After every tracked account is saved: ExecuteUpdate bypasses the change tracker, and a later update of a
        // tracked account (as AddToRoleAsync does) would write its stale, empty password hash back.
        // Hashing 829 passwords at 100,000 PBKDF2 rounds would take a minute on two cores: hash once, share it.
        var hash = users.PasswordHasher.HashPassword(admin, DemoPassword);
        await db.Users.ExecuteUpdateAsync(s => s.SetProperty(a => a.PasswordHash, hash), cancellationToken);
        db.ChangeTracker.Clear(); // tracked accounts still hold PasswordHash = null and would write it back

        var demoStaff = await db.Users.SingleAsync(a => a.UserName == DemoCityData.DemoStaffLogin, cancellationToken);
        await notifications.NotifyAsync([demoStaff.Id, admin.Id], NotificationKinds.System, "つなぐへようこそ", "瀬戸内市のデジタル市役所「つなぐ」の利用を開始しました。右上の通知から、新しいお知らせをいつでも確認できます。", "/", cancellationToken);
        await notifications.NotifyAsync([admin.Id], NotificationKinds.Security, "多要素認証の設定をおすすめします", "管理者アカウントは認証アプリによる多要素認証(MFA)を設定してください。", "/account/security", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        await schedules.SeedAsync(cancellationToken);
        await approvals.SeedAsync(cancellationToken);
        await bulletins.SeedAsync(cancellationToken);
        await circulations.SeedAsync(cancellationToken);
        await chat.SeedAsync(cancellationToken);
        await meetings.SeedAsync(cancellationToken);
        await requests.SeedAsync(cancellationToken);
        await minutes.SeedAsync(cancellationToken);
        await surveys.SeedAsync(cancellationToken);
        await strategy.SeedAsync(cancellationToken);
        await usage.SeedAsync(cancellationToken);
    }
}
