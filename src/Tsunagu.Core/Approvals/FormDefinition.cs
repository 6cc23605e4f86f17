using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Approvals;

/// <summary>
/// 文書の保存期間. The value is the number of years; 0 is 永年 (kept for ever). The period starts on 1 April of the
/// fiscal year after the one in which the document was completed (the usual 文書管理規程 rule).
/// </summary>
public enum RetentionClass
{
    Permanent = 0,
    OneYear = 1,
    ThreeYears = 3,
    FiveYears = 5,
    TenYears = 10,
    ThirtyYears = 30,
}

public static class Retention
{
    public static IReadOnlyList<RetentionClass> All { get; } =
        [RetentionClass.OneYear, RetentionClass.ThreeYears, RetentionClass.FiveYears, RetentionClass.TenYears, RetentionClass.ThirtyYears, RetentionClass.Permanent];

    public static string Label(RetentionClass retention) => retention == RetentionClass.Permanent ? "永年" : $"{(int)retention}年";

    /// <summary>
    /// The last day the document must be kept: completed on 2026-11-27 (fiscal 2026) with 5 years, the period runs
    /// from 2027-04-01 and ends on 2032-03-31. Null for 永年.
    /// </summary>
    public static DateOnly? DisposalDate(RetentionClass retention, DateOnly completedOn)
    {
        if (retention == RetentionClass.Permanent)
        {
            return null;
        }

        var fiscalYear = completedOn.Month >= 4 ? completedOn.Year : completedOn.Year - 1;
        return new DateOnly(fiscalYear + 1 + (int)retention, 3, 31);
    }

    public static bool IsValid(int years) => Enum.IsDefined((RetentionClass)years);
}

/// <summary>
/// A kind of paper slip made electronic (起案書, 休暇届 …). Its fields and route live in versions: editing creates a
/// new version, and a request keeps the version it was filed on.
/// </summary>
public sealed class FormDefinition
{
    public const int MaxNameLength = 60;

    public const int MaxCodeLength = 40;

    public int Id { get; set; }

    /// <summary>Stable identifier used by exports and the API (e.g. <c>purchase</c>).</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>庶務, 人事, 財務 …: groups the list of forms.</summary>
    public string Category { get; set; } = "";

    public string Description { get; set; } = "";

    public RetentionClass Retention { get; set; } = RetentionClass.FiveYears;

    public bool IsActive { get; set; } = true;

    /// <summary>The version new requests are filed on.</summary>
    public int CurrentVersion { get; set; }

    public int SortOrder { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<FormVersion> Versions { get; } = [];
}

/// <summary>One immutable version of a form: its field schema and route, both as JSON.</summary>
public sealed class FormVersion
{
    public int Id { get; set; }

    public int FormDefinitionId { get; set; }

    public FormDefinition? Definition { get; set; }

    public int Number { get; set; }

    /// <summary><see cref="Forms.FormSchema"/> JSON.</summary>
    public string SchemaJson { get; set; } = "";

    /// <summary><see cref="RouteDefinition"/> JSON.</summary>
    public string RouteJson { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public int? CreatedById { get; set; }

    public Account? CreatedBy { get; set; }
}

internal sealed class FormDefinitionConfiguration : IEntityTypeConfiguration<FormDefinition>
{
    public void Configure(EntityTypeBuilder<FormDefinition> b)
    {
        b.Property(f => f.Code).HasMaxLength(FormDefinition.MaxCodeLength);
        b.Property(f => f.Name).HasMaxLength(FormDefinition.MaxNameLength);
        b.Property(f => f.Category).HasMaxLength(40);
        b.Property(f => f.Description).HasMaxLength(1000);
        b.HasIndex(f => f.Code).IsUnique();
        b.HasMany(f => f.Versions).WithOne(v => v.Definition).HasForeignKey(v => v.FormDefinitionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FormVersionConfiguration : IEntityTypeConfiguration<FormVersion>
{
    public void Configure(EntityTypeBuilder<FormVersion> b)
    {
        b.HasIndex(v => new { v.FormDefinitionId, v.Number }).IsUnique();
        b.HasOne(v => v.CreatedBy).WithMany().HasForeignKey(v => v.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
