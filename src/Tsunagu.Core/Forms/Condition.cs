using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tsunagu.Core.Forms;

public enum ConditionOp { Eq, Ne, Gt, Gte, Lt, Lte, In, NotIn, Contains, Empty, NotEmpty }

public enum ApplicantSubject { Department, Position }

/// <param name="ApplicantDepartmentIds">The applicant's department followed by its ancestors (係 → 課 → 部).</param>
public sealed record ConditionContext(JsonObject Values, IReadOnlyList<int> ApplicantDepartmentIds, string? ApplicantPosition);

/// <summary>
/// A condition over form values and the applicant, shared by forms (visibleWhen/requiredWhen) and approval routes.
/// Stored as JSON; see <see cref="FromJson"/> for the shapes.
/// </summary>
[JsonConverter(typeof(ConditionJsonConverter))]
public abstract class Condition
{
    private protected Condition()
    {
    }

    public abstract bool Evaluate(ConditionContext context);

    public abstract string Describe(Func<string, string?> fieldLabel);

    /// <param name="departmentName">Resolves department ids for display; ids are shown when it returns null.</param>
    public abstract string Describe(Func<string, string?> fieldLabel, Func<int, string?>? departmentName);

    /// <summary>
    /// {"all":[…]} {"any":[…]} {"not":c} {"field":"amount","op":"gte","value":500000}
    /// {"applicant":"department","op":"in","value":[12,13]} {"applicant":"position","op":"in","value":["課長"]}
    /// </summary>
    /// <exception cref="FormSchemaException">The JSON is malformed or not one of the shapes.</exception>
    public static Condition FromJson(string json)
    {
        try
        {
            return ConditionJsonConverter.FromNode(JsonNode.Parse(json));
        }
        catch (JsonException e)
        {
            throw new FormSchemaException([$"条件のJSONが正しくありません: {e.Message}"]);
        }
    }

    public string ToJson() => ToNode().ToJsonString(FormJson.CompactOptions);

    /// <summary>Unknown field keys, operators that make no sense for the field's type, values of the wrong kind.</summary>
    public IReadOnlyList<string> Problems(FormSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var problems = new List<string>();
        CollectProblems(key => schema.AllFields().FirstOrDefault(f => f.Key == key), problems);
        return problems;
    }

    internal abstract JsonNode ToNode();

    internal abstract void CollectProblems(Func<string, FormField?> resolve, List<string> problems);

    internal abstract IEnumerable<string> FieldKeys();

    internal string DescribeNestedFor(Func<string, string?> fieldLabel, Func<int, string?>? departmentName)
    {
        var text = Describe(fieldLabel, departmentName);
        return this is AllCondition { Conditions.Count: > 1 } or AnyCondition { Conditions.Count: > 1 } ? $"({text})" : text;
    }

    internal static string DescribeValue(JsonNode? value) => value switch
    {
        JsonArray array => string.Join("、", array.Select(DescribeValue)),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && FormJson.TryGetDecimal(v, out var d) => FormJson.FormatNumber(d),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        null => "",
        _ => value.ToJsonString(),
    };

    internal static string OpName(ConditionOp op) => op switch
    {
        ConditionOp.NotIn => "notIn",
        ConditionOp.NotEmpty => "notEmpty",
        _ => op.ToString().ToLowerInvariant(),
    };
}

public sealed class AllCondition(IEnumerable<Condition> conditions) : Condition
{
    public IReadOnlyList<Condition> Conditions { get; } = [.. conditions];

    public override bool Evaluate(ConditionContext context) => Conditions.All(c => c.Evaluate(context));

    public override string Describe(Func<string, string?> fieldLabel) => Describe(fieldLabel, null);

    public override string Describe(Func<string, string?> fieldLabel, Func<int, string?>? departmentName) =>
        Conditions.Count == 0 ? "常に" : string.Join(" かつ ", Conditions.Select(c => c.DescribeNestedFor(fieldLabel, departmentName)));

    internal override JsonNode ToNode() => new JsonObject { ["all"] = new JsonArray([.. Conditions.Select(c => c.ToNode())]) };

    internal override void CollectProblems(Func<string, FormField?> resolve, List<string> problems)
    {
        foreach (var c in Conditions)
        {
            c.CollectProblems(resolve, problems);
        }
    }

    internal override IEnumerable<string> FieldKeys() => Conditions.SelectMany(c => c.FieldKeys());
}

public sealed class AnyCondition(IEnumerable<Condition> conditions) : Condition
{
    public IReadOnlyList<Condition> Conditions { get; } = [.. conditions];

    public override bool Evaluate(ConditionContext context) => Conditions.Any(c => c.Evaluate(context));

    public override string Describe(Func<string, string?> fieldLabel) => Describe(fieldLabel, null);

    public override string Describe(Func<string, string?> fieldLabel, Func<int, string?>? departmentName) =>
        Conditions.Count == 0 ? "該当なし" : string.Join(" または ", Conditions.Select(c => c.DescribeNestedFor(fieldLabel, departmentName)));

    internal override JsonNode ToNode() => new JsonObject { ["any"] = new JsonArray([.. Conditions.Select(c => c.ToNode())]) };

    internal override void CollectProblems(Func<string, FormField?> resolve, List<string> problems)
    {
        foreach (var c in Conditions)
        {
            c.CollectProblems(resolve, problems);
        }
    }

    internal override IEnumerable<string> FieldKeys() => Conditions.SelectMany(c => c.FieldKeys());
}

public sealed class NotCondition(Condition condition) : Condition
{
    public Condition Condition { get; } = condition ?? throw new ArgumentNullException(nameof(condition));

    public override bool Evaluate(ConditionContext context) => !Condition.Evaluate(context);

    public override string Describe(Func<string, string?> fieldLabel) => Describe(fieldLabel, null);

    public override string Describe(Func<string, string?> fieldLabel, Func<int, string?>? departmentName) =>
        $"({Condition.Describe(fieldLabel, departmentName)}) ではない";

    internal override JsonNode ToNode() => new JsonObject { ["not"] = Condition.ToNode() };

    internal override void CollectProblems(Func<string, FormField?> resolve, List<string> problems) => Condition.CollectProblems(resolve, problems);

    internal override IEnumerable<string> FieldKeys() => Condition.FieldKeys();
}

/// <summary>Compares a form value. Numbers compare as numbers (also when typed as strings), dates as yyyy-MM-dd text.</summary>
public sealed class FieldCondition(string field, ConditionOp op, JsonNode? value = null) : Condition
{
    public string Field { get; } = field;

    public ConditionOp Op { get; } = op;

    public JsonNode? Value { get; } = value?.DeepClone();

    public override bool Evaluate(ConditionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Values.TryGetPropertyValue(Field, out var actual);
        return Op switch
        {
            ConditionOp.Empty => FormJson.IsBlank(actual),
            ConditionOp.NotEmpty => !FormJson.IsBlank(actual),
            ConditionOp.Eq => Same(actual, Value),
            ConditionOp.Ne => !Same(actual, Value),
            ConditionOp.Gt => Compare(actual, Value) > 0,
            ConditionOp.Gte => Compare(actual, Value) >= 0,
            ConditionOp.Lt => Compare(actual, Value) < 0,
            ConditionOp.Lte => Compare(actual, Value) <= 0,
            ConditionOp.In => Value is JsonArray list && list.Any(v => Same(actual, v)),
            ConditionOp.NotIn => !(Value is JsonArray list2 && list2.Any(v => Same(actual, v))),
            ConditionOp.Contains => actual switch
            {
                JsonArray items => items.Any(i => Same(i, Value)),
                JsonValue text when text.GetValueKind() == JsonValueKind.String && Value is JsonValue part && part.GetValueKind() == JsonValueKind.String =>
                    text.GetValue<string>().Contains(part.GetValue<string>(), StringComparison.Ordinal),
                _ => false,
            },
            _ => false,
        };
    }

    public override string Describe(Func<string, string?> fieldLabel) => Describe(fieldLabel, null);

    public override string Describe(Func<string, string?> fieldLabel, Func<int, string?>? departmentName)
    {
        ArgumentNullException.ThrowIfNull(fieldLabel);
        return DescribeComparison(fieldLabel(Field) ?? Field, Op, DescribeValue(Value));
    }

    internal static string DescribeComparison(string label, ConditionOp op, string value) => op switch
    {
        ConditionOp.Eq => $"{label} が {value}",
        ConditionOp.Ne => $"{label} が {value} 以外",
        ConditionOp.Gt => $"{label} が {value} より大きい",
        ConditionOp.Gte => $"{label} が {value} 以上",
        ConditionOp.Lt => $"{label} が {value} 未満",
        ConditionOp.Lte => $"{label} が {value} 以下",
        ConditionOp.In => $"{label} が {value} のいずれか",
        ConditionOp.NotIn => $"{label} が {value} のいずれでもない",
        ConditionOp.Contains => $"{label} に {value} を含む",
        ConditionOp.Empty => $"{label} が 未入力",
        _ => $"{label} が 入力済み",
    };

    internal override JsonNode ToNode()
    {
        var node = new JsonObject { ["field"] = Field, ["op"] = OpName(Op) };
        if (Value is not null)
        {
            node["value"] = Value.DeepClone();
        }

        return node;
    }

    internal override IEnumerable<string> FieldKeys() => [Field];

    internal override void CollectProblems(Func<string, FormField?> resolve, List<string> problems)
    {
        var field = resolve(Field);
        if (field is null)
        {
            problems.Add($"条件の項目「{Field}」が見つかりません。");
            return;
        }

        var allowed = Op switch
        {
            ConditionOp.Empty or ConditionOp.NotEmpty => true,
            ConditionOp.Gt or ConditionOp.Gte or ConditionOp.Lt or ConditionOp.Lte => field.IsNumeric || field.Type == FieldType.Date,
            ConditionOp.Contains => field.Type is FieldType.Checkbox or FieldType.Text or FieldType.MultiLine,
            _ => field.Type is not (FieldType.Table or FieldType.File or FieldType.DateRange or FieldType.Checkbox),
        };
        if (!allowed)
        {
            problems.Add($"条件の「{field.Label}」({field.Type})には演算子「{OpName(Op)}」は使えません。");
            return;
        }

        if (Op is ConditionOp.Empty or ConditionOp.NotEmpty)
        {
            return;
        }

        if (Op is ConditionOp.In or ConditionOp.NotIn ? Value is not JsonArray : Value is null or JsonArray or JsonObject)
        {
            problems.Add($"条件の「{field.Label}」の値の形式が正しくありません。");
            return;
        }

        var values = Value is JsonArray array ? [.. array] : new List<JsonNode?> { Value };
        foreach (var v in values)
        {
            if (field.IsNumeric && !FormJson.TryGetDecimal(v, out _))
            {
                problems.Add($"条件の「{field.Label}」の値「{DescribeValue(v)}」は数値ではありません。");
            }
            else if (field.Type == FieldType.Date && !(v is JsonValue s && s.GetValueKind() == JsonValueKind.String && FormJson.TryParseDate(s.GetValue<string>(), out _)))
            {
                problems.Add($"条件の「{field.Label}」の値「{DescribeValue(v)}」は日付ではありません。");
            }
            else if (field.HasOptions && !field.Options.Contains(DescribeValue(v), StringComparer.Ordinal))
            {
                problems.Add($"条件の「{field.Label}」の値「{DescribeValue(v)}」は選択肢にありません。");
            }
        }
    }

    private static bool Same(JsonNode? actual, JsonNode? expected)
    {
        if (FormJson.IsBlank(actual) || FormJson.IsBlank(expected))
        {
            return FormJson.IsBlank(actual) && FormJson.IsBlank(expected);
        }

        if (IsNumber(actual) || IsNumber(expected))
        {
            return FormJson.TryGetDecimal(actual, out var a) && FormJson.TryGetDecimal(expected, out var b) && a == b;
        }

        return JsonNode.DeepEquals(actual, expected);
    }

    private static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    // Null when the two are not comparable; every comparison with null is false, so a blank value never satisfies ">=".
    private static int? Compare(JsonNode? actual, JsonNode? expected)
    {
        if (FormJson.IsBlank(actual) || FormJson.IsBlank(expected))
        {
            return null;
        }

        if (FormJson.TryGetDecimal(actual, out var a) && FormJson.TryGetDecimal(expected, out var b))
        {
            return a.CompareTo(b);
        }

        return actual is JsonValue x && x.GetValueKind() == JsonValueKind.String && expected is JsonValue y && y.GetValueKind() == JsonValueKind.String
            ? Math.Sign(string.CompareOrdinal(x.GetValue<string>(), y.GetValue<string>()))
            : null;
    }
}

/// <summary>
/// A condition on who applies. Department matches the applicant's department or any ancestor, so a route for
/// 総務部 also covers 総務課 and its 係.
/// </summary>
public sealed class ApplicantCondition(ApplicantSubject subject, ConditionOp op, JsonNode? value = null) : Condition
{
    public ApplicantSubject Subject { get; } = subject;

    public ConditionOp Op { get; } = op;

    public JsonNode? Value { get; } = value?.DeepClone();

    public override bool Evaluate(ConditionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Subject == ApplicantSubject.Department)
        {
            var listed = Listed().Select(v => FormJson.TryGetDecimal(v, out var d) ? d : -1).ToHashSet();
            var hit = context.ApplicantDepartmentIds.Any(id => listed.Contains(id));
            return Op switch
            {
                ConditionOp.Eq or ConditionOp.In => hit,
                ConditionOp.Ne or ConditionOp.NotIn => !hit,
                _ => false,
            };
        }

        var position = context.ApplicantPosition?.Trim();
        var matches = !string.IsNullOrEmpty(position) && Listed().Any(v => DescribeValue(v) == position);
        return Op switch
        {
            ConditionOp.Eq or ConditionOp.In => matches,
            ConditionOp.Ne or ConditionOp.NotIn => !matches,
            ConditionOp.Empty => string.IsNullOrEmpty(position),
            ConditionOp.NotEmpty => !string.IsNullOrEmpty(position),
            _ => false,
        };
    }

    public override string Describe(Func<string, string?> fieldLabel) => Describe(fieldLabel, null);

    public override string Describe(Func<string, string?> fieldLabel, Func<int, string?>? departmentName)
    {
        if (Subject == ApplicantSubject.Position)
        {
            return FieldCondition.DescribeComparison("職位", Op, DescribeValue(Value));
        }

        var names = string.Join("、", Listed().Select(v =>
            FormJson.TryGetDecimal(v, out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue
                ? departmentName?.Invoke((int)d) ?? FormJson.FormatNumber(d)
                : DescribeValue(v)));
        return FieldCondition.DescribeComparison("所属", Op, names + "(配下を含む)");
    }

    internal override JsonNode ToNode()
    {
        var node = new JsonObject
        {
            ["applicant"] = Subject == ApplicantSubject.Department ? "department" : "position",
            ["op"] = OpName(Op),
        };
        if (Value is not null)
        {
            node["value"] = Value.DeepClone();
        }

        return node;
    }

    internal override IEnumerable<string> FieldKeys() => [];

    internal override void CollectProblems(Func<string, FormField?> resolve, List<string> problems)
    {
        var subject = Subject == ApplicantSubject.Department ? "所属" : "職位";
        var allowed = Op is ConditionOp.Eq or ConditionOp.Ne or ConditionOp.In or ConditionOp.NotIn
            || (Subject == ApplicantSubject.Position && Op is ConditionOp.Empty or ConditionOp.NotEmpty);
        if (!allowed)
        {
            problems.Add($"条件の{subject}には演算子「{OpName(Op)}」は使えません。");
            return;
        }

        if (Op is ConditionOp.Empty or ConditionOp.NotEmpty)
        {
            return;
        }

        if (Op is ConditionOp.In or ConditionOp.NotIn ? Value is not JsonArray : Value is null or JsonArray or JsonObject)
        {
            problems.Add($"条件の{subject}の値の形式が正しくありません。");
            return;
        }

        foreach (var v in Listed())
        {
            var ok = Subject == ApplicantSubject.Department
                ? v is JsonValue n && n.GetValueKind() == JsonValueKind.Number && FormJson.TryGetDecimal(n, out var d) && d == decimal.Truncate(d) && d > 0
                : v is JsonValue s && s.GetValueKind() == JsonValueKind.String && !string.IsNullOrWhiteSpace(s.GetValue<string>());
            if (!ok)
            {
                problems.Add($"条件の{subject}の値「{DescribeValue(v)}」が正しくありません。");
            }
        }
    }

    private List<JsonNode?> Listed() => Value switch
    {
        JsonArray array => [.. array],
        null => [],
        _ => [Value],
    };
}
