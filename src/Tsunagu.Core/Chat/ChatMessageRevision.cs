using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Chat;

/// <summary>The text a message had before an edit or a deletion, who changed it and when: the audit history.</summary>
public sealed class ChatMessageRevision
{
    public const string Edited = "edited";
    public const string Deleted = "deleted";

    private ChatMessageRevision()
    {
    }

    internal ChatMessageRevision(ChatMessage message, string action, int changedById, DateTimeOffset now)
    {
        MessageId = message.Id;
        PreviousText = message.Text;
        Action = action;
        ChangedById = changedById;
        ChangedAt = now;
    }

    public long Id { get; private set; }

    public long MessageId { get; private set; }

    /// <summary>The text before this change.</summary>
    public string PreviousText { get; private set; } = "";

    /// <summary><see cref="Edited"/> or <see cref="Deleted"/>.</summary>
    public string Action { get; private set; } = Edited;

    public int ChangedById { get; private set; }

    public Account? ChangedBy { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }
}

internal sealed class ChatMessageRevisionConfiguration : IEntityTypeConfiguration<ChatMessageRevision>
{
    public void Configure(EntityTypeBuilder<ChatMessageRevision> b)
    {
        b.ToTable("ChatMessageRevisions");
        b.Property(r => r.PreviousText).HasMaxLength(ChatMessage.MaxTextLength);
        b.Property(r => r.Action).HasMaxLength(20);
        b.HasIndex(r => new { r.MessageId, r.Id });
        b.HasOne<ChatMessage>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.ChangedBy).WithMany().HasForeignKey(r => r.ChangedById).OnDelete(DeleteBehavior.Restrict);
    }
}
