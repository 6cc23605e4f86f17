using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Facilities;

/// <summary>
/// A city with only its administrator, where each test builds the units, staff and facilities it needs, so the board
/// shows exactly what a test expects. The app runs on the real clock: bookings are made some days ahead.
/// </summary>
public abstract class FacilityCity(DatabaseKind kind) : TsunaguApp(kind, demo: false)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Tsunagu:AdminPassword"] = Password;

    // Until CoreServices registers it (the host will), the test host does.
    protected override void ConfigureServices(IServiceCollection services) => services.TryAddScoped<FacilityAdminService>();

    public Task<T> AdminServiceAsync<T>(Func<FacilityAdminService, Task<T>> action) =>
        InScopeAsync(sp => action(sp.GetRequiredService<FacilityAdminService>()));

    /// <summary>A new unit under 総務部 (created on first use), for a test of its own.</summary>
    public Task<int> NewUnitAsync(string name) =>
        InScopeAsync(async sp =>
        {
            var organization = sp.GetRequiredService<OrganizationService>();
            var db = sp.GetRequiredService<Tsunagu.Core.Data.AppDbContext>();
            var parent = await db.Departments.SingleOrDefaultAsync(d => d.Path == "総務部")
                ?? await organization.CreateDepartmentAsync("総務部", "部", null, Actor.System);
            return (await organization.CreateDepartmentAsync(name, "係", parent.Id, Actor.System)).Id;
        });

    /// <summary>A staff member (role Staff, <see cref="TsunaguApp.Password"/>) in the given unit.</summary>
    public async Task<(int Id, string Login)> NewStaffAsync(string purpose, int? departmentId = null)
    {
        var login = Logins.Unique(purpose);
        var account = await CreateAccountAsync(login, Roles.Staff);
        if (departmentId is { } department)
        {
            await QueryAsync(db => db.Users.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DepartmentId, department)));
        }

        return (account.Id, login);
    }

    /// <summary>A facility, in the named group (created on first use).</summary>
    public async Task<Facility> NewFacilityAsync(string name, FacilityKind kind = FacilityKind.Room, int? capacity = 12, int? managerDepartmentId = null, bool approval = false, string? group = null)
    {
        var groupId = group is null ? null : await QueryAsync(db => db.FacilityGroups.Where(g => g.Name == group).Select(g => (int?)g.Id).FirstOrDefaultAsync());
        return await AdminServiceAsync(s => s.CreateFacilityAsync(new FacilityInput
        {
            Name = name,
            Kind = kind,
            Capacity = capacity,
            Location = "本庁舎3階",
            RequiresApproval = approval,
            ManagerDepartmentId = managerDepartmentId,
            GroupId = groupId,
            NewGroupName = groupId is null ? group : null,
        }, Actor.System));
    }
}

public sealed class SqliteFacilityCity() : FacilityCity(DatabaseKind.Sqlite);

public sealed class PostgreSqlFacilityCity() : FacilityCity(DatabaseKind.PostgreSql);
