using System.Globalization;
using System.Text.Json.Nodes;
using Tsunagu.Core.Forms;

namespace Tsunagu.Web.Features.Approvals;

/// <summary>
/// Turns a posted form back into the JSON values the validator reads. Names: <c>v.key</c>, <c>v.key.from</c>/<c>.to</c>
/// for date ranges, repeated <c>v.key</c> for checkboxes and kept files (<c>v.key.remove</c> drops a kept file),
/// <c>v.table[0].column</c> for table cells. New files come as <c>file.key</c> and are not part of the values.
/// </summary>
public static class FormPost
{
    public static string Name(string prefix, string key) => $"{prefix}.{key}";

    public static string CellName(string prefix, string table, int row, string column) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}.{table}[{row}].{column}");

    public static string FileName(string key) => $"file.{key}";

    public static JsonObject ToValues(FormSchema schema, IFormCollection form, string prefix = "v")
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(form);
        var values = new JsonObject();
        foreach (var field in schema.Fields)
        {
            var name = Name(prefix, field.Key);
            switch (field.Type)
            {
                case FieldType.Computed:
                    break;
                case FieldType.DateRange:
                {
                    var from = First(form, name + ".from");
                    var to = First(form, name + ".to");
                    if (from is not null || to is not null)
                    {
                        values[field.Key] = new JsonObject { ["from"] = from ?? "", ["to"] = to ?? "" };
                    }

                    break;
                }

                case FieldType.Checkbox:
                {
                    var chosen = All(form, name);
                    if (chosen.Count > 0)
                    {
                        values[field.Key] = new JsonArray([.. chosen.Select(c => (JsonNode)JsonValue.Create(c))]);
                    }

                    break;
                }

                case FieldType.File:
                {
                    var removed = All(form, name + ".remove").ToHashSet(StringComparer.Ordinal);
                    var kept = All(form, name).Where(id => !removed.Contains(id)).ToList();
                    values[field.Key] = new JsonArray([.. kept.Select(k => (JsonNode)JsonValue.Create(k))]);
                    break;
                }

                case FieldType.Table:
                    values[field.Key] = TableRows(field, form, name);
                    break;
                default:
                {
                    var value = First(form, name);
                    if (value is not null)
                    {
                        values[field.Key] = value;
                    }

                    break;
                }
            }
        }

        return values;
    }

    /// <summary>Rows in posted order (indices matter: errors name a row by its position); trailing blank rows dropped.</summary>
    private static JsonArray TableRows(FormField table, IFormCollection form, string name)
    {
        var marker = name + "[";
        var indices = form.Keys
            .Where(k => k.StartsWith(marker, StringComparison.Ordinal))
            .Select(k => k[marker.Length..])
            .Select(rest => rest.IndexOf(']', StringComparison.Ordinal) is var end and > 0 && int.TryParse(rest.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1)
            .Where(i => i is >= 0 and < 1000)
            .Distinct()
            .Order()
            .ToList();
        var rows = new List<JsonObject>();
        foreach (var index in indices)
        {
            var row = new JsonObject();
            foreach (var column in table.Columns.Where(c => c.Type != FieldType.Computed))
            {
                var cell = string.Create(CultureInfo.InvariantCulture, $"{name}[{index}].{column.Key}");
                if (column.Type == FieldType.Checkbox)
                {
                    var chosen = All(form, cell);
                    if (chosen.Count > 0)
                    {
                        row[column.Key] = new JsonArray([.. chosen.Select(c => (JsonNode)JsonValue.Create(c))]);
                    }
                }
                else if (column.Type == FieldType.DateRange)
                {
                    var from = First(form, cell + ".from");
                    var to = First(form, cell + ".to");
                    if (from is not null || to is not null)
                    {
                        row[column.Key] = new JsonObject { ["from"] = from ?? "", ["to"] = to ?? "" };
                    }
                }
                else if (First(form, cell) is { } value)
                {
                    row[column.Key] = value;
                }
            }

            rows.Add(row);
        }

        while (rows.Count > 0 && rows[^1].Count == 0)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new JsonArray([.. rows.Select(r => (JsonNode)r)]);
    }

    private static string? First(IFormCollection form, string key) =>
        form.TryGetValue(key, out var values) && values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } v ? v : null;

    private static List<string> All(IFormCollection form, string key) =>
        form.TryGetValue(key, out var values) ? [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!)] : [];
}
