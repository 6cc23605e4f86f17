using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Forms;

namespace Tsunagu.Web.Features.Approvals;

/// <summary>
/// Filling a form (/approvals/new/{code}) or editing one's own draft, sent-back or pulled-back request. One form post
/// handles 行を追加, ルートを確認, 下書き保存 and 申請する; a refusal re-renders what was typed with the messages.
/// </summary>
public partial class RequestEdit
{
    private const int MaxBlankRows = 60;

    [Parameter]
    public string? Code { get; set; }

    [Parameter]
    public int? Id { get; set; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    private sealed record ChoiceStep(int Index, string Name, IReadOnlyList<PickerOption> People);

    private ApprovalViewer _viewer = default!;
    private FormDefinition? _definition;
    private FormSchema? _schema;
    private RouteDefinition? _routeDefinition;
    private string? _number;
    private JsonObject _values = [];
    private Dictionary<string, string>? _errors;
    private FormLookups _lookups = FormLookups.Empty;
    private Dictionary<string, int> _blankRows = new(StringComparer.Ordinal);
    private List<ChoiceStep> _choiceSteps = [];
    private Dictionary<int, int> _choices = [];
    private IReadOnlyList<ResolvedStep>? _route;
    private string? _routeProblem;
    private string? _error;
    private string? _comment;
    private string? _sentBackComment;
    private string _clientKey = Guid.NewGuid().ToString("N");
    private bool _resubmit;

    private bool IsPost => HttpMethods.IsPost(HttpContext.Request.Method) && HttpContext.Request.HasFormContentType;

    protected override async Task OnInitializedAsync()
    {
        _viewer = await ApprovalViewerFactory.ForAsync(Db, Me, HttpContext);
        if (Id is { } id)
        {
            if (!await Db.ApprovalRequests.AnyAsync(r => r.Id == id))
            {
                NotFound();
                return;
            }

            var request = await Reader.GetAsync(_viewer, id);
            if (request.ApplicantId != _viewer.AccountId)
            {
                throw new AccessDeniedException("申請者だけが編集できます。");
            }

            if (!request.IsEditable)
            {
                Navigation.NavigateTo($"/approvals/{id.ToString(CultureInfo.InvariantCulture)}");
                return;
            }

            _definition = request.FormDefinition;
            _schema = FormSchema.FromJson(request.FormVersion!.SchemaJson);
            _routeDefinition = RouteDefinition.FromJson(request.FormVersion.RouteJson);
            _number = request.Number;
            _resubmit = request.Status is RequestStatus.SentBack or RequestStatus.PulledBack;
            _sentBackComment = request.Status == RequestStatus.SentBack
                ? request.Actions.OrderBy(a => a.Sequence).LastOrDefault(a => a.Kind == ActionKind.SendBack)?.Comment is { Length: > 0 } c ? c : null
                : null;
            _values = JsonNode.Parse(request.ValuesJson) as JsonObject ?? [];
        }
        else
        {
            _definition = await Db.FormDefinitions.AsNoTracking().FirstOrDefaultAsync(f => f.Code == Code && f.IsActive && f.CurrentVersion > 0);
            if (_definition is null)
            {
                NotFound();
                return;
            }

            var version = await Db.FormVersions.AsNoTracking().FirstAsync(v => v.FormDefinitionId == _definition.Id && v.Number == _definition.CurrentVersion);
            _schema = FormSchema.FromJson(version.SchemaJson);
            _routeDefinition = RouteDefinition.FromJson(version.RouteJson);
        }

        _lookups = await FormLookupsLoader.ForEditAsync(Db, Id);
        _choiceSteps = await ChoiceStepsAsync(_routeDefinition);
        if (IsPost)
        {
            var form = HttpContext.Request.Form;
            _values = FormPost.ToValues(_schema, form);
            _comment = form["comment"].FirstOrDefault();
            if (form["clientKey"].FirstOrDefault() is { Length: > 0 and <= ApprovalService.MaxClientKeyLength } key)
            {
                _clientKey = key;
            }

            foreach (var table in _schema.Fields.Where(f => f.Type == FieldType.Table))
            {
                if (int.TryParse(form[$"blank.{table.Key}"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= MaxBlankRows)
                {
                    _blankRows[table.Key] = n;
                }
            }

            foreach (var step in _choiceSteps)
            {
                if (int.TryParse(form[$"choice.{step.Index.ToString(CultureInfo.InvariantCulture)}"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var chosen))
                {
                    _choices[step.Index] = chosen;
                }
            }

            await ShowComputedAsync();
        }
    }

    private void NotFound()
    {
        HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
        _definition = null;
        _schema = null;
    }

    private async Task SubmitAsync()
    {
        if (_schema is null)
        {
            return;
        }

        var form = HttpContext.Request.Form;
        var command = form["command"].FirstOrDefault() ?? "";
        if (form["addrow"].FirstOrDefault() is { } table && _schema.Find(table) is { Type: FieldType.Table })
        {
            _blankRows[table] = Math.Min(MaxBlankRows, (_blankRows.TryGetValue(table, out var n) ? n : 3) + 3);
            return;
        }

        if (command is not ("draft" or "submit"))
        {
            await PreviewAsync();
            return;
        }

        var files = form.Files
            .Where(f => f.Name.StartsWith("file.", StringComparison.Ordinal) && f.Length > 0)
            .Select(f => new NewFile(f.Name["file.".Length..], f.FileName, f.ContentType, f.OpenReadStream()))
            .ToList();
        try
        {
            var saved = await Approvals.SaveAsync(_viewer, new SaveRequest(_definition!.Code, Id, _values)
            {
                Files = files,
                Choices = _choices,
                Submit = command == "submit",
                Comment = string.IsNullOrWhiteSpace(_comment) ? null : _comment,
                ClientKey = _clientKey,
            });
            Navigation.NavigateTo($"/approvals/{saved.Id.ToString(CultureInfo.InvariantCulture)}?done={(command == "submit" ? "submitted" : "saved")}");
            return;
        }
        catch (FormInvalidException ex)
        {
            _errors = new Dictionary<string, string>(ex.Errors, StringComparer.Ordinal);
            Refuse(T["Edit.Invalid"]);
        }
        catch (ConflictException ex)
        {
            Refuse(ex.Message, StatusCodes.Status409Conflict);
        }
        catch (DomainException ex)
        {
            Refuse(ex.Message);
        }
        finally
        {
            foreach (var file in files)
            {
                await file.Content.DisposeAsync();
            }
        }

        await PreviewAsync();
    }

    private void Refuse(string message, int status = StatusCodes.Status400BadRequest)
    {
        _error = message;
        HttpContext.Response.StatusCode = status;
        Db.ChangeTracker.Clear();
    }

    /// <summary>The route the current values would take (ルートを確認), or why none can be found yet.</summary>
    private async Task PreviewAsync()
    {
        if (_schema is null || _routeDefinition is null)
        {
            return;
        }

        try
        {
            var applicant = await ApplicantContext.LoadAsync(Db, _viewer.AccountId, HttpContext.RequestAborted);
            var check = FormValidator.Validate(_schema, _values, applicant.DepartmentIds, applicant.Position);
            _route = await Routes.ResolveAsync(_routeDefinition, check, applicant, _choices, HttpContext.RequestAborted);
        }
        catch (DomainException ex)
        {
            _routeProblem = ex.Message;
        }
    }

    /// <summary>Computed fields are the server's: show what the posted values give.</summary>
    private async Task ShowComputedAsync()
    {
        var applicant = await ApplicantContext.LoadAsync(Db, _viewer.AccountId, HttpContext.RequestAborted);
        var check = FormValidator.Validate(_schema!, _values, applicant.DepartmentIds, applicant.Position);
        foreach (var field in _schema!.Fields)
        {
            if (field.Type == FieldType.Computed && check.Values[field.Key] is { } computed)
            {
                _values[field.Key] = computed.DeepClone();
            }
            else if (field.Type == FieldType.Table && field.Columns.Any(c => c.Type == FieldType.Computed)
                && _values[field.Key] is JsonArray posted && check.Values[field.Key] is JsonArray rows)
            {
                // Blank rows are dropped by the validator; match rows only where none were.
                var nonBlank = posted.OfType<JsonObject>().Where(r => r.Count > 0).ToList();
                if (nonBlank.Count == rows.Count)
                {
                    for (var i = 0; i < rows.Count; i++)
                    {
                        foreach (var column in field.Columns.Where(c => c.Type == FieldType.Computed))
                        {
                            if (rows[i]?[column.Key] is { } value)
                            {
                                nonBlank[i][column.Key] = value.DeepClone();
                            }
                        }
                    }
                }
            }
        }
    }

    private async Task<List<ChoiceStep>> ChoiceStepsAsync(RouteDefinition? route)
    {
        var steps = new List<ChoiceStep>();
        if (route is null)
        {
            return steps;
        }

        for (var index = 0; index < route.Steps.Count; index++)
        {
            var step = route.Steps[index];
            var ids = step.Assignees.Where(a => a.Kind == AssigneeKind.ApplicantChoice).SelectMany(a => a.Choices).Distinct().ToList();
            if (ids.Count == 0)
            {
                continue;
            }

            var people = await Db.Users.AsNoTracking().Where(a => ids.Contains(a.Id) && a.IsActive)
                .OrderBy(a => a.Kana)
                .Select(a => new PickerOption(a.Id, a.Department == null ? a.DisplayName : a.DisplayName + " (" + a.Department.Name + ")"))
                .ToListAsync();
            steps.Add(new ChoiceStep(index, step.Name, people));
        }

        return steps;
    }
}
