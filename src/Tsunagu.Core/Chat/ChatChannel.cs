using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Organization;

namespace Tsunagu.Core.Chat;

public enum ChannelKind
{
    /// <summary>部署: read and written by the department's members (and those of the units below it).</summary>
    Department = 0,

    /// <summary>プロジェクト: a team across departments; members only.</summary>
    Project = 1,

    /// <summary>公開: every staff member may read, join and post.</summary>
    Public = 2,

    /// <summary>非公開: members only; members invite others.</summary>
    Private = 3,

    /// <summary>ダイレクトメッセージ between two people.</summary>
    Direct = 4,

    /// <summary>A small group conversation (up to <see cref="ChatChannel.MaxGroupMembers"/> people).</summary>
    Group = 5,
}

/// <summary>
/// A conversation: a named channel, a direct message between two people or a small group. Who may read it follows
/// from its kind (<see cref="ChatAccess"/>); members hold the one read position each (<see cref="ChatMember"/>).
/// </summary>
public sealed class ChatChannel
{
    public const int MaxNameLength = 80;
    public const int MaxTopicLength = 250;
    public const int MaxGroupMembers = 8;

    /// <summary>Up to this many members a message shows how many have read it (既読 N).</summary>
    public const int ReadReceiptLimit = 50;

    private ChatChannel()
    {
    }

    public ChatChannel(ChannelKind kind, string name, string? topic, int createdById, DateTimeOffset now, int? departmentId = null)
    {
        Kind = kind;
        if (kind == ChannelKind.Department && departmentId is null)
        {
            throw new DomainException("chat.department-required", "部署チャンネルには部署を指定してください。");
        }

        DepartmentId = kind == ChannelKind.Department ? departmentId : null;
        CreatedById = createdById;
        CreatedAt = now;
        LastActivityAt = now;
        if (IsConversation)
        {
            Name = "";
            Topic = "";
        }
        else
        {
            Rename(name, topic);
        }
    }

    public int Id { get; private set; }

    public ChannelKind Kind { get; private set; }

    /// <summary>The channel's name without '#' ("" for direct messages and groups, named after their members).</summary>
    public string Name { get; private set; } = "";

    public string Topic { get; private set; } = "";

    public int? DepartmentId { get; private set; }

    public Department? Department { get; private set; }

    /// <summary>For a direct message: "smallerId:largerId", unique, so two people have one conversation.</summary>
    public string? DirectKey { get; private set; }

    public bool IsArchived { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int CreatedById { get; private set; }

    /// <summary>When the last message was posted (the channel list's order).</summary>
    public DateTimeOffset LastActivityAt { get; private set; }

    public List<ChatMember> Members { get; } = [];

    /// <summary>A direct message or a small group: members only, no name, everyone is told of every message.</summary>
    public bool IsConversation => Kind is ChannelKind.Direct or ChannelKind.Group;

    /// <summary>Read only by its member rows (not by a rule over the organisation).</summary>
    public bool IsMembersOnly => Kind is ChannelKind.Private or ChannelKind.Project or ChannelKind.Direct or ChannelKind.Group;

    public static string DirectKeyOf(int a, int b) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Min(a, b)}:{Math.Max(a, b)}");

    public void SetDirectPair(int a, int b)
    {
        if (Kind != ChannelKind.Direct)
        {
            throw new InvalidOperationException("Only a direct message has a pair.");
        }

        DirectKey = DirectKeyOf(a, b);
    }

    public void Rename(string name, string? topic)
    {
        if (IsConversation)
        {
            throw new DomainException("chat.conversation-name", "ダイレクトメッセージには名前を付けられません。");
        }

        var clean = (name ?? "").Trim().TrimStart('#', '＃').Trim();
        if (clean.Length == 0)
        {
            throw new DomainException("chat.name-required", "チャンネル名を入力してください。");
        }

        if (clean.Length > MaxNameLength)
        {
            throw new DomainException("chat.name-too-long", $"チャンネル名は{MaxNameLength}文字以内にしてください。");
        }

        if (clean.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new DomainException("chat.name-spaces", "チャンネル名に空白は使えません(区切りには - や _ を使ってください)。");
        }

        var cleanTopic = (topic ?? "").Trim();
        if (cleanTopic.Length > MaxTopicLength)
        {
            throw new DomainException("chat.topic-too-long", $"トピックは{MaxTopicLength}文字以内にしてください。");
        }

        Name = clean;
        Topic = cleanTopic;
    }

    public void Archive()
    {
        if (IsConversation)
        {
            throw new DomainException("chat.archive-conversation", "ダイレクトメッセージはアーカイブできません。");
        }

        if (IsArchived)
        {
            throw new DomainException("chat.already-archived", "このチャンネルはすでにアーカイブされています。");
        }

        IsArchived = true;
    }

    public void Unarchive()
    {
        if (!IsArchived)
        {
            throw new DomainException("chat.not-archived", "このチャンネルはアーカイブされていません。");
        }

        IsArchived = false;
    }

    /// <summary>Refuses a post to an archived channel.</summary>
    public void EnsureOpen()
    {
        if (IsArchived)
        {
            throw new DomainException("chat.archived", "アーカイブされたチャンネルには投稿できません。");
        }
    }

    public void Touch(DateTimeOffset now)
    {
        if (now > LastActivityAt)
        {
            LastActivityAt = now;
        }
    }
}

internal sealed class ChatChannelConfiguration : IEntityTypeConfiguration<ChatChannel>
{
    public void Configure(EntityTypeBuilder<ChatChannel> b)
    {
        b.ToTable("ChatChannels");
        b.Property(c => c.Name).HasMaxLength(ChatChannel.MaxNameLength);
        b.Property(c => c.Topic).HasMaxLength(ChatChannel.MaxTopicLength);
        b.Property(c => c.DirectKey).HasMaxLength(40);
        b.HasIndex(c => c.DirectKey).IsUnique();
        b.HasIndex(c => new { c.Kind, c.Name });
        b.HasIndex(c => c.DepartmentId);
        b.HasOne(c => c.Department).WithMany().HasForeignKey(c => c.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Identity.Account>().WithMany().HasForeignKey(c => c.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
