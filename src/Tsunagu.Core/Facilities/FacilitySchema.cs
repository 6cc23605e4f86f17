using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Facilities;

/// <summary>
/// The rule "active bookings of a facility never overlap", held by the database itself so that no code path and no
/// race between app instances can double-book: on PostgreSQL an exclusion constraint over a time range (btree_gist),
/// on SQLite triggers that abort the write (SQLite runs one writer at a time, so the check and the write are atomic).
/// The EF model cannot express either; like the search schema this runs after every migration and is idempotent
/// (docs/decisions/0005-schedules-and-facilities.md).
/// </summary>
public static class FacilitySchema
{
    public const string OverlapConstraint = "EX_FacilityBookings_NoOverlap";

    /// <summary>The message SQLite raises; <see cref="IsOverlapViolation"/> recognises it.</summary>
    public const string SqliteOverlapMessage = "facility_booking_overlap";

    private static readonly string[] SqliteObjects = ["FacilityBookings_no_overlap_insert", "FacilityBookings_no_overlap_update"];

    /// <summary>
    /// Instants are UTC microseconds on SQLite (<see cref="UtcMicrosecondsConverter"/>). A booking may last at most
    /// <see cref="ScheduleEvent.MaxDuration"/>, which the triggers enforce too, so an overlapping booking starts less than
    /// that before the new one: the search is a range of the (FacilityId, StartsAt) index, not the facility's history.
    /// </summary>
    private static readonly string SqliteDdl = $"""
        CREATE TRIGGER IF NOT EXISTS FacilityBookings_no_overlap_insert BEFORE INSERT ON FacilityBookings
        WHEN new.Status IN (0, 1) AND (new.EndsAt - new.StartsAt > {MaxMicroseconds} OR EXISTS (
            SELECT 1 FROM FacilityBookings b
            WHERE b.FacilityId = new.FacilityId AND b.StartsAt > new.StartsAt - {MaxMicroseconds} AND b.StartsAt < new.EndsAt
                AND b.EndsAt > new.StartsAt AND b.Status IN (0, 1)))
        BEGIN
            SELECT RAISE(ABORT, 'facility_booking_overlap');
        END;
        CREATE TRIGGER IF NOT EXISTS FacilityBookings_no_overlap_update BEFORE UPDATE OF FacilityId, StartsAt, EndsAt, Status ON FacilityBookings
        WHEN new.Status IN (0, 1) AND (new.EndsAt - new.StartsAt > {MaxMicroseconds} OR EXISTS (
            SELECT 1 FROM FacilityBookings b
            WHERE b.FacilityId = new.FacilityId AND b.StartsAt > new.StartsAt - {MaxMicroseconds} AND b.StartsAt < new.EndsAt
                AND b.EndsAt > new.StartsAt AND b.Status IN (0, 1) AND b.Id <> new.Id))
        BEGIN
            SELECT RAISE(ABORT, 'facility_booking_overlap');
        END;
        """;

    private static long MaxMicroseconds => (long)ScheduleEvent.MaxDuration.TotalMicroseconds;

    private const string PostgreSqlDdl = """
        CREATE EXTENSION IF NOT EXISTS btree_gist;
        ALTER TABLE "FacilityBookings" ADD CONSTRAINT "EX_FacilityBookings_NoOverlap"
            EXCLUDE USING gist ("FacilityId" WITH =, tstzrange("StartsAt", "EndsAt", '[)') WITH &&) WHERE ("Status" IN (0, 1));
        """;

    public static async Task EnsureAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.IsPostgreSql)
        {
            var present = await SearchSchema.ScalarAsync(db, $"""
                SELECT COUNT(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE n.nspname = current_schema() AND c.conname = '{OverlapConstraint}'
                """, cancellationToken);
            if (present == 0)
            {
                await db.Database.ExecuteSqlRawAsync(PostgreSqlDdl, cancellationToken);
            }

            return;
        }

        var existing = await SearchSchema.ScalarAsync(db, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({string.Join(", ", SqliteObjects.Select(o => $"'{o}'"))})", cancellationToken);
        if (existing < SqliteObjects.Length)
        {
            await db.Database.ExecuteSqlRawAsync(SqliteDdl, cancellationToken);
        }
    }

    /// <summary>Whether a failed save was the database refusing an overlapping booking.</summary>
    public static bool IsOverlapViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException { SqlState: "23P01" } pg && pg.ConstraintName == OverlapConstraint)
            {
                return true;
            }

            if (e is Microsoft.Data.Sqlite.SqliteException sqlite && sqlite.Message.Contains(SqliteOverlapMessage, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
