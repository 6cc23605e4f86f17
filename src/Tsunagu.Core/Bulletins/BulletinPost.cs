using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;

namespace Tsunagu.Core.Bulletins;

/// <summary>
/// A notice on the bulletin board (掲示板). Who reads it is its audience: everyone, or members of departments (a
/// department includes every unit below it) and/or holders of positions. With both, a reader must be in one of the
/// departments AND hold one of the positions ("総務部の課長"). The audience is kept as rows and resolved when read, so
/// staff who move see what their new place receives. Outside its publish window only the author and administrators
/// see it. Rules live here; docs/decisions/0008-bulletins-circulation-chat.md explains the choices.
/// </summary>
public sealed class BulletinPost
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 20_000;

    private BulletinPost()
    {
    }

    public BulletinPost(int authorId, int? authorDepartmentId, DateTimeOffset now)
    {
        AuthorId = authorId;
        AuthorDepartmentId = authorDepartmentId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public int Id { get; private set; }

    public int CategoryId { get; private set; }

    public BulletinCategory? Category { get; private set; }

    public int AuthorId { get; private set; }

    public Account? Author { get; private set; }

    /// <summary>The author's department when posting (shown as 発信元; the audience is separate).</summary>
    public int? AuthorDepartmentId { get; private set; }

    public Department? AuthorDepartment { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>Markdown, rendered through <see cref="BulletinMarkdown"/> (sanitised) when shown.</summary>
    public string Body { get; private set; } = "";

    public bool IsPinned { get; private set; }

    /// <summary>要確認: each reader confirms having read it; the author sees who has and has not.</summary>
    public bool RequiresConfirmation { get; private set; }

    public DateTimeOffset PublishFrom { get; private set; }

    /// <summary>Exclusive end of the window; null: until removed.</summary>
    public DateTimeOffset? PublishUntil { get; private set; }

    public bool ForEveryone { get; private set; }

    /// <summary>Whether <see cref="Audience"/> holds department rows (then a reader must be in one of them).</summary>
    public bool HasDepartmentAudience { get; private set; }

    /// <summary>Whether <see cref="Audience"/> holds position rows (then a reader must hold one of them).</summary>
    public bool HasPositionAudience { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When the audience was notified of a required-reading notice (at publication); null: not yet.</summary>
    public DateTimeOffset? NotifiedAt { get; private set; }

    /// <summary>Whether the search entry currently admits the audience (true only inside the publish window).</summary>
    public bool AudienceIndexed { get; set; }

    public List<BulletinAudience> Audience { get; } = [];

    public bool IsPublishedAt(DateTimeOffset now) => PublishFrom <= now && (PublishUntil is null || now < PublishUntil);

    /// <exception cref="DomainException">An empty or long title or body, an empty audience, a window that ends before it starts.</exception>
    public void SetContent(int categoryId, string? title, string? body, bool pinned, bool requiresConfirmation, DateTimeOffset publishFrom, DateTimeOffset? publishUntil, DateTimeOffset now)
    {
        var t = (title ?? "").Trim();
        if (t.Length == 0)
        {
            throw new DomainException("bulletin.title-required", "件名を入力してください。");
        }

        if (t.Length > MaxTitleLength)
        {
            throw new DomainException("bulletin.title-too-long", $"件名は{MaxTitleLength}文字以内にしてください。");
        }

        var b = (body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (b.Length == 0)
        {
            throw new DomainException("bulletin.body-required", "本文を入力してください。");
        }

        if (b.Length > MaxBodyLength)
        {
            throw new DomainException("bulletin.body-too-long", $"本文は{MaxBodyLength:N0}文字以内にしてください。");
        }

        if (publishUntil is { } until && until <= publishFrom)
        {
            throw new DomainException("bulletin.invalid-window", "掲載終了は掲載開始より後の日時にしてください。");
        }

        CategoryId = categoryId;
        Title = t;
        Body = b;
        IsPinned = pinned;
        RequiresConfirmation = requiresConfirmation;
        PublishFrom = Clock.Truncate(publishFrom);
        PublishUntil = publishUntil is { } u ? Clock.Truncate(u) : null;
        UpdatedAt = now;
    }

    /// <summary>Replaces the audience: everyone, or departments and/or positions (both: in a department AND holding a position).</summary>
    public void SetAudience(bool everyone, IReadOnlyCollection<int> departmentIds, IReadOnlyCollection<int> positionIds)
    {
        if (!everyone && departmentIds.Count == 0 && positionIds.Count == 0)
        {
            throw new DomainException("bulletin.audience-required", "掲載先(全員、部署、職位)を選んでください。");
        }

        var wanted = everyone
            ? []
            : departmentIds.Distinct().Select(d => (AudienceKind.Department, d)).Concat(positionIds.Distinct().Select(p => (AudienceKind.Position, p))).ToHashSet();
        Audience.RemoveAll(a => !wanted.Contains((a.Kind, a.TargetId)));
        foreach (var (kind, id) in wanted.Where(w => !Audience.Any(a => a.Kind == w.Item1 && a.TargetId == w.Item2)))
        {
            Audience.Add(new BulletinAudience { Kind = kind, TargetId = id });
        }

        ForEveryone = everyone;
        HasDepartmentAudience = !everyone && departmentIds.Count > 0;
        HasPositionAudience = !everyone && positionIds.Count > 0;
    }

    public void MarkNotified(DateTimeOffset now) => NotifiedAt = now;

    /// <summary>After an edit that asks readers to confirm again, the notice goes out once more.</summary>
    public void ResetNotification() => NotifiedAt = null;

    public IReadOnlyList<int> DepartmentIds => Audience.Where(a => a.Kind == AudienceKind.Department).Select(a => a.TargetId).Order().ToList();

    public IReadOnlyList<int> PositionIds => Audience.Where(a => a.Kind == AudienceKind.Position).Select(a => a.TargetId).Order().ToList();
}

public enum AudienceKind
{
    Department = 1,
    Position = 2,
}

/// <summary>One department (with its sub-units) or one position a post is addressed to.</summary>
public sealed class BulletinAudience
{
    public int PostId { get; set; }

    public AudienceKind Kind { get; set; }

    public int TargetId { get; set; }
}

/// <summary>掲示板の分類: 全庁連絡, 人事, … The standard ones come with the database; administrators may add more.</summary>
public sealed class BulletinCategory
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int SortOrder { get; set; }

    public bool IsActive { get; set; } = true;

    public static IReadOnlyList<string> Standard { get; } = ["全庁連絡", "人事", "総務・庶務", "研修", "システム", "福利厚生"];
}

/// <summary>"I have read it" for a required-reading post: one row per (post, reader), so a second confirm is a no-op.</summary>
public sealed class BulletinConfirmation
{
    public int PostId { get; set; }

    public int AccountId { get; set; }

    public DateTimeOffset ConfirmedAt { get; set; }
}

/// <summary>Who opened a post: one row per (post, reader) with a counter, not a row per page view.</summary>
public sealed class BulletinRead
{
    public int PostId { get; set; }

    public int AccountId { get; set; }

    public DateTimeOffset FirstReadAt { get; set; }

    public DateTimeOffset LastReadAt { get; set; }

    public int Views { get; set; }
}

public sealed class BulletinComment
{
    public const int MaxLength = 2000;

    public long Id { get; set; }

    public int PostId { get; set; }

    public int AuthorId { get; set; }

    public Account? Author { get; set; }

    public string Body { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class BulletinPostConfiguration : IEntityTypeConfiguration<BulletinPost>
{
    public void Configure(EntityTypeBuilder<BulletinPost> b)
    {
        b.Property(p => p.Title).HasMaxLength(BulletinPost.MaxTitleLength);
        b.Property(p => p.Body).HasMaxLength(BulletinPost.MaxBodyLength);
        b.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Author).WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.AuthorDepartment).WithMany().HasForeignKey(p => p.AuthorDepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Audience).WithOne().HasForeignKey(a => a.PostId).OnDelete(DeleteBehavior.Cascade);

        // The list: pinned first, newest first.
        b.HasIndex(p => new { p.IsPinned, p.PublishFrom, p.Id });
        b.HasIndex(p => p.AuthorId);
    }
}

internal sealed class BulletinAudienceConfiguration : IEntityTypeConfiguration<BulletinAudience>
{
    public void Configure(EntityTypeBuilder<BulletinAudience> b)
    {
        b.HasKey(a => new { a.PostId, a.Kind, a.TargetId });

        // From a viewer's departments or position to the posts addressed to them.
        b.HasIndex(a => new { a.Kind, a.TargetId, a.PostId });
    }
}

internal sealed class BulletinCategoryConfiguration : IEntityTypeConfiguration<BulletinCategory>
{
    public void Configure(EntityTypeBuilder<BulletinCategory> b)
    {
        b.Property(c => c.Name).HasMaxLength(40);
        b.HasIndex(c => c.Name).IsUnique();
        b.HasData(BulletinCategory.Standard.Select((name, i) => new BulletinCategory { Id = i + 1, Name = name, SortOrder = (i + 1) * 10, IsActive = true }));
    }
}

internal sealed class BulletinConfirmationConfiguration : IEntityTypeConfiguration<BulletinConfirmation>
{
    public void Configure(EntityTypeBuilder<BulletinConfirmation> b)
    {
        b.HasKey(c => new { c.PostId, c.AccountId });
        b.HasIndex(c => c.AccountId);
        b.HasOne<BulletinPost>().WithMany().HasForeignKey(c => c.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BulletinReadConfiguration : IEntityTypeConfiguration<BulletinRead>
{
    public void Configure(EntityTypeBuilder<BulletinRead> b)
    {
        b.HasKey(r => new { r.PostId, r.AccountId });
        b.HasIndex(r => r.AccountId);
        b.HasOne<BulletinPost>().WithMany().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BulletinCommentConfiguration : IEntityTypeConfiguration<BulletinComment>
{
    public void Configure(EntityTypeBuilder<BulletinComment> b)
    {
        b.Property(c => c.Body).HasMaxLength(BulletinComment.MaxLength);
        b.HasIndex(c => new { c.PostId, c.CreatedAt });
        b.HasOne<BulletinPost>().WithMany().HasForeignKey(c => c.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
