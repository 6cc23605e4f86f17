using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.StaffSurveys;

/// <summary>One 課-level unit: who answers a staff survey (ADR 0013). <see cref="Division"/> is its 部 (or itself at the top).</summary>
public sealed record SurveyUnit(int Id, string Name, string Path, string Division, int SortKey, bool ExcludedFromUsage);

/// <summary>
/// The units that answer staff surveys: every active 課, 室 or 局 with no 課, 室 or 局 below it (so 市長公室 is not one,
/// its 秘書広報課 is; DX戦略室 and 会計課 are). A person answers for the unit they belong to or the one above their 係.
/// </summary>
public sealed class SurveyUnits
{
    private static readonly string[] UnitKinds = ["課", "室", "局"];

    private readonly Dictionary<int, Row> _rows;
    private readonly Dictionary<int, SurveyUnit> _units;

    private sealed record Row(int Id, int? ParentId, string Name, string Kind, string Path, bool IsActive, bool Excluded, int Order);

    private SurveyUnits(List<Row> rows)
    {
        _rows = rows.ToDictionary(r => r.Id);
        var withUnitBelow = new HashSet<int>();
        foreach (var row in rows.Where(r => r.IsActive && UnitKinds.Contains(r.Kind)))
        {
            for (var p = row.ParentId; p is { } id && _rows.TryGetValue(id, out var parent); p = parent.ParentId)
            {
                withUnitBelow.Add(id);
            }
        }

        _units = rows.Where(r => r.IsActive && UnitKinds.Contains(r.Kind) && !withUnitBelow.Contains(r.Id))
            .OrderBy(r => r.Order)
            .Select((r, i) => new SurveyUnit(r.Id, r.Name, r.Path, DivisionOf(r), i, r.Excluded))
            .ToDictionary(u => u.Id);
    }

    /// <summary>Every answering unit in the organisation's order.</summary>
    public IReadOnlyList<SurveyUnit> All => [.. _units.Values.OrderBy(u => u.SortKey)];

    /// <summary>The default audience: every unit outside 消防本部 and 市民病院 (the departments the usage report leaves out too).</summary>
    public IReadOnlyList<SurveyUnit> Default => [.. All.Where(u => !u.ExcludedFromUsage)];

    public SurveyUnit? Find(int id) => _units.GetValueOrDefault(id);

    /// <summary>The unit a member of <paramref name="departmentId"/> answers for: that department or its nearest 課-level ancestor.</summary>
    public SurveyUnit? UnitOf(int? departmentId)
    {
        for (var id = departmentId; id is { } d && _rows.TryGetValue(d, out var row); id = row.ParentId)
        {
            if (_units.TryGetValue(d, out var unit))
            {
                return unit;
            }
        }

        return null;
    }

    /// <summary>Departments whose members answer for one of <paramref name="unitIds"/> (the units and their 係).</summary>
    public IReadOnlyList<int> DepartmentsOf(IReadOnlyCollection<int> unitIds) =>
        [.. _rows.Keys.Where(id => UnitOf(id) is { } u && unitIds.Contains(u.Id))];

    public static async Task<SurveyUnits> LoadAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Departments.AsNoTracking()
            .Select(d => new { d.Id, d.ParentId, d.Name, d.Kind, d.Path, d.IsActive, d.ExcludedFromUsage, d.SortOrder })
            .ToListAsync(cancellationToken);
        // The organisation's order: parents before children, siblings by their sort order.
        var byId = rows.ToDictionary(r => r.Id);
        string Key(int id)
        {
            var parts = new List<string>();
            for (int? p = id; p is { } x && byId.TryGetValue(x, out var r); p = r.ParentId)
            {
                parts.Insert(0, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.SortOrder:D6}{r.Id:D9}"));
            }

            return string.Join('/', parts);
        }

        var ordered = rows.OrderBy(r => Key(r.Id), StringComparer.Ordinal).Select((r, i) => new Row(r.Id, r.ParentId, r.Name, r.Kind, r.Path, r.IsActive, r.ExcludedFromUsage, i)).ToList();
        return new SurveyUnits(ordered);
    }

    private string DivisionOf(Row row)
    {
        var top = row;
        while (top.ParentId is { } p && _rows.TryGetValue(p, out var parent))
        {
            top = parent;
        }

        return top.Name;
    }
}
