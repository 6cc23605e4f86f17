using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Features.StaffDirectory;

namespace Tsunagu.Web.Features.Schedules.Events;

/// <summary>A member of staff as the pickers show them.</summary>
public sealed record PersonOption(int Id, string Name, string Kana, string Department);

/// <summary>A unit in the department lists, in the order of the organisation chart.</summary>
public sealed record DepartmentOption(int Id, string Label, int Depth);

/// <summary>A bookable facility in the form's list.</summary>
public sealed record FacilityOption(int Id, string Name, FacilityKind Kind, int? Capacity, string Location, bool RequiresApproval);

public sealed record FacilityGroupOption(int? Id, string Name, IReadOnlyList<FacilityOption> Facilities);

/// <summary>What the pickers of the event form and the free-time search read from the database.</summary>
public static class EventLookups
{
    /// <summary>How many matches the people search shows; more means the query should be narrower.</summary>
    public const int MaxMatches = 20;

    /// <summary>Active staff by name, kana or login fragment (full- or half-width), by kana; one more than <see cref="MaxMatches"/> tells "more".</summary>
    public static async Task<List<PersonOption>> FindPeopleAsync(AppDbContext db, string? query, IReadOnlyCollection<int> exclude, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var excluded = exclude.ToList();
        return await StaffQueries.Search(db, query.Length > 100 ? query[..100] : query, null, [], includeInactive: false)
            .Where(a => !excluded.Contains(a.Id))
            .OrderBy(a => a.Kana)
            .ThenBy(a => a.Id)
            .Take(MaxMatches + 1)
            .Select(a => new PersonOption(a.Id, a.DisplayName, a.Kana, a.Department == null ? "" : a.Department.Path))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The people with these ids, in the order given; unknown ids are left out.</summary>
    public static async Task<List<PersonOption>> PeopleAsync(AppDbContext db, IReadOnlyCollection<int> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var list = ids.Distinct().ToList();
        var found = await db.Users.AsNoTracking()
            .Where(a => list.Contains(a.Id))
            .Select(a => new PersonOption(a.Id, a.DisplayName, a.Kana, a.Department == null ? "" : a.Department.Path))
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        return list.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    /// <summary>Active units in the order of the organisation chart (parents first, siblings by their sort order).</summary>
    public static async Task<List<DepartmentOption>> DepartmentsAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var all = await db.Departments.AsNoTracking().Where(d => d.IsActive)
            .Select(d => new { d.Id, d.ParentId, d.Name, d.Path, d.SortOrder })
            .ToListAsync(cancellationToken);
        var ids = all.Select(d => d.Id).ToHashSet();
        var children = all.ToLookup(d => d.ParentId is { } p && ids.Contains(p) ? p : (int?)null);
        var result = new List<DepartmentOption>(all.Count);
        void Walk(int? parent, int depth)
        {
            foreach (var d in children[parent].OrderBy(d => d.SortOrder).ThenBy(d => d.Name, StringComparer.Ordinal))
            {
                result.Add(new DepartmentOption(d.Id, Components.DepartmentLabel.Of(d.Path), depth));
                Walk(d.Id, depth + 1);
            }
        }

        Walk(null, 0);
        return result;
    }

    /// <summary>Active facilities by group (in the groups' order; ungrouped ones last).</summary>
    public static async Task<List<FacilityGroupOption>> FacilitiesAsync(AppDbContext db, string ungroupedName, CancellationToken cancellationToken = default)
    {
        var facilities = await db.Facilities.AsNoTracking().Where(f => f.IsActive)
            .OrderBy(f => f.SortOrder).ThenBy(f => f.Name)
            .Select(f => new { f.GroupId, Option = new FacilityOption(f.Id, f.Name, f.Kind, f.Capacity, f.Location, f.RequiresApproval) })
            .ToListAsync(cancellationToken);
        var groups = await db.FacilityGroups.AsNoTracking().OrderBy(g => g.SortOrder).ThenBy(g => g.Name).ToListAsync(cancellationToken);
        var byGroup = facilities.ToLookup(f => f.GroupId);
        var result = groups
            .Where(g => byGroup[g.Id].Any())
            .Select(g => new FacilityGroupOption(g.Id, g.Name, byGroup[g.Id].Select(f => f.Option).ToList()))
            .ToList();
        var known = groups.Select(g => (int?)g.Id).ToHashSet();
        var rest = facilities.Where(f => !known.Contains(f.GroupId)).Select(f => f.Option).ToList();
        if (rest.Count > 0)
        {
            result.Add(new FacilityGroupOption(null, ungroupedName, rest));
        }

        return result;
    }

    /// <summary>Whose schedule the viewer may add to: themselves first, then the people whose schedule they keep.</summary>
    public static async Task<List<PersonOption>> OrganizersAsync(AppDbContext db, ScheduleViewer viewer, CancellationToken cancellationToken = default)
    {
        var ids = new List<int> { viewer.AccountId };
        ids.AddRange(viewer.KeptOwnerIds.Order());
        return await PeopleAsync(db, ids, cancellationToken);
    }
}
