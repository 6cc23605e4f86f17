using Tsunagu.Core.Search;

namespace Tsunagu.Core.Tests.Search;

public sealed class JapaneseTokenizerTests
{
    [Theory]
    [InlineData("ｶﾀｶﾅ", "かたかな")]
    [InlineData("カタカナ", "かたかな")]
    [InlineData("ｶﾞｲﾄﾞﾌﾞｯｸ", "がいどぶっく")]
    [InlineData("ＡＢＣ", "abc")]
    [InlineData("ABC def", "abc def")]
    [InlineData("１２３", "123")]
    [InlineData("令和８年（２０２６年）", "令和8年(2026年)")]
    [InlineData("総務　課", "総務 課")]
    [InlineData("か\u3099", "が")]
    [InlineData("㈱瀬戸内", "(株)瀬戸内")]
    [InlineData("", "")]
    public void Normalize_FoldsWidthCaseAndKana(string input, string expected) =>
        JapaneseTokenizer.Normalize(input).ShouldBe(expected);

    [Theory]
    [InlineData("髙橋", "高橋")]
    [InlineData("山﨑", "山崎")]
    [InlineData("齋藤", "斎藤")]
    [InlineData("齊藤", "斎藤")]
    [InlineData("渡邊", "渡辺")]
    [InlineData("渡邉", "渡辺")]
    [InlineData("濵田", "浜田")]
    [InlineData("德永", "徳永")]
    [InlineData("櫻井", "桜井")]
    [InlineData("國分", "国分")]
    [InlineData("澤田", "沢田")]
    [InlineData("廣瀬", "広瀬")]
    [InlineData("嶋田", "島田")]
    [InlineData("眞鍋", "真鍋")]
    [InlineData("冨田", "富田")]
    [InlineData("槇原", "槙原")]
    [InlineData("𠮷田", "吉田")]
    [InlineData("高橋", "高橋")]
    public void Normalize_FoldsVariantKanji(string input, string expected) =>
        JapaneseTokenizer.Normalize(input).ShouldBe(expected);

    [Fact]
    public void Normalize_RecordsWhereEachCharacterCameFrom()
    {
        var ranges = new List<(int Start, int End)>();

        var normalized = JapaneseTokenizer.Normalize("ｶﾞ𠮷A", ranges);

        normalized.ShouldBe("が吉a");
        ranges.ShouldBe([(0, 2), (2, 4), (4, 5)]);
    }

    [Theory]
    [InlineData("会議室", "会議 議室 室")]
    [InlineData("課", "課")]
    [InlineData("予算", "予算 算")]
    [InlineData("dx推進 2024年度", "dx 推進 進 2024 年度 度")]
    [InlineData("moriya.misaki@example.jp", "moriya misaki example jp")]
    [InlineData("企画振興部/DX戦略室", "企画 画振 振興 興部 部 dx 戦略 略室 室")]
    [InlineData("、。!?", "")]
    public void TokenString_GivesBigramsForKanaAndKanjiAndWordsOtherwise(string text, string expected) =>
        JapaneseTokenizer.TokenString(JapaneseTokenizer.Normalize(text)).ShouldBe(expected);

    [Fact]
    public void TokenizeQueryWord_OneCharacterIsAPrefix_LongerWordsArePhrasesOfBigrams()
    {
        JapaneseTokenizer.TokenizeQueryWord("課").ShouldBe([new QueryToken("課", true)]);
        JapaneseTokenizer.TokenizeQueryWord("会議").ShouldBe([new QueryToken("会議", false)]);
        JapaneseTokenizer.TokenizeQueryWord("会議室").ShouldBe([new QueryToken("会議", false), new QueryToken("議室", false)]);
        JapaneseTokenizer.TokenizeQueryWord("moriya").ShouldBe([new QueryToken("moriya", true)]);
    }

    [Fact]
    public void TokenizeQueryWord_RunEndingInsideTheWord_CarriesItsLastCharacterLikeTheIndex()
    {
        // In any matching document the kanji run also ends before "a", so the index has 課 alone there.
        JapaneseTokenizer.TokenizeQueryWord("総務課a").ShouldBe(
            [new("総務", false), new("務課", false), new("課", false), new("a", true)]);
        JapaneseTokenizer.TokenizeQueryWord("dx推進").ShouldBe([new("dx", false), new("推進", false)]);
    }

    [Fact]
    public void QueryWords_SplitOnAnyWhiteSpace_AndDropWordsWithoutLettersOrDuplicates()
    {
        JapaneseTokenizer.QueryWords("予算\u3000会議  ＤＸ ・ 予算").ShouldBe(["予算", "会議", "dx"]);
        JapaneseTokenizer.QueryWords("「予算」 (会議) moriya.misaki.").ShouldBe(["予算", "会議", "moriya.misaki"]);
        JapaneseTokenizer.QueryWords("   ").ShouldBeEmpty();
        JapaneseTokenizer.QueryWords(null).ShouldBeEmpty();
    }

    [Fact]
    public void Highlight_MarksTheOriginalCharacters_WhateverTheirWidth()
    {
        var segments = Snippets.Highlight("ﾖｻﾝ会議と予算", ["よさん", "予算"]);

        segments.ShouldBe([new("ﾖｻﾝ", true), new("会議と", false), new("予算", true)]);
    }

    [Fact]
    public void Excerpt_CutsAroundTheFirstMatch_WithEllipses()
    {
        var text = new string('あ', 200) + "予算会議" + new string('い', 200);

        var segments = Snippets.Excerpt(text, ["会議"], 60);

        segments[0].ShouldBe(new SnippetSegment("…", false));
        segments[^1].ShouldBe(new SnippetSegment("…", false));
        segments.Count(s => s.IsMatch).ShouldBe(1);
        segments.Single(s => s.IsMatch).Text.ShouldBe("会議");
        string.Concat(segments.Skip(1).SkipLast(1).Select(s => s.Text)).Length.ShouldBe(60);
    }

    [Fact]
    public void Excerpt_WithoutMatch_IsTheStartOfTheText() =>
        Snippets.Excerpt("短い本文", ["会議"]).ShouldBe([new SnippetSegment("短い本文", false)]);
}
