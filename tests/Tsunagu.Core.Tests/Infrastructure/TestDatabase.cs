using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;

namespace Tsunagu.Core.Tests.Infrastructure;

/// <summary>
/// A fresh database of the given kind and a service provider built the way the host builds it.
/// SQLite: a temporary WAL file per test. PostgreSQL: a new database <c>tsunagu_test_…</c> on the server named by
/// <c>TSUNAGU_TEST_POSTGRES</c>, dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "TSUNAGU_TEST_POSTGRES";

    /// <summary>A fixed "now" so dates in tests never depend on the day they run.</summary>
    public static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Func<Task> _drop;

    private TestDatabase(DatabaseKind kind, DatabaseSettings settings, FakeTimeProvider clock, Func<Task> drop)
    {
        Kind = kind;
        Settings = settings;
        Clock = clock;
        _drop = drop;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(clock);

        // As Tsunagu.Web's TsunaguServices registers them: a context factory, one context per scope, Identity's
        // schema version 3 (passkeys; without it the model differs from the migrations) and the same login characters.
        services.AddDbContextFactory<AppDbContext>(o => settings.Apply(o));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<Account>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789._-";
                DatabaseSettings.ConfigureIdentityStore(o);
            })
            .AddRoles<IdentityRole<int>>()
            .AddEntityFrameworkStores<AppDbContext>();
        services.AddTsunaguCore();
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public DatabaseKind Kind { get; }

    public DatabaseSettings Settings { get; }

    public FakeTimeProvider Clock { get; }

    public ServiceProvider Services { get; }

    /// <summary>A migrated database with the standard roles and positions, as every city starts.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind)
    {
        var database = await CreateEmptyAsync(kind);
        try
        {
            await using var scope = database.Scope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<OrganizationService>().EnsureStandardSetupAsync();
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>An empty database without tables, for tests of <see cref="Bootstrapper"/>.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(Start);
        return kind switch
        {
            DatabaseKind.Sqlite => CreateSqlite(clock),
            DatabaseKind.PostgreSql => await CreatePostgreSqlAsync(clock),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>Runs <paramref name="action"/> in its own scope (its own DbContext), as one request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Scope();
        return await action(scope.ServiceProvider);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Scope();
        await action(scope.ServiceProvider);
    }

    /// <summary>Queries through a fresh context, so nothing cached by the code under test is seen.</summary>
    public Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query) =>
        InScopeAsync(sp => query(sp.GetRequiredService<AppDbContext>()));

    /// <summary>Creates an active staff member (and the department 総務部/総務課 if needed).</summary>
    public Task<Account> CreateStaffAsync(string login, string? email = null, string position = "主事") =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var organization = sp.GetRequiredService<OrganizationService>();
            var department = await db.Departments.SingleOrDefaultAsync(d => d.Path == "総務部/総務課");
            if (department is null)
            {
                var parent = await db.Departments.SingleOrDefaultAsync(d => d.Path == "総務部")
                    ?? await organization.CreateDepartmentAsync("総務部", "部", null, Actor.System);
                department = await organization.CreateDepartmentAsync("総務課", "課", parent.Id, Actor.System);
            }

            var positionId = await db.Positions.Where(p => p.Name == position).Select(p => p.Id).SingleAsync();
            return await organization.CreateStaffAsync(new StaffInput(login, $"職員\u3000{login}", "しょくいん", department.Id, positionId, email), Actor.System);
        });

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _drop();
    }

    private static TestDatabase CreateSqlite(FakeTimeProvider clock)
    {
        var folder = Path.Combine(Path.GetTempPath(), "tsunagu-core-tests");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
        var settings = DatabaseSettings.ForSqliteFile(file);
        return new TestDatabase(DatabaseKind.Sqlite, settings, clock, () =>
        {
            using (var connection = new SqliteConnection(settings.ConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }

            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }

            return Task.CompletedTask;
        });
    }

    private static async Task<TestDatabase> CreatePostgreSqlAsync(FakeTimeProvider clock)
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            throw new InvalidOperationException(
                (ci ? "CI=true but " : "")
                + $"{PostgresVariable} is not set, so this PostgreSQL test cannot run (PostgreSQL tests are never skipped). "
                + "Run scripts/test, which starts a PostgreSQL 15 cluster on port 55432, or set "
                + $"{PostgresVariable}=\"Host=127.0.0.1;Port=55432;Username=postgres\".");
        }

        var name = $"tsunagu_test_{Guid.NewGuid():N}";
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0");
        return new TestDatabase(DatabaseKind.PostgreSql, new DatabaseSettings(DatabaseProvider.PostgreSql, connectionString), clock, async () =>
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        });
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
