using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Meetings;

/// <summary>
/// One session (回) of a meeting: when and where, its agenda, its papers and who attends. A session of a meeting body
/// (会議体) is created from the body's cadence; an ad-hoc meeting has no body. The session is also an event in the
/// attendees' schedules (<see cref="EventId"/>).
/// </summary>
public sealed class Meeting
{
    public const int MaxTitleLength = 200;

    private Meeting()
    {
    }

    public Meeting(string title, DateTimeOffset startsAt, DateTimeOffset endsAt, int? bodyId, int? chairId, int? secretaryId, DateTimeOffset createdAt)
    {
        Title = title;
        StartsAt = startsAt;
        EndsAt = endsAt;
        BodyId = bodyId;
        ChairId = chairId;
        SecretaryId = secretaryId;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }

    /// <summary>The meeting body (会議体) this is a session of; null for an ad-hoc meeting.</summary>
    public int? BodyId { get; private set; }

    public string Title { get; private set; } = "";

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public string Place { get; set; } = "";

    /// <summary>The city's conferencing system link (Web会議), if any.</summary>
    public string? WebMeetingUrl { get; set; }

    /// <summary>議長: approves the minutes.</summary>
    public int? ChairId { get; private set; }

    public Account? Chair { get; private set; }

    /// <summary>書記 / 事務局: prepares the agenda and writes the minutes.</summary>
    public int? SecretaryId { get; private set; }

    public Account? Secretary { get; private set; }

    /// <summary>The event in the attendees' schedules.</summary>
    public int? EventId { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public List<MeetingAgendaItem> AgendaItems { get; private set; } = [];

    public List<MeetingAttendee> Attendees { get; private set; } = [];

    public List<MeetingMaterial> Materials { get; private set; } = [];

    public MeetingBody? Body { get; private set; }

    public MeetingState State { get; private set; }

    /// <summary>For a session of a body: the day the cadence named (the session may be held on the next working day).</summary>
    public DateOnly? ScheduledOn { get; private set; }

    /// <summary>Why the session is held on another day than <see cref="ScheduledOn"/> (祝日名, 土曜日, 年末年始); null if it is not.</summary>
    public string? MovedReason { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public bool IsCancelled => State == MeetingState.Cancelled;

    public const int MaxAgendaItems = 50;

    public const int MaxMaterials = 50;

    /// <summary>A session created from a body's cadence.</summary>
    public static Meeting FromCadence(MeetingBody body, CadenceOccurrence occurrence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(occurrence);
        var day = occurrence.HeldOn ?? throw new ArgumentException("A dropped occurrence has no session.", nameof(occurrence));
        var starts = Clock.FromTokyo(day.ToDateTime(body.StartTime));
        return new Meeting(body.Name, starts, starts.AddMinutes(body.DurationMinutes), body.Id, body.ChairId, body.SecretaryId, now)
        {
            Place = body.Place,
            WebMeetingUrl = body.WebMeetingUrl,
            ScheduledOn = occurrence.ScheduledOn,
            MovedReason = occurrence.IsMoved ? occurrence.ClosureReason : null,
        };
    }

    /// <summary>Checks and sets what the secretary edits: title, time, place and the web-meeting link.</summary>
    public void Describe(string? title, DateTimeOffset startsAt, DateTimeOffset endsAt, string? place, string? webMeetingUrl)
    {
        EnsureOpen();
        var t = (title ?? "").Trim();
        if (t.Length == 0 || t.Length > MaxTitleLength)
        {
            throw new DomainException("meeting.title", $"会議名は1〜{MaxTitleLength}文字で入力してください。");
        }

        if (endsAt <= startsAt)
        {
            throw new DomainException("meeting.end-before-start", "終了は開始より後の時刻にしてください。");
        }

        if (endsAt - startsAt > TimeSpan.FromHours(24))
        {
            throw new DomainException("meeting.too-long", "会議の時間は24時間以内にしてください。");
        }

        var local = Clock.TokyoLocal(startsAt);
        if (!Schedules.ScheduleEvent.IsInRange(local) || !Schedules.ScheduleEvent.IsInRange(Clock.TokyoLocal(endsAt)))
        {
            throw new DomainException("meeting.out-of-range", Schedules.ScheduleEvent.OutOfRangeMessage);
        }

        var p = (place ?? "").Trim();
        if (p.Length > MeetingBody.MaxPlaceLength)
        {
            throw new DomainException("meeting.place", $"場所は{MeetingBody.MaxPlaceLength}文字以内で入力してください。");
        }

        WebMeetingUrl = MeetingUrl.Clean(webMeetingUrl);
        Title = t;
        StartsAt = startsAt;
        EndsAt = endsAt;
        Place = p;
    }

    /// <summary>A body's session follows the body's chair and secretary.</summary>
    public void Assign(int? chairId, int? secretaryId)
    {
        ChairId = chairId;
        SecretaryId = secretaryId;
    }

    public void Cancel(DateTimeOffset now)
    {
        EnsureOpen();
        State = MeetingState.Cancelled;
        CancelledAt = now;
    }

    public void EnsureOpen()
    {
        if (IsCancelled)
        {
            throw new DomainException("meeting.cancelled", "この会議は中止されています。");
        }
    }

    /// <summary>Whether someone may be named as presenter or have attendance recorded: they are invited.</summary>
    public bool IsParticipant(int accountId) =>
        ChairId == accountId || SecretaryId == accountId || Attendees.Any(a => a.AccountId == accountId);

    /// <summary>Makes the attendees exactly these people, keeping the answers of those who stay.</summary>
    public void SetAttendees(IEnumerable<int> accountIds)
    {
        var wanted = accountIds.Distinct().ToList();
        Attendees.RemoveAll(a => !wanted.Contains(a.AccountId));
        foreach (var id in wanted.Where(id => Attendees.All(a => a.AccountId != id)))
        {
            Attendees.Add(new MeetingAttendee { AccountId = id });
        }
    }

    /// <summary>Records 出欠: each attendee their own, the chair and the secretary anyone's.</summary>
    public void SetAttendance(int actorId, int accountId, AttendanceState state)
    {
        EnsureOpen();
        if (!Enum.IsDefined(state))
        {
            throw new DomainException("meeting.attendance-state", "出欠は「出席」「欠席」「未回答」から選んでください。");
        }

        var attendee = Attendees.FirstOrDefault(a => a.AccountId == accountId)
            ?? throw new DomainException("meeting.not-attendee", "この会議の出席者ではありません。");
        if (actorId != accountId && !MeetingAccess.CanManage(this, actorId))
        {
            throw new AccessDeniedException("Only the attendee, the chair or the secretary records attendance.");
        }

        attendee.Attendance = state;
    }

    public MeetingAgendaItem AddAgendaItem(string? title, string? description, int? presenterId, int durationMinutes)
    {
        EnsureOpen();
        if (AgendaItems.Count >= MaxAgendaItems)
        {
            throw new DomainException("meeting.too-many-items", $"議題は{MaxAgendaItems}件までです。");
        }

        var item = new MeetingAgendaItem { MeetingId = Id, Position = AgendaItems.Count == 0 ? 1 : AgendaItems.Max(i => i.Position) + 1 };
        ApplyAgendaItem(item, title, description, presenterId, durationMinutes);
        AgendaItems.Add(item);
        return item;
    }

    public void UpdateAgendaItem(int itemId, string? title, string? description, int? presenterId, int durationMinutes)
    {
        EnsureOpen();
        ApplyAgendaItem(Item(itemId), title, description, presenterId, durationMinutes);
    }

    /// <summary>Swaps the item with its neighbour above (-1) or below (+1); at either end nothing moves.</summary>
    public void MoveAgendaItem(int itemId, int direction)
    {
        EnsureOpen();
        var ordered = AgendaItems.OrderBy(i => i.Position).ToList();
        var index = ordered.FindIndex(i => i.Id == itemId);
        if (index < 0)
        {
            throw new DomainException("meeting.item-not-found", "議題が見つかりません。");
        }

        var other = index + Math.Sign(direction);
        if (other < 0 || other >= ordered.Count || direction == 0)
        {
            return;
        }

        (ordered[index], ordered[other]) = (ordered[other], ordered[index]);
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Position = i + 1;
        }
    }

    /// <summary>Removes the item; its papers stay with the session.</summary>
    public void RemoveAgendaItem(int itemId)
    {
        EnsureOpen();
        var item = Item(itemId);
        AgendaItems.Remove(item);
        foreach (var m in Materials.Where(m => m.AgendaItemId == itemId))
        {
            m.AgendaItemId = null;
        }

        var position = 1;
        foreach (var i in AgendaItems.OrderBy(i => i.Position))
        {
            i.Position = position++;
        }
    }

    public int AgendaMinutes => AgendaItems.Sum(i => i.DurationMinutes);

    public int SlotMinutes => (int)(EndsAt - StartsAt).TotalMinutes;

    private MeetingAgendaItem Item(int itemId) =>
        AgendaItems.FirstOrDefault(i => i.Id == itemId) ?? throw new DomainException("meeting.item-not-found", "議題が見つかりません。");

    private void ApplyAgendaItem(MeetingAgendaItem item, string? title, string? description, int? presenterId, int durationMinutes)
    {
        var t = (title ?? "").Trim();
        if (t.Length == 0 || t.Length > MeetingAgendaItem.MaxTitleLength)
        {
            throw new DomainException("meeting.item-title", $"議題名は1〜{MeetingAgendaItem.MaxTitleLength}文字で入力してください。");
        }

        var d = (description ?? "").Trim();
        if (d.Length > MeetingAgendaItem.MaxDescriptionLength)
        {
            throw new DomainException("meeting.item-description", $"議題の説明は{MeetingAgendaItem.MaxDescriptionLength}文字以内で入力してください。");
        }

        if (durationMinutes is < 0 or > 600)
        {
            throw new DomainException("meeting.item-duration", "議題の時間は0〜600分で入力してください。");
        }

        if (presenterId is { } p && !IsParticipant(p))
        {
            throw new DomainException("meeting.presenter", "説明者は出席者の中から選んでください。");
        }

        item.Title = t;
        item.Description = d;
        item.PresenterId = presenterId;
        item.DurationMinutes = durationMinutes;
    }
}

public enum MeetingState
{
    /// <summary>開催予定 (or held: the time tells).</summary>
    Scheduled = 0,

    /// <summary>中止.</summary>
    Cancelled = 1,
}

/// <summary>One item of the agenda (議題): in order, with a presenter and the minutes set aside for it.</summary>
public sealed class MeetingAgendaItem
{
    public const int MaxTitleLength = 200;

    public const int MaxDescriptionLength = 2000;

    public int Id { get; set; }

    public int MeetingId { get; set; }

    public int Position { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public int? PresenterId { get; set; }

    public Account? Presenter { get; set; }

    public int DurationMinutes { get; set; }
}

public enum AttendanceState
{
    /// <summary>未回答.</summary>
    Unknown = 0,

    /// <summary>出席.</summary>
    Present = 1,

    /// <summary>欠席.</summary>
    Absent = 2,
}

/// <summary>Someone invited to the session, with attendance (出欠).</summary>
public sealed class MeetingAttendee
{
    public int MeetingId { get; set; }

    public int AccountId { get; set; }

    public Account? Account { get; set; }

    public AttendanceState Attendance { get; set; }
}

/// <summary>A paper (資料) of the session: an attachment (module <c>meeting</c>), optionally under an agenda item.</summary>
public sealed class MeetingMaterial
{
    public int Id { get; set; }

    public int MeetingId { get; set; }

    public int? AgendaItemId { get; set; }

    public int AttachmentId { get; set; }

    public int Position { get; set; }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.Property(m => m.Title).HasMaxLength(Meeting.MaxTitleLength);
        b.Property(m => m.Place).HasMaxLength(200);
        b.Property(m => m.WebMeetingUrl).HasMaxLength(500);
        b.HasOne(m => m.Chair).WithMany().HasForeignKey(m => m.ChairId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(m => m.Secretary).WithMany().HasForeignKey(m => m.SecretaryId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(m => m.AgendaItems).WithOne().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(m => m.Attendees).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(m => m.Materials).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.Body).WithMany().HasForeignKey(m => m.BodyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => new { m.BodyId, m.StartsAt });
        b.HasIndex(m => m.StartsAt);

        // One session per body and cadence day: generating twice (or at once from two tabs) creates none twice.
        b.HasIndex(m => new { m.BodyId, m.ScheduledOn }).IsUnique();
        b.Property(m => m.MovedReason).HasMaxLength(40);
        b.Ignore(m => m.IsCancelled);
        b.Ignore(m => m.AgendaMinutes);
        b.Ignore(m => m.SlotMinutes);
    }
}

internal sealed class MeetingAgendaItemConfiguration : IEntityTypeConfiguration<MeetingAgendaItem>
{
    public void Configure(EntityTypeBuilder<MeetingAgendaItem> b)
    {
        b.Property(i => i.Title).HasMaxLength(MeetingAgendaItem.MaxTitleLength);
        b.Property(i => i.Description).HasMaxLength(MeetingAgendaItem.MaxDescriptionLength);
        b.HasOne(i => i.Presenter).WithMany().HasForeignKey(i => i.PresenterId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingAttendeeConfiguration : IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<MeetingAttendee> b)
    {
        b.HasKey(a => new { a.MeetingId, a.AccountId });
        b.HasOne(a => a.Account).WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => a.AccountId);
    }
}

internal sealed class MeetingMaterialConfiguration : IEntityTypeConfiguration<MeetingMaterial>
{
    public void Configure(EntityTypeBuilder<MeetingMaterial> b)
    {
        b.HasIndex(m => m.AttachmentId).IsUnique();
    }
}
