using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// The DX office's measurements: 守屋 (DX戦略室) opens the デジタル化レベル page (radar chart drawn by Chart.js beside its
/// table, the rubric, the history), records a new city-wide assessment, then opens the roadmap and updates this
/// half-year's cell of 体制の整備. A plain member of staff sees the same pages without edit links. Every page and state is
/// scanned with axe and shot at 1280 and 390 px.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class StrategyTests(EndToEndFixture fixture)
{
    private const string DxOffice = "moriya.misaki";

    [Fact]
    public async Task DxOffice_ReadsTheRadarChart_RecordsAnAssessment_AndUpdatesTheRoadmap()
    {
        var page = await fixture.NewPageAsync(1280, 900);
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, DxOffice);

        await page.OpenAsync(fixture.App, "/strategy/maturity");
        await Expect(page.Heading("デジタル化レベル")).ToBeVisibleAsync();
        // The chart script has drawn (data-started) and the same figures are in a table.
        await Expect(page.Locator("canvas[data-strategy-chart='radar'][data-started]")).ToBeAttachedAsync();
        await Expect(page.Locator("canvas[data-strategy-chart='history'][data-started]")).ToBeAttachedAsync();
        (await page.EvaluateAsync<int>("() => document.querySelector(\"canvas[data-strategy-chart='radar']\").width")).ShouldBeGreaterThan(0);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "観点ごとのレベルと目標" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "ITリテラシー" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "これまでの評価(新しい順)" }).GetByText("令和3年5月12日")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("strategy: maturity");
        await Screenshots.SaveAsync(page, "strategy-maturity");

        await page.GetByRole(AriaRole.Link, new() { Name = "評価を記録", Exact = true }).ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.Heading("デジタル化レベルの評価を記録")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("strategy: new assessment");
        await Screenshots.SaveAsync(page, "strategy-maturity-new");
        foreach (var (axis, level) in new[] { (1, 5), (2, 5), (3, 5), (4, 4) })
        {
            await page.Locator($"input[name='level-{axis}'][value='{level}']").CheckAsync();
        }

        await page.GetByRole(AriaRole.Group, new() { Name = "庁内システム" }).GetByLabel("根拠").FillAsync("移行困難システムの移行が完了し、全庁で標準準拠システムが稼働。");
        await page.GetByRole(AriaRole.Button, new() { Name = "評価を記録する" }).ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByText("評価を記録しました。")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "観点ごとのレベルと目標" }).GetByText("移行困難システムの移行が完了し")).ToBeVisibleAsync();
        await Expect(page.Locator("canvas[data-strategy-chart='radar'][data-started]")).ToBeAttachedAsync();
        await page.ShouldHaveNoAxeViolationsAsync("strategy: maturity after recording");

        await page.OpenAsync(fixture.App, "/strategy/roadmap");
        await Expect(page.Heading("DX戦略ロードマップ")).ToBeVisibleAsync();
        var grid = page.GetByRole(AriaRole.Table, new() { Name = "戦略推進項目・施策と半期ごとの計画" });
        await Expect(grid.GetByRole(AriaRole.Rowheader, new() { Name = "自治体の情報システム標準化・共通化" })).ToBeVisibleAsync();
        await Expect(grid.GetByText("標準仕様に基づき、既存システム改修").First).ToBeVisibleAsync();
        await Expect(grid.Locator("th[aria-current='date']")).ToHaveCountAsync(1);
        await page.ShouldHaveNoAxeViolationsAsync("strategy: roadmap");
        await Screenshots.SaveAsync(page, "strategy-roadmap");

        // This half-year (R8下期, 2026-10 … 2027-03) of 組織体制の整備 / 体制の整備.
        await grid.Locator("tr.sub", new() { HasText = "体制の整備" }).Locator("a[href$='/2026-2']").ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.Heading("体制の整備(R8下期)")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("strategy: roadmap cell");
        await Screenshots.SaveAsync(page, "strategy-roadmap-cell");
        await page.GetByLabel("計画内容").FillAsync("見直し(DX推進リーダーの任期更新)");
        await page.GetByLabel("状況").SelectOptionAsync(new SelectOptionValue { Label = "実施中" });
        await page.GetByLabel("担当").FillAsync("DX戦略室");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByText("ロードマップを更新しました。")).ToBeVisibleAsync();
        await Expect(page.GetByText("見直し(DX推進リーダーの任期更新)")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("strategy: roadmap after saving");

        await page.OpenAsync(fixture.App, "/strategy/roadmap/measures");
        await page.ShouldHaveNoAxeViolationsAsync("strategy: measures");
        await Screenshots.SaveAsync(page, "strategy-measures");

        var phone = await fixture.NewPageAsync(390, 844);
        await using (phone.Context)
        {
            await phone.SignInAsync(fixture.App, DxOffice);
            await phone.OpenAsync(fixture.App, "/strategy/maturity");
            await Expect(phone.Locator("canvas[data-strategy-chart='radar'][data-started]")).ToBeAttachedAsync();
            await phone.ShouldHaveNoAxeViolationsAsync("strategy: maturity, phone");
            await Screenshots.SaveAsync(phone, "strategy-maturity");
            await phone.OpenAsync(fixture.App, "/strategy/maturity/new");
            await phone.ShouldHaveNoAxeViolationsAsync("strategy: new assessment, phone");
            await Screenshots.SaveAsync(phone, "strategy-maturity-new");
            await phone.OpenAsync(fixture.App, "/strategy/roadmap");
            await phone.ShouldHaveNoAxeViolationsAsync("strategy: roadmap, phone");
            await Screenshots.SaveAsync(phone, "strategy-roadmap");
        }
    }

    [Fact]
    public async Task PlainStaff_SeesTheRoadmapAndLevels_WithoutEditing()
    {
        var page = await fixture.NewPageAsync(1280, 900);
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, "ikeda.takashi");

        await page.MainMenu().GetByRole(AriaRole.Link, new() { Name = "DX戦略ロードマップ" }).ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.Heading("DX戦略ロードマップ")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "編集" })).ToHaveCountAsync(0);
        await page.ShouldHaveNoAxeViolationsAsync("strategy: roadmap, plain staff");

        // Reached by enhanced navigation: the chart still starts.
        await page.MainMenu().GetByRole(AriaRole.Link, new() { Name = "デジタル化レベル" }).ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("canvas[data-strategy-chart='radar'][data-started]")).ToBeAttachedAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "評価を記録" })).ToHaveCountAsync(0);
        await page.ShouldHaveNoAxeViolationsAsync("strategy: maturity, plain staff");
    }
}
