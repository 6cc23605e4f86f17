using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagu.Core.Strategy;

/// <summary>
/// A row of the roadmap: a measure (戦略推進項目) or one of its sub-measures (施策), ordered within its parent. A measure
/// that is no longer pursued is retired, not deleted: its cells stay as the record of what was planned.
/// </summary>
public sealed class RoadmapMeasure
{
    public const int MaxTitleLength = 100;

    private RoadmapMeasure()
    {
    }

    public RoadmapMeasure(string title, RoadmapMeasure? parent, int sortOrder)
    {
        if (parent?.ParentId is not null)
        {
            throw new DomainException("roadmap.depth", "施策の下にさらに施策を作ることはできません。");
        }

        Title = CheckTitle(title);
        Parent = parent;
        SortOrder = sortOrder;
    }

    public int Id { get; private set; }

    public int? ParentId { get; private set; }

    public RoadmapMeasure? Parent { get; private set; }

    public string Title { get; private set; } = "";

    public int SortOrder { get; set; }

    public DateTimeOffset? RetiredAt { get; private set; }

    public bool IsRetired => RetiredAt is not null;

    public List<RoadmapCell> Cells { get; } = [];

    public void Rename(string title) => Title = CheckTitle(title);

    public void Retire(DateTimeOffset now)
    {
        if (IsRetired)
        {
            throw new DomainException("roadmap.retired", "この施策はすでに終了扱いです。");
        }

        RetiredAt = now;
    }

    public void Restore() => RetiredAt = null;

    private static string CheckTitle(string? title)
    {
        var t = (title ?? "").Trim();
        if (t.Length == 0)
        {
            throw new DomainException("roadmap.title", "施策名を入力してください。");
        }

        if (t.Length > MaxTitleLength)
        {
            throw new DomainException("roadmap.title", $"施策名は{MaxTitleLength}文字以内で入力してください。");
        }

        return t;
    }
}

internal sealed class RoadmapMeasureConfiguration : IEntityTypeConfiguration<RoadmapMeasure>
{
    public void Configure(EntityTypeBuilder<RoadmapMeasure> b)
    {
        b.Property(m => m.Title).HasMaxLength(RoadmapMeasure.MaxTitleLength);
        b.HasOne(m => m.Parent).WithMany().HasForeignKey(m => m.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(m => m.Cells).WithOne().HasForeignKey(c => c.MeasureId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.ParentId, m.SortOrder });
    }
}
