using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagu.Core;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Features.Approvals;
using Tsunagu.Web.Resources;

namespace Tsunagu.Web.Features.FormAdmin;

public partial class FormDesigner
{
    private static readonly FieldType[] ColumnTypes =
        [.. Enum.GetValues<FieldType>().Where(t => t is not (FieldType.Table or FieldType.File or FieldType.Staff or FieldType.Department))];

    private readonly Dictionary<string, ElementReference> _upRefs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ElementReference> _downRefs = new(StringComparer.Ordinal);
    private readonly Picks<FieldType> _newType = new();
    private readonly Picks<AssigneeKind> _newAssignee = new();
    private readonly Dictionary<int, string> _names = [];
    private DesignerModel? _model;
    private IReadOnlyList<string> _problems = [];
    private List<(int Id, string Label)> _departments = [];
    private List<string> _positions = [];
    private FormLookups _lookups = FormLookups.Empty;
    private string? _saved;
    private string? _error;
    private bool _saving;
    private (string Id, bool Up)? _focus;
    private bool _focusProblems;
    private ElementReference _problemsHeading;

    [Inject] private IDbContextFactory<AppDbContext> DbFactory { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The form to edit; none for a new one.</summary>
    [Parameter] public string? Code { get; set; }

    /// <summary>The browser's address as the page saw it, for the audit log (the circuit has no HTTP request).</summary>
    [Parameter] public string? Address { get; set; }

    /// <summary>Set after a new form's first save, which reloads the page at the form's own address.</summary>
    [Parameter] public int? SavedVersion { get; set; }

    private bool IsNew => Code is null;

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _positions = await db.Positions.AsNoTracking().OrderBy(p => p.Rank).ThenBy(p => p.Name).Select(p => p.Name).ToListAsync();
        var departments = await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.Path).Select(d => new { d.Id, d.Path }).ToListAsync();
        _departments = [.. departments.Select(d => (d.Id, d.Path))];
        _lookups = new FormLookups { Departments = [.. departments.Select(d => new PickerOption(d.Id, d.Path))] };
        if (Code is { } code)
        {
            try
            {
                _model = DesignerModel.From(await new FormAdminService(db, Clock, new AuditLog(db, Clock)).LoadAsync(code));
            }
            catch (DomainException ex)
            {
                _error = ex.Message;
                return;
            }

            var ids = _model.Steps.SelectMany(s => s.Assignees).SelectMany(a => a.Choices.Append(a.AccountId ?? 0)).Where(id => id > 0).Distinct().ToList();
            foreach (var a in await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync())
            {
                _names[a.Id] = a.DisplayName;
            }

            if (SavedVersion is { } version)
            {
                _saved = T["Designer.Saved", version];
            }
        }
        else
        {
            _model = DesignerModel.Blank();
        }

        Changed();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focus is { } target && (target.Up ? _upRefs : _downRefs).TryGetValue(target.Id, out var element))
        {
            _focus = null;
            await element.FocusAsync();
        }

        if (_focusProblems)
        {
            _focusProblems = false;
            await _problemsHeading.FocusAsync();
        }
    }

    private void Changed()
    {
        if (_model is not null)
        {
            _problems = _model.Problems(T);
        }
    }

    private FormSchema? PreviewSchema()
    {
        if (_model is null || _problems.Count > 0)
        {
            return null;
        }

        try
        {
            return FormSchema.FromJson(_model.ToDesign(T).Design.Schema.ToJson());
        }
        catch (FormSchemaException)
        {
            return null;
        }
    }

    private List<FieldModel> ConditionFields(FieldModel? table) =>
        table is null ? _model!.Fields : [.. table.Columns, .. _model!.Fields.Where(f => f.Type != FieldType.Table)];

    private IEnumerable<string> PositionChoices(string current) =>
        string.IsNullOrEmpty(current) || _positions.Contains(current, StringComparer.Ordinal) ? _positions : _positions.Append(current);

    private string NameOf(int id) => _names.TryGetValue(id, out var name) ? name : string.Format(CultureInfo.CurrentCulture, T["Assignee.Unknown"], id);

    private void AddField(List<FieldModel> list, int tableKey)
    {
        var field = _model!.NewField(_newType[tableKey]);
        field.Label = T["Type." + field.Type];
        list.Add(field);
        Changed();
    }

    private void MoveField(List<FieldModel> list, FieldModel field, int delta, string id)
    {
        DesignerModel.Move(list, field, delta);
        var index = list.IndexOf(field);
        // Keep focus on the button pressed unless it just became disabled; then on its twin.
        _focus = (id, index != 0 && (index == list.Count - 1 || delta < 0));
        Changed();
    }

    private void RemoveField(List<FieldModel> list, FieldModel field)
    {
        list.Remove(field);
        if (_model!.AmountField == field.Key)
        {
            _model.AmountField = "";
        }

        if (_model.TitleField == field.Key)
        {
            _model.TitleField = "";
        }

        Changed();
    }

    private void AddStep()
    {
        var step = _model!.NewStep();
        step.Name = T["Route.NewStepName"];
        var final = _model.Steps.FindLastIndex(s => s.Kind == StepKind.Final);
        // A new step goes before 決裁, which must stay last.
        _model.Steps.Insert(final < 0 ? _model.Steps.Count : final, step);
        Changed();
    }

    private void MoveStep(StepModel step, int delta, string id)
    {
        DesignerModel.Move(_model!.Steps, step, delta);
        var index = _model.Steps.IndexOf(step);
        _focus = (id, index != 0 && (index == _model.Steps.Count - 1 || delta < 0));
        Changed();
    }

    private void RemoveStep(StepModel step)
    {
        _model!.Steps.Remove(step);
        Changed();
    }

    private void AddAssignee(StepModel step)
    {
        step.Assignees.Add(_model!.NewAssignee(_newAssignee[step.Id]));
        Changed();
    }

    private void RemoveAssignee(StepModel step, AssigneeModel assignee)
    {
        step.Assignees.Remove(assignee);
        Changed();
    }

    private void PickPerson(AssigneeModel assignee, PickerOption person)
    {
        _names[person.Id] = person.Label;
        assignee.AccountId = person.Id;
        Changed();
    }

    private void AddChoice(AssigneeModel assignee, PickerOption person)
    {
        _names[person.Id] = person.Label;
        if (!assignee.Choices.Contains(person.Id))
        {
            assignee.Choices.Add(person.Id);
        }

        Changed();
    }

    private void RemoveChoice(AssigneeModel assignee, int id)
    {
        assignee.Choices.Remove(id);
        Changed();
    }

    private async Task SaveAsync()
    {
        _saved = null;
        _error = null;
        Changed();
        if (_problems.Count > 0)
        {
            _error = T["Designer.HasProblems"];
            _focusProblems = true;
            return;
        }

        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        if (!user.IsInRole(Roles.SystemAdministrator) && !user.IsInRole(Roles.DepartmentAdministrator))
        {
            _error = T["Designer.Forbidden"];
            return;
        }

        _saving = true;
        try
        {
            var design = _model!.ToDesign(T).Design;
            await using var db = await DbFactory.CreateDbContextAsync();
            if (IsNew && await db.FormDefinitions.AnyAsync(f => f.Code == design.Code))
            {
                _error = T["Designer.CodeTaken", design.Code];
                return;
            }

            if (!IsNew)
            {
                design = design with { SortOrder = await db.FormDefinitions.Where(f => f.Code == design.Code).Select(f => f.SortOrder).FirstAsync() };
            }

            var actor = new Actor(CurrentUser.IdOf(user), user.Identity?.Name ?? "", Address);
            var saved = await new FormAdminService(db, Clock, new AuditLog(db, Clock)).SaveAsync(actor, design);
            if (IsNew)
            {
                Navigation.NavigateTo($"/admin/forms/{Uri.EscapeDataString(saved.Code)}?saved={saved.CurrentVersion.ToString(CultureInfo.InvariantCulture)}");
                return;
            }

            _saved = T["Designer.Saved", saved.CurrentVersion];
        }
        catch (FormSchemaException ex)
        {
            _problems = ex.Problems;
            _error = T["Designer.HasProblems"];
            _focusProblems = true;
        }
        catch (DomainException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>A select's value per list or step, the first choice until one is picked.</summary>
    private sealed class Picks<TValue>
        where TValue : struct, Enum
    {
        private readonly Dictionary<int, TValue> _values = [];

        public TValue this[int key]
        {
            get => _values.TryGetValue(key, out var v) ? v : default;
            set => _values[key] = value;
        }
    }
}
