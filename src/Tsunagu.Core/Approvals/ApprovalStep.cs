using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Audit;

namespace Tsunagu.Core.Approvals;

public enum StepStatus
{
    Waiting,
    Active,
    Completed,

    /// <summary>Ended by a send-back to the applicant or a pull-back.</summary>
    Returned,

    /// <summary>Ended by a withdrawal or a rejection elsewhere.</summary>
    Cancelled,
    Rejected,
}

public enum Decision
{
    Pending,
    Approved,
    Rejected,
    SentBack,
    Acknowledged,

    /// <summary>Not needed any more: the step was satisfied by others (any one / N of M).</summary>
    Skipped,

    /// <summary>Replaced by an administrator's route change.</summary>
    Replaced,
}

/// <summary>Who the actor was to the assignee.</summary>
public enum ActingAs
{
    Self,

    /// <summary>代理承認: a delegate approved on the assignee's behalf within the delegation's validity.</summary>
    Proxy,

    /// <summary>代決: a substitute decided in the assignee's place; the assignee reviews it afterwards (後閲).</summary>
    Substitute,
}

/// <summary>One step of one round of a request's route, with the people it went to.</summary>
public sealed class ApprovalStep
{
    private ApprovalStep()
    {
    }

    internal ApprovalStep(ApprovalRequest request, int round, int order, ResolvedStep resolved)
    {
        Request = request;
        Round = round;
        Order = order;
        Name = resolved.Name;
        Kind = resolved.Kind;
        Mode = resolved.Mode;
        RequiredCount = resolved.Mode switch
        {
            StepMode.All => resolved.Assignees.Count,
            StepMode.Any => 1,
            _ => Math.Clamp(resolved.RequiredCount, 1, resolved.Assignees.Count),
        };
        foreach (var a in resolved.Assignees.DistinctBy(a => a.AccountId))
        {
            Assignments.Add(new ApprovalAssignment(this, a));
        }

        if (resolved.Mode == StepMode.All)
        {
            RequiredCount = Assignments.Count;
        }
    }

    public int Id { get; private set; }

    public int RequestId { get; private set; }

    public ApprovalRequest? Request { get; private set; }

    public int Round { get; private set; }

    public int Order { get; private set; }

    public string Name { get; private set; } = "";

    public StepKind Kind { get; private set; }

    public StepMode Mode { get; private set; }

    public int RequiredCount { get; private set; }

    public StepStatus Status { get; private set; }

    public DateTimeOffset? ActivatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public List<ApprovalAssignment> Assignments { get; } = [];

    public bool IsSatisfied => Assignments.Count(a => a.Decision is Decision.Approved or Decision.Acknowledged) >= RequiredCount;

    internal void Activate(DateTimeOffset now)
    {
        Status = StepStatus.Active;
        ActivatedAt = now;
        CompletedAt = null;
        foreach (var a in Assignments)
        {
            a.IsOpen = a.Decision == Decision.Pending;
        }
    }

    internal void Complete(DateTimeOffset now)
    {
        Status = StepStatus.Completed;
        CompletedAt = now;
        foreach (var a in Assignments.Where(a => a.Decision == Decision.Pending))
        {
            a.Skip();
        }

        foreach (var a in Assignments)
        {
            a.IsOpen = false;
        }
    }

    internal void Close(StepStatus status, DateTimeOffset now)
    {
        Status = status;
        CompletedAt = now;
        foreach (var a in Assignments)
        {
            a.IsOpen = false;
        }
    }

    /// <summary>Back to waiting with every decision undone (a send-back to the previous step); the history keeps them.</summary>
    internal void Reset()
    {
        Status = StepStatus.Waiting;
        CompletedAt = null;
        foreach (var a in Assignments)
        {
            a.Reopen();
        }
    }

    internal void ReplacePending(IReadOnlyList<ResolvedAssignee> assignees, DateTimeOffset now)
    {
        foreach (var a in Assignments.Where(a => a.Decision == Decision.Pending))
        {
            a.Replace(now);
        }

        foreach (var person in assignees)
        {
            var existing = Assignments.FirstOrDefault(a => a.AssigneeId == person.AccountId);
            if (existing is null)
            {
                Assignments.Add(new ApprovalAssignment(this, person) { IsOpen = Status == StepStatus.Active });
            }
            else if (existing.Decision == Decision.Replaced)
            {
                existing.Reopen();
                existing.IsOpen = Status == StepStatus.Active;
            }
        }

        if (Mode == StepMode.All)
        {
            RequiredCount = Assignments.Count(a => a.Decision != Decision.Replaced);
        }
    }
}

/// <summary>One person on one step: their decision, who actually made it, and any 後閲 still owed.</summary>
public sealed class ApprovalAssignment
{
    private ApprovalAssignment()
    {
    }

    internal ApprovalAssignment(ApprovalStep step, ResolvedAssignee assignee)
    {
        Step = step;
        Request = step.Request;
        AssigneeId = assignee.AccountId;
        AssigneeName = assignee.Name;
    }

    public int Id { get; private set; }

    public int StepId { get; private set; }

    public ApprovalStep? Step { get; private set; }

    /// <summary>Denormalised so an inbox is one indexed read.</summary>
    public int RequestId { get; private set; }

    public ApprovalRequest? Request { get; private set; }

    public int AssigneeId { get; private set; }

    public string AssigneeName { get; private set; } = "";

    public Decision Decision { get; private set; }

    /// <summary>True while this is waiting for the assignee on the active step: the inbox reads exactly these.</summary>
    public bool IsOpen { get; internal set; }

    public int? ActedById { get; private set; }

    public string? ActedByName { get; private set; }

    public ActingAs ActingAs { get; private set; }

    public DateTimeOffset? ActedAt { get; private set; }

    /// <summary>代決 made for this assignee, not yet reviewed by them (後閲).</summary>
    public bool PostReviewPending { get; private set; }

    public DateTimeOffset? PostReviewedAt { get; private set; }

    internal void Decide(Decision decision, Actor actor, ActingAs actingAs, DateTimeOffset now)
    {
        Decision = decision;
        ActedById = actor.AccountId;
        ActedByName = actor.Name;
        ActingAs = actingAs;
        ActedAt = now;
        IsOpen = false;
        PostReviewPending = actingAs == ActingAs.Substitute;
    }

    internal void CompletePostReview(DateTimeOffset now)
    {
        PostReviewPending = false;
        PostReviewedAt = now;
    }

    internal void Skip()
    {
        Decision = Decision.Skipped;
        IsOpen = false;
    }

    internal void Replace(DateTimeOffset now)
    {
        Decision = Decision.Replaced;
        ActedAt = now;
        IsOpen = false;
    }

    internal void Reopen()
    {
        Decision = Decision.Pending;
        ActedById = null;
        ActedByName = null;
        ActingAs = ActingAs.Self;
        ActedAt = null;
        PostReviewPending = false;
        IsOpen = false;
    }
}

public enum ActionKind
{
    Submit,
    Resubmit,
    Approve,
    Acknowledge,
    Reject,
    SendBack,
    PullBack,
    Withdraw,
    PostReview,
    Reroute,
}

/// <summary>
/// One entry of a request's history (who did what, for whom, when, saying what). Append-only; its hash covers the
/// previous entry's hash, and each hash is recorded in the audit chain, so editing or removing history is detected
/// by <c>audit-verify</c>.
/// </summary>
public sealed class ApprovalAction
{
    private ApprovalAction()
    {
    }

    internal ApprovalAction(ApprovalRequest request, int sequence, int round, ActionKind kind, Actor actor, string? stepName, int? onBehalfOfId, string? onBehalfOfName, string comment, string? detail, string? clientKey, DateTimeOffset now)
    {
        // The hash covers the request's id, so the request is saved (has its id) before anything happens to it.
        RequestId = request.Id != 0 ? request.Id : throw new InvalidOperationException("Save the request before acting on it.");
        Request = request;
        Sequence = sequence;
        Round = round;
        Kind = kind;
        ActorId = actor.AccountId;
        ActorName = actor.Name;
        StepName = stepName;
        OnBehalfOfId = onBehalfOfId;
        OnBehalfOfName = onBehalfOfName;
        Comment = comment;
        Detail = detail;
        ClientKey = clientKey;
        OccurredAt = Clock.Truncate(now);
    }

    public long Id { get; private set; }

    public int RequestId { get; private set; }

    public ApprovalRequest? Request { get; private set; }

    /// <summary>1-based, gap-free within the request.</summary>
    public int Sequence { get; private set; }

    public int Round { get; private set; }

    public ActionKind Kind { get; private set; }

    public int? ActorId { get; private set; }

    public string ActorName { get; private set; } = "";

    public string? StepName { get; private set; }

    public int? OnBehalfOfId { get; private set; }

    public string? OnBehalfOfName { get; private set; }

    public string Comment { get; private set; } = "";

    /// <summary>What the action did beyond its kind (send-back target, route change before → after).</summary>
    public string? Detail { get; private set; }

    /// <summary>The client's key for this action (a retry or double click sends the same one): applied once.</summary>
    public string? ClientKey { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public string PreviousHash { get; private set; } = "";

    public string Hash { get; private set; } = "";

    internal void Seal(string previousHash)
    {
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    public string ComputeHash()
    {
        var canonical = string.Join(
            '\u001f',
            PreviousHash,
            RequestId.ToString(CultureInfo.InvariantCulture),
            Sequence.ToString(CultureInfo.InvariantCulture),
            Round.ToString(CultureInfo.InvariantCulture),
            Kind.ToString(),
            ActorId?.ToString(CultureInfo.InvariantCulture) ?? "",
            ActorName,
            StepName ?? "",
            OnBehalfOfId?.ToString(CultureInfo.InvariantCulture) ?? "",
            OnBehalfOfName ?? "",
            Comment,
            Detail ?? "",
            OccurredAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

internal sealed class ApprovalRequestConfiguration : IEntityTypeConfiguration<ApprovalRequest>
{
    public void Configure(EntityTypeBuilder<ApprovalRequest> b)
    {
        b.Property(r => r.Title).HasMaxLength(ApprovalRequest.MaxTitleLength);
        b.Property(r => r.ContentHash).HasMaxLength(64);
        b.Property(r => r.LastActionHash).HasMaxLength(64);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.Property(r => r.ClientKey).HasMaxLength(ApprovalService.MaxClientKeyLength);
        b.HasIndex(r => new { r.ApplicantId, r.ClientKey }).IsUnique();
        b.Ignore(r => r.Number);

        // Computed from Steps; EF would otherwise map this IEnumerable as a second navigation with a shadow key.
        b.Ignore(r => r.CurrentSteps);
        b.Ignore(r => r.ActiveStep);
        b.HasOne(r => r.FormDefinition).WithMany().HasForeignKey(r => r.FormDefinitionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.FormVersion).WithMany().HasForeignKey(r => r.FormVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.Applicant).WithMany().HasForeignKey(r => r.ApplicantId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Steps).WithOne(s => s.Request).HasForeignKey(s => s.RequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Actions).WithOne(a => a.Request).HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Participants).WithOne().HasForeignKey(p => p.RequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.ApplicantId, r.UpdatedAt });
        b.HasIndex(r => new { r.FormDefinitionId, r.SubmittedAt });
        b.HasIndex(r => new { r.Status, r.SubmittedAt });
        b.HasIndex(r => r.SubmittedAt);
    }
}

internal sealed class ApprovalStepConfiguration : IEntityTypeConfiguration<ApprovalStep>
{
    public void Configure(EntityTypeBuilder<ApprovalStep> b)
    {
        b.Property(s => s.Name).HasMaxLength(40);
        b.HasIndex(s => new { s.RequestId, s.Round, s.Order }).IsUnique();
        b.HasMany(s => s.Assignments).WithOne(a => a.Step).HasForeignKey(a => a.StepId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApprovalAssignmentConfiguration : IEntityTypeConfiguration<ApprovalAssignment>
{
    public void Configure(EntityTypeBuilder<ApprovalAssignment> b)
    {
        b.Property(a => a.AssigneeName).HasMaxLength(100);
        b.Property(a => a.ActedByName).HasMaxLength(256);
        b.HasOne(a => a.Request).WithMany().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.AssigneeId, a.IsOpen });

        // The waiting list reads "open or 後閲 owed": only those rows, a handful per person however long the history.
        b.HasIndex(a => a.AssigneeId, "IX_ApprovalAssignments_Waiting").HasFilter("\"IsOpen\" OR \"PostReviewPending\"");
        b.HasIndex(a => new { a.AssigneeId, a.PostReviewPending });
        b.HasIndex(a => new { a.ActedById, a.RequestId, a.ActedAt });
    }
}

internal sealed class ApprovalActionConfiguration : IEntityTypeConfiguration<ApprovalAction>
{
    public void Configure(EntityTypeBuilder<ApprovalAction> b)
    {
        b.Property(a => a.ActorName).HasMaxLength(256);
        b.Property(a => a.StepName).HasMaxLength(40);
        b.Property(a => a.OnBehalfOfName).HasMaxLength(100);
        b.Property(a => a.Comment).HasMaxLength(ApprovalRequest.MaxCommentLength);
        b.Property(a => a.Detail).HasMaxLength(1000);
        b.Property(a => a.ClientKey).HasMaxLength(64);
        b.Property(a => a.PreviousHash).HasMaxLength(64);
        b.Property(a => a.Hash).HasMaxLength(64);
        b.HasIndex(a => new { a.RequestId, a.Sequence }).IsUnique();
        b.HasIndex(a => new { a.RequestId, a.ClientKey }).IsUnique();
    }
}

internal sealed class ApprovalParticipantConfiguration : IEntityTypeConfiguration<ApprovalParticipant>
{
    public void Configure(EntityTypeBuilder<ApprovalParticipant> b)
    {
        b.HasKey(p => new { p.RequestId, p.AccountId });
        b.HasIndex(p => p.AccountId);
    }
}
