using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;

namespace Tsunagu.Core.StaffSurveys;

/// <summary>A survey as a member of a target unit sees it in /surveys.</summary>
public sealed record SurveyRow(int Id, string Title, DateOnly Deadline, SurveyState State, bool AllowsSeveralAnswers, int Targets, int AnsweredUnits, int Answers);

/// <summary>One answer with who wrote it, for the unit's own list and for the CSV export.</summary>
public sealed record SurveyAnswerView(int Id, int UnitId, string Unit, string UnitPath, string Division, string AnsweredBy, DateTimeOffset UpdatedAt, JsonObject Values);

public sealed record UnitResult(SurveyUnit Unit, int Answers, DateTimeOffset? LastRemindedAt, int ReminderCount);

/// <summary>Response of one 部: its target units and how many of them answered.</summary>
public sealed record DivisionResult(string Name, int Targets, int Answered)
{
    public decimal Rate => StaffSurveyReader.Percent(Answered, Targets);
}

public sealed record OptionCount(string Option, int Count);

public sealed record TextAnswer(string Unit, string Text);

/// <summary>Aggregated answers of one question: counts per option for choice questions, the texts otherwise.</summary>
public sealed record QuestionResult(FormField Field, IReadOnlyList<OptionCount>? Counts, int Unanswered, IReadOnlyList<TextAnswer> Texts);

public sealed record SurveyResults(StaffSurvey Survey, SurveyState State, IReadOnlyList<UnitResult> Units, IReadOnlyList<DivisionResult> Divisions, int TotalAnswers, IReadOnlyList<QuestionResult> Questions)
{
    public int Targets => Units.Count;

    public int Answered => Units.Count(u => u.Answers > 0);

    public decimal Rate => StaffSurveyReader.Percent(Answered, Targets);

    public IEnumerable<UnitResult> NotAnswered => Units.Where(u => u.Answers == 0);
}

/// <summary>Reads staff surveys: the lists, one unit's answers, the DX office's results and export.</summary>
public sealed class StaffSurveyReader(AppDbContext db)
{
    /// <summary>Half-up to one decimal: 36 of 38 units is 94.7 %.</summary>
    public static decimal Percent(int part, int whole) =>
        whole == 0 ? 0m : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);

    /// <summary>Sent surveys addressed to the actor's unit, open ones first, with how many answers the unit sent.</summary>
    public async Task<IReadOnlyList<SurveyRow>> ListForUnitAsync(SurveyActor actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Unit is not { } unit)
        {
            return [];
        }

        var rows = await db.StaffSurveys.AsNoTracking()
            .Where(s => s.State != SurveyState.Draft && s.Targets.Any(t => t.DepartmentId == unit.Id))
            .Select(s => new { Survey = s, Targets = s.Targets.Count, Mine = db.StaffSurveyAnswers.Count(a => a.StaffSurveyId == s.Id && a.DepartmentId == unit.Id) })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new SurveyRow(r.Survey.Id, r.Survey.Title, r.Survey.Deadline, r.Survey.StateAt(now), r.Survey.AllowsSeveralAnswers, r.Targets, 0, r.Mine))
            .OrderBy(r => r.State == SurveyState.Open ? 0 : 1).ThenBy(r => r.State == SurveyState.Open ? r.Deadline.DayNumber : -r.Deadline.DayNumber)];
    }

    /// <summary>Every survey, drafts included, for the DX office.</summary>
    public async Task<IReadOnlyList<SurveyRow>> ListAllAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var rows = await db.StaffSurveys.AsNoTracking()
            .Select(s => new
            {
                Survey = s,
                Targets = s.Targets.Count,
                Answered = db.StaffSurveyAnswers.Where(a => a.StaffSurveyId == s.Id).Select(a => a.DepartmentId).Distinct().Count(),
                Answers = db.StaffSurveyAnswers.Count(a => a.StaffSurveyId == s.Id),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new SurveyRow(r.Survey.Id, r.Survey.Title, r.Survey.Deadline, r.Survey.StateAt(now), r.Survey.AllowsSeveralAnswers, r.Targets, r.Answered, r.Answers))
            .OrderBy(r => r.State switch { SurveyState.Open => 0, SurveyState.Draft => 1, _ => 2 }).ThenByDescending(r => r.Deadline)];
    }

    /// <summary>The survey if the actor may open it: the DX office always, a member of a target unit once it is sent.</summary>
    public async Task<StaffSurvey?> VisibleAsync(SurveyActor actor, int surveyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var survey = await db.StaffSurveys.AsNoTracking().Include(s => s.Targets).SingleOrDefaultAsync(s => s.Id == surveyId, cancellationToken);
        if (survey is null)
        {
            return null;
        }

        return actor.IsDxOffice || (survey.State != SurveyState.Draft && actor.Unit is { } unit && survey.IsTarget(unit.Id)) ? survey : null;
    }

    /// <summary>The answers of one unit (what its members see and edit).</summary>
    public async Task<IReadOnlyList<SurveyAnswerView>> UnitAnswersAsync(int surveyId, int unitId, CancellationToken cancellationToken = default) =>
        await AnswersAsync(surveyId, unitId, cancellationToken);

    /// <summary>Every answer of the survey in the organisation's order (results and CSV; DX office only).</summary>
    public async Task<IReadOnlyList<SurveyAnswerView>> AnswersAsync(int surveyId, int? unitId = null, CancellationToken cancellationToken = default)
    {
        var units = await SurveyUnits.LoadAsync(db, cancellationToken);
        var query = db.StaffSurveyAnswers.AsNoTracking().Where(a => a.StaffSurveyId == surveyId);
        if (unitId is { } u)
        {
            query = query.Where(a => a.DepartmentId == u);
        }

        var rows = await query
            .Select(a => new { a.Id, a.DepartmentId, DepartmentName = a.Department!.Name, DepartmentPath = a.Department.Path, By = a.UpdatedBy!.DisplayName, a.UpdatedAt, a.ValuesJson })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => (Row: r, Unit: units.Find(r.DepartmentId)))
            .OrderBy(x => x.Unit?.SortKey ?? int.MaxValue).ThenBy(x => x.Row.Id)
            .Select(x => new SurveyAnswerView(x.Row.Id, x.Row.DepartmentId, x.Row.DepartmentName, x.Row.DepartmentPath, x.Unit?.Division ?? "", x.Row.By, x.Row.UpdatedAt, Parse(x.Row.ValuesJson)))];
    }

    public async Task<SurveyResults?> ResultsAsync(int surveyId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var survey = await db.StaffSurveys.AsNoTracking().Include(s => s.Targets).SingleOrDefaultAsync(s => s.Id == surveyId, cancellationToken);
        if (survey is null)
        {
            return null;
        }

        var units = await SurveyUnits.LoadAsync(db, cancellationToken);
        var answers = await AnswersAsync(surveyId, null, cancellationToken);
        var perUnit = answers.GroupBy(a => a.UnitId).ToDictionary(g => g.Key, g => g.Count());
        var targets = survey.Targets
            .Select(t => (Target: t, Unit: units.Find(t.DepartmentId) ?? new SurveyUnit(t.DepartmentId, $"#{t.DepartmentId}", "", "", int.MaxValue, false)))
            .OrderBy(x => x.Unit.SortKey)
            .Select(x => new UnitResult(x.Unit, perUnit.GetValueOrDefault(x.Unit.Id), x.Target.LastRemindedAt, x.Target.ReminderCount))
            .ToList();
        var divisions = targets.GroupBy(t => t.Unit.Division)
            .Select(g => new DivisionResult(g.Key, g.Count(), g.Count(u => u.Answers > 0)))
            .ToList();
        var schema = survey.Schema();
        var questions = schema.Fields.Where(f => f.Type is not (FieldType.Table or FieldType.File)).Select(f => Aggregate(f, answers)).ToList();
        return new SurveyResults(survey, survey.StateAt(now), targets, divisions, answers.Count, questions);
    }

    private static QuestionResult Aggregate(FormField field, IReadOnlyList<SurveyAnswerView> answers)
    {
        var present = answers.Where(a => a.Values.TryGetPropertyValue(field.Key, out var v) && !FormJson.IsBlank(v)).ToList();
        var unanswered = answers.Count - present.Count;
        if (field.Type is FieldType.Radio or FieldType.Select or FieldType.Checkbox)
        {
            var chosen = present.SelectMany(a => a.Values[field.Key] switch
            {
                JsonArray array => array.Select(n => n?.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : n?.ToJsonString() ?? ""),
                JsonNode n when n.GetValueKind() == JsonValueKind.String => [n.GetValue<string>()],
                _ => [],
            }).ToList();
            var counts = field.Options.Select(o => new OptionCount(o, chosen.Count(c => c == o))).ToList();
            return new QuestionResult(field, counts, unanswered, []);
        }

        var texts = present.Select(a => new TextAnswer(a.Unit, FormDisplay.Format(field, a.Values[field.Key]))).ToList();
        return new QuestionResult(field, null, unanswered, texts);
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json) as JsonObject ?? [];
}
