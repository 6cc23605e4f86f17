using System.Reflection;
using Microsoft.Playwright;

namespace Tsunagu.EndToEnd.Tests.Infrastructure;

/// <summary>Full-page PNGs for people to look at; the folder is TSUNAGU_SCREENSHOTS or artifacts/screenshots in the checkout.</summary>
public static class Screenshots
{
    public static string Folder { get; } = Resolve();

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{name}-{page.ViewportSize?.Width}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string Resolve()
    {
        if (Environment.GetEnvironmentVariable("TSUNAGU_SCREENSHOTS") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var root = typeof(Screenshots).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(root, "artifacts", "screenshots"));
    }
}
