using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// The secretary prepares a 進捗定例会: 中村 (DX戦略室 課長, its secretary) creates the body's sessions (twice: the second
/// run creates nothing), opens a session, adds two agenda items with presenters and a PDF paper; 守屋 answers 出席 on her
/// phone and sees the paper. Every page is scanned with axe and shot at 1280 and 390 px.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed partial class MeetingTests(EndToEndFixture fixture)
{
    private const string Secretary = "nakamura.tatsuya";

    [Fact]
    public async Task Secretary_PreparesAProgressMeeting_WithTwoItemsAndAPdf_MemberAnswersAndSeesThePaper()
    {
        var tag = Guid.NewGuid().ToString("N")[..4];
        var first = $"窓口予約システムの稼働判定 {tag}";
        var second = $"電子申請の利用状況 {tag}";
        var page = await fixture.NewPageAsync(1280, 900);
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, Secretary);

        await page.OpenAsync(fixture.App, "/meetings/bodies");
        await page.ShouldHaveNoAxeViolationsAsync("meetings: bodies");
        await Screenshots.SaveAsync(page, "meeting-bodies");
        await page.GetByRole(AriaRole.Link, new() { Name = "進捗定例会", Exact = true }).First.ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.Heading("進捗定例会")).ToBeVisibleAsync();
        var bodyUrl = page.Url;

        await page.GetByRole(AriaRole.Button, new() { Name = "次の3か月分の開催を作成" }).ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByText(new Regex("回分の開催を作成しました。|新しく作成する開催はありませんでした"))).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "次の3か月分の開催を作成" }).ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByText("新しく作成する開催はありませんでした(次の3か月分は作成済みです)。")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("meetings: body");
        await Screenshots.SaveAsync(page, "meeting-body");

        // The last session listed is months away: nobody has prepared it yet.
        await page.Locator("ul.sessions a").Last.ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page).ToHaveURLAsync(SessionUrl());
        var sessionPath = new Uri(page.Url).PathAndQuery.Split('?')[0];

        foreach (var (title, minutes) in new[] { (first, "20"), (second, "15") })
        {
            var add = page.Locator("details.agenda-add");
            if (await add.GetAttributeAsync("open") is null)
            {
                await add.Locator("summary").ClickAsync();
            }

            await add.GetByLabel("議題名").FillAsync(title);
            var presenter = add.GetByLabel("説明者");
            var moriya = await presenter.Locator("option", new() { HasText = "守屋" }).First.TextContentAsync();
            await presenter.SelectOptionAsync(new SelectOptionValue { Label = moriya!.Trim() });
            await add.GetByLabel("時間(分)").FillAsync(minutes);
            await add.GetByRole(AriaRole.Button, new() { Name = "追加する" }).ClickAsync();
            await page.WaitForBlazorAsync();
            await Expect(page.GetByText("議題を更新しました。")).ToBeVisibleAsync();
        }

        await page.GetByLabel("資料のファイル(複数選択できます)").SetInputFilesAsync(new FilePayload
        {
            Name = "利用状況.pdf",
            MimeType = "application/pdf",
            Buffer = Tsunagu.Tests.Shared.TestPdf.TwoPages(),
        });
        await page.GetByLabel("どの議題の資料か").SelectOptionAsync(new SelectOptionValue { Label = second });
        await page.GetByRole(AriaRole.Button, new() { Name = "資料を登録" }).ClickAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByText("資料を登録しました。")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = $"「{second}」の資料" }).GetByRole(AriaRole.Link, new() { Name = "利用状況.pdf" })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("meetings: prepared session, secretary");
        await Screenshots.SaveAsync(page, "meeting-session-secretary");

        // The same pages on the secretary's phone.
        var phone = await fixture.NewPageAsync(390, 844);
        await using (phone.Context)
        {
            await phone.SignInAsync(fixture.App, Secretary);
            await phone.OpenAsync(fixture.App, "/meetings/bodies");
            await phone.ShouldHaveNoAxeViolationsAsync("meetings: bodies, phone");
            await Screenshots.SaveAsync(phone, "meeting-bodies");
            await phone.GotoAsync(bodyUrl);
            await phone.WaitForBlazorAsync();
            await phone.ShouldHaveNoAxeViolationsAsync("meetings: body, phone");
            await Screenshots.SaveAsync(phone, "meeting-body");
            await phone.OpenAsync(fixture.App, sessionPath);
            await phone.ShouldHaveNoAxeViolationsAsync("meetings: session, secretary's phone");
            await Screenshots.SaveAsync(phone, "meeting-session-secretary");
        }

        // 守屋 answers on her phone and sees the paper; then the list, at both widths.
        foreach (var width in new[] { 390, 1280 })
        {
            var member = await fixture.NewPageAsync(width, 844);
            await using (member.Context)
            {
                await member.SignInAsync(fixture.App, PageExtensions.Staff);
                await member.OpenAsync(fixture.App, sessionPath);
                await Expect(member.Heading("進捗定例会")).ToBeVisibleAsync();
                if (width == 390)
                {
                    await member.GetByRole(AriaRole.Button, new() { Name = "出席する" }).ClickAsync();
                    await member.WaitForBlazorAsync();
                    await Expect(member.GetByText("出欠を記録しました。")).ToBeVisibleAsync();
                }

                await Expect(member.GetByText("あなたの出欠(現在: 出席)")).ToBeVisibleAsync();
                await Expect(member.GetByRole(AriaRole.Link, new() { Name = "利用状況.pdf" }).First).ToBeVisibleAsync();
                await Expect(member.GetByText(first).First).ToBeVisibleAsync();
                await member.ShouldHaveNoAxeViolationsAsync($"meetings: session, member at {width}");
                await Screenshots.SaveAsync(member, "meeting-session-member");
                await member.OpenAsync(fixture.App, "/meetings");
                await member.ShouldHaveNoAxeViolationsAsync($"meetings: list at {width}");
                await Screenshots.SaveAsync(member, "meeting-list");
            }
        }
    }

    [GeneratedRegex(@"/meetings/(\d+)(\?.*)?$")]
    private static partial Regex SessionUrl();
}
