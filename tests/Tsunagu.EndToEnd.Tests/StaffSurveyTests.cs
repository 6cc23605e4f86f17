using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// This week's テレワーク実施状況調査 in the demo city: 守屋 (DX戦略室) reads the response rate (15 of 38 units) and its chart;
/// 池田 (財政課長) answers for 財政課 on his phone, first forgetting the number of staff; the DX office then sees 16 of 38.
/// The closed 業務に対するアンケート shows the seed's figures. Every page is scanned with axe and shot at 1280 and 390 px.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed partial class StaffSurveyTests(EndToEndFixture fixture)
{
    private const string Survey = "テレワーク実施状況調査";
    private const string Answerer = "ikeda.takashi";

    private static async Task ChartDrawnAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => { const c = document.querySelector('canvas[data-survey-chart]'); return !!(window.Chart && c && window.Chart.getChart(c)); }");

    [Fact]
    public async Task PlainStaff_AnswersTheOpenSurveyOnAPhone_AndTheDxOfficeSeesTheRateRise()
    {
        var dx = await fixture.NewPageAsync(1280, 900);
        await using var dxContext = dx.Context;
        await dx.SignInAsync(fixture.App, PageExtensions.Staff);

        await dx.MainMenu().GetByRole(AriaRole.Link, new() { Name = "アンケートの管理" }).ClickAsync();
        await dx.WaitForBlazorAsync();
        await Expect(dx.Heading("アンケートの管理")).ToBeVisibleAsync();
        await dx.ShouldHaveNoAxeViolationsAsync("surveys: manage");
        await Screenshots.SaveAsync(dx, "survey-manage");

        await dx.GetByRole(AriaRole.Link, new() { Name = Survey }).ClickAsync();
        await dx.WaitForBlazorAsync();
        await Expect(dx.Heading(Survey)).ToBeVisibleAsync();
        await Expect(dx.GetByText("38課中15課が回答(回答数 15件)")).ToBeVisibleAsync();
        await Expect(dx.GetByText("39.5%", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(dx.GetByRole(AriaRole.Heading, new() { Name = "未回答の課(23課)" })).ToBeVisibleAsync();
        await Expect(dx.Locator(".missing-list").GetByText("総務部/財政課", new() { Exact = true })).ToBeVisibleAsync();
        await ChartDrawnAsync(dx);
        await dx.ShouldHaveNoAxeViolationsAsync("surveys: results, open survey");
        await Screenshots.SaveAsync(dx, "survey-results-open");
        var resultsUrl = dx.Url;

        // 池田 answers for 財政課 on his phone.
        var phone = await fixture.NewPageAsync(390, 844);
        await using (phone.Context)
        {
            await phone.SignInAsync(fixture.App, Answerer);
            await phone.OpenAsync(fixture.App, "/surveys");
            await Expect(phone.GetByText("回答する課: 総務部/財政課")).ToBeVisibleAsync();
            var row = phone.Locator("li.survey-row", new() { HasText = Survey });
            await Expect(row.GetByText("未回答")).ToBeVisibleAsync();
            await phone.ShouldHaveNoAxeViolationsAsync("surveys: list, phone");
            await Screenshots.SaveAsync(phone, "survey-list");

            await row.GetByRole(AriaRole.Link, new() { Name = Survey }).ClickAsync();
            await phone.WaitForBlazorAsync();
            await Expect(phone.Heading(Survey)).ToBeVisibleAsync();
            await phone.GetByLabel("一部で実施している").CheckAsync();
            await phone.GetByLabel("紙の決裁・押印が残る").CheckAsync();
            await phone.GetByRole(AriaRole.Button, new() { Name = "回答を送信" }).ClickAsync();
            await phone.WaitForBlazorAsync();
            await Expect(phone.GetByText("回答に誤りがあります。赤字の項目を直してから、もう一度送信してください。")).ToBeVisibleAsync();
            await phone.ShouldHaveNoAxeViolationsAsync("surveys: answer refused, phone");
            await Screenshots.SaveAsync(phone, "survey-answer-error");

            await phone.GetByLabel(new Regex("^この1か月に実施した職員数")).FillAsync("4");
            await phone.GetByLabel(new Regex("^意見・要望")).FillAsync("課内で交代して週1日ずつ試行しています。");
            await phone.GetByRole(AriaRole.Button, new() { Name = "回答を送信" }).ClickAsync();
            await phone.WaitForBlazorAsync();
            await Expect(phone.GetByText("回答を送信しました。")).ToBeVisibleAsync();
            await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "この課の回答(1件)" })).ToBeVisibleAsync();
            await Expect(phone.GetByText("課内で交代して週1日ずつ試行しています。")).ToBeVisibleAsync();
            // One answer per unit: the form is gone, the answer can be corrected.
            await Expect(phone.GetByRole(AriaRole.Button, new() { Name = "回答を送信" })).ToHaveCountAsync(0);
            await Expect(phone.GetByRole(AriaRole.Link, new() { Name = "回答 1 を修正" })).ToBeVisibleAsync();
            await phone.ShouldHaveNoAxeViolationsAsync("surveys: answered, phone");
            await Screenshots.SaveAsync(phone, "survey-answered");

            // Plain staff do not see the DX office's menu, nor its pages.
            await Expect(phone.GetByRole(AriaRole.Link, new() { Name = "アンケートの管理" })).ToHaveCountAsync(0);
            await phone.OpenAsync(fixture.App, new Uri(resultsUrl).PathAndQuery, 403);
        }

        // The DX office sees the rate rise, and 財政課 no longer among the units to remind.
        await dx.ReloadAsync();
        await dx.WaitForBlazorAsync();
        await Expect(dx.GetByText("38課中16課が回答(回答数 16件)")).ToBeVisibleAsync();
        await Expect(dx.GetByText("42.1%", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(dx.GetByRole(AriaRole.Heading, new() { Name = "未回答の課(22課)" })).ToBeVisibleAsync();
        await Expect(dx.Locator(".missing-list").GetByText("総務部/財政課", new() { Exact = true })).ToHaveCountAsync(0);
        await ChartDrawnAsync(dx);

        // The DX office's pages on a phone.
        var dxPhone = await fixture.NewPageAsync(390, 844);
        await using (dxPhone.Context)
        {
            await dxPhone.SignInAsync(fixture.App, PageExtensions.Staff);
            await dxPhone.OpenAsync(fixture.App, new Uri(resultsUrl).PathAndQuery);
            await ChartDrawnAsync(dxPhone);
            await dxPhone.ShouldHaveNoAxeViolationsAsync("surveys: results, phone");
            await Screenshots.SaveAsync(dxPhone, "survey-results-open");
            await dxPhone.OpenAsync(fixture.App, "/surveys/manage");
            await dxPhone.ShouldHaveNoAxeViolationsAsync("surveys: manage, phone");
            await Screenshots.SaveAsync(dxPhone, "survey-manage");
            await dxPhone.OpenAsync(fixture.App, "/surveys/new");
            await dxPhone.ShouldHaveNoAxeViolationsAsync("surveys: new, phone");
            await Screenshots.SaveAsync(dxPhone, "survey-new");
        }
    }

    [Fact]
    public async Task DxOffice_ReadsTheSeedsBusinessSurvey_AndDraftsANewOne()
    {
        var dx = await fixture.NewPageAsync(1280, 900);
        await using var context = dx.Context;
        await dx.SignInAsync(fixture.App, "nakamura.tatsuya");

        await dx.OpenAsync(fixture.App, "/surveys/manage");
        await dx.GetByRole(AriaRole.Link, new() { Name = "業務に対するアンケート" }).ClickAsync();
        await dx.WaitForBlazorAsync();
        await Expect(dx.GetByText("38課中36課が回答(回答数 172件)")).ToBeVisibleAsync();
        await Expect(dx.GetByText("94.7%", new() { Exact = true })).ToBeVisibleAsync();
        var area = dx.Locator("section.question", new() { Has = dx.GetByRole(AriaRole.Heading, new() { Name = "区分", Exact = true }) });
        await Expect(area.GetByRole(AriaRole.Row, new() { Name = "庁内業務 80" })).ToBeVisibleAsync();
        await Expect(area.GetByRole(AriaRole.Row, new() { Name = "庁外業務 92" })).ToBeVisibleAsync();
        await ChartDrawnAsync(dx);
        await dx.ShouldHaveNoAxeViolationsAsync("surveys: results, closed survey");
        await Screenshots.SaveAsync(dx, "survey-results-closed");

        var tag = Guid.NewGuid().ToString("N")[..4];
        await dx.OpenAsync(fixture.App, "/surveys/new");
        await dx.ShouldHaveNoAxeViolationsAsync("surveys: new");
        await Screenshots.SaveAsync(dx, "survey-new");
        await dx.GetByLabel("件名(必須)").FillAsync($"会議室の利用に関する意見募集 {tag}");
        await dx.GetByLabel("意見募集(自由記述)").CheckAsync();
        await dx.GetByLabel("下で選んだ課だけ").CheckAsync();
        await dx.GetByRole(AriaRole.Group, new() { Name = "総務部" }).GetByLabel("財政課").CheckAsync();
        await dx.GetByRole(AriaRole.Button, new() { Name = "下書きを作成" }).ClickAsync();
        await dx.WaitForBlazorAsync();
        await Expect(dx.GetByText("下書きを作成しました。設問と対象を確認してから送付してください。")).ToBeVisibleAsync();
        await Expect(dx.GetByText("下書き", new() { Exact = true })).ToBeVisibleAsync();
        await dx.ShouldHaveNoAxeViolationsAsync("surveys: draft");
        await Screenshots.SaveAsync(dx, "survey-draft");
        await dx.GetByRole(AriaRole.Button, new() { Name = "送付する" }).ClickAsync();
        await dx.WaitForBlazorAsync();
        await Expect(dx.GetByText("アンケートを送付しました。対象の課の職員に通知しました。")).ToBeVisibleAsync();
        await Expect(dx.GetByText("1課中0課が回答(回答数 0件)")).ToBeVisibleAsync();
    }
}
