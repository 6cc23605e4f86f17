using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;

namespace Tsunagu.Web.Features.Approvals;

/// <summary>Loads what <see cref="FormFields"/> shows besides the values: pickers for editing, names for reading.</summary>
public static class FormLookupsLoader
{
    /// <summary>For the edit page: every active staff member grouped by department, every active department.</summary>
    public static async Task<FormLookups> ForEditAsync(AppDbContext db, int? requestId, CancellationToken cancellationToken = default)
    {
        var departments = await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.Path).ThenBy(d => d.SortOrder)
            .Select(d => new { d.Id, d.Name, d.Path }).ToListAsync(cancellationToken);
        var staff = await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null)
            .OrderBy(a => a.Kana).Select(a => new { a.Id, a.DisplayName, DepartmentId = a.DepartmentId!.Value }).ToListAsync(cancellationToken);
        var byDepartment = staff.ToLookup(s => s.DepartmentId);
        var groups = departments.Where(d => byDepartment[d.Id].Any())
            .Select(d => new PickerGroup(d.Name, [.. byDepartment[d.Id].Select(s => new PickerOption(s.Id, $"{s.DisplayName} ({d.Name})"))]))
            .ToList();
        return new FormLookups
        {
            Staff = groups,
            Departments = [.. departments.Select(d => new PickerOption(d.Id, string.IsNullOrEmpty(d.Path) ? d.Name : d.Path))],
            StaffNames = staff.ToDictionary(s => s.Id, s => s.DisplayName),
            DepartmentNames = departments.ToDictionary(d => d.Id, d => d.Name),
            Files = requestId is { } id ? await FilesAsync(db, id, cancellationToken) : new Dictionary<int, string>(),
        };
    }

    /// <summary>For reading: names of the people and departments the values mention, and the request's files.</summary>
    public static async Task<FormLookups> ForReadAsync(AppDbContext db, int requestId, JsonObject values, CancellationToken cancellationToken = default)
    {
        var ids = Numbers(values).ToList();
        var staff = await db.Users.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        var departments = await db.Departments.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        return new FormLookups { StaffNames = staff, DepartmentNames = departments, Files = await FilesAsync(db, requestId, cancellationToken) };
    }

    public static async Task<Dictionary<int, string>> FilesAsync(AppDbContext db, int requestId, CancellationToken cancellationToken)
    {
        var key = requestId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await db.Set<Attachment>().AsNoTracking().Where(a => a.Module == SearchModules.Approval && a.OwnerKey == key)
            .ToDictionaryAsync(a => a.Id, a => a.FileName, cancellationToken);
    }

    private static IEnumerable<int> Numbers(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Numbers(p.Value)),
        JsonArray a => a.SelectMany(Numbers),
        JsonValue v when v.TryGetValue<int>(out var i) && i > 0 => [i],
        _ => [],
    };
}
