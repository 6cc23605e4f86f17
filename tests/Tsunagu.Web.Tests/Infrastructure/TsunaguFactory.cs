using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tsunagu.Web.Tests.Infrastructure;

/// <summary>
/// The real app (Program) on a TestServer. Program itself runs <c>Bootstrapper.RunAsync</c> (migrations, then the demo
/// city or a lone administrator) before it starts the host, and the factory waits for that start, so a fixture gets a
/// ready database the moment <see cref="WebApplicationFactory{TEntryPoint}.Services"/> returns.
/// </summary>
public sealed class TsunaguFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? testServices = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Settings read before the host is built; they must come through UseSetting.</summary>
    public static Dictionary<string, string?> Settings(DatabaseKind kind, string dataPath, string? connectionString, bool demo) => new(StringComparer.Ordinal)
    {
        ["Tsunagu:DataPath"] = dataPath,
        ["Tsunagu:Demo"] = demo ? "true" : "false",
        ["Database:Provider"] = kind == DatabaseKind.PostgreSql ? "PostgreSql" : "Sqlite",
        ["ConnectionStrings:Tsunagu"] = connectionString ?? "",
        ["ConnectionStrings:Redis"] = "",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
    };

    /// <summary>Errors the app logged, for the message of a failing test.</summary>
    public ServerErrors Errors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
        // What is deployed, not the development environment.
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestClientAddress>());
        if (testServices is not null)
        {
            builder.ConfigureTestServices(testServices);
        }
    }
}
