using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Web.Features.Schedules.Views;

/// <summary>An active unit for the department picker.</summary>
public sealed record DepartmentOption(int Id, string Name, string Path, int Depth);

public static class DepartmentOptions
{
    /// <summary>Every active unit in the order of the organisation chart: each unit followed by the units below it.</summary>
    public static async Task<IReadOnlyList<DepartmentOption>> ActiveAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var all = await db.Departments.AsNoTracking()
            .Where(d => d.IsActive)
            .Select(d => new { d.Id, d.ParentId, d.Name, d.Path, d.SortOrder })
            .ToListAsync(cancellationToken);
        var ids = all.Select(d => d.Id).ToHashSet();
        var children = all.ToLookup(d => d.ParentId is { } p && ids.Contains(p) ? p : (int?)null);
        var result = new List<DepartmentOption>(all.Count);

        void Walk(int? parentId, int depth)
        {
            foreach (var d in children[parentId].OrderBy(d => d.SortOrder).ThenBy(d => d.Path, StringComparer.Ordinal))
            {
                result.Add(new DepartmentOption(d.Id, d.Name, d.Path, depth));
                Walk(d.Id, depth + 1);
            }
        }

        Walk(null, 0);
        return result;
    }
}
