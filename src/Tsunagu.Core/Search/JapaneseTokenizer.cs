using System.Globalization;
using System.Text;

namespace Tsunagu.Core.Search;

/// <summary>A query token: a bigram, a single kana/kanji or a word; <see cref="Prefix"/> when the document's token may continue.</summary>
public readonly record struct QueryToken(string Text, bool Prefix);

/// <summary>
/// The one normalisation and tokenisation used for indexing, querying, the exactness check and highlighting
/// (docs/decisions/0004-search-index.md). Normalise: NFKC (ｶﾀｶﾅ → カタカナ, ＡＢＣ → abc, １２３ → 123), lower case,
/// variant kanji (<see cref="VariantKanji"/>), katakana → hiragana. Tokens: kana/kanji runs give overlapping bigrams and
/// their last character alone (so a one-character query can match as a prefix); other letter/digit runs give whole words.
/// </summary>
public static class JapaneseTokenizer
{
    /// <summary>The normalised form of <paramref name="text"/>; exactness means "the normalised document contains the normalised word".</summary>
    public static string Normalize(string? text) => Normalize(text, null);

    /// <summary>
    /// Normalises and records, for every normalised char, the range of the source it came from
    /// (<paramref name="sourceRanges"/>[i] = (start, end) in <paramref name="text"/>), for highlighting the original text.
    /// </summary>
    public static string Normalize(string? text, List<(int Start, int End)>? sourceRanges)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            i += char.IsSurrogatePair(text, i) ? 2 : 1;
            // Keep combining marks (and the half-width voiced marks ﾞﾟ) with their base so NFKC can compose them: ｶﾞ → ガ.
            while (i < text.Length && IsCombining(text[i]))
            {
                i++;
            }

            var segment = i - start == 1 && IsStable(text[start]) ? null : text.Substring(start, i - start).Normalize(NormalizationForm.FormKC);
            var before = output.Length;
            if (segment is null)
            {
                AppendFolded(output, new Rune(text[start]));
            }
            else
            {
                foreach (var rune in segment.EnumerateRunes())
                {
                    AppendFolded(output, rune);
                }
            }

            if (sourceRanges is not null)
            {
                for (var k = before; k < output.Length; k++)
                {
                    sourceRanges.Add((start, i));
                }
            }
        }

        return output.ToString();
    }

    /// <summary>
    /// Query words: the normalised text split on white space (U+3000 included: NFKC makes it a space), without
    /// punctuation at either end (「予算」 and "予算" mean 予算); words of punctuation only are dropped.
    /// </summary>
    public static IReadOnlyList<string> QueryWords(string? query) =>
        Normalize(query).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(TrimSeparators)
            .Where(w => w.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static string TrimSeparators(string word)
    {
        var runs = Runs(word).ToList();
        return runs.Count == 0 ? "" : word[runs[0].Start..runs[^1].End];
    }

    /// <summary>Index tokens of already normalised text, in position order.</summary>
    public static List<string> Tokenize(string normalized)
    {
        var tokens = new List<string>();
        foreach (var run in Runs(normalized))
        {
            if (!run.Cjk)
            {
                tokens.Add(run.Text(normalized));
                continue;
            }

            var runes = run.Runes(normalized);
            for (var k = 0; k + 1 < runes.Count; k++)
            {
                tokens.Add(runes[k] + runes[k + 1]);
            }

            // The last character alone: every character then starts some token, so a 1-character query is a prefix query.
            tokens.Add(runes[^1]);
        }

        return tokens;
    }

    /// <summary>Index tokens joined by spaces, as stored in the database.</summary>
    public static string TokenString(string normalized) => string.Join(' ', Tokenize(normalized));

    /// <summary>
    /// The phrase for one normalised query word: the tokens the document must have at consecutive positions.
    /// A run that ends inside the word also ends in any matching document, so it carries its last character as the
    /// index does; the word's last run may continue in the document, so it is matched as a prefix.
    /// </summary>
    public static IReadOnlyList<QueryToken> TokenizeQueryWord(string normalizedWord)
    {
        var runs = Runs(normalizedWord).ToList();
        var phrase = new List<QueryToken>();
        for (var r = 0; r < runs.Count; r++)
        {
            var run = runs[r];
            var last = r == runs.Count - 1;
            if (!run.Cjk)
            {
                phrase.Add(new QueryToken(run.Text(normalizedWord), last));
                continue;
            }

            var runes = run.Runes(normalizedWord);
            if (runes.Count == 1)
            {
                phrase.Add(new QueryToken(runes[0], last));
                continue;
            }

            for (var k = 0; k + 1 < runes.Count; k++)
            {
                phrase.Add(new QueryToken(runes[k] + runes[k + 1], false));
            }

            if (!last)
            {
                phrase.Add(new QueryToken(runes[^1], false));
            }
        }

        return phrase;
    }

    private readonly record struct Run(int Start, int End, bool Cjk)
    {
        public string Text(string s) => s[Start..End];

        public List<string> Runes(string s)
        {
            var list = new List<string>();
            foreach (var rune in s[Start..End].EnumerateRunes())
            {
                list.Add(rune.ToString());
            }

            return list;
        }
    }

    private static IEnumerable<Run> Runs(string s)
    {
        var i = 0;
        while (i < s.Length)
        {
            var rune = Rune.GetRuneAt(s, i);
            var kind = Classify(rune);
            if (kind == CharKind.Separator)
            {
                i += rune.Utf16SequenceLength;
                continue;
            }

            var start = i;
            i += rune.Utf16SequenceLength;
            while (i < s.Length)
            {
                var next = Rune.GetRuneAt(s, i);
                var nextKind = Classify(next);
                // A combining mark continues a word run; a CJK run is split only by a change of kind.
                if (nextKind == kind || (kind == CharKind.Word && IsMark(next)))
                {
                    i += next.Utf16SequenceLength;
                    continue;
                }

                break;
            }

            yield return new Run(start, i, kind == CharKind.Cjk);
        }
    }

    private enum CharKind
    {
        Separator,
        Cjk,
        Word,
    }

    private static CharKind Classify(Rune rune)
    {
        var v = rune.Value;
        if (v is (>= 0x3005 and <= 0x3007) or (>= 0x3041 and <= 0x3096) or (>= 0x309D and <= 0x309F) or (>= 0x30A1 and <= 0x30FA)
            or (>= 0x30FC and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3FFFF))
        {
            return CharKind.Cjk;
        }

        return Rune.IsLetterOrDigit(rune) ? CharKind.Word : CharKind.Separator;
    }

    private static bool IsMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static bool IsCombining(char c) =>
        c is '\uFF9E' or '\uFF9F'
        || (!char.IsSurrogate(c) && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark);

    /// <summary>Characters NFKC leaves alone, checked cheaply so most Japanese text skips <see cref="string.Normalize(NormalizationForm)"/>.</summary>
    private static bool IsStable(char c) =>
        c < 0x80 || c is (>= '\u3041' and <= '\u3096') or (>= '\u30A1' and <= '\u30FA') or '\u30FC' or (>= '\u4E00' and <= '\u9FFF');

    private static void AppendFolded(StringBuilder output, Rune rune)
    {
        rune = Rune.ToLowerInvariant(rune);
        var v = rune.Value;
        if (VariantKanji.Map.TryGetValue(v, out var standard))
        {
            v = standard;
        }
        else if (v is (>= 0x30A1 and <= 0x30F6) or 0x30FD or 0x30FE)
        {
            // Katakana → hiragana: staff kana are stored in hiragana, people type either (docs/decisions/0004).
            v -= 0x60;
        }

        if (v < 0x10000)
        {
            output.Append((char)v);
        }
        else
        {
            output.Append(new Rune(v).ToString());
        }
    }
}
