using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tsunagu.Core.Forms;

/// <param name="Errors">Field path ("purpose", "items[2].quantity", "period") → Japanese message; "" for the form.
/// A row index in a path is the row's position in the input, so the page can mark the row the user sees.</param>
/// <param name="Values">Parsed values: text trimmed, numbers as JSON numbers, dates as yyyy-MM-dd, blank and hidden
/// fields and blank table rows left out, computed fields filled.</param>
public sealed record FormCheck(
    bool IsValid,
    IReadOnlyDictionary<string, string> Errors,
    JsonObject Values,
    decimal? Amount,
    string? Title,
    IReadOnlyList<int> StaffIds,
    IReadOnlyList<int> DepartmentIds,
    IReadOnlyList<int> FileIds);

public static class FormValidator
{
    public static FormCheck Validate(FormSchema schema, JsonObject input, IReadOnlyList<int> applicantDepartmentIds, string? applicantPosition)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(applicantDepartmentIds);

        var steps = schema.Prepare();
        var values = new JsonObject();
        var parseErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        var tables = new Dictionary<string, List<Row>>(StringComparer.Ordinal);
        foreach (var field in schema.Fields)
        {
            input.TryGetPropertyValue(field.Key, out var raw);
            if (field.Type == FieldType.Computed)
            {
                continue;
            }

            if (field.Type == FieldType.Table)
            {
                var rows = ParseTable(field, raw, parseErrors);
                tables[field.Key] = rows;
                values[field.Key] = new JsonArray([.. rows.Select(r => r.Values)]);
                continue;
            }

            var (value, error) = ParseValue(field, raw);
            if (value is not null)
            {
                values[field.Key] = value;
            }

            if (error is not null)
            {
                parseErrors[field.Key] = error;
            }
        }

        // Visibility may depend on a computed total, so compute first, hide, then compute again so that
        // hidden inputs no longer count.
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        var computeErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        Compute(steps, values, tables, hidden, computeErrors);
        var context = new ConditionContext(values, applicantDepartmentIds, applicantPosition);
        foreach (var field in schema.Fields.Where(f => f.VisibleWhen is not null && !f.VisibleWhen.Evaluate(context)).ToList())
        {
            hidden.Add(field.Key);
        }

        foreach (var key in hidden)
        {
            values.Remove(key);
        }

        foreach (var table in schema.Fields.Where(f => f.Type == FieldType.Table && !hidden.Contains(f.Key)))
        {
            foreach (var row in tables[table.Key])
            {
                var rowContext = RowContext(values, row.Values, applicantDepartmentIds, applicantPosition);
                foreach (var column in table.Columns.Where(c => c.VisibleWhen is not null && !c.VisibleWhen.Evaluate(rowContext)))
                {
                    row.Hidden.Add(column.Key);
                    row.Values.Remove(column.Key);
                }
            }
        }

        computeErrors.Clear();
        Compute(steps, values, tables, hidden, computeErrors);

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in schema.Fields.Where(f => !hidden.Contains(f.Key)))
        {
            if (computeErrors.TryGetValue(field.Key, out var computeError) || parseErrors.TryGetValue(field.Key, out computeError))
            {
                errors[field.Key] = computeError;
                continue;
            }

            var required = field.Required || field.RequiredWhen?.Evaluate(context) == true;
            if (field.Type == FieldType.Table)
            {
                CheckTable(field, tables[field.Key], required, values, applicantDepartmentIds, applicantPosition, computeErrors, errors);
            }
            else if (required && field.Type != FieldType.Computed && !values.ContainsKey(field.Key))
            {
                errors[field.Key] = RequiredMessage(field);
            }
        }

        var visible = schema.Fields.Where(f => !hidden.Contains(f.Key)).ToList();
        List<int> Ids(FieldType type) => [.. visible.Where(f => f.Type == type).SelectMany(f => values[f.Key] switch
        {
            JsonArray array => array.Select(n => n!.GetValue<int>()),
            JsonValue v => [v.GetValue<int>()],
            _ => [],
        }).Distinct()];

        decimal? amount = schema.AmountField is not null && FormJson.TryGetDecimal(values[schema.AmountField], out var a) ? a : null;
        var title = schema.TitleField is not null && values[schema.TitleField] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
        return new FormCheck(errors.Count == 0, errors, values, amount, title, Ids(FieldType.Staff), Ids(FieldType.Department), Ids(FieldType.File));
    }

    private sealed record Row(int Index, JsonObject Values, Dictionary<string, string> Errors, HashSet<string> Hidden);

    private static List<Row> ParseTable(FormField table, JsonNode? raw, Dictionary<string, string> parseErrors)
    {
        var rows = new List<Row>();
        if (FormJson.IsBlank(raw))
        {
            return rows;
        }

        if (raw is not JsonArray array)
        {
            parseErrors[table.Key] = $"「{table.Label}」の形式が正しくありません。";
            return rows;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject input)
            {
                if (!FormJson.IsBlank(array[i]))
                {
                    parseErrors[table.Key] = $"「{table.Label}」の形式が正しくありません。";
                }

                continue;
            }

            var inputs = table.Columns.Where(c => c.Type != FieldType.Computed).ToList();
            if (inputs.All(c => FormJson.IsBlank(input[c.Key]) || input[c.Key] is JsonObject o && o.All(p => FormJson.IsBlank(p.Value))))
            {
                continue;
            }

            var row = new Row(i, [], new Dictionary<string, string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
            foreach (var column in inputs)
            {
                var (value, error) = ParseValue(column, input[column.Key]);
                if (value is not null)
                {
                    row.Values[column.Key] = value;
                }

                if (error is not null)
                {
                    row.Errors[column.Key] = error;
                }
            }

            rows.Add(row);
        }

        return rows;
    }

    private static void CheckTable(
        FormField table,
        List<Row> rows,
        bool required,
        JsonObject values,
        IReadOnlyList<int> departmentIds,
        string? position,
        Dictionary<string, string> computeErrors,
        Dictionary<string, string> errors)
    {
        if (required && rows.Count == 0)
        {
            errors[table.Key] = $"「{table.Label}」を1行以上入力してください。";
        }
        else if (rows.Count > table.EffectiveMaxRows)
        {
            errors[table.Key] = string.Create(CultureInfo.InvariantCulture, $"{table.Label}は{table.EffectiveMaxRows}行までです。");
        }

        foreach (var row in rows)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{table.Label} {row.Index + 1}行目の");
            var rowContext = RowContext(values, row.Values, departmentIds, position);
            foreach (var column in table.Columns.Where(c => !row.Hidden.Contains(c.Key)))
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"{table.Key}[{row.Index}].{column.Key}");
                if (row.Errors.TryGetValue(column.Key, out var error) || computeErrors.TryGetValue(path, out error))
                {
                    errors[path] = prefix + error;
                }
                else if (column.Type != FieldType.Computed
                    && (column.Required || column.RequiredWhen?.Evaluate(rowContext) == true)
                    && !row.Values.ContainsKey(column.Key))
                {
                    errors[path] = prefix + RequiredMessage(column);
                }
            }
        }
    }

    // A column's condition sees its own row first and the rest of the form behind it.
    private static ConditionContext RowContext(JsonObject values, JsonObject row, IReadOnlyList<int> departmentIds, string? position)
    {
        var merged = new JsonObject();
        foreach (var (key, value) in values)
        {
            merged[key] = value?.DeepClone();
        }

        foreach (var (key, value) in row)
        {
            merged[key] = value?.DeepClone();
        }

        return new ConditionContext(merged, departmentIds, position);
    }

    private static void Compute(
        IReadOnlyList<FormSchema.ComputedStep> steps,
        JsonObject values,
        Dictionary<string, List<Row>> tables,
        HashSet<string> hidden,
        Dictionary<string, string> computeErrors)
    {
        foreach (var step in steps)
        {
            if (step.Table is null)
            {
                if (hidden.Contains(step.Field.Key))
                {
                    continue;
                }

                values[step.Field.Key] = Evaluate(step, values, null, null, step.Field.Key, computeErrors);
                continue;
            }

            if (hidden.Contains(step.Table.Key) || !tables.TryGetValue(step.Table.Key, out var rows))
            {
                continue;
            }

            var columnKeys = step.Table.Columns.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var row in rows.Where(r => !r.Hidden.Contains(step.Field.Key)))
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"{step.Table.Key}[{row.Index}].{step.Field.Key}");
                row.Values[step.Field.Key] = Evaluate(step, values, row.Values, columnKeys, path, computeErrors);
            }
        }
    }

    private static JsonValue Evaluate(FormSchema.ComputedStep step, JsonObject values, JsonObject? row, HashSet<string>? columnKeys, string path, Dictionary<string, string> computeErrors)
    {
        try
        {
            var result = step.Formula.Evaluate(values, row, columnKeys);
            return FormJson.NumberNode(step.Field.IsCurrency ? Math.Round(result, 0, MidpointRounding.AwayFromZero) : result);
        }
        catch (OverflowException)
        {
            computeErrors[path] = $"「{step.Field.Label}」を計算できません(値が大きすぎます)。";
            return FormJson.NumberNode(0);
        }
    }

    private static string RequiredMessage(FormField field) => field.Type switch
    {
        FieldType.Select or FieldType.Radio or FieldType.Checkbox or FieldType.Staff or FieldType.Department => $"「{field.Label}」を選択してください。",
        FieldType.File => $"「{field.Label}」を添付してください。",
        _ => $"「{field.Label}」を入力してください。",
    };

    private static (JsonNode? Value, string? Error) ParseValue(FormField field, JsonNode? raw)
    {
        if (FormJson.IsBlank(raw) || (field.Type == FieldType.DateRange && raw is JsonObject o && o.All(p => FormJson.IsBlank(p.Value))))
        {
            return (null, null);
        }

        var label = field.Label;
        switch (field.Type)
        {
            case FieldType.Text or FieldType.MultiLine:
            {
                if (raw is not JsonValue v || v.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
                {
                    return (null, $"「{label}」の形式が正しくありません。");
                }

                // Browsers post CRLF; counting it as two characters would make the limit depend on the client.
                var text = (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString())
                    .Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
                if (field.Type == FieldType.Text && text.AsSpan().IndexOfAny('\n', '\r') >= 0)
                {
                    return (null, $"「{label}」に改行は入力できません。");
                }

                // Characters as people count them: 𠮷 is one character, not two UTF-16 units.
                return text.EnumerateRunes().Count() > field.EffectiveMaxLength
                    ? (null, string.Create(CultureInfo.InvariantCulture, $"「{label}」は{field.EffectiveMaxLength}文字以内で入力してください。"))
                    : (JsonValue.Create(text), null);
            }

            case FieldType.Number:
            {
                if (!FormJson.TryGetDecimal(raw, out var number))
                {
                    return (null, $"「{label}」は数値で入力してください。");
                }

                return (FormJson.NumberNode(number), RangeError(field, number, ""));
            }

            case FieldType.Currency:
            {
                var allowsNegative = field.Min is < 0;
                if (!FormJson.TryGetDecimal(raw, out var yen) || yen != decimal.Truncate(yen) || (yen < 0 && !allowsNegative))
                {
                    return (null, allowsNegative ? $"「{label}」は整数(円)で入力してください。" : $"「{label}」は0以上の整数(円)で入力してください。");
                }

                return (FormJson.NumberNode(yen), RangeError(field, yen, "円"));
            }

            case FieldType.Date:
            {
                var (date, error) = ParseDate(raw, $"「{label}」");
                return date is null ? (null, error) : (JsonValue.Create(FormJson.FormatDate(date.Value)), null);
            }

            case FieldType.DateRange:
            {
                if (raw is not JsonObject range)
                {
                    return (null, $"「{label}」の形式が正しくありません。");
                }

                if (FormJson.IsBlank(range["from"]) || FormJson.IsBlank(range["to"]))
                {
                    return (null, $"「{label}」の開始日と終了日を入力してください。");
                }

                var (from, fromError) = ParseDate(range["from"], $"「{label}」の開始日");
                var (to, toError) = ParseDate(range["to"], $"「{label}」の終了日");
                if (from is null || to is null)
                {
                    return (null, fromError ?? toError);
                }

                return from > to
                    ? (null, $"「{label}」の開始日は終了日以前にしてください。")
                    : (new JsonObject { ["from"] = FormJson.FormatDate(from.Value), ["to"] = FormJson.FormatDate(to.Value) }, null);
            }

            case FieldType.Select or FieldType.Radio:
            {
                var choice = raw is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Trim() : null;
                return choice is not null && field.Options.Contains(choice, StringComparer.Ordinal)
                    ? (JsonValue.Create(choice), null)
                    : (null, $"「{label}」の選択肢にない値です。");
            }

            case FieldType.Checkbox:
            {
                // A form post with one box ticked sends a single string rather than an array.
                var items = raw is JsonArray array ? [.. array] : new List<JsonNode?> { raw };
                var chosen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in items.Where(i => !FormJson.IsBlank(i)))
                {
                    var choice = item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Trim() : null;
                    if (choice is null || !field.Options.Contains(choice, StringComparer.Ordinal))
                    {
                        return (null, $"「{label}」の選択肢にない値です。");
                    }

                    chosen.Add(choice);
                }

                return (new JsonArray([.. field.Options.Where(chosen.Contains).Select(c => (JsonNode)JsonValue.Create(c))]), null);
            }

            case FieldType.Staff or FieldType.Department:
                return TryGetId(raw, out var id) ? (FormJson.NumberNode(id), null) : (null, $"「{label}」の指定が正しくありません。");

            case FieldType.File:
            {
                var items = raw is JsonArray array ? [.. array] : new List<JsonNode?> { raw };
                var ids = new List<int>();
                foreach (var item in items.Where(i => !FormJson.IsBlank(i)))
                {
                    if (!TryGetId(item, out var fileId))
                    {
                        return (null, $"「{label}」の指定が正しくありません。");
                    }

                    if (!ids.Contains(fileId))
                    {
                        ids.Add(fileId);
                    }
                }

                return (new JsonArray([.. ids.Select(i => (JsonNode)FormJson.NumberNode(i))]), null);
            }

            default:
                return (null, null);
        }
    }

    private static string? RangeError(FormField field, decimal value, string unit)
    {
        string Show(decimal d) => FormJson.FormatNumber(d) + unit;
        return (field.Min, field.Max) switch
        {
            ({ } min, { } max) when value < min || value > max => $"「{field.Label}」は{Show(min)}から{Show(max)}までの範囲で入力してください。",
            ({ } min, null) when value < min => $"「{field.Label}」は{Show(min)}以上で入力してください。",
            (null, { } max) when value > max => $"「{field.Label}」は{Show(max)}以下で入力してください。",
            _ => null,
        };
    }

    private static (DateOnly? Date, string? Error) ParseDate(JsonNode? raw, string subject)
    {
        if (raw is not JsonValue v || v.GetValueKind() != JsonValueKind.String || !FormJson.TryParseDate(v.GetValue<string>(), out var date))
        {
            return (null, $"{subject}は正しい日付(例: 2026-04-01)で入力してください。");
        }

        return date.Year is < 1900 or > 2099
            ? (null, $"{subject}は1900年から2099年までの日付で入力してください。")
            : (date, null);
    }

    private static bool TryGetId(JsonNode? node, out int id)
    {
        id = 0;
        if (!FormJson.TryGetDecimal(node, out var d) || d != decimal.Truncate(d) || d < 1 || d > int.MaxValue)
        {
            return false;
        }

        id = (int)d;
        return true;
    }
}
