using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Usage;

/// <summary>Uses of one feature by one account on one Tokyo day, from one source ("" for Tsunagu's own events).</summary>
public sealed class UsageDailyCount
{
    private UsageDailyCount()
    {
    }

    public DateOnly Day { get; private set; }

    public int AccountId { get; private set; }

    public string Feature { get; private set; } = "";

    public string Source { get; private set; } = "";

    public int Count { get; private set; }
}

/// <summary>Uses of one feature by one account in one Tokyo month (<see cref="Month"/> is its first day), from one source.</summary>
public sealed class UsageMonthlyCount
{
    private UsageMonthlyCount()
    {
    }

    public DateOnly Month { get; private set; }

    public int AccountId { get; private set; }

    public string Feature { get; private set; } = "";

    public string Source { get; private set; } = "";

    public int Count { get; private set; }
}

/// <summary>
/// The usage report's pre-aggregates (ADR 0010): every event of an account is also counted per (Tokyo day, account,
/// feature, source) and per (Tokyo month, …) in the same transaction as its insert. A report over whole months reads
/// the monthly counts (about 12 × 828 × features rows a year, however many events), and only the days of a partial
/// first or last month read the daily counts. Anonymous events (no account) are not counted: no report counts them.
/// </summary>
public static class UsageCounts
{
    /// <summary>The source column's value for Tsunagu's own events (a primary key column cannot hold null).</summary>
    public const string OwnSource = "";

    private const int RowsPerStatement = 200;

    /// <summary>Inserts events and adds them to the counts in one transaction (the caller's, or a new one).</summary>
    public static async Task AppendAsync(AppDbContext db, IReadOnlyCollection<UsageEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        var own = db.Database.CurrentTransaction is null;
        await using var transaction = own ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        db.UsageEvents.AddRange(events);
        await db.SaveChangesAsync(cancellationToken);
        await AddAsync(db, events.Where(e => e.AccountId is not null).Select(e => (e.AccountId!.Value, e.Feature, e.OccurredAt, e.Source)), cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Writes many events and their counts inside the caller's transaction with plain ADO.NET, not the change tracker
    /// (a year of legacy events is millions of rows): PostgreSQL multi-row INSERTs of 1,000 rows; SQLite one prepared
    /// single-row INSERT reused, as it runs in process and binding thousands of named parameters costs it more.
    /// </summary>
    public static async Task BulkAppendAsync(AppDbContext db, IReadOnlyList<(int AccountId, string Feature, string Action, DateTimeOffset OccurredAt, string? Source)> events, CancellationToken cancellationToken = default)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Usage events are bulk-written inside the caller's transaction.");
        const string insert = "INSERT INTO \"UsageEvents\" (\"AccountId\", \"Feature\", \"Action\", \"OccurredAt\", \"Source\") VALUES ";
        if (db.IsPostgreSql)
        {
            foreach (var batch in events.Chunk(1_000))
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.Transaction = transaction;
                var sql = new StringBuilder(insert);
                for (var i = 0; i < batch.Length; i++)
                {
                    var e = batch[i];
                    sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}(@i{i}, @f{i}, @a{i}, @t{i}, @s{i})");
                    Parameter(command, Name("@i", i), e.AccountId);
                    Parameter(command, Name("@f", i), e.Feature);
                    Parameter(command, Name("@a", i), e.Action);
                    Parameter(command, Name("@t", i), e.OccurredAt.ToUniversalTime());
                    Parameter(command, Name("@s", i), (object?)e.Source ?? DBNull.Value);
                }

                command.CommandText = sql.ToString();
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        else
        {
            // SQLite keeps instants as UTC microseconds (AppDbContext's converter).
            var microseconds = new UtcMicrosecondsConverter();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            command.CommandText = insert + "(@i, @f, @a, @t, @s)";
            var account = Parameter(command, "@i", 0);
            var feature = Parameter(command, "@f", "");
            var action = Parameter(command, "@a", "");
            var occurredAt = Parameter(command, "@t", 0L);
            var source = Parameter(command, "@s", DBNull.Value);
            await command.PrepareAsync(cancellationToken);
            foreach (var e in events)
            {
                account.Value = e.AccountId;
                feature.Value = e.Feature;
                action.Value = e.Action;
                occurredAt.Value = microseconds.ConvertToProvider(e.OccurredAt)!;
                source.Value = (object?)e.Source ?? DBNull.Value;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await AddAsync(db, events.Select(e => (e.AccountId, e.Feature, e.OccurredAt, e.Source)), cancellationToken);
    }

    /// <summary>Adds uses to the daily and monthly counts; runs inside the caller's transaction (which must exist).</summary>
    public static async Task AddAsync(AppDbContext db, IEnumerable<(int AccountId, string Feature, DateTimeOffset OccurredAt, string? Source)> uses, CancellationToken cancellationToken = default)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Usage counts are written in the transaction of the events they count.");
        var daily = new Dictionary<(DateOnly, int, string, string), int>();
        foreach (var use in uses)
        {
            var key = (Clock.TokyoDate(use.OccurredAt), use.AccountId, use.Feature, use.Source ?? OwnSource);
            daily[key] = daily.GetValueOrDefault(key) + 1;
        }

        var monthly = new Dictionary<(DateOnly, int, string, string), int>();
        foreach (var ((day, account, feature, source), count) in daily)
        {
            var key = (new DateOnly(day.Year, day.Month, 1), account, feature, source);
            monthly[key] = monthly.GetValueOrDefault(key) + count;
        }

        await UpsertAsync(db, transaction, "UsageDailyCounts", "Day", daily, cancellationToken);
        await UpsertAsync(db, transaction, "UsageMonthlyCounts", "Month", monthly, cancellationToken);
    }

    /// <summary>
    /// Uses per (account, feature) of the Tokyo dates <paramref name="from"/> to <paramref name="to"/> (inclusive):
    /// whole months from the monthly counts, the rest from the daily counts.
    /// </summary>
    public static async Task<List<(int AccountId, string Feature, int Count)>> PerAccountAsync(AppDbContext db, DateOnly from, DateOnly to, string? source, CancellationToken cancellationToken = default)
    {
        var totals = new Dictionary<(int, string), int>();
        foreach (var (first, last, whole) in Split(from, to))
        {
            var rows = whole
                ? await db.Set<UsageMonthlyCount>()
                    .Where(c => c.Month >= first && c.Month <= last && (source == null || c.Source == source))
                    .GroupBy(c => new { c.AccountId, c.Feature })
                    .Select(g => new { g.Key.AccountId, g.Key.Feature, Count = g.Sum(c => c.Count) })
                    .ToListAsync(cancellationToken)
                : await db.Set<UsageDailyCount>()
                    .Where(c => c.Day >= first && c.Day <= last && (source == null || c.Source == source))
                    .GroupBy(c => new { c.AccountId, c.Feature })
                    .Select(g => new { g.Key.AccountId, g.Key.Feature, Count = g.Sum(c => c.Count) })
                    .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                totals[(row.AccountId, row.Feature)] = totals.GetValueOrDefault((row.AccountId, row.Feature)) + row.Count;
            }
        }

        return totals.Select(t => (t.Key.Item1, t.Key.Item2, t.Value)).ToList();
    }

    /// <summary>The period cut into runs of whole months (first days of the months) and runs of loose days.</summary>
    public static IEnumerable<(DateOnly First, DateOnly Last, bool WholeMonths)> Split(DateOnly from, DateOnly to)
    {
        if (from > to)
        {
            yield break;
        }

        var firstWhole = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var afterLastWhole = to.AddDays(1).Day == 1 ? to.AddDays(1) : new DateOnly(to.Year, to.Month, 1);
        if (firstWhole >= afterLastWhole)
        {
            yield return (from, to, false);
            yield break;
        }

        if (from < firstWhole)
        {
            yield return (from, firstWhole.AddDays(-1), false);
        }

        yield return (firstWhole, afterLastWhole.AddMonths(-1), true);
        if (afterLastWhole <= to)
        {
            yield return (afterLastWhole, to, false);
        }
    }

    /// <summary>
    /// Recomputes every count from the events, day by day over the (OccurredAt, Feature) index, in one transaction:
    /// the repair for counts that were lost or never written (events imported by hand, a database from before the counts).
    /// Returns the number of events counted.
    /// </summary>
    public static async Task<long> RebuildAsync(AppDbContext db, IProgress<(DateOnly Day, DateOnly Last)>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<UsageDailyCount>().ExecuteDeleteAsync(cancellationToken);
        await db.Set<UsageMonthlyCount>().ExecuteDeleteAsync(cancellationToken);
        var counted = db.UsageEvents.Where(e => e.AccountId != null);
        var earliest = await counted.OrderBy(e => e.OccurredAt).Select(e => (DateTimeOffset?)e.OccurredAt).FirstOrDefaultAsync(cancellationToken);
        var latest = await counted.OrderByDescending(e => e.OccurredAt).Select(e => (DateTimeOffset?)e.OccurredAt).FirstOrDefaultAsync(cancellationToken);
        long total = 0;
        if (earliest is { } start && latest is { } end)
        {
            var last = Clock.TokyoDate(end);
            for (var day = Clock.TokyoDate(start); day <= last; day = day.AddDays(1))
            {
                var from = Clock.FromTokyo(day);
                var to = Clock.FromTokyo(day.AddDays(1));
                var groups = await counted
                    .Where(e => e.OccurredAt >= from && e.OccurredAt < to)
                    .GroupBy(e => new { e.AccountId, e.Feature, e.Source })
                    .Select(g => new { g.Key.AccountId, g.Key.Feature, g.Key.Source, Count = g.Count() })
                    .ToListAsync(cancellationToken);
                await AddCountedAsync(db, transaction.GetDbTransaction(), day, groups.Select(g => (g.AccountId!.Value, g.Feature, g.Source ?? OwnSource, g.Count)).ToList(), cancellationToken);
                total += groups.Sum(g => (long)g.Count);
                progress?.Report((day, last));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return total;
    }

    private static async Task AddCountedAsync(AppDbContext db, DbTransaction transaction, DateOnly day, List<(int AccountId, string Feature, string Source, int Count)> groups, CancellationToken cancellationToken)
    {
        var month = new DateOnly(day.Year, day.Month, 1);
        await UpsertAsync(db, transaction, "UsageDailyCounts", "Day", groups.ToDictionary(g => (day, g.AccountId, g.Feature, g.Source), g => g.Count), cancellationToken);
        await UpsertAsync(db, transaction, "UsageMonthlyCounts", "Month", groups.ToDictionary(g => (month, g.AccountId, g.Feature, g.Source), g => g.Count), cancellationToken);
    }

    /// <summary>
    /// INSERT … ON CONFLICT DO UPDATE (SQLite and PostgreSQL share the syntax): concurrent writers add, never overwrite.
    /// PostgreSQL gets multi-row statements (one round trip per 200 rows); SQLite, in process, one prepared single-row
    /// statement, because binding a thousand named parameters costs it more than the statements it saves.
    /// </summary>
    private static async Task UpsertAsync(AppDbContext db, DbTransaction transaction, string table, string periodColumn, Dictionary<(DateOnly Period, int AccountId, string Feature, string Source), int> counts, CancellationToken cancellationToken)
    {
        var insert = $"INSERT INTO \"{table}\" (\"{periodColumn}\", \"AccountId\", \"Feature\", \"Source\", \"Count\") VALUES ";
        var conflict = $" ON CONFLICT (\"{periodColumn}\", \"AccountId\", \"Feature\", \"Source\") DO UPDATE SET \"Count\" = \"{table}\".\"Count\" + excluded.\"Count\"";
        if (!db.IsPostgreSql)
        {
            await using var single = db.Database.GetDbConnection().CreateCommand();
            single.Transaction = transaction;
            single.CommandText = insert + "(@d, @a, @f, @s, @c)" + conflict;
            var period = Parameter(single, "@d", DateOnly.MinValue);
            var account = Parameter(single, "@a", 0);
            var feature = Parameter(single, "@f", "");
            var source = Parameter(single, "@s", "");
            var count = Parameter(single, "@c", 0);
            await single.PrepareAsync(cancellationToken);
            foreach (var ((p, a, f, s), c) in counts)
            {
                period.Value = p;
                account.Value = a;
                feature.Value = f;
                source.Value = s;
                count.Value = c;
                await single.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        foreach (var batch in counts.Chunk(RowsPerStatement))
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder(insert);
            for (var i = 0; i < batch.Length; i++)
            {
                var ((p, a, f, s), c) = batch[i];
                sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}(@d{i}, @a{i}, @f{i}, @s{i}, @c{i})");
                Parameter(command, Name("@d", i), p);
                Parameter(command, Name("@a", i), a);
                Parameter(command, Name("@f", i), f);
                Parameter(command, Name("@s", i), s);
                Parameter(command, Name("@c", i), c);
            }

            command.CommandText = sql.Append(conflict).ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string Name(string prefix, int i) => prefix + i.ToString(CultureInfo.InvariantCulture);

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
