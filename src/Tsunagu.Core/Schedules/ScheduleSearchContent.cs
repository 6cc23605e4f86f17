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
    public IReadOnlyCollection<string> Modules { get; } = [SearchModules.Schedule, SearchModules.Facility];

    public static async Task IndexEventAsync(AppDbContext db, ScheduleEvent e, CancellationToken cancellationToken = default)
    {
        if (e.IsCancelled)
        {
            await SearchIndex.RemoveAsync(db, SearchModules.Schedule, Key(e.Id), cancellationToken);
            return;
        }

        var keepers = e.Visibility == EventVisibility.Private
            ? await db.ScheduleKeepers.Where(k => k.OwnerId == e.OrganizerId).Select(k => k.KeeperId).ToListAsync(cancellationToken)
            : [];
        var departmentId = await db.Users.Where(a => a.Id == e.OrganizerId).Select(a => a.DepartmentId).FirstOrDefaultAsync(cancellationToken);
        await SearchIndex.IndexAsync(db, EventItem(e, e.Attendees.Select(a => a.AccountId), keepers, departmentId), cancellationToken);
    }

    public static Task IndexFacilityAsync(AppDbContext db, Facility facility, CancellationToken cancellationToken = default) =>
        facility.IsActive
            ? SearchIndex.IndexAsync(db, FacilityItem(facility, facility.Group?.Name), cancellationToken)
            : SearchIndex.RemoveAsync(db, SearchModules.Facility, Key(facility.Id), cancellationToken);

    public async Task<int> CountAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Events.CountAsync(e => !e.IsCancelled, cancellationToken) + await db.Facilities.CountAsync(f => f.IsActive, cancellationToken);

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

            foreach (var e in batch)
            {
                yield return EventItem(e, e.Attendees.Select(a => a.AccountId), e.Visibility == EventVisibility.Private ? keepers[e.OrganizerId] : [], departments.GetValueOrDefault(e.OrganizerId));
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
