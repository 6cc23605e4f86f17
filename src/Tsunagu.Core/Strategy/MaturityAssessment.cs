using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Organization;

namespace Tsunagu.Core.Strategy;

/// <summary>What an assessor records for one axis.</summary>
public sealed record MaturityScoreInput(MaturityAxis Axis, int Level, string? Evidence);

/// <summary>
/// One assessment of the デジタル化レベル: city-wide (no department) or for one department, on a date, with a level 1–5
/// and an evidence note for each of the rubric's four axes. Assessments are never edited: a new one is recorded, so
/// the history shows what was known when.
/// </summary>
public sealed class MaturityAssessment
{
    public const int MaxEvidenceLength = 1000;
    public const int MaxAssessorLength = 100;

    private MaturityAssessment()
    {
    }

    public int Id { get; private set; }

    /// <summary>Null: the whole city.</summary>
    public int? DepartmentId { get; private set; }

    public Department? Department { get; private set; }

    public DateOnly AssessedOn { get; private set; }

    public int? AssessorId { get; private set; }

    public string AssessorName { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }

    public List<MaturityScore> Scores { get; } = [];

    public int LevelOf(MaturityAxis axis) => Scores.FirstOrDefault(s => s.Axis == axis)?.Level ?? 0;

    public string EvidenceOf(MaturityAxis axis) => Scores.FirstOrDefault(s => s.Axis == axis)?.Evidence ?? "";

    /// <summary>Refuses a date in the future (Tokyo's today), a missing or repeated axis, a level outside 1–5 and an over-long note.</summary>
    public static MaturityAssessment Record(int? departmentId, DateOnly assessedOn, DateOnly today, int? assessorId, string assessorName, IReadOnlyList<MaturityScoreInput> scores, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (assessedOn == default)
        {
            throw new DomainException("maturity.date", "評価日を入力してください。");
        }

        if (assessedOn > today)
        {
            throw new DomainException("maturity.future", "評価日に未来の日付は指定できません。");
        }

        if (assessedOn.Year < 2000)
        {
            throw new DomainException("maturity.date", "評価日を正しく入力してください。");
        }

        foreach (var axis in MaturityRubric.Axes)
        {
            var given = scores.Where(s => s.Axis == axis.Axis).ToList();
            if (given.Count != 1)
            {
                throw new DomainException("maturity.axis", $"「{axis.Name}」のレベルを1つ選んでください。");
            }

            if (given[0].Level is < MaturityRubric.MinLevel or > MaturityRubric.MaxLevel)
            {
                throw new DomainException("maturity.level", $"「{axis.Name}」のレベルは1から5の間で選んでください。");
            }

            if ((given[0].Evidence ?? "").Trim().Length > MaxEvidenceLength)
            {
                throw new DomainException("maturity.evidence", $"「{axis.Name}」の根拠は{MaxEvidenceLength}文字以内で入力してください。");
            }
        }

        if (scores.Count != MaturityRubric.Axes.Count)
        {
            throw new DomainException("maturity.axis", "評価の観点が正しくありません。");
        }

        var assessment = new MaturityAssessment
        {
            DepartmentId = departmentId,
            AssessedOn = assessedOn,
            AssessorId = assessorId,
            AssessorName = (assessorName ?? "").Trim() is { Length: > 0 } n ? n[..Math.Min(n.Length, MaxAssessorLength)] : "—",
            RecordedAt = now,
        };
        foreach (var s in scores.OrderBy(s => s.Axis))
        {
            assessment.Scores.Add(new MaturityScore(s.Axis, s.Level, (s.Evidence ?? "").Trim()));
        }

        return assessment;
    }
}

/// <summary>The level of one axis in one assessment, and why.</summary>
public sealed class MaturityScore
{
    private MaturityScore()
    {
    }

    internal MaturityScore(MaturityAxis axis, int level, string evidence)
    {
        Axis = axis;
        Level = level;
        Evidence = evidence;
    }

    public int AssessmentId { get; private set; }

    public MaturityAxis Axis { get; private set; }

    public int Level { get; private set; }

    public string Evidence { get; private set; } = "";
}

/// <summary>The level the city aims at for one axis, and by when (seed: level 4 on every axis by the end of FY2022).</summary>
public sealed class MaturityTarget
{
    private MaturityTarget()
    {
    }

    public MaturityTarget(MaturityAxis axis, int level, DateOnly dueOn)
    {
        if (level is < MaturityRubric.MinLevel or > MaturityRubric.MaxLevel)
        {
            throw new DomainException("maturity.level", "目標レベルは1から5の間で指定してください。");
        }

        Axis = axis;
        Level = level;
        DueOn = dueOn;
    }

    public int Id { get; private set; }

    public MaturityAxis Axis { get; private set; }

    public int Level { get; private set; }

    public DateOnly DueOn { get; private set; }
}

internal sealed class MaturityAssessmentConfiguration : IEntityTypeConfiguration<MaturityAssessment>
{
    public void Configure(EntityTypeBuilder<MaturityAssessment> b)
    {
        b.Property(a => a.AssessorName).HasMaxLength(MaturityAssessment.MaxAssessorLength);
        b.HasOne(a => a.Department).WithMany().HasForeignKey(a => a.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Scores).WithOne().HasForeignKey(s => s.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.DepartmentId, a.AssessedOn });
    }
}

internal sealed class MaturityScoreConfiguration : IEntityTypeConfiguration<MaturityScore>
{
    public void Configure(EntityTypeBuilder<MaturityScore> b)
    {
        b.ToTable("MaturityScores");
        b.HasKey(s => new { s.AssessmentId, s.Axis });
        b.Property(s => s.Evidence).HasMaxLength(MaturityAssessment.MaxEvidenceLength);
    }
}

internal sealed class MaturityTargetConfiguration : IEntityTypeConfiguration<MaturityTarget>
{
    public void Configure(EntityTypeBuilder<MaturityTarget> b) => b.HasIndex(t => new { t.Axis, t.DueOn });
}
