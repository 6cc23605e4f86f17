using System.Globalization;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;
using static Tsunagu.Core.Tests.Search.SearchIndexTests;

namespace Tsunagu.Core.Tests.Search;

/// <summary>
/// Generated Japanese documents and queries against a brute-force oracle (normalise, then Contains): every document
/// the oracle finds is found (recall) and nothing else (exactness), for 1-, 2- and 3+-character words, width and
/// variant forms and several words at once.
/// </summary>
public sealed class SearchQualityTests
{
    private static readonly string[] Vocabulary =
    [
        "予算", "会議", "会議室", "総務課", "防災", "訓練", "市民", "窓口", "住民票", "申請", "議事録", "会社", "議会", "予定",
        "算定", "課", "係", "髙橋", "高橋", "齋藤", "斎藤", "渡邉", "渡辺", "カタカナ", "ｶﾀｶﾅ", "データ", "ﾃﾞｰﾀ", "DX", "ＤＸ",
        "PDF", "2026年度", "２０２６年度", "子育て支援", "ごみ収集", "道路", "補修", "選挙", "公民館", "図書館", "税", "国民健康保険",
        "マイナンバー", "ﾏｲﾅﾝﾊﾞｰ", "瀬戸内", "令和8年", "第3回", "報告", "確認", "お知らせ", "説明会",
    ];

    private static readonly string[] Glue = ["の", "を", "と", "、", "。", " ", "に", "は", "が", "\u3000", "・", "で"];

    [Theory, DatabaseData]
    public async Task GeneratedCorpus_HitsEqualTheBruteForceOracle(DatabaseKind database)
    {
        var random = new Random(20260401);
        var docs = Enumerable.Range(0, 500).Select(i => Doc(
            i.ToString(CultureInfo.InvariantCulture), Sentence(random, 2, 5), Sentence(random, 8, 30))).ToList();
        var normalized = docs.ToDictionary(d => d.Key, d => JapaneseTokenizer.Normalize(d.Title) + "\n" + JapaneseTokenizer.Normalize(d.Body));

        var queries = new List<string>();
        queries.AddRange(Vocabulary);
        while (queries.Count < Vocabulary.Length + 80)
        {
            // A piece of a document's kana/kanji text, 1 to 4 characters long, as typed.
            var text = normalized[docs[random.Next(docs.Count)].Key];
            var start = random.Next(text.Length);
            var piece = new string(text.Skip(start).TakeWhile(IsKanaOrKanji).Take(random.Next(1, 5)).ToArray());
            if (piece.Length > 0)
            {
                queries.Add(piece);
            }
        }

        for (var i = 0; i < 40; i++)
        {
            queries.Add(Vocabulary[random.Next(Vocabulary.Length)] + (i % 2 == 0 ? " " : "\u3000") + Vocabulary[random.Next(Vocabulary.Length)]);
        }

        await using var db = await TestDatabase.CreateAsync(database);
        await IndexAsync(db, [.. docs]);

        var failures = new List<string>();
        foreach (var query in queries)
        {
            var words = JapaneseTokenizer.QueryWords(query);
            var expected = normalized.Where(d => words.All(w => d.Value.Contains(w, StringComparison.Ordinal))).Select(d => d.Key).ToHashSet();
            var found = new HashSet<string>();
            var first = await SearchAsync(db, query, refine: q => q with { PageSize = SearchQuery.MaxPageSize });
            for (var page = 1; page <= (first.Total + SearchQuery.MaxPageSize - 1) / SearchQuery.MaxPageSize; page++)
            {
                var results = page == 1 ? first : await SearchAsync(db, query, refine: q => q with { PageSize = SearchQuery.MaxPageSize, Page = page });
                found.UnionWith(results.Items.Select(h => h.Key));
            }

            if (!found.SetEquals(expected) || first.Total != expected.Count)
            {
                failures.Add($"{query}: expected {expected.Count}, total {first.Total}, missing [{string.Join(',', expected.Except(found).Take(5))}], extra [{string.Join(',', found.Except(expected).Take(5))}]");
            }
        }

        queries.Count.ShouldBe(Vocabulary.Length + 120);
        failures.ShouldBeEmpty();
    }

    private static string Sentence(Random random, int min, int max) =>
        string.Concat(Enumerable.Range(0, random.Next(min, max)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)] + Glue[random.Next(Glue.Length)]));

    private static bool IsKanaOrKanji(char c) => c is (>= '\u3041' and <= '\u3096') or (>= '\u4E00' and <= '\u9FFF') or 'ー';
}
