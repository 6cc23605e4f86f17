using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Core.Facilities;

public enum FacilityKind
{
    Room = 0,
    Vehicle = 1,
    Equipment = 2,
}

/// <summary>会議室, 公用車 or 備品 that staff book by the time slot.</summary>
public sealed class Facility
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }

    public string Name { get; set; } = "";

    public FacilityKind Kind { get; set; }

    public int? GroupId { get; set; }

    public FacilityGroup? Group { get; set; }

    /// <summary>People (rooms) or seats (vehicles); null for equipment.</summary>
    public int? Capacity { get; set; }

    /// <summary>本庁舎3階 and the like.</summary>
    public string Location { get; set; } = "";

    /// <summary>Comma-separated features: プロジェクター, Web会議, ホワイトボード, 4WD …</summary>
    public string Attributes { get; set; } = "";

    public string Notes { get; set; } = "";

    /// <summary>Bookings stay 仮予約 until someone of <see cref="ManagerDepartmentId"/> confirms them.</summary>
    public bool RequiresApproval { get; set; }

    /// <summary>The unit that manages the facility (confirms bookings), e.g. 管財課.</summary>
    public int? ManagerDepartmentId { get; set; }

    public Department? ManagerDepartment { get; set; }

    public bool IsActive { get; set; } = true;

    public int SortOrder { get; set; }

    public IReadOnlyList<string> AttributeList =>
        Attributes.Split([',', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class FacilityGroup
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int SortOrder { get; set; }
}

public enum BookingStatus
{
    /// <summary>仮予約: holds the slot until the manager decides.</summary>
    Tentative = 0,

    /// <summary>本予約.</summary>
    Confirmed = 1,

    Declined = 2,

    Cancelled = 3,
}

/// <summary>
/// A facility held for a time. Active bookings (仮予約 or 本予約) of one facility never overlap: the database refuses it
/// (an exclusion constraint on PostgreSQL, a trigger on SQLite; docs/decisions/0005).
/// </summary>
public sealed class FacilityBooking
{
    public const int MaxPurposeLength = 200;

    public int Id { get; set; }

    public int FacilityId { get; set; }

    public Facility? Facility { get; set; }

    /// <summary>The event the booking belongs to (for a series: the master), or null for a booking alone.</summary>
    public int? EventId { get; set; }

    public ScheduleEvent? Event { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public BookingStatus Status { get; set; }

    public string Purpose { get; set; } = "";

    public int BookedById { get; set; }

    public Account? BookedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int? DecidedById { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string DecisionNote { get; set; } = "";

    public bool IsActive => Status is BookingStatus.Tentative or BookingStatus.Confirmed;

    public void Confirm(int deciderId, DateTimeOffset now)
    {
        if (Status != BookingStatus.Tentative)
        {
            throw new DomainException("booking.not-tentative", "仮予約の状態でないため、確定できません。");
        }

        Status = BookingStatus.Confirmed;
        DecidedById = deciderId;
        DecidedAt = now;
    }

    public void Decline(int deciderId, string note, DateTimeOffset now)
    {
        if (Status != BookingStatus.Tentative)
        {
            throw new DomainException("booking.not-tentative", "仮予約の状態でないため、お断りできません。");
        }

        Status = BookingStatus.Declined;
        DecidedById = deciderId;
        DecidedAt = now;
        DecisionNote = note.Length > 500 ? note[..500] : note;
    }

    public void Cancel()
    {
        if (!IsActive)
        {
            throw new DomainException("booking.not-active", "この予約はすでに取り消されているか、お断りされています。");
        }

        Status = BookingStatus.Cancelled;
    }
}

internal sealed class FacilityConfiguration : IEntityTypeConfiguration<Facility>
{
    public void Configure(EntityTypeBuilder<Facility> b)
    {
        b.Property(f => f.Name).HasMaxLength(Facility.MaxNameLength);
        b.Property(f => f.Location).HasMaxLength(200);
        b.Property(f => f.Attributes).HasMaxLength(400);
        b.Property(f => f.Notes).HasMaxLength(2000);
        b.HasIndex(f => f.Name).IsUnique();
        b.HasOne(f => f.Group).WithMany().HasForeignKey(f => f.GroupId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(f => f.ManagerDepartment).WithMany().HasForeignKey(f => f.ManagerDepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(f => f.AttributeList);
    }
}

internal sealed class FacilityGroupConfiguration : IEntityTypeConfiguration<FacilityGroup>
{
    public void Configure(EntityTypeBuilder<FacilityGroup> b)
    {
        b.Property(g => g.Name).HasMaxLength(60);
        b.HasIndex(g => g.Name).IsUnique();
    }
}

internal sealed class FacilityBookingConfiguration : IEntityTypeConfiguration<FacilityBooking>
{
    public void Configure(EntityTypeBuilder<FacilityBooking> b)
    {
        b.Property(x => x.Purpose).HasMaxLength(FacilityBooking.MaxPurposeLength);
        b.Property(x => x.DecisionNote).HasMaxLength(500);
        b.HasOne(x => x.Facility).WithMany().HasForeignKey(x => x.FacilityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Event).WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.BookedBy).WithMany().HasForeignKey(x => x.BookedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(x => x.DecidedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.FacilityId, x.StartsAt });
        b.HasIndex(x => new { x.EventId, x.StartsAt });
        b.HasIndex(x => new { x.Status, x.StartsAt });
        b.Ignore(x => x.IsActive);
    }
}
