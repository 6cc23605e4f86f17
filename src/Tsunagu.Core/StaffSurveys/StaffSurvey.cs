using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;

namespace Tsunagu.Core.StaffSurveys;

/// <summary>下書き → 実施中 (sent to the target units) → 締切.</summary>
public enum SurveyState { Draft, Open, Closed }

/// <summary>
/// A questionnaire the DX office sends to 課-level units (ADR 0013). Its questions are a <see cref="FormSchema"/>, frozen
/// once sent; a unit answers once or, when <see cref="AllowsSeveralAnswers"/>, once per business process.
/// </summary>
public sealed class StaffSurvey
{
    public const int MaxTitleLength = 100;
    public const int MaxInstructionsLength = 2000;

    private StaffSurvey()
    {
    }

    public StaffSurvey(int createdById, DateTimeOffset now)
    {
        CreatedById = createdById;
        CreatedAt = now;
    }

    public int Id { get; private set; }

    public string Title { get; private set; } = "";

    public string Instructions { get; private set; } = "";

    /// <summary><see cref="FormSchema"/> JSON: the questions.</summary>
    public string SchemaJson { get; private set; } = "";

    /// <summary>Answers are accepted until the end of this day (Tokyo).</summary>
    public DateOnly Deadline { get; private set; }

    public bool AllowsSeveralAnswers { get; private set; }

    public SurveyState State { get; private set; } = SurveyState.Draft;

    public int CreatedById { get; private set; }

    public Account? CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public List<StaffSurveyTarget> Targets { get; } = [];

    /// <summary>Sets title, instructions, questions and deadline; refused once the survey is sent.</summary>
    public void Define(string? title, string? instructions, FormSchema schema, DateOnly deadline, bool allowsSeveralAnswers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (State != SurveyState.Draft)
        {
            throw new DomainException("survey.sent", "送付済みのアンケートは、設問・締切を変更できません。");
        }

        var t = (title ?? "").Trim();
        if (t.Length == 0 || t.Length > MaxTitleLength)
        {
            throw new DomainException("survey.title", $"件名は1〜{MaxTitleLength}文字で入力してください。");
        }

        var i = (instructions ?? "").Trim();
        if (i.Length > MaxInstructionsLength)
        {
            throw new DomainException("survey.instructions", $"趣旨・記入方法は{MaxInstructionsLength}文字以内で入力してください。");
        }

        var problems = schema.Problems();
        if (problems.Count > 0)
        {
            throw new DomainException("survey.schema", "設問に誤りがあります: " + string.Join(" ", problems));
        }

        if (deadline < Clock.TokyoDate(now))
        {
            throw new DomainException("survey.deadline", "締切日は今日以降の日付にしてください。");
        }

        Title = t;
        Instructions = i;
        SchemaJson = schema.ToJson();
        Deadline = deadline;
        AllowsSeveralAnswers = allowsSeveralAnswers;
    }

    public FormSchema Schema() => FormSchema.FromJson(SchemaJson);

    public void SetTargets(IReadOnlyCollection<int> unitIds)
    {
        ArgumentNullException.ThrowIfNull(unitIds);
        if (State != SurveyState.Draft)
        {
            throw new DomainException("survey.sent", "送付済みのアンケートは、対象の課を変更できません。");
        }

        if (unitIds.Count == 0)
        {
            throw new DomainException("survey.no-targets", "対象の課を1つ以上選んでください。");
        }

        Targets.RemoveAll(t => !unitIds.Contains(t.DepartmentId));
        foreach (var id in unitIds.Distinct().Where(id => Targets.All(t => t.DepartmentId != id)))
        {
            Targets.Add(new StaffSurveyTarget(id));
        }
    }

    /// <summary>下書き → 実施中.</summary>
    public void Send(DateTimeOffset now)
    {
        if (State != SurveyState.Draft)
        {
            throw new DomainException("survey.already-sent", "このアンケートはすでに送付されています。");
        }

        if (Targets.Count == 0)
        {
            throw new DomainException("survey.no-targets", "対象の課を1つ以上選んでください。");
        }

        if (Deadline < Clock.TokyoDate(now))
        {
            throw new DomainException("survey.deadline", "締切日が過ぎています。締切日を今日以降にしてから送付してください。");
        }

        State = SurveyState.Open;
        SentAt = now;
    }

    /// <summary>実施中 → 締切 (before the deadline, when every unit has answered, or after it).</summary>
    public void Close(DateTimeOffset now)
    {
        if (State != SurveyState.Open)
        {
            throw new DomainException("survey.not-open", State == SurveyState.Draft ? "送付前のアンケートは締め切れません。" : "このアンケートはすでに締め切られています。");
        }

        State = SurveyState.Closed;
        ClosedAt = now;
    }

    /// <summary>締切 as people see it: closed by hand, or past its deadline.</summary>
    public SurveyState StateAt(DateTimeOffset now) =>
        State == SurveyState.Open && Clock.TokyoDate(now) > Deadline ? SurveyState.Closed : State;

    public bool AcceptsAnswers(DateTimeOffset now) => StateAt(now) == SurveyState.Open;

    public void EnsureAcceptsAnswers(DateTimeOffset now)
    {
        switch (StateAt(now))
        {
            case SurveyState.Draft:
                throw new DomainException("survey.draft", "このアンケートはまだ送付されていません。");
            case SurveyState.Closed:
                throw new DomainException("survey.closed", "このアンケートは締め切られました。回答の登録・修正はできません。");
            default:
                break;
        }
    }

    public bool IsTarget(int unitId) => Targets.Any(t => t.DepartmentId == unitId);
}

/// <summary>A 課-level unit asked to answer, and when it was last reminded (督促).</summary>
public sealed class StaffSurveyTarget
{
    private StaffSurveyTarget()
    {
    }

    public StaffSurveyTarget(int departmentId)
    {
        DepartmentId = departmentId;
    }

    public int Id { get; private set; }

    public int StaffSurveyId { get; private set; }

    public int DepartmentId { get; private set; }

    public Department? Department { get; private set; }

    public DateTimeOffset? LastRemindedAt { get; private set; }

    public int ReminderCount { get; private set; }

    public void Reminded(DateTimeOffset now)
    {
        LastRemindedAt = now;
        ReminderCount++;
    }
}

/// <summary>One answer of a unit: form values validated by <see cref="FormValidator"/>.</summary>
public sealed class StaffSurveyAnswer
{
    private StaffSurveyAnswer()
    {
    }

    public StaffSurveyAnswer(int surveyId, int departmentId, int accountId, string valuesJson, DateTimeOffset now)
    {
        StaffSurveyId = surveyId;
        DepartmentId = departmentId;
        CreatedById = accountId;
        UpdatedById = accountId;
        ValuesJson = valuesJson;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public int Id { get; private set; }

    public int StaffSurveyId { get; private set; }

    public StaffSurvey? Survey { get; private set; }

    /// <summary>The 課-level unit the answer speaks for.</summary>
    public int DepartmentId { get; private set; }

    public Department? Department { get; private set; }

    public int CreatedById { get; private set; }

    public Account? CreatedBy { get; private set; }

    public int UpdatedById { get; private set; }

    public Account? UpdatedBy { get; private set; }

    public string ValuesJson { get; private set; } = "{}";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Replace(string valuesJson, int accountId, DateTimeOffset now)
    {
        ValuesJson = valuesJson;
        UpdatedById = accountId;
        UpdatedAt = now;
    }
}

internal sealed class StaffSurveyConfiguration : IEntityTypeConfiguration<StaffSurvey>
{
    public void Configure(EntityTypeBuilder<StaffSurvey> b)
    {
        b.ToTable("StaffSurveys");
        b.Property(s => s.Title).HasMaxLength(StaffSurvey.MaxTitleLength);
        b.Property(s => s.Instructions).HasMaxLength(StaffSurvey.MaxInstructionsLength);
        b.HasOne(s => s.CreatedBy).WithMany().HasForeignKey(s => s.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(s => s.Targets).WithOne().HasForeignKey(t => t.StaffSurveyId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.State, s.Deadline });
    }
}

internal sealed class StaffSurveyTargetConfiguration : IEntityTypeConfiguration<StaffSurveyTarget>
{
    public void Configure(EntityTypeBuilder<StaffSurveyTarget> b)
    {
        b.ToTable("StaffSurveyTargets");
        b.HasOne(t => t.Department).WithMany().HasForeignKey(t => t.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => new { t.StaffSurveyId, t.DepartmentId }).IsUnique();
        b.HasIndex(t => t.DepartmentId);
    }
}

internal sealed class StaffSurveyAnswerConfiguration : IEntityTypeConfiguration<StaffSurveyAnswer>
{
    public void Configure(EntityTypeBuilder<StaffSurveyAnswer> b)
    {
        b.ToTable("StaffSurveyAnswers");
        b.HasOne(a => a.Survey).WithMany().HasForeignKey(a => a.StaffSurveyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(a => a.Department).WithMany().HasForeignKey(a => a.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.CreatedBy).WithMany().HasForeignKey(a => a.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.UpdatedBy).WithMany().HasForeignKey(a => a.UpdatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.StaffSurveyId, a.DepartmentId });
    }
}
