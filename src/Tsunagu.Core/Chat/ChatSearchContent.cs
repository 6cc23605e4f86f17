using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Chat;

/// <summary>
/// Chat messages in the search index, one entry per message (attached files' names and text included), found by
/// the channel's readers: every staff member for a public channel, the department (and the units below it) for a
/// department channel, and each member by account for the members-only kinds. Those rules change with membership,
/// so adding or removing a member re-indexes the channel (<see cref="ReindexChannelAsync"/>). Deleted messages leave
/// the index.
/// </summary>
public sealed class ChatSearchContent : ISearchSource
{
    private const int Batch = 500;

    public IReadOnlyCollection<string> Modules { get; } = [SearchModules.Chat];

    public static string Key(long messageId) => messageId.ToString(CultureInfo.InvariantCulture);

    public static string Url(int channelId, long messageId, long? threadRootId) => threadRootId is { } root
        ? string.Create(CultureInfo.InvariantCulture, $"/chat/{channelId}/thread/{root}#m-{messageId}")
        : string.Create(CultureInfo.InvariantCulture, $"/chat/{channelId}#m-{messageId}");

    /// <summary>Indexes (or, when deleted, removes) one message; the caller saves in its transaction.</summary>
    public static async Task IndexAsync(AppDbContext db, ChatChannel channel, ChatMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(message);
        if (message.IsDeleted)
        {
            await SearchIndex.RemoveAsync(db, SearchModules.Chat, Key(message.Id), cancellationToken);
            return;
        }

        var context = await ChannelContext.LoadAsync(db, channel, cancellationToken);
        var author = await db.Users.AsNoTracking().Where(a => a.Id == message.AuthorId).Select(a => a.DisplayName).FirstAsync(cancellationToken);
        var key = Key(message.Id);
        var files = await db.Set<Attachment>().AsNoTracking().Where(a => a.Module == SearchModules.Chat && a.OwnerKey == key)
            .Select(a => new FileText(a.FileName, a.Text)).ToListAsync(cancellationToken);
        await SearchIndex.IndexAsync(db, Item(context, message.Id, message.ThreadRootId, author, message.Text, message.CreatedAt, files), cancellationToken);
    }

    /// <summary>Re-indexes every message of the channel with its current readers (after a membership change).</summary>
    public static async Task ReindexChannelAsync(AppDbContext db, ChatChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(channel);
        await foreach (var item in ReadChannelAsync(db, channel, cancellationToken))
        {
            await SearchIndex.IndexAsync(db, item, cancellationToken);
        }
    }

    public async Task<int> CountAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Set<ChatMessage>().CountAsync(m => m.DeletedAt == null, cancellationToken);

    public async IAsyncEnumerable<SearchItem> ReadAllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channels = await db.Set<ChatChannel>().AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        foreach (var channel in channels)
        {
            await foreach (var item in ReadChannelAsync(db, channel, cancellationToken))
            {
                yield return item;
            }
        }
    }

    private static async IAsyncEnumerable<SearchItem> ReadChannelAsync(AppDbContext db, ChatChannel channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var context = await ChannelContext.LoadAsync(db, channel, cancellationToken);
        long lastId = 0;
        while (true)
        {
            var batch = await db.Set<ChatMessage>().AsNoTracking()
                .Where(m => m.ChannelId == channel.Id && m.Id > lastId && m.DeletedAt == null)
                .OrderBy(m => m.Id).Take(Batch)
                .Select(m => new { m.Id, m.ThreadRootId, m.Text, m.CreatedAt, Author = m.Author!.DisplayName })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            var keys = batch.Select(m => Key(m.Id)).ToList();
            var files = (await db.Set<Attachment>().AsNoTracking()
                .Where(a => a.Module == SearchModules.Chat && keys.Contains(a.OwnerKey))
                .Select(a => new { a.OwnerKey, a.FileName, a.Text }).ToListAsync(cancellationToken))
                .ToLookup(a => a.OwnerKey, a => new FileText(a.FileName, a.Text));
            foreach (var m in batch)
            {
                yield return Item(context, m.Id, m.ThreadRootId, m.Author, m.Text, m.CreatedAt, files[Key(m.Id)].ToList());
            }

            lastId = batch[^1].Id;
        }
    }

    private sealed record FileText(string FileName, string Text);

    private sealed record ChannelContext(int ChannelId, string Title, int? DepartmentId, IReadOnlyList<SearchAccess> Access)
    {
        public static async Task<ChannelContext> LoadAsync(AppDbContext db, ChatChannel channel, CancellationToken cancellationToken)
        {
            IReadOnlyList<SearchAccess> access;
            string title;
            switch (channel.Kind)
            {
                case ChannelKind.Public:
                    access = [SearchAccess.Role(Roles.Staff), SearchAccess.Role(Roles.SystemAdministrator)];
                    title = "#" + channel.Name;
                    break;
                case ChannelKind.Department:
                    access = [SearchAccess.Department(channel.DepartmentId!.Value)];
                    title = "#" + channel.Name;
                    break;
                default:
                    var members = await db.Set<ChatMember>().AsNoTracking().Where(m => m.ChannelId == channel.Id)
                        .OrderBy(m => m.AccountId).Select(m => new { m.AccountId, m.Account!.DisplayName }).ToListAsync(cancellationToken);
                    access = members.Select(m => SearchAccess.Account(m.AccountId)).ToList();
                    title = channel.IsConversation
                        ? "ダイレクトメッセージ: " + string.Join("、", members.Select(m => m.DisplayName))
                        : "#" + channel.Name;
                    break;
            }

            return new ChannelContext(channel.Id, title, channel.DepartmentId, access);
        }
    }

    private static SearchItem Item(ChannelContext channel, long id, long? threadRootId, string author, string text, DateTimeOffset createdAt, IReadOnlyCollection<FileText> files)
    {
        var body = new StringBuilder();
        body.Append(author).Append('\n').Append(text);
        foreach (var file in files)
        {
            body.Append('\n').Append(file.FileName).Append('\n').Append(file.Text);
        }

        return new SearchItem(SearchModules.Chat, Key(id), $"{channel.Title}({author})", body.ToString(), Url(channel.ChannelId, id, threadRootId), createdAt, channel.DepartmentId, channel.Access);
    }
}
