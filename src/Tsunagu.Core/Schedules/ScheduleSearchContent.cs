using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Schedules;

/// <summary>
/// Events and facilities in the search index. A public event is found by staff; a private one only by its attendees,
/// its organiser and those who keep the organiser's schedule (never as a count or snippet for anyone else). Cancelled
/// events leave the index. The write paths call these before they commit, so the index changes in their transaction.
/// </summary>
public sealed class ScheduleSearchContent : ISearchSource
{
    public IReadOnlyCollection<string> Modules { get; } = [SearchModules.Schedule, SearchModules.Facility, SearchModules.ScheduleFile];

    public static async Task IndexEventAsync(AppDbContext db, ScheduleEvent e, CancellationToken cancellationToken = default)
    {
        var key = Key(e.Id);
        var files = await db.Attachments.AsNoTracking()
            .Where(a => a.Module == SearchModules.Schedule && a.OwnerKey == key)
            .Select(a => new FileText(a.Id, a.FileName, a.Text))
            .ToListAsync(cancellationToken);
        if (e.IsCancelled)
        {
            await SearchIndex.RemoveAsync(db, SearchModules.Schedule, key, cancellationToken);
            foreach (var file in files)
            {
                await SearchIndex.RemoveAsync(db, SearchModules.ScheduleFile, Key(file.Id), cancellationToken);
            }

            return;
        }

        var keepers = e.Visibility == EventVisibility.Private
            ? await db.ScheduleKeepers.Where(k => k.OwnerId == e.OrganizerId).Select(k => k.KeeperId).ToListAsync(cancellationToken)
            : [];
        var departmentId = await db.Users.Where(a => a.Id == e.OrganizerId).Select(a => a.DepartmentId).FirstOrDefaultAsync(cancellationToken);
        var item = EventItem(e, e.Attendees.Select(a => a.AccountId), keepers, departmentId);
        await SearchIndex.IndexAsync(db, item, cancellationToken);
        foreach (var file in files)
        {
            await SearchIndex.IndexAsync(db, FileItem(file, item), cancellationToken);
        }
    }

    private sealed record FileText(int Id, string FileName, string Text);

    /// <summary>A file attached to an event: found under the event's permissions, and opens the event.</summary>
    private static SearchItem FileItem(FileText file, SearchItem eventItem) =>
        new(SearchModules.ScheduleFile, Key(file.Id), file.FileName, $"{eventItem.Title}\n{file.Text}", eventItem.Url, eventItem.OccurredAt, eventItem.DepartmentId, eventItem.Access);

    public static Task IndexFacilityAsync(AppDbContext db, Facility facility, CancellationToken cancellationToken = default) =>
        facility.IsActive
            ? SearchIndex.IndexAsync(db, FacilityItem(facility, facility.Group?.Name), cancellationToken)
            : SearchIndex.RemoveAsync(db, SearchModules.Facility, Key(facility.Id), cancellationToken);

#pragma warning disable CA1305 // int.ToString() in a query is SQL (CAST AS TEXT / ::text), not the current culture
    public async Task<int> CountAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Events.CountAsync(e => !e.IsCancelled, cancellationToken) + await db.Facilities.CountAsync(f => f.IsActive, cancellationToken)
        + await db.Attachments.CountAsync( // only the files ReadAllAsync yields: those of events not cancelled
            a => a.Module == SearchModules.Schedule && db.Events.Any(e => !e.IsCancelled && e.Id.ToString() == a.OwnerKey), cancellationToken);
#pragma warning restore CA1305

    public async IAsyncEnumerable<SearchItem> ReadAllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = await db.FacilityGroups.AsNoTracking().ToDictionaryAsync(g => g.Id, g => g.Name, cancellationToken);
        foreach (var f in await db.Facilities.AsNoTracking().Where(f => f.IsActive).ToListAsync(cancellationToken))
        {
            yield return FacilityItem(f, f.GroupId is { } g ? groups.GetValueOrDefault(g) : null);
        }

        var keepers = (await db.ScheduleKeepers.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(k => k.OwnerId, k => k.KeeperId);
        var departments = await db.Users.AsNoTracking().Select(a => new { a.Id, a.DepartmentId }).ToDictionaryAsync(a => a.Id, a => a.DepartmentId, cancellationToken);
        var lastId = 0;
        while (true)
        {
            var batch = await db.Events.AsNoTracking().Include(e => e.Attendees)
                .Where(e => !e.IsCancelled && e.Id > lastId).OrderBy(e => e.Id).Take(500).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            var keys = batch.Select(e => Key(e.Id)).ToList();
            var files = (await db.Attachments.AsNoTracking()
                .Where(a => a.Module == SearchModules.Schedule && keys.Contains(a.OwnerKey))
                .Select(a => new { a.OwnerKey, File = new FileText(a.Id, a.FileName, a.Text) })
                .ToListAsync(cancellationToken)).ToLookup(f => f.OwnerKey, f => f.File);
            foreach (var e in batch)
            {
                var item = EventItem(e, e.Attendees.Select(a => a.AccountId), e.Visibility == EventVisibility.Private ? keepers[e.OrganizerId] : [], departments.GetValueOrDefault(e.OrganizerId));
                yield return item;
                foreach (var file in files[item.Key])
                {
                    yield return FileItem(file, item);
                }
            }

            lastId = batch[^1].Id;
        }
    }

    private static SearchItem EventItem(ScheduleEvent e, IEnumerable<int> attendeeIds, IEnumerable<int> keeperIds, int? departmentId)
    {
        IReadOnlyList<SearchAccess> access = e.Visibility == EventVisibility.Public
            ? FoundationSearchContent.DirectoryAccess
            : attendeeIds.Append(e.OrganizerId).Concat(keeperIds).Distinct().Select(SearchAccess.Account).ToList();
        var local = Clock.ToTokyo(e.StartsAt);
        var when = e.IsAllDay ? local.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) : local.ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);
        var body = string.Join('\n', new[] { $"{e.Category} {when}", e.Place, e.Notes }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new SearchItem(SearchModules.Schedule, Key(e.Id), e.Title, body, $"/schedule/events/{Key(e.Id)}", e.StartsAt, departmentId, access);
    }

    private static SearchItem FacilityItem(Facility f, string? groupName) =>
        new(SearchModules.Facility, Key(f.Id), f.Name,
            string.Join('\n', new[] { groupName, f.Location, f.Attributes, f.Notes }.Where(s => !string.IsNullOrWhiteSpace(s))),
            $"/facilities/{Key(f.Id)}", null, f.ManagerDepartmentId, FoundationSearchContent.DirectoryAccess);

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}
