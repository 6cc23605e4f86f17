using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed class SearchTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task HeaderSearch_FindsDepartmentAndColleagues_WithHighlightsAndFacets()
    {
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        // Full-width letters as typed on a Japanese keyboard find the half-width department name.
        var box = page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Searchbox, new() { Name = "検索語" });
        await box.FillAsync("ＤＸ戦略室");
        await box.PressAsync("Enter");
        await Expect(page.Heading("検索")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("「ＤＸ戦略室」の検索結果");
        await Expect(page.Locator("mark").First).ToHaveTextAsync("DX戦略室");
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("search: results with facets");

        var facets = page.GetByRole(AriaRole.Complementary, new() { Name = "絞り込み" });
        await facets.GetByRole(AriaRole.Link).Filter(new() { HasText = "部署" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 件");
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("search: filtered by kind");

        // Open a colleague from the results: the directory shows them.
        await page.OpenAsync(fixture.App, "/search?q=" + Uri.EscapeDataString("もりや"));
        await page.GetByRole(AriaRole.Link, new() { Name = "守屋　美咲" }).ClickAsync();
        await Expect(page.Heading("職員名簿")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell).Filter(new() { HasText = "守屋　美咲" })).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("search: opened a result");

        await page.OpenAsync(fixture.App, "/search?q=" + Uri.EscapeDataString("存在しない言葉ですよ"));
        await Expect(page.GetByText("「存在しない言葉ですよ」に一致するものはありません")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("search: no hits");
    }

    [Fact]
    public async Task SearchPage_OnAPhone_HasNoSidewaysScroll()
    {
        var page = await fixture.NewPageAsync(390, 844);
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);
        await page.OpenAsync(fixture.App, "/search?q=" + Uri.EscapeDataString("総務課"));
        await Expect(page.Locator(".hit-list li").First).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
        overflow.ShouldBeFalse();
        await page.ShouldHaveNoAxeViolationsAsync("search on a phone");
        await Screenshots.SaveAsync(page, "search");
    }
}
