using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Meetings;

/// <summary>
/// Published minutes in the search index, found by the session's chair, secretary and attendees only (administrators
/// included in nothing: papers and minutes can be confidential). Drafts are never indexed; personal notes never are.
/// </summary>
public sealed class MinutesSearchContent : ISearchSource
{
    public IReadOnlyCollection<string> Modules { get; } = [SearchModules.Minutes];

    /// <summary>Indexes published minutes in the caller's unit of work (the caller saves, in the publishing transaction).</summary>
    public static Task IndexAsync(AppDbContext db, Meeting meeting, MeetingMinutes minutes, CancellationToken cancellationToken = default) =>
        minutes.Status == MinutesStatus.Published
            ? SearchIndex.IndexAsync(db, Item(meeting, minutes), cancellationToken)
            : SearchIndex.RemoveAsync(db, SearchModules.Minutes, Key(minutes.Id), cancellationToken);

    public Task<int> CountAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.Set<MeetingMinutes>().CountAsync(m => m.Status == MinutesStatus.Published, cancellationToken);

    public async IAsyncEnumerable<SearchItem> ReadAllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastId = 0;
        while (true)
        {
            var batch = await db.Set<MeetingMinutes>().AsNoTracking()
                .Where(m => m.Status == MinutesStatus.Published && m.Id > lastId).OrderBy(m => m.Id).Take(200)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            var meetingIds = batch.Select(m => m.MeetingId).ToList();
            var meetings = await db.Set<Meeting>().AsNoTracking().Include(m => m.Attendees)
                .Where(m => meetingIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
            foreach (var minutes in batch)
            {
                if (meetings.TryGetValue(minutes.MeetingId, out var meeting))
                {
                    yield return Item(meeting, minutes);
                }
            }

            lastId = batch[^1].Id;
        }
    }

    private static SearchItem Item(Meeting meeting, MeetingMinutes minutes) =>
        new(SearchModules.Minutes, Key(minutes.Id), $"{meeting.Title} 議事録（{MinutesDraft.When(meeting.StartsAt, meeting.EndsAt)}）", minutes.Text,
            MinutesService.Url(meeting.Id), meeting.StartsAt, null,
            MinutesService.Participants(meeting).Select(SearchAccess.Account).ToList());

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}
