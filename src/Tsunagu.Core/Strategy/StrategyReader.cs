using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Strategy;

/// <summary>One assessment as the pages show it.</summary>
public sealed record AssessmentRow(int Id, int? DepartmentId, string Scope, DateOnly AssessedOn, string Assessor, IReadOnlyDictionary<MaturityAxis, int> Levels, IReadOnlyDictionary<MaturityAxis, string> Evidence);

/// <summary>The current target of one axis.</summary>
public sealed record TargetRow(MaturityAxis Axis, int Level, DateOnly DueOn);

/// <summary>A department that has at least one assessment.</summary>
public sealed record AssessedDepartment(int Id, string Path);

/// <summary>A row of the roadmap with its cells by period key (2021-1 …).</summary>
public sealed record RoadmapRow(int Id, int? ParentId, string Title, int SortOrder, bool Retired, IReadOnlyDictionary<RoadmapPeriod, RoadmapCell> Cells);

/// <summary>Reads of the DX strategy for the pages.</summary>
public sealed class StrategyReader(AppDbContext db)
{
    /// <summary>The assessments of one scope (null: city-wide), oldest first; on the same day the one recorded first comes first.</summary>
    public async Task<IReadOnlyList<AssessmentRow>> HistoryAsync(int? departmentId, CancellationToken cancellationToken = default)
    {
        var list = await db.Set<MaturityAssessment>().AsNoTracking().Include(a => a.Scores).Include(a => a.Department)
            .Where(a => a.DepartmentId == departmentId)
            .ToListAsync(cancellationToken);
        return list.OrderBy(a => a.AssessedOn).ThenBy(a => a.RecordedAt).ThenBy(a => a.Id)
            .Select(a => new AssessmentRow(a.Id, a.DepartmentId, a.Department?.Path ?? "", a.AssessedOn, a.AssessorName,
                a.Scores.ToDictionary(s => s.Axis, s => s.Level), a.Scores.ToDictionary(s => s.Axis, s => s.Evidence)))
            .ToList();
    }

    /// <summary>Per axis the target with the latest due date.</summary>
    public async Task<IReadOnlyList<TargetRow>> TargetsAsync(CancellationToken cancellationToken = default)
    {
        var all = await db.Set<MaturityTarget>().AsNoTracking().ToListAsync(cancellationToken);
        return all.GroupBy(t => t.Axis).Select(g => g.OrderByDescending(t => t.DueOn).ThenByDescending(t => t.Id).First())
            .OrderBy(t => t.Axis).Select(t => new TargetRow(t.Axis, t.Level, t.DueOn)).ToList();
    }

    public async Task<IReadOnlyList<AssessedDepartment>> AssessedDepartmentsAsync(CancellationToken cancellationToken = default)
    {
        var ids = await db.Set<MaturityAssessment>().Where(a => a.DepartmentId != null).Select(a => a.DepartmentId!.Value).Distinct().ToListAsync(cancellationToken);
        var rows = await db.Departments.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new AssessedDepartment(d.Id, d.Path)).ToListAsync(cancellationToken);
        return rows.OrderBy(d => d.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>Measures in display order (each followed by its sub-measures), retired ones only when asked.</summary>
    public async Task<IReadOnlyList<RoadmapRow>> RoadmapAsync(bool includeRetired, CancellationToken cancellationToken = default)
    {
        var measures = await db.Set<RoadmapMeasure>().AsNoTracking().Include(m => m.Cells).ToListAsync(cancellationToken);
        var visible = measures.Where(m => includeRetired || !m.IsRetired).ToList();
        var result = new List<RoadmapRow>();
        foreach (var top in visible.Where(m => m.ParentId is null).OrderBy(m => m.SortOrder).ThenBy(m => m.Id))
        {
            result.Add(Row(top));
            result.AddRange(visible.Where(m => m.ParentId == top.Id).OrderBy(m => m.SortOrder).ThenBy(m => m.Id).Select(Row));
        }

        return result;

        static RoadmapRow Row(RoadmapMeasure m) =>
            new(m.Id, m.ParentId, m.Title, m.SortOrder, m.IsRetired, m.Cells.Where(c => c.Period.IsValid).ToDictionary(c => c.Period));
    }
}
