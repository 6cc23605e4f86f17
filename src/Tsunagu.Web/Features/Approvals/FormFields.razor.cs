using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Tsunagu.Core.Forms;

namespace Tsunagu.Web.Features.Approvals;

public partial class FormFields
{
    [Parameter, EditorRequired]
    public FormSchema Schema { get; set; } = default!;

    /// <summary>The values to show: what was posted (after an error) or what is stored (computed fields included).</summary>
    [Parameter]
    public JsonObject? Values { get; set; }

    /// <summary>Field path ("purpose", "items[2].quantity") → message, as in <see cref="FormCheck.Errors"/>.</summary>
    [Parameter]
    public IReadOnlyDictionary<string, string>? Errors { get; set; }

    [Parameter]
    public string NamePrefix { get; set; } = "v";

    [Parameter]
    public bool ReadOnly { get; set; }

    [Parameter]
    public FormLookups Lookups { get; set; } = FormLookups.Empty;

    /// <summary>Blank rows under each table's rows (3 unless the page asked for more with 行を追加).</summary>
    [Parameter]
    public IReadOnlyDictionary<string, int>? BlankRows { get; set; }

    private string IdPrefix => "ff-" + NamePrefix;

    private int BlankRowsFor(string table) => BlankRows is not null && BlankRows.TryGetValue(table, out var n) ? n : 3;

    /// <summary>An HTML id for a field path: "items[2].quantity" → "ff-v-items-2-quantity".</summary>
    private string FieldId(string path)
    {
        var builder = new StringBuilder(IdPrefix).Append('-');
        foreach (var c in path)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '-');
        }

        return builder.ToString().TrimEnd('-');
    }

    private string? Error(string path) => Errors is not null && Errors.TryGetValue(path, out var message) ? message : null;

    private static string? DescribedBy(FormField field, string id, string? error)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(field.Help))
        {
            parts.Add(id + "-hint");
        }

        if (field.VisibleWhen is not null)
        {
            parts.Add(id + "-when");
        }

        if (error is not null)
        {
            parts.Add(id + "-error");
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static string? Invalid(string? error) => error is null ? null : "true";

    private static string? Req(FormField field) => field.Required ? "true" : null;

    private static string? ConditionJson(Condition? condition) =>
        condition?.ToJson();

    private static JsonNode? Get(JsonObject? values, string key) =>
        values is not null && values.TryGetPropertyValue(key, out var node) ? node : null;

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when Number(v, out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };

    private static HashSet<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => [.. array.Select(Text)],
        JsonValue v => [Text(v)],
        _ => [],
    };

    private static List<int> Ids(JsonArray array) =>
        [.. array.Select(n => Number(n, out var d) && d == decimal.Truncate(d) && d is >= 1 and <= int.MaxValue ? (int)d : 0).Where(i => i > 0)];

    private string FileLabel(int id) => Lookups.Files.TryGetValue(id, out var name) ? name : $"#{id.ToString(CultureInfo.InvariantCulture)}";

    private string Display(FormField field, JsonNode? value) =>
        FormDisplay.Format(field, value, Lookups.StaffName, Lookups.DepartmentName);

    private static decimal Sum(List<JsonObject> rows, string key) =>
        rows.Sum(r => Number(Get(r, key), out var d) ? d : 0m);

    private static bool Number(JsonNode? node, out decimal value)
    {
        value = 0;
        return node is JsonValue v && (v.GetValueKind() == JsonValueKind.Number
            ? v.TryGetValue(out value)
            : v.GetValueKind() == JsonValueKind.String && decimal.TryParse(v.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out value));
    }
}
