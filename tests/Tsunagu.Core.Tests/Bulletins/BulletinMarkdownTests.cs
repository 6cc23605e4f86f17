using Tsunagu.Core.Bulletins;

namespace Tsunagu.Core.Tests.Bulletins;

public sealed class BulletinMarkdownTests
{
    [Fact]
    public void Markdown_IsRendered()
    {
        var html = BulletinMarkdown.ToHtml("# 見出し\n\n**太字** と [リンク](https://example.jp/a)\n\n- 一\n- 二");

        html.ShouldContain("<h1>見出し</h1>");
        html.ShouldContain("<strong>太字</strong>");
        html.ShouldContain("href=\"https://example.jp/a\"");
        html.ShouldContain("rel=\"noopener noreferrer\"");
        html.ShouldContain("<li>一</li>");
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[クリック](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\" onclick=\"alert(1)\">x</a>")]
    [InlineData("<div style=\"position:fixed\" onmouseover=\"alert(1)\">x</div>")]
    [InlineData("![画像](https://tracker.example/p.gif)")]
    [InlineData("<iframe src=\"https://example.jp\"></iframe>")]
    public void Markdown_NeverCarriesScriptHandlersOrUnsafeLinks(string markdown)
    {
        var html = BulletinMarkdown.ToHtml(markdown);

        // Raw HTML comes out as text (harmless); what matters is the elements and attributes that reach the page.
        var tags = System.Text.RegularExpressions.Regex.Matches(html, "<[a-zA-Z][^>]*>").Select(m => m.Value.ToLowerInvariant()).ToList();
        tags.ShouldNotContain(t => t.StartsWith("<script", StringComparison.Ordinal) || t.StartsWith("<img", StringComparison.Ordinal) || t.StartsWith("<iframe", StringComparison.Ordinal));
        tags.ShouldNotContain(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"\son\w+\s*="));
        tags.ShouldNotContain(t => t.Contains("javascript:", StringComparison.Ordinal));
        tags.ShouldNotContain(t => t.Contains("style=", StringComparison.Ordinal));
    }
}
