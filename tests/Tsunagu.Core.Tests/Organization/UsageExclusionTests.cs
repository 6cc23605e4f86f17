using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Organization;

/// <summary>The usage page's default exclusion: a flag on a top-level department, set by a system administrator and audited.</summary>
public sealed class UsageExclusionTests
{
    [Fact]
    public void SetExcludedFromUsage_OnASubDepartment_IsRefused()
    {
        var fire = new Department("消防本部", "本部", null, 1);
        var station = new Department("消防署", "署", fire, 1);

        fire.SetExcludedFromUsage(true);

        fire.ExcludedFromUsage.ShouldBeTrue();
        Should.Throw<DomainException>(() => station.SetExcludedFromUsage(true)).Code.ShouldBe("department.usage-exclusion");
        station.ExcludedFromUsage.ShouldBeFalse();
        station.SetExcludedFromUsage(false);
    }

    [Theory, DatabaseData]
    public async Task SetDepartmentExcludedFromUsage_SavesTheFlagAndAuditsIt(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var hospital = await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().CreateDepartmentAsync("市民病院", "病院", null, Actor.System));
        var office = await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().CreateDepartmentAsync("医事課", "課", hospital.Id, Actor.System));

        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().SetDepartmentExcludedFromUsageAsync(hospital.Id, true, Actor.System));
        var refused = await Should.ThrowAsync<DomainException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().SetDepartmentExcludedFromUsageAsync(office.Id, true, Actor.System)));

        refused.Code.ShouldBe("department.usage-exclusion");
        (await db.QueryAsync(c => c.Departments.Where(d => d.ExcludedFromUsage).Select(d => d.Path).ToListAsync())).ShouldBe(["市民病院"]);
        (await db.QueryAsync(c => c.AuditEntries.Where(e => e.Action == "department.usage-excluded").Select(e => e.Details).SingleAsync())).ShouldBe("市民病院");

        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().SetDepartmentExcludedFromUsageAsync(hospital.Id, false, Actor.System));
        (await db.QueryAsync(c => c.Departments.AnyAsync(d => d.ExcludedFromUsage))).ShouldBeFalse();
        (await db.QueryAsync(c => c.AuditEntries.CountAsync(e => e.Action == "department.usage-included"))).ShouldBe(1);
    }
}
