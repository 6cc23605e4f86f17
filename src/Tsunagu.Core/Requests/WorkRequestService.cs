using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Search;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Requests;

/// <summary>A file sent with a new request.</summary>
public sealed record WorkRequestFile(string FileName, string? ContentType, Stream Content);

/// <summary>
/// Opens and moves requests between departments. Each operation writes the request, its history, its search entries,
/// the notifications (outbox) and the audit entry in one transaction. Two people acting on the same request at once:
/// the first to save wins, the other gets a <see cref="ConflictException"/> (409) and sees the new state.
/// </summary>
public sealed partial class WorkRequestService(
    AppDbContext db,
    NotificationService notifications,
    AuditLog audit,
    UsageRecorder usage,
    TimeProvider clock,
    ILogger<WorkRequestService> logger)
{
    public const string UsageFeature = "request";

    /// <summary>How often a comment or watcher change is tried again after another change was saved first.</summary>
    public const int MaxAttempts = 5;

    public const string ConflictMessage = "他の人が先にこの依頼を更新しました。最新の状態を確認してから、もう一度操作してください。";

    /// <summary>Opens a request from <paramref name="requesterId"/> and returns its id.</summary>
    /// <exception cref="DomainException">request.* (subject, details, target, due date, watchers, files) and attachment.*.</exception>
    public async Task<int> CreateAsync(int requesterId, NewWorkRequest input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.GetUtcNow();
        var requester = await db.Users.AsNoTracking().Where(a => a.Id == requesterId && a.IsActive)
            .Select(a => new { a.DisplayName, a.DepartmentId, a.Email }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainException("request.no-requester", "依頼者のアカウントが見つかりません。");
        var tree = await DepartmentTree.LoadAsync(db, cancellationToken);
        int? toAccountDepartment = null;
        if (input.ToAccountId is { } toAccountId)
        {
            var person = await db.Users.AsNoTracking().Where(a => a.Id == toAccountId && a.IsActive).Select(a => new { a.DepartmentId }).FirstOrDefaultAsync(cancellationToken)
                ?? throw new DomainException("request.person-not-found", "依頼先の担当者が見つかりません。");
            toAccountDepartment = person.DepartmentId;
        }

        var toDepartmentId = input.ToDepartmentId ?? toAccountDepartment
            ?? throw new DomainException("request.no-target", "依頼先の部署を選んでください。");
        if (!await db.Departments.AnyAsync(d => d.Id == toDepartmentId && d.IsActive, cancellationToken))
        {
            throw new DomainException("request.no-target", "依頼先の部署が見つかりません。");
        }

        if (input.ToAccountId is not null && (toAccountDepartment is not { } pd || !tree.IsWithin(pd, toDepartmentId)))
        {
            throw new DomainException("request.person-outside", "依頼先の担当者は、依頼先の部署(またはその中の係)の職員から選んでください。");
        }

        var watcherIds = input.WatcherIds.Distinct().ToList();
        if (watcherIds.Count > 0)
        {
            var known = await db.Users.AsNoTracking().CountAsync(a => watcherIds.Contains(a.Id) && a.IsActive, cancellationToken);
            if (known != watcherIds.Count)
            {
                throw new DomainException("request.watcher-not-found", "ウォッチする人に見つからない職員が含まれています。");
            }
        }

        var request = WorkRequest.Open(requesterId, requester.DepartmentId, toDepartmentId, input.ToAccountId, input.Subject, input.Details,
            input.DueDate, input.Priority, watcherIds, input.SourceKind, input.SourceKey, input.SourceUrl, now);
        if (input.Files.Count > WorkRequest.MaxAttachments)
        {
            throw new DomainException("request.too-many-files", $"添付できるファイルは{WorkRequest.MaxAttachments}件までです。");
        }

        // Every file is read and checked before anything is written.
        var attachments = new List<Attachment>();
        foreach (var file in input.Files)
        {
            attachments.Add(await AttachmentUpload.ReadAsync(SearchModules.WorkRequest, "", file.FileName, file.ContentType, file.Content, requesterId, now, cancellationToken));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var attachment in attachments)
        {
            attachment.OwnerKey = Key(request.Id);
            if (attachment.TextProblem is not null)
            {
                LogExtractionFailed(logger, attachment.FileName, request.Id, attachment.TextProblem);
            }
        }

        db.Attachments.AddRange(attachments);
        await db.SaveChangesAsync(cancellationToken);
        await WorkRequestSearchContent.IndexAsync(db, request, cancellationToken);
        var first = request.ToAccountId is { } asked ? [asked] : await ManagersOfAsync(request.ToDepartmentId, cancellationToken);
        var department = await DepartmentNameAsync(request.RequesterDepartmentId, cancellationToken);
        await notifications.NotifyAsync(first.Where(id => id != requesterId).ToList(), NotificationKinds.WorkRequest, $"依頼: {request.Subject}",
            NewBody(requester.DisplayName, department, request), Url(request.Id), cancellationToken);
        if (request.Watchers.Count > 0)
        {
            await notifications.NotifyAsync(request.Watchers.Select(w => w.AccountId).Except(first).ToList(), NotificationKinds.WorkRequest, $"依頼(ウォッチ): {request.Subject}",
                NewBody(requester.DisplayName, department, request), Url(request.Id), cancellationToken);
        }

        audit.Record(new Actor(requesterId, requester.DisplayName, null), "request.created", Target(request.Id),
            string.Create(CultureInfo.InvariantCulture, $"to={request.ToDepartmentId} person={request.ToAccountId} files={attachments.Count} source={request.SourceKind}:{request.SourceKey}"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        usage.Record(requesterId, UsageFeature, "create");
        return request.Id;
    }

    /// <summary>受付, 回答, 差戻し, 完了 or 取消. <paramref name="version"/> (when given) must be the version the actor saw.</summary>
    /// <exception cref="DomainException">request.not-found and the refusals of the entity.</exception>
    /// <exception cref="AccessDeniedException">The action is not the viewer's to take.</exception>
    /// <exception cref="ConflictException">Someone else changed the request first.</exception>
    public async Task<WorkRequest> ActAsync(int accountId, int requestId, WorkRequestAction action, string? text, int? version, CancellationToken cancellationToken = default)
    {
        var (request, scope) = await LoadVisibleAsync(accountId, requestId, cancellationToken);
        if (version is { } seen && seen != request.Version)
        {
            throw new ConflictException(ConflictMessage);
        }

        var now = clock.GetUtcNow();
        var targetSide = WorkRequestAccess.IsTargetSide(request, scope);
        switch (action)
        {
            case WorkRequestAction.Receive:
                request.Receive(accountId, targetSide, now);
                break;
            case WorkRequestAction.Answer:
                request.AnswerWith(accountId, targetSide, text, now);
                break;
            case WorkRequestAction.Return:
                request.Return(accountId, text, now);
                break;
            case WorkRequestAction.Complete:
                request.Complete(accountId, text, now);
                break;
            case WorkRequestAction.Cancel:
                request.Cancel(accountId, text, now);
                break;
            default:
                throw new DomainException("request.invalid-action", "操作の種類が正しくありません。");
        }

        var name = await NameAsync(accountId, cancellationToken);
        var (title, body, recipients) = action switch
        {
            WorkRequestAction.Receive => ($"依頼受付: {request.Subject}", $"{name}さんが依頼を受け付けました。", (IReadOnlyList<int>)[request.RequesterId]),
            WorkRequestAction.Answer => ($"依頼回答: {request.Subject}", $"{name}さんが回答しました。内容を確認し、完了または差戻しをしてください。", [request.RequesterId]),
            WorkRequestAction.Return => ($"依頼差戻し: {request.Subject}", $"{name}さんが回答を差し戻しました。理由: {text}", await TargetPeopleAsync(request, cancellationToken)),
            WorkRequestAction.Complete => ($"依頼完了: {request.Subject}", $"{name}さんが依頼を完了にしました。", await TargetPeopleAsync(request, cancellationToken)),
            _ => ($"依頼取消: {request.Subject}", $"{name}さんが依頼を取り消しました。理由: {text}", await TargetPeopleAsync(request, cancellationToken)),
        };
        var told = recipients.Concat(request.Watchers.Select(w => w.AccountId)).Where(id => id != accountId).Distinct().ToList();
        await notifications.NotifyAsync(told, NotificationKinds.WorkRequest, title, body, Url(request.Id), cancellationToken);
        audit.Record(new Actor(accountId, name, null), "request." + action.ToString().ToLowerInvariant(), Target(request.Id),
            string.Create(CultureInfo.InvariantCulture, $"state={request.State} version={request.Version}"));
        await WorkRequestSearchContent.IndexAsync(db, request, cancellationToken);
        await SaveOrConflictAsync(cancellationToken);
        usage.Record(accountId, UsageFeature, action.ToString().ToLowerInvariant());
        return request;
    }

    /// <summary>担当者: the target side names one of its own (or the person asked).</summary>
    public async Task AssignAsync(int accountId, int requestId, int assigneeId, int? version, CancellationToken cancellationToken = default)
    {
        var (request, scope) = await LoadVisibleAsync(accountId, requestId, cancellationToken);
        if (version is { } seen && seen != request.Version)
        {
            throw new ConflictException(ConflictMessage);
        }

        var assignee = await db.Users.AsNoTracking().Where(a => a.Id == assigneeId && a.IsActive).Select(a => new { a.DisplayName, a.DepartmentId }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainException("request.assignee-outside", "担当者は依頼先の部署の職員から選んでください。");
        var tree = await DepartmentTree.LoadAsync(db, cancellationToken);
        var inTarget = assignee.DepartmentId is { } d && tree.IsWithin(d, request.ToDepartmentId);
        request.Assign(accountId, WorkRequestAccess.IsTargetSide(request, scope), assigneeId, inTarget, assignee.DisplayName, clock.GetUtcNow());
        var name = await NameAsync(accountId, cancellationToken);
        if (assigneeId != accountId)
        {
            await notifications.NotifyAsync([assigneeId], NotificationKinds.WorkRequest, $"依頼の担当: {request.Subject}", $"{name}さんがあなたを担当者にしました。", Url(request.Id), cancellationToken);
        }

        audit.Record(new Actor(accountId, name, null), "request.assigned", Target(request.Id), string.Create(CultureInfo.InvariantCulture, $"assignee={assigneeId}"));
        await WorkRequestSearchContent.IndexAsync(db, request, cancellationToken);
        await SaveOrConflictAsync(cancellationToken);
        usage.Record(accountId, UsageFeature, "assign");
    }

    /// <summary>A comment; the parties and the watchers except the author are told. A collision is retried, never lost.</summary>
    public async Task CommentAsync(int accountId, int requestId, string? text, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (request, _) = await LoadVisibleAsync(accountId, requestId, cancellationToken);
            request.Comment(accountId, text, clock.GetUtcNow());
            var name = await NameAsync(accountId, cancellationToken);
            var told = (await TargetPeopleAsync(request, cancellationToken)).Append(request.RequesterId).Concat(request.Watchers.Select(w => w.AccountId))
                .Where(id => id != accountId).Distinct().ToList();
            await notifications.NotifyAsync(told, NotificationKinds.WorkRequest, $"依頼へのコメント: {request.Subject}", $"{name}: {WorkRequest.Normalize(text)}", Url(request.Id), cancellationToken);
            await WorkRequestSearchContent.IndexAsync(db, request, cancellationToken);
            try
            {
                await SaveAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                db.ChangeTracker.Clear();
                if (attempt >= MaxAttempts)
                {
                    throw new ConflictException(ConflictMessage, ex);
                }

                continue;
            }

            usage.Record(accountId, UsageFeature, "comment");
            return;
        }
    }

    /// <summary>
    /// Adds (or with <paramref name="watch"/> false removes) a watcher. Anyone who sees the request may watch or stop
    /// watching it themselves; the requester and the target side may add or remove others.
    /// </summary>
    public async Task SetWatcherAsync(int accountId, int requestId, int watcherId, bool watch, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (request, scope) = await LoadVisibleAsync(accountId, requestId, cancellationToken);
            if (watcherId != accountId && request.RequesterId != accountId && !WorkRequestAccess.IsTargetSide(request, scope))
            {
                throw new AccessDeniedException("ほかの人のウォッチを変更できるのは依頼者と依頼先の職員だけです。");
            }

            if (!await db.Users.AnyAsync(a => a.Id == watcherId && a.IsActive, cancellationToken))
            {
                throw new DomainException("request.watcher-not-found", "ウォッチする人が見つかりません。");
            }

            var now = clock.GetUtcNow();
            var changed = watch ? request.AddWatcher(watcherId, now) : request.RemoveWatcher(watcherId, now);
            if (!changed)
            {
                return;
            }

            if (watch && watcherId != accountId)
            {
                var name = await NameAsync(accountId, cancellationToken);
                await notifications.NotifyAsync([watcherId], NotificationKinds.WorkRequest, $"依頼(ウォッチ): {request.Subject}", $"{name}さんがあなたをこの依頼のウォッチに加えました。", Url(request.Id), cancellationToken);
            }

            await WorkRequestSearchContent.IndexAsync(db, request, cancellationToken);
            try
            {
                await SaveAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                db.ChangeTracker.Clear();
                if (attempt >= MaxAttempts)
                {
                    throw new ConflictException(ConflictMessage, ex);
                }

                continue;
            }

            usage.Record(accountId, UsageFeature, watch ? "watch" : "unwatch");
            return;
        }
    }

    /// <summary>督促 by the requester: reminds the target side, at most once a day per request (shared with the daily job).</summary>
    /// <exception cref="DomainException">request.reminded-today, request.not-waiting, request.closed.</exception>
    public async Task RemindAsync(int accountId, int requestId, CancellationToken cancellationToken = default)
    {
        var (request, _) = await LoadVisibleAsync(accountId, requestId, cancellationToken);
        request.EnsureCanRemind(accountId);
        var now = clock.GetUtcNow();
        var today = Clock.TokyoDate(now);
        if (await db.Set<WorkRequestReminder>().AnyAsync(m => m.WorkRequestId == requestId && m.Day == today, cancellationToken))
        {
            throw new DomainException("request.reminded-today", "この依頼には本日すでに督促しています。督促は1日1回までです。");
        }

        var name = await NameAsync(accountId, cancellationToken);
        db.ChangeTracker.Clear();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Add(new WorkRequestReminder { WorkRequestId = requestId, Day = today, SentAt = Clock.Truncate(now), ByHand = true });
            await db.SaveChangesAsync(cancellationToken);
            await notifications.NotifyAsync(await ReminderRecipientsAsync(db, request, cancellationToken), NotificationKinds.WorkRequest, $"督促: {request.Subject}",
                ReminderBody(name, request, today), Url(request.Id), cancellationToken);
            audit.Record(new Actor(accountId, name, null), "request.reminded", Target(request.Id));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsDuplicateKey(ex))
        {
            db.ChangeTracker.Clear();
            throw new DomainException("request.reminded-today", "この依頼には本日すでに督促しています。督促は1日1回までです。");
        }

        usage.Record(accountId, UsageFeature, "remind");
    }

    /// <summary>Who a reminder goes to: the assignee, else the person asked, else the target department's managers.</summary>
    internal static async Task<IReadOnlyList<int>> ReminderRecipientsAsync(AppDbContext db, WorkRequest request, CancellationToken cancellationToken) =>
        request.AssigneeId is { } a ? [a]
        : request.ToAccountId is { } p ? [p]
        : await ManagersOfAsync(db, request.ToDepartmentId, cancellationToken);

    /// <summary>Managers (課長以上) working in the department itself; when it has none, those of the nearest ancestor that has.</summary>
    internal static async Task<IReadOnlyList<int>> ManagersOfAsync(AppDbContext db, int departmentId, CancellationToken cancellationToken)
    {
        var rank = await WorkRequestScope.ManagerRankAsync(db, cancellationToken);
        if (rank is null)
        {
            return [];
        }

        var tree = await DepartmentTree.LoadAsync(db, cancellationToken);
        foreach (var id in tree.SelfAndAbove(departmentId))
        {
            var managers = await db.Users.AsNoTracking()
                .Where(u => u.DepartmentId == id && u.IsActive && u.Position != null && u.Position.Rank <= rank)
                .OrderBy(u => u.Position!.Rank).ThenBy(u => u.Id).Select(u => u.Id).ToListAsync(cancellationToken);
            if (managers.Count > 0)
            {
                return managers;
            }
        }

        return [];
    }

    private Task<IReadOnlyList<int>> ManagersOfAsync(int departmentId, CancellationToken cancellationToken) => ManagersOfAsync(db, departmentId, cancellationToken);

    /// <summary>Those on the target side to tell of a change: assignee and person asked, else the department's managers.</summary>
    private async Task<IReadOnlyList<int>> TargetPeopleAsync(WorkRequest request, CancellationToken cancellationToken)
    {
        var people = new[] { request.AssigneeId, request.ToAccountId }.OfType<int>().Distinct().ToList();
        return people.Count > 0 ? people : await ManagersOfAsync(request.ToDepartmentId, cancellationToken);
    }

    private async Task<(WorkRequest Request, WorkRequestScope Scope)> LoadVisibleAsync(int accountId, int requestId, CancellationToken cancellationToken)
    {
        var scope = await WorkRequestScope.ForAccountAsync(db, accountId, cancellationToken);
        var visible = await db.Set<WorkRequest>().Where(r => r.Id == requestId).Where(WorkRequestAccess.VisibleTo(scope)).AnyAsync(cancellationToken);
        if (!visible)
        {
            throw new DomainException("request.not-found", "依頼が見つかりません。");
        }

        var request = await db.Set<WorkRequest>().Include(r => r.Watchers).Include(r => r.Events).AsSplitQuery().FirstAsync(r => r.Id == requestId, cancellationToken);
        return (request, scope);
    }

    private async Task SaveOrConflictAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SaveAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            db.ChangeTracker.Clear();
            throw new ConflictException(ConflictMessage, ex);
        }
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private Task<string> NameAsync(int accountId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.DisplayName).FirstAsync(cancellationToken);

    private async Task<string?> DepartmentNameAsync(int? departmentId, CancellationToken cancellationToken) =>
        departmentId is null ? null : await db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);

    internal static string NewBody(string requester, string? department, WorkRequest request)
    {
        var from = department is null ? $"{requester}さん" : $"{department}の{requester}さん";
        return request.DueDate is { } due
            ? string.Create(CultureInfo.InvariantCulture, $"{from}からの依頼です。期限: {due:yyyy/MM/dd}。")
            : $"{from}からの依頼です。";
    }

    internal static string ReminderBody(string requester, WorkRequest request, DateOnly today) =>
        request.DueDate is { } due && today > due
            ? string.Create(CultureInfo.InvariantCulture, $"{requester}さんからの依頼の期限({due:yyyy/MM/dd})が過ぎています。対応をお願いします。")
            : $"{requester}さんから依頼への対応をお願いする督促です。";

    public static string Url(int requestId) => string.Create(CultureInfo.InvariantCulture, $"/requests/{requestId}");

    private static string Target(int requestId) => string.Create(CultureInfo.InvariantCulture, $"request:{requestId}");

    internal static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No text extracted from {FileName} attached to request {RequestId}: {Problem}")]
    private static partial void LogExtractionFailed(ILogger logger, string fileName, int requestId, string? problem);
}
