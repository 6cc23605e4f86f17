using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Circulation;

/// <summary>同時: every recipient gets it at once; 順番: one after the other, in the order the sender gave.</summary>
public enum CircularMode
{
    AllAtOnce = 0,
    InOrder = 1,
}

/// <summary>回覧中 → 完了 (everyone confirmed) or 取消 (the sender withdrew it).</summary>
public enum CircularState
{
    InProgress = 0,
    Completed = 1,
    Cancelled = 2,
}

/// <summary>What a confirmation changed: whose turn it is now (順番) and whether the circulation closed with it.</summary>
public sealed record ConfirmOutcome(CircularRecipient Confirmed, CircularRecipient? Next, bool Completed);

/// <summary>
/// 回覧板: a document (with attachments in the generic store, module "circulation") routed to people, each of whom
/// confirms (確認) with an optional comment. Every change goes through a method here and bumps <see cref="Version"/>,
/// the concurrency token: two confirmations saved at the same moment cannot both be written from the same state, so
/// none is lost (the service retries the loser) and the circulation closes exactly once.
/// </summary>
public sealed class Circular
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 10_000;
    public const int MaxCommentLength = 1_000;
    public const int MaxRecipients = 200;
    public const int MaxAttachments = 10;

    private Circular()
    {
    }

    public int Id { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>Plain text; line breaks are kept when shown.</summary>
    public string Body { get; private set; } = "";

    public int SenderId { get; private set; }

    public Account? Sender { get; private set; }

    /// <summary>The sender's unit when sending (for the search's department facet).</summary>
    public int? SenderDepartmentId { get; private set; }

    public CircularMode Mode { get; private set; }

    /// <summary>期限: the last day (Tokyo) to confirm; from the next day the unconfirmed are overdue.</summary>
    public DateOnly DueDate { get; private set; }

    public CircularState State { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it was completed or cancelled.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public int Version { get; private set; }

    public List<CircularRecipient> Recipients { get; private set; } = [];

    public IEnumerable<CircularRecipient> Ordered => Recipients.OrderBy(r => r.Position);

    public int ConfirmedCount => Recipients.Count(r => r.ConfirmedAt is not null);

    /// <summary>Those whose turn has come and who have not confirmed yet (in order: at most one).</summary>
    public IEnumerable<CircularRecipient> Waiting =>
        State == CircularState.InProgress ? Ordered.Where(r => r.ArrivedAt is not null && r.ConfirmedAt is null) : [];

    public bool Involves(int accountId) => SenderId == accountId || Recipients.Any(r => r.AccountId == accountId);

    public bool IsOverdue(DateOnly today) => State == CircularState.InProgress && today > DueDate;

    /// <exception cref="DomainException">circulation.invalid-title, circulation.body-too-long, circulation.no-recipients, circulation.too-many-recipients, circulation.due-in-past.</exception>
    public static Circular Send(int senderId, int? senderDepartmentId, string title, string? body, CircularMode mode, DateOnly dueDate, IReadOnlyList<int> recipientIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recipientIds);
        title = (title ?? "").Trim();
        if (title.Length is 0 or > MaxTitleLength)
        {
            throw new DomainException("circulation.invalid-title", $"件名は1〜{MaxTitleLength}文字で入力してください。");
        }

        body = (body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        if (body.Length > MaxBodyLength)
        {
            throw new DomainException("circulation.body-too-long", "本文は10,000文字までにしてください。");
        }

        if (!Enum.IsDefined(mode))
        {
            throw new DomainException("circulation.invalid-mode", "回覧方法を選んでください。");
        }

        var ids = recipientIds.Where(id => id != senderId).Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new DomainException("circulation.no-recipients", "回覧先を1人以上指定してください(自分自身は回覧先になりません)。");
        }

        if (ids.Count > MaxRecipients)
        {
            throw new DomainException("circulation.too-many-recipients", $"回覧先は{MaxRecipients}人までです(指定された人数: {ids.Count}人)。");
        }

        if (dueDate < Clock.TokyoDate(now))
        {
            throw new DomainException("circulation.due-in-past", "期限には今日以降の日付を指定してください。");
        }

        now = Clock.Truncate(now);
        var circular = new Circular
        {
            SenderId = senderId,
            SenderDepartmentId = senderDepartmentId,
            Title = title,
            Body = body,
            Mode = mode,
            DueDate = dueDate,
            State = CircularState.InProgress,
            CreatedAt = now,
        };
        for (var i = 0; i < ids.Count; i++)
        {
            circular.Recipients.Add(new CircularRecipient(ids[i], i + 1, mode == CircularMode.AllAtOnce || i == 0 ? now : null));
        }

        return circular;
    }

    /// <summary>確認: records the recipient's confirmation; hands on to the next (順番); closes when everyone has confirmed.</summary>
    /// <exception cref="DomainException">circulation.closed, circulation.cancelled, circulation.already-confirmed, circulation.not-your-turn, circulation.comment-too-long.</exception>
    /// <exception cref="AccessDeniedException">Not a recipient.</exception>
    public ConfirmOutcome Confirm(int accountId, string? comment, DateTimeOffset now)
    {
        EnsureOpen();
        var recipient = Recipients.FirstOrDefault(r => r.AccountId == accountId)
            ?? throw new AccessDeniedException("この回覧の回覧先ではありません。");
        if (recipient.ConfirmedAt is not null)
        {
            throw new DomainException("circulation.already-confirmed", "この回覧はすでに確認済みです。");
        }

        if (recipient.ArrivedAt is null)
        {
            throw new DomainException("circulation.not-your-turn", "順番に回覧しています。まだあなたの順番ではありません。");
        }

        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (comment is { Length: > MaxCommentLength })
        {
            throw new DomainException("circulation.comment-too-long", "コメントは1,000文字までにしてください。");
        }

        now = Clock.Truncate(now);
        recipient.ConfirmedAt = now;
        recipient.Comment = comment;
        CircularRecipient? next = null;
        if (Mode == CircularMode.InOrder)
        {
            next = Ordered.FirstOrDefault(r => r.ConfirmedAt is null);
            if (next is not null)
            {
                next.ArrivedAt = now;
            }
        }

        var completed = Recipients.All(r => r.ConfirmedAt is not null);
        if (completed)
        {
            State = CircularState.Completed;
            ClosedAt = now;
        }

        Version++;
        return new ConfirmOutcome(recipient, next, completed);
    }

    /// <summary>取消: the sender withdraws a circulation still in progress; confirmations made stay on record.</summary>
    /// <exception cref="DomainException">circulation.closed, circulation.cancelled.</exception>
    /// <exception cref="AccessDeniedException">Not the sender.</exception>
    public void Cancel(int accountId, DateTimeOffset now)
    {
        if (accountId != SenderId)
        {
            throw new AccessDeniedException("回覧を取り消せるのは差出人だけです。");
        }

        EnsureOpen();
        State = CircularState.Cancelled;
        ClosedAt = Clock.Truncate(now);
        Version++;
    }

    /// <summary>督促 by the sender: who is to be reminded now (those whose turn has come and who have not confirmed).</summary>
    /// <exception cref="DomainException">circulation.closed, circulation.cancelled.</exception>
    /// <exception cref="AccessDeniedException">Not the sender.</exception>
    public IReadOnlyList<CircularRecipient> ToRemind(int accountId)
    {
        if (accountId != SenderId)
        {
            throw new AccessDeniedException("督促できるのは差出人だけです。");
        }

        EnsureOpen();
        return Waiting.ToList();
    }

    private void EnsureOpen()
    {
        if (State == CircularState.Completed)
        {
            throw new DomainException("circulation.closed", "この回覧は全員の確認が済み、完了しています。");
        }

        if (State == CircularState.Cancelled)
        {
            throw new DomainException("circulation.cancelled", "この回覧は差出人が取り消しました。");
        }
    }
}

/// <summary>One recipient: their place in the order, when it reached them, when they confirmed and what they said.</summary>
public sealed class CircularRecipient
{
    private CircularRecipient()
    {
    }

    internal CircularRecipient(int accountId, int position, DateTimeOffset? arrivedAt)
    {
        AccountId = accountId;
        Position = position;
        ArrivedAt = arrivedAt;
    }

    public int Id { get; private set; }

    public int CircularId { get; private set; }

    public Circular? Circular { get; private set; }

    public int AccountId { get; private set; }

    public Account? Account { get; private set; }

    /// <summary>1-based order (順番); in a 同時 circulation the order of the list.</summary>
    public int Position { get; private set; }

    /// <summary>When it became this recipient's turn; null while earlier recipients (順番) have not confirmed.</summary>
    public DateTimeOffset? ArrivedAt { get; internal set; }

    public DateTimeOffset? ConfirmedAt { get; internal set; }

    public string? Comment { get; internal set; }
}

/// <summary>
/// A reminder (督促) sent to one recipient on one day (Tokyo), by the sender or the daily job. The key lets one row per
/// recipient and day exist, so several app instances (or the sender and the job) never remind twice in a day.
/// </summary>
public sealed class CircularReminder
{
    public int RecipientId { get; set; }

    public DateOnly Day { get; set; }

    public DateTimeOffset SentAt { get; set; }

    /// <summary>Sent by the sender's 督促 button rather than the daily job.</summary>
    public bool ByHand { get; set; }
}

internal sealed class CircularConfiguration : IEntityTypeConfiguration<Circular>
{
    public void Configure(EntityTypeBuilder<Circular> b)
    {
        b.Property(c => c.Title).HasMaxLength(Circular.MaxTitleLength);
        b.Property(c => c.Body).HasMaxLength(Circular.MaxBodyLength);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Ignore(c => c.Ordered);
        b.Ignore(c => c.Waiting);
        b.HasOne(c => c.Sender).WithMany().HasForeignKey(c => c.SenderId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Recipients).WithOne(r => r.Circular).HasForeignKey(r => r.CircularId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.SenderId, c.CreatedAt });
        b.HasIndex(c => new { c.State, c.DueDate });
    }
}

internal sealed class CircularRecipientConfiguration : IEntityTypeConfiguration<CircularRecipient>
{
    public void Configure(EntityTypeBuilder<CircularRecipient> b)
    {
        b.Property(r => r.Comment).HasMaxLength(Circular.MaxCommentLength);
        b.HasOne(r => r.Account).WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.CircularId, r.AccountId }).IsUnique();
        b.HasIndex(r => new { r.AccountId, r.ConfirmedAt });
    }
}

internal sealed class CircularReminderConfiguration : IEntityTypeConfiguration<CircularReminder>
{
    public void Configure(EntityTypeBuilder<CircularReminder> b)
    {
        b.HasKey(r => new { r.RecipientId, r.Day });
        b.HasOne<CircularRecipient>().WithMany().HasForeignKey(r => r.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}
