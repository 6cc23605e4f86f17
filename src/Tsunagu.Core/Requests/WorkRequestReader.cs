using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Requests;

/// <summary>対応待ち (waiting on me or my department), 依頼したもの, ウォッチ中, すべて (everything I may see).</summary>
public enum WorkRequestTab
{
    Waiting,
    Asked,
    Watching,
    All,
}

/// <summary>Filters of the lists and the board; null means any.</summary>
public sealed record WorkRequestFilter
{
    public WorkRequestState? State { get; init; }

    public WorkRequestPriority? Priority { get; init; }

    public bool OverdueOnly { get; init; }

    /// <summary>Board: only requests with this department (or a unit below it) on the other side.</summary>
    public int? CounterpartId { get; init; }

    public DateOnly? DueFrom { get; init; }

    public DateOnly? DueTo { get; init; }
}

/// <summary>One line of a list or a board column.</summary>
public sealed record WorkRequestRow(
    int Id,
    string Subject,
    WorkRequestState State,
    WorkRequestPriority Priority,
    DateOnly? DueDate,
    string RequesterName,
    string? RequesterDepartment,
    string ToDepartment,
    string? ToPerson,
    string? Assignee,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsOverdue(DateOnly today) =>
        State is WorkRequestState.Open or WorkRequestState.InProgress or WorkRequestState.Returned && DueDate is { } due && today > due;
}

public sealed record WorkRequestPage(IReadOnlyList<WorkRequestRow> Rows, int Total, int Page, int PageSize);

/// <summary>部署ボード: what the department (and the units below it) asked, and what it was asked.</summary>
public sealed record WorkRequestBoard(int DepartmentId, string DepartmentName, IReadOnlyList<WorkRequestRow> Asked, IReadOnlyList<WorkRequestRow> AskedOf);

/// <summary>For the portal: how much waits on me (and on the departments I lead), and the first few.</summary>
public sealed record WorkRequestWaiting(int Count, int Overdue, IReadOnlyList<WorkRequestRow> Top);

public sealed record PartyLine(int AccountId, string Name, string? Department);

public sealed record HistoryLine(int Id, WorkRequestEventKind Kind, WorkRequestState? From, WorkRequestState To, string? Text, DateTimeOffset At, string ActorName);

/// <summary>A department as the pickers list it: indented under its parent, in the city's order.</summary>
public sealed record DepartmentChoice(int Id, string Name, string Path, int Depth, string TopName);

/// <summary>Everything the request page shows, and what the viewer may do there.</summary>
public sealed record WorkRequestView(
    WorkRequest Request,
    PartyLine Requester,
    string? RequesterDepartment,
    string ToDepartment,
    PartyLine? ToPerson,
    PartyLine? Assignee,
    IReadOnlyList<PartyLine> Watchers,
    IReadOnlyList<HistoryLine> History,
    IReadOnlyList<AttachmentInfo> Attachments,
    bool IsRequester,
    bool IsTargetSide,
    bool IsWatching,
    bool RemindedToday,
    string? DueClosure)
{
    public bool Can(WorkRequestAction action) => Request.Allows(action, IsRequester, IsTargetSide);

    public bool CanAssign => IsTargetSide && !Request.IsClosed;

    public bool CanEditWatchers => IsRequester || IsTargetSide;

    public bool CanRemind => IsRequester && Request.IsWithTarget && !RemindedToday;
}

/// <summary>Reads requests under <see cref="WorkRequestAccess"/>: to anyone outside it a request does not exist.</summary>
public sealed class WorkRequestReader(AppDbContext db)
{
    public const int PageSize = 20;

    /// <summary>How many rows a board column shows at most (the oldest due first).</summary>
    public const int BoardLimit = 200;

    public IQueryable<WorkRequest> Visible(WorkRequestScope scope) => db.Set<WorkRequest>().AsNoTracking().Where(WorkRequestAccess.VisibleTo(scope));

    public async Task<WorkRequestPage> ListAsync(WorkRequestScope scope, WorkRequestTab tab, WorkRequestFilter filter, DateOnly today, int page = 1, int pageSize = PageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        page = Math.Max(1, page);
        var me = scope.AccountId;
        var query = Visible(scope);
        query = tab switch
        {
            WorkRequestTab.Waiting => query.Where(WaitingFor(scope)),
            WorkRequestTab.Asked => query.Where(r => r.RequesterId == me),
            WorkRequestTab.Watching => query.Where(r => r.Watchers.Any(w => w.AccountId == me)),
            _ => query,
        };
        query = Filter(query, filter, today);
        var total = await query.CountAsync(cancellationToken);
        var ordered = tab == WorkRequestTab.Waiting
            ? query.OrderBy(r => r.DueDate == null).ThenBy(r => r.DueDate).ThenByDescending(r => r.Priority).ThenBy(r => r.Id)
            : query.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id);
        var rows = await Rows(ordered).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new WorkRequestPage(rows, total, page, pageSize);
    }

    /// <summary>The department's board, only with what the viewer may see. Null when the department does not exist.</summary>
    public async Task<WorkRequestBoard?> BoardAsync(WorkRequestScope scope, int departmentId, WorkRequestFilter filter, DateOnly today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var name = await db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return null;
        }

        var tree = await DepartmentTree.LoadAsync(db, cancellationToken);
        var units = tree.SelfAndBelow(departmentId).ToList();
        var counterpart = filter.CounterpartId is { } c ? tree.SelfAndBelow(c).ToList() : null;
        var visible = Filter(Visible(scope), filter with { CounterpartId = null }, today);
        var asked = visible.Where(r => r.RequesterDepartmentId != null && units.Contains(r.RequesterDepartmentId.Value));
        var askedOf = visible.Where(r => units.Contains(r.ToDepartmentId));
        if (counterpart is not null)
        {
            asked = asked.Where(r => counterpart.Contains(r.ToDepartmentId));
            askedOf = askedOf.Where(r => r.RequesterDepartmentId != null && counterpart.Contains(r.RequesterDepartmentId.Value));
        }

        var askedRows = await Rows(asked.OrderBy(r => r.DueDate == null).ThenBy(r => r.DueDate).ThenBy(r => r.Id)).Take(BoardLimit).ToListAsync(cancellationToken);
        var askedOfRows = await Rows(askedOf.OrderBy(r => r.DueDate == null).ThenBy(r => r.DueDate).ThenBy(r => r.Id)).Take(BoardLimit).ToListAsync(cancellationToken);
        return new WorkRequestBoard(departmentId, name, askedRows, askedOfRows);
    }

    /// <summary>Waiting on me; for a manager also what waits on the departments they lead.</summary>
    public async Task<WorkRequestWaiting> WaitingAsync(WorkRequestScope scope, DateOnly today, int take = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var query = Visible(scope).Where(WaitingForMeOrLed(scope));
        var count = await query.CountAsync(cancellationToken);
        var overdue = await Filter(query, new WorkRequestFilter { OverdueOnly = true }, today).CountAsync(cancellationToken);
        var top = await Rows(query.OrderBy(r => r.DueDate == null).ThenBy(r => r.DueDate).ThenByDescending(r => r.Priority).ThenBy(r => r.Id)).Take(take).ToListAsync(cancellationToken);
        return new WorkRequestWaiting(count, overdue, top);
    }

    /// <summary>Whether a request with this id exists at all (pages answer 403 for one the viewer may not see, 404 for none).</summary>
    public Task<bool> ExistsAsync(int requestId, CancellationToken cancellationToken = default) =>
        db.Set<WorkRequest>().AnyAsync(r => r.Id == requestId, cancellationToken);

    public Task<bool> CanSeeAsync(WorkRequestScope scope, int requestId, CancellationToken cancellationToken = default) =>
        Visible(scope).AnyAsync(r => r.Id == requestId, cancellationToken);

    public async Task<WorkRequestView?> GetAsync(WorkRequestScope scope, int requestId, DateOnly today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!await Visible(scope).AnyAsync(r => r.Id == requestId, cancellationToken))
        {
            return null;
        }

        var r = await db.Set<WorkRequest>().AsNoTracking().Include(x => x.Watchers).Include(x => x.Events).AsSplitQuery().FirstAsync(x => x.Id == requestId, cancellationToken);
        var ids = new[] { r.RequesterId, r.ToAccountId, r.AssigneeId }.OfType<int>().Concat(r.Watchers.Select(w => w.AccountId)).Concat(r.Events.Select(e => e.ActorId)).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.DisplayName, Department = a.Department == null ? null : a.Department.Name })
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        PartyLine Line(int id) => people.TryGetValue(id, out var p) ? new PartyLine(id, p.DisplayName, p.Department) : new PartyLine(id, "", null);
        var departments = await db.Departments.AsNoTracking().Where(d => d.Id == r.ToDepartmentId || d.Id == r.RequesterDepartmentId)
            .ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var key = WorkRequestService.Key(r.Id);
        var files = await db.Attachments.AsNoTracking()
            .Where(a => a.Module == SearchModules.WorkRequest && a.OwnerKey == key)
            .OrderBy(a => a.Id)
            .Select(a => new AttachmentInfo(a.Id, a.FileName, a.ContentType, a.Size, a.CreatedAt, a.CreatedById, a.CreatedBy!.DisplayName, a.Text != "", a.TextProblem))
            .ToListAsync(cancellationToken);
        var reminded = await db.Set<WorkRequestReminder>().AnyAsync(m => m.WorkRequestId == r.Id && m.Day == today, cancellationToken);
        var history = r.Events.OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new HistoryLine(e.Id, e.Kind, e.FromState, e.ToState, e.Text, e.At, Line(e.ActorId).Name)).ToList();
        return new WorkRequestView(
            r,
            Line(r.RequesterId),
            r.RequesterDepartmentId is { } rd ? departments.GetValueOrDefault(rd) : null,
            departments.GetValueOrDefault(r.ToDepartmentId) ?? "",
            r.ToAccountId is { } to ? Line(to) : null,
            r.AssigneeId is { } a ? Line(a) : null,
            r.Watchers.OrderBy(w => w.AddedAt).Select(w => Line(w.AccountId)).ToList(),
            history,
            files,
            r.RequesterId == scope.AccountId,
            WorkRequestAccess.IsTargetSide(r, scope),
            r.Watchers.Any(w => w.AccountId == scope.AccountId),
            reminded,
            r.DueDate is { } due ? WorkingCalendar.Default.ClosureReason(due) : null);
    }

    /// <summary>An attached file for someone who may see the request; null for anyone else and when there is none.</summary>
    public async Task<AttachmentFile?> OpenAttachmentAsync(WorkRequestScope scope, int attachmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var file = await db.Attachments.AsNoTracking().Where(a => a.Id == attachmentId && a.Module == SearchModules.WorkRequest)
            .Select(a => new { a.OwnerKey, a.FileName, a.ContentType, a.Sha256 }).FirstOrDefaultAsync(cancellationToken);
        if (file is null || !int.TryParse(file.OwnerKey, NumberStyles.None, CultureInfo.InvariantCulture, out var requestId)
            || !await Visible(scope).AnyAsync(r => r.Id == requestId, cancellationToken))
        {
            return null;
        }

        var content = await db.Attachments.AsNoTracking().Where(a => a.Id == attachmentId).Select(a => a.Content).FirstAsync(cancellationToken);
        return new AttachmentFile(file.FileName, file.ContentType, content, file.Sha256);
    }

    /// <summary>Active departments in tree order, for the pickers.</summary>
    public async Task<IReadOnlyList<DepartmentChoice>> DepartmentsAsync(CancellationToken cancellationToken = default)
    {
        var all = await db.Departments.AsNoTracking().Where(d => d.IsActive)
            .Select(d => new { d.Id, d.Name, d.Path, d.ParentId, d.SortOrder }).ToListAsync(cancellationToken);
        var children = all.ToLookup(d => d.ParentId);
        var result = new List<DepartmentChoice>();
        void Walk(int? parent, int depth, string top)
        {
            foreach (var d in children[parent].OrderBy(d => d.SortOrder).ThenBy(d => d.Name, StringComparer.Ordinal))
            {
                var topName = depth == 0 ? d.Name : top;
                result.Add(new DepartmentChoice(d.Id, d.Name, d.Path, depth, topName));
                Walk(d.Id, depth + 1, topName);
            }
        }

        Walk(null, 0, "");
        return result;
    }

    /// <summary>Active staff of the department and the units below it (担当者 choices of the target side).</summary>
    public async Task<IReadOnlyList<PartyLine>> StaffOfAsync(int departmentId, CancellationToken cancellationToken = default)
    {
        var tree = await DepartmentTree.LoadAsync(db, cancellationToken);
        var units = tree.SelfAndBelow(departmentId).ToList();
        return await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null && units.Contains(a.DepartmentId.Value))
            .OrderBy(a => a.Department!.Path).ThenBy(a => a.Position == null ? int.MaxValue : a.Position.Rank).ThenBy(a => a.Kana).ThenBy(a => a.Id)
            .Select(a => new PartyLine(a.Id, a.DisplayName, a.Department!.Name))
            .Take(300)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One active person named by a login, a name (with or without the space) or "氏名 (login)" as the picker writes
    /// it; otherwise a Japanese message saying why not.
    /// </summary>
    public async Task<(int? Id, string? Error)> FindPersonAsync(string? text, CancellationToken cancellationToken = default)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0 || value.Length > 200)
        {
            return (null, "職員をログイン名または氏名で指定してください。");
        }

        var open = value.LastIndexOf('(');
        if (open > 0 && value.EndsWith(')'))
        {
            value = value[(open + 1)..^1].Trim();
        }

        var normalized = value.ToUpperInvariant();
        var byLogin = await db.Users.AsNoTracking().Where(a => a.IsActive && a.NormalizedUserName == normalized).Select(a => a.Id).ToListAsync(cancellationToken);
        if (byLogin.Count == 1)
        {
            return (byLogin[0], null);
        }

        var compact = value.Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal);
        var byName = await db.Users.AsNoTracking().Where(a => a.IsActive && (a.DisplayName == value || a.DisplayName.Replace(" ", "").Replace("\u3000", "") == compact))
            .Select(a => a.Id).Take(2).ToListAsync(cancellationToken);
        return byName.Count switch
        {
            1 => (byName[0], null),
            0 => (null, $"「{value}」に当たる職員が見つかりません。"),
            _ => (null, $"「{value}」は同姓同名の職員がいます。ログイン名で指定してください。"),
        };
    }

    /// <summary>Active staff whose name, reading or login contains the query (the picker's matches).</summary>
    public async Task<IReadOnlyList<PartyLine>> SearchPeopleAsync(string? query, int take = 20, CancellationToken cancellationToken = default)
    {
        var q = (query ?? "").Trim();
        if (q.Length == 0 || q.Length > 100)
        {
            return [];
        }

        return await db.Users.AsNoTracking()
            .Where(a => a.IsActive && (a.DisplayName.Contains(q) || a.Kana.Contains(q) || a.UserName!.Contains(q)))
            .OrderBy(a => a.Kana).ThenBy(a => a.Id)
            .Select(a => new PartyLine(a.Id, a.DisplayName + " (" + a.UserName + ")", a.Department == null ? null : a.Department.Name))
            .Take(take).ToListAsync(cancellationToken);
    }

    private static System.Linq.Expressions.Expression<Func<WorkRequest, bool>> WaitingFor(WorkRequestScope scope)
    {
        var me = WorkRequestAccess.WaitingOnMe(scope.AccountId);
        var mine = WorkRequestAccess.WaitingOnDepartments(scope.DepartmentId is { } d ? [d] : []);
        return Or(me, mine);
    }

    private static System.Linq.Expressions.Expression<Func<WorkRequest, bool>> WaitingForMeOrLed(WorkRequestScope scope) =>
        scope.IsManager ? Or(WorkRequestAccess.WaitingOnMe(scope.AccountId), WorkRequestAccess.WaitingOnDepartments(scope.Manages)) : WorkRequestAccess.WaitingOnMe(scope.AccountId);

    private static System.Linq.Expressions.Expression<Func<WorkRequest, bool>> Or(
        System.Linq.Expressions.Expression<Func<WorkRequest, bool>> a, System.Linq.Expressions.Expression<Func<WorkRequest, bool>> b)
    {
        var p = System.Linq.Expressions.Expression.Parameter(typeof(WorkRequest), "r");
        var body = System.Linq.Expressions.Expression.OrElse(
            new ParameterReplacer(a.Parameters[0], p).Visit(a.Body), new ParameterReplacer(b.Parameters[0], p).Visit(b.Body));
        return System.Linq.Expressions.Expression.Lambda<Func<WorkRequest, bool>>(body, p);
    }

    private sealed class ParameterReplacer(System.Linq.Expressions.ParameterExpression from, System.Linq.Expressions.ParameterExpression to) : System.Linq.Expressions.ExpressionVisitor
    {
        protected override System.Linq.Expressions.Expression VisitParameter(System.Linq.Expressions.ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    private static IQueryable<WorkRequest> Filter(IQueryable<WorkRequest> query, WorkRequestFilter filter, DateOnly today)
    {
        if (filter.State is { } state)
        {
            query = query.Where(r => r.State == state);
        }

        if (filter.Priority is { } priority)
        {
            query = query.Where(r => r.Priority == priority);
        }

        if (filter.OverdueOnly)
        {
            var open = WorkRequestState.Open;
            var inProgress = WorkRequestState.InProgress;
            var returned = WorkRequestState.Returned;
            query = query.Where(r => (r.State == open || r.State == inProgress || r.State == returned) && r.DueDate != null && r.DueDate < today);
        }

        if (filter.DueFrom is { } from)
        {
            query = query.Where(r => r.DueDate != null && r.DueDate >= from);
        }

        if (filter.DueTo is { } to)
        {
            query = query.Where(r => r.DueDate != null && r.DueDate <= to);
        }

        return query;
    }

    private static IQueryable<WorkRequestRow> Rows(IQueryable<WorkRequest> query) =>
        query.Select(r => new WorkRequestRow(r.Id, r.Subject, r.State, r.Priority, r.DueDate, r.Requester!.DisplayName,
            r.RequesterDepartment == null ? null : r.RequesterDepartment.Name, r.ToDepartment!.Name,
            r.ToAccount == null ? null : r.ToAccount.DisplayName, r.Assignee == null ? null : r.Assignee.DisplayName, r.CreatedAt, r.UpdatedAt));
}
