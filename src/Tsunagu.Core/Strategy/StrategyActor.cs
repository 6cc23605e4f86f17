using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Strategy;

/// <summary>Who acts on the maturity levels and the roadmap: their login, department and roles.</summary>
public sealed record StrategyActor(int AccountId, string UserName, string? DepartmentPath, IReadOnlySet<string> Roles, Actor Audit)
{
    public bool IsSystemAdmin => Roles.Contains(Identity.Roles.SystemAdministrator);

    /// <summary>Records maturity assessments (ADR 0012): the DX office, and system administrators.</summary>
    public bool IsDxOffice => IsSystemAdmin || Roles.Contains(Identity.Roles.DxOffice);

    public static async Task<StrategyActor> ForAccountAsync(AppDbContext db, int accountId, Actor? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var account = await db.Users.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.UserName, a.DisplayName, Path = a.Department == null ? null : a.Department.Path })
            .SingleOrDefaultAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == accountId
                           select r.Name).ToListAsync(cancellationToken);
        return new StrategyActor(accountId, account?.UserName ?? "", account?.Path, roles.OfType<string>().ToHashSet(StringComparer.Ordinal),
            audit ?? new Actor(accountId, account?.DisplayName ?? "", null));
    }
}

/// <summary>
/// Who may edit the roadmap: a system setting listing roles, departments (with the units under them) and accounts,
/// one per line as <c>role:DxOffice</c>, <c>department:企画振興部/DX戦略室</c>, <c>account:ikeda.takashi</c>. Without the
/// setting the DX office edits. System administrators always may, so the list can never lock everyone out.
/// </summary>
public sealed record RoadmapEditors(IReadOnlyList<string> RoleNames, IReadOnlyList<string> DepartmentPaths, IReadOnlyList<string> Accounts)
{
    public const string SettingKey = "strategy.roadmap-editors";

    /// <summary>Roles a system administrator can choose from.</summary>
    public static IReadOnlyList<string> GrantableRoles { get; } = [Identity.Roles.DxOffice, Identity.Roles.DepartmentAdministrator, Identity.Roles.Staff];

    public static RoadmapEditors Default { get; } = new([Identity.Roles.DxOffice], [], []);

    public bool Allows(StrategyActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsSystemAdmin
            || RoleNames.Any(actor.Roles.Contains)
            || (actor.DepartmentPath is { } path && DepartmentPaths.Any(d => path == d || path.StartsWith(d + "/", StringComparison.Ordinal)))
            || Accounts.Contains(actor.UserName, StringComparer.OrdinalIgnoreCase);
    }

    public string Format() => string.Join('\n',
        RoleNames.Select(r => "role:" + r).Concat(DepartmentPaths.Select(d => "department:" + d)).Concat(Accounts.Select(a => "account:" + a)));

    public static RoadmapEditors Parse(string? value)
    {
        if (value is null)
        {
            return Default;
        }

        var lines = value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        List<string> Of(string prefix) => lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]).Where(v => v.Length > 0).Distinct().ToList();
        return new RoadmapEditors(Of("role:"), Of("department:"), Of("account:"));
    }

    public static async Task<RoadmapEditors> LoadAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var value = await db.Settings.AsNoTracking().Where(s => s.Key == SettingKey).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        return Parse(value);
    }
}
