using Microsoft.Playwright;

namespace Tsunagu.EndToEnd.Tests.Infrastructure;

/// <summary>Collects what a page reports as broken: console errors, uncaught exceptions, failed requests, 4xx/5xx answers.</summary>
public sealed class BrowserLog
{
    private readonly List<string> _problems = [];
    private readonly List<string> _timeline = [];
    private readonly HashSet<IRequest> _answered = [];

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
        page.RequestFailed += (_, request) =>
        {
            var entry = $"request failed: {request.Method} {request.Url} {request.Failure} ({request.ResourceType}, navigation: {request.IsNavigationRequest}, page at {page.Url})";
            if (IsCancelledAfterItsPageArrived(request, page.Url))
            {
                Note("(not a problem) " + entry);
                return;
            }

            Add(entry);
        };
        page.Request += (_, request) => Note($"→ {request.Method} {request.Url} ({request.ResourceType}, navigation: {request.IsNavigationRequest})");
        page.FrameNavigated += (_, frame) => Note($"frame navigated to {frame.Url}");
        page.Response += (_, response) =>
        {
            if (response.Ok)
            {
                lock (_problems)
                {
                    _answered.Add(response.Request);
                }
            }

            Note($"← {response.Status} {response.Request.Method} {response.Url} ({response.Headers.GetValueOrDefault("content-type")})");
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

    /// <summary>The problems, then every request, answer and navigation of the page in order: what a failing test prints.</summary>
    public string Report
    {
        get
        {
            lock (_problems)
            {
                return string.Join(Environment.NewLine, [.. _problems, "timeline:", .. _timeline]);
            }
        }
    }

    /// <summary>
    /// Blazor's enhanced navigation fetches the next page with <c>fetch</c>. On a busy machine Chromium sometimes
    /// reports that fetch as <c>net::ERR_ABORTED</c> (CDP: <c>canceled: true</c>) after its 2xx answer and the
    /// whole page had arrived and been shown (measured: 16,527 of 16,527 bytes received, then cancelled 0.7 ms later,
    /// before the closing chunk). That is not a failure a person could see; an aborted fetch of any other address,
    /// one without an answer, or one answered with an error still is.
    /// </summary>
    private bool IsCancelledAfterItsPageArrived(IRequest request, string pageUrl)
    {
        lock (_problems)
        {
            return request.Failure == "net::ERR_ABORTED"
                && request.ResourceType == "fetch"
                && request.Method == "GET"
                && request.Url == pageUrl
                && _answered.Contains(request);
        }
    }

    private void Add(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
            _timeline.Add($"{TimeProvider.System.GetUtcNow():HH:mm:ss.fff} PROBLEM {problem}");
        }
    }

    private void Note(string entry)
    {
        lock (_problems)
        {
            _timeline.Add($"{TimeProvider.System.GetUtcNow():HH:mm:ss.fff} {entry}");
        }
    }
}
