using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Meetings;

/// <summary>
/// A personal note (メモ) on a paper, optionally on one page. Only its author ever reads it: not the secretary, not an
/// administrator, not search (it is never indexed), not another person's API call.
/// </summary>
public sealed class MaterialNote
{
    public const int MaxTextLength = 2000;

    private MaterialNote()
    {
    }

    public MaterialNote(int materialId, int authorId, int? page, string? text, DateTimeOffset now)
    {
        MaterialId = materialId;
        AuthorId = authorId;
        CreatedAt = now;
        Change(page, text, now);
    }

    public int Id { get; private set; }

    public int MaterialId { get; private set; }

    public int AuthorId { get; private set; }

    public Account? Author { get; private set; }

    /// <summary>The page the note is about (1-based); null for the paper as a whole.</summary>
    public int? Page { get; private set; }

    public string Text { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <exception cref="DomainException">note.empty, note.too-long, note.page.</exception>
    public void Change(int? page, string? text, DateTimeOffset now)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            throw new DomainException("note.empty", "メモを入力してください。");
        }

        if (value.Length > MaxTextLength)
        {
            throw new DomainException("note.too-long", $"メモは{MaxTextLength}文字以内で入力してください（{value.Length}文字あります）。");
        }

        if (page is < 1 or > 10_000)
        {
            throw new DomainException("note.page", "ページは1以上の数で指定してください。");
        }

        Page = page;
        Text = value;
        UpdatedAt = now;
    }
}

internal sealed class MaterialNoteConfiguration : IEntityTypeConfiguration<MaterialNote>
{
    public void Configure(EntityTypeBuilder<MaterialNote> b)
    {
        b.Property(n => n.Text).HasMaxLength(MaterialNote.MaxTextLength);
        b.HasOne<MeetingMaterial>().WithMany().HasForeignKey(n => n.MaterialId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(n => n.Author).WithMany().HasForeignKey(n => n.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(n => new { n.MaterialId, n.AuthorId });
        b.HasIndex(n => n.AuthorId);
    }
}
