using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Strategy;

/// <summary>What an editor fills in for one cell of the roadmap.</summary>
public sealed record RoadmapCellInput(string? Activity, RoadmapStatus Status, string? Owner, string? Note);

/// <summary>
/// Writes of the DX strategy: maturity assessments (the DX office) and the roadmap (whoever <see cref="RoadmapEditors"/>
/// allows). Each write and its audit entry are saved together.
/// </summary>
public sealed class StrategyService(AppDbContext db, TimeProvider clock, AuditLog audit)
{
    public const string UsageFeature = "strategy";

    private DateTimeOffset Now() => Clock.Truncate(clock.GetUtcNow());

    private DateOnly Today() => Clock.TokyoDate(clock.GetUtcNow());

    // ---- maturity ----

    public async Task<MaturityAssessment> RecordAssessmentAsync(StrategyActor actor, int? departmentId, DateOnly assessedOn, IReadOnlyList<MaturityScoreInput> scores, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsDxOffice)
        {
            throw new AccessDeniedException("Only the DX office records maturity assessments.");
        }

        string scope = "全庁";
        if (departmentId is { } id)
        {
            scope = await db.Departments.Where(d => d.Id == id && d.IsActive).Select(d => d.Path).FirstOrDefaultAsync(cancellationToken)
                ?? throw new DomainException("maturity.department", "評価の対象の部署が見つかりません。");
        }

        var assessment = MaturityAssessment.Record(departmentId, assessedOn, Today(), actor.AccountId, actor.Audit.Name, scores, Now());
        db.Add(assessment);
        audit.Record(actor.Audit, "maturity.assessed", "maturity", $"{scope} {assessedOn:yyyy-MM-dd}: " +
            string.Join(", ", assessment.Scores.Select(s => $"{MaturityRubric.Of(s.Axis).Name}={s.Level.ToString(CultureInfo.InvariantCulture)}")));
        await db.SaveChangesAsync(cancellationToken);
        return assessment;
    }

    // ---- roadmap ----

    private async Task RequireEditorAsync(StrategyActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!(await RoadmapEditors.LoadAsync(db, cancellationToken)).Allows(actor))
        {
            throw new AccessDeniedException("Not a roadmap editor.");
        }
    }

    public async Task<RoadmapCell> UpdateCellAsync(StrategyActor actor, int measureId, RoadmapPeriod period, RoadmapCellInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await RequireEditorAsync(actor, cancellationToken);
        if (!RoadmapPeriod.Columns(Today()).Contains(period))
        {
            throw new DomainException("roadmap.period", "期間が正しくありません。");
        }

        var measure = await db.Set<RoadmapMeasure>().FirstOrDefaultAsync(m => m.Id == measureId, cancellationToken)
            ?? throw new DomainException("roadmap.measure", "施策が見つかりません。");
        var cell = await db.Set<RoadmapCell>().FirstOrDefaultAsync(c => c.MeasureId == measureId && c.FiscalYear == period.FiscalYear && c.Half == period.Half, cancellationToken);
        if (cell is null)
        {
            cell = new RoadmapCell(measureId, period);
            db.Add(cell);
        }

        cell.Update(input.Activity, input.Status, input.Owner, input.Note, Today(), actor.Audit.Name, Now());
        audit.Record(actor.Audit, "roadmap.cell-updated", "roadmap", $"{measure.Id}: {measure.Title} {period.ShortLabel} {cell.Status}: {cell.Activity}");
        await db.SaveChangesAsync(cancellationToken);
        return cell;
    }

    public async Task<RoadmapMeasure> AddMeasureAsync(StrategyActor actor, string? title, int? parentId, CancellationToken cancellationToken = default)
    {
        await RequireEditorAsync(actor, cancellationToken);
        RoadmapMeasure? parent = null;
        if (parentId is { } pid)
        {
            parent = await db.Set<RoadmapMeasure>().FirstOrDefaultAsync(m => m.Id == pid, cancellationToken)
                ?? throw new DomainException("roadmap.measure", "上位の施策が見つかりません。");
        }

        var last = await db.Set<RoadmapMeasure>().Where(m => m.ParentId == parentId).MaxAsync(m => (int?)m.SortOrder, cancellationToken) ?? 0;
        var measure = new RoadmapMeasure(title!, parent, last + 1);
        db.Add(measure);
        audit.Record(actor.Audit, "roadmap.measure-added", "roadmap", parent is null ? measure.Title : $"{parent.Title} / {measure.Title}");
        await db.SaveChangesAsync(cancellationToken);
        return measure;
    }

    public async Task RenameMeasureAsync(StrategyActor actor, int id, string? title, CancellationToken cancellationToken = default)
    {
        await RequireEditorAsync(actor, cancellationToken);
        var measure = await FindAsync(id, cancellationToken);
        var before = measure.Title;
        measure.Rename(title!);
        if (measure.Title != before)
        {
            audit.Record(actor.Audit, "roadmap.measure-renamed", "roadmap", $"{id}: {before} → {measure.Title}");
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Swaps a measure with its neighbour among its siblings (up: the one before it).</summary>
    public async Task MoveMeasureAsync(StrategyActor actor, int id, bool up, CancellationToken cancellationToken = default)
    {
        await RequireEditorAsync(actor, cancellationToken);
        var measure = await FindAsync(id, cancellationToken);
        var siblings = await db.Set<RoadmapMeasure>().Where(m => m.ParentId == measure.ParentId).OrderBy(m => m.SortOrder).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        var i = siblings.FindIndex(m => m.Id == id);
        var j = up ? i - 1 : i + 1;
        if (j < 0 || j >= siblings.Count)
        {
            return;
        }

        (siblings[i], siblings[j]) = (siblings[j], siblings[i]);
        for (var k = 0; k < siblings.Count; k++)
        {
            siblings[k].SortOrder = k + 1;
        }

        audit.Record(actor.Audit, "roadmap.measure-moved", "roadmap", $"{id}: {measure.Title} {(up ? "up" : "down")}");
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RetireMeasureAsync(StrategyActor actor, int id, CancellationToken cancellationToken = default)
    {
        await RequireEditorAsync(actor, cancellationToken);
        var measure = await FindAsync(id, cancellationToken);
        measure.Retire(Now());
        audit.Record(actor.Audit, "roadmap.measure-retired", "roadmap", $"{id}: {measure.Title}");
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RestoreMeasureAsync(StrategyActor actor, int id, CancellationToken cancellationToken = default)
    {
        await RequireEditorAsync(actor, cancellationToken);
        var measure = await FindAsync(id, cancellationToken);
        measure.Restore();
        audit.Record(actor.Audit, "roadmap.measure-restored", "roadmap", $"{id}: {measure.Title}");
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<RoadmapMeasure> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<RoadmapMeasure>().FirstOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new DomainException("roadmap.measure", "施策が見つかりません。");

    /// <summary>System administrators choose who edits the roadmap; unknown departments or accounts are refused.</summary>
    public async Task SetEditorsAsync(StrategyActor actor, RoadmapEditors editors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(editors);
        if (!actor.IsSystemAdmin)
        {
            throw new AccessDeniedException("Only system administrators choose the roadmap's editors.");
        }

        var badRole = editors.RoleNames.FirstOrDefault(r => !RoadmapEditors.GrantableRoles.Contains(r));
        if (badRole is not null)
        {
            throw new DomainException("roadmap.editors", $"役割「{badRole}」は指定できません。");
        }

        foreach (var path in editors.DepartmentPaths)
        {
            if (!await db.Departments.AnyAsync(d => d.Path == path && d.IsActive, cancellationToken))
            {
                throw new DomainException("roadmap.editors", $"部署「{path}」が見つかりません。部/課/係の形で入力してください。");
            }
        }

        foreach (var login in editors.Accounts)
        {
            var normalized = login.ToUpperInvariant();
            if (!await db.Users.AnyAsync(a => a.NormalizedUserName == normalized && a.IsActive, cancellationToken))
            {
                throw new DomainException("roadmap.editors", $"アカウント「{login}」が見つかりません。");
            }
        }

        var value = editors.Format();
        var setting = await db.Settings.FirstOrDefaultAsync(s => s.Key == RoadmapEditors.SettingKey, cancellationToken);
        if (setting is null)
        {
            db.Settings.Add(new SystemSetting { Key = RoadmapEditors.SettingKey, Value = value, UpdatedAt = Now() });
        }
        else
        {
            setting.Value = value;
            setting.UpdatedAt = Now();
        }

        audit.Record(actor.Audit, "roadmap.editors-changed", "settings", value.Replace('\n', ' '));
        await db.SaveChangesAsync(cancellationToken);
    }
}

public static class StrategyServices
{
    public static IServiceCollection AddStrategy(this IServiceCollection services)
    {
        services.AddScoped<StrategyService>();
        services.AddScoped<StrategyReader>();
        return services;
    }
}
