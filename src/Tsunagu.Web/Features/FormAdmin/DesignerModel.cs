using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Forms;
using Tsunagu.Web.Resources;

namespace Tsunagu.Web.Features.FormAdmin;

/// <summary>
/// What the form designer edits: plain text boxes and lists, turned into a <see cref="FormDesign"/> only when checked
/// or saved. Numbers stay text here so a half-typed value never throws; <see cref="ToDesign"/> reports it instead.
/// </summary>
public sealed class DesignerModel
{
    private int _next;

    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string Category { get; set; } = "";

    public string Description { get; set; } = "";

    public RetentionClass Retention { get; set; } = RetentionClass.FiveYears;

    public bool IsActive { get; set; } = true;

    public int SortOrder { get; set; }

    public List<FieldModel> Fields { get; } = [];

    public string AmountField { get; set; } = "";

    public string TitleField { get; set; } = "";

    public List<StepModel> Steps { get; } = [];

    /// <summary>A number unique within this designer, for element ids that must not repeat.</summary>
    public int NextId() => ++_next;

    public static DesignerModel Blank()
    {
        var model = new DesignerModel();
        var title = model.NewField(FieldType.Text);
        title.Key = "title";
        title.Label = "件名";
        title.Required = true;
        model.Fields.Add(title);
        model.TitleField = "title";
        var final = model.NewStep();
        final.Name = "決裁";
        final.Kind = StepKind.Final;
        final.Assignees.Add(new AssigneeModel(model.NextId()) { Kind = AssigneeKind.ApplicantSuperior, Position = "課長" });
        model.Steps.Add(final);
        return model;
    }

    public static DesignerModel From(FormDesign design)
    {
        ArgumentNullException.ThrowIfNull(design);
        var model = new DesignerModel
        {
            Code = design.Code,
            Name = design.Name,
            Category = design.Category,
            Description = design.Description,
            Retention = design.Retention,
            IsActive = design.IsActive,
            SortOrder = design.SortOrder,
            AmountField = design.Schema.AmountField ?? "",
            TitleField = design.Schema.TitleField ?? "",
        };
        model.Fields.AddRange(design.Schema.Fields.Select(model.FieldFrom));
        foreach (var step in design.Route.Steps)
        {
            var s = model.NewStep();
            s.Name = step.Name;
            s.Kind = step.Kind;
            s.Mode = step.Mode;
            s.RequiredCount = step.RequiredCount?.ToString(CultureInfo.InvariantCulture) ?? "";
            s.Assignees.AddRange(step.Assignees.Select(a => new AssigneeModel(model.NextId())
            {
                Kind = a.Kind,
                AccountId = a.AccountId,
                Position = a.Position ?? "",
                DepartmentId = a.DepartmentId,
                Choices = [.. a.Choices],
            }));
            s.When = ConditionModel.From(step.ParseWhen(), model.NextId);
            model.Steps.Add(s);
        }

        return model;
    }

    public FieldModel NewField(FieldType type)
    {
        var id = NextId();
        var field = new FieldModel(id) { Type = type, Key = "field" + id.ToString(CultureInfo.InvariantCulture) };
        field.VisibleWhen = new ConditionModel(NextId());
        field.RequiredWhen = new ConditionModel(NextId());
        return field;
    }

    public StepModel NewStep() => new(NextId()) { When = new ConditionModel(NextId()) };

    public AssigneeModel NewAssignee(AssigneeKind kind) => new(NextId()) { Kind = kind };

    public ConditionRow NewRow() => new(NextId());

    private FieldModel FieldFrom(FormField f)
    {
        var field = new FieldModel(NextId())
        {
            Key = f.Key,
            Label = f.Label,
            Type = f.Type,
            Required = f.Required,
            Help = f.Help ?? "",
            OptionsText = string.Join("\n", f.Options),
            MaxLength = f.MaxLength?.ToString(CultureInfo.InvariantCulture) ?? "",
            Min = f.Min?.ToString(CultureInfo.InvariantCulture) ?? "",
            Max = f.Max?.ToString(CultureInfo.InvariantCulture) ?? "",
            MaxRows = f.MaxRows?.ToString(CultureInfo.InvariantCulture) ?? "",
            Formula = f.Formula ?? "",
            ResultType = f.ResultType,
            VisibleWhen = ConditionModel.From(f.VisibleWhen, NextId),
            RequiredWhen = ConditionModel.From(f.RequiredWhen, NextId),
        };
        field.Columns.AddRange(f.Columns.Select(FieldFrom));
        return field;
    }

    /// <summary>The design, with the problems of text that is not a number where one is needed.</summary>
    public (FormDesign Design, IReadOnlyList<string> InputProblems) ToDesign(IStringLocalizer<FormDesignerText> t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var problems = new List<string>();
        var schema = new FormSchema
        {
            Fields = [.. Fields.Select(f => f.ToField(t, problems, null))],
            AmountField = string.IsNullOrEmpty(AmountField) ? null : AmountField,
            TitleField = string.IsNullOrEmpty(TitleField) ? null : TitleField,
        };
        var route = new RouteDefinition();
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var label = string.Format(CultureInfo.CurrentCulture, t["Problem.Step"], i + 1);
            int? count = null;
            if (step.Mode == StepMode.Count)
            {
                count = ParseInt(step.RequiredCount, label + t["Step.Count"], t, problems);
            }

            route.Steps.Add(new RouteStepDefinition
            {
                Name = step.Name.Trim(),
                Kind = step.Kind,
                Mode = step.Mode,
                RequiredCount = count,
                Assignees = [.. step.Assignees.Select(a => a.ToRule())],
                When = step.When.ToCondition(t, label, problems) is { } c ? JsonNode.Parse(c.ToJson()) : null,
            });
        }

        var design = new FormDesign(Code.Trim(), Name, Category, Description, Retention, schema, route) { IsActive = IsActive, SortOrder = SortOrder };
        return (design, problems);
    }

    /// <summary>Everything wrong with the design now, in Japanese: unreadable numbers first, then the form engine's rules.</summary>
    public IReadOnlyList<string> Problems(IStringLocalizer<FormDesignerText> t)
    {
        var (design, input) = ToDesign(t);
        return [.. input, .. FormAdminService.Problems(design)];
    }

    internal static int? ParseInt(string text, string what, IStringLocalizer<FormDesignerText> t, List<string> problems)
    {
        var s = text.Normalize(NormalizationForm.FormKC).Trim();
        if (s.Length == 0)
        {
            return null;
        }

        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add(string.Format(CultureInfo.CurrentCulture, t["Problem.NotInteger"], what, text));
        return null;
    }

    internal static decimal? ParseDecimal(string text, string what, IStringLocalizer<FormDesignerText> t, List<string> problems)
    {
        var s = text.Normalize(NormalizationForm.FormKC).Trim().Replace(",", "", StringComparison.Ordinal);
        if (s.Length == 0)
        {
            return null;
        }

        if (decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add(string.Format(CultureInfo.CurrentCulture, t["Problem.NotNumber"], what, text));
        return null;
    }

    public static void Move<T>(List<T> list, T item, int delta)
    {
        ArgumentNullException.ThrowIfNull(list);
        var i = list.IndexOf(item);
        var j = i + delta;
        if (i < 0 || j < 0 || j >= list.Count)
        {
            return;
        }

        list.RemoveAt(i);
        list.Insert(j, item);
    }
}

public sealed class FieldModel(int id)
{
    public int Id { get; } = id;

    public string Key { get; set; } = "";

    public string Label { get; set; } = "";

    public FieldType Type { get; set; }

    public bool Required { get; set; }

    public string Help { get; set; } = "";

    /// <summary>One choice per line.</summary>
    public string OptionsText { get; set; } = "";

    public string MaxLength { get; set; } = "";

    public string Min { get; set; } = "";

    public string Max { get; set; } = "";

    public string MaxRows { get; set; } = "";

    public string Formula { get; set; } = "";

    public FieldType? ResultType { get; set; }

    public List<FieldModel> Columns { get; } = [];

    public ConditionModel VisibleWhen { get; set; } = new(0);

    public ConditionModel RequiredWhen { get; set; } = new(0);

    public bool Expanded { get; set; } = true;

    public bool HasOptions => Type is FieldType.Select or FieldType.Radio or FieldType.Checkbox;

    public bool HasLength => Type is FieldType.Text or FieldType.MultiLine;

    public bool HasRange => Type is FieldType.Number or FieldType.Currency;

    public string DisplayName => string.IsNullOrWhiteSpace(Label) ? Key : Label;

    public IEnumerable<string> Options => OptionsText.Split('\n').Select(o => o.Trim()).Where(o => o.Length > 0);

    internal FormField ToField(IStringLocalizer<FormDesignerText> t, List<string> problems, FieldModel? table)
    {
        var where = (table is null ? "" : $"「{table.DisplayName}」の") + $"「{DisplayName}」";
        var field = new FormField
        {
            Key = Key.Trim(),
            Label = Label.Trim(),
            Type = Type,
            Required = Required,
            Help = string.IsNullOrWhiteSpace(Help) ? null : Help.Trim(),
            Options = HasOptions ? [.. Options] : [],
            MaxLength = HasLength ? DesignerModel.ParseInt(MaxLength, where + t["Field.MaxLength"], t, problems) : null,
            Min = HasRange ? DesignerModel.ParseDecimal(Min, where + t["Field.Min"], t, problems) : null,
            Max = HasRange ? DesignerModel.ParseDecimal(Max, where + t["Field.Max"], t, problems) : null,
            MaxRows = Type == FieldType.Table ? DesignerModel.ParseInt(MaxRows, where + t["Field.MaxRows"], t, problems) : null,
            Formula = Type == FieldType.Computed ? Formula.Trim() : null,
            ResultType = Type == FieldType.Computed ? ResultType : null,
            VisibleWhen = VisibleWhen.ToCondition(t, where + t["Field.VisibleWhen"], problems),
            RequiredWhen = RequiredWhen.ToCondition(t, where + t["Field.RequiredWhen"], problems),
        };
        if (Type == FieldType.Table)
        {
            field.Columns = [.. Columns.Select(c => c.ToField(t, problems, this))];
        }

        return field;
    }
}

public sealed class StepModel(int id)
{
    public int Id { get; } = id;

    public string Name { get; set; } = "";

    public StepKind Kind { get; set; } = StepKind.Approval;

    public StepMode Mode { get; set; } = StepMode.All;

    public string RequiredCount { get; set; } = "";

    public List<AssigneeModel> Assignees { get; } = [];

    public ConditionModel When { get; set; } = new(0);
}

public sealed class AssigneeModel(int id)
{
    public int Id { get; } = id;

    public AssigneeKind Kind { get; set; }

    public int? AccountId { get; set; }

    public string Position { get; set; } = "";

    public int? DepartmentId { get; set; }

    public List<int> Choices { get; set; } = [];

    public AssigneeRule ToRule() => Kind switch
    {
        AssigneeKind.Person => new AssigneeRule { Kind = Kind, AccountId = AccountId },
        AssigneeKind.ApplicantSuperior => new AssigneeRule { Kind = Kind, Position = string.IsNullOrWhiteSpace(Position) ? null : Position },
        AssigneeKind.Department => new AssigneeRule { Kind = Kind, DepartmentId = DepartmentId, Position = string.IsNullOrWhiteSpace(Position) ? null : Position },
        _ => new AssigneeRule { Kind = Kind, Choices = [.. Choices.Distinct()] },
    };
}

/// <summary>
/// One level of 「項目 / 演算子 / 値」 rows joined by AND or OR. A condition deeper than that (not, applicant, nested
/// groups) is kept as it is and shown as read-only JSON until it is removed.
/// </summary>
public sealed class ConditionModel(int id)
{
    public int Id { get; } = id;

    public bool Any { get; set; }

    public List<ConditionRow> Rows { get; } = [];

    /// <summary>A condition the row editor cannot show; kept unchanged.</summary>
    public Condition? Fixed { get; set; }

    public bool IsEmpty => Fixed is null && Rows.Count == 0;

    public static ConditionModel From(Condition? condition, Func<int> nextId)
    {
        ArgumentNullException.ThrowIfNull(nextId);
        var model = new ConditionModel(nextId());
        switch (condition)
        {
            case null:
                break;
            case FieldCondition f:
                model.Rows.Add(ConditionRow.From(f, nextId()));
                break;
            case AllCondition all when all.Conditions.All(c => c is FieldCondition):
                model.Rows.AddRange(all.Conditions.Cast<FieldCondition>().Select(c => ConditionRow.From(c, nextId())));
                break;
            case AnyCondition any when any.Conditions.All(c => c is FieldCondition):
                model.Any = true;
                model.Rows.AddRange(any.Conditions.Cast<FieldCondition>().Select(c => ConditionRow.From(c, nextId())));
                break;
            default:
                model.Fixed = condition;
                break;
        }

        return model;
    }

    internal Condition? ToCondition(IStringLocalizer<FormDesignerText> t, string where, List<string> problems)
    {
        if (Fixed is not null)
        {
            return Fixed;
        }

        var conditions = new List<Condition>();
        foreach (var row in Rows)
        {
            if (string.IsNullOrEmpty(row.Field))
            {
                problems.Add(string.Format(CultureInfo.CurrentCulture, t["Problem.RowField"], where));
                continue;
            }

            conditions.Add(new FieldCondition(row.Field, row.Op, row.ValueNode()));
        }

        return conditions.Count switch
        {
            0 => null,
            1 when Rows.Count == 1 => conditions[0],
            _ => Any ? new AnyCondition(conditions) : new AllCondition(conditions),
        };
    }
}

public sealed class ConditionRow(int id)
{
    public int Id { get; } = id;

    public string Field { get; set; } = "";

    public ConditionOp Op { get; set; } = ConditionOp.Eq;

    /// <summary>As typed; for いずれか/いずれでもない several values separated by 、 or ,.</summary>
    public string Value { get; set; } = "";

    public static bool NeedsValue(ConditionOp op) => op is not (ConditionOp.Empty or ConditionOp.NotEmpty);

    public static ConditionRow From(FieldCondition condition, int id) => new(id)
    {
        Field = condition.Field,
        Op = condition.Op,
        Value = condition.Value switch
        {
            null => "",
            JsonArray array => string.Join("、", array.Select(Text)),
            var v => Text(v),
        },
    };

    internal JsonNode? ValueNode()
    {
        if (!NeedsValue(Op))
        {
            return null;
        }

        if (Op is ConditionOp.In or ConditionOp.NotIn)
        {
            return new JsonArray([.. Value.Split(['、', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Scalar)]);
        }

        return Scalar(Value.Trim());
    }

    // Numbers go out as JSON numbers so 500000 compares as an amount; anything else as text.
    private static JsonNode? Scalar(string text)
    {
        var s = text.Normalize(NormalizationForm.FormKC).Trim().Replace(",", "", StringComparison.Ordinal);
        return s.Length > 0 && decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            ? JsonValue.Create(d)
            : JsonValue.Create(text.Trim());
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
