using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Meetings;

/// <summary>下書き → 承認待ち → 公開.</summary>
public enum MinutesStatus
{
    Draft = 0,
    Submitted = 1,
    Published = 2,
}

/// <summary>
/// The minutes (議事録) of one session. The secretary writes a draft (generated from the agenda), submits it to the
/// chair, who approves it (公開: attendees can read it, it becomes searchable, its action items can become requests) or
/// sends it back with a comment. Published minutes are immutable: what was approved is what attendees read, and a
/// correction goes into the minutes of the next session, as with paper minutes.
/// <see cref="Version"/> is the concurrency token: two saves of the same draft cannot silently overwrite each other.
/// </summary>
public sealed class MeetingMinutes
{
    public const int MaxTextLength = 50_000;
    public const int MaxCommentLength = 1000;

    private MeetingMinutes()
    {
    }

    public MeetingMinutes(int meetingId, string text, int createdById, DateTimeOffset now)
    {
        MeetingId = meetingId;
        Text = text;
        CreatedById = createdById;
        CreatedAt = now;
        UpdatedById = createdById;
        UpdatedAt = now;
    }

    public int Id { get; private set; }

    public int MeetingId { get; private set; }

    public string Text { get; private set; } = "";

    public MinutesStatus Status { get; private set; }

    public int Version { get; private set; }

    public int CreatedById { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int UpdatedById { get; private set; }

    public Account? UpdatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public int? PublishedById { get; private set; }

    public Account? PublishedBy { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>The chair's comment when the draft was last sent back.</summary>
    public string? ReturnComment { get; private set; }

    public List<MinutesActionItem> ActionItems { get; private set; } = [];

    /// <exception cref="DomainException">minutes.not-draft, minutes.too-long.</exception>
    public void Edit(string? text, int by, DateTimeOffset now)
    {
        if (Status != MinutesStatus.Draft)
        {
            throw new DomainException("minutes.not-draft", Status == MinutesStatus.Published
                ? "公開された議事録は変更できません。"
                : "承認待ちの議事録は変更できません。議長が差し戻すと編集できます。");
        }

        var value = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        if (value.Length > MaxTextLength)
        {
            throw new DomainException("minutes.too-long", $"議事録は{MaxTextLength:N0}文字以内で入力してください。");
        }

        Text = value;
        Touch(by, now);
    }

    /// <exception cref="DomainException">minutes.not-draft, minutes.empty.</exception>
    public void Submit(int by, DateTimeOffset now)
    {
        if (Status != MinutesStatus.Draft)
        {
            throw new DomainException("minutes.not-draft", "下書きの議事録だけを承認に回せます。");
        }

        if (string.IsNullOrWhiteSpace(Text))
        {
            throw new DomainException("minutes.empty", "議事録が空です。");
        }

        Status = MinutesStatus.Submitted;
        SubmittedAt = now;
        ReturnComment = null;
        Touch(by, now);
    }

    /// <exception cref="DomainException">minutes.not-submitted, minutes.comment-required.</exception>
    public void SendBack(string? comment, int by, DateTimeOffset now)
    {
        if (Status != MinutesStatus.Submitted)
        {
            throw new DomainException("minutes.not-submitted", "承認待ちの議事録だけを差し戻せます。");
        }

        var value = (comment ?? "").Trim();
        if (value.Length == 0)
        {
            throw new DomainException("minutes.comment-required", "差し戻す理由を入力してください。");
        }

        if (value.Length > MaxCommentLength)
        {
            throw new DomainException("minutes.comment-too-long", $"コメントは{MaxCommentLength}文字以内で入力してください。");
        }

        Status = MinutesStatus.Draft;
        ReturnComment = value;
        Bump();
    }

    /// <exception cref="DomainException">minutes.not-submitted.</exception>
    public void Publish(IEnumerable<MinutesActionLine> actions, int by, DateTimeOffset now)
    {
        if (Status != MinutesStatus.Submitted)
        {
            throw new DomainException("minutes.not-submitted", "承認待ちの議事録だけを承認できます。");
        }

        Status = MinutesStatus.Published;
        PublishedById = by;
        PublishedAt = now;
        var position = 0;
        foreach (var a in actions)
        {
            ActionItems.Add(new MinutesActionItem(++position, a));
        }

        Bump();
    }

    // One version per saved change: an edit and a submission in the same request are one change to whoever edits next.
    private bool _touched;

    /// <summary>A change of the text (or its submission) by <paramref name="by"/>: "最終更新" names them.</summary>
    private void Touch(int by, DateTimeOffset now)
    {
        UpdatedById = by;
        UpdatedAt = now;
        Bump();
    }

    /// <summary>A change of state only (the chair's approval or send-back): a new version, but the text's last editor stays.</summary>
    private void Bump()
    {
        if (!_touched)
        {
            Version++;
            _touched = true;
        }
    }
}

/// <summary>An action item (対応事項) of published minutes; it becomes at most one request (<see cref="WorkRequestId"/>).</summary>
public sealed class MinutesActionItem
{
    public const int MaxContentLength = 1000;

    private MinutesActionItem()
    {
    }

    internal MinutesActionItem(int position, MinutesActionLine line)
    {
        Position = position;
        AssigneeText = Cut(line.AssigneeText, 200);
        AssigneeName = Cut(line.AssigneeName, 200);
        AssigneeAccountId = line.AccountId;
        AssigneeDepartmentId = line.DepartmentId;
        Content = Cut(line.Content, MaxContentLength);
        DueDate = line.DueDate;
    }

    public int Id { get; private set; }

    public int MinutesId { get; private set; }

    public int Position { get; private set; }

    /// <summary>担当 as written.</summary>
    public string AssigneeText { get; private set; } = "";

    /// <summary>担当 as resolved (the person's or the department's name).</summary>
    public string AssigneeName { get; private set; } = "";

    public int? AssigneeAccountId { get; private set; }

    public int? AssigneeDepartmentId { get; private set; }

    public string Content { get; private set; } = "";

    public DateOnly? DueDate { get; private set; }

    /// <summary>The request this item became (依頼にする); set once.</summary>
    public int? WorkRequestId { get; internal set; }

    /// <summary>When a conversion started and has not finished: a second click at the same moment waits, never doubles.</summary>
    public DateTimeOffset? ConvertingSince { get; internal set; }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}

internal sealed class MeetingMinutesConfiguration : IEntityTypeConfiguration<MeetingMinutes>
{
    public void Configure(EntityTypeBuilder<MeetingMinutes> b)
    {
        b.Property(m => m.Text).HasMaxLength(MeetingMinutes.MaxTextLength);
        b.Property(m => m.ReturnComment).HasMaxLength(MeetingMinutes.MaxCommentLength);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasOne<Meeting>().WithMany().HasForeignKey(m => m.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => m.MeetingId).IsUnique();
        b.HasOne<Account>().WithMany().HasForeignKey(m => m.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(m => m.UpdatedBy).WithMany().HasForeignKey(m => m.UpdatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(m => m.PublishedBy).WithMany().HasForeignKey(m => m.PublishedById).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(m => m.ActionItems).WithOne().HasForeignKey(a => a.MinutesId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MinutesActionItemConfiguration : IEntityTypeConfiguration<MinutesActionItem>
{
    public void Configure(EntityTypeBuilder<MinutesActionItem> b)
    {
        b.Property(a => a.AssigneeText).HasMaxLength(200);
        b.Property(a => a.AssigneeName).HasMaxLength(200);
        b.Property(a => a.Content).HasMaxLength(MinutesActionItem.MaxContentLength);
        b.HasIndex(a => new { a.MinutesId, a.Position }).IsUnique();
        b.HasIndex(a => a.WorkRequestId).IsUnique();
    }
}
