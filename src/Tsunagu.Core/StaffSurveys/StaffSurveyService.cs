using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;

namespace Tsunagu.Core.StaffSurveys;

/// <summary>Who acts on staff surveys: the DX office runs them; everyone answers for their own 課-level unit.</summary>
public sealed record SurveyActor(int AccountId, SurveyUnit? Unit, string? Position, bool IsDxOffice, Actor Audit)
{
    public static async Task<SurveyActor> ForAccountAsync(AppDbContext db, int accountId, Actor? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var account = await db.Users.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.DisplayName, a.DepartmentId, Position = a.Position == null ? null : a.Position.Name })
            .SingleOrDefaultAsync(cancellationToken);
        var dx = await (from ur in db.UserRoles
                        join r in db.Roles on ur.RoleId equals r.Id
                        where ur.UserId == accountId && (r.Name == Roles.DxOffice || r.Name == Roles.SystemAdministrator)
                        select r.Id).AnyAsync(cancellationToken);
        var units = await SurveyUnits.LoadAsync(db, cancellationToken);
        return new SurveyActor(accountId, units.UnitOf(account?.DepartmentId), account?.Position, dx, audit ?? new Actor(accountId, account?.DisplayName ?? "", null));
    }
}

/// <summary>What the DX office fills in to create a survey.</summary>
public sealed record SurveyInput
{
    public string? Title { get; init; }

    public string? Instructions { get; init; }

    public required FormSchema Schema { get; init; }

    public DateOnly Deadline { get; init; }

    public bool AllowsSeveralAnswers { get; init; }

    /// <summary>Empty: every unit of <see cref="SurveyUnits.Default"/>.</summary>
    public IReadOnlyList<int> UnitIds { get; init; } = [];
}

/// <summary>An answer the form engine refused: field path → Japanese message. Nothing was written.</summary>
public sealed class SurveyAnswerInvalidException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

/// <summary>
/// Staff surveys: create, send, remind, close; answers validated by the form engine. Each write is one transaction with
/// its notifications and audit entry.
/// </summary>
public sealed class StaffSurveyService(AppDbContext db, TimeProvider clock, NotificationService notifications, AuditLog audit)
{
    public const string UsageFeature = "survey";

    public async Task<StaffSurvey> CreateAsync(SurveyActor actor, SurveyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        RequireDxOffice(actor);
        var now = Now();
        var survey = new StaffSurvey(actor.AccountId, now);
        survey.Define(input.Title, input.Instructions, input.Schema, input.Deadline, input.AllowsSeveralAnswers, now);
        var units = await SurveyUnits.LoadAsync(db, cancellationToken);
        var targets = input.UnitIds.Count == 0 ? units.Default.Select(u => u.Id).ToList() : input.UnitIds.Distinct().ToList();
        if (targets.Any(id => units.Find(id) is null))
        {
            throw new DomainException("survey.unit", "対象に選べるのは課・室・局の単位です。");
        }

        survey.SetTargets(targets);
        db.Add(survey);
        audit.Record(actor.Audit, "survey.created", "staff-survey", survey.Title);
        await db.SaveChangesAsync(cancellationToken);
        return survey;
    }

    /// <summary>Sends a draft: the target units' members are notified (下書き → 実施中).</summary>
    public async Task<StaffSurvey> SendAsync(SurveyActor actor, int surveyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RequireDxOffice(actor);
        var survey = await SurveyAsync(surveyId, cancellationToken);
        survey.Send(Now());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await NotifyUnitsAsync(survey, [.. survey.Targets.Select(t => t.DepartmentId)],
            $"アンケートの依頼: {survey.Title}", $"DX戦略室から「{survey.Title}」の回答依頼が届きました。締切は{Day(survey.Deadline)}です。", cancellationToken);
        audit.Record(actor.Audit, "survey.sent", "staff-survey", $"{Id(survey.Id)}: {survey.Title}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return survey;
    }

    public async Task<StaffSurvey> CloseAsync(SurveyActor actor, int surveyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RequireDxOffice(actor);
        var survey = await SurveyAsync(surveyId, cancellationToken);
        survey.Close(Now());
        audit.Record(actor.Audit, "survey.closed", "staff-survey", $"{Id(survey.Id)}: {survey.Title}");
        await db.SaveChangesAsync(cancellationToken);
        return survey;
    }

    /// <summary>督促: notifies the members of every target unit that has not answered yet; returns how many units.</summary>
    public async Task<int> RemindAsync(SurveyActor actor, int surveyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RequireDxOffice(actor);
        var survey = await SurveyAsync(surveyId, cancellationToken);
        var now = Now();
        survey.EnsureAcceptsAnswers(now);
        var answered = await db.StaffSurveyAnswers.Where(a => a.StaffSurveyId == surveyId).Select(a => a.DepartmentId).Distinct().ToListAsync(cancellationToken);
        var missing = survey.Targets.Where(t => !answered.Contains(t.DepartmentId)).ToList();
        if (missing.Count == 0)
        {
            throw new DomainException("survey.all-answered", "すべての対象課から回答が届いています。督促は不要です。");
        }

        foreach (var target in missing)
        {
            target.Reminded(now);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await NotifyUnitsAsync(survey, [.. missing.Select(t => t.DepartmentId)],
            $"アンケートの督促: {survey.Title}", $"「{survey.Title}」の回答がまだ届いていません。締切は{Day(survey.Deadline)}です。回答をお願いします。", cancellationToken);
        audit.Record(actor.Audit, "survey.reminded", "staff-survey", $"{Id(survey.Id)}: {missing.Count.ToString(CultureInfo.InvariantCulture)} units");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return missing.Count;
    }

    /// <summary>Adds an answer for the actor's own unit, validated by the form engine; refused answers write nothing.</summary>
    public async Task<StaffSurveyAnswer> AnswerAsync(SurveyActor actor, int surveyId, JsonObject input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var survey = await SurveyAsync(surveyId, cancellationToken);
        var unit = RequireTargetUnit(actor, survey);
        var now = Now();
        survey.EnsureAcceptsAnswers(now);
        var values = Validate(survey, actor, input);
        if (!survey.AllowsSeveralAnswers && await db.StaffSurveyAnswers.AnyAsync(a => a.StaffSurveyId == surveyId && a.DepartmentId == unit.Id, cancellationToken))
        {
            throw new DomainException("survey.answered", "この課はすでに回答しています。回答を修正する場合は、回答一覧の「修正」から開いてください。");
        }

        var answer = new StaffSurveyAnswer(surveyId, unit.Id, actor.AccountId, values, now);
        db.StaffSurveyAnswers.Add(answer);
        await db.SaveChangesAsync(cancellationToken);
        return answer;
    }

    /// <summary>Replaces the values of one of the actor's unit's answers, until the survey closes.</summary>
    public async Task<StaffSurveyAnswer> UpdateAnswerAsync(SurveyActor actor, int surveyId, int answerId, JsonObject input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var survey = await SurveyAsync(surveyId, cancellationToken);
        var unit = RequireTargetUnit(actor, survey);
        var answer = await db.StaffSurveyAnswers.SingleOrDefaultAsync(a => a.Id == answerId && a.StaffSurveyId == surveyId && a.DepartmentId == unit.Id, cancellationToken)
            ?? throw new DomainException("survey.answer-not-found", "回答が見つかりません。");
        var now = Now();
        survey.EnsureAcceptsAnswers(now);
        answer.Replace(Validate(survey, actor, input), actor.AccountId, now);
        await db.SaveChangesAsync(cancellationToken);
        return answer;
    }

    private static string Validate(StaffSurvey survey, SurveyActor actor, JsonObject input)
    {
        var check = FormValidator.Validate(survey.Schema(), input, actor.Unit is { } u ? [u.Id] : [], actor.Position);
        if (!check.IsValid)
        {
            throw new SurveyAnswerInvalidException(check.Errors);
        }

        return check.Values.ToJsonString();
    }

    private static SurveyUnit RequireTargetUnit(SurveyActor actor, StaffSurvey survey)
    {
        if (actor.Unit is not { } unit || !survey.IsTarget(unit.Id))
        {
            throw new AccessDeniedException("Only members of a target unit answer a staff survey.");
        }

        return unit;
    }

    private static void RequireDxOffice(SurveyActor actor)
    {
        if (!actor.IsDxOffice)
        {
            throw new AccessDeniedException("Only the DX office runs staff surveys.");
        }
    }

    private async Task NotifyUnitsAsync(StaffSurvey survey, IReadOnlyCollection<int> unitIds, string title, string body, CancellationToken cancellationToken)
    {
        var units = await SurveyUnits.LoadAsync(db, cancellationToken);
        var departments = units.DepartmentsOf(unitIds);
        var recipients = await db.Users.Where(a => a.IsActive && a.DepartmentId != null && departments.Contains(a.DepartmentId.Value))
            .Select(a => a.Id).ToListAsync(cancellationToken);
        await notifications.NotifyAsync(recipients, NotificationKinds.Survey, title, body, $"/surveys/{Id(survey.Id)}", cancellationToken);
    }

    private async Task<StaffSurvey> SurveyAsync(int id, CancellationToken cancellationToken) =>
        await db.StaffSurveys.Include(s => s.Targets).SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new DomainException("survey.not-found", "アンケートが見つかりません。");

    private DateTimeOffset Now() => Clock.Truncate(clock.GetUtcNow());

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("M月d日", CultureInfo.InvariantCulture);
}

public static class StaffSurveyServices
{
    public static IServiceCollection AddStaffSurveys(this IServiceCollection services)
    {
        services.AddScoped<StaffSurveyService>();
        services.AddScoped<StaffSurveyReader>();
        return services;
    }
}
