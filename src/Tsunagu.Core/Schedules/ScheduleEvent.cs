using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Schedules;

public enum EventVisibility
{
    /// <summary>Staff see the title, place and attendees.</summary>
    Public = 0,

    /// <summary>Only attendees (and the owner's delegates) see details; everyone else sees 予定あり.</summary>
    Private = 1,
}

/// <summary>
/// An entry in people's schedules: a single event, the master of a recurring series (<see cref="Recurrence"/> set), or
/// an override of one occurrence of a series (<see cref="SeriesMasterId"/> and <see cref="OriginalStartsAt"/> set;
/// cancelled when that occurrence was deleted). Times are instants; the rule is expanded in Tokyo time.
/// </summary>
public sealed class ScheduleEvent
{
    public const int MaxTitleLength = 200;
    public const int MaxPlaceLength = 200;
    public const int MaxNotesLength = 4000;

    public const int MaxRecurrenceLength = 300;

    /// <summary>
    /// The days an event may touch, in Tokyo time: the holiday rules hold from 1980 to 2099 and the views end a year
    /// before that, so an instant outside these never reaches date arithmetic that could overflow.
    /// </summary>
    public static readonly DateOnly FirstDay = new(2000, 1, 1);

    public static readonly DateOnly LastDay = new(2098, 12, 31);

    public const string OutOfRangeMessage = "日付は2000年1月1日から2098年12月31日の間で指定してください。";

    /// <summary>Whether a Tokyo wall-clock time lies within <see cref="FirstDay"/>..<see cref="LastDay"/> (the end of that day included).</summary>
    public static bool IsInRange(DateTime local) =>
        local >= FirstDay.ToDateTime(TimeOnly.MinValue) && local <= LastDay.AddDays(1).ToDateTime(TimeOnly.MinValue);

    /// <summary>Why a series cannot be stored (too long a rule, or occurrences past <see cref="LastDay"/>); null if it can.</summary>
    public static string? SeriesRangeProblem(RecurrenceRule rule, DateTime startLocal, TimeSpan duration)
    {
        if (rule.ToString().Length > MaxRecurrenceLength)
        {
            return $"繰り返しの指定が長すぎます。{MaxRecurrenceLength}文字以内になるようにしてください。";
        }

        const string late = "繰り返しは2098年12月31日までに終わるようにしてください。";
        if (rule.Until is { } until && DateOnly.FromDateTime(until) > LastDay)
        {
            return late;
        }

        return rule.LastOccurrence(startLocal) is { } last && (last.Year > LastDay.Year || !IsInRange(last.Add(duration))) ? late : null;
    }

    /// <summary>One occurrence may last at most this long; lets range queries use the start index (docs/decisions/0005).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(31);

    /// <summary>Stands for "no end" in <see cref="SeriesEndsAt"/> so that range queries stay simple comparisons.</summary>
    public static readonly DateTimeOffset EndOfTime = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public int Id { get; set; }

    public string Title { get; set; } = "";

    public string Place { get; set; } = "";

    public string Notes { get; set; } = "";

    /// <summary>One of <see cref="EventCategories.All"/>.</summary>
    public string Category { get; set; } = EventCategories.Meeting;

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    /// <summary>All-day events start at Tokyo midnight and end at Tokyo midnight of the day after their last day.</summary>
    public bool IsAllDay { get; set; }

    public EventVisibility Visibility { get; set; }

    /// <summary>Whose event it is (a delegate may have created it on their behalf).</summary>
    public int OrganizerId { get; set; }

    public Account? Organizer { get; set; }

    public int CreatedById { get; set; }

    /// <summary>RFC 5545 RRULE (without the prefix) on a series master.</summary>
    public string? Recurrence { get; set; }

    /// <summary>End of the last occurrence; <see cref="EndOfTime"/> for an endless series; <see cref="EndsAt"/> otherwise.</summary>
    public DateTimeOffset SeriesEndsAt { get; set; }

    public int? SeriesMasterId { get; set; }

    public ScheduleEvent? SeriesMaster { get; set; }

    /// <summary>On an override: the start the occurrence had in the series.</summary>
    public DateTimeOffset? OriginalStartsAt { get; set; }

    public bool IsCancelled { get; set; }

    /// <summary>Minutes before the start at which attendees are reminded; null for none.</summary>
    public int? ReminderMinutes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two people editing the same event do not overwrite each other silently.</summary>
    public int Version { get; set; }

    public List<EventAttendee> Attendees { get; } = [];

    public bool IsSeriesMaster => Recurrence is not null;

    public bool IsOverride => SeriesMasterId is not null;

    public TimeSpan Duration => EndsAt - StartsAt;
}

/// <summary>A person invited to an event. Times are copied from the event so a person's schedule is one index range.</summary>
public sealed class EventAttendee
{
    public int EventId { get; set; }

    public ScheduleEvent? Event { get; set; }

    public int AccountId { get; set; }

    public Account? Account { get; set; }

    public AttendeeResponse Response { get; set; }

    public DateTimeOffset? RespondedAt { get; set; }

    /// <summary>Invited as a member of this department (a whole-department invitation), for display.</summary>
    public int? ViaDepartmentId { get; set; }

    /// <summary>Copy of <see cref="ScheduleEvent.StartsAt"/>.</summary>
    public DateTimeOffset StartsAt { get; set; }

    /// <summary>Copy of <see cref="ScheduleEvent.SeriesEndsAt"/>.</summary>
    public DateTimeOffset EndsAt { get; set; }

    /// <summary>Copy of <see cref="ScheduleEvent.IsSeriesMaster"/>.</summary>
    public bool IsSeries { get; set; }

    /// <summary>Copy of <see cref="ScheduleEvent.IsCancelled"/>.</summary>
    public bool IsCancelled { get; set; }
}

public enum AttendeeResponse
{
    Pending = 0,
    Accepted = 1,
    Declined = 2,
    Tentative = 3,
}

public static class EventCategories
{
    public const string Meeting = "会議";
    public const string Consultation = "打合せ";
    public const string BusinessTrip = "出張";
    public const string Visitor = "来客";
    public const string Out = "外出";
    public const string Leave = "休暇";
    public const string Training = "研修";
    public const string Ceremony = "行事";
    public const string Other = "その他";

    public static IReadOnlyList<string> All { get; } = [Meeting, Consultation, BusinessTrip, Visitor, Out, Leave, Training, Ceremony, Other];

    /// <summary>Stable ASCII key for CSS classes and the API.</summary>
    public static string Key(string category) => category switch
    {
        Meeting => "meeting",
        Consultation => "consultation",
        BusinessTrip => "trip",
        Visitor => "visitor",
        Out => "out",
        Leave => "leave",
        Training => "training",
        Ceremony => "ceremony",
        _ => "other",
    };

    public static string English(string category) => category switch
    {
        Meeting => "Meeting",
        Consultation => "Consultation",
        BusinessTrip => "Business trip",
        Visitor => "Visitor",
        Out => "Out of office",
        Leave => "Leave",
        Training => "Training",
        Ceremony => "Event",
        _ => "Other",
    };
}

internal sealed class ScheduleEventConfiguration : IEntityTypeConfiguration<ScheduleEvent>
{
    public void Configure(EntityTypeBuilder<ScheduleEvent> b)
    {
        b.ToTable("ScheduleEvents");
        b.Property(e => e.Title).HasMaxLength(ScheduleEvent.MaxTitleLength);
        b.Property(e => e.Place).HasMaxLength(ScheduleEvent.MaxPlaceLength);
        b.Property(e => e.Notes).HasMaxLength(ScheduleEvent.MaxNotesLength);
        b.Property(e => e.Category).HasMaxLength(20);
        b.Property(e => e.Recurrence).HasMaxLength(ScheduleEvent.MaxRecurrenceLength);
        b.Property(e => e.Version).IsConcurrencyToken();
        b.HasOne(e => e.Organizer).WithMany().HasForeignKey(e => e.OrganizerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(e => e.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(e => e.SeriesMaster).WithMany().HasForeignKey(e => e.SeriesMasterId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.SeriesMasterId, e.OriginalStartsAt });
        b.HasIndex(e => new { e.OrganizerId, e.StartsAt });
        b.HasIndex(e => new { e.IsCancelled, e.StartsAt });

        // Series still running (the reminder run): a few rows, not a scan of every event.
        b.HasIndex(e => e.SeriesEndsAt).HasFilter("\"Recurrence\" IS NOT NULL");
        b.Ignore(e => e.IsSeriesMaster);
        b.Ignore(e => e.IsOverride);
        b.Ignore(e => e.Duration);
    }
}

internal sealed class EventAttendeeConfiguration : IEntityTypeConfiguration<EventAttendee>
{
    public void Configure(EntityTypeBuilder<EventAttendee> b)
    {
        b.ToTable("EventAttendees");
        b.HasKey(a => new { a.EventId, a.AccountId });
        b.HasOne(a => a.Event).WithMany(e => e.Attendees).HasForeignKey(a => a.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(a => a.Account).WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.AccountId, a.IsSeries, a.StartsAt });
    }
}
