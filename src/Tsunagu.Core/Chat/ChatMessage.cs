using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Chat;

/// <summary>
/// A message: plain text (never HTML; mentions are @login or @部署名), top level or a reply in a thread. Edits and
/// deletions keep the previous text as a <see cref="ChatMessageRevision"/> for audit; a deleted message keeps its row
/// (and text) but shows as deleted.
/// </summary>
public sealed class ChatMessage
{
    public const int MaxTextLength = 4000;

    private ChatMessage()
    {
    }

    public ChatMessage(ChatChannel channel, int authorId, string text, ChatMessage? threadRoot, DateTimeOffset now, bool hasAttachments = false)
    {
        ArgumentNullException.ThrowIfNull(channel);
        channel.EnsureOpen();
        if (threadRoot is not null)
        {
            if (threadRoot.ChannelId != channel.Id)
            {
                throw new DomainException("chat.thread-other-channel", "返信先のメッセージがこのチャンネルにありません。");
            }

            if (threadRoot.ThreadRootId is not null)
            {
                throw new DomainException("chat.thread-nested", "返信に返信することはできません。スレッドの最初のメッセージに返信してください。");
            }

            if (threadRoot.IsDeleted)
            {
                throw new DomainException("chat.thread-deleted", "削除されたメッセージには返信できません。");
            }
        }

        ChannelId = channel.Id;
        AuthorId = authorId;
        Text = Clean(text, hasAttachments);
        ThreadRootId = threadRoot?.Id;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public int ChannelId { get; private set; }

    public int AuthorId { get; private set; }

    public Account? Author { get; private set; }

    public string Text { get; private set; } = "";

    /// <summary>The thread's first message, for a reply; null for a top-level message.</summary>
    public long? ThreadRootId { get; private set; }

    /// <summary>On a thread's first message: how many replies (deleted ones included).</summary>
    public int ReplyCount { get; private set; }

    public DateTimeOffset? LastReplyAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? EditedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public int? DeletedById { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>Changes the text; the previous text is returned as a revision to keep.</summary>
    public ChatMessageRevision Edit(int editorId, string text, DateTimeOffset now, bool hasAttachments = false)
    {
        if (editorId != AuthorId)
        {
            throw new AccessDeniedException("自分のメッセージだけを編集できます。");
        }

        if (IsDeleted)
        {
            throw new DomainException("chat.edit-deleted", "削除されたメッセージは編集できません。");
        }

        var clean = Clean(text, hasAttachments);
        if (clean == Text)
        {
            throw new DomainException("chat.edit-unchanged", "内容が変わっていません。");
        }

        var revision = new ChatMessageRevision(this, ChatMessageRevision.Edited, editorId, now);
        Text = clean;
        EditedAt = now;
        return revision;
    }

    /// <summary>Hides the message; the text stays in the row and in the returned revision, for audit.</summary>
    public ChatMessageRevision Delete(int actorId, DateTimeOffset now)
    {
        if (actorId != AuthorId)
        {
            throw new AccessDeniedException("自分のメッセージだけを削除できます。");
        }

        if (IsDeleted)
        {
            throw new DomainException("chat.already-deleted", "このメッセージはすでに削除されています。");
        }

        DeletedAt = now;
        DeletedById = actorId;
        return new ChatMessageRevision(this, ChatMessageRevision.Deleted, actorId, now);
    }

    internal static string Clean(string? text, bool hasAttachments)
    {
        // Line breaks are kept as \n; other control characters never reach the page.
        var clean = new string((text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            .Where(c => c == '\n' || c == '\t' || !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length == 0 && !hasAttachments)
        {
            throw new DomainException("chat.text-required", "メッセージを入力してください。");
        }

        if (clean.Length > MaxTextLength)
        {
            throw new DomainException("chat.text-too-long", $"メッセージは{MaxTextLength}文字以内にしてください。");
        }

        return clean;
    }
}

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> b)
    {
        b.ToTable("ChatMessages");
        b.Property(m => m.Text).HasMaxLength(ChatMessage.MaxTextLength);

        // Unread counts (messages after a read position) and paging both walk one channel by id.
        b.HasIndex(m => new { m.ChannelId, m.Id });
        b.HasIndex(m => new { m.ThreadRootId, m.Id });
        b.HasOne<ChatChannel>().WithMany().HasForeignKey(m => m.ChannelId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.Author).WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ChatMessage>().WithMany().HasForeignKey(m => m.ThreadRootId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(m => m.DeletedById).OnDelete(DeleteBehavior.Restrict);
    }
}
