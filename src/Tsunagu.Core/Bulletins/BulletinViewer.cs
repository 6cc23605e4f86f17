using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;

namespace Tsunagu.Core.Bulletins;

/// <summary>
/// The person reading or posting. <see cref="DepartmentIds"/> is their department with every ancestor, so a post to
/// 総務部 reaches a member of 総務部/総務課/人事係. Managers (課長 and above) and administrators may post to everyone,
/// to any department and pin posts; other staff post to their own department (and may narrow it by position).
/// Administrators (SystemAdministrator) see and manage every post.
/// </summary>
public sealed record BulletinViewer(int AccountId, string Name, int? DepartmentId, IReadOnlyList<int> DepartmentIds, int? PositionId, bool IsManager, bool IsAdministrator)
{
    public bool CanPostToAnyAudience => IsManager || IsAdministrator;

    public bool CanPin => IsManager || IsAdministrator;

    public static async Task<BulletinViewer> ForAccountAsync(AppDbContext db, int accountId, bool isAdministrator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var account = await db.Users.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.DisplayName, a.DepartmentId, a.PositionId, Rank = a.Position == null ? (int?)null : a.Position.Rank })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new AccessDeniedException("職員が見つかりません。");
        var departments = new List<int>();
        if (account.DepartmentId is not null)
        {
            var parents = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ParentId, cancellationToken);
            for (int? id = account.DepartmentId; id is not null && !departments.Contains(id.Value); id = parents.GetValueOrDefault(id.Value))
            {
                departments.Add(id.Value);
            }
        }

        var managerRank = await ManagerRankAsync(db, cancellationToken);
        var isManager = account.Rank is { } rank && managerRank is { } limit && rank <= limit;
        return new BulletinViewer(accountId, account.DisplayName, account.DepartmentId, departments, account.PositionId, isManager, isAdministrator);
    }

    /// <summary>The rank of 課長: positions at or above it count as managers.</summary>
    internal static Task<int?> ManagerRankAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.Positions.AsNoTracking().Where(p => p.Name == ManagerPosition).Select(p => (int?)p.Rank).FirstOrDefaultAsync(cancellationToken);

    public const string ManagerPosition = "課長";

    /// <summary>Administrators may also be asked by role name (search access, tests).</summary>
    public static string AdministratorRole => Roles.SystemAdministrator;

    internal static IEnumerable<int> Descendants(IReadOnlyCollection<Department> all, IEnumerable<int> roots)
    {
        var children = all.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!.Value, d => d.Id);
        var seen = new HashSet<int>();
        var stack = new Stack<int>(roots);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (seen.Add(id))
            {
                foreach (var child in children[id])
                {
                    stack.Push(child);
                }
            }
        }

        return seen;
    }
}
