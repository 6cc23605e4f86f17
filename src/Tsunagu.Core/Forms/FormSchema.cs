using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tsunagu.Core.Forms;

/// <summary>The definition of a form: its fields, which of them is the amount and which the subject.</summary>
public sealed partial class FormSchema
{
    public List<FormField> Fields { get; set; } = [];

    /// <summary>Key of the Currency/Number/Computed field that is "the amount" of a request (route conditions, filters).</summary>
    public string? AmountField { get; set; }

    /// <summary>Key of the Text field used as the request's subject (件名).</summary>
    public string? TitleField { get; set; }

    /// <exception cref="FormSchemaException">Malformed JSON, or the schema has <see cref="Problems"/>.</exception>
    public static FormSchema FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        FormSchema? schema;
        try
        {
            schema = JsonSerializer.Deserialize<FormSchema>(json, FormJson.Options);
        }
        catch (JsonException e)
        {
            throw new FormSchemaException([$"フォーム定義のJSONが正しくありません: {e.Message}"]);
        }

        if (schema is null)
        {
            throw new FormSchemaException(["フォーム定義が空です。"]);
        }

        var problems = schema.Problems();
        if (problems.Count > 0)
        {
            throw new FormSchemaException(problems);
        }

        schema.Prepare();
        return schema;
    }

    public string ToJson() => JsonSerializer.Serialize(this, FormJson.Options);

    /// <summary>Top-level fields, in order; table columns are reached through <see cref="FormField.Columns"/>.</summary>
    public IEnumerable<FormField> AllFields() => Fields;

    public FormField? Find(string key) => Fields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.Ordinal));

    /// <summary>Every mistake an administrator can make in the form designer, in Japanese, in field order.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Fields.Count == 0)
        {
            problems.Add("項目が1つもありません。");
        }

        CheckLevel(Fields, null, problems);

        if (AmountField is not null)
        {
            var amount = Find(AmountField);
            if (amount is null)
            {
                problems.Add($"金額項目「{AmountField}」が見つかりません。");
            }
            else if (!amount.IsNumeric)
            {
                problems.Add($"金額項目「{amount.Label}」は数値・金額・計算のいずれかの項目にしてください。");
            }
        }

        if (TitleField is not null)
        {
            var title = Find(TitleField);
            if (title is null)
            {
                problems.Add($"件名項目「{TitleField}」が見つかりません。");
            }
            else if (title.Type != FieldType.Text)
            {
                problems.Add($"件名項目「{title.Label}」は1行テキストの項目にしてください。");
            }
        }

        var graph = ComputedGraph();
        foreach (var cycle in FindCycles(graph))
        {
            problems.Add($"計算式が循環しています: {string.Join(" → ", cycle)}");
        }

        return problems;
    }

    /// <summary>Computed fields in dependency order; skips formulas that do not parse and fields in a cycle.</summary>
    internal IReadOnlyList<ComputedStep> Prepare()
    {
        var graph = ComputedGraph();
        var order = new List<ComputedStep>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);

        // Depth-first post-order; a node met again while still open is part of a cycle and is left out.
        bool Visit(string id)
        {
            if (state.TryGetValue(id, out var s))
            {
                return s == 2;
            }

            state[id] = 1;
            var ok = graph[id].DependsOn.Aggregate(true, (acc, d) => Visit(d) && acc);
            state[id] = 2;
            if (ok)
            {
                order.Add(graph[id]);
            }
            else
            {
                state[id] = 3;
            }

            return ok;
        }

        foreach (var id in graph.Keys)
        {
            Visit(id);
        }

        foreach (var step in order)
        {
            step.Field.InferredCurrency = step.Formula.References
                .Select(k => step.Table is not null ? step.Table.Columns.FirstOrDefault(c => c.Key == k) ?? Find(k) : Find(k))
                .Concat(step.Formula.ColumnReferences.Select(r => Find(r.Table)?.Columns.FirstOrDefault(c => c.Key == r.Column)))
                .Any(f => f is not null && f.IsCurrency);
        }

        return order;
    }

    internal sealed record ComputedStep(string Id, FormField Field, FormField? Table, Formula Formula, IReadOnlyList<string> DependsOn);

    private Dictionary<string, ComputedStep> ComputedGraph()
    {
        var graph = new Dictionary<string, ComputedStep>(StringComparer.Ordinal);
        var computed = Fields.Where(f => f.Type == FieldType.Computed).Select(f => (Field: f, Table: (FormField?)null))
            .Concat(Fields.Where(f => f.Type == FieldType.Table).SelectMany(t => t.Columns.Where(c => c.Type == FieldType.Computed).Select(c => (Field: c, Table: (FormField?)t))));
        foreach (var (field, table) in computed)
        {
            var id = table is null ? field.Key : $"{table.Key}.{field.Key}";
            if (field.Formula is null || graph.ContainsKey(id) || !TryParse(field.Formula, out var formula))
            {
                continue;
            }

            var deps = new List<string>();
            foreach (var key in formula.References)
            {
                var column = table?.Columns.FirstOrDefault(c => c.Key == key);
                if (column is not null)
                {
                    if (column.Type == FieldType.Computed)
                    {
                        deps.Add($"{table!.Key}.{key}");
                    }
                }
                else if (Find(key) is { Type: FieldType.Computed })
                {
                    deps.Add(key);
                }
            }

            foreach (var (t, c) in formula.ColumnReferences)
            {
                if (Find(t)?.Columns.FirstOrDefault(x => x.Key == c) is { Type: FieldType.Computed })
                {
                    deps.Add($"{t}.{c}");
                }
            }

            graph[id] = new ComputedStep(id, field, table, formula, deps);
        }

        // Dependencies on computed fields whose formula is broken are reported elsewhere; drop them here.
        foreach (var (id, step) in graph.ToList())
        {
            graph[id] = step with { DependsOn = [.. step.DependsOn.Where(graph.ContainsKey).Distinct(StringComparer.Ordinal)] };
        }

        return graph;
    }

    private static List<List<string>> FindCycles(Dictionary<string, ComputedStep> graph)
    {
        var cycles = new List<List<string>>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        void Visit(string id)
        {
            state[id] = 1;
            path.Add(id);
            foreach (var dep in graph[id].DependsOn)
            {
                if (!state.TryGetValue(dep, out var s))
                {
                    Visit(dep);
                }
                else if (s == 1)
                {
                    cycles.Add([.. path.Skip(path.IndexOf(dep)), dep]);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[id] = 2;
        }

        foreach (var id in graph.Keys.Where(id => !state.ContainsKey(id)).ToList())
        {
            Visit(id);
        }

        return cycles;
    }

    private static bool TryParse(string text, out Formula formula)
    {
        try
        {
            formula = Formula.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            formula = null!;
            return false;
        }
    }

    private void CheckLevel(List<FormField> fields, FormField? table, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var where = table is null ? "" : $"表「{table.Label}」の";
        foreach (var field in fields)
        {
            var name = string.IsNullOrWhiteSpace(field.Label) ? field.Key : field.Label;
            if (!KeyPattern().IsMatch(field.Key))
            {
                problems.Add($"{where}項目「{name}」のキー「{field.Key}」は英小文字で始まる英小文字・数字・_ の40文字以内にしてください。");
            }
            else if (!seen.Add(field.Key))
            {
                problems.Add($"{where}キー「{field.Key}」が重複しています。");
            }

            if (string.IsNullOrWhiteSpace(field.Label) || field.Label.Length > 60)
            {
                problems.Add($"{where}項目「{field.Key}」の名前は1〜60文字にしてください。");
            }

            if (!Enum.IsDefined(field.Type))
            {
                problems.Add($"{where}項目「{name}」の種類が正しくありません。");
            }

            if (table is not null && field.Type is FieldType.Table or FieldType.File or FieldType.Staff or FieldType.Department)
            {
                problems.Add($"{where}列「{name}」: 表の中に表・添付ファイル・職員・所属の項目は置けません。");
            }

            if (field.HasOptions)
            {
                if (field.Options.Count == 0)
                {
                    problems.Add($"{where}項目「{name}」の選択肢がありません。");
                }
                else if (field.Options.Any(string.IsNullOrWhiteSpace))
                {
                    problems.Add($"{where}項目「{name}」に空の選択肢があります。");
                }
                else if (field.Options.Distinct(StringComparer.Ordinal).Count() != field.Options.Count)
                {
                    problems.Add($"{where}項目「{name}」の選択肢が重複しています。");
                }
            }
            else if (field.Options.Count > 0)
            {
                problems.Add($"{where}項目「{name}」には選択肢を設定できません。");
            }

            if (field.MaxLength is { } max && (max < 1 || field.Type is not (FieldType.Text or FieldType.MultiLine)))
            {
                problems.Add($"{where}項目「{name}」の最大文字数が正しくありません。");
            }

            if (field.Min is { } lo && field.Max is { } hi && lo > hi)
            {
                problems.Add($"{where}項目「{name}」の最小値が最大値より大きくなっています。");
            }

            if (field.Type == FieldType.Table)
            {
                if (field.Columns.Count == 0)
                {
                    problems.Add($"表「{name}」に列がありません。");
                }

                if (field.MaxRows is < 1)
                {
                    problems.Add($"表「{name}」の最大行数は1以上にしてください。");
                }

                CheckLevel(field.Columns, field, problems);
            }
            else if (field.Columns.Count > 0)
            {
                problems.Add($"{where}項目「{name}」は表ではないため列を持てません。");
            }

            if (field.Type == FieldType.Computed)
            {
                CheckFormula(field, table, where, name, problems);
                if (field.ResultType is not (null or FieldType.Number or FieldType.Currency))
                {
                    problems.Add($"{where}計算項目「{name}」の結果の種類は数値か金額にしてください。");
                }
            }
            else if (field.Formula is not null)
            {
                problems.Add($"{where}項目「{name}」は計算項目ではないため計算式を持てません。");
            }

            Func<string, FormField?> resolve = key => table?.Columns.FirstOrDefault(c => c.Key == key) ?? Find(key);
            foreach (var (condition, kind) in new[] { (field.VisibleWhen, "表示条件"), (field.RequiredWhen, "必須条件") })
            {
                if (condition is null)
                {
                    continue;
                }

                var found = new List<string>();
                condition.CollectProblems(resolve, found);
                problems.AddRange(found.Select(p => $"{where}項目「{name}」の{kind}: {p}"));
            }
        }
    }

    private void CheckFormula(FormField field, FormField? table, string where, string name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(field.Formula))
        {
            problems.Add($"{where}計算項目「{name}」に計算式がありません。");
            return;
        }

        Formula formula;
        try
        {
            formula = Formula.Parse(field.Formula);
        }
        catch (FormatException e)
        {
            problems.Add($"{where}計算項目「{name}」: {e.Message}");
            return;
        }

        foreach (var key in formula.References)
        {
            var target = table?.Columns.FirstOrDefault(c => c.Key == key) ?? Find(key);
            if (target is null)
            {
                problems.Add($"{where}計算項目「{name}」の計算式にある「{key}」という項目はありません。");
            }
            else if (!target.IsNumeric)
            {
                problems.Add($"{where}計算項目「{name}」の計算式にある「{target.Label}」は数値の項目ではありません。");
            }
        }

        foreach (var t in formula.TableReferences)
        {
            if (Find(t) is not { Type: FieldType.Table })
            {
                problems.Add($"{where}計算項目「{name}」の計算式にある「{t}」という表はありません。");
            }
        }

        foreach (var (t, c) in formula.ColumnReferences)
        {
            if (Find(t) is not { Type: FieldType.Table } tableField)
            {
                continue;
            }

            var column = tableField.Columns.FirstOrDefault(x => x.Key == c);
            if (column is null)
            {
                problems.Add($"{where}計算項目「{name}」の計算式にある「{t}.{c}」という列はありません。");
            }
            else if (!column.IsNumeric)
            {
                problems.Add($"{where}計算項目「{name}」の計算式にある「{tableField.Label}」の「{column.Label}」は数値の列ではありません。");
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}

public sealed class FormSchemaException : Exception
{
    public FormSchemaException(IReadOnlyList<string> problems)
        : base(string.Join("\n", problems ?? []))
    {
        Problems = problems ?? [];
    }

    public FormSchemaException()
        : this([])
    {
    }

    public FormSchemaException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public FormSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; }
}
