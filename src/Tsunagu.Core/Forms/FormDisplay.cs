using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tsunagu.Core.Forms;

/// <summary>Stored values as officials expect to read them: 和暦 dates, yen with separators.</summary>
public static class FormDisplay
{
    private static readonly CultureInfo Wareki = CreateWareki();

    private static CultureInfo CreateWareki()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return CultureInfo.ReadOnly(culture);
    }

    /// <summary>Tables give "" because callers render them as tables; blank values give "".</summary>
    public static string Format(FormField field, JsonNode? value, Func<int, string?>? staffName = null, Func<int, string?>? departmentName = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (FormJson.IsBlank(value))
        {
            return "";
        }

        switch (field.Type)
        {
            case FieldType.Table:
                return "";
            case FieldType.Number or FieldType.Currency or FieldType.Computed:
                return FormJson.TryGetDecimal(value, out var number)
                    ? field.IsCurrency ? FormJson.FormatNumber(Math.Round(number, 0, MidpointRounding.AwayFromZero)) + "円" : FormJson.FormatNumber(number)
                    : Text(value);
            case FieldType.Date:
                return Date(Text(value));
            case FieldType.DateRange:
                return value is JsonObject range ? $"{Date(Text(range["from"]))}〜{Date(Text(range["to"]))}" : Text(value);
            case FieldType.Checkbox:
                return value is JsonArray items ? string.Join("、", items.Select(Text)) : Text(value);
            case FieldType.Staff:
                return Name(value, staffName);
            case FieldType.Department:
                return Name(value, departmentName);
            case FieldType.File:
                return value is JsonArray files ? string.Create(CultureInfo.InvariantCulture, $"{files.Count}件") : Text(value);
            default:
                return Text(value);
        }
    }

    /// <summary>"2026-11-27" → "令和8年11月27日"; anything unparsable is shown as stored.</summary>
    public static string Date(string isoDate)
    {
        if (!DateOnly.TryParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return isoDate;
        }

        try
        {
            return date.ToDateTime(TimeOnly.MinValue).ToString("ggy年M月d日", Wareki);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Before 明治 the Japanese calendar has no era.
            return isoDate;
        }
    }

    private static string Name(JsonNode? value, Func<int, string?>? resolve) =>
        FormJson.TryGetDecimal(value, out var d) && d == decimal.Truncate(d) && d is >= 1 and <= int.MaxValue
            ? resolve?.Invoke((int)d) ?? FormJson.FormatNumber(d).Replace(",", "", StringComparison.Ordinal)
            : Text(value);

    private static string Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        null => "",
        _ => node.ToJsonString(),
    };
}
