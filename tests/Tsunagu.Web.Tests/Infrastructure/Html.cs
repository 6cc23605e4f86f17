using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Tsunagu.Web.Tests.Infrastructure;

public sealed record HtmlForm(string? Action, string? Handler, IReadOnlyDictionary<string, string> Hidden);

/// <summary>Just enough HTML reading for server-rendered forms and for searching a response for text.</summary>
public static partial class Html
{
    /// <summary>
    /// The text of a response as a person would read it: Blazor encodes non-ASCII characters as <c>&amp;#x…;</c>
    /// and System.Text.Json may escape them as <c>\uXXXX</c>, so a search for 守屋 must look past both.
    /// </summary>
    public static string Readable(string body) =>
        JsonEscape().Replace(WebUtility.HtmlDecode(body), m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());

    public static IReadOnlyList<HtmlForm> Forms(string html)
    {
        var forms = new List<HtmlForm>();
        foreach (Match form in FormElement().Matches(html))
        {
            var action = Attributes(form.Groups["open"].Value).GetValueOrDefault("action");
            var hidden = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match input in InputElement().Matches(form.Groups["body"].Value))
            {
                var attributes = Attributes(input.Value);
                if (attributes.GetValueOrDefault("type") == "hidden" && attributes.TryGetValue("name", out var name))
                {
                    hidden[name] = attributes.GetValueOrDefault("value") ?? "";
                }
            }

            forms.Add(new HtmlForm(action is null ? null : WebUtility.HtmlDecode(action), hidden.GetValueOrDefault("_handler"), hidden));
        }

        return forms;
    }

    private static Dictionary<string, string> Attributes(string tag)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match a in Attribute().Matches(tag))
        {
            attributes[a.Groups[1].Value] = WebUtility.HtmlDecode(a.Groups[2].Value);
        }

        return attributes;
    }

    [GeneratedRegex(@"\\u([0-9a-fA-F]{4})")]
    private static partial Regex JsonEscape();

    [GeneratedRegex(@"(?<open><form\b[^>]*>)(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputElement();

    [GeneratedRegex(@"([\w.:-]+)=""([^""]*)""")]
    private static partial Regex Attribute();
}
