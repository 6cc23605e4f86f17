using Tsunagu.Core.Audit;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Approvals;

public enum RequestStatus
{
    /// <summary>下書き: not yet filed.</summary>
    Draft,

    /// <summary>回付中.</summary>
    InProgress,

    /// <summary>差戻し: back with the applicant, who may correct and resubmit or withdraw.</summary>
    SentBack,

    /// <summary>引戻し: the applicant took it back before the next person acted.</summary>
    PulledBack,

    /// <summary>決裁済: content frozen, its hash in the audit chain.</summary>
    Approved,

    /// <summary>否認.</summary>
    Rejected,

    /// <summary>取下げ.</summary>
    Withdrawn,
}

public enum SendBackTarget
{
    Applicant,
    PreviousStep,
}

/// <summary>
/// An e-approval request (稟議・申請). Its state changes only through these methods, which refuse what the rules do
/// not allow and append an <see cref="ApprovalAction"/> for every change: the history is the evidence of how the
/// decision was reached. The service resolves who the route's steps go to (that needs the database) and saves.
/// </summary>
public sealed class ApprovalRequest
{
    public const int MaxTitleLength = 200;
    public const int MaxCommentLength = 2000;

    private ApprovalRequest()
    {
    }

    public ApprovalRequest(FormVersion version, int formDefinitionId, Account applicant, RetentionClass retention, DateTimeOffset now)
    {
        FormVersion = version;
        FormVersionId = version.Id;
        FormDefinitionId = formDefinitionId;
        ApplicantId = applicant.Id;
        Applicant = applicant;
        ApplicantDepartmentId = applicant.DepartmentId;
        Retention = retention;
        CreatedAt = now;
        UpdatedAt = now;
        Participants.Add(new ApprovalParticipant { AccountId = applicant.Id });
    }

    public int Id { get; private set; }

    public int FormDefinitionId { get; private set; }

    public FormDefinition? FormDefinition { get; private set; }

    public int FormVersionId { get; private set; }

    public FormVersion? FormVersion { get; private set; }

    public string Title { get; private set; } = "";

    public int ApplicantId { get; private set; }

    public Account? Applicant { get; private set; }

    /// <summary>The applicant's department when filed (people move; the request stays with the department).</summary>
    public int? ApplicantDepartmentId { get; private set; }

    public RequestStatus Status { get; private set; }

    /// <summary>The validated form values (<see cref="Forms.FormCheck.Values"/>) as JSON.</summary>
    public string ValuesJson { get; private set; } = "{}";

    /// <summary>The form's amount field, for route conditions and filters.</summary>
    public long? Amount { get; private set; }

    /// <summary>1 for the first filing, +1 for each resubmission; steps belong to a round.</summary>
    public int Round { get; private set; }

    /// <summary>The client's key of the request that created it: a double-clicked 申請 creates one request.</summary>
    public string? ClientKey { get; set; }

    /// <summary>Concurrency token: every action bumps it, so two people acting at once cannot both succeed.</summary>
    public int Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public RetentionClass Retention { get; private set; }

    public DateOnly? DisposalDate { get; private set; }

    /// <summary>SHA-256 of the frozen content (<see cref="ApprovalEvidence.ContentHash"/>), set on final approval.</summary>
    public string? ContentHash { get; private set; }

    /// <summary>Hash of the newest action: each action's hash covers the one before it.</summary>
    public string LastActionHash { get; private set; } = ApprovalEvidence.Genesis;

    public List<ApprovalStep> Steps { get; } = [];

    public List<ApprovalAction> Actions { get; } = [];

    public List<ApprovalParticipant> Participants { get; } = [];

    /// <summary>Display number, e.g. 2026-000123 (fiscal year of filing, id).</summary>
    public string Number => SubmittedAt is { } at ? FormatNumber(at, Id) : $"下書き-{Id}";

    public static string FormatNumber(DateTimeOffset submittedAt, int id)
    {
        var local = Clock.ToTokyo(submittedAt);
        var fiscalYear = local.Month >= 4 ? local.Year : local.Year - 1;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{fiscalYear}-{id:D6}");
    }

    public bool IsEditable => Status is RequestStatus.Draft or RequestStatus.SentBack or RequestStatus.PulledBack;

    public bool IsClosed => Status is RequestStatus.Approved or RequestStatus.Rejected or RequestStatus.Withdrawn;

    public ApprovalStep? ActiveStep => Steps.FirstOrDefault(s => s.Round == Round && s.Status == StepStatus.Active);

    public IEnumerable<ApprovalStep> CurrentSteps => Steps.Where(s => s.Round == Round).OrderBy(s => s.Order);

    /// <summary>Sets the content while the applicant may still edit it.</summary>
    public void Edit(string title, string valuesJson, decimal? amount, DateTimeOffset now)
    {
        if (!IsEditable)
        {
            throw new DomainException("approval.not-editable", "この申請は編集できない状態です。");
        }

        var trimmed = (title ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxTitleLength)
        {
            throw new DomainException("approval.invalid-title", $"件名は1〜{MaxTitleLength}文字で入力してください。");
        }

        Title = trimmed;
        ValuesJson = valuesJson;
        Amount = amount is { } yen ? (long)Math.Round(yen, MidpointRounding.AwayFromZero) : null;
        Touch(now);
    }

    /// <summary>Files the draft, or refiles it after a send-back or pull-back, along the resolved route.</summary>
    public void Submit(IReadOnlyList<ResolvedStep> route, Actor actor, string? comment, string? clientKey, DateTimeOffset now)
    {
        RequireApplicant(actor);
        if (!IsEditable)
        {
            throw new DomainException("approval.not-submittable", "この申請は提出できない状態です。");
        }

        if (route.Count == 0 || route.Any(s => s.Assignees.Count == 0))
        {
            throw new DomainException("approval.empty-route", "回付先が決まらない段階があります。");
        }

        var resubmission = Status != RequestStatus.Draft;
        Round++;
        SubmittedAt ??= now;
        Status = RequestStatus.InProgress;
        var order = 0;
        foreach (var resolved in route)
        {
            var step = new ApprovalStep(this, Round, ++order, resolved);
            Steps.Add(step);
            foreach (var assignee in resolved.Assignees)
            {
                AddParticipant(assignee.AccountId);
            }
        }

        Append(resubmission ? ActionKind.Resubmit : ActionKind.Submit, actor, null, null, comment, clientKey, now);
        Steps.First(s => s.Round == Round && s.Order == 1).Activate(now);
        Touch(now);
    }

    /// <summary>
    /// Approve (承認・決裁・合議の同意), or acknowledge (回覧の確認), for the assignee <paramref name="assigneeId"/>: the
    /// actor is the assignee, or acts on their behalf under a delegation (<paramref name="actingAs"/>).
    /// Returns true when this completed the whole route (the request is now approved).
    /// </summary>
    public bool Approve(Actor actor, int assigneeId, ActingAs actingAs, string? comment, string? clientKey, DateTimeOffset now)
    {
        RequireNotApplicant(actor);
        var (step, assignment) = OpenAssignment(assigneeId);
        var kind = step.Kind == StepKind.Circulation ? ActionKind.Acknowledge : ActionKind.Approve;
        assignment.Decide(step.Kind == StepKind.Circulation ? Decision.Acknowledged : Decision.Approved, actor, actingAs, now);
        Append(kind, actor, step, actingAs == ActingAs.Self ? null : assignment, comment, clientKey, now);
        Touch(now);
        if (!step.IsSatisfied)
        {
            return false;
        }

        step.Complete(now);
        var next = CurrentSteps.FirstOrDefault(s => s.Order > step.Order && s.Status == StepStatus.Waiting);
        if (next is not null)
        {
            next.Activate(now);
            return false;
        }

        Status = RequestStatus.Approved;
        DecidedAt = now;
        return true;
    }

    /// <summary>否認: the decision is no. Closes the request. Not on 回覧 or 合議 steps (合議 objects by sending back).</summary>
    public void Reject(Actor actor, int assigneeId, ActingAs actingAs, string? comment, string? clientKey, DateTimeOffset now)
    {
        RequireNotApplicant(actor);
        var (step, assignment) = OpenAssignment(assigneeId);
        if (step.Kind is StepKind.Circulation or StepKind.Consultation)
        {
            throw new DomainException("approval.reject-not-allowed", step.Kind == StepKind.Circulation
                ? "回覧の段階では否認できません(確認のみです)。"
                : "合議の段階では否認できません。異議がある場合は差し戻してください。");
        }

        RequireComment(comment, "否認");
        assignment.Decide(Decision.Rejected, actor, actingAs, now);
        step.Close(StepStatus.Rejected, now);
        CloseOpenSteps(now);
        Append(ActionKind.Reject, actor, step, actingAs == ActingAs.Self ? null : assignment, comment, clientKey, now);
        Status = RequestStatus.Rejected;
        DecidedAt = now;
        Touch(now);
    }

    /// <summary>差戻し to the applicant (who corrects and resubmits) or to the previous step (which acts again).</summary>
    public void SendBack(Actor actor, int assigneeId, ActingAs actingAs, SendBackTarget target, string? comment, string? clientKey, DateTimeOffset now)
    {
        RequireNotApplicant(actor);
        var (step, assignment) = OpenAssignment(assigneeId);
        if (step.Kind == StepKind.Circulation)
        {
            throw new DomainException("approval.sendback-not-allowed", "回覧の段階では差し戻せません(確認のみです)。");
        }

        RequireComment(comment, "差戻し");
        var previous = CurrentSteps.LastOrDefault(s => s.Order < step.Order && s.Status == StepStatus.Completed);
        if (target == SendBackTarget.PreviousStep && previous is null)
        {
            throw new DomainException("approval.no-previous-step", "前の段階がないため、申請者に差し戻してください。");
        }

        assignment.Decide(Decision.SentBack, actor, actingAs, now);
        Append(ActionKind.SendBack, actor, step, actingAs == ActingAs.Self ? null : assignment, comment, clientKey, now, target == SendBackTarget.PreviousStep ? previous!.Name : "申請者");
        if (target == SendBackTarget.PreviousStep)
        {
            step.Reset();
            previous!.Reset();
            previous.Activate(now);
        }
        else
        {
            CloseOpenSteps(now, StepStatus.Returned);
            Status = RequestStatus.SentBack;
        }

        Touch(now);
    }

    /// <summary>引戻し: the applicant takes the request back while no one on the current step has acted.</summary>
    public void PullBack(Actor actor, string? comment, string? clientKey, DateTimeOffset now)
    {
        RequireApplicant(actor);
        if (Status != RequestStatus.InProgress)
        {
            throw new DomainException("approval.not-in-progress", "回付中の申請だけ引き戻せます。");
        }

        if (ActiveStep is { } active && active.Assignments.Any(a => a.Decision != Decision.Pending))
        {
            throw new DomainException("approval.already-acted", "次の承認者がすでに処理を始めたため、引き戻せません。");
        }

        CloseOpenSteps(now, StepStatus.Returned);
        Append(ActionKind.PullBack, actor, null, null, comment, clientKey, now);
        Status = RequestStatus.PulledBack;
        Touch(now);
    }

    /// <summary>取下げ: the applicant withdraws the request for good.</summary>
    public void Withdraw(Actor actor, string? comment, string? clientKey, DateTimeOffset now)
    {
        RequireApplicant(actor);
        if (IsClosed)
        {
            throw new DomainException("approval.closed", "完了した申請は取り下げられません。");
        }

        CloseOpenSteps(now, StepStatus.Cancelled);
        Append(ActionKind.Withdraw, actor, null, null, comment, clientKey, now);
        Status = RequestStatus.Withdrawn;
        DecidedAt = now;
        Touch(now);
    }

    /// <summary>後閲: the approver a substitute decided for (代決) reviews the decision afterwards.</summary>
    public void PostReview(Actor actor, string? comment, string? clientKey, DateTimeOffset now)
    {
        var assignment = Steps.SelectMany(s => s.Assignments)
            .FirstOrDefault(a => a.AssigneeId == actor.AccountId && a.PostReviewPending)
            ?? throw new DomainException("approval.no-post-review", "後閲する代決がありません。");
        assignment.CompletePostReview(now);
        Append(ActionKind.PostReview, actor, assignment.Step, null, comment, clientKey, now);
        Touch(now);
    }

    /// <summary>
    /// An administrator changes who a not yet completed step of the current round goes to (an approver on leave,
    /// moved, or wrongly chosen). The reason is mandatory and kept in the history.
    /// </summary>
    public void Reroute(Actor administrator, int stepId, IReadOnlyList<ResolvedAssignee> assignees, string? reason, string? clientKey, DateTimeOffset now)
    {
        if (Status != RequestStatus.InProgress)
        {
            throw new DomainException("approval.not-in-progress", "回付中の申請だけルートを変更できます。");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("approval.reason-required", "ルート変更の理由を入力してください。");
        }

        var step = CurrentSteps.FirstOrDefault(s => s.Id == stepId && s.Status is StepStatus.Waiting or StepStatus.Active)
            ?? throw new DomainException("approval.step-not-open", "処理が済んでいない段階だけ変更できます。");
        if (assignees.Count == 0)
        {
            throw new DomainException("approval.empty-route", "変更後の承認者を1人以上指定してください。");
        }

        var approved = step.Assignments.Count(a => a.Decision is Decision.Approved or Decision.Acknowledged);
        if (approved + assignees.Count(a => step.Assignments.All(x => x.AssigneeId != a.AccountId || x.Decision == Decision.Pending)) < step.RequiredCount)
        {
            throw new DomainException("approval.reroute-too-few", $"この段階には{step.RequiredCount}人の承認が必要です。承認者が足りません。");
        }

        var before = string.Join("、", step.Assignments.Where(a => a.Decision == Decision.Pending).Select(a => a.AssigneeName));
        step.ReplacePending(assignees, now);
        foreach (var a in assignees)
        {
            AddParticipant(a.AccountId);
        }

        var after = string.Join("、", assignees.Select(a => a.Name));
        Append(ActionKind.Reroute, administrator, step, null, reason, clientKey, now, $"{before} → {after}");
        Touch(now);
    }

    /// <summary>Sets the frozen content's hash and the disposal date; only once, on final approval.</summary>
    public void Freeze(string contentHash, DateOnly completedOn)
    {
        if (Status != RequestStatus.Approved || ContentHash is not null)
        {
            throw new InvalidOperationException("Only a newly approved request is frozen.");
        }

        ContentHash = contentHash;
        DisposalDate = Approvals.Retention.DisposalDate(Retention, completedOn);
    }

    /// <summary>A rejected or withdrawn request is kept for its retention period too.</summary>
    public void SetDisposal(DateOnly completedOn) => DisposalDate = Approvals.Retention.DisposalDate(Retention, completedOn);

    /// <summary>The open assignment of <paramref name="assigneeId"/> on the active step, or a refusal that says why not.</summary>
    public (ApprovalStep Step, ApprovalAssignment Assignment) OpenAssignment(int assigneeId)
    {
        if (Status != RequestStatus.InProgress)
        {
            throw new DomainException("approval.not-in-progress", Status switch
            {
                RequestStatus.Approved => "この申請はすでに決裁されています。",
                RequestStatus.Rejected => "この申請はすでに否認されています。",
                RequestStatus.Withdrawn => "この申請は取り下げられています。",
                _ => "この申請は回付中ではありません。",
            });
        }

        var step = ActiveStep ?? throw new DomainException("approval.no-active-step", "処理待ちの段階がありません。");
        var assignment = step.Assignments.FirstOrDefault(a => a.AssigneeId == assigneeId && a.Decision == Decision.Pending);
        if (assignment is null)
        {
            // Decided here or on an earlier step (a second click, or a step someone else completed): say so. Someone
            // an administrator replaced, or who is only on a later step, is not the one to act now.
            var decided = CurrentSteps.Where(s => s.Order <= step.Order).SelectMany(s => s.Assignments)
                .Any(a => a.AssigneeId == assigneeId && a.Decision is not (Decision.Pending or Decision.Replaced));
            throw decided
                ? new DomainException("approval.already-decided", "この段階はすでに処理済みです。")
                : new AccessDeniedException("この申請の処理者ではありません。");
        }

        return (step, assignment);
    }

    private void CloseOpenSteps(DateTimeOffset now, StepStatus status = StepStatus.Cancelled)
    {
        foreach (var s in CurrentSteps.Where(s => s.Status is StepStatus.Waiting or StepStatus.Active))
        {
            s.Close(status, now);
        }
    }

    private void RequireApplicant(Actor actor)
    {
        if (actor.AccountId != ApplicantId)
        {
            throw new AccessDeniedException("申請者だけができる操作です。");
        }
    }

    /// <summary>Not even as someone's delegate: the applicant never decides on their own request.</summary>
    private void RequireNotApplicant(Actor actor)
    {
        if (actor.AccountId == ApplicantId)
        {
            throw new AccessDeniedException("申請者は自分の申請を承認・否認・差戻しできません。");
        }
    }

    private static void RequireComment(string? comment, string what)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new DomainException("approval.comment-required", $"{what}の理由をコメントに入力してください。");
        }
    }

    private void AddParticipant(int accountId)
    {
        if (Participants.All(p => p.AccountId != accountId))
        {
            Participants.Add(new ApprovalParticipant { AccountId = accountId });
        }
    }

    private void Append(ActionKind kind, Actor actor, ApprovalStep? step, ApprovalAssignment? onBehalf, string? comment, string? clientKey, DateTimeOffset now, string? detail = null)
    {
        var text = comment?.Trim() ?? "";
        if (text.Length > MaxCommentLength)
        {
            throw new DomainException("approval.comment-too-long", $"コメントは{MaxCommentLength}文字以内で入力してください。");
        }

        if (actor.AccountId is { } id)
        {
            AddParticipant(id);
        }

        var action = new ApprovalAction(this, Actions.Count + 1, Round, kind, actor, step?.Name, onBehalf?.AssigneeId, onBehalf?.AssigneeName, text, detail, clientKey, now);
        action.Seal(LastActionHash);
        LastActionHash = action.Hash;
        Actions.Add(action);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>A person a route step resolved to, with their name as it was (the history must not change when they do).</summary>
public sealed record ResolvedAssignee(int AccountId, string Name);

public sealed record ResolvedStep(string Name, StepKind Kind, StepMode Mode, int RequiredCount, IReadOnlyList<ResolvedAssignee> Assignees);

/// <summary>Everyone who may open a request: the applicant, every assignee of any round, everyone who acted.</summary>
public sealed class ApprovalParticipant
{
    public int RequestId { get; set; }

    public int AccountId { get; set; }
}
