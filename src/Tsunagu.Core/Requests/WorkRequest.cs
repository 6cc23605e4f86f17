using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;

namespace Tsunagu.Core.Requests;

/// <summary>依頼中 → 対応中 → 回答済 → 完了; 差戻し sends an answer back; 取消 ends it before 完了.</summary>
public enum WorkRequestState
{
    Open = 0,
    InProgress = 1,
    Answered = 2,
    Completed = 3,
    Returned = 4,
    Cancelled = 5,
}

/// <summary>What the history records: a transition, a comment or a change of who handles or watches it.</summary>
public enum WorkRequestEventKind
{
    Created = 0,
    Received = 1,
    Answered = 2,
    Returned = 3,
    Completed = 4,
    Cancelled = 5,
    Comment = 6,
    Assigned = 7,
    Reminded = 8,
}

/// <summary>The actions of <see cref="WorkRequest"/> the pages and the API offer.</summary>
public enum WorkRequestAction
{
    Receive,
    Answer,
    Return,
    Complete,
    Cancel,
}

/// <summary>
/// 依頼: one person (for their department) asks another department, or a person in it, for something. The target side
/// (the person asked, the assignee, members of the target department) receives and answers; the requester completes,
/// returns (差戻し) or cancels. Every change goes through a method here, is kept as a <see cref="WorkRequestEvent"/> and
/// bumps <see cref="Version"/>, the concurrency token: two people acting at once cannot both write from the same state.
/// </summary>
public sealed class WorkRequest
{
    public const int MaxSubjectLength = 200;
    public const int MaxDetailsLength = 10_000;
    public const int MaxTextLength = 4_000;
    public const int MaxWatchers = 50;
    public const int MaxAttachments = 10;
    public const int MaxSourceLength = 300;

    private WorkRequest()
    {
    }

    public int Id { get; private set; }

    public string Subject { get; private set; } = "";

    /// <summary>Plain text; line breaks are kept when shown.</summary>
    public string Details { get; private set; } = "";

    public int RequesterId { get; private set; }

    public Account? Requester { get; private set; }

    /// <summary>The requester's unit when asking: the request is that department's.</summary>
    public int? RequesterDepartmentId { get; private set; }

    public Department? RequesterDepartment { get; private set; }

    public int ToDepartmentId { get; private set; }

    public Department? ToDepartment { get; private set; }

    /// <summary>The person asked (in the target department or a unit below it), if any.</summary>
    public int? ToAccountId { get; private set; }

    public Account? ToAccount { get; private set; }

    /// <summary>担当者: set by the target side (receiving sets the receiver when nobody is assigned yet).</summary>
    public int? AssigneeId { get; private set; }

    public Account? Assignee { get; private set; }

    /// <summary>期限 (Tokyo date); from the next day an unfinished request is overdue.</summary>
    public DateOnly? DueDate { get; private set; }

    public WorkRequestPriority Priority { get; private set; }

    public WorkRequestState State { get; private set; }

    /// <summary>The latest answer (回答) of the target side.</summary>
    public string? Answer { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? SourceKind { get; private set; }

    public string? SourceKey { get; private set; }

    public string? SourceUrl { get; private set; }

    public int Version { get; private set; }

    public List<WorkRequestWatcher> Watchers { get; private set; } = [];

    public List<WorkRequestEvent> Events { get; private set; } = [];

    public bool IsClosed => State is WorkRequestState.Completed or WorkRequestState.Cancelled;

    /// <summary>Waiting on the target side (受付 or 回答).</summary>
    public bool IsWithTarget => State is WorkRequestState.Open or WorkRequestState.InProgress or WorkRequestState.Returned;

    public bool IsOverdue(DateOnly today) => !IsClosed && State != WorkRequestState.Answered && DueDate is { } due && today > due;

    /// <exception cref="DomainException">request.invalid-subject, request.details-too-long, request.due-in-past, request.invalid-priority, request.too-many-watchers, request.self.</exception>
    public static WorkRequest Open(int requesterId, int? requesterDepartmentId, int toDepartmentId, int? toAccountId, string subject, string? details,
        DateOnly? dueDate, WorkRequestPriority priority, IReadOnlyList<int> watcherIds, string? sourceKind, string? sourceKey, string? sourceUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(watcherIds);
        subject = (subject ?? "").Trim();
        if (subject.Length is 0 or > MaxSubjectLength)
        {
            throw new DomainException("request.invalid-subject", $"件名は1〜{MaxSubjectLength}文字で入力してください。");
        }

        details = Normalize(details);
        if (details.Length > MaxDetailsLength)
        {
            throw new DomainException("request.details-too-long", "内容は10,000文字までにしてください。");
        }

        if (!Enum.IsDefined(priority))
        {
            throw new DomainException("request.invalid-priority", "優先度を選んでください。");
        }

        if (dueDate is { } due && due < Clock.TokyoDate(now))
        {
            throw new DomainException("request.due-in-past", "期限には今日以降の日付を指定してください。");
        }

        if (toAccountId == requesterId)
        {
            throw new DomainException("request.self", "自分自身には依頼できません。依頼先の担当者を選び直してください。");
        }

        var watchers = watcherIds.Where(id => id != requesterId && id != toAccountId).Distinct().ToList();
        if (watchers.Count > MaxWatchers)
        {
            throw new DomainException("request.too-many-watchers", $"ウォッチする人は{MaxWatchers}人までです。");
        }

        if ((sourceKind?.Length ?? 0) > MaxSourceLength || (sourceKey?.Length ?? 0) > MaxSourceLength || (sourceUrl?.Length ?? 0) > MaxSourceLength)
        {
            throw new DomainException("request.invalid-source", "依頼元の情報が長すぎます。");
        }

        if (sourceUrl is not null && !sourceUrl.StartsWith('/'))
        {
            // Only links inside the app: the page renders it as a link.
            throw new DomainException("request.invalid-source", "依頼元のリンクはこのシステム内のページにしてください。");
        }

        now = Clock.Truncate(now);
        var request = new WorkRequest
        {
            RequesterId = requesterId,
            RequesterDepartmentId = requesterDepartmentId,
            ToDepartmentId = toDepartmentId,
            ToAccountId = toAccountId,
            Subject = subject,
            Details = details,
            DueDate = dueDate,
            Priority = priority,
            State = WorkRequestState.Open,
            CreatedAt = now,
            UpdatedAt = now,
            SourceKind = string.IsNullOrWhiteSpace(sourceKind) ? null : sourceKind,
            SourceKey = string.IsNullOrWhiteSpace(sourceKey) ? null : sourceKey,
            SourceUrl = string.IsNullOrWhiteSpace(sourceUrl) ? null : sourceUrl,
        };
        foreach (var id in watchers)
        {
            request.Watchers.Add(new WorkRequestWatcher(id, now));
        }

        request.Events.Add(new WorkRequestEvent(requesterId, WorkRequestEventKind.Created, null, WorkRequestState.Open, null, now));
        return request;
    }

    /// <summary>受付: the target side takes it up (again, after a 差戻し); the receiver becomes the assignee if there is none.</summary>
    /// <exception cref="DomainException">request.closed, request.illegal-transition.</exception>
    /// <exception cref="AccessDeniedException">Not on the target side.</exception>
    public void Receive(int accountId, bool isTargetSide, DateTimeOffset now)
    {
        EnsureTargetSide(isTargetSide, "受付");
        EnsureState("受付", WorkRequestState.Open, WorkRequestState.Returned);
        AssigneeId ??= accountId;
        Move(accountId, WorkRequestEventKind.Received, WorkRequestState.InProgress, null, now);
    }

    /// <summary>回答: the target side answers; the requester then completes or returns it.</summary>
    /// <exception cref="DomainException">request.closed, request.illegal-transition, request.text-required, request.text-too-long.</exception>
    /// <exception cref="AccessDeniedException">Not on the target side.</exception>
    public void AnswerWith(int accountId, bool isTargetSide, string? text, DateTimeOffset now)
    {
        EnsureTargetSide(isTargetSide, "回答");
        EnsureState("回答", WorkRequestState.InProgress, WorkRequestState.Returned);
        text = RequiredText(text, "回答");
        AssigneeId ??= accountId;
        Answer = text;
        Move(accountId, WorkRequestEventKind.Answered, WorkRequestState.Answered, text, now);
    }

    /// <summary>差戻し: the requester sends the answer back with a reason; the target side works on it again.</summary>
    /// <exception cref="DomainException">request.closed, request.illegal-transition, request.text-required.</exception>
    /// <exception cref="AccessDeniedException">Not the requester.</exception>
    public void Return(int accountId, string? reason, DateTimeOffset now)
    {
        EnsureRequester(accountId, "差戻し");
        EnsureState("差戻し", WorkRequestState.Answered);
        reason = RequiredText(reason, "差戻しの理由");
        Move(accountId, WorkRequestEventKind.Returned, WorkRequestState.Returned, reason, now);
    }

    /// <summary>完了: the requester accepts the answer.</summary>
    /// <exception cref="DomainException">request.closed, request.illegal-transition.</exception>
    /// <exception cref="AccessDeniedException">Not the requester.</exception>
    public void Complete(int accountId, string? note, DateTimeOffset now)
    {
        EnsureRequester(accountId, "完了");
        EnsureState("完了", WorkRequestState.Answered);
        Move(accountId, WorkRequestEventKind.Completed, WorkRequestState.Completed, OptionalText(note), now);
        ClosedAt = UpdatedAt;
    }

    /// <summary>取消: the requester withdraws it, at any time before 完了, with a reason.</summary>
    /// <exception cref="DomainException">request.closed, request.text-required.</exception>
    /// <exception cref="AccessDeniedException">Not the requester.</exception>
    public void Cancel(int accountId, string? reason, DateTimeOffset now)
    {
        EnsureRequester(accountId, "取消");
        EnsureNotClosed();
        reason = RequiredText(reason, "取消の理由");
        Move(accountId, WorkRequestEventKind.Cancelled, WorkRequestState.Cancelled, reason, now);
        ClosedAt = UpdatedAt;
    }

    /// <summary>担当者 set or changed by the target side; <paramref name="assigneeInTarget"/> says the person works there.</summary>
    /// <exception cref="DomainException">request.closed, request.assignee-outside.</exception>
    /// <exception cref="AccessDeniedException">Not on the target side.</exception>
    public void Assign(int accountId, bool isTargetSide, int assigneeId, bool assigneeInTarget, string assigneeName, DateTimeOffset now)
    {
        EnsureTargetSide(isTargetSide, "担当者の設定");
        EnsureNotClosed();
        if (!assigneeInTarget)
        {
            throw new DomainException("request.assignee-outside", "担当者は依頼先の部署の職員から選んでください。");
        }

        AssigneeId = assigneeId;
        Events.Add(new WorkRequestEvent(accountId, WorkRequestEventKind.Assigned, State, State, assigneeName, Clock.Truncate(now)));
        Touch(now);
    }

    /// <summary>A comment by anyone who may see the request (parties, watchers, managers).</summary>
    /// <exception cref="DomainException">request.text-required, request.text-too-long.</exception>
    public WorkRequestEvent Comment(int accountId, string? text, DateTimeOffset now)
    {
        text = RequiredText(text, "コメント");
        var e = new WorkRequestEvent(accountId, WorkRequestEventKind.Comment, State, State, text, Clock.Truncate(now));
        Events.Add(e);
        Touch(now);
        return e;
    }

    /// <summary>Adds a watcher; false when they already watch or are the requester.</summary>
    /// <exception cref="DomainException">request.too-many-watchers.</exception>
    public bool AddWatcher(int accountId, DateTimeOffset now)
    {
        if (accountId == RequesterId || Watchers.Any(w => w.AccountId == accountId))
        {
            return false;
        }

        if (Watchers.Count >= MaxWatchers)
        {
            throw new DomainException("request.too-many-watchers", $"ウォッチする人は{MaxWatchers}人までです。");
        }

        Watchers.Add(new WorkRequestWatcher(accountId, Clock.Truncate(now)));
        Touch(now);
        return true;
    }

    public bool RemoveWatcher(int accountId, DateTimeOffset now)
    {
        var watcher = Watchers.FirstOrDefault(w => w.AccountId == accountId);
        if (watcher is null)
        {
            return false;
        }

        Watchers.Remove(watcher);
        Touch(now);
        return true;
    }

    /// <summary>督促 by the requester: only while the target side still owes something.</summary>
    /// <exception cref="DomainException">request.closed, request.not-waiting.</exception>
    /// <exception cref="AccessDeniedException">Not the requester.</exception>
    public void EnsureCanRemind(int accountId)
    {
        EnsureRequester(accountId, "督促");
        EnsureNotClosed();
        if (!IsWithTarget)
        {
            throw new DomainException("request.not-waiting", "回答済みの依頼には督促できません。回答を確認してください。");
        }
    }

    /// <summary>Whether <paramref name="action"/> is open to someone in the given roles now (for buttons).</summary>
    public bool Allows(WorkRequestAction action, bool isRequester, bool isTargetSide) => action switch
    {
        WorkRequestAction.Receive => isTargetSide && State is WorkRequestState.Open or WorkRequestState.Returned,
        WorkRequestAction.Answer => isTargetSide && State is WorkRequestState.InProgress or WorkRequestState.Returned,
        WorkRequestAction.Return => isRequester && State == WorkRequestState.Answered,
        WorkRequestAction.Complete => isRequester && State == WorkRequestState.Answered,
        WorkRequestAction.Cancel => isRequester && !IsClosed,
        _ => false,
    };

    internal static string Normalize(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string RequiredText(string? text, string what)
    {
        var value = Normalize(text);
        if (value.Length == 0)
        {
            throw new DomainException("request.text-required", $"{what}を入力してください。");
        }

        return value.Length > MaxTextLength
            ? throw new DomainException("request.text-too-long", $"{what}は4,000文字までにしてください。")
            : value;
    }

    private static string? OptionalText(string? text)
    {
        var value = Normalize(text);
        return value.Length > MaxTextLength
            ? throw new DomainException("request.text-too-long", "コメントは4,000文字までにしてください。")
            : value.Length == 0 ? null : value;
    }

    private void Move(int accountId, WorkRequestEventKind kind, WorkRequestState to, string? text, DateTimeOffset now)
    {
        now = Clock.Truncate(now);
        Events.Add(new WorkRequestEvent(accountId, kind, State, to, text, now));
        State = to;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = Clock.Truncate(now);
        Version++;
    }

    private static void EnsureTargetSide(bool isTargetSide, string what)
    {
        if (!isTargetSide)
        {
            throw new AccessDeniedException($"{what}ができるのは依頼先の部署の職員だけです。");
        }
    }

    private void EnsureRequester(int accountId, string what)
    {
        if (accountId != RequesterId)
        {
            throw new AccessDeniedException($"{what}ができるのは依頼者だけです。");
        }
    }

    private void EnsureNotClosed()
    {
        if (State == WorkRequestState.Completed)
        {
            throw new DomainException("request.closed", "この依頼はすでに完了しています。");
        }

        if (State == WorkRequestState.Cancelled)
        {
            throw new DomainException("request.closed", "この依頼は取り消されています。");
        }
    }

    private void EnsureState(string what, params WorkRequestState[] allowed)
    {
        EnsureNotClosed();
        if (!allowed.Contains(State))
        {
            throw new DomainException("request.illegal-transition", $"「{StateLabel(State)}」の依頼には{what}できません。");
        }
    }

    /// <summary>The Japanese state name (used in messages; pages take theirs from resources).</summary>
    public static string StateLabel(WorkRequestState state) => state switch
    {
        WorkRequestState.Open => "依頼中",
        WorkRequestState.InProgress => "対応中",
        WorkRequestState.Answered => "回答済",
        WorkRequestState.Completed => "完了",
        WorkRequestState.Returned => "差戻し",
        WorkRequestState.Cancelled => "取消",
        _ => state.ToString(),
    };
}

/// <summary>Someone who follows a request without being a party: sees it and is told of its changes.</summary>
public sealed class WorkRequestWatcher
{
    private WorkRequestWatcher()
    {
    }

    internal WorkRequestWatcher(int accountId, DateTimeOffset addedAt)
    {
        AccountId = accountId;
        AddedAt = addedAt;
    }

    public int WorkRequestId { get; private set; }

    public int AccountId { get; private set; }

    public Account? Account { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }
}

/// <summary>One line of the history: who did what when, the state before and after, and the text (answer, reason, comment).</summary>
public sealed class WorkRequestEvent
{
    private WorkRequestEvent()
    {
    }

    internal WorkRequestEvent(int actorId, WorkRequestEventKind kind, WorkRequestState? from, WorkRequestState to, string? text, DateTimeOffset at)
    {
        ActorId = actorId;
        Kind = kind;
        FromState = from;
        ToState = to;
        Text = text;
        At = at;
    }

    public int Id { get; private set; }

    public int WorkRequestId { get; private set; }

    public int ActorId { get; private set; }

    public Account? Actor { get; private set; }

    public WorkRequestEventKind Kind { get; private set; }

    public WorkRequestState? FromState { get; private set; }

    public WorkRequestState ToState { get; private set; }

    public string? Text { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>
/// A reminder (督促) of one request on one day (Tokyo), by the requester or the daily job; the key lets one exist per
/// request and day, so neither several app instances nor the requester and the job remind twice in a day.
/// </summary>
public sealed class WorkRequestReminder
{
    public int WorkRequestId { get; set; }

    public DateOnly Day { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public bool ByHand { get; set; }
}

internal sealed class WorkRequestConfiguration : IEntityTypeConfiguration<WorkRequest>
{
    public void Configure(EntityTypeBuilder<WorkRequest> b)
    {
        b.ToTable("WorkRequests");
        b.Property(r => r.Subject).HasMaxLength(WorkRequest.MaxSubjectLength);
        b.Property(r => r.Details).HasMaxLength(WorkRequest.MaxDetailsLength);
        b.Property(r => r.Answer).HasMaxLength(WorkRequest.MaxTextLength);
        b.Property(r => r.SourceKind).HasMaxLength(WorkRequest.MaxSourceLength);
        b.Property(r => r.SourceKey).HasMaxLength(WorkRequest.MaxSourceLength);
        b.Property(r => r.SourceUrl).HasMaxLength(WorkRequest.MaxSourceLength);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.Ignore(r => r.IsClosed);
        b.Ignore(r => r.IsWithTarget);
        b.HasOne(r => r.Requester).WithMany().HasForeignKey(r => r.RequesterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.RequesterDepartment).WithMany().HasForeignKey(r => r.RequesterDepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.ToDepartment).WithMany().HasForeignKey(r => r.ToDepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.ToAccount).WithMany().HasForeignKey(r => r.ToAccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.Assignee).WithMany().HasForeignKey(r => r.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Watchers).WithOne().HasForeignKey(w => w.WorkRequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Events).WithOne().HasForeignKey(e => e.WorkRequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.RequesterId, r.CreatedAt });
        b.HasIndex(r => new { r.ToDepartmentId, r.State });
        b.HasIndex(r => new { r.RequesterDepartmentId, r.State });
        b.HasIndex(r => r.ToAccountId);
        b.HasIndex(r => r.AssigneeId);
        b.HasIndex(r => new { r.State, r.DueDate });
        b.HasIndex(r => new { r.SourceKind, r.SourceKey });
    }
}

internal sealed class WorkRequestWatcherConfiguration : IEntityTypeConfiguration<WorkRequestWatcher>
{
    public void Configure(EntityTypeBuilder<WorkRequestWatcher> b)
    {
        b.HasKey(w => new { w.WorkRequestId, w.AccountId });
        b.HasOne(w => w.Account).WithMany().HasForeignKey(w => w.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(w => w.AccountId);
    }
}

internal sealed class WorkRequestEventConfiguration : IEntityTypeConfiguration<WorkRequestEvent>
{
    public void Configure(EntityTypeBuilder<WorkRequestEvent> b)
    {
        b.Property(e => e.Text).HasMaxLength(WorkRequest.MaxTextLength);
        b.HasOne(e => e.Actor).WithMany().HasForeignKey(e => e.ActorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.WorkRequestId, e.At });
    }
}

internal sealed class WorkRequestReminderConfiguration : IEntityTypeConfiguration<WorkRequestReminder>
{
    public void Configure(EntityTypeBuilder<WorkRequestReminder> b)
    {
        b.HasKey(r => new { r.WorkRequestId, r.Day });
        b.HasOne<WorkRequest>().WithMany().HasForeignKey(r => r.WorkRequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
