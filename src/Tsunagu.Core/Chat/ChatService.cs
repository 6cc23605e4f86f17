using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Search;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Chat;

/// <summary>A new channel: its kind, name, topic, the first members (the creator joins too) and, for a department channel, the department.</summary>
public sealed record ChannelDraft(ChannelKind Kind, string Name, string? Topic = null)
{
    public IReadOnlyCollection<int> MemberIds { get; init; } = [];

    public int? DepartmentId { get; init; }
}

/// <summary>A file to attach to a message.</summary>
public sealed record ChatFile(string FileName, string? ContentType, Stream Content);

/// <summary>A message to post: its text, the thread it replies to (null: top level) and attached files.</summary>
public sealed record MessageDraft(string? Text, long? ThreadRootId = null)
{
    public IReadOnlyList<ChatFile> Files { get; init; } = [];
}

/// <summary>
/// Chat's changes: channels, membership, messages (post, edit, delete), read positions. Each change is one transaction
/// with its search entries, notifications and audit entry; live clients are told after the commit (<see cref="IChatFanout"/>).
/// </summary>
public sealed partial class ChatService(
    AppDbContext db,
    NotificationService notifications,
    AuditLog audit,
    UsageRecorder usage,
    IChatFanout fanout,
    TimeProvider clock,
    ILogger<ChatService> logger)
{
    public const string UsageFeature = "chat";

    /// <summary>Most people one @部署名 mention notifies: a mention of a whole 部 must not flood hundreds of inboxes.</summary>
    public const int MaxDepartmentMentionRecipients = 50;

    public const int MaxFilesPerMessage = 5;

    private const int MaxChannelMembers = 5000;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat live delivery failed for message {MessageId}")]
    private static partial void LogFanoutFailed(ILogger logger, long messageId, Exception exception);

    private DateTimeOffset Now() => Clock.Truncate(clock.GetUtcNow());

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    // ---- channels ----

    /// <summary>
    /// Creates a channel with its members (the creator included, except for a department channel, whose members are
    /// the department's). Department channels are created by administrators; names are unique among open channels.
    /// </summary>
    public async Task<ChatChannel> CreateChannelAsync(ChatViewer creator, ChannelDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(creator);
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Kind is ChannelKind.Direct or ChannelKind.Group)
        {
            throw new DomainException("chat.kind-conversation", "ダイレクトメッセージは相手を選んで始めてください。");
        }

        if (draft.Kind == ChannelKind.Department && !creator.IsAdministrator)
        {
            throw new AccessDeniedException("部署チャンネルは管理者が作成します。");
        }

        var now = Now();
        var channel = new ChatChannel(draft.Kind, draft.Name, draft.Topic, creator.AccountId, now, draft.DepartmentId);
        if (await db.Set<ChatChannel>().AnyAsync(c => c.Name == channel.Name && !c.IsArchived && c.Kind != ChannelKind.Direct && c.Kind != ChannelKind.Group, cancellationToken))
        {
            throw new DomainException("chat.name-taken", $"「#{channel.Name}」という名前のチャンネルがすでにあります。別の名前にしてください。");
        }

        List<int> memberIds;
        if (draft.Kind == ChannelKind.Department)
        {
            if (!await db.Departments.AnyAsync(d => d.Id == draft.DepartmentId && d.IsActive, cancellationToken))
            {
                throw new DomainException("chat.department-not-found", "部署が見つかりません。");
            }

            var subtree = await ChatAccess.DepartmentSubtreeAsync(db, draft.DepartmentId!.Value, cancellationToken);
            memberIds = await db.Users.Where(a => a.IsActive && a.DepartmentId != null && subtree.Contains(a.DepartmentId.Value)).Select(a => a.Id).ToListAsync(cancellationToken);
        }
        else
        {
            memberIds = await ActiveAccountsAsync(draft.MemberIds.Append(creator.AccountId), cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var id in memberIds)
        {
            db.Add(new ChatMember(channel.Id, id, now));
        }

        audit.Record(await ActorAsync(creator, cancellationToken), "chat.channel.created", $"chat-channel:{channel.Id}", $"{channel.Kind} #{channel.Name} {memberIds.Count} members");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        usage.Record(creator.AccountId, UsageFeature, "create-channel");
        return channel;
    }

    /// <summary>
    /// Opens the conversation with the given people: with one other person their direct message (created once per
    /// pair), with more a new group of up to <see cref="ChatChannel.MaxGroupMembers"/> people.
    /// </summary>
    public async Task<ChatChannel> OpenConversationAsync(ChatViewer me, IReadOnlyCollection<int> otherIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(otherIds);
        var others = otherIds.Where(id => id != me.AccountId).Distinct().ToList();
        if (others.Count == 0)
        {
            throw new DomainException("chat.conversation-empty", "相手を1人以上選んでください。");
        }

        if (others.Count + 1 > ChatChannel.MaxGroupMembers)
        {
            throw new DomainException("chat.group-too-large", $"グループは{ChatChannel.MaxGroupMembers}人までです。それより多い場合はチャンネルを作成してください。");
        }

        var found = await ActiveAccountsAsync(others, cancellationToken);
        if (found.Count != others.Count)
        {
            throw new DomainException("chat.member-not-found", "選んだ職員が見つからないか、無効になっています。");
        }

        var now = Now();
        if (others.Count == 1)
        {
            var key = ChatChannel.DirectKeyOf(me.AccountId, others[0]);
            var existing = await db.Set<ChatChannel>().FirstOrDefaultAsync(c => c.DirectKey == key, cancellationToken);
            if (existing is not null)
            {
                return existing;
            }
        }

        var channel = new ChatChannel(others.Count == 1 ? ChannelKind.Direct : ChannelKind.Group, "", null, me.AccountId, now);
        if (others.Count == 1)
        {
            channel.SetDirectPair(me.AccountId, others[0]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(channel);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (channel.DirectKey is { } key)
        {
            // The other person opened the same conversation at the same moment: theirs is the one.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return await db.Set<ChatChannel>().FirstAsync(c => c.DirectKey == key, cancellationToken);
        }

        foreach (var id in others.Append(me.AccountId))
        {
            db.Add(new ChatMember(channel.Id, id, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        usage.Record(me.AccountId, UsageFeature, channel.Kind == ChannelKind.Direct ? "open-direct" : "open-group");
        return channel;
    }

    /// <summary>Joins a public channel (a department channel's members join by being in the department).</summary>
    public async Task JoinAsync(ChatViewer me, int channelId, CancellationToken cancellationToken = default)
    {
        var channel = await ReadableChannelAsync(me, channelId, cancellationToken);
        if (channel.Kind is not (ChannelKind.Public or ChannelKind.Department))
        {
            throw new DomainException("chat.join-invite-only", "このチャンネルにはメンバーから招待してもらってください。");
        }

        if (await EnsureMemberAsync(channel, me.AccountId, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            usage.Record(me.AccountId, UsageFeature, "join");
        }
    }

    /// <summary>Leaves a channel or a group (not a direct message, not one's own department's channel).</summary>
    public async Task LeaveAsync(ChatViewer me, int channelId, CancellationToken cancellationToken = default)
    {
        var channel = await ReadableChannelAsync(me, channelId, cancellationToken);
        if (channel.Kind is ChannelKind.Direct or ChannelKind.Department)
        {
            throw new DomainException("chat.cannot-leave", channel.Kind == ChannelKind.Direct ? "ダイレクトメッセージから退出することはできません。" : "部署チャンネルからは退出できません。");
        }

        var member = await db.Set<ChatMember>().FirstOrDefaultAsync(m => m.ChannelId == channelId && m.AccountId == me.AccountId, cancellationToken)
            ?? throw new DomainException("chat.not-member", "このチャンネルのメンバーではありません。");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
        if (channel.IsMembersOnly)
        {
            await ChatSearchContent.ReindexChannelAsync(db, channel, cancellationToken);
        }

        audit.Record(await ActorAsync(me, cancellationToken), "chat.member.left", $"chat-channel:{channel.Id}", "");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A member adds people to a public, private or project channel, or to a group (up to its size).</summary>
    public async Task<int> AddMembersAsync(ChatViewer me, int channelId, IReadOnlyCollection<int> accountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var channel = await ReadableChannelAsync(me, channelId, cancellationToken);
        if (channel.Kind is ChannelKind.Direct or ChannelKind.Department)
        {
            throw new DomainException("chat.cannot-invite", channel.Kind == ChannelKind.Direct
                ? "ダイレクトメッセージには招待できません。グループを作成してください。"
                : "部署チャンネルのメンバーは部署の所属で決まります。");
        }

        if (!await db.Set<ChatMember>().AnyAsync(m => m.ChannelId == channelId && m.AccountId == me.AccountId, cancellationToken))
        {
            throw new AccessDeniedException("メンバーだけが招待できます。");
        }

        channel.EnsureOpen();
        var existing = await db.Set<ChatMember>().Where(m => m.ChannelId == channelId).Select(m => m.AccountId).ToListAsync(cancellationToken);
        var adding = (await ActiveAccountsAsync(accountIds, cancellationToken)).Except(existing).ToList();
        if (adding.Count == 0)
        {
            return 0;
        }

        if (channel.Kind == ChannelKind.Group && existing.Count + adding.Count > ChatChannel.MaxGroupMembers)
        {
            throw new DomainException("chat.group-too-large", $"グループは{ChatChannel.MaxGroupMembers}人までです。それより多い場合はチャンネルを作成してください。");
        }

        if (existing.Count + adding.Count > MaxChannelMembers)
        {
            throw new DomainException("chat.channel-too-large", $"1つのチャンネルのメンバーは{MaxChannelMembers}人までです。");
        }

        var now = Now();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var id in adding)
        {
            db.Add(new ChatMember(channel.Id, id, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        if (channel.IsMembersOnly)
        {
            await ChatSearchContent.ReindexChannelAsync(db, channel, cancellationToken);
        }

        audit.Record(await ActorAsync(me, cancellationToken), "chat.member.added", $"chat-channel:{channel.Id}", string.Join(',', adding));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        usage.Record(me.AccountId, UsageFeature, "invite");
        return adding.Count;
    }

    /// <summary>The creator or an administrator archives a channel: it stays readable, nobody posts.</summary>
    public async Task ArchiveAsync(ChatViewer me, int channelId, bool archived, CancellationToken cancellationToken = default)
    {
        var channel = await ReadableChannelAsync(me, channelId, cancellationToken);
        if (channel.CreatedById != me.AccountId && !me.IsAdministrator)
        {
            throw new AccessDeniedException("チャンネルを作成した職員か管理者だけがアーカイブできます。");
        }

        if (archived)
        {
            channel.Archive();
        }
        else
        {
            channel.Unarchive();
        }

        audit.Record(await ActorAsync(me, cancellationToken), archived ? "chat.channel.archived" : "chat.channel.unarchived", $"chat-channel:{channel.Id}", channel.Name);
        await db.SaveChangesAsync(cancellationToken);
    }

    // ---- messages ----

    /// <summary>
    /// Posts a message (a reply when <see cref="MessageDraft.ThreadRootId"/> is set) with its files. Mentions notify
    /// people who may read the channel (nobody else learns of the message); in a direct message or a group everyone
    /// else is notified. The author's read position moves to the new message. Live clients are told after the commit.
    /// </summary>
    public async Task<ChatMessage> PostAsync(ChatViewer author, int channelId, MessageDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(draft);
        var channel = await ReadableChannelAsync(author, channelId, cancellationToken);
        channel.EnsureOpen();
        if (draft.Files.Count > MaxFilesPerMessage)
        {
            throw new DomainException("chat.too-many-files", $"添付できるファイルは1回に{MaxFilesPerMessage}個までです。");
        }

        var authorName = await db.Users.Where(a => a.Id == author.AccountId && a.IsActive).Select(a => a.DisplayName).FirstOrDefaultAsync(cancellationToken)
            ?? throw new AccessDeniedException("無効な職員は投稿できません。");
        ChatMessage? root = null;
        if (draft.ThreadRootId is { } rootId)
        {
            root = await db.Set<ChatMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == rootId && m.ChannelId == channelId, cancellationToken)
                ?? throw new DomainException("chat.thread-not-found", "返信先のメッセージが見つかりません。");
        }

        var now = Now();
        var message = new ChatMessage(channel, author.AccountId, draft.Text ?? "", root, now, hasAttachments: draft.Files.Count > 0);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await EnsureMemberAsync(channel, author.AccountId, cancellationToken);
        db.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var file in draft.Files)
        {
            db.Add(await AttachmentUpload.ReadAsync(SearchModules.Chat, Id(message.Id), file.FileName, file.ContentType, file.Content, author.AccountId, now, cancellationToken));
        }

        if (root is not null)
        {
            await db.Set<ChatMessage>().Where(m => m.Id == root.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReplyCount, m => m.ReplyCount + 1).SetProperty(m => m.LastReplyAt, now), cancellationToken);
        }

        await db.Set<ChatChannel>().Where(c => c.Id == channel.Id && c.LastActivityAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastActivityAt, now), cancellationToken);
        await db.Set<ChatMember>().Where(m => m.ChannelId == channel.Id && m.AccountId == author.AccountId && m.LastReadMessageId < message.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastReadMessageId, message.Id), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await NotifyAsync(channel, message, authorName, cancellationToken);
        await ChatSearchContent.IndexAsync(db, channel, message, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        usage.Record(author.AccountId, UsageFeature, root is null ? "post" : "reply");
        await PushAsync(channel, new ChatPush(ChatPush.Posted, channel.Id, message.Id, message.ThreadRootId, author.AccountId, authorName, message.Text, now), cancellationToken);
        return message;
    }

    /// <summary>The author changes the text; the previous text is kept as a revision.</summary>
    public async Task<ChatMessage> EditAsync(ChatViewer me, long messageId, string? text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var (channel, message) = await ReadableMessageAsync(me, messageId, cancellationToken);
        channel.EnsureOpen();
        var key = Id(message.Id);
        var hasFiles = await db.Set<Attachment>().AnyAsync(a => a.Module == SearchModules.Chat && a.OwnerKey == key, cancellationToken);
        var now = Now();
        var revision = message.Edit(me.AccountId, text ?? "", now, hasFiles);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(revision);
        audit.Record(await ActorAsync(me, cancellationToken), "chat.message.edited", $"chat-message:{message.Id}", $"chat-channel:{channel.Id}");
        await ChatSearchContent.IndexAsync(db, channel, message, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        usage.Record(me.AccountId, UsageFeature, "edit");
        var name = await NameAsync(me.AccountId, cancellationToken);
        await PushAsync(channel, new ChatPush(ChatPush.Edited, channel.Id, message.Id, message.ThreadRootId, message.AuthorId, name, message.Text, now), cancellationToken);
        return message;
    }

    /// <summary>The author deletes a message: hidden on the page and from search, its text kept for audit.</summary>
    public async Task<ChatMessage> DeleteAsync(ChatViewer me, long messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var (channel, message) = await ReadableMessageAsync(me, messageId, cancellationToken);
        var now = Now();
        var revision = message.Delete(me.AccountId, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(revision);
        audit.Record(await ActorAsync(me, cancellationToken), "chat.message.deleted", $"chat-message:{message.Id}", $"chat-channel:{channel.Id}");
        await ChatSearchContent.IndexAsync(db, channel, message, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        usage.Record(me.AccountId, UsageFeature, "delete");
        var name = await NameAsync(me.AccountId, cancellationToken);
        await PushAsync(channel, new ChatPush(ChatPush.Deleted, channel.Id, message.Id, message.ThreadRootId, message.AuthorId, name, "", now), cancellationToken);
        return message;
    }

    /// <summary>
    /// Moves the reader's position forward to <paramref name="upTo"/> (never back, never past the channel's newest
    /// message). A department member is given a member row on first read. Returns the position now held.
    /// </summary>
    public async Task<long> MarkReadAsync(ChatViewer me, int channelId, long upTo, CancellationToken cancellationToken = default)
    {
        var channel = await ReadableChannelAsync(me, channelId, cancellationToken);
        var newest = await db.Set<ChatMessage>().Where(m => m.ChannelId == channelId).MaxAsync(m => (long?)m.Id, cancellationToken) ?? 0;
        var target = Math.Min(upTo, newest);
        if (channel.Kind == ChannelKind.Department && await EnsureMemberAsync(channel, me.AccountId, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        if (target > 0)
        {
            await db.Set<ChatMember>().Where(m => m.ChannelId == channelId && m.AccountId == me.AccountId && m.LastReadMessageId < target)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastReadMessageId, target), cancellationToken);
        }

        return await db.Set<ChatMember>().Where(m => m.ChannelId == channelId && m.AccountId == me.AccountId)
            .Select(m => (long?)m.LastReadMessageId).FirstOrDefaultAsync(cancellationToken) ?? 0;
    }

    /// <summary>Mutes or unmutes notifications of every message in a channel (mentions still notify).</summary>
    public async Task SetMutedAsync(ChatViewer me, int channelId, bool muted, CancellationToken cancellationToken = default)
    {
        var channel = await ReadableChannelAsync(me, channelId, cancellationToken);
        await EnsureMemberAsync(channel, me.AccountId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Set<ChatMember>().Where(m => m.ChannelId == channelId && m.AccountId == me.AccountId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsMuted, muted), cancellationToken);
    }

    /// <summary>
    /// Gives a department member their row in their department's channels (people join a department after the
    /// channel was made); read from the newest message, so a newcomer is not greeted with the whole history as unread.
    /// </summary>
    public async Task EnsureDepartmentMembershipsAsync(ChatViewer me, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var departments = me.DepartmentIds.ToList();
        if (departments.Count == 0)
        {
            return;
        }

        var missing = await db.Set<ChatChannel>()
            .Where(c => c.Kind == ChannelKind.Department && c.DepartmentId != null && departments.Contains(c.DepartmentId.Value)
                && !db.Set<ChatMember>().Any(m => m.ChannelId == c.Id && m.AccountId == me.AccountId))
            .ToListAsync(cancellationToken);
        foreach (var channel in missing)
        {
            await EnsureMemberAsync(channel, me.AccountId, cancellationToken);
        }

        if (missing.Count > 0)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another request of the same person added the rows first.
                db.ChangeTracker.Clear();
            }
        }
    }

    // ---- helpers ----

    /// <summary>The channel, if the viewer may read it; refuses otherwise (the endpoints answer 404 before this).</summary>
    private async Task<ChatChannel> ReadableChannelAsync(ChatViewer viewer, int channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var channel = await db.Set<ChatChannel>().FirstOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null || !await ChatAccess.CanReadAsync(db, viewer, channel, cancellationToken))
        {
            throw new AccessDeniedException("このチャンネルを見る権限がありません。");
        }

        return channel;
    }

    private async Task<(ChatChannel Channel, ChatMessage Message)> ReadableMessageAsync(ChatViewer viewer, long messageId, CancellationToken cancellationToken)
    {
        var message = await db.Set<ChatMessage>().FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken)
            ?? throw new AccessDeniedException("このメッセージを見る権限がありません。");
        var channel = await ReadableChannelAsync(viewer, message.ChannelId, cancellationToken);
        return (channel, message);
    }

    /// <summary>Adds a member row for a reader of a public or department channel who has none; true if added.</summary>
    private async Task<bool> EnsureMemberAsync(ChatChannel channel, int accountId, CancellationToken cancellationToken)
    {
        if (channel.IsMembersOnly
            || db.ChangeTracker.Entries<ChatMember>().Any(e => e.Entity.ChannelId == channel.Id && e.Entity.AccountId == accountId)
            || await db.Set<ChatMember>().AnyAsync(m => m.ChannelId == channel.Id && m.AccountId == accountId, cancellationToken))
        {
            return false;
        }

        var newest = await db.Set<ChatMessage>().Where(m => m.ChannelId == channel.Id).MaxAsync(m => (long?)m.Id, cancellationToken) ?? 0;
        db.Add(new ChatMember(channel.Id, accountId, Now(), newest));
        return true;
    }

    private async Task<List<int>> ActiveAccountsAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return await db.Users.Where(a => a.IsActive && list.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
    }

    private async Task<string> NameAsync(int accountId, CancellationToken cancellationToken) =>
        await db.Users.Where(a => a.Id == accountId).Select(a => a.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "";

    private async Task<Actor> ActorAsync(ChatViewer viewer, CancellationToken cancellationToken)
    {
        var login = await db.Users.Where(a => a.Id == viewer.AccountId).Select(a => a.UserName).FirstOrDefaultAsync(cancellationToken);
        return new Actor(viewer.AccountId, login ?? "", null);
    }

    private async Task NotifyAsync(ChatChannel channel, ChatMessage message, string authorName, CancellationToken cancellationToken)
    {
        var mentioned = await MentionedAsync(channel, message, cancellationToken);
        mentioned.Remove(message.AuthorId);
        var url = ChatSearchContent.Url(channel.Id, message.Id, message.ThreadRootId);
        var preview = MessageText.Preview(message.Text);
        var place = channel.IsConversation ? "" : $" #{channel.Name}";
        if (mentioned.Count > 0)
        {
            await notifications.NotifyAsync(mentioned, NotificationKinds.Chat, $"{authorName} さんからのメンション{place}", preview, url, cancellationToken);
        }

        if (channel.IsConversation)
        {
            var others = await db.Set<ChatMember>().Where(m => m.ChannelId == channel.Id && m.AccountId != message.AuthorId && !m.IsMuted)
                .Select(m => m.AccountId).ToListAsync(cancellationToken);
            others = others.Except(mentioned).ToList();
            if (others.Count > 0)
            {
                var title = channel.Kind == ChannelKind.Direct ? $"{authorName} さんからのメッセージ" : $"{authorName} さんからのメッセージ(グループ)";
                await notifications.NotifyAsync(others, NotificationKinds.Chat, title, preview, url, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The readers named by the message's mentions: @login is one person, @部署名 the department's people (its units
    /// below included) who are members of the channel, at most <see cref="MaxDepartmentMentionRecipients"/>. Someone
    /// who may not read the channel is never told (a mention must not leak a private message).
    /// </summary>
    private async Task<HashSet<int>> MentionedAsync(ChatChannel channel, ChatMessage message, CancellationToken cancellationToken)
    {
        var names = MessageText.Mentions(message.Text);
        var result = new HashSet<int>();
        if (names.Count == 0)
        {
            return result;
        }

        var logins = names.Select(n => n.ToLowerInvariant()).ToList();
        var people = await db.Users.Where(a => a.IsActive && logins.Contains(a.UserName!)).Select(a => a.Id).ToListAsync(cancellationToken);
        result.UnionWith(await ChatAccess.ReadersAmongAsync(db, channel, people, cancellationToken));

        var departments = await db.Departments.Where(d => d.IsActive && names.Contains(d.Name)).Select(d => d.Id).ToListAsync(cancellationToken);
        foreach (var departmentId in departments)
        {
            var subtree = await ChatAccess.DepartmentSubtreeAsync(db, departmentId, cancellationToken);
            var inChannel = await db.Set<ChatMember>()
                .Where(m => m.ChannelId == channel.Id && m.Account!.IsActive && m.Account.DepartmentId != null && subtree.Contains(m.Account.DepartmentId.Value))
                .OrderBy(m => m.AccountId).Select(m => m.AccountId).Take(MaxDepartmentMentionRecipients).ToListAsync(cancellationToken);
            result.UnionWith(await ChatAccess.ReadersAmongAsync(db, channel, inChannel, cancellationToken));
        }

        return result;
    }

    private async Task PushAsync(ChatChannel channel, ChatPush push, CancellationToken cancellationToken)
    {
        try
        {
            var members = await db.Set<ChatMember>().AsNoTracking().Where(m => m.ChannelId == channel.Id).Select(m => m.AccountId).ToListAsync(cancellationToken);
            var readers = channel.Kind == ChannelKind.Department ? await ChatAccess.ReadersAmongAsync(db, channel, members, cancellationToken) : members;
            await fanout.PushAsync(readers, push, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The message is saved; live clients catch up on their next load.
            LogFanoutFailed(logger, push.MessageId, ex);
        }
    }
}
