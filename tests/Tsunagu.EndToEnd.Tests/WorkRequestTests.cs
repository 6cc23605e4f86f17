using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// 依頼 between departments in the demo city: 守屋 (DX戦略室) asks someone in 財政課 for figures, they receive and
/// answer, and 守屋 completes it. Every page is scanned with axe and shot at 1280 and 390 px.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed partial class WorkRequestTests(EndToEndFixture fixture)
{
    /// <summary>A 主事 of 総務部/財政課 in the demo city (the list is generated from a fixed seed).</summary>
    private static readonly string Zaisei = DemoCityData.Staff.First(s => s.DepartmentPath == "総務部/財政課" && s.Position == "主事").Login;

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Requester_Asks_TargetReceivesAndAnswers_RequesterCompletes(int width)
    {
        var subject = $"システム経費の執行実績の提供 {Guid.NewGuid().ToString("N")[..4]}";
        var page = await fixture.NewPageAsync(width, 900);
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        await page.OpenAsync(fixture.App, "/requests");
        await Expect(page.Heading("依頼")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("request: list");
        await Screenshots.SaveAsync(page, "request-list");

        await page.OpenAsync(fixture.App, "/requests/board");
        await Expect(page.Heading("部署ボード")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("request: board");
        await Screenshots.SaveAsync(page, "request-board");

        await page.OpenAsync(fixture.App, "/requests");
        await page.GetByRole(AriaRole.Link, new() { Name = "新しく依頼する" }).First.ClickAsync();
        await Expect(page.Heading("新しく依頼する")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.GetByLabel("依頼先の部署").SelectOptionAsync(new SelectOptionValue { Value = await ZaiseiDepartmentAsync() });
        await page.GetByLabel("依頼先の担当者(任意)").FillAsync(Zaisei);
        await page.GetByLabel("件名").FillAsync(subject);
        await page.GetByLabel("依頼内容").FillAsync("DX推進事業の予算要求に使います。\n前年度のシステム関連経費の執行実績をご提供ください。");
        await page.GetByLabel("期限").FillAsync(Tsunagu.Core.Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("高", new() { Exact = true }).CheckAsync();
        await page.ShouldHaveNoAxeViolationsAsync("request: new");
        await Screenshots.SaveAsync(page, "request-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "依頼する", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(DetailUrl());
        var id = int.Parse(DetailUrl().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        await page.WaitForBlazorAsync();
        await Expect(page.Heading(subject)).ToBeVisibleAsync();
        await Expect(page.GetByText("依頼しました。")).ToBeVisibleAsync();

        // 財政課 receives and answers.
        var target = await fixture.NewPageAsync(width, 900);
        await using (target.Context)
        {
            await target.SignInAsync(fixture.App, Zaisei);
            await target.OpenAsync(fixture.App, "/requests");
            await target.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
            await target.WaitForBlazorAsync();
            await Expect(target.Heading("依頼先の操作", 2)).ToBeVisibleAsync();
            await target.ShouldHaveNoAxeViolationsAsync("request: target side, open");
            await Screenshots.SaveAsync(target, "request-receive");
            await target.GetByRole(AriaRole.Button, new() { Name = "受け付ける" }).ClickAsync();
            await target.WaitForBlazorAsync();
            await Expect(target.GetByText("依頼を受け付けました。")).ToBeVisibleAsync();
            await target.Locator("#answer-text").FillAsync("前年度の執行実績は 1,284 万円です。内訳は共有フォルダに置きました。");
            await target.GetByRole(AriaRole.Button, new() { Name = "回答する" }).ClickAsync();
            await target.WaitForBlazorAsync();
            await Expect(target.GetByText("回答しました。依頼者に通知しました。")).ToBeVisibleAsync();
        }

        // 守屋 completes it.
        await page.OpenAsync(fixture.App, $"/requests/{id}");
        await Expect(page.Heading("依頼者の操作", 2)).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("request: answered, requester's view");
        await Screenshots.SaveAsync(page, "request-answered");
        await page.GetByRole(AriaRole.Button, new() { Name = "完了にする" }).ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByText("依頼を完了にしました。")).ToBeVisibleAsync();
        await Expect(page.Locator(".req-header .status")).ToHaveTextAsync("完了");
        await page.ShouldHaveNoAxeViolationsAsync("request: completed");
        await Screenshots.SaveAsync(page, "request-completed");
    }

    private async Task<string> ZaiseiDepartmentAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var id = await db.Departments.Where(d => d.Path == "総務部/財政課").Select(d => d.Id).SingleAsync();
        return id.ToString(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"/requests/(\d+)(\?.*)?$")]
    private static partial Regex DetailUrl();
}
