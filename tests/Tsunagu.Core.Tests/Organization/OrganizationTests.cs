using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Organization;

public sealed class DepartmentTests
{
    [Fact]
    public void MoveUnder_ItsOwnDescendant_IsRefused()
    {
        var somu = new Department("総務部", "部", null, 1);
        var soumuka = new Department("総務課", "課", somu, 1);
        var jinji = new Department("人事係", "係", soumuka, 1);

        Should.Throw<DomainException>(() => somu.MoveUnder(jinji)).Code.ShouldBe("department.cycle");
        Should.Throw<DomainException>(() => somu.MoveUnder(soumuka)).Code.ShouldBe("department.cycle");
        Should.Throw<DomainException>(() => soumuka.MoveUnder(soumuka)).Code.ShouldBe("department.cycle");
        somu.Parent.ShouldBeNull();
        somu.Path.ShouldBe("総務部");
    }

    [Fact]
    public void MoveUnder_AnotherBranch_RefreshesPaths()
    {
        var somu = new Department("総務部", "部", null, 1);
        var kikaku = new Department("企画振興部", "部", null, 2);
        var dx = new Department("DX戦略室", "室", somu, 1);
        var team = new Department("推進係", "係", dx, 1);
        dx.Children.Add(team);

        dx.MoveUnder(kikaku);

        dx.Path.ShouldBe("企画振興部/DX戦略室");
        team.Path.ShouldBe("企画振興部/DX戦略室/推進係");
        dx.MoveUnder(null);
        team.Path.ShouldBe("DX戦略室/推進係");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("総務部/総務課")]
    public void New_WithInvalidName_IsRefused(string name) =>
        Should.Throw<DomainException>(() => new Department(name, "課", null, 1)).Code.ShouldBe("department.invalid-name");

    [Fact]
    public void New_WithNameLongerThan60_IsRefused() =>
        Should.Throw<DomainException>(() => new Department(new string('課', 61), "課", null, 1));

    [Theory, DatabaseData]
    public async Task Rename_RefreshesEveryDescendantsPath(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (somu, _, _) = await CreateTreeAsync(db);
        var other = await Service(db, s => s.CreateDepartmentAsync("市民部", "部", null, Actor.System));

        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().RenameDepartmentAsync(somu.Id, "総務局", Actor.System));

        var paths = await db.QueryAsync(c => c.Departments.OrderBy(d => d.Id).Select(d => d.Path).ToListAsync());
        paths.ShouldBe(["総務局", "総務局/総務課", "総務局/総務課/人事係", "総務局/財政課", "市民部"]);
        other.Path.ShouldBe("市民部");
        (await db.QueryAsync(c => c.AuditEntries.Where(e => e.Action == "department.renamed").Select(e => e.Details).SingleAsync()))
            .ShouldBe("総務部 -> 総務局");
    }

    [Theory, DatabaseData]
    public async Task Rename_ToASiblingsName_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (_, soumuka, _) = await CreateTreeAsync(db);

        var refused = await Should.ThrowAsync<DomainException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().RenameDepartmentAsync(soumuka.Id, "財政課", Actor.System)));

        refused.Code.ShouldBe("department.duplicate");
        (await db.QueryAsync(c => c.Departments.Where(d => d.Id == soumuka.Id).Select(d => d.Path).SingleAsync())).ShouldBe("総務部/総務課");
    }

    [Theory, DatabaseData]
    public async Task Create_WithExistingPath_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (somu, _, _) = await CreateTreeAsync(db);

        var refused = await Should.ThrowAsync<DomainException>(() => Service(db, s => s.CreateDepartmentAsync("総務課", "課", somu.Id, Actor.System)));

        refused.Code.ShouldBe("department.duplicate");
    }

    private static async Task<(Department Somu, Department Soumuka, Department Jinji)> CreateTreeAsync(TestDatabase db)
    {
        var somu = await Service(db, s => s.CreateDepartmentAsync("総務部", "部", null, Actor.System));
        var soumuka = await Service(db, s => s.CreateDepartmentAsync("総務課", "", somu.Id, Actor.System));
        var jinji = await Service(db, s => s.CreateDepartmentAsync("人事係", "", soumuka.Id, Actor.System));
        await Service(db, s => s.CreateDepartmentAsync("財政課", "課", somu.Id, Actor.System));
        soumuka.Kind.ShouldBe("課");
        jinji.Kind.ShouldBe("係");
        return (somu, soumuka, jinji);
    }

    private static Task<T> Service<T>(TestDatabase db, Func<OrganizationService, Task<T>> action) =>
        db.InScopeAsync(sp => action(sp.GetRequiredService<OrganizationService>()));
}

public sealed class StaffTests
{
    [Theory, DatabaseData]
    public async Task Create_WithMalformedEmailOrKana_IsRefused_AndWritesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await db.CreateStaffAsync("first.person");
        var before = await db.QueryAsync(c => c.Users.CountAsync());

        var badEmail = await Should.ThrowAsync<DomainException>(() => db.CreateStaffAsync("second.person", email: "not-an-address"));
        badEmail.Message.ShouldContain("メールアドレス");
        var badKana = await Should.ThrowAsync<DomainException>(() => db.InScopeAsync(async sp =>
        {
            var c = sp.GetRequiredService<AppDbContext>();
            var department = await c.Departments.SingleAsync(d => d.Path == "総務部/総務課");
            var position = await c.Positions.SingleAsync(p => p.Name == "主事");
            return await sp.GetRequiredService<OrganizationService>()
                .CreateStaffAsync(new StaffInput("third.person", "三人目", "Sannin", department.Id, position.Id, null), Actor.System);
        }));
        badKana.Message.ShouldContain("ふりがな");

        (await db.QueryAsync(c => c.Users.CountAsync())).ShouldBe(before);
        (await db.QueryAsync(c => c.AuditEntries.CountAsync(e => e.Action == "staff.created"))).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Deactivate_KeepsTheAccountRow_AsInactive(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var admin = await db.CreateStaffAsync("admin.user", position: "課長");
        var staff = await db.CreateStaffAsync("yamada.taro");
        var stamp = staff.SecurityStamp;
        db.Clock.Advance(TimeSpan.FromHours(2));

        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(staff.Id, new Actor(admin.Id, "admin.user", null)));

        var stored = await db.QueryAsync(c => c.Users.AsNoTracking().SingleAsync(a => a.Id == staff.Id));
        stored.IsActive.ShouldBeFalse();
        stored.DeactivatedAt.ShouldBe(TestDatabase.Start.AddHours(2));
        stored.SecurityStamp.ShouldNotBe(stamp);
        stored.UserName.ShouldBe("yamada.taro");
        (await db.QueryAsync(c => c.Users.CountAsync())).ShouldBe(2);
        var entry = await db.QueryAsync(c => c.AuditEntries.SingleAsync(e => e.Action == "staff.deactivated"));
        entry.ActorId.ShouldBe(admin.Id);
        entry.Target.ShouldBe($"account:{staff.Id}");
    }

    [Theory, DatabaseData]
    public async Task Deactivate_Yourself_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var admin = await db.CreateStaffAsync("admin.user", position: "課長");

        var refused = await Should.ThrowAsync<DomainException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(admin.Id, new Actor(admin.Id, "admin.user", null))));

        refused.Code.ShouldBe("staff.self-deactivate");
        (await db.QueryAsync(c => c.Users.Where(a => a.Id == admin.Id).Select(a => a.IsActive).SingleAsync())).ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task Deactivate_Twice_IsRefused_AndReactivateRestores(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var staff = await db.CreateStaffAsync("yamada.taro");
        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(staff.Id, Actor.System));

        var refused = await Should.ThrowAsync<DomainException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(staff.Id, Actor.System)));
        refused.Code.ShouldBe("account.already-inactive");

        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().ReactivateStaffAsync(staff.Id, Actor.System));
        var stored = await db.QueryAsync(c => c.Users.AsNoTracking().SingleAsync(a => a.Id == staff.Id));
        stored.IsActive.ShouldBeTrue();
        stored.DeactivatedAt.ShouldBeNull();
    }
}
