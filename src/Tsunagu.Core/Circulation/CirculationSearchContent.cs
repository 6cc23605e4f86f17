using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Circulation;

/// <summary>
/// Circulations in the search index: found only by the sender and the recipients (no administrator rule: a
/// circulation is correspondence between people). Files attached are found under the same rule. Comments are part
/// of the body, since everyone who may find the circulation sees them on its page.
/// </summary>
public sealed class CirculationSearchContent : ISearchSource
{
    public IReadOnlyCollection<string> Modules { get; } = [SearchModules.Circulation, SearchModules.CirculationFile];

    /// <summary>Indexes the circulation and its saved files; <paramref name="circular"/> needs its recipients. The caller saves.</summary>
    public static async Task IndexAsync(AppDbContext db, Circular circular, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(circular);
        var sender = await db.Users.AsNoTracking().Where(a => a.Id == circular.SenderId).Select(a => a.DisplayName).FirstAsync(cancellationToken);
        var key = Key(circular.Id);
        var files = await db.Attachments.AsNoTracking().Where(a => a.Module == SearchModules.Circulation && a.OwnerKey == key)
            .Select(a => new FileText(a.Id, a.FileName, a.Text)).ToListAsync(cancellationToken);
        var item = Item(circular, sender);
        await SearchIndex.IndexAsync(db, item, cancellationToken);
        foreach (var file in files)
        {
            await SearchIndex.IndexAsync(db, FileItem(file, item), cancellationToken);
        }
    }

    public async Task<int> CountAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Set<Circular>().CountAsync(cancellationToken)
        + await db.Attachments.CountAsync(a => a.Module == SearchModules.Circulation, cancellationToken);

    public async IAsyncEnumerable<SearchItem> ReadAllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastId = 0;
        while (true)
        {
            var batch = await db.Set<Circular>().AsNoTracking().Include(c => c.Recipients).Include(c => c.Sender)
                .Where(c => c.Id > lastId).OrderBy(c => c.Id).Take(300).AsSplitQuery().ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            var keys = batch.Select(c => Key(c.Id)).ToList();
            var files = (await db.Attachments.AsNoTracking()
                .Where(a => a.Module == SearchModules.Circulation && keys.Contains(a.OwnerKey))
                .Select(a => new { a.OwnerKey, File = new FileText(a.Id, a.FileName, a.Text) })
                .ToListAsync(cancellationToken)).ToLookup(f => f.OwnerKey, f => f.File);
            foreach (var c in batch)
            {
                var item = Item(c, c.Sender?.DisplayName ?? "");
                yield return item;
                foreach (var file in files[item.Key])
                {
                    yield return FileItem(file, item);
                }
            }

            lastId = batch[^1].Id;
        }
    }

    /// <summary>Who may find a circulation: its sender and every recipient.</summary>
    public static IReadOnlyList<SearchAccess> Access(Circular circular)
    {
        ArgumentNullException.ThrowIfNull(circular);
        return circular.Recipients.Select(r => r.AccountId).Prepend(circular.SenderId).Distinct().Select(SearchAccess.Account).ToList();
    }

    private sealed record FileText(int Id, string FileName, string Text);

    private static SearchItem FileItem(FileText file, SearchItem circular) =>
        new(SearchModules.CirculationFile, Key(file.Id), file.FileName, $"{circular.Title}\n{file.Text}", circular.Url, circular.OccurredAt, circular.DepartmentId, circular.Access);

    private static SearchItem Item(Circular c, string sender)
    {
        var body = new StringBuilder();
        body.Append("回覧 ").Append(sender).Append('\n').Append(c.Body);
        foreach (var comment in c.Recipients.OrderBy(r => r.Position).Select(r => r.Comment).Where(s => !string.IsNullOrWhiteSpace(s)))
        {
            body.Append('\n').Append(comment);
        }

        return new SearchItem(SearchModules.Circulation, Key(c.Id), c.Title, body.ToString(), $"/circulations/{Key(c.Id)}", c.CreatedAt, c.SenderDepartmentId, Access(c));
    }

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}
