using System.Text.RegularExpressions;

namespace Tsunagu.Core.Chat;

public enum ChatSegmentKind
{
    Text,
    Link,
    Mention,
}

/// <summary>A piece of a message as the page shows it: text, a link (http/https only) or a mention.</summary>
public readonly record struct ChatSegment(ChatSegmentKind Kind, string Text);

/// <summary>
/// Reads plain message text: the mentions it names (@login or @部署名, with a full-width ＠ too) and the pieces a page
/// renders (text encoded as text, URLs as links; never HTML from the writer).
/// </summary>
public static partial class MessageText
{
    /// <summary>Most distinct names read from one message (a pasted list must not notify a whole city).</summary>
    public const int MaxMentions = 20;

    // A URL runs to whitespace or a character that cannot be in one unencoded (Japanese brackets and punctuation end it).
    [GeneratedRegex(@"https?://[^\s<>""'「」『』（）()、。，]+|[@＠][^\s@＠、。，,!！?？:：;；()（）「」『』<>""']+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 500)]
    private static partial Regex Tokens();

    /// <summary>The names after @ (without it), in order, each once; trailing '.' and '-' are dropped.</summary>
    public static IReadOnlyList<string> Mentions(string? text)
    {
        var names = new List<string>();
        foreach (var segment in Segments(text))
        {
            if (segment.Kind != ChatSegmentKind.Mention)
            {
                continue;
            }

            var name = segment.Text[1..].TrimEnd('.', '-', '_');
            if (name.Length > 0 && !names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
                if (names.Count == MaxMentions)
                {
                    break;
                }
            }
        }

        return names;
    }

    public static IReadOnlyList<ChatSegment> Segments(string? text)
    {
        var segments = new List<ChatSegment>();
        if (string.IsNullOrEmpty(text))
        {
            return segments;
        }

        var at = 0;
        foreach (Match match in Tokens().Matches(text))
        {
            var value = match.Value;
            var isLink = value.StartsWith("http", StringComparison.OrdinalIgnoreCase);

            // A mention must start a word: "mail@example" is not one.
            if (!isLink && match.Index > 0 && !char.IsWhiteSpace(text[match.Index - 1]) && !IsOpening(text[match.Index - 1]))
            {
                continue;
            }

            if (isLink)
            {
                // A sentence's full stop is not part of the address.
                var trimmed = value.TrimEnd('.', ',', '!', '?', ':', ';');
                if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    continue;
                }

                value = trimmed;
            }

            if (match.Index > at)
            {
                segments.Add(new ChatSegment(ChatSegmentKind.Text, text[at..match.Index]));
            }

            segments.Add(new ChatSegment(isLink ? ChatSegmentKind.Link : ChatSegmentKind.Mention, value));
            at = match.Index + value.Length;
        }

        if (at < text.Length)
        {
            segments.Add(new ChatSegment(ChatSegmentKind.Text, text[at..]));
        }

        return segments;
    }

    /// <summary>Text for a notification or a live push: one line, shortened.</summary>
    public static string Preview(string text, int length = 120)
    {
        var line = string.Join(' ', (text ?? "").Split(['\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= length ? line : string.Concat(line.AsSpan(0, length - 1), "…");
    }

    private static bool IsOpening(char c) => c is '(' or '（' or '「' or '『' or '、' or '。' or ',';
}
