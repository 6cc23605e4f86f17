using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Tsunagu.Core.Forms;

/// <summary>Serializer settings for schemas and the lenient reading of values typed into HTML forms.</summary>
internal static partial class FormJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    // Conditions are embedded in route definitions and logs, where one line reads better.
    public static JsonSerializerOptions CompactOptions { get; } = CreateCompact();

    private static JsonSerializerOptions CreateCompact()
    {
        var options = new JsonSerializerOptions(Options) { WriteIndented = false };
        options.MakeReadOnly();
        return options;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Schemas are stored and diffed by administrators; 日本語 labels must stay readable, and the JSON
            // is never embedded into HTML unencoded.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            // A typo such as "requird" must fail loudly instead of silently making a field optional.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitEmptyAndFalse } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }

    // Every field carries the same list and flag properties; writing the empty ones would bury the schema in noise.
    private static void OmitEmptyAndFalse(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (typeof(ICollection).IsAssignableFrom(property.PropertyType))
            {
                property.ShouldSerialize = (_, value) => value is ICollection { Count: > 0 };
            }
            else if (property.PropertyType == typeof(bool))
            {
                property.ShouldSerialize = (_, value) => value is true;
            }
        }
    }

    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).Trim();

    public static bool IsBlank(JsonNode? node) => node switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => true,
        JsonArray a => a.All(IsBlank),
        _ => false,
    };

    /// <summary>Reads a JSON number, or a string as typed in Japan: "８００，０００円", "¥1,234", "−5".</summary>
    public static bool TryGetDecimal(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue v)
        {
            return false;
        }

        switch (v.GetValueKind())
        {
            case JsonValueKind.Number:
                return decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            case JsonValueKind.String:
                return TryParseDecimal(v.GetValue<string>(), out value);
            default:
                return false;
        }
    }

    public static bool TryParseDecimal(string text, out decimal value)
    {
        var s = Normalize(text).Replace('\u2212', '-');
        if (s.EndsWith('円'))
        {
            s = s[..^1].TrimEnd();
        }

        if (s.StartsWith('¥') || s.StartsWith('\\'))
        {
            s = s[1..].TrimStart();
        }

        value = 0;
        if (s.Length == 0 || !NumberText().IsMatch(s))
        {
            return false;
        }

        return decimal.TryParse(s.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>"2026-11-27", "2026/11/27", "２０２６/１１/２７", "2026/4/1".</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        var match = DateText().Match(Normalize(text));
        return match.Success
            && DateOnly.TryParseExact(
                string.Create(CultureInfo.InvariantCulture, $"{match.Groups[1].Value}-{int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture):00}-{int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture):00}"),
                "yyyy-MM-dd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out date);
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A JSON number backed by its text, so callers can read it with GetValue of int, long or decimal alike, exactly as
    /// after a round trip through the database. Trailing zeros are dropped ("1.50" → 1.5) so stored JSON is canonical.
    /// </summary>
    public static JsonValue NumberNode(decimal value)
    {
        var normalized = value / 1.000000000000000000000000000000000m;
        return JsonNode.Parse(normalized.ToString(CultureInfo.InvariantCulture))!.AsValue();
    }

    public static string FormatNumber(decimal value) =>
        value.ToString("#,0.############################", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)?(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberText();

    [GeneratedRegex(@"^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateText();
}
