namespace Tsunagu.Core.Data;

/// <summary>Recognises the provider errors that the product turns into rules rather than failures.</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// A primary or unique key refused the insert: on PostgreSQL 23505, on SQLite SQLITE_CONSTRAINT_PRIMARYKEY (1555) or
    /// SQLITE_CONSTRAINT_UNIQUE (2067). Jobs that several app instances run at once ("remind once a day") and forms that
    /// must not create a name twice rely on the key and catch this.
    /// </summary>
    public static bool IsDuplicateKey(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException { SqlState: "23505" })
            {
                return true;
            }

            if (e is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 1555 or 2067 })
            {
                return true;
            }
        }

        return false;
    }
}
