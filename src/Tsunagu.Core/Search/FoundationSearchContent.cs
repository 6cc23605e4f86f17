using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;

namespace Tsunagu.Core.Search;

/// <summary>
/// The staff directory and the departments in the index. Staff entries carry name, kana, login, department path and
/// position; both are visible to staff (any staff role), not to partners. The write paths of the organisation call the
/// Index methods with their tracked entities before they save, so the index changes in the same transaction.
/// </summary>
public sealed class FoundationSearchContent : ISearchSource
{
    public static IReadOnlyList<SearchAccess> DirectoryAccess { get; } =
        [SearchAccess.Role(Roles.Staff), SearchAccess.Role(Roles.SystemAdministrator), SearchAccess.Role(Roles.DepartmentAdministrator)];

    public IReadOnlyCollection<string> Modules { get; } = [SearchModules.Staff, SearchModules.Department];

    /// <summary>Indexes active staff, removes inactive ones and partners. Uses the accounts' current (unsaved) values.</summary>
    public static async Task IndexStaffAsync(AppDbContext db, IEnumerable<Account> accounts, CancellationToken cancellationToken = default)
    {
        var list = accounts.ToList();
        var ids = list.Where(a => a.Id != 0).Select(a => a.Id).ToList();
        var partnerIds = await PartnerIdsAsync(db, ids, cancellationToken);
        var items = new List<SearchItem>();
        foreach (var account in list)
        {
            if (!account.IsActive || partnerIds.Contains(account.Id))
            {
                await SearchIndex.RemoveAsync(db, SearchModules.Staff, Key(account.Id), cancellationToken);
                continue;
            }

            var department = account.Department ?? (account.DepartmentId is { } d ? await db.Departments.FindAsync([d], cancellationToken) : null);
            var position = account.Position ?? (account.PositionId is { } p ? await db.Positions.FindAsync([p], cancellationToken) : null);
            items.Add(StaffItem(account.Id, account.UserName ?? "", account.DisplayName, account.Kana, account.DepartmentId, department?.Path, position?.Name));
        }

        await SearchIndex.IndexManyAsync(db, items, cancellationToken);
    }

    /// <summary>Indexes active departments and removes closed ones (departments need their ids: save them first).</summary>
    public static async Task IndexDepartmentsAsync(AppDbContext db, IEnumerable<Department> departments, CancellationToken cancellationToken = default)
    {
        var items = new List<SearchItem>();
        foreach (var department in departments)
        {
            if (department.IsActive)
            {
                items.Add(DepartmentItem(department.Id, department.Name, department.Kind, department.Path));
            }
            else
            {
                await SearchIndex.RemoveAsync(db, SearchModules.Department, Key(department.Id), cancellationToken);
            }
        }

        await SearchIndex.IndexManyAsync(db, items, cancellationToken);
    }

    /// <summary>After a rename or move: the department, every unit below it and their staff (their paths changed).</summary>
    public static async Task IndexDepartmentTreeAsync(AppDbContext db, Department root, CancellationToken cancellationToken = default)
    {
        var tree = new List<Department>();
        var pending = new Stack<Department>([root]);
        while (pending.TryPop(out var department))
        {
            tree.Add(department);
            foreach (var child in department.Children)
            {
                pending.Push(child);
            }
        }

        await IndexDepartmentsAsync(db, tree, cancellationToken);
        var ids = tree.Select(d => (int?)d.Id).ToList();
        var staff = await db.Users.Where(a => ids.Contains(a.DepartmentId)).ToListAsync(cancellationToken);
        await IndexStaffAsync(db, staff, cancellationToken);
    }

    public async Task<int> CountAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var partners = await PartnerIdsAsync(db, null, cancellationToken);
        return await db.Departments.CountAsync(d => d.IsActive, cancellationToken)
            + await db.Users.CountAsync(a => a.IsActive && !partners.Contains(a.Id), cancellationToken);
    }

    public async IAsyncEnumerable<SearchItem> ReadAllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var departments = await db.Departments.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var d in departments.Where(d => d.IsActive))
        {
            yield return DepartmentItem(d.Id, d.Name, d.Kind, d.Path);
        }

        var paths = departments.ToDictionary(d => d.Id, d => d.Path);
        var positions = await db.Positions.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var partners = await PartnerIdsAsync(db, null, cancellationToken);
        var staff = db.Users.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.UserName, a.DisplayName, a.Kana, a.DepartmentId, a.PositionId })
            .AsAsyncEnumerable();
        await foreach (var a in staff.WithCancellation(cancellationToken))
        {
            if (!partners.Contains(a.Id))
            {
                yield return StaffItem(a.Id, a.UserName ?? "", a.DisplayName, a.Kana, a.DepartmentId,
                    a.DepartmentId is { } d ? paths.GetValueOrDefault(d) : null, a.PositionId is { } p ? positions.GetValueOrDefault(p) : null);
            }
        }
    }

    private static SearchItem StaffItem(int id, string login, string name, string kana, int? departmentId, string? departmentPath, string? position) =>
        new(SearchModules.Staff, Key(id), name,
            string.Join('\n', new[] { kana, login, departmentPath, position }.Where(s => !string.IsNullOrEmpty(s))),
            "/directory?q=" + Uri.EscapeDataString(login), null, departmentId, DirectoryAccess);

    private static SearchItem DepartmentItem(int id, string name, string kind, string path) =>
        new(SearchModules.Department, Key(id), name, path + "\n" + kind,
            "/directory?dept=" + id.ToString(CultureInfo.InvariantCulture), null, id, DirectoryAccess);

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<HashSet<int>> PartnerIdsAsync(AppDbContext db, List<int>? among, CancellationToken cancellationToken)
    {
        var query = from ur in db.UserRoles
                    join r in db.Roles on ur.RoleId equals r.Id
                    where r.Name == Roles.Partner
                    select ur.UserId;
        if (among is not null)
        {
            if (among.Count == 0)
            {
                return [];
            }

            query = query.Where(id => among.Contains(id));
        }

        return (await query.ToListAsync(cancellationToken)).ToHashSet();
    }
}
