using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Bulletins;

public enum BulletinShow
{
    All,
    Unread,
    ToConfirm,
    Mine,
}

public sealed record BulletinFilter(int? CategoryId = null, BulletinShow Show = BulletinShow.All, int Page = 1, int PageSize = BulletinReader.PageSize);

public sealed record BulletinRow(
    int Id, string Title, int CategoryId, string Category, string AuthorName, string? AuthorDepartment, DateTimeOffset PublishFrom, DateTimeOffset? PublishUntil,
    bool IsPinned, bool RequiresConfirmation, bool IsRead, bool IsConfirmed, int Comments, bool IsMine, bool IsPublished);

public sealed record BulletinPage(IReadOnlyList<BulletinRow> Rows, int Total, int Page, int PageSize, int Unread, int ToConfirm);

public sealed record BulletinCommentView(long Id, int AuthorId, string AuthorName, string? AuthorDepartment, string Body, DateTimeOffset CreatedAt);

/// <summary>One audience member as of now, for the author's confirmation report.</summary>
public sealed record BulletinReportRow(int AccountId, string Name, string? Department, string? Position, DateTimeOffset? ConfirmedAt);

public sealed record BulletinReport(IReadOnlyList<BulletinReportRow> Members, int Confirmed, int Total)
{
    /// <summary>Confirmed share of the current audience, 0–100, rounded down to one decimal.</summary>
    public double Percent => Total == 0 ? 0 : Math.Floor(Confirmed * 1000.0 / Total) / 10;
}

/// <summary>How much a post is read: distinct readers and total openings (the author's own not counted).</summary>
public sealed record BulletinStats(int Readers, int Views);

public sealed record BulletinDetail(
    BulletinPost Post, string Category, string AuthorName, string? AuthorDepartment, string BodyHtml,
    IReadOnlyList<string> AudienceDepartments, IReadOnlyList<string> AudiencePositions, IReadOnlyList<AttachmentInfo> Attachments,
    IReadOnlyList<BulletinCommentView> Comments, bool IsAudience, DateTimeOffset? ConfirmedAt, bool CanEdit, BulletinStats? Stats, BulletinReport? Report);

public sealed record BulletinCategoryView(int Id, string Name);

/// <summary>
/// Reads the bulletin board for one viewer. Every query filters in SQL by <see cref="VisibleTo"/>: a post outside the
/// viewer's audience is never read, counted or shown, and one outside its publish window only to its author and
/// administrators.
/// </summary>
public sealed class BulletinReader(AppDbContext db, TimeProvider clock)
{
    public const int PageSize = 20;

    public static IQueryable<BulletinPost> VisibleTo(IQueryable<BulletinPost> posts, BulletinViewer viewer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.IsAdministrator)
        {
            return posts;
        }

        var me = viewer.AccountId;
        var departments = viewer.DepartmentIds.ToList();
        var position = viewer.PositionId ?? -1;
        return posts.Where(p => p.AuthorId == me
            || (p.PublishFrom <= now && (p.PublishUntil == null || p.PublishUntil > now)
                && (p.ForEveryone
                    || ((!p.HasDepartmentAudience || p.Audience.Any(a => a.Kind == AudienceKind.Department && departments.Contains(a.TargetId)))
                        && (!p.HasPositionAudience || p.Audience.Any(a => a.Kind == AudienceKind.Position && a.TargetId == position))))));
    }

    /// <summary>Whether the viewer is one of the post's readers (addressed to them), as the audience rule says.</summary>
    public static bool IsAudience(BulletinPost post, BulletinViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(viewer);
        if (post.ForEveryone)
        {
            return true;
        }

        var inDepartment = !post.HasDepartmentAudience || post.DepartmentIds.Any(viewer.DepartmentIds.Contains);
        var holdsPosition = !post.HasPositionAudience || (viewer.PositionId is { } p && post.PositionIds.Contains(p));
        return inDepartment && holdsPosition;
    }

    public async Task<IReadOnlyList<BulletinCategoryView>> CategoriesAsync(CancellationToken cancellationToken = default) =>
        await db.Set<BulletinCategory>().AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new BulletinCategoryView(c.Id, c.Name)).ToListAsync(cancellationToken);

    /// <summary>
    /// The posts addressed to the viewer (or written by them), for lists and counts over many posts. Same rule as
    /// <see cref="VisibleTo"/> (non-administrator), but the audience is looked up once through the (Kind, TargetId)
    /// index as uncorrelated IN lists, instead of one correlated EXISTS per post: with 10,000 posts the probes
    /// dominated the list's cost.
    /// </summary>
    private IQueryable<BulletinPost> Addressed(BulletinViewer viewer, DateTimeOffset now)
    {
        var me = viewer.AccountId;
        var departments = viewer.DepartmentIds.ToList();
        var position = viewer.PositionId ?? -1;
        var audience = db.Set<BulletinAudience>();
        var toMyDepartments = audience.Where(a => a.Kind == AudienceKind.Department && departments.Contains(a.TargetId)).Select(a => a.PostId);
        var toMyPosition = audience.Where(a => a.Kind == AudienceKind.Position && a.TargetId == position).Select(a => a.PostId);
        return db.Set<BulletinPost>().AsNoTracking().Where(p => p.AuthorId == me
            || (p.PublishFrom <= now && (p.PublishUntil == null || p.PublishUntil > now)
                && (p.ForEveryone
                    || ((!p.HasDepartmentAudience || toMyDepartments.Contains(p.Id))
                        && (!p.HasPositionAudience || toMyPosition.Contains(p.Id))))));
    }

    public async Task<BulletinPage> ListAsync(BulletinViewer viewer, BulletinFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(filter);
        var now = Clock.Truncate(clock.GetUtcNow());
        var me = viewer.AccountId;

        // The viewer's own read and confirmation rows (indexed by AccountId), read once per query as IN lists rather
        // than probed per post.
        var myReads = db.Set<BulletinRead>().Where(r => r.AccountId == me).Select(r => r.PostId);
        var myConfirmations = db.Set<BulletinConfirmation>().Where(c => c.AccountId == me).Select(c => c.PostId);

        // Unread and to-confirm are about what is addressed to the viewer, also for administrators who see every post.
        var addressed = Addressed(viewer, now);
        var visible = viewer.IsAdministrator ? db.Set<BulletinPost>().AsNoTracking() : addressed;
        if (filter.CategoryId is { } category)
        {
            visible = visible.Where(p => p.CategoryId == category);
            addressed = addressed.Where(p => p.CategoryId == category);
        }

        var unreadQuery = addressed.Where(p => p.AuthorId != me && !myReads.Contains(p.Id));
        var toConfirmQuery = addressed.Where(p => p.RequiresConfirmation && p.AuthorId != me && !myConfirmations.Contains(p.Id));
        var shown = filter.Show switch
        {
            BulletinShow.Unread => unreadQuery,
            BulletinShow.ToConfirm => toConfirmQuery,
            BulletinShow.Mine => visible.Where(p => p.AuthorId == me),
            _ => visible,
        };

        var pageSize = Math.Clamp(filter.PageSize, 1, 100);
        var page = Math.Max(1, filter.Page);

        // One pass over the viewer's posts counts all three tabs (three COUNT queries cost three scans).
        var counts = await addressed
            .Select(p => new
            {
                Unread = p.AuthorId != me && !myReads.Contains(p.Id) ? 1 : 0,
                ToConfirm = p.RequiresConfirmation && p.AuthorId != me && !myConfirmations.Contains(p.Id) ? 1 : 0,
            })
            .GroupBy(_ => 1)
            .Select(g => new { Total = g.Count(), Unread = g.Sum(x => x.Unread), ToConfirm = g.Sum(x => x.ToConfirm) })
            .FirstOrDefaultAsync(cancellationToken);
        var unread = counts?.Unread ?? 0;
        var toConfirm = counts?.ToConfirm ?? 0;
        var total = filter.Show switch
        {
            BulletinShow.Unread => unread,
            BulletinShow.ToConfirm => toConfirm,
            BulletinShow.All when !viewer.IsAdministrator => counts?.Total ?? 0,
            _ => await shown.CountAsync(cancellationToken),
        };

        // Page first (the sort follows the (IsPinned, PublishFrom, Id) index), then the viewer's state for these rows only.
        var heads = await shown
            .OrderByDescending(p => p.IsPinned).ThenByDescending(p => p.PublishFrom).ThenByDescending(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new Head(
                p.Id, p.Title, p.CategoryId, p.Category!.Name, p.AuthorId, p.Author!.DisplayName, p.AuthorDepartment == null ? null : p.AuthorDepartment.Name,
                p.PublishFrom, p.PublishUntil, p.IsPinned, p.RequiresConfirmation))
            .ToListAsync(cancellationToken);
        var rows = await RowsAsync(heads, me, now, withComments: true, cancellationToken);
        return new BulletinPage(rows, total, page, pageSize, unread, toConfirm);
    }

    private sealed record Head(
        int Id, string Title, int CategoryId, string Category, int AuthorId, string AuthorName, string? AuthorDepartment, DateTimeOffset PublishFrom,
        DateTimeOffset? PublishUntil, bool IsPinned, bool RequiresConfirmation);

    private async Task<List<BulletinRow>> RowsAsync(List<Head> heads, int me, DateTimeOffset now, bool withComments, CancellationToken cancellationToken)
    {
        if (heads.Count == 0)
        {
            return [];
        }

        var ids = heads.Select(h => h.Id).ToList();
        var read = (await db.Set<BulletinRead>().AsNoTracking().Where(r => r.AccountId == me && ids.Contains(r.PostId)).Select(r => r.PostId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var confirmed = (await db.Set<BulletinConfirmation>().AsNoTracking().Where(c => c.AccountId == me && ids.Contains(c.PostId)).Select(c => c.PostId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var comments = withComments
            ? await db.Set<BulletinComment>().AsNoTracking().Where(c => ids.Contains(c.PostId)).GroupBy(c => c.PostId)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken)
            : [];
        return heads.Select(h => new BulletinRow(
                h.Id, h.Title, h.CategoryId, h.Category, h.AuthorName, h.AuthorDepartment, h.PublishFrom, h.PublishUntil, h.IsPinned, h.RequiresConfirmation,
                h.AuthorId == me || read.Contains(h.Id), confirmed.Contains(h.Id), comments.GetValueOrDefault(h.Id), h.AuthorId == me,
                h.PublishFrom <= now && (h.PublishUntil == null || h.PublishUntil > now)))
            .ToList();
    }

    /// <summary>For the portal: unread posts, required-reading ones not yet confirmed first.</summary>
    public async Task<(IReadOnlyList<BulletinRow> Rows, int Unread, int ToConfirm)> WidgetAsync(BulletinViewer viewer, int take = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var now = Clock.Truncate(clock.GetUtcNow());
        var me = viewer.AccountId;
        var myReads = db.Set<BulletinRead>().Where(r => r.AccountId == me).Select(r => r.PostId);
        var myConfirmations = db.Set<BulletinConfirmation>().Where(c => c.AccountId == me).Select(c => c.PostId);
        var published = Addressed(viewer, now)
            .Where(p => p.AuthorId != me && p.PublishFrom <= now && (p.PublishUntil == null || p.PublishUntil > now));
        var counts = await published
            .Select(p => new
            {
                Unread = !myReads.Contains(p.Id) ? 1 : 0,
                ToConfirm = p.RequiresConfirmation && !myConfirmations.Contains(p.Id) ? 1 : 0,
            })
            .GroupBy(_ => 1)
            .Select(g => new { Unread = g.Sum(x => x.Unread), ToConfirm = g.Sum(x => x.ToConfirm) })
            .FirstOrDefaultAsync(cancellationToken);
        var unread = counts?.Unread ?? 0;
        var toConfirm = counts?.ToConfirm ?? 0;

        // Those still to confirm first, then the unread: two short index-ordered reads instead of sorting every open post.
        var select = (IQueryable<BulletinPost> q, int n) => q
            .OrderByDescending(p => p.IsPinned).ThenByDescending(p => p.PublishFrom).ThenByDescending(p => p.Id)
            .Take(n)
            .Select(p => new Head(
                p.Id, p.Title, p.CategoryId, p.Category!.Name, p.AuthorId, p.Author!.DisplayName, p.AuthorDepartment == null ? null : p.AuthorDepartment.Name,
                p.PublishFrom, p.PublishUntil, p.IsPinned, p.RequiresConfirmation))
            .ToListAsync(cancellationToken);
        var heads = toConfirm > 0 ? await select(published.Where(p => p.RequiresConfirmation && !myConfirmations.Contains(p.Id)), take) : [];
        if (heads.Count < take)
        {
            heads.AddRange(await select(published.Where(p => !(p.RequiresConfirmation && !myConfirmations.Contains(p.Id)) && !myReads.Contains(p.Id)), take - heads.Count));
        }

        return (await RowsAsync(heads, me, now, withComments: false, cancellationToken), unread, toConfirm);
    }

    public async Task<bool> CanSeeAsync(BulletinViewer viewer, int postId, CancellationToken cancellationToken = default) =>
        await VisibleTo(db.Set<BulletinPost>().AsNoTracking(), viewer, Clock.Truncate(clock.GetUtcNow())).AnyAsync(p => p.Id == postId, cancellationToken);

    /// <summary>The post as the viewer may see it; null when it does not exist or is not theirs to see (the same answer).</summary>
    public async Task<BulletinDetail?> GetAsync(BulletinViewer viewer, int postId, CancellationToken cancellationToken = default)
    {
        var now = Clock.Truncate(clock.GetUtcNow());
        var post = await VisibleTo(db.Set<BulletinPost>().AsNoTracking(), viewer, now).Include(p => p.Audience)
            .FirstOrDefaultAsync(p => p.Id == postId, cancellationToken);
        if (post is null)
        {
            return null;
        }

        var head = await db.Set<BulletinPost>().AsNoTracking().Where(p => p.Id == postId)
            .Select(p => new { Category = p.Category!.Name, Author = p.Author!.DisplayName, Department = p.AuthorDepartment == null ? null : p.AuthorDepartment.Path })
            .FirstAsync(cancellationToken);
        var departmentIds = post.DepartmentIds;
        var positionIds = post.PositionIds;
        var departments = await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id)).OrderBy(d => d.Path).Select(d => d.Path).ToListAsync(cancellationToken);
        var positions = await db.Positions.AsNoTracking().Where(p => positionIds.Contains(p.Id)).OrderBy(p => p.Rank).Select(p => p.Name).ToListAsync(cancellationToken);
        var key = BulletinSearchContent.Key(post.Id);
        var attachments = await db.Attachments.AsNoTracking()
            .Where(a => a.Module == SearchModules.Bulletin && a.OwnerKey == key)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => new AttachmentInfo(a.Id, a.FileName, a.ContentType, a.Size, a.CreatedAt, a.CreatedById, a.CreatedBy!.DisplayName, a.Text != "", a.TextProblem))
            .ToListAsync(cancellationToken);
        var comments = await db.Set<BulletinComment>().AsNoTracking().Where(c => c.PostId == postId).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new BulletinCommentView(c.Id, c.AuthorId, c.Author!.DisplayName, c.Author.Department == null ? null : c.Author.Department.Name, c.Body, c.CreatedAt))
            .ToListAsync(cancellationToken);
        var confirmedAt = await db.Set<BulletinConfirmation>().AsNoTracking().Where(c => c.PostId == postId && c.AccountId == viewer.AccountId)
            .Select(c => (DateTimeOffset?)c.ConfirmedAt).FirstOrDefaultAsync(cancellationToken);
        var owner = post.AuthorId == viewer.AccountId || viewer.IsAdministrator;
        BulletinStats? stats = null;
        BulletinReport? report = null;
        if (owner)
        {
            var authorId = post.AuthorId;
            var reads = db.Set<BulletinRead>().AsNoTracking().Where(r => r.PostId == postId && r.AccountId != authorId);
            stats = new BulletinStats(await reads.CountAsync(cancellationToken), await reads.SumAsync(r => (int?)r.Views, cancellationToken) ?? 0);
            if (post.RequiresConfirmation)
            {
                report = await ReportAsync(post, cancellationToken);
            }
        }

        return new BulletinDetail(post, head.Category, head.Author, head.Department, BulletinMarkdown.ToHtml(post.Body), departments, positions, attachments, comments,
            IsAudience(post, viewer), confirmedAt, owner, stats, report);
    }

    /// <summary>The audience as of now (who would receive the post today, the author not counted), each with their confirmation.</summary>
    public async Task<BulletinReport> ReportAsync(BulletinPost post, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(post);
        var members = await MembersQuery(db, post, await db.Departments.AsNoTracking().ToListAsync(cancellationToken), cancellationToken);
        var postId = post.Id;
        var authorId = post.AuthorId;
        var rows = await members.Where(a => a.Id != authorId)
            .OrderBy(a => a.Department == null ? "" : a.Department.Path).ThenBy(a => a.Position == null ? int.MaxValue : a.Position.Rank).ThenBy(a => a.Kana).ThenBy(a => a.Id)
            .Select(a => new BulletinReportRow(a.Id, a.DisplayName, a.Department == null ? null : a.Department.Path, a.Position == null ? null : a.Position.Name,
                db.Set<BulletinConfirmation>().Where(c => c.PostId == postId && c.AccountId == a.Id).Select(c => (DateTimeOffset?)c.ConfirmedAt).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return new BulletinReport(rows, rows.Count(r => r.ConfirmedAt is not null), rows.Count);
    }

    /// <summary>Active staff the post is addressed to, resolved now (departments with their sub-units, positions).</summary>
    internal static async Task<IQueryable<Account>> MembersQuery(AppDbContext db, BulletinPost post, IReadOnlyCollection<Department> allDepartments, CancellationToken cancellationToken)
    {
        var staffRoleId = await db.Roles.AsNoTracking().Where(r => r.Name == Roles.Staff).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var members = db.Users.AsNoTracking().Where(a => a.IsActive && db.UserRoles.Any(ur => ur.UserId == a.Id && ur.RoleId == staffRoleId));
        if (post.ForEveryone)
        {
            return members;
        }

        if (post.HasDepartmentAudience)
        {
            var subtree = BulletinViewer.Descendants(allDepartments, post.DepartmentIds).ToList();
            members = members.Where(a => a.DepartmentId != null && subtree.Contains(a.DepartmentId.Value));
        }

        if (post.HasPositionAudience)
        {
            var positions = post.PositionIds.ToList();
            members = members.Where(a => a.PositionId != null && positions.Contains(a.PositionId.Value));
        }

        return members;
    }
}
