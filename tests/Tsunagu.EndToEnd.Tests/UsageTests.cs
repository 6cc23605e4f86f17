using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// 守屋 (DX戦略室) opens 利用状況 from the menu, sees this year's figures and both charts drawn, switches to the old
/// groupware's FY2020 baseline (the seed's table), downloads the CSV, and looks at the import page; the same report on
/// her phone. Every state is scanned with axe and shot at 1280 and 390 px.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class UsageTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task DxOffice_OpensTheReport_ChangesThePeriod_AndDownloadsTheCsv()
    {
        var page = await fixture.NewPageAsync(1280, 900);
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        await page.MainMenu().GetByRole(AriaRole.Link, new() { Name = "利用状況", Exact = true }).ClickAsync();
        // Three reports over the demo's ~200,000 events: give the first render time on a loaded machine.
        await Expect(page.Heading("利用状況")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("canvas[data-usage-chart='rates'][data-started]")).ToHaveCountAsync(1);
        await Expect(page.Locator("canvas[data-usage-chart='monthly'][data-started]")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "機能別の利用状況", Exact = true }).GetByRole(AriaRole.Rowheader, new() { Name = "全機能" })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("usage: this fiscal year");
        await Screenshots.SaveAsync(page, "usage");

        await page.GetByLabel("集計期間(開始日)").FillAsync("2020-04-01");
        await page.GetByLabel("集計期間(終了日)").FillAsync("2021-03-31");
        await page.GetByLabel("記録の取り込み元").SelectOptionAsync(new SelectOptionValue { Label = "旧グループウェア" });
        await page.GetByRole(AriaRole.Button, new() { Name = "集計する" }).ClickAsync();
        await Expect(page.GetByText("取り込み元: 旧グループウェア")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForBlazorAsync();

        var table = page.GetByRole(AriaRole.Region, new() { Name = "機能別の利用状況", Exact = true }).GetByRole(AriaRole.Table);
        var schedule = table.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "スケジュール", Exact = true }) });
        await Expect(schedule).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"スケジュール\s*605\s*264\s*44%\s*557\s*92%"));
        await Expect(page.GetByText("取り込み元: 旧グループウェア")).ToBeVisibleAsync();
        await Expect(page.Locator("canvas[data-usage-chart='rates'][data-started]")).ToHaveCountAsync(1);
        await Expect(page.Locator("canvas[data-usage-chart='monthly'][data-started]")).ToHaveCountAsync(1);
        var canvasWidth = await page.Locator("canvas[data-usage-chart='rates']").EvaluateAsync<int>("c => c.width");
        canvasWidth.ShouldBeGreaterThan(0);
        await page.ShouldHaveNoAxeViolationsAsync("usage: legacy FY2020");
        await Screenshots.SaveAsync(page, "usage-legacy");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV(UTF-8)" }).ClickAsync());
        download.SuggestedFilename.ShouldBe("usage-2020-04-01_2021-03-31.csv");
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        csv.ShouldContain("スケジュール,605,264,44,557,92");

        await page.GetByRole(AriaRole.Link, new() { Name = "旧システムの記録を取り込む" }).ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.Heading("旧システムの利用記録の取り込み")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("usage: import");
        await Screenshots.SaveAsync(page, "usage-import");

        var phone = await fixture.NewPageAsync(390, 844);
        await using (phone.Context)
        {
            await phone.SignInAsync(fixture.App, PageExtensions.Staff);
            await phone.OpenAsync(fixture.App, "/usage");
            await Expect(phone.Locator("canvas[data-usage-chart='rates'][data-started]")).ToHaveCountAsync(1);
            await phone.ShouldHaveNoAxeViolationsAsync("usage: phone");
            await Screenshots.SaveAsync(phone, "usage");
            await phone.OpenAsync(fixture.App, "/usage/import");
            await phone.ShouldHaveNoAxeViolationsAsync("usage: import, phone");
            await Screenshots.SaveAsync(phone, "usage-import");
        }
    }
}
