using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Schedules;

/// <summary>A person's own list of colleagues for the group week view (e.g. a project team across departments).</summary>
public sealed class ScheduleGroup
{
    public const int MaxNameLength = 60;
    public const int MaxMembers = 100;

    public int Id { get; set; }

    public int OwnerId { get; set; }

    public string Name { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public List<ScheduleGroupMember> Members { get; } = [];
}

public sealed class ScheduleGroupMember
{
    public int GroupId { get; set; }

    public int AccountId { get; set; }

    public Account? Account { get; set; }

    public int SortOrder { get; set; }
}

/// <summary>
/// Someone who keeps another person's schedule: the secretary of the mayor, a clerk for the department head. A delegate
/// creates and edits events on the owner's behalf and sees the owner's private events.
/// </summary>
public sealed class ScheduleKeeper
{
    public int OwnerId { get; set; }

    public Account? Owner { get; set; }

    public int KeeperId { get; set; }

    public Account? Keeper { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A secret address from which a calendar app reads one person's schedule (.ics); revocable.</summary>
public sealed class CalendarFeed
{
    public int Id { get; set; }

    public int AccountId { get; set; }

    /// <summary>SHA-256 of the secret in the address, hex.</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastReadAt { get; set; }
}

/// <summary>Marks a reminder as sent, so that several app instances and restarts remind exactly once.</summary>
public sealed class EventReminder
{
    public int EventId { get; set; }

    public DateTimeOffset OccurrenceStartsAt { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

internal sealed class ScheduleGroupConfiguration : IEntityTypeConfiguration<ScheduleGroup>
{
    public void Configure(EntityTypeBuilder<ScheduleGroup> b)
    {
        b.Property(g => g.Name).HasMaxLength(ScheduleGroup.MaxNameLength);
        b.HasOne<Account>().WithMany().HasForeignKey(g => g.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(g => g.OwnerId);
    }
}

internal sealed class ScheduleGroupMemberConfiguration : IEntityTypeConfiguration<ScheduleGroupMember>
{
    public void Configure(EntityTypeBuilder<ScheduleGroupMember> b)
    {
        b.HasKey(m => new { m.GroupId, m.AccountId });
        b.HasOne<ScheduleGroup>().WithMany(g => g.Members).HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.Account).WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ScheduleKeeperConfiguration : IEntityTypeConfiguration<ScheduleKeeper>
{
    public void Configure(EntityTypeBuilder<ScheduleKeeper> b)
    {
        b.HasKey(d => new { d.OwnerId, d.KeeperId });
        b.HasOne(d => d.Owner).WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(d => d.Keeper).WithMany().HasForeignKey(d => d.KeeperId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => d.KeeperId);
    }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> b)
    {
        b.Property(f => f.TokenHash).HasMaxLength(64);
        b.HasIndex(f => f.TokenHash).IsUnique();
        b.HasOne<Account>().WithMany().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(f => f.AccountId);
    }
}

internal sealed class EventReminderConfiguration : IEntityTypeConfiguration<EventReminder>
{
    public void Configure(EntityTypeBuilder<EventReminder> b)
    {
        b.HasKey(r => new { r.EventId, r.OccurrenceStartsAt });
        b.HasOne<ScheduleEvent>().WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}
