using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<Account, IdentityRole<int>, int>(options)
{
    /// <summary>Arbitrary constant naming the PostgreSQL advisory lock that serialises the audit chain.</summary>
    private const long AuditChainLockKey = 0x7453_4E41_5544;

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<Position> Positions => Set<Position>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();

    public DbSet<UsageDailyCount> UsageDailyCounts => Set<UsageDailyCount>();

    public DbSet<UsageMonthlyCount> UsageMonthlyCounts => Set<UsageMonthlyCount>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<SystemSetting> Settings => Set<SystemSetting>();

    public DbSet<SearchEntry> SearchEntries => Set<SearchEntry>();

    public DbSet<ScheduleEvent> Events => Set<ScheduleEvent>();

    public DbSet<EventAttendee> EventAttendees => Set<EventAttendee>();

    public DbSet<ScheduleGroup> ScheduleGroups => Set<ScheduleGroup>();

    public DbSet<ScheduleGroupMember> ScheduleGroupMembers => Set<ScheduleGroupMember>();

    public DbSet<ScheduleKeeper> ScheduleKeepers => Set<ScheduleKeeper>();

    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    public DbSet<EventReminder> EventReminders => Set<EventReminder>();

    public DbSet<Facility> Facilities => Set<Facility>();

    public DbSet<Attachments.Attachment> Attachments => Set<Attachments.Attachment>();

    public DbSet<FacilityGroup> FacilityGroups => Set<FacilityGroup>();

    public DbSet<FacilityBooking> FacilityBookings => Set<FacilityBooking>();

    public DbSet<Approvals.FormDefinition> FormDefinitions => Set<Approvals.FormDefinition>();

    public DbSet<Approvals.FormVersion> FormVersions => Set<Approvals.FormVersion>();

    public DbSet<Approvals.ApprovalRequest> ApprovalRequests => Set<Approvals.ApprovalRequest>();

    public DbSet<Approvals.ApprovalStep> ApprovalSteps => Set<Approvals.ApprovalStep>();

    public DbSet<Approvals.ApprovalAssignment> ApprovalAssignments => Set<Approvals.ApprovalAssignment>();

    public DbSet<Approvals.ApprovalAction> ApprovalActions => Set<Approvals.ApprovalAction>();

    public DbSet<Approvals.ApprovalParticipant> ApprovalParticipants => Set<Approvals.ApprovalParticipant>();

    public DbSet<Approvals.Delegation> Delegations => Set<Approvals.Delegation>();

    public DbSet<global::Tsunagu.Core.StaffSurveys.StaffSurvey> StaffSurveys => Set<global::Tsunagu.Core.StaffSurveys.StaffSurvey>();

    public DbSet<global::Tsunagu.Core.StaffSurveys.StaffSurveyAnswer> StaffSurveyAnswers => Set<global::Tsunagu.Core.StaffSurveys.StaffSurveyAnswer>();
    public DbSet<Strategy.MaturityAssessment> MaturityAssessments => Set<Strategy.MaturityAssessment>();

    public DbSet<Strategy.MaturityTarget> MaturityTargets => Set<Strategy.MaturityTarget>();

    public DbSet<Strategy.RoadmapMeasure> RoadmapMeasures => Set<Strategy.RoadmapMeasure>();

    public DbSet<Strategy.RoadmapCell> RoadmapCells => Set<Strategy.RoadmapCell>();

    public bool IsPostgreSql => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    // EF runs the seeding hook after every Migrate, including on an up-to-date database: the search index's FTS5
    // table, triggers and tsvector column (docs/decisions/0004-search-index.md) and the facility no-overlap rule
    // (0005) live outside the model.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder
            .UseSeeding((context, _) => EnsureSchemaExtrasAsync((AppDbContext)context, CancellationToken.None).GetAwaiter().GetResult())
            .UseAsyncSeeding((context, _, cancellationToken) => EnsureSchemaExtrasAsync((AppDbContext)context, cancellationToken));

    private static async Task EnsureSchemaExtrasAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        await SearchSchema.EnsureAsync(db, cancellationToken);
        await FacilitySchema.EnsureAsync(db, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (!IsPostgreSql)
        {
            // SQLite has no date type: store UTC microseconds as an integer so ordering and comparison work in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcMicrosecondsConverter>();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var audit = ChangeTracker.Entries<AuditEntry>().ToList();
        if (audit.Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit entries are append-only.");
        }

        var pending = audit.Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (Database.CurrentTransaction is not null)
        {
            await ChainAsync(pending, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // On SQLite BeginTransaction takes the write lock at once (BEGIN IMMEDIATE), on PostgreSQL the advisory lock does.
        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await ChainAsync(pending, cancellationToken);
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private async Task ChainAsync(List<AuditEntry> pending, CancellationToken cancellationToken)
    {
        if (IsPostgreSql)
        {
            await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AuditChainLockKey})", cancellationToken);
        }

        var tail = await AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        var sequence = tail?.Sequence ?? 0;
        var previous = tail?.Hash ?? AuditEntry.GenesisHash;
        foreach (var entry in pending)
        {
            entry.Chain(++sequence, previous);
            previous = entry.Hash;
        }
    }
}

public sealed class UtcMicrosecondsConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => (v.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10,
    v => new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (v * 10), TimeSpan.Zero));
