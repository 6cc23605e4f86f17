using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Attachments;

/// <summary>
/// A file attached to a record of some module (a meeting's handouts today). The bytes live in the database, so every
/// app instance serves them, a backup holds them, and the file and its record are written in one transaction. The
/// text found in it (<see cref="AttachmentText"/>) is searchable under the owning record's permissions.
/// </summary>
public sealed class Attachment
{
    public const int MaxFileNameLength = 200;

    /// <summary>Largest file accepted (10 MB).</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    public int Id { get; set; }

    /// <summary>The owning module (<see cref="Search.SearchModules"/> names, e.g. "schedule").</summary>
    public string Module { get; set; } = "";

    /// <summary>The owning record's id within the module.</summary>
    public string OwnerKey { get; set; } = "";

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "application/octet-stream";

    public long Size { get; set; }

    /// <summary>SHA-256 of the content, lower-case hex: shows the file served is the file stored.</summary>
    public string Sha256 { get; set; } = "";

    public byte[] Content { get; set; } = [];

    /// <summary>Text extracted for search ("" when the type has none or extraction failed).</summary>
    public string Text { get; set; } = "";

    /// <summary>Why no text could be extracted, in Japanese; null when it could (or the type has none).</summary>
    public string? TextProblem { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int CreatedById { get; set; }

    public Account? CreatedBy { get; set; }
}

/// <summary>An attachment without its bytes: what lists show.</summary>
public sealed record AttachmentInfo(int Id, string FileName, string ContentType, long Size, DateTimeOffset CreatedAt, int CreatedById, string CreatedByName, bool HasText, string? TextProblem);

/// <summary>An attachment's bytes, to send.</summary>
public sealed record AttachmentFile(string FileName, string ContentType, byte[] Content, string Sha256);

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.Property(a => a.Module).HasMaxLength(40);
        b.Property(a => a.OwnerKey).HasMaxLength(100);
        b.Property(a => a.FileName).HasMaxLength(Attachment.MaxFileNameLength);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.TextProblem).HasMaxLength(200);
        b.HasIndex(a => new { a.Module, a.OwnerKey });
        b.HasOne(a => a.CreatedBy).WithMany().HasForeignKey(a => a.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
