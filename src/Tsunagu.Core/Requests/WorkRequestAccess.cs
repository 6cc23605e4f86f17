using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Requests;

/// <summary>
/// Who someone is for requests: their department with its ancestors (<see cref="MemberOf"/>: a request to 総務部 is
/// handled by 総務課 too) and, for 課長 and above, the units they lead (<see cref="Manages"/>: their own department and
/// every unit below it, so a 部長 sees what the 課 under the 部 ask and are asked).
/// </summary>
public sealed record WorkRequestScope(int AccountId, int? DepartmentId, IReadOnlyList<int> MemberOf, IReadOnlyList<int> Manages)
{
    public bool IsManager => Manages.Count > 0;

    /// <summary>The position that makes a manager: 課長 and everything ranked above it (as Bulletins decide "課長以上").</summary>
    public const string ManagerPosition = "課長";

    public static async Task<WorkRequestScope> ForAccountAsync(AppDbContext db, int accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var account = await db.Users.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.DepartmentId, Rank = a.Position == null ? (int?)null : a.Position.Rank })
            .FirstOrDefaultAsync(cancellationToken);
        if (account?.DepartmentId is not { } departmentId)
        {
            return new WorkRequestScope(accountId, null, [], []);
        }

        var tree = await DepartmentTree.LoadAsync(db, cancellationToken);
        var managerRank = await ManagerRankAsync(db, cancellationToken);
        var manages = account.Rank is { } rank && managerRank is { } limit && rank <= limit ? tree.SelfAndBelow(departmentId) : [];
        return new WorkRequestScope(accountId, departmentId, tree.SelfAndAbove(departmentId), manages);
    }

    internal static Task<int?> ManagerRankAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.Positions.AsNoTracking().Where(p => p.Name == ManagerPosition).Select(p => (int?)p.Rank).FirstOrDefaultAsync(cancellationToken);
}

/// <summary>
/// The one rule of who may see a request, as an expression for lists, boards, counts, the API and search checks:
/// the requester; the person asked and the assignee; the members of the requesting and of the target department
/// (and of the units below them: a request from a department is the department's, and the target department handles
/// it); the watchers; and the managers (課長以上) of the departments of these parties and of their ancestors.
/// </summary>
public static class WorkRequestAccess
{
    public static Expression<Func<WorkRequest, bool>> VisibleTo(WorkRequestScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var me = scope.AccountId;
        var memberOf = scope.MemberOf.ToList();
        var manages = scope.Manages.ToList();
        return r => r.RequesterId == me || r.ToAccountId == me || r.AssigneeId == me
            || r.Watchers.Any(w => w.AccountId == me)
            || memberOf.Contains(r.ToDepartmentId)
            || (r.RequesterDepartmentId != null && memberOf.Contains(r.RequesterDepartmentId.Value))
            || (manages.Count > 0 && (
                manages.Contains(r.ToDepartmentId)
                || (r.RequesterDepartmentId != null && manages.Contains(r.RequesterDepartmentId.Value))
                || (r.ToAccount != null && r.ToAccount.DepartmentId != null && manages.Contains(r.ToAccount.DepartmentId.Value))
                || (r.Assignee != null && r.Assignee.DepartmentId != null && manages.Contains(r.Assignee.DepartmentId.Value))
                || (r.Requester != null && r.Requester.DepartmentId != null && manages.Contains(r.Requester.DepartmentId.Value))
                || r.Watchers.Any(w => w.Account!.DepartmentId != null && manages.Contains(w.Account.DepartmentId.Value))));
    }

    /// <summary>The target side: the person asked, the assignee, the members of the target department or a unit below it.</summary>
    public static bool IsTargetSide(WorkRequest request, WorkRequestScope scope)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        return request.ToAccountId == scope.AccountId || request.AssigneeId == scope.AccountId || scope.MemberOf.Contains(request.ToDepartmentId);
    }

    /// <summary>Target-side states waiting on this person: assigned to them, or asked of them with nobody assigned.</summary>
    public static Expression<Func<WorkRequest, bool>> WaitingOnMe(int accountId)
    {
        var open = WorkRequestState.Open;
        var inProgress = WorkRequestState.InProgress;
        var returned = WorkRequestState.Returned;
        var answered = WorkRequestState.Answered;
        return r => ((r.State == open || r.State == inProgress || r.State == returned)
                && (r.AssigneeId == accountId || (r.AssigneeId == null && r.ToAccountId == accountId)))
            || (r.State == answered && r.RequesterId == accountId);
    }

    /// <summary>Waiting on the department's side: with the target side, for a department (or a unit below it) the viewer belongs to.</summary>
    public static Expression<Func<WorkRequest, bool>> WaitingOnDepartments(IReadOnlyList<int> departmentIds)
    {
        var ids = departmentIds.ToList();
        var open = WorkRequestState.Open;
        var inProgress = WorkRequestState.InProgress;
        var returned = WorkRequestState.Returned;
        return r => (r.State == open || r.State == inProgress || r.State == returned) && ids.Contains(r.ToDepartmentId);
    }
}

/// <summary>The department tree in memory (a city has tens of units, not thousands).</summary>
public sealed class DepartmentTree
{
    private readonly Dictionary<int, int?> parents;
    private readonly ILookup<int, int> children;

    private DepartmentTree(Dictionary<int, int?> parents)
    {
        this.parents = parents;
        children = parents.Where(p => p.Value is not null).ToLookup(p => p.Value!.Value, p => p.Key);
    }

    public static async Task<DepartmentTree> LoadAsync(AppDbContext db, CancellationToken cancellationToken = default) =>
        new(await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ParentId, cancellationToken));

    public IReadOnlyList<int> SelfAndAbove(int departmentId)
    {
        var list = new List<int>();
        for (int? id = departmentId; id is not null && !list.Contains(id.Value); id = parents.GetValueOrDefault(id.Value))
        {
            list.Add(id.Value);
        }

        return list;
    }

    public IReadOnlyList<int> SelfAndBelow(int departmentId)
    {
        var list = new List<int> { departmentId };
        for (var i = 0; i < list.Count; i++)
        {
            foreach (var child in children[list[i]])
            {
                if (!list.Contains(child))
                {
                    list.Add(child);
                }
            }
        }

        return list;
    }

    /// <summary>Whether <paramref name="departmentId"/> is <paramref name="ancestorId"/> or lies below it.</summary>
    public bool IsWithin(int departmentId, int ancestorId) => SelfAndAbove(departmentId).Contains(ancestorId);
}
