using Npgsql;

namespace Tsunagu.Web.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server named by <c>TSUNAGU_TEST_POSTGRES</c> (a connection string without a database). Each fixture
/// gets a database of its own, dropped when it is disposed. PostgreSQL tests are never skipped: without the variable they fail.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "TSUNAGU_TEST_POSTGRES";

    public static string ServerConnectionString()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set, so this PostgreSQL test cannot run (PostgreSQL tests are never skipped). "
                + "Run scripts/test, which starts a PostgreSQL cluster, or set "
                + $"{Variable}=\"Host=127.0.0.1;Port=55432;Username=postgres\".");
        }

        return server;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var server = ServerConnectionString();
        await ExecuteAsync(Admin(server), $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0");
        // Every fixture has a pool of its own and many live at once: idle connections are closed after seconds, not the
        // default five minutes, so that the fixtures together stay under the server's max_connections.
        return new NpgsqlConnectionStringBuilder(server) { Database = name, ConnectionIdleLifetime = 10, ConnectionPruningInterval = 5 }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAsync(Admin(connectionString), $"DROP DATABASE IF EXISTS \"{builder.Database}\" WITH (FORCE)");
    }

    public static string NewDatabaseName(string purpose) => $"tsunagu_web_{purpose}_{Guid.NewGuid():N}";

    private static string Admin(string server) => new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
