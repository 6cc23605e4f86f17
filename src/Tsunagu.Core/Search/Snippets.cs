namespace Tsunagu.Core.Search;

/// <summary>
/// Marks the query words in the original text. Matching runs on the normalised text (so ﾖｻﾝ highlights for 予算) and
/// maps back to the source characters; the result is plain text segments, never HTML.
/// </summary>
public static class Snippets
{
    public const int DefaultLength = 120;

    /// <summary>The whole <paramref name="text"/> with every occurrence of a query word marked.</summary>
    public static IReadOnlyList<SnippetSegment> Highlight(string text, IReadOnlyList<string> normalizedWords) =>
        Segments(text, 0, text.Length, Matches(text, normalizedWords), false, false);

    /// <summary>About <paramref name="length"/> characters around the first match (the start of the text if none).</summary>
    public static IReadOnlyList<SnippetSegment> Excerpt(string text, IReadOnlyList<string> normalizedWords, int length = DefaultLength)
    {
        var matches = Matches(text, normalizedWords);
        var start = matches.Count == 0 ? 0 : Math.Max(0, matches[0].Start - (length / 3));
        var end = Math.Min(text.Length, start + length);
        start = Math.Max(0, Math.Min(start, end - length));
        start = SafeBoundary(text, start);
        end = SafeBoundary(text, end);
        return Segments(text, start, end, matches, start > 0, end < text.Length);
    }

    private static int SafeBoundary(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index - 1 : index;

    /// <summary>Source ranges of all occurrences, sorted and merged.</summary>
    internal static List<(int Start, int End)> Matches(string text, IReadOnlyList<string> normalizedWords)
    {
        var map = new List<(int Start, int End)>();
        var normalized = JapaneseTokenizer.Normalize(text, map);
        var ranges = new List<(int Start, int End)>();
        foreach (var word in normalizedWords.Where(w => w.Length > 0))
        {
            for (var at = normalized.IndexOf(word, StringComparison.Ordinal); at >= 0; at = normalized.IndexOf(word, at + 1, StringComparison.Ordinal))
            {
                ranges.Add((map[at].Start, map[at + word.Length - 1].End));
            }
        }

        ranges.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static List<SnippetSegment> Segments(string text, int start, int end, List<(int Start, int End)> matches, bool leadingEllipsis, bool trailingEllipsis)
    {
        var segments = new List<SnippetSegment>();
        if (leadingEllipsis)
        {
            segments.Add(new("…", false));
        }

        var at = start;
        foreach (var (s, e) in matches)
        {
            var from = Math.Max(s, start);
            var to = Math.Min(e, end);
            if (to <= from)
            {
                continue;
            }

            if (from > at)
            {
                segments.Add(new(text[at..from], false));
            }

            segments.Add(new(text[from..to], true));
            at = to;
        }

        if (at < end)
        {
            segments.Add(new(text[at..end], false));
        }

        if (trailingEllipsis)
        {
            segments.Add(new("…", false));
        }

        return segments;
    }
}
