using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Meetings;

/// <summary>
/// A meeting body (会議体): a standing meeting with a purpose, a chair, a secretariat (事務局), members and a cadence.
/// Its sessions are <see cref="Meeting"/>s created from the cadence; its members are their attendees.
/// </summary>
public sealed class MeetingBody
{
    public const int MaxNameLength = 100;
    public const int MaxPurposeLength = 1000;
    public const int MaxPlaceLength = 200;
    public const int MaxUrlLength = 500;
    public const int MaxMembers = 300;

    private MeetingBody()
    {
    }

    public MeetingBody(DateTimeOffset createdAt)
    {
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Purpose { get; private set; } = "";

    public int? ChairId { get; private set; }

    public Account? Chair { get; private set; }

    public int? SecretaryId { get; private set; }

    public Account? Secretary { get; private set; }

    public CadenceKind Cadence { get; private set; }

    public DayOfWeek Weekday { get; private set; } = DayOfWeek.Monday;

    /// <summary>1–5, or -1 for 最終; null when monthly sessions follow <see cref="DayOfMonth"/>.</summary>
    public int? WeekOfMonth { get; private set; }

    /// <summary>1–31 (a day the month lacks means its last), 0 for 月末.</summary>
    public int DayOfMonth { get; private set; } = 1;

    /// <summary>Where the cadence counts from: the first possible session, the week of 隔週, the month of 四半期.</summary>
    public DateOnly AnchorDate { get; private set; }

    public TimeOnly StartTime { get; private set; } = new(10, 0);

    public int DurationMinutes { get; private set; } = 60;

    public string Place { get; private set; } = "";

    public string? WebMeetingUrl { get; private set; }

    public bool IsActive { get; private set; } = true;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public List<MeetingBodyMember> Members { get; private set; } = [];

    public CadenceRule Rule => new(Cadence, AnchorDate, Weekday, WeekOfMonth, DayOfMonth);

    /// <summary>Sets everything but the members; refuses what cannot be stored or used.</summary>
    public void Define(MeetingBodyInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = (input.Name ?? "").Trim();
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            throw new DomainException("meeting.body-name", $"会議体の名称は1〜{MaxNameLength}文字で入力してください。");
        }

        var purpose = (input.Purpose ?? "").Trim();
        if (purpose.Length > MaxPurposeLength)
        {
            throw new DomainException("meeting.body-purpose", $"目的は{MaxPurposeLength}文字以内で入力してください。");
        }

        var place = (input.Place ?? "").Trim();
        if (place.Length > MaxPlaceLength)
        {
            throw new DomainException("meeting.place", $"場所は{MaxPlaceLength}文字以内で入力してください。");
        }

        if (input.DurationMinutes is < 5 or > 600)
        {
            throw new DomainException("meeting.duration", "所要時間は5〜600分で入力してください。");
        }

        var rule = new CadenceRule(input.Cadence, input.AnchorDate, input.Weekday, input.WeekOfMonth, input.DayOfMonth);
        if (rule.Problem() is { } problem)
        {
            throw new DomainException("meeting.invalid-cadence", problem);
        }

        if (input.AnchorDate < Schedules.ScheduleEvent.FirstDay || input.AnchorDate > Schedules.ScheduleEvent.LastDay.AddYears(-1))
        {
            throw new DomainException("meeting.anchor", Schedules.ScheduleEvent.OutOfRangeMessage);
        }

        Name = name;
        Purpose = purpose;
        Place = place;
        WebMeetingUrl = MeetingUrl.Clean(input.WebMeetingUrl);
        Cadence = input.Cadence;
        Weekday = input.Weekday;
        WeekOfMonth = input.Cadence is CadenceKind.Monthly or CadenceKind.Quarterly ? input.WeekOfMonth : null;
        DayOfMonth = input.DayOfMonth;
        AnchorDate = input.AnchorDate;
        StartTime = new TimeOnly(input.StartTime.Hour, input.StartTime.Minute);
        DurationMinutes = input.DurationMinutes;
        ChairId = input.ChairId;
        SecretaryId = input.SecretaryId;
        UpdatedAt = now;
    }

    /// <summary>Makes the members exactly these people; returns who joined and who left.</summary>
    public (IReadOnlyList<int> Joined, IReadOnlyList<int> Left) SetMembers(IReadOnlyCollection<MemberInput> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var wanted = members.GroupBy(m => m.AccountId).Select(g => g.First()).ToList();
        if (wanted.Count > MaxMembers)
        {
            throw new DomainException("meeting.too-many-members", $"構成員は{MaxMembers}人までです。");
        }

        if (wanted.Any(m => (m.Role ?? "").Trim().Length > MeetingBodyMember.MaxRoleLength))
        {
            throw new DomainException("meeting.member-role", $"構成員の役職名は{MeetingBodyMember.MaxRoleLength}文字以内で入力してください。");
        }

        var left = Members.Where(m => wanted.All(w => w.AccountId != m.AccountId)).ToList();
        foreach (var m in left)
        {
            Members.Remove(m);
        }

        var joined = new List<int>();
        foreach (var w in wanted)
        {
            var existing = Members.FirstOrDefault(m => m.AccountId == w.AccountId);
            if (existing is null)
            {
                Members.Add(new MeetingBodyMember { AccountId = w.AccountId, Role = (w.Role ?? "").Trim() });
                joined.Add(w.AccountId);
            }
            else
            {
                existing.Role = (w.Role ?? "").Trim();
            }
        }

        return (joined, left.Select(m => m.AccountId).ToList());
    }

    /// <summary>The people a session of this body is for: members, chair and secretary.</summary>
    public IReadOnlyList<int> AttendeeIds() =>
        Members.Select(m => m.AccountId)
            .Concat(ChairId is { } c ? [c] : [])
            .Concat(SecretaryId is { } s ? [s] : [])
            .Distinct().ToList();
}

/// <summary>A member of a meeting body, with the role they hold in it (本部長, 副本部長, 委員 …).</summary>
public sealed class MeetingBodyMember
{
    public const int MaxRoleLength = 30;

    public int BodyId { get; set; }

    public int AccountId { get; set; }

    public Account? Account { get; set; }

    public string Role { get; set; } = "";
}

public sealed record MemberInput(int AccountId, string? Role = null);

/// <summary>What a person fills in for a meeting body.</summary>
public sealed record MeetingBodyInput
{
    public string? Name { get; init; }

    public string? Purpose { get; init; }

    public int? ChairId { get; init; }

    public int? SecretaryId { get; init; }

    public CadenceKind Cadence { get; init; }

    public DayOfWeek Weekday { get; init; } = DayOfWeek.Monday;

    public int? WeekOfMonth { get; init; }

    public int DayOfMonth { get; init; } = 1;

    public DateOnly AnchorDate { get; init; }

    public TimeOnly StartTime { get; init; } = new(10, 0);

    public int DurationMinutes { get; init; } = 60;

    public string? Place { get; init; }

    public string? WebMeetingUrl { get; init; }

    public IReadOnlyList<MemberInput> Members { get; init; } = [];
}

/// <summary>The web-meeting link: only http and https, so a link can never run script or open a local file.</summary>
public static class MeetingUrl
{
    public static string? Clean(string? url)
    {
        var text = (url ?? "").Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > MeetingBody.MaxUrlLength
            || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new DomainException("meeting.url", $"Web会議のURLは http:// または https:// で始まる{MeetingBody.MaxUrlLength}文字以内のアドレスを入力してください。");
        }

        return text;
    }
}

internal sealed class MeetingBodyConfiguration : IEntityTypeConfiguration<MeetingBody>
{
    public void Configure(EntityTypeBuilder<MeetingBody> b)
    {
        b.Property(m => m.Name).HasMaxLength(MeetingBody.MaxNameLength);
        b.Property(m => m.Purpose).HasMaxLength(MeetingBody.MaxPurposeLength);
        b.Property(m => m.Place).HasMaxLength(MeetingBody.MaxPlaceLength);
        b.Property(m => m.WebMeetingUrl).HasMaxLength(MeetingBody.MaxUrlLength);
        b.HasOne(m => m.Chair).WithMany().HasForeignKey(m => m.ChairId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(m => m.Secretary).WithMany().HasForeignKey(m => m.SecretaryId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(m => m.Members).WithOne().HasForeignKey(m => m.BodyId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(m => m.Rule);
        b.HasIndex(m => m.Name);
    }
}

internal sealed class MeetingBodyMemberConfiguration : IEntityTypeConfiguration<MeetingBodyMember>
{
    public void Configure(EntityTypeBuilder<MeetingBodyMember> b)
    {
        b.HasKey(m => new { m.BodyId, m.AccountId });
        b.Property(m => m.Role).HasMaxLength(MeetingBodyMember.MaxRoleLength);
        b.HasOne(m => m.Account).WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => m.AccountId);
    }
}
