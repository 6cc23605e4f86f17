using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Bulletins;

/// <summary>What the author writes. <see cref="PublishFrom"/> null: now.</summary>
public sealed record BulletinInput(
    int CategoryId, string? Title, string? Body, bool Everyone, IReadOnlyCollection<int> DepartmentIds, IReadOnlyCollection<int> PositionIds,
    bool Pinned, bool RequiresConfirmation, DateTimeOffset? PublishFrom, DateTimeOffset? PublishUntil)
{
    /// <summary>On an edit of a required-reading post: clear the confirmations and ask the audience again.</summary>
    public bool ResetConfirmations { get; init; }

    public IReadOnlyList<BulletinFileUpload> Files { get; init; } = [];

    /// <summary>On an edit: attachments to remove.</summary>
    public IReadOnlyCollection<int> RemoveAttachmentIds { get; init; } = [];
}

public sealed record BulletinFileUpload(string FileName, string? ContentType, Stream Content);

/// <summary>
/// Posts, edits and removes bulletins; confirmations, comments and view counts. Each change is one transaction with
/// its search entry, notifications and audit entry. A confirmation is a row keyed by (post, reader): confirming twice,
/// or twice at the same moment, leaves one row.
/// </summary>
public sealed partial class BulletinService(AppDbContext db, TimeProvider clock, AuditLog audit, NotificationService notifications, ILogger<BulletinService> logger)
{
    public const string UsageFeature = "bulletin";
    public const int MaxFilesPerPost = 10;

    /// <exception cref="DomainException">Invalid content, audience, category or files.</exception>
    public async Task<BulletinPost> CreateAsync(BulletinViewer viewer, BulletinInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(input);
        var now = Now();
        var post = new BulletinPost(viewer.AccountId, viewer.DepartmentId, now);
        await ApplyAsync(viewer, post, input, now, cancellationToken);
        var files = await ReadFilesAsync(viewer, "0", input.Files, 0, now, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(post);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var file in files)
        {
            file.OwnerKey = BulletinSearchContent.Key(post.Id);
            db.Attachments.Add(file);
        }

        await db.SaveChangesAsync(cancellationToken);
        await BulletinSearchContent.IndexAsync(db, post, now, cancellationToken);
        await NotifyIfDueAsync(post, viewer.Name, now, cancellationToken);
        audit.Record(Actor(viewer), "bulletin.post", Target(post.Id), $"{post.Title}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return post;
    }

    /// <exception cref="DomainException">Invalid content, audience, category or files; bulletin.not-found.</exception>
    /// <exception cref="AccessDeniedException">Not the author or an administrator.</exception>
    public async Task<BulletinPost> UpdateAsync(BulletinViewer viewer, int postId, BulletinInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(input);
        var now = Now();
        var post = await FindEditableAsync(viewer, postId, cancellationToken);
        var wasRequired = post.RequiresConfirmation;
        await ApplyAsync(viewer, post, input, now, cancellationToken, existing: true);
        var key = BulletinSearchContent.Key(post.Id);
        var remove = input.RemoveAttachmentIds.ToList();
        var kept = await db.Attachments.CountAsync(a => a.Module == SearchModules.Bulletin && a.OwnerKey == key && !remove.Contains(a.Id), cancellationToken);
        var files = await ReadFilesAsync(viewer, key, input.Files, kept, now, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (remove.Count > 0)
        {
            var removed = await db.Attachments.Where(a => a.Module == SearchModules.Bulletin && a.OwnerKey == key && remove.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
            await db.Attachments.Where(a => removed.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
            foreach (var id in removed)
            {
                await SearchIndex.RemoveAsync(db, SearchModules.BulletinFile, BulletinSearchContent.Key(id), cancellationToken);
            }
        }

        db.Attachments.AddRange(files);
        var reset = post.RequiresConfirmation && (input.ResetConfirmations || !wasRequired);
        if (reset)
        {
            // Asked to confirm again (or newly required): earlier confirmations were of other content.
            await db.Set<BulletinConfirmation>().Where(c => c.PostId == post.Id).ExecuteDeleteAsync(cancellationToken);
            post.ResetNotification();
        }

        await db.SaveChangesAsync(cancellationToken);
        await BulletinSearchContent.IndexAsync(db, post, now, cancellationToken);
        await NotifyIfDueAsync(post, viewer.Name, now, cancellationToken);
        audit.Record(Actor(viewer), "bulletin.edit", Target(post.Id), reset ? $"{post.Title} (確認をやり直し)" : post.Title);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return post;
    }

    /// <exception cref="DomainException">bulletin.not-found.</exception>
    /// <exception cref="AccessDeniedException">Not the author or an administrator.</exception>
    public async Task DeleteAsync(BulletinViewer viewer, int postId, CancellationToken cancellationToken = default)
    {
        var post = await FindEditableAsync(viewer, postId, cancellationToken);
        var key = BulletinSearchContent.Key(post.Id);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var files = await db.Attachments.Where(a => a.Module == SearchModules.Bulletin && a.OwnerKey == key).Select(a => a.Id).ToListAsync(cancellationToken);
        await db.Attachments.Where(a => files.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
        foreach (var id in files)
        {
            await SearchIndex.RemoveAsync(db, SearchModules.BulletinFile, BulletinSearchContent.Key(id), cancellationToken);
        }

        await SearchIndex.RemoveAsync(db, SearchModules.Bulletin, key, cancellationToken);
        db.Remove(post);
        audit.Record(Actor(viewer), "bulletin.delete", Target(post.Id), post.Title);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>"確認しました". Returns false when the viewer had already confirmed (also when a concurrent confirm won).</summary>
    /// <exception cref="DomainException">bulletin.not-found, bulletin.not-required, bulletin.not-audience.</exception>
    public async Task<bool> ConfirmAsync(BulletinViewer viewer, int postId, CancellationToken cancellationToken = default)
    {
        var now = Now();
        var post = await VisibleAsync(viewer, postId, now, cancellationToken);
        if (!post.RequiresConfirmation)
        {
            throw new DomainException("bulletin.not-required", "この掲示は確認(既読の報告)を求めていません。");
        }

        if (!BulletinReader.IsAudience(post, viewer) || !post.IsPublishedAt(now))
        {
            throw new DomainException("bulletin.not-audience", "この掲示の確認対象ではありません。");
        }

        var confirmations = db.Set<BulletinConfirmation>();
        if (await confirmations.AnyAsync(c => c.PostId == postId && c.AccountId == viewer.AccountId, cancellationToken))
        {
            return false;
        }

        confirmations.Add(new BulletinConfirmation { PostId = postId, AccountId = viewer.AccountId, ConfirmedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex)
        {
            // Two confirmations at once (two tabs, a double click): the key admits one row; the other is a no-op.
            db.ChangeTracker.Clear();
            if (await confirmations.AnyAsync(c => c.PostId == postId && c.AccountId == viewer.AccountId, cancellationToken))
            {
                LogConcurrentConfirm(logger, postId, viewer.AccountId, ex.GetType().Name);
                return false;
            }

            throw;
        }
    }

    /// <exception cref="DomainException">bulletin.not-found, bulletin.comment-required, bulletin.comment-too-long.</exception>
    public async Task<BulletinComment> CommentAsync(BulletinViewer viewer, int postId, string? body, CancellationToken cancellationToken = default)
    {
        var now = Now();
        var post = await VisibleAsync(viewer, postId, now, cancellationToken);
        var text = (body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length == 0)
        {
            throw new DomainException("bulletin.comment-required", "コメントを入力してください。");
        }

        if (text.Length > BulletinComment.MaxLength)
        {
            throw new DomainException("bulletin.comment-too-long", $"コメントは{BulletinComment.MaxLength:N0}文字以内にしてください。");
        }

        var comment = new BulletinComment { PostId = post.Id, AuthorId = viewer.AccountId, Body = text, CreatedAt = now };
        db.Add(comment);
        if (post.AuthorId != viewer.AccountId)
        {
            await notifications.NotifyAsync([post.AuthorId], NotificationKinds.Bulletin, $"コメント: {post.Title}",
                $"{viewer.Name}さんがコメントしました。\n{text}", BulletinSearchContent.Url(post.Id), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return comment;
    }

    /// <summary>Counts one opening of the post by the viewer: one row per reader with a counter, never a row per view.</summary>
    public async Task RecordViewAsync(int accountId, int postId, CancellationToken cancellationToken = default)
    {
        var now = Now();
        var reads = db.Set<BulletinRead>();
        if (await reads.Where(r => r.PostId == postId && r.AccountId == accountId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Views, r => r.Views + 1).SetProperty(r => r.LastReadAt, now), cancellationToken) > 0)
        {
            return;
        }

        var read = new BulletinRead { PostId = postId, AccountId = accountId, FirstReadAt = now, LastReadAt = now, Views = 1 };
        reads.Add(read);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The first view from two tabs at once: the other insert won, so count this one on its row.
            db.Entry(read).State = EntityState.Detached;
            await reads.Where(r => r.PostId == postId && r.AccountId == accountId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Views, r => r.Views + 1).SetProperty(r => r.LastReadAt, now), cancellationToken);
        }
    }

    /// <summary>
    /// Posts whose window opened or closed since they were indexed: re-indexed for their audience (or only for the author),
    /// and the audience of a required-reading post notified once. Safe to run on several instances at once.
    /// </summary>
    public async Task<int> PublishDueAsync(CancellationToken cancellationToken = default)
    {
        var now = Now();
        var due = await db.Set<BulletinPost>().AsNoTracking()
            .Where(p => (!p.AudienceIndexed && p.PublishFrom <= now && (p.PublishUntil == null || p.PublishUntil > now))
                || (p.AudienceIndexed && (p.PublishFrom > now || (p.PublishUntil != null && p.PublishUntil <= now)))
                || (p.RequiresConfirmation && p.NotifiedAt == null && p.PublishFrom <= now && (p.PublishUntil == null || p.PublishUntil > now)))
            .OrderBy(p => p.Id).Select(p => p.Id).Take(200).ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var post = await db.Set<BulletinPost>().Include(p => p.Audience).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (post is null)
            {
                continue;
            }

            var author = await db.Users.AsNoTracking().Where(a => a.Id == post.AuthorId).Select(a => a.DisplayName).FirstAsync(cancellationToken);
            await BulletinSearchContent.IndexAsync(db, post, now, cancellationToken);
            if (post.RequiresConfirmation && post.NotifiedAt is null && post.IsPublishedAt(now))
            {
                // Claimed by a conditional update, so two instances never both notify.
                if (await db.Set<BulletinPost>().Where(p => p.Id == id && p.NotifiedAt == null).ExecuteUpdateAsync(s => s.SetProperty(p => p.NotifiedAt, now), cancellationToken) == 1)
                {
                    await NotifyAudienceAsync(post, author, cancellationToken);
                }

                db.Entry(post).Property(p => p.NotifiedAt).CurrentValue = now;
                db.Entry(post).Property(p => p.NotifiedAt).IsModified = false;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return due.Count;
    }

    private async Task NotifyIfDueAsync(BulletinPost post, string author, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (post.RequiresConfirmation && post.NotifiedAt is null && post.IsPublishedAt(now))
        {
            await NotifyAudienceAsync(post, author, cancellationToken);
            post.MarkNotified(now);
        }
    }

    private async Task NotifyAudienceAsync(BulletinPost post, string author, CancellationToken cancellationToken)
    {
        var departments = await db.Departments.AsNoTracking().ToListAsync(cancellationToken);
        var members = await BulletinReader.MembersQuery(db, post, departments, cancellationToken);
        var ids = await members.Where(a => a.Id != post.AuthorId).Select(a => a.Id).ToListAsync(cancellationToken);
        await notifications.NotifyAsync(ids, NotificationKinds.Bulletin, $"【要確認】{post.Title}",
            $"{author}さんから、確認をお願いするお知らせが掲示されました。読んだら「確認しました」を押してください。", BulletinSearchContent.Url(post.Id), cancellationToken);
    }

    private async Task ApplyAsync(BulletinViewer viewer, BulletinPost post, BulletinInput input, DateTimeOffset now, CancellationToken cancellationToken, bool existing = false)
    {
        if (!await db.Set<BulletinCategory>().AnyAsync(c => c.Id == input.CategoryId && c.IsActive, cancellationToken))
        {
            throw new DomainException("bulletin.unknown-category", "分類を選んでください。");
        }

        var departments = input.Everyone ? [] : input.DepartmentIds.Distinct().ToList();
        var positions = input.Everyone ? [] : input.PositionIds.Distinct().ToList();
        if (departments.Count > 0 && await db.Departments.CountAsync(d => departments.Contains(d.Id) && d.IsActive, cancellationToken) != departments.Count)
        {
            throw new DomainException("bulletin.unknown-department", "掲載先の部署が見つかりません。選び直してください。");
        }

        if (positions.Count > 0 && await db.Positions.CountAsync(p => positions.Contains(p.Id), cancellationToken) != positions.Count)
        {
            throw new DomainException("bulletin.unknown-position", "掲載先の職位が見つかりません。選び直してください。");
        }

        if (!viewer.CanPostToAnyAudience)
        {
            // Staff post to their own department (and units below it); managers and administrators anywhere.
            var unchanged = existing && input.Everyone == post.ForEveryone && departments.Order().SequenceEqual(post.DepartmentIds);
            if (!unchanged)
            {
                if (input.Everyone)
                {
                    throw new DomainException("bulletin.everyone-not-allowed", "全員あての掲示は、課長以上の職員と管理者が出せます。自分の部署あてにしてください。");
                }

                var own = viewer.DepartmentId is { } d
                    ? BulletinViewer.Descendants(await db.Departments.AsNoTracking().ToListAsync(cancellationToken), [d]).ToHashSet()
                    : [];
                if (departments.Count == 0 || departments.Any(id => !own.Contains(id)))
                {
                    throw new DomainException("bulletin.department-not-allowed", "掲載先には自分の部署(またはその中の係)を選んでください。他の部署あては課長以上の職員と管理者が出せます。");
                }
            }

            if (input.Pinned && !(existing && post.IsPinned))
            {
                throw new DomainException("bulletin.pin-not-allowed", "上部への固定は、課長以上の職員と管理者ができます。");
            }
        }

        var from = input.PublishFrom ?? (existing ? post.PublishFrom : now);
        post.SetContent(input.CategoryId, input.Title, input.Body, input.Pinned, input.RequiresConfirmation, from, input.PublishUntil, now);
        post.SetAudience(input.Everyone, departments, positions);
    }

    private static async Task<List<Attachment>> ReadFilesAsync(BulletinViewer viewer, string key, IReadOnlyList<BulletinFileUpload> uploads, int existing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (existing + uploads.Count > MaxFilesPerPost)
        {
            throw new DomainException("attachment.too-many", $"1つの掲示に添付できるファイルは{MaxFilesPerPost}件までです。");
        }

        var files = new List<Attachment>();
        foreach (var upload in uploads)
        {
            files.Add(await AttachmentUpload.ReadAsync(SearchModules.Bulletin, key, upload.FileName, upload.ContentType, upload.Content, viewer.AccountId, now, cancellationToken));
        }

        return files;
    }

    private async Task<BulletinPost> VisibleAsync(BulletinViewer viewer, int postId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await BulletinReader.VisibleTo(db.Set<BulletinPost>().AsNoTracking(), viewer, now).Include(p => p.Audience).FirstOrDefaultAsync(p => p.Id == postId, cancellationToken)
            ?? throw new DomainException("bulletin.not-found", "掲示が見つかりません。");

    private async Task<BulletinPost> FindEditableAsync(BulletinViewer viewer, int postId, CancellationToken cancellationToken)
    {
        var post = await db.Set<BulletinPost>().Include(p => p.Audience).FirstOrDefaultAsync(p => p.Id == postId, cancellationToken);
        if (post is null || (post.AuthorId != viewer.AccountId && !viewer.IsAdministrator && !await BulletinReader.VisibleTo(db.Set<BulletinPost>(), viewer, Now()).AnyAsync(p => p.Id == postId, cancellationToken)))
        {
            throw new DomainException("bulletin.not-found", "掲示が見つかりません。");
        }

        if (post.AuthorId != viewer.AccountId && !viewer.IsAdministrator)
        {
            throw new AccessDeniedException("掲示を編集・削除できるのは、投稿者と管理者だけです。");
        }

        return post;
    }

    private DateTimeOffset Now() => Clock.Truncate(clock.GetUtcNow());

    private static Actor Actor(BulletinViewer viewer) => new(viewer.AccountId, viewer.Name, null);

    private static string Target(int id) => "bulletin:" + id.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Concurrent confirmation of bulletin {PostId} by {AccountId} ({Error}) counted once")]
    private static partial void LogConcurrentConfirm(ILogger logger, int postId, int accountId, string error);
}
