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
}

/// <summary>One item of the agenda (議題): in order, with a presenter and the minutes set aside for it.</summary>
public sealed class MeetingAgendaItem
{
    public const int MaxTitleLength = 200;

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
        b.HasIndex(m => new { m.BodyId, m.StartsAt });
        b.HasIndex(m => m.StartsAt);
    }
}

internal sealed class MeetingAgendaItemConfiguration : IEntityTypeConfiguration<MeetingAgendaItem>
{
    public void Configure(EntityTypeBuilder<MeetingAgendaItem> b)
    {
        b.Property(i => i.Title).HasMaxLength(MeetingAgendaItem.MaxTitleLength);
        b.Property(i => i.Description).HasMaxLength(2000);
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
