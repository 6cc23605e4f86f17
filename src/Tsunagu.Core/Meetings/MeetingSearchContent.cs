using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Meetings;

/// <summary>
/// Sessions and their papers in the search index, found only by the chair, the secretary and the attendees (the same
/// people <see cref="MeetingAccess"/> lets in). Cancelled sessions leave the index. Write paths call
/// <see cref="IndexAsync"/> before they commit, so the index changes in their transaction.
/// </summary>
public sealed class MeetingSearchContent : ISearchSource
{
    public IReadOnlyCollection<string> Modules { get; } = [SearchModules.Meeting, SearchModules.MeetingFile];

    public static async Task IndexAsync(AppDbContext db, int meetingId, CancellationToken cancellationToken = default)
    {
        var meeting = await LoadAsync(db).FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        var files = await FilesAsync(db, [meetingId], cancellationToken);
        if (meeting is null || meeting.IsCancelled)
        {
            await SearchIndex.RemoveAsync(db, SearchModules.Meeting, Key(meetingId), cancellationToken);
            foreach (var f in files)
            {
                await SearchIndex.RemoveAsync(db, SearchModules.MeetingFile, Key(f.AttachmentId), cancellationToken);
            }

            return;
        }

        var item = Item(meeting);
        await SearchIndex.IndexAsync(db, item, cancellationToken);
        foreach (var f in files)
        {
            await SearchIndex.IndexAsync(db, FileItem(f, item), cancellationToken);
        }
    }

    public static Task RemoveFileAsync(AppDbContext db, int attachmentId, CancellationToken cancellationToken = default) =>
        SearchIndex.RemoveAsync(db, SearchModules.MeetingFile, Key(attachmentId), cancellationToken);

    public async Task<int> CountAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Set<Meeting>().CountAsync(m => m.State != MeetingState.Cancelled, cancellationToken)
        + await db.Set<MeetingMaterial>().CountAsync(x => db.Set<Meeting>().Any(m => m.Id == x.MeetingId && m.State != MeetingState.Cancelled), cancellationToken);

    public async IAsyncEnumerable<SearchItem> ReadAllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastId = 0;
        while (true)
        {
            var batch = await LoadAsync(db).Where(m => m.State != MeetingState.Cancelled && m.Id > lastId).OrderBy(m => m.Id).Take(200).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            var files = (await FilesAsync(db, batch.Select(m => m.Id).ToList(), cancellationToken)).ToLookup(f => f.MeetingId);
            foreach (var m in batch)
            {
                var item = Item(m);
                yield return item;
                foreach (var f in files[m.Id])
                {
                    yield return FileItem(f, item);
                }
            }

            lastId = batch[^1].Id;
        }
    }

    private static IQueryable<Meeting> LoadAsync(AppDbContext db) =>
        db.Set<Meeting>().AsNoTracking().AsSplitQuery().Include(m => m.Attendees).Include(m => m.AgendaItems).Include(m => m.Body);

    private sealed record FileText(int MeetingId, int MaterialId, int AttachmentId, string FileName, string Text);

    private static async Task<List<FileText>> FilesAsync(AppDbContext db, List<int> meetingIds, CancellationToken cancellationToken) =>
        await (from m in db.Set<MeetingMaterial>()
               join a in db.Attachments on m.AttachmentId equals a.Id
               where meetingIds.Contains(m.MeetingId)
               select new FileText(m.MeetingId, m.Id, a.Id, a.FileName, a.Text)).ToListAsync(cancellationToken);

    private static SearchItem Item(Meeting m)
    {
        var access = m.Attendees.Select(a => a.AccountId)
            .Concat(m.ChairId is { } c ? [c] : []).Concat(m.SecretaryId is { } s ? [s] : [])
            .Distinct().Select(SearchAccess.Account).ToList();
        var when = Clock.ToTokyo(m.StartsAt).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);
        var agenda = m.AgendaItems.OrderBy(i => i.Position).Select(i => string.IsNullOrEmpty(i.Description) ? i.Title : $"{i.Title} {i.Description}");
        var body = string.Join('\n', new[] { m.Body?.Name, when, m.Place }.Concat(agenda).Where(x => !string.IsNullOrWhiteSpace(x)));
        return new SearchItem(SearchModules.Meeting, Key(m.Id), m.Title, body, $"/meetings/{Key(m.Id)}", m.StartsAt, null, access);
    }

    private static SearchItem FileItem(FileText f, SearchItem meeting) =>
        new(SearchModules.MeetingFile, Key(f.AttachmentId), f.FileName, $"{meeting.Title}\n{f.Text}",
            $"/meetings/{Key(f.MeetingId)}/materials/{Key(f.MaterialId)}", meeting.OccurredAt, null, meeting.Access);

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}
