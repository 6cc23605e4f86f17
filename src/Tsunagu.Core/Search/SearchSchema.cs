using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Search;

/// <summary>
/// The provider-specific full-text side of <see cref="SearchEntry"/>, which the EF model cannot express: on SQLite an
/// external-content FTS5 table kept by triggers, on PostgreSQL a generated, weighted tsvector column with a GIN index.
/// Runs after every migration (AppDbContext's seeding hook), because a SQLite table rebuild by a later migration drops
/// triggers; idempotent and cheap when everything is in place (docs/decisions/0004-search-index.md).
/// </summary>
public static class SearchSchema
{
    internal const string FtsTable = "SearchFts";

    private static readonly string[] SqliteObjects = [FtsTable, "SearchEntries_fts_insert", "SearchEntries_fts_delete", "SearchEntries_fts_update"];

    private const string SqliteDdl = """
        CREATE VIRTUAL TABLE IF NOT EXISTS SearchFts USING fts5(
            TitleTokens, BodyTokens, content='SearchEntries', content_rowid='Id', tokenize='ascii');
        CREATE TRIGGER IF NOT EXISTS SearchEntries_fts_insert AFTER INSERT ON SearchEntries BEGIN
            INSERT INTO SearchFts(rowid, TitleTokens, BodyTokens) VALUES (new.Id, new.TitleTokens, new.BodyTokens);
        END;
        CREATE TRIGGER IF NOT EXISTS SearchEntries_fts_delete AFTER DELETE ON SearchEntries BEGIN
            INSERT INTO SearchFts(SearchFts, rowid, TitleTokens, BodyTokens) VALUES ('delete', old.Id, old.TitleTokens, old.BodyTokens);
        END;
        CREATE TRIGGER IF NOT EXISTS SearchEntries_fts_update AFTER UPDATE OF TitleTokens, BodyTokens ON SearchEntries BEGIN
            INSERT INTO SearchFts(SearchFts, rowid, TitleTokens, BodyTokens) VALUES ('delete', old.Id, old.TitleTokens, old.BodyTokens);
            INSERT INTO SearchFts(rowid, TitleTokens, BodyTokens) VALUES (new.Id, new.TitleTokens, new.BodyTokens);
        END;
        INSERT INTO SearchFts(SearchFts) VALUES ('rebuild');
        """;

    // Our tokens contain only letters, digits, kana and kanji, which the default parser keeps whole; 'simple' only lower-cases.
    private const string PostgreSqlDdl = """
        ALTER TABLE "SearchEntries" ADD COLUMN IF NOT EXISTS "SearchVector" tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, "TitleTokens"), 'A') || setweight(to_tsvector('simple'::regconfig, "BodyTokens"), 'B')) STORED;
        CREATE INDEX IF NOT EXISTS "IX_SearchEntries_SearchVector" ON "SearchEntries" USING GIN ("SearchVector");
        """;

    public static async Task EnsureAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.IsPostgreSql)
        {
            var present = await ScalarAsync(db, """
                SELECT (SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'SearchEntries' AND column_name = 'SearchVector')
                     + (SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'IX_SearchEntries_SearchVector')
                """, cancellationToken);
            if (present < 2)
            {
                await db.Database.ExecuteSqlRawAsync(PostgreSqlDdl, cancellationToken);
            }

            return;
        }

        var existing = await ScalarAsync(db, $"SELECT COUNT(*) FROM sqlite_master WHERE name IN ({string.Join(", ", SqliteObjects.Select(o => $"'{o}'"))})", cancellationToken);
        if (existing < SqliteObjects.Length)
        {
            // Something was missing (first run, or a migration rebuilt SearchEntries and dropped the triggers):
            // create what is missing and rebuild the FTS index from the table, which is the truth.
            await db.Database.ExecuteSqlRawAsync(SqliteDdl, cancellationToken);
        }
    }

    internal static async Task<long> ScalarAsync(AppDbContext db, string sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
