using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Search;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Approvals;

/// <summary>The signed-in person acting on requests. Administrators may read every request and change routes.</summary>
public sealed record ApprovalViewer(int AccountId, string Name, bool IsAdministrator, string? Address = null)
{
    public Actor Actor => new(AccountId, Name, Address);
}

/// <summary>A file uploaded with a request, for a File field (<paramref name="FieldKey"/>).</summary>
public sealed record NewFile(string FieldKey, string FileName, string? ContentType, Stream Content);

/// <summary>
/// Saving a request's content: a new draft (<see cref="RequestId"/> null) or an edit of one's draft, sent-back or
/// pulled-back request; with <see cref="Submit"/> it is also filed (or refiled) along its route.
/// </summary>
public sealed record SaveRequest(string FormCode, int? RequestId, JsonObject Values)
{
    public IReadOnlyList<NewFile> Files { get; init; } = [];

    /// <summary>For routes where the applicant picks: route step index → chosen account.</summary>
    public IReadOnlyDictionary<int, int> Choices { get; init; } = new Dictionary<int, int>();

    public bool Submit { get; init; }

    public string? Comment { get; init; }

    /// <summary>The same key sent twice (double click, retry) files once.</summary>
    public string? ClientKey { get; init; }
}

/// <summary>approve, reject, send-back, pull-back, withdraw, acknowledge, post-review.</summary>
public sealed record ActionRequest(string Action, string? Comment)
{
    /// <summary>For send-back: <c>applicant</c> (default) or <c>previous</c>.</summary>
    public string? Target { get; init; }

    /// <summary>Acting under a delegation for this assignee (代理・代決); null: for oneself, or the only delegator on the step.</summary>
    public int? OnBehalfOf { get; init; }

    public string? ClientKey { get; init; }
}

public sealed record ActionResult(int RequestId, RequestStatus Status, bool AlreadyApplied);

/// <summary>The form's values did not pass validation; <see cref="Errors"/> maps field paths to Japanese messages.</summary>
public sealed class FormInvalidException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

/// <summary>
/// Files and moves e-approval requests. Every change runs in one transaction with its history, its audit entries,
/// its notifications and its search entry. Two people acting on one request at once: the request's version makes
/// one of them fail with <see cref="ConflictException"/>; a repeated client key is applied once.
/// </summary>
public sealed partial class ApprovalService(
    AppDbContext db,
    TimeProvider clock,
    AuditLog audit,
    NotificationService notifications,
    RouteResolver routes,
    UsageRecorder usage,
    ILogger<ApprovalService> logger)
{
    public const string UsageFeature = "approval";
    public const int MaxFilesPerRequest = 20;
    public const int MaxClientKeyLength = 64;

    /// <exception cref="FormInvalidException">The values are not valid for the form.</exception>
    /// <exception cref="DomainException">The form is unknown or inactive, the request is not editable, the route cannot be resolved.</exception>
    /// <exception cref="AccessDeniedException">The request is someone else's.</exception>
    public async Task<ApprovalRequest> SaveAsync(ApprovalViewer viewer, SaveRequest save, CancellationToken cancellationToken = default)
    {
        var clientKey = CleanKey(save.ClientKey);
        try
        {
            return await SaveOnceAsync(viewer, save, clientKey, cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            if (clientKey is not null
                && await db.ApprovalRequests.AsNoTracking().Where(r => r.ApplicantId == viewer.AccountId && (r.ClientKey == clientKey || r.Actions.Any(a => a.ClientKey == clientKey && a.ActorId == viewer.AccountId))).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken) is { } done)
            {
                return await LoadAsync(done, cancellationToken);
            }

            LogConflict(logger, save.RequestId ?? 0, ex.GetType().Name);
            throw new ConflictException("他の人が先にこの申請を処理しました。画面を開き直して、最新の状態を確認してください。", ex);
        }
    }

    private async Task<ApprovalRequest> SaveOnceAsync(ApprovalViewer viewer, SaveRequest save, string? clientKey, CancellationToken cancellationToken)
    {
        if (clientKey is not null && save.RequestId is null
            && await db.ApprovalRequests.AsNoTracking().Where(r => r.ApplicantId == viewer.AccountId && r.ClientKey == clientKey).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken) is { } existing)
        {
            return await LoadAsync(existing, cancellationToken);
        }

        var now = Now();
        var applicant = await db.Users.FirstOrDefaultAsync(a => a.Id == viewer.AccountId && a.IsActive, cancellationToken)
            ?? throw new AccessDeniedException("無効な職員は申請できません。");
        ApprovalRequest request;
        FormVersion version;
        FormDefinition definition;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (save.RequestId is { } id)
        {
            request = await LoadAsync(id, cancellationToken);
            if (request.ApplicantId != viewer.AccountId)
            {
                throw new AccessDeniedException("申請者だけが編集できます。");
            }

            if (clientKey is not null && request.Actions.Any(a => a.ClientKey == clientKey && a.ActorId == viewer.AccountId))
            {
                return request;
            }

            if (!request.IsEditable)
            {
                throw new DomainException("approval.not-editable", "この申請は編集できない状態です。");
            }

            version = request.FormVersion!;
            definition = request.FormDefinition!;
        }
        else
        {
            definition = await db.FormDefinitions.FirstOrDefaultAsync(f => f.Code == save.FormCode && f.IsActive, cancellationToken)
                ?? throw new DomainException("approval.form-not-found", "様式が見つからないか、現在使われていません。");
            version = await db.FormVersions.FirstAsync(v => v.FormDefinitionId == definition.Id && v.Number == definition.CurrentVersion, cancellationToken);
            request = new ApprovalRequest(version, definition.Id, applicant, definition.Retention, now) { ClientKey = clientKey };
            request.Edit(definition.Name, "{}", null, now);
            db.ApprovalRequests.Add(request);
            await db.SaveChangesAsync(cancellationToken);
        }

        var schema = FormSchema.FromJson(version.SchemaJson);
        var values = (JsonObject)save.Values.DeepClone();
        await AttachFilesAsync(request, schema, values, save.Files, viewer.AccountId, now, cancellationToken);
        var applicantContext = await ApplicantContext.LoadAsync(db, viewer.AccountId, cancellationToken);
        var check = FormValidator.Validate(schema, values, applicantContext.DepartmentIds, applicantContext.Position);
        var errors = new Dictionary<string, string>(check.Errors, StringComparer.Ordinal);
        await CheckReferencesAsync(request.Id, check, errors, cancellationToken);
        if (errors.Count > 0)
        {
            throw new FormInvalidException(errors);
        }

        await RemoveUnreferencedFilesAsync(request.Id, check.FileIds, cancellationToken);
        var title = string.IsNullOrWhiteSpace(check.Title) ? definition.Name : check.Title!;
        request.Edit(title, check.Values.ToJsonString(), check.Amount, now);
        var before = request.Actions.Count;
        if (save.Submit)
        {
            var route = RouteDefinition.FromJson(version.RouteJson);
            var resolved = await routes.ResolveAsync(route, check, applicantContext, save.Choices, cancellationToken);
            request.Submit(resolved, viewer.Actor, save.Comment, clientKey, now);
            await NotifyActiveStepAsync(request, cancellationToken);
        }

        await FinishAsync(request, viewer.Actor, before, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        usage.Record(viewer.AccountId, UsageFeature, save.Submit ? "submit" : "save-draft");
        return request;
    }

    /// <summary>Deletes one's own draft (never filed) with its files.</summary>
    public async Task DeleteDraftAsync(ApprovalViewer viewer, int requestId, CancellationToken cancellationToken = default)
    {
        var request = await LoadAsync(requestId, cancellationToken);
        if (request.ApplicantId != viewer.AccountId)
        {
            throw new AccessDeniedException("申請者だけが削除できます。");
        }

        if (request.Status != RequestStatus.Draft || request.Actions.Count > 0)
        {
            throw new DomainException("approval.not-draft", "提出済みの申請は削除できません。取り下げてください。");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var key = Key(request.Id);
        await db.Attachments.Where(a => a.Module == SearchModules.Approval && a.OwnerKey == key).ExecuteDeleteAsync(cancellationToken);
        await SearchIndex.RemoveAsync(db, SearchModules.Approval, key, cancellationToken);
        db.ApprovalRequests.Remove(request);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <exception cref="DomainException">The action is not allowed in the request's state, or unknown.</exception>
    /// <exception cref="AccessDeniedException">The viewer is not the one to take it.</exception>
    /// <exception cref="ConflictException">Someone else acted on the request first.</exception>
    public async Task<ActionResult> ActAsync(ApprovalViewer viewer, int requestId, ActionRequest command, CancellationToken cancellationToken = default)
    {
        var clientKey = CleanKey(command.ClientKey);
        var request = await LoadAsync(requestId, cancellationToken);
        // A repeat is recognised only from the person who sent it: someone else's key (reused or guessed) is no repeat.
        if (clientKey is not null && request.Actions.Any(a => a.ClientKey == clientKey && a.ActorId == viewer.AccountId))
        {
            return new ActionResult(request.Id, request.Status, AlreadyApplied: true);
        }

        var now = Now();
        var actor = viewer.Actor;
        var before = request.Actions.Count;
        var action = (command.Action ?? "").Trim().ToLowerInvariant();
        switch (action)
        {
            case "approve" or "acknowledge" or "reject" or "send-back":
                var (assigneeId, actingAs) = await ResolveActingAsync(viewer, request, command.OnBehalfOf, now, cancellationToken);
                var step = request.ActiveStep;
                if (action == "approve" || action == "acknowledge")
                {
                    if ((action == "acknowledge") != (step?.Kind == StepKind.Circulation) && step is not null)
                    {
                        throw new DomainException("approval.wrong-action", step.Kind == StepKind.Circulation ? "回覧の段階では「確認」してください。" : "この段階では「承認」してください。");
                    }

                    if (request.Approve(actor, assigneeId, actingAs, command.Comment, clientKey, now))
                    {
                        await FreezeAsync(request, actor, now, cancellationToken);
                    }
                    else
                    {
                        await NotifyActiveStepAsync(request, cancellationToken);
                    }
                }
                else if (action == "reject")
                {
                    request.Reject(actor, assigneeId, actingAs, command.Comment, clientKey, now);
                    request.SetDisposal(Clock.TokyoDate(now));
                    await NotifyApplicantAsync(request, "否認されました", command.Comment, cancellationToken);
                }
                else
                {
                    var target = (command.Target ?? "applicant").Trim().ToLowerInvariant() switch
                    {
                        "applicant" or "" => SendBackTarget.Applicant,
                        "previous" or "previous-step" => SendBackTarget.PreviousStep,
                        _ => throw new DomainException("approval.invalid-target", "差戻し先は applicant か previous です。"),
                    };
                    request.SendBack(actor, assigneeId, actingAs, target, command.Comment, clientKey, now);
                    if (target == SendBackTarget.Applicant)
                    {
                        await NotifyApplicantAsync(request, "差し戻されました", command.Comment, cancellationToken);
                    }
                    else
                    {
                        await NotifyActiveStepAsync(request, cancellationToken);
                    }
                }

                if (actingAs == ActingAs.Substitute)
                {
                    await notifications.NotifyAsync([assigneeId], NotificationKinds.Approval, $"後閲のお願い: {request.Title}",
                        $"{viewer.Name} さんが代決しました。内容を確認して後閲してください。", Url(request), cancellationToken);
                }

                break;
            case "pull-back":
                request.PullBack(actor, command.Comment, clientKey, now);
                break;
            case "withdraw":
                request.Withdraw(actor, command.Comment, clientKey, now);
                request.SetDisposal(Clock.TokyoDate(now));
                break;
            case "post-review":
                request.PostReview(actor, command.Comment, clientKey, now);
                break;
            default:
                throw new DomainException("approval.unknown-action", "操作は approve, reject, send-back, pull-back, withdraw, acknowledge, post-review のいずれかです。");
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await FinishAsync(request, actor, before, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            if (clientKey is not null && await db.ApprovalActions.AnyAsync(a => a.RequestId == requestId && a.ClientKey == clientKey && a.ActorId == viewer.AccountId, cancellationToken))
            {
                var status = await db.ApprovalRequests.Where(r => r.Id == requestId).Select(r => r.Status).FirstAsync(cancellationToken);
                return new ActionResult(requestId, status, AlreadyApplied: true);
            }

            LogConflict(logger, requestId, ex.GetType().Name);
            throw new ConflictException("他の人が先にこの申請を処理しました。画面を開き直して、最新の状態を確認してください。", ex);
        }

        usage.Record(viewer.AccountId, UsageFeature, action);
        return new ActionResult(request.Id, request.Status, AlreadyApplied: false);
    }

    /// <summary>An administrator changes who a not yet completed step goes to; the reason is kept in the history.</summary>
    public async Task RerouteAsync(ApprovalViewer viewer, int requestId, int stepId, IReadOnlyList<int> assigneeIds, string? reason, string? clientKey, CancellationToken cancellationToken = default)
    {
        if (!viewer.IsAdministrator)
        {
            throw new AccessDeniedException("ルート変更は管理者だけができます。");
        }

        var request = await LoadAsync(requestId, cancellationToken);
        var key = CleanKey(clientKey);
        if (key is not null && request.Actions.Any(a => a.ClientKey == key && a.ActorId == viewer.AccountId))
        {
            return;
        }

        var ids = assigneeIds.Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(a => ids.Contains(a.Id) && a.IsActive && a.Id != request.ApplicantId)
            .Select(a => new ResolvedAssignee(a.Id, a.DisplayName)).ToListAsync(cancellationToken);
        if (people.Count != ids.Count)
        {
            throw new DomainException("approval.invalid-assignee", "指定した職員が見つからないか、無効または申請者本人です。");
        }

        var before = request.Actions.Count;
        request.Reroute(viewer.Actor, stepId, people, reason, key, Now());
        if (request.ActiveStep?.Id == stepId)
        {
            await NotifyActiveStepAsync(request, cancellationToken);
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await FinishAsync(request, viewer.Actor, before, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConflictException("他の人が先にこの申請を処理しました。画面を開き直してください。", ex);
        }
    }

    /// <summary>The request with everything its state machine needs, tracked.</summary>
    public async Task<ApprovalRequest> LoadAsync(int requestId, CancellationToken cancellationToken) =>
        await db.ApprovalRequests
            .Include(r => r.Steps).ThenInclude(s => s.Assignments)
            .Include(r => r.Actions)
            .Include(r => r.Participants)
            .Include(r => r.FormVersion)
            .Include(r => r.FormDefinition)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken)
        ?? throw new DomainException("approval.not-found", "申請が見つかりません。");

    /// <summary>Whose assignment the viewer acts on: their own, or a delegator's under a delegation valid today.</summary>
    private async Task<(int AssigneeId, ActingAs ActingAs)> ResolveActingAsync(ApprovalViewer viewer, ApprovalRequest request, int? onBehalfOf, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = request.ActiveStep?.Assignments.Where(a => a.Decision == Decision.Pending).Select(a => a.AssigneeId).ToList() ?? [];
        if ((onBehalfOf is null || onBehalfOf == viewer.AccountId) && open.Contains(viewer.AccountId))
        {
            return (viewer.AccountId, ActingAs.Self);
        }

        var today = Clock.TokyoDate(now);
        var delegations = await db.Delegations.AsNoTracking()
            .Where(d => d.DelegateId == viewer.AccountId && open.Contains(d.DelegatorId) && d.RevokedAt == null && d.ValidFrom <= today && d.ValidUntil >= today)
            .ToListAsync(cancellationToken);
        var delegation = onBehalfOf is { } who ? delegations.FirstOrDefault(d => d.DelegatorId == who) : delegations.FirstOrDefault();
        if (delegation is null)
        {
            // Not theirs to act on: let the entity say why (closed, already decided, not an assignee).
            request.OpenAssignment(viewer.AccountId);
            throw new AccessDeniedException("この申請の処理者ではありません。");
        }

        return (delegation.DelegatorId, delegation.Kind);
    }

    private async Task FreezeAsync(ApprovalRequest request, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var files = await ApprovalEvidence.FilesAsync(db, request.Id, cancellationToken);
        request.Freeze(ApprovalEvidence.ContentHash(request, request.FormDefinition!.Code, request.FormVersion!.Number, files), Clock.TokyoDate(now));
        _pendingFreeze = true;
        await NotifyApplicantAsync(request, "決裁されました", null, cancellationToken);
        var circulated = request.CurrentSteps.SelectMany(s => s.Assignments).Where(a => a.Decision != Decision.Replaced).Select(a => a.AssigneeId).Where(id => id != actor.AccountId).ToList();
        await notifications.NotifyAsync(circulated, NotificationKinds.Approval, $"決裁済み: {request.Title}", $"{request.Number} が決裁されました。", Url(request), cancellationToken);
    }

    private bool _pendingFreeze;

    /// <summary>Audit entries for what happened since <paramref name="actionsBefore"/>, the search entry, then save.</summary>
    private async Task FinishAsync(ApprovalRequest request, Actor actor, int actionsBefore, CancellationToken cancellationToken)
    {
        ApprovalEvidence.Record(audit, actor, request, request.Actions.Skip(actionsBefore));
        if (_pendingFreeze)
        {
            ApprovalEvidence.RecordFrozen(audit, actor, request);
            _pendingFreeze = false;
        }

        await ApprovalSearchContent.IndexAsync(db, request, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task AttachFilesAsync(ApprovalRequest request, FormSchema schema, JsonObject values, IReadOnlyList<NewFile> files, int accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            return;
        }

        var key = Key(request.Id);
        if (await db.Attachments.CountAsync(a => a.Module == SearchModules.Approval && a.OwnerKey == key, cancellationToken) + files.Count > MaxFilesPerRequest)
        {
            throw new DomainException("attachment.too-many", $"1つの申請に添付できるファイルは{MaxFilesPerRequest}件までです。");
        }

        var fileFields = schema.AllFields().Where(f => f.Type == FieldType.File).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!fileFields.Contains(file.FieldKey))
            {
                throw new DomainException("approval.unknown-file-field", "添付先の項目がこの様式にありません。");
            }

            var attachment = await AttachmentUpload.ReadAsync(SearchModules.Approval, key, file.FileName, file.ContentType, file.Content, accountId, now, cancellationToken);
            if (attachment.TextProblem is not null)
            {
                LogExtractionFailed(logger, attachment.FileName, request.Id, attachment.TextProblem);
            }

            db.Attachments.Add(attachment);
            await db.SaveChangesAsync(cancellationToken);
            var list = values[file.FieldKey] as JsonArray ?? [];
            if (values[file.FieldKey] is not JsonArray)
            {
                values[file.FieldKey] = list;
            }

            list.Add(attachment.Id);
        }
    }

    private async Task CheckReferencesAsync(int requestId, FormCheck check, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var staff = check.StaffIds.Distinct().ToList();
        if (staff.Count > 0 && await db.Users.CountAsync(a => staff.Contains(a.Id) && a.IsActive, cancellationToken) != staff.Count)
        {
            errors[""] = "指定した職員が見つからないか、無効です。";
        }

        var departments = check.DepartmentIds.Distinct().ToList();
        if (departments.Count > 0 && await db.Departments.CountAsync(d => departments.Contains(d.Id) && d.IsActive, cancellationToken) != departments.Count)
        {
            errors[""] = "指定した部署が見つからないか、廃止されています。";
        }

        var files = check.FileIds.Distinct().ToList();
        var key = Key(requestId);
        if (files.Count > 0 && await db.Attachments.CountAsync(a => files.Contains(a.Id) && a.Module == SearchModules.Approval && a.OwnerKey == key, cancellationToken) != files.Count)
        {
            errors[""] = "添付ファイルがこの申請のものではありません。";
        }
    }

    private async Task RemoveUnreferencedFilesAsync(int requestId, IReadOnlyList<int> keep, CancellationToken cancellationToken)
    {
        var key = Key(requestId);
        var ids = keep.ToList();
        var stale = await db.Attachments.Where(a => a.Module == SearchModules.Approval && a.OwnerKey == key && !ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        if (stale.Count > 0)
        {
            await db.Attachments.Where(a => stale.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
            foreach (var id in stale)
            {
                await SearchIndex.RemoveAsync(db, SearchModules.ApprovalFile, Key(id), cancellationToken);
            }
        }
    }

    private async Task NotifyActiveStepAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        if (request.ActiveStep is not { } step)
        {
            return;
        }

        var pending = step.Assignments.Where(a => a.Decision == Decision.Pending).Select(a => a.AssigneeId).ToList();
        var what = step.Kind switch
        {
            StepKind.Circulation => "回覧",
            StepKind.Consultation => "合議の依頼",
            StepKind.Final => "決裁の依頼",
            _ => "承認の依頼",
        };
        var applicant = await db.Users.Where(a => a.Id == request.ApplicantId).Select(a => a.DisplayName).FirstAsync(cancellationToken);
        await notifications.NotifyAsync(pending, NotificationKinds.Approval, $"{what}: {request.Title}", $"{applicant} さんの申請({request.Number})が届きました。", Url(request), cancellationToken);
        var today = Clock.TokyoDate(Now());
        var delegates = await db.Delegations.AsNoTracking()
            .Where(d => pending.Contains(d.DelegatorId) && d.RevokedAt == null && d.ValidFrom <= today && d.ValidUntil >= today)
            .Select(d => d.DelegateId).Distinct().ToListAsync(cancellationToken);
        await notifications.NotifyAsync(delegates, NotificationKinds.Approval, $"{what}(委任): {request.Title}", $"委任を受けている職員あての申請({request.Number})が届きました。", Url(request), cancellationToken);
    }

    private Task NotifyApplicantAsync(ApprovalRequest request, string what, string? comment, CancellationToken cancellationToken) =>
        notifications.NotifyAsync([request.ApplicantId], NotificationKinds.Approval, $"{what}: {request.Title}",
            string.IsNullOrWhiteSpace(comment) ? $"{request.Number}" : $"{request.Number} {comment}", Url(request), cancellationToken);

    private static string Url(ApprovalRequest request) => $"/approvals/{Key(request.Id)}";

    private DateTimeOffset Now() => Clock.Truncate(clock.GetUtcNow());

    private static string? CleanKey(string? key)
    {
        var k = key?.Trim();
        if (string.IsNullOrEmpty(k))
        {
            return null;
        }

        return k.Length <= MaxClientKeyLength ? k : throw new DomainException("approval.invalid-key", $"操作キーは{MaxClientKeyLength}文字以内です。");
    }

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No text extracted from {FileName} attached to approval request {RequestId}: {Problem}")]
    private static partial void LogExtractionFailed(ILogger logger, string fileName, int requestId, string? problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval request {RequestId}: concurrent change refused ({Error})")]
    private static partial void LogConflict(ILogger logger, int requestId, string error);
}
