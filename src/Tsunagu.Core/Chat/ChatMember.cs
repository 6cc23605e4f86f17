using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Chat;

/// <summary>
/// A person in a channel, with the one read position: the id of the newest message they have read. Read receipts and
/// unread counts are computed from these positions; there is no row per message per reader (a known cause of
/// database bloat in other chat products).
/// </summary>
public sealed class ChatMember
{
    private ChatMember()
    {
    }

    public ChatMember(int channelId, int accountId, DateTimeOffset now, long lastReadMessageId = 0)
    {
        ChannelId = channelId;
        AccountId = accountId;
        JoinedAt = now;
        LastReadMessageId = lastReadMessageId;
    }

    public int ChannelId { get; private set; }

    public int AccountId { get; private set; }

    public Account? Account { get; private set; }

    public DateTimeOffset JoinedAt { get; private set; }

    /// <summary>The newest message read (0: none). Only ever moves forward.</summary>
    public long LastReadMessageId { get; private set; }

    /// <summary>No notifications for direct-message style posts (mentions still notify).</summary>
    public bool IsMuted { get; set; }

    public void MarkRead(long upTo)
    {
        if (upTo > LastReadMessageId)
        {
            LastReadMessageId = upTo;
        }
    }
}

internal sealed class ChatMemberConfiguration : IEntityTypeConfiguration<ChatMember>
{
    public void Configure(EntityTypeBuilder<ChatMember> b)
    {
        b.ToTable("ChatMembers");
        b.HasKey(m => new { m.ChannelId, m.AccountId });

        // "My channels" and the unread counts start from the account.
        b.HasIndex(m => new { m.AccountId, m.ChannelId });
        b.HasOne(m => m.Account).WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
