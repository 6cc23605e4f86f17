using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Tsunagu.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string SqliteMigrationsAssembly = "Tsunagu.Migrations.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "Tsunagu.Migrations.PostgreSql";

    public static DatabaseSettings ForSqliteFile(string path) =>
        new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString());

    /// <summary>
    /// Identity reads its schema version (3: passkeys) from the application's services. Hosts configure it with
    /// <see cref="ConfigureIdentityStore"/>; design-time factories and tools pass these services instead.
    /// </summary>
    public static IServiceProvider IdentityStoreServices { get; } =
        new ServiceCollection().Configure<IdentityOptions>(ConfigureIdentityStore).BuildServiceProvider();

    public static void ConfigureIdentityStore(IdentityOptions options) => options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;

    public void Apply(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            options.UseNpgsql(ConnectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly));
        }
        else
        {
            options.UseSqlite(ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
            options.AddInterceptors(SqlitePragmas.Instance);
        }
    }

    public static DatabaseProvider ParseProvider(string? value) =>
        value?.Trim().ToUpperInvariant() switch
        {
            null or "" or "SQLITE" => DatabaseProvider.Sqlite,
            "POSTGRESQL" or "POSTGRES" or "NPGSQL" => DatabaseProvider.PostgreSql,
            _ => throw new InvalidOperationException($"Unknown Database:Provider '{value}'. Use Sqlite or PostgreSql."),
        };
}

/// <summary>Durability and integrity settings for every SQLite connection (DESIGN principle 2: WAL, synchronous=FULL).</summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static SqlitePragmas Instance { get; } = new();

    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
