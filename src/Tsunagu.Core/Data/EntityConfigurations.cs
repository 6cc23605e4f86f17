using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Data;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.Property(d => d.Name).HasMaxLength(Department.MaxNameLength);
        b.Property(d => d.Kind).HasMaxLength(20);
        b.Property(d => d.Path).HasMaxLength(400);
        b.HasIndex(d => d.Path).IsUnique();
        b.HasOne(d => d.Parent).WithMany(d => d.Children).HasForeignKey(d => d.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> b)
    {
        b.Property(p => p.Name).HasMaxLength(40);
        b.HasIndex(p => p.Name).IsUnique();
    }
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.Property(a => a.DisplayName).HasMaxLength(100);
        b.Property(a => a.Kana).HasMaxLength(100);
        b.HasOne(a => a.Department).WithMany().HasForeignKey(a => a.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.Position).WithMany().HasForeignKey(a => a.PositionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => a.DepartmentId);
    }
}

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> b)
    {
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.TokenHash).HasMaxLength(64);
        b.Property(t => t.Hint).HasMaxLength(8);
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasOne(t => t.Account).WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasIndex(e => e.Sequence).IsUnique();
        b.HasIndex(e => e.OccurredAt);
        b.Property(e => e.Actor).HasMaxLength(256);
        b.Property(e => e.Action).HasMaxLength(100);
        b.Property(e => e.Target).HasMaxLength(400);
        b.Property(e => e.Address).HasMaxLength(64);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
    }
}

internal sealed class UsageEventConfiguration : IEntityTypeConfiguration<UsageEvent>
{
    public void Configure(EntityTypeBuilder<UsageEvent> b)
    {
        b.Property(e => e.Feature).HasMaxLength(60);
        b.Property(e => e.Action).HasMaxLength(60);
        b.Property(e => e.Source).HasMaxLength(60);
        b.HasIndex(e => new { e.OccurredAt, e.Feature });
        b.HasIndex(e => new { e.AccountId, e.OccurredAt });
    }
}

internal sealed class UsageDailyCountConfiguration : IEntityTypeConfiguration<UsageDailyCount>
{
    public void Configure(EntityTypeBuilder<UsageDailyCount> b)
    {
        // The period first: reports read a range of days for every account.
        b.HasKey(c => new { c.Day, c.AccountId, c.Feature, c.Source });
        b.Property(c => c.Feature).HasMaxLength(60);
        b.Property(c => c.Source).HasMaxLength(60);
    }
}

internal sealed class UsageMonthlyCountConfiguration : IEntityTypeConfiguration<UsageMonthlyCount>
{
    public void Configure(EntityTypeBuilder<UsageMonthlyCount> b)
    {
        b.HasKey(c => new { c.Month, c.AccountId, c.Feature, c.Source });
        b.Property(c => c.Feature).HasMaxLength(60);
        b.Property(c => c.Source).HasMaxLength(60);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.Kind).HasMaxLength(60);
        b.Property(n => n.Title).HasMaxLength(200);
        b.Property(n => n.Body).HasMaxLength(2000);
        b.Property(n => n.Url).HasMaxLength(400);
        b.HasIndex(n => new { n.RecipientId, n.ReadAt, n.CreatedAt });
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.HasKey(p => new { p.AccountId, p.Kind });
        b.Property(p => p.Kind).HasMaxLength(60);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("Outbox");
        b.Property(m => m.Type).HasMaxLength(60);
        b.HasIndex(m => new { m.ProcessedAt, m.NextAttemptAt });
    }
}

internal sealed class SystemSettingConfiguration : IEntityTypeConfiguration<SystemSetting>
{
    public void Configure(EntityTypeBuilder<SystemSetting> b)
    {
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(100);
        b.Property(s => s.Value).HasMaxLength(2000);
    }
}
