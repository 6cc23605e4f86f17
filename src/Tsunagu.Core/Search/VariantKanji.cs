namespace Tsunagu.Core.Search;

/// <summary>
/// Variant kanji (異体字) folded to the form people type, so 髙橋 and 高橋 find each other. Data, not logic: add a pair
/// per line (variant first, then the standard form; anything after # is a comment). Applied after NFKC, which already
/// folds the CJK compatibility ideographs that have a canonical mapping (神 → 神, 塚 → 塚); the ones listed here have none.
/// Changing the table changes tokens: run <c>reindex</c> afterwards.
/// </summary>
internal static class VariantKanji
{
    private const string Table = """
        髙 高
        﨑 崎   # たつさき (U+FA11, no NFKC mapping)
        𥔎 崎
        嵜 崎
        齋 斎
        齊 斎   # 齊藤, 齋藤, 斎藤 are searched for as one name
        邊 辺
        邉 辺
        濵 浜
        濱 浜
        德 徳
        櫻 桜
        國 国
        澤 沢
        廣 広
        嶋 島
        嶌 島
        眞 真
        冨 富
        槇 槙
        𠮷 吉   # つちよし
        渕 淵
        舘 館
        峯 峰
        惠 恵
        榮 栄
        實 実
        壽 寿
        曾 曽
        條 条
        瀨 瀬
        藏 蔵
        萬 万
        彌 弥
        禮 礼
        黑 黒
        驒 騨
        靏 鶴
        鷗 鴎
        桒 桑
        﨟 臈
        """;

    public static IReadOnlyDictionary<int, int> Map { get; } = Parse(Table);

    private static Dictionary<int, int> Parse(string table)
    {
        var map = new Dictionary<int, int>();
        foreach (var raw in table.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !System.Text.Rune.TryGetRuneAt(parts[0], 0, out var variant) || !System.Text.Rune.TryGetRuneAt(parts[1], 0, out var standard)
                || variant.Utf16SequenceLength != parts[0].Length || standard.Utf16SequenceLength != parts[1].Length)
            {
                throw new InvalidOperationException($"Bad variant kanji line: '{raw}'");
            }

            map.Add(variant.Value, standard.Value);
        }

        return map;
    }
}
