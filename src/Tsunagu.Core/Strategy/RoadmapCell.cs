using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagu.Core.Strategy;

/// <summary>Where a cell of the roadmap stands. The numbers are stored. The seed's 見直し is an activity (a planned review), not a status.</summary>
public enum RoadmapStatus
{
    NotStarted = 0,
    InProgress = 1,
    Done = 2,
    Delayed = 3,
    Cancelled = 4,
}

/// <summary>One measure in one half-year: the planned activity (the seed's cell text), its status and who carries it.</summary>
public sealed class RoadmapCell
{
    public const int MaxActivityLength = 200;
    public const int MaxOwnerLength = 100;
    public const int MaxNoteLength = 500;

    private RoadmapCell()
    {
    }

    public RoadmapCell(int measureId, RoadmapPeriod period)
    {
        MeasureId = measureId;
        FiscalYear = period.FiscalYear;
        Half = period.Half;
    }

    public int Id { get; private set; }

    public int MeasureId { get; private set; }

    public int FiscalYear { get; private set; }

    /// <summary>1 = 上期, 2 = 下期.</summary>
    public int Half { get; private set; }

    public RoadmapPeriod Period => new(FiscalYear, Half);

    public string Activity { get; private set; } = "";

    public RoadmapStatus Status { get; private set; }

    public string Owner { get; private set; } = "";

    public string Note { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; } = "";

    /// <summary>
    /// Refuses 実施中 or 完了 for a half-year that has not begun (nothing can be under way before its period), and a
    /// status on an empty cell other than 未着手 and 中止.
    /// </summary>
    public void Update(string? activity, RoadmapStatus status, string? owner, string? note, DateOnly today, string updatedBy, DateTimeOffset now)
    {
        var a = (activity ?? "").Trim();
        var o = (owner ?? "").Trim();
        var n = (note ?? "").Trim();
        if (!Enum.IsDefined(status))
        {
            throw new DomainException("roadmap.status", "状況を選んでください。");
        }

        if (a.Length > MaxActivityLength)
        {
            throw new DomainException("roadmap.activity", $"計画内容は{MaxActivityLength}文字以内で入力してください。");
        }

        if (o.Length > MaxOwnerLength)
        {
            throw new DomainException("roadmap.owner", $"担当は{MaxOwnerLength}文字以内で入力してください。");
        }

        if (n.Length > MaxNoteLength)
        {
            throw new DomainException("roadmap.note", $"備考は{MaxNoteLength}文字以内で入力してください。");
        }

        if (status is RoadmapStatus.InProgress or RoadmapStatus.Done && Period.Starts > today)
        {
            throw new DomainException("roadmap.not-begun", $"{Period.ShortLabel}はまだ始まっていないため、「実施中」や「完了」にはできません。");
        }

        if (a.Length == 0 && status is not (RoadmapStatus.NotStarted or RoadmapStatus.Cancelled))
        {
            throw new DomainException("roadmap.activity", "計画内容を入力してください。");
        }

        Activity = a;
        Status = status;
        Owner = o;
        Note = n;
        UpdatedAt = now;
        UpdatedBy = updatedBy;
    }
}

internal sealed class RoadmapCellConfiguration : IEntityTypeConfiguration<RoadmapCell>
{
    public void Configure(EntityTypeBuilder<RoadmapCell> b)
    {
        b.Property(c => c.Activity).HasMaxLength(RoadmapCell.MaxActivityLength);
        b.Property(c => c.Owner).HasMaxLength(RoadmapCell.MaxOwnerLength);
        b.Property(c => c.Note).HasMaxLength(RoadmapCell.MaxNoteLength);
        b.Property(c => c.UpdatedBy).HasMaxLength(100);
        b.Ignore(c => c.Period);
        b.HasIndex(c => new { c.MeasureId, c.FiscalYear, c.Half }).IsUnique();
    }
}
