using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// 回覧板 as the demo city does it: 守屋 (DX戦略室) sends a document with an attachment to her 課長 and a colleague,
/// the 課長 confirms with a comment, and 守屋 sees who confirmed when. Every page is scanned with axe and shot at
/// 1280 and 390 px.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed partial class CirculationTests(EndToEndFixture fixture)
{
    private const string Chief = "nakamura.tatsuya";

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Sender_CreatesWithAnAttachment_RecipientConfirmsWithAComment_SenderSeesWhoConfirmedWhen(int width)
    {
        var title = $"庁内LAN停止のお知らせ {Guid.NewGuid().ToString("N")[..4]}";
        var page = await fixture.NewPageAsync(width, 900);
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        await page.OpenAsync(fixture.App, "/circulations");
        await Expect(page.Heading("回覧板")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("circulation: list");
        await Screenshots.SaveAsync(page, "circulation-list");

        await page.GetByRole(AriaRole.Link, new() { Name = "回覧を作成" }).First.ClickAsync();
        await Expect(page.Heading("回覧を作成")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.GetByLabel("件名").FillAsync(title);
        await page.GetByLabel("本文").FillAsync("土曜日 9時〜17時、庁内LANのスイッチ更新のためネットワークが停止します。\n出勤予定の方は事前にお知らせください。");
        await page.GetByLabel("職員・部署を検索").FillAsync("中村");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索", Exact = true }).ClickAsync();
        await page.WaitForBlazorAsync();
        var chiefBox = page.Locator($"input[name='add'][value$='({Chief})']");
        await chiefBox.CheckAsync();
        await page.ShouldHaveNoAxeViolationsAsync("circulation: picker results");
        await page.GetByRole(AriaRole.Button, new() { Name = "チェックしたものを回覧先に追加" }).ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByLabel("回覧先(1行に1件)")).ToHaveValueAsync(new Regex($@"\({Regex.Escape(Chief)}\)"));
        await page.GetByLabel("順番").CheckAsync();
        await page.Locator("input[type=file][name='files']").SetInputFilesAsync(new FilePayload
        {
            Name = "停止スケジュール.txt",
            MimeType = "text/plain",
            Buffer = Encoding.UTF8.GetBytes("停止スケジュール\n9:00 停止開始\n17:00 復旧確認\n"),
        });
        await page.ShouldHaveNoAxeViolationsAsync("circulation: new");
        await Screenshots.SaveAsync(page, "circulation-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "回覧を開始する" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(DetailUrl());
        var id = int.Parse(DetailUrl().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        await page.WaitForBlazorAsync();
        await Expect(page.Heading(title)).ToBeVisibleAsync();
        await Expect(page.GetByText("回覧を開始しました。")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "停止スケジュール.txt" })).ToBeVisibleAsync();

        // The 課長 confirms with a comment.
        var chief = await fixture.NewPageAsync(width, 900);
        await using (chief.Context)
        {
            await chief.SignInAsync(fixture.App, Chief);
            await chief.OpenAsync(fixture.App, "/circulations");
            await chief.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            await chief.WaitForBlazorAsync();
            await Expect(chief.Heading("確認してください", 2)).ToBeVisibleAsync();
            await chief.ShouldHaveNoAxeViolationsAsync("circulation: recipient's turn");
            await Screenshots.SaveAsync(chief, "circulation-confirm");
            await chief.GetByLabel("コメント(任意)").FillAsync("当日は出勤しません。了解です。");
            await chief.GetByRole(AriaRole.Button, new() { Name = "確認しました" }).ClickAsync();
            await chief.WaitForBlazorAsync();
            await Expect(chief.GetByText("全員の確認が済み")).ToBeVisibleAsync();
        }

        // 守屋 sees who confirmed when.
        await page.OpenAsync(fixture.App, $"/circulations/{id}");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "当日は出勤しません。了解です。" });
        await Expect(row).ToContainTextAsync("確認済");
        await Expect(row.Locator("time")).ToHaveTextAsync(new Regex(@"\d{4}/\d{2}/\d{2} \d{2}:\d{2}"));
        await Expect(page.GetByText("1 / 1 確認済").First).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("circulation: completed, sender's view");
        await Screenshots.SaveAsync(page, "circulation-completed");
    }

    [GeneratedRegex(@"/circulations/(\d+)(\?.*)?$")]
    private static partial Regex DetailUrl();
}
