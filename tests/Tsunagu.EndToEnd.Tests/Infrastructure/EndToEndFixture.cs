using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Tsunagu.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One app (demo city) and one Chromium for the whole suite; each test opens its own browser context (own cookies).
/// Starting the app seeds 828 accounts, so it happens once; a test that needs an untouched city of its own
/// (MFA enrolment) starts a second app from a copy of the freshly seeded database.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    private string? _seededCopy;
    private IPlaywright? _playwright;

    public TsunaguApp App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var launch = Task.Run(LaunchBrowserAsync);
        await Task.Run(App.Start);
        _seededCopy = CopyDatabase(App.DataPath);
        await launch;
    }

    private async Task LaunchBrowserAsync()
    {
        _playwright = await Playwright.CreateAsync();
        var executable = Environment.GetEnvironmentVariable("TSUNAGU_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A second app whose data folder starts as a copy of the freshly seeded demo city.</summary>
    public TsunaguApp StartFreshApp()
    {
        var app = new TsunaguApp();
        File.Copy(_seededCopy!, Path.Combine(app.DataPath, "tsunagu.db"));
        app.Start();
        return app;
    }

    /// <summary>A new browser context (no cookies) and page, Japanese and Tokyo time like the city's PCs.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    // The SQLite backup API gives a consistent snapshot even while the app writes (WAL).
    private static string CopyDatabase(string dataPath)
    {
        var target = Path.Combine(Path.GetTempPath(), $"tsunagu-e2e-seeded-{Guid.NewGuid():N}.db");
        using var source = new SqliteConnection($"Data Source={Path.Combine(dataPath, "tsunagu.db")};Pooling=False");
        using var destination = new SqliteConnection($"Data Source={target};Pooling=False");
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
        return target;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        if (_seededCopy is not null)
        {
            File.Delete(_seededCopy);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndSuite : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "EndToEnd";
}
