using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tsunagu.Core;
using Tsunagu.Core.Circulation;
using Tsunagu.Web.Features.Accounts;

namespace Tsunagu.Web.Features.Circulation;

public sealed partial class CircularCompose
{
    [Inject] private CirculationService Circulations { get; set; } = default!;

    [Inject] private RecipientResolver Resolver { get; set; } = default!;

    [Inject] private CurrentUser Me { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    private string? _title;
    private string? _body;
    private CircularMode _mode = CircularMode.AllAtOnce;
    private string _due = "";
    private string? _recipients;
    private string? _query;
    private DateOnly _today;
    private RecipientResolution? _resolution;
    private (IReadOnlyList<RecipientOption> People, IReadOnlyList<DepartmentOption> Departments)? _matches;
    private List<string> _errors = [];

    private bool IsPost => HttpMethods.IsPost(HttpContext.Request.Method) && HttpContext.Request.HasFormContentType;

    protected override void OnInitialized()
    {
        _today = CirculationFormat.Today(Time);
        _due = CirculationFormat.IsoDate(_today.AddDays(7));
        if (IsPost)
        {
            var form = HttpContext.Request.Form;
            _title = form["title"].FirstOrDefault();
            _body = form["body"].FirstOrDefault();
            _mode = form["mode"].FirstOrDefault() == "order" ? CircularMode.InOrder : CircularMode.AllAtOnce;
            _due = form["due"].FirstOrDefault() ?? "";
            _recipients = form["recipients"].FirstOrDefault();
            _query = form["q"].FirstOrDefault();
        }
    }

    private async Task SubmitAsync()
    {
        var form = HttpContext.Request.Form;
        var command = form["command"].FirstOrDefault() ?? "";
        var me = Me.RequiredId;
        if (command == "find")
        {
            _matches = await Resolver.FindAsync(_query, HttpContext.RequestAborted);
            await PreviewAsync(me);
            return;
        }

        if (command == "add")
        {
            var lines = (_recipients ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            foreach (var added in form["add"].Select(a => (a ?? "").Trim()).Where(a => a.Length is > 0 and <= 300))
            {
                if (!lines.Contains(added, StringComparer.Ordinal))
                {
                    lines.Add(added);
                }
            }

            _recipients = string.Join("\n", lines);
            _query = null;
            await PreviewAsync(me);
            return;
        }

        if (!DateOnly.TryParseExact(_due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due))
        {
            _errors.Add(T["New.DueInvalid"]);
        }

        if (string.IsNullOrWhiteSpace(_title))
        {
            _errors.Add(T["New.TitleMissing"]);
        }

        await PreviewAsync(me);
        if (_errors.Count > 0)
        {
            Refuse();
            return;
        }

        var files = form.Files.Where(f => f.Name == "files" && f.Length > 0).ToList();
        var streams = files.Select(f => new CircularFile(f.FileName, f.ContentType, f.OpenReadStream())).ToList();
        try
        {
            var circular = await Circulations.SendAsync(new CirculationViewer(me, Me.DisplayName, HttpContext.Connection.RemoteIpAddress?.ToString()),
                new NewCircular(_title ?? "", _body, _mode, due, _recipients ?? "") { Files = streams }, HttpContext.RequestAborted);
            Navigation.NavigateTo($"{CirculationService.Url(circular.Id)}?done=sent");
            return;
        }
        catch (DomainException ex)
        {
            _errors.AddRange(ex.Message.Split('\n'));
        }
        finally
        {
            foreach (var s in streams)
            {
                await s.Content.DisposeAsync();
            }
        }

        if (files.Count > 0)
        {
            _errors.Add(T["New.FilesAgain"]);
        }

        Refuse();
    }

    /// <summary>Shows whom the list names now; its problems, one per line, join the page's errors.</summary>
    private async Task PreviewAsync(int me)
    {
        if (string.IsNullOrWhiteSpace(_recipients))
        {
            return;
        }

        _resolution = await Resolver.ResolveAsync(_recipients, me, HttpContext.RequestAborted);
        _errors.AddRange(_resolution.Errors.Where(e => !_errors.Contains(e)));
    }

    private void Refuse()
    {
        _errors = _errors.Distinct().ToList();
        HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
