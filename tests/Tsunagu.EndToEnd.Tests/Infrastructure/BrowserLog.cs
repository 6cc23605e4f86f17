using Microsoft.Playwright;

namespace Tsunagu.EndToEnd.Tests.Infrastructure;

/// <summary>Collects what a page reports as broken: console errors, uncaught exceptions, failed requests, 4xx/5xx answers.</summary>
public sealed class BrowserLog
{
    private readonly List<string> _problems = [];

    public BrowserLog(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Add($"console {message.Type}: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Add($"page error: {error}");
        page.RequestFailed += (_, request) => Add($"request failed: {request.Method} {request.Url} {request.Failure} ({request.ResourceType}, navigation: {request.IsNavigationRequest}, page at {page.Url}, {TimeProvider.System.GetUtcNow():HH:mm:ss.fff})");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Add($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
    }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    private void Add(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
