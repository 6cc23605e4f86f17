using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Bulletins;

/// <summary>
/// Posts and their files in the search index, found by the post's audience only (everyone; members of the departments
/// and units below; holders of the positions; or holders of the positions within the departments), by the author and
/// by administrators. Outside the publish window only the author and administrators find it; the publisher re-indexes
/// a post when its window opens or closes.
/// </summary>
public sealed class BulletinSearchContent(TimeProvider clock) : ISearchSource
{
    public IReadOnlyCollection<string> Modules { get; } = [SearchModules.Bulletin, SearchModules.BulletinFile];

    public static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Url(int id) => "/bulletins/" + Key(id);

    public static async Task IndexAsync(AppDbContext db, BulletinPost post, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(post);
        var head = await db.Set<BulletinCategory>().AsNoTracking().Where(c => c.Id == post.CategoryId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken) ?? "";
        var author = await db.Users.AsNoTracking().Where(a => a.Id == post.AuthorId).Select(a => a.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "";
        var key = Key(post.Id);
        var files = await db.Attachments.AsNoTracking().Where(a => a.Module == SearchModules.Bulletin && a.OwnerKey == key)
            .Select(a => new FileText(a.Id, a.FileName, a.Text)).ToListAsync(cancellationToken);
        var published = post.IsPublishedAt(now);
        var item = Item(post, head, author, published);
        await SearchIndex.IndexAsync(db, item, cancellationToken);
        foreach (var file in files)
        {
            await SearchIndex.IndexAsync(db, FileItem(file, item), cancellationToken);
        }

        post.AudienceIndexed = published;
    }

    public async Task<int> CountAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Set<BulletinPost>().CountAsync(cancellationToken)
        + await db.Attachments.CountAsync(a => a.Module == SearchModules.Bulletin, cancellationToken);

    public async IAsyncEnumerable<SearchItem> ReadAllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A window that opens or closes while the rebuild runs is corrected by the publisher's next pass.
        var now = clock.GetUtcNow();
        var categories = await db.Set<BulletinCategory>().AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var names = await db.Users.AsNoTracking().Select(a => new { a.Id, a.DisplayName }).ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        var lastId = 0;
        while (true)
        {
            var batch = await db.Set<BulletinPost>().AsNoTracking().Include(p => p.Audience).Where(p => p.Id > lastId).OrderBy(p => p.Id).Take(300).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            var keys = batch.Select(p => Key(p.Id)).ToList();
            var files = (await db.Attachments.AsNoTracking().Where(a => a.Module == SearchModules.Bulletin && keys.Contains(a.OwnerKey))
                .Select(a => new { a.OwnerKey, File = new FileText(a.Id, a.FileName, a.Text) }).ToListAsync(cancellationToken)).ToLookup(f => f.OwnerKey, f => f.File);
            foreach (var post in batch)
            {
                var item = Item(post, categories.GetValueOrDefault(post.CategoryId, ""), names.GetValueOrDefault(post.AuthorId, ""), post.IsPublishedAt(now));
                yield return item;
                foreach (var file in files[item.Key])
                {
                    yield return FileItem(file, item);
                }
            }

            lastId = batch[^1].Id;
        }
    }

    /// <summary>Who may find the post: its audience while published; always its author and administrators.</summary>
    public static IReadOnlyList<SearchAccess> Access(BulletinPost post, bool published)
    {
        ArgumentNullException.ThrowIfNull(post);
        var access = new List<SearchAccess> { SearchAccess.Account(post.AuthorId), SearchAccess.Role(Roles.SystemAdministrator) };
        if (!published)
        {
            return access;
        }

        if (post.ForEveryone)
        {
            // All staff, not everyone signed in: partners have accounts but no bulletin board.
            access.Add(SearchAccess.Role(Roles.Staff));
        }
        else if (post.HasDepartmentAudience && post.HasPositionAudience)
        {
            access.AddRange(post.DepartmentIds.SelectMany(d => post.PositionIds.Select(p => SearchAccess.DepartmentPosition(d, p))));
        }
        else if (post.HasDepartmentAudience)
        {
            access.AddRange(post.DepartmentIds.Select(SearchAccess.Department));
        }
        else
        {
            access.AddRange(post.PositionIds.Select(SearchAccess.Position));
        }

        return access;
    }

    private sealed record FileText(int Id, string FileName, string Text);

    private static SearchItem Item(BulletinPost post, string category, string author, bool published) =>
        new(SearchModules.Bulletin, Key(post.Id), post.Title, $"{category} {author}\n{BulletinMarkdown.ToPlainText(post.Body)}", Url(post.Id),
            post.PublishFrom, post.AuthorDepartmentId, Access(post, published));

    private static SearchItem FileItem(FileText file, SearchItem post) =>
        new(SearchModules.BulletinFile, Key(file.Id), file.FileName, $"{post.Title}\n{file.Text}", post.Url, post.OccurredAt, post.DepartmentId, post.Access);
}
