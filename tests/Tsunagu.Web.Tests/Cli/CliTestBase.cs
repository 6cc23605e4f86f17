using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Web.Cli;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Cli;

/// <summary>
/// A data folder and database of its own for each test, with the process environment pointed at them (the verbs read
/// their settings there) and put back afterwards; runs a verb with its output captured.
/// </summary>
public abstract class CliTestBase(DatabaseKind kind, string prefix) : IAsyncLifetime
{
    private static readonly string[] Variables = ["Tsunagu__DataPath", "Tsunagu__Demo", "Database__Provider", "ConnectionStrings__Tsunagu", "ConnectionStrings__Redis"];
    private readonly Dictionary<string, string?> _saved = [];

    protected DatabaseKind Kind => kind;

    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), "tsunagu-web-tests", prefix + "-" + Guid.NewGuid().ToString("N"));

    protected string? ConnectionString { get; private set; }

    protected DatabaseSettings Database => kind == DatabaseKind.PostgreSql
        ? new DatabaseSettings(DatabaseProvider.PostgreSql, ConnectionString!)
        : DatabaseSettings.ForSqliteFile(Path.Combine(Folder, "tsunagu.db"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        if (kind == DatabaseKind.PostgreSql)
        {
            ConnectionString = await PostgresServer.CreateDatabaseAsync(PostgresServer.NewDatabaseName(prefix));
        }

        foreach (var name in Variables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
        }

        Environment.SetEnvironmentVariable("Tsunagu__DataPath", Folder);
        Environment.SetEnvironmentVariable("Tsunagu__Demo", "false");
        Environment.SetEnvironmentVariable("Database__Provider", kind == DatabaseKind.PostgreSql ? "PostgreSql" : "Sqlite");
        Environment.SetEnvironmentVariable("ConnectionStrings__Tsunagu", ConnectionString);
        Environment.SetEnvironmentVariable("ConnectionStrings__Redis", null);
    }

    public async Task DisposeAsync()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        SqliteConnection.ClearAllPools();
        if (ConnectionString is not null)
        {
            await PostgresServer.DropDatabaseAsync(ConnectionString);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    protected static async Task<CliRun> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await CommandLine.RunAsync(args[0], args[1..]);
            return new CliRun(code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    protected async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        Database.Apply(options);
        await using var db = new AppDbContext(options.Options);
        return await query(db);
    }
}
