using Microsoft.AspNetCore.Components;
using Tsunagu.Core;
using Tsunagu.Core.Requests;
using Tsunagu.Web.Features.Accounts;

namespace Tsunagu.Web.Features.Requests;

public sealed partial class WorkRequestCompose
{
    [Inject] private WorkRequestService Requests { get; set; } = default!;

    [Inject] private WorkRequestReader Reader { get; set; } = default!;

    [Inject] private CurrentUser Me { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "to")] private string? ToText { get; set; }

    private IReadOnlyList<DepartmentChoice> _departments = [];
    private int? _department;
    private string? _person;
    private string? _watchers;
    private string? _subject;
    private string? _details;
    private string _due = "";
    private WorkRequestPriority _priority = WorkRequestPriority.Normal;
    private string? _query;
    private DateOnly _today;
    private IReadOnlyList<PartyLine>? _matches;
    private List<string> _errors = [];

    private bool IsPost => HttpMethods.IsPost(HttpContext.Request.Method) && HttpContext.Request.HasFormContentType;

    protected override async Task OnInitializedAsync()
    {
        _today = WorkRequestFormat.Today(Time);
        _departments = await Reader.DepartmentsAsync(HttpContext.RequestAborted);
        _department = int.TryParse(ToText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var to) ? to : null;
        if (IsPost)
        {
            var form = HttpContext.Request.Form;
            _department = int.TryParse(form["department"].FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
            _person = form["person"].FirstOrDefault();
            _watchers = form["watchers"].FirstOrDefault();
            _subject = form["subject"].FirstOrDefault();
            _details = form["details"].FirstOrDefault();
            _due = form["due"].FirstOrDefault() ?? "";
            _priority = WorkRequestFormat.ParsePriority(form["priority"].FirstOrDefault()) is (true, { } p) ? p : WorkRequestPriority.Normal;
            _query = form["q"].FirstOrDefault();
        }
    }

    private async Task SubmitAsync()
    {
        var form = HttpContext.Request.Form;
        var command = form["command"].FirstOrDefault() ?? "";
        var cancellationToken = HttpContext.RequestAborted;
        if (command == "find")
        {
            _matches = await Reader.SearchPeopleAsync(_query, 20, cancellationToken);
            return;
        }

        var picked = form["pick"].Select(p => (p ?? "").Trim()).Where(p => p.Length is > 0 and <= 200).ToList();
        if (command == "set-person")
        {
            if (picked.Count > 0)
            {
                _person = picked[0];
            }

            _query = null;
            return;
        }

        if (command == "add-watchers")
        {
            var lines = Lines(_watchers);
            lines.AddRange(picked.Where(p => !lines.Contains(p, StringComparer.Ordinal)));
            _watchers = string.Join("\n", lines);
            _query = null;
            return;
        }

        DateOnly? due = null;
        if (!string.IsNullOrWhiteSpace(_due))
        {
            due = WorkRequestFormat.ParseDate(_due);
            if (due is null)
            {
                _errors.Add(T["New.DueInvalid"]);
            }
        }

        if (_department is null)
        {
            _errors.Add(T["New.DepartmentMissing"]);
        }

        if (string.IsNullOrWhiteSpace(_subject))
        {
            _errors.Add(T["New.SubjectMissing"]);
        }

        int? person = null;
        if (!string.IsNullOrWhiteSpace(_person))
        {
            var (id, error) = await Reader.FindPersonAsync(_person, cancellationToken);
            if (error is not null)
            {
                _errors.Add(string.Format(System.Globalization.CultureInfo.CurrentCulture, T["New.PersonProblem"], error));
            }

            person = id;
        }

        var watcherIds = new List<int>();
        foreach (var line in Lines(_watchers))
        {
            var (id, error) = await Reader.FindPersonAsync(line, cancellationToken);
            if (id is { } w)
            {
                watcherIds.Add(w);
            }
            else
            {
                _errors.Add(string.Format(System.Globalization.CultureInfo.CurrentCulture, T["New.WatcherProblem"], error));
            }
        }

        if (_errors.Count > 0)
        {
            Refuse();
            return;
        }

        var files = form.Files.Where(f => f.Name == "files" && f.Length > 0).ToList();
        var streams = files.Select(f => new WorkRequestFile(f.FileName, f.ContentType, f.OpenReadStream())).ToList();
        try
        {
            var id = await Requests.CreateAsync(Me.RequiredId, new NewWorkRequest
            {
                Subject = _subject ?? "",
                Details = _details ?? "",
                ToDepartmentId = _department,
                ToAccountId = person,
                DueDate = due,
                Priority = _priority,
                WatcherIds = watcherIds,
                Files = streams,
            }, cancellationToken);
            Navigation.NavigateTo($"{WorkRequestService.Url(id)}?done=created");
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

    private static List<string> Lines(string? text) =>
        (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    private void Refuse()
    {
        _errors = _errors.Distinct().ToList();
        HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
