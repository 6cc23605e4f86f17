using Tsunagu.Core.Data;

namespace Tsunagu.Web.Hosting;

/// <summary>Settings read before the host is built (data folder, database, demo); see docs/configuration.md.</summary>
public sealed record TsunaguOptions(string DataPath, bool Demo, string? AdminPassword, DatabaseSettings Database, string? Redis)
{
    /// <summary>
    /// <c>dotnet run --project src/Tsunagu.Web</c> runs in the project folder; from a source checkout the default data
    /// folder is the checkout's <c>./data</c>, next to Tsunagu.slnx. Deployed (no solution file above), it is <c>./data</c>.
    /// </summary>
    private static string? SourceRoot(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tsunagu.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public static TsunaguOptions From(IConfiguration configuration, string contentRoot)
    {
        var dataPath = configuration["Tsunagu:DataPath"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, Directory.GetCurrentDirectory())
            : Path.Combine(SourceRoot(contentRoot) ?? Directory.GetCurrentDirectory(), "data");
        var provider = DatabaseSettings.ParseProvider(configuration["Database:Provider"]);
        var connectionString = configuration.GetConnectionString("Tsunagu");
        DatabaseSettings database;
        if (provider == DatabaseProvider.PostgreSql)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is PostgreSql but ConnectionStrings:Tsunagu is empty.");
            }

            database = new DatabaseSettings(DatabaseProvider.PostgreSql, connectionString);
        }
        else
        {
            database = string.IsNullOrWhiteSpace(connectionString)
                ? DatabaseSettings.ForSqliteFile(Path.Combine(dataPath, "tsunagu.db"))
                : new DatabaseSettings(DatabaseProvider.Sqlite, connectionString);
        }

        var demo = !bool.TryParse(configuration["Tsunagu:Demo"], out var d) || d;
        return new TsunaguOptions(dataPath, demo, configuration["Tsunagu:AdminPassword"], database, configuration.GetConnectionString("Redis"));
    }
}
