using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Tsunagu.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel (a random loopback port) with the demo city in a data folder of its own.
/// The entry point runs as in production, so <c>TsunaguHost</c> seeds the demo city before the server starts.
/// </summary>
public sealed class TsunaguApp : WebApplicationFactory<Program>
{
    public TsunaguApp()
    {
        DataPath = Directory.CreateTempSubdirectory("tsunagu-e2e-").FullName;
        UseKestrel(0);
    }

    public string DataPath { get; }

    /// <summary>The server's address without the trailing slash, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    public string Url(string path) => BaseUrl + path;

    public void Start()
    {
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Tsunagu:DataPath", DataPath);
        builder.UseSetting("Tsunagu:Demo", "true");
        builder.UseSetting("urls", "http://127.0.0.1:0");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the folder is under /tmp.
        }
    }
}
