using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Approvals;

public enum InboxTab
{
    /// <summary>承認待ち: open on my step, and 後閲 I owe.</summary>
    Waiting,

    /// <summary>委任分: open for someone who delegated to me, today.</summary>
    Delegated,

    /// <summary>自分の申請 (drafts included).</summary>
    Mine,

    /// <summary>処理済み: requests I acted on, newest first.</summary>
    Done,
}

public sealed record InboxRow(int Id, string Number, string Title, string FormName, string ApplicantName, RequestStatus Status, string? StepName, long? Amount, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt, string? ForName, bool PostReview);

public sealed record InboxCounts(int Waiting, int Delegated, int Mine, int PostReviews);

public sealed record RequestFilter
{
    public int? FormDefinitionId { get; init; }

    public RequestStatus? Status { get; init; }

    /// <summary>Part of the applicant's name or kana.</summary>
    public string? Applicant { get; init; }

    public int? DepartmentId { get; init; }

    /// <summary>Filed on or after (Tokyo day).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Filed on or before (Tokyo day).</summary>
    public DateOnly? To { get; init; }

    public long? AmountMin { get; init; }

    public long? AmountMax { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;
}

public sealed record RequestPage(IReadOnlyList<InboxRow> Rows, int Total, int Page, int PageSize);

/// <summary>
/// Reads requests as a viewer may see them: the applicant, the people on its route (any round), the delegates of an
/// open assignee, and administrators. Everyone else gets nothing, not even whether a request exists.
/// </summary>
public sealed class ApprovalReader(AppDbContext db, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    public async Task<bool> CanSeeAsync(ApprovalViewer viewer, int requestId, CancellationToken cancellationToken = default)
    {
        if (viewer.IsAdministrator)
        {
            return await db.ApprovalRequests.AnyAsync(r => r.Id == requestId && r.Status != RequestStatus.Draft || r.Id == requestId && r.ApplicantId == viewer.AccountId, cancellationToken);
        }

        if (await db.ApprovalParticipants.AnyAsync(p => p.RequestId == requestId && p.AccountId == viewer.AccountId, cancellationToken))
        {
            return await db.ApprovalRequests.AnyAsync(r => r.Id == requestId && (r.Status != RequestStatus.Draft || r.ApplicantId == viewer.AccountId), cancellationToken);
        }

        var delegators = await DelegatorsAsync(viewer.AccountId, cancellationToken);
        return delegators.Count > 0 && await db.ApprovalAssignments.AnyAsync(a => a.RequestId == requestId && a.IsOpen && delegators.Contains(a.AssigneeId), cancellationToken);
    }

    /// <summary>The request with steps, history and form, for the detail page; AccessDenied when not the viewer's to see.</summary>
    public async Task<ApprovalRequest> GetAsync(ApprovalViewer viewer, int requestId, CancellationToken cancellationToken = default)
    {
        if (!await CanSeeAsync(viewer, requestId, cancellationToken))
        {
            throw new AccessDeniedException("この申請を見る権限がありません。");
        }

        return await db.ApprovalRequests.AsNoTracking()
            .Include(r => r.Steps).ThenInclude(s => s.Assignments)
            .Include(r => r.Actions)
            .Include(r => r.FormVersion)
            .Include(r => r.FormDefinition)
            .Include(r => r.Applicant)
            .AsSplitQuery()
            .FirstAsync(r => r.Id == requestId, cancellationToken);
    }

    /// <summary>Accounts that delegated to this person and whose delegation is valid today.</summary>
    public async Task<List<int>> DelegatorsAsync(int accountId, CancellationToken cancellationToken = default)
    {
        var today = Clock.TokyoDate(clock.GetUtcNow());
        return await db.Delegations.AsNoTracking()
            .Where(d => d.DelegateId == accountId && d.RevokedAt == null && d.ValidFrom <= today && d.ValidUntil >= today)
            .Select(d => d.DelegatorId).Distinct().ToListAsync(cancellationToken);
    }

    public async Task<InboxCounts> CountsAsync(ApprovalViewer viewer, CancellationToken cancellationToken = default)
    {
        var waiting = await db.ApprovalAssignments.CountAsync(a => a.AssigneeId == viewer.AccountId && a.IsOpen, cancellationToken);
        var reviews = await db.ApprovalAssignments.CountAsync(a => a.AssigneeId == viewer.AccountId && a.PostReviewPending, cancellationToken);
        var delegators = await DelegatorsAsync(viewer.AccountId, cancellationToken);
        var delegated = delegators.Count == 0 ? 0 : await db.ApprovalAssignments.CountAsync(a => delegators.Contains(a.AssigneeId) && a.IsOpen, cancellationToken);
        var mine = await db.ApprovalRequests.CountAsync(r => r.ApplicantId == viewer.AccountId && (r.Status == RequestStatus.Draft || r.Status == RequestStatus.InProgress || r.Status == RequestStatus.SentBack || r.Status == RequestStatus.PulledBack), cancellationToken);
        return new InboxCounts(waiting + reviews, delegated, mine, reviews);
    }

    public async Task<RequestPage> InboxAsync(ApprovalViewer viewer, InboxTab tab, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        page = Math.Clamp(page, 1, 100_000);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        switch (tab)
        {
            case InboxTab.Waiting:
            {
                var open = db.ApprovalAssignments.AsNoTracking().Where(a => a.AssigneeId == viewer.AccountId && (a.IsOpen || a.PostReviewPending));
                var total = await open.CountAsync(cancellationToken);
                var rows = await open.OrderByDescending(a => a.PostReviewPending ? 0 : 1).ThenBy(a => a.Request!.UpdatedAt)
                    .Skip((page - 1) * pageSize).Take(pageSize)
                    .Select(a => new InboxRow(a.RequestId, "", a.Request!.Title, a.Request.FormDefinition!.Name, a.Request.Applicant!.DisplayName, a.Request.Status, a.Step!.Name, a.Request.Amount, a.Request.UpdatedAt, a.Request.SubmittedAt, null, a.PostReviewPending))
                    .ToListAsync(cancellationToken);
                return new RequestPage(Numbered(rows), total, page, pageSize);
            }

            case InboxTab.Delegated:
            {
                var delegators = await DelegatorsAsync(viewer.AccountId, cancellationToken);
                var open = db.ApprovalAssignments.AsNoTracking().Where(a => delegators.Contains(a.AssigneeId) && a.IsOpen);
                var total = await open.CountAsync(cancellationToken);
                var rows = await open.OrderBy(a => a.Request!.UpdatedAt).Skip((page - 1) * pageSize).Take(pageSize)
                    .Select(a => new InboxRow(a.RequestId, "", a.Request!.Title, a.Request.FormDefinition!.Name, a.Request.Applicant!.DisplayName, a.Request.Status, a.Step!.Name, a.Request.Amount, a.Request.UpdatedAt, a.Request.SubmittedAt, a.AssigneeName, false))
                    .ToListAsync(cancellationToken);
                return new RequestPage(Numbered(rows), total, page, pageSize);
            }

            case InboxTab.Mine:
            {
                var mine = db.ApprovalRequests.AsNoTracking().Where(r => r.ApplicantId == viewer.AccountId);
                var total = await mine.CountAsync(cancellationToken);
                var rows = await mine.OrderByDescending(r => r.UpdatedAt).Skip((page - 1) * pageSize).Take(pageSize)
                    .Select(r => new InboxRow(r.Id, "", r.Title, r.FormDefinition!.Name, r.Applicant!.DisplayName, r.Status,
                        r.Steps.Where(s => s.Round == r.Round && s.Status == StepStatus.Active).Select(s => s.Name).FirstOrDefault(), r.Amount, r.UpdatedAt, r.SubmittedAt, null, false))
                    .ToListAsync(cancellationToken);
                return new RequestPage(Numbered(rows), total, page, pageSize);
            }

            default:
            {
                // Newest decision of mine first. Paging on my own assignments (one index range) and only then reading
                // the page's requests keeps this flat however many years of decisions pile up (docs/benchmarks.md).
                var acted = db.ApprovalAssignments.AsNoTracking().Where(a => a.ActedById == viewer.AccountId)
                    .GroupBy(a => a.RequestId)
                    .Select(g => new { RequestId = g.Key, Last = g.Max(a => a.ActedAt) });
                var total = await acted.CountAsync(cancellationToken);
                var ids = await acted.OrderByDescending(x => x.Last).ThenByDescending(x => x.RequestId)
                    .Skip((page - 1) * pageSize).Take(pageSize).Select(x => x.RequestId).ToListAsync(cancellationToken);
                var found = await db.ApprovalRequests.AsNoTracking().Where(r => ids.Contains(r.Id))
                    .Select(r => new InboxRow(r.Id, "", r.Title, r.FormDefinition!.Name, r.Applicant!.DisplayName, r.Status,
                        r.Steps.Where(s => s.Round == r.Round && s.Status == StepStatus.Active).Select(s => s.Name).FirstOrDefault(), r.Amount, r.UpdatedAt, r.SubmittedAt, null, false))
                    .ToDictionaryAsync(r => r.Id, cancellationToken);
                var rows = ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
                return new RequestPage(Numbered(rows), total, page, pageSize);
            }
        }
    }

    /// <summary>過去の申請: filed requests the viewer may see, filtered; administrators see all.</summary>
    public async Task<RequestPage> FindAsync(ApprovalViewer viewer, RequestFilter filter, CancellationToken cancellationToken = default)
    {
        var page = Math.Clamp(filter.Page, 1, 100_000);
        var pageSize = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var query = Filtered(viewer, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new InboxRow(r.Id, "", r.Title, r.FormDefinition!.Name, r.Applicant!.DisplayName, r.Status,
                r.Steps.Where(s => s.Round == r.Round && s.Status == StepStatus.Active).Select(s => s.Name).FirstOrDefault(), r.Amount, r.UpdatedAt, r.SubmittedAt, null, false))
            .ToListAsync(cancellationToken);
        return new RequestPage(Numbered(rows), total, page, pageSize);
    }

    /// <summary>Every filed request matching the filter that the viewer may see, for export (oldest first).</summary>
    public IAsyncEnumerable<ExportRow> ExportAsync(ApprovalViewer viewer, RequestFilter filter) =>
        Filtered(viewer, filter).OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Select(r => new ExportRow(r.Id, r.SubmittedAt, r.FormDefinition!.Name, r.Title, r.Applicant!.DisplayName,
                db.Departments.Where(d => d.Id == r.ApplicantDepartmentId).Select(d => d.Path).FirstOrDefault(), r.Status, r.Amount, r.DecidedAt, r.Retention, r.DisposalDate))
            .AsAsyncEnumerable();

    private IQueryable<ApprovalRequest> Filtered(ApprovalViewer viewer, RequestFilter filter)
    {
        var query = db.ApprovalRequests.AsNoTracking().Where(r => r.Status != RequestStatus.Draft);
        if (!viewer.IsAdministrator)
        {
            query = query.Where(r => db.ApprovalParticipants.Any(p => p.RequestId == r.Id && p.AccountId == viewer.AccountId));
        }

        if (filter.FormDefinitionId is { } form)
        {
            query = query.Where(r => r.FormDefinitionId == form);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.Applicant))
        {
            var name = filter.Applicant.Trim();
            query = query.Where(r => r.Applicant!.DisplayName.Contains(name) || r.Applicant.Kana.Contains(name));
        }

        if (filter.DepartmentId is { } department)
        {
            // A 部 covers its 課 and 係.
            var path = db.Departments.Where(d => d.Id == department).Select(d => d.Path);
            query = query.Where(r => db.Departments.Any(d => d.Id == r.ApplicantDepartmentId
                && path.Any(p => d.Path == p || d.Path.StartsWith(p + "/"))));
        }

        if (filter.From is { } from)
        {
            var start = Clock.FromTokyo(from);
            query = query.Where(r => r.SubmittedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = Clock.FromTokyo(to.AddDays(1));
            query = query.Where(r => r.SubmittedAt < end);
        }

        if (filter.AmountMin is { } min)
        {
            query = query.Where(r => r.Amount >= min);
        }

        if (filter.AmountMax is { } max)
        {
            query = query.Where(r => r.Amount <= max);
        }

        return query;
    }

    private static List<InboxRow> Numbered(List<InboxRow> rows) =>
        rows.Select(r => r with { Number = r.SubmittedAt is { } at ? ApprovalRequest.FormatNumber(at, r.Id) : $"下書き-{r.Id}" }).ToList();
}

public sealed record ExportRow(int Id, DateTimeOffset? SubmittedAt, string FormName, string Title, string ApplicantName, string? Department, RequestStatus Status, long? Amount, DateTimeOffset? DecidedAt, RetentionClass Retention, DateOnly? DisposalDate);
