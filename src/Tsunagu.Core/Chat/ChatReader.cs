using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Chat;

/// <summary>A channel in "my channels": its name as shown (for a conversation, the other people's names) and my unread count.</summary>
public sealed record ChannelSummary(int Id, ChannelKind Kind, string Name, string Topic, int Unread, DateTimeOffset LastActivityAt, bool IsArchived, bool IsMember)
{
    public bool IsConversation => Kind is ChannelKind.Direct or ChannelKind.Group;
}

/// <summary>A channel as its page shows it.</summary>
public sealed record ChannelDetail(
    int Id, ChannelKind Kind, string Name, string Topic, string? DepartmentName, bool IsArchived, bool IsMember, bool IsMuted, bool CanInvite,
    bool CanLeave, bool CanJoin, bool CanArchive, int MemberCount, bool ShowsReadCounts, long LastReadMessageId, IReadOnlyList<ChatPerson> Members)
{
    public bool IsConversation => Kind is ChannelKind.Direct or ChannelKind.Group;
}

public sealed record ChatPerson(int Id, string Login, string Name, string? Department);

public sealed record ChatFileInfo(int Id, string FileName, long Size);

/// <summary>A message as the page renders it; <see cref="ReadCount"/> is null where read counts are not shown.</summary>
public sealed record ChatMessageView(
    long Id, int ChannelId, long? ThreadRootId, int AuthorId, string AuthorName, string Text, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt,
    bool IsDeleted, int ReplyCount, DateTimeOffset? LastReplyAt, int? ReadCount, IReadOnlyList<ChatFileInfo> Files, bool IsMine, bool CanSeeHistory);

/// <summary>A page of messages, oldest first; <see cref="OlderBefore"/> is the id to page back from, null at the start.</summary>
public sealed record MessagePage(IReadOnlyList<ChatMessageView> Messages, long? OlderBefore);

public sealed record MessageHistory(ChatMessageView Message, IReadOnlyList<RevisionView> Revisions);

public sealed record RevisionView(string Action, string PreviousText, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>Reads chat for one viewer: nothing the viewer may not read is returned (null or an empty list instead).</summary>
public sealed class ChatReader(AppDbContext db)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The channels the viewer belongs to (and may still read) with unread counts, newest activity first.</summary>
    public async Task<List<ChannelSummary>> MyChannelsAsync(ChatViewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var me = viewer.AccountId;
        var readable = ChatAccess.Readable(db, viewer);
        var channels = await db.Set<ChatChannel>().AsNoTracking().Where(readable)
            .Where(c => db.Set<ChatMember>().Any(m => m.ChannelId == c.Id && m.AccountId == me))
            .Select(c => new { c.Id, c.Kind, c.Name, c.Topic, c.LastActivityAt, c.IsArchived })
            .ToListAsync(cancellationToken);
        var unread = await UnreadByChannelAsync(me, cancellationToken);
        var names = await ConversationNamesAsync(channels.Where(c => c.Kind is ChannelKind.Direct or ChannelKind.Group).Select(c => c.Id).ToList(), me, cancellationToken);
        return channels
            .Select(c => new ChannelSummary(c.Id, c.Kind, names.GetValueOrDefault(c.Id, c.Name), c.Topic, unread.GetValueOrDefault(c.Id), c.LastActivityAt, c.IsArchived, true))
            .OrderByDescending(c => c.LastActivityAt).ThenBy(c => c.Id).ToList();
    }

    /// <summary>Public channels the viewer has not joined, most recently active first.</summary>
    public async Task<List<ChannelSummary>> PublicToJoinAsync(ChatViewer viewer, int take = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var me = viewer.AccountId;
        return (await db.Set<ChatChannel>().AsNoTracking()
            .Where(c => c.Kind == ChannelKind.Public && !c.IsArchived && !db.Set<ChatMember>().Any(m => m.ChannelId == c.Id && m.AccountId == me))
            .OrderByDescending(c => c.LastActivityAt).Take(take)
            .Select(c => new { c.Id, c.Kind, c.Name, c.Topic, c.LastActivityAt, c.IsArchived })
            .ToListAsync(cancellationToken))
            .Select(c => new ChannelSummary(c.Id, c.Kind, c.Name, c.Topic, 0, c.LastActivityAt, c.IsArchived, false)).ToList();
    }

    /// <summary>Messages after my read position, by others, not deleted, per channel I am a member of.</summary>
    public async Task<Dictionary<int, int>> UnreadByChannelAsync(int accountId, CancellationToken cancellationToken = default)
    {
        var counts = await (from m in db.Set<ChatMember>()
                            where m.AccountId == accountId
                            join msg in db.Set<ChatMessage>() on m.ChannelId equals msg.ChannelId
                            where msg.Id > m.LastReadMessageId && msg.AuthorId != accountId && msg.DeletedAt == null
                            group msg by msg.ChannelId into g
                            select new { ChannelId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.ChannelId, c => c.Count);
    }

    /// <summary>The channel if the viewer may read it, else null.</summary>
    public async Task<ChannelDetail?> ChannelAsync(ChatViewer viewer, int channelId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var channel = await db.Set<ChatChannel>().AsNoTracking().Include(c => c.Department).FirstOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null || !await ChatAccess.CanReadAsync(db, viewer, channel, cancellationToken))
        {
            return null;
        }

        var rows = await db.Set<ChatMember>().AsNoTracking().Where(m => m.ChannelId == channelId)
            .Select(m => new { m.AccountId, m.IsMuted, m.LastReadMessageId, m.Account!.UserName, m.Account.DisplayName, m.Account.Kana, Department = m.Account.Department!.Name, m.Account.IsActive, m.Account.DepartmentId })
            .ToListAsync(cancellationToken);
        if (channel.Kind == ChannelKind.Department)
        {
            // People who moved away keep a row but no longer read the channel.
            var subtree = await ChatAccess.DepartmentSubtreeAsync(db, channel.DepartmentId!.Value, cancellationToken);
            rows = rows.Where(r => r.DepartmentId is { } d && subtree.Contains(d)).ToList();
        }

        var mine = rows.FirstOrDefault(r => r.AccountId == viewer.AccountId);
        var people = rows.Where(r => r.IsActive).OrderBy(r => r.Kana, StringComparer.Ordinal).ThenBy(r => r.AccountId)
            .Select(r => new ChatPerson(r.AccountId, r.UserName ?? "", r.DisplayName, r.Department)).ToList();
        var name = channel.IsConversation
            ? string.Join("、", people.Where(p => p.Id != viewer.AccountId).Select(p => p.Name).DefaultIfEmpty(people.FirstOrDefault()?.Name ?? ""))
            : channel.Name;
        var isMember = mine is not null;
        return new ChannelDetail(
            channel.Id, channel.Kind, name, channel.Topic, channel.Department?.Name, channel.IsArchived, isMember, mine?.IsMuted ?? false,
            CanInvite: isMember && !channel.IsArchived && channel.Kind is ChannelKind.Public or ChannelKind.Private or ChannelKind.Project or ChannelKind.Group,
            CanLeave: isMember && channel.Kind is not (ChannelKind.Direct or ChannelKind.Department),
            CanJoin: !isMember && channel.Kind == ChannelKind.Public && !channel.IsArchived,
            CanArchive: !channel.IsConversation && (channel.CreatedById == viewer.AccountId || viewer.IsAdministrator),
            MemberCount: people.Count,
            ShowsReadCounts: people.Count <= ChatChannel.ReadReceiptLimit,
            LastReadMessageId: mine?.LastReadMessageId ?? 0,
            Members: people);
    }

    /// <summary>Top-level messages, oldest first, the newest <paramref name="limit"/> before <paramref name="before"/> (or the newest).</summary>
    public async Task<MessagePage?> MessagesAsync(ChatViewer viewer, int channelId, long? before, int limit = DefaultPageSize, CancellationToken cancellationToken = default)
    {
        var channel = await ChannelAsync(viewer, channelId, cancellationToken);
        if (channel is null)
        {
            return null;
        }

        limit = Math.Clamp(limit, 1, MaxPageSize);
        var query = db.Set<ChatMessage>().AsNoTracking().Where(m => m.ChannelId == channelId && m.ThreadRootId == null);
        if (before is { } b)
        {
            query = query.Where(m => m.Id < b);
        }

        var rows = await query.OrderByDescending(m => m.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var more = rows.Count > limit;
        rows = rows.Take(limit).OrderBy(m => m.Id).ToList();
        var views = await ViewsAsync(viewer, channel, rows, cancellationToken);
        return new MessagePage(views, more && rows.Count > 0 ? rows[0].Id : null);
    }

    /// <summary>A thread: its first message and every reply, oldest first; null if not found or not readable.</summary>
    public async Task<IReadOnlyList<ChatMessageView>?> ThreadAsync(ChatViewer viewer, int channelId, long rootId, CancellationToken cancellationToken = default)
    {
        var channel = await ChannelAsync(viewer, channelId, cancellationToken);
        if (channel is null)
        {
            return null;
        }

        var rows = await db.Set<ChatMessage>().AsNoTracking()
            .Where(m => m.ChannelId == channelId && (m.Id == rootId || m.ThreadRootId == rootId))
            .OrderBy(m => m.Id).Take(1000).ToListAsync(cancellationToken);
        if (rows.Count == 0 || rows[0].Id != rootId || rows[0].ThreadRootId is not null)
        {
            return null;
        }

        return await ViewsAsync(viewer, channel, rows, cancellationToken);
    }

    /// <summary>One message of a channel the viewer may read, else null.</summary>
    public async Task<ChatMessageView?> MessageAsync(ChatViewer viewer, int channelId, long messageId, CancellationToken cancellationToken = default)
    {
        var channel = await ChannelAsync(viewer, channelId, cancellationToken);
        if (channel is null)
        {
            return null;
        }

        var row = await db.Set<ChatMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.ChannelId == channelId, cancellationToken);
        return row is null ? null : (await ViewsAsync(viewer, channel, [row], cancellationToken))[0];
    }

    /// <summary>A message's earlier texts, for its author and administrators who may read the channel; null otherwise.</summary>
    public async Task<MessageHistory?> HistoryAsync(ChatViewer viewer, int channelId, long messageId, CancellationToken cancellationToken = default)
    {
        var message = await MessageAsync(viewer, channelId, messageId, cancellationToken);
        if (message is null || !message.CanSeeHistory)
        {
            return null;
        }

        var revisions = await db.Set<ChatMessageRevision>().AsNoTracking().Where(r => r.MessageId == messageId).OrderBy(r => r.Id)
            .Select(r => new RevisionView(r.Action, r.PreviousText, r.ChangedBy!.DisplayName, r.ChangedAt)).ToListAsync(cancellationToken);

        // A deleted message's text is shown here (and only here): this is the audit view.
        var text = message.IsDeleted
            ? await db.Set<ChatMessage>().Where(m => m.Id == messageId).Select(m => m.Text).FirstAsync(cancellationToken)
            : message.Text;
        return new MessageHistory(message with { Text = text }, revisions);
    }

    /// <summary>An attachment's owning channel and message, if the viewer may read it.</summary>
    public async Task<bool> CanReadAttachmentAsync(ChatViewer viewer, string ownerKey, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(ownerKey, NumberStyles.None, CultureInfo.InvariantCulture, out var messageId))
        {
            return false;
        }

        var message = await db.Set<ChatMessage>().AsNoTracking().Where(m => m.Id == messageId).Select(m => new { m.ChannelId, m.DeletedAt }).FirstOrDefaultAsync(cancellationToken);
        if (message is null || message.DeletedAt is not null)
        {
            return false;
        }

        var channel = await db.Set<ChatChannel>().AsNoTracking().FirstAsync(c => c.Id == message.ChannelId, cancellationToken);
        return await ChatAccess.CanReadAsync(db, viewer, channel, cancellationToken);
    }

    private async Task<List<ChatMessageView>> ViewsAsync(ChatViewer viewer, ChannelDetail channel, IReadOnlyList<ChatMessage> rows, CancellationToken cancellationToken)
    {
        var authorIds = rows.Select(r => r.AuthorId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(a => authorIds.Contains(a.Id)).Select(a => new { a.Id, a.DisplayName }).ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        var keys = rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var files = (await db.Set<Attachment>().AsNoTracking().Where(a => a.Module == SearchModules.Chat && keys.Contains(a.OwnerKey))
            .OrderBy(a => a.Id).Select(a => new { a.OwnerKey, a.Id, a.FileName, a.Size }).ToListAsync(cancellationToken))
            .ToLookup(a => a.OwnerKey, a => new ChatFileInfo(a.Id, a.FileName, a.Size));
        List<(int AccountId, long Position)> positions = [];
        if (channel.ShowsReadCounts)
        {
            var memberIds = channel.Members.Select(m => m.Id).ToList();
            positions = (await db.Set<ChatMember>().AsNoTracking().Where(m => m.ChannelId == channel.Id && memberIds.Contains(m.AccountId))
                .Select(m => new { m.AccountId, m.LastReadMessageId }).ToListAsync(cancellationToken))
                .Select(p => (p.AccountId, p.LastReadMessageId)).ToList();
        }

        return rows.Select(r => new ChatMessageView(
            r.Id, r.ChannelId, r.ThreadRootId, r.AuthorId, names.GetValueOrDefault(r.AuthorId, ""),
            r.IsDeleted ? "" : r.Text, r.CreatedAt, r.EditedAt, r.IsDeleted, r.ReplyCount, r.LastReplyAt,
            channel.ShowsReadCounts && !r.IsDeleted ? positions.Count(p => p.AccountId != r.AuthorId && p.Position >= r.Id) : null,
            r.IsDeleted ? [] : files[r.Id.ToString(CultureInfo.InvariantCulture)].ToList(),
            r.AuthorId == viewer.AccountId,
            (r.AuthorId == viewer.AccountId || viewer.IsAdministrator) && (r.EditedAt is not null || r.IsDeleted))).ToList();
    }

    private async Task<Dictionary<int, string>> ConversationNamesAsync(List<int> channelIds, int me, CancellationToken cancellationToken)
    {
        if (channelIds.Count == 0)
        {
            return [];
        }

        var members = await db.Set<ChatMember>().AsNoTracking().Where(m => channelIds.Contains(m.ChannelId))
            .Select(m => new { m.ChannelId, m.AccountId, m.Account!.DisplayName }).ToListAsync(cancellationToken);
        return members.GroupBy(m => m.ChannelId).ToDictionary(
            g => g.Key,
            g => string.Join("、", g.Where(m => m.AccountId != me).OrderBy(m => m.AccountId).Select(m => m.DisplayName).DefaultIfEmpty(g.First().DisplayName)));
    }
}
