using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagu.Core.Search;

/// <summary>
/// One searchable record of some module, derived from the module's own tables and written in the same transaction
/// (DESIGN principle 1). The full-text side (SQLite FTS5 table, PostgreSQL tsvector column) is kept by
/// <see cref="SearchSchema"/> from <see cref="TitleTokens"/> and <see cref="BodyTokens"/>.
/// </summary>
public sealed class SearchEntry
{
    public const int MaxBodyLength = 20_000;

    public int Id { get; private set; }

    /// <summary>"staff", "department", … (<see cref="SearchModules"/>).</summary>
    public string Module { get; set; } = "";

    /// <summary>The owning record's id within the module; unique with <see cref="Module"/>.</summary>
    public string Key { get; set; } = "";

    public string Title { get; set; } = "";

    /// <summary>Plain text (and attributes) as shown in snippets, at most <see cref="MaxBodyLength"/> characters.</summary>
    public string Body { get; set; } = "";

    public string Url { get; set; } = "";

    /// <summary>When the thing happened or was written; null for timeless entries (the directory), which have no period.</summary>
    public DateTimeOffset? OccurredAt { get; set; }

    public int? DepartmentId { get; set; }

    /// <summary>Normalised title, a line break, normalised body: the exactness check runs on it in SQL.</summary>
    public string SearchText { get; set; } = "";

    public string TitleTokens { get; set; } = "";

    public string BodyTokens { get; set; } = "";

    public List<SearchEntryAccess> Access { get; } = [];
}

/// <summary>Who may find an entry: anyone signed in, a role, members of a department (or its sub-units), one account.</summary>
public sealed class SearchEntryAccess
{
    public int EntryId { get; set; }

    /// <summary><see cref="SearchAccess.AllKind"/>, <see cref="SearchAccess.RoleKind"/>, <see cref="SearchAccess.DepartmentKind"/>, <see cref="SearchAccess.AccountKind"/>.</summary>
    public string Kind { get; set; } = "";

    public string Value { get; set; } = "";
}

internal sealed class SearchEntryConfiguration : IEntityTypeConfiguration<SearchEntry>
{
    public void Configure(EntityTypeBuilder<SearchEntry> b)
    {
        b.Property(e => e.Module).HasMaxLength(40);
        b.Property(e => e.Key).HasMaxLength(100);
        b.Property(e => e.Title).HasMaxLength(400);
        b.Property(e => e.Url).HasMaxLength(400);
        b.HasIndex(e => new { e.Module, e.Key }).IsUnique();
        b.HasIndex(e => e.OccurredAt);
        b.HasMany(e => e.Access).WithOne().HasForeignKey(a => a.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SearchEntryAccessConfiguration : IEntityTypeConfiguration<SearchEntryAccess>
{
    public void Configure(EntityTypeBuilder<SearchEntryAccess> b)
    {
        b.HasKey(a => new { a.EntryId, a.Kind, a.Value });
        b.Property(a => a.Kind).HasMaxLength(20);
        b.Property(a => a.Value).HasMaxLength(100);
    }
}
