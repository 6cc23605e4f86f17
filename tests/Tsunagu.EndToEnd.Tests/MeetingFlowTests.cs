using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tsunagu.Core;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Meetings;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// Issue 9 end to end, as the people would do it: 中村 (DX戦略室 課長) sets up a 進捗定例会 with 藤原 (部長) as chair and
/// 守屋 as a member, prepares the next session (two agenda items with presenters, a PDF paper); 守屋 answers, reads the
/// paper and keeps a private note the secretary never sees; 中村 generates the minutes, writes a decision and an action
/// item for 財政課, and 藤原 approves them; the action item becomes a request that 財政課 receives and answers and 中村
/// completes. Every page of the flow is scanned with axe and shot, at 1280 px and at 390 px.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed partial class MeetingFlowTests(EndToEndFixture fixture)
{
    private const string Secretary = "nakamura.tatsuya";
    private const string Chair = "fujiwara.takashi";
    private const string Member = PageExtensions.Staff;
    private const string TargetDepartment = "財政課";

    /// <summary>A 主事 of 総務部/財政課 in the demo city (the list is generated from a fixed seed).</summary>
    private static readonly string Zaisei = DemoCityData.Staff.First(s => s.DepartmentPath == "総務部/財政課" && s.Position == "主事").Login;

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task ProgressMeeting_FromPreparationToMinutes_ActionItemBecomesARequest_AnsweredAndCompleted(int width, int height)
    {
        var tag = Guid.NewGuid().ToString("N")[..4];
        var body = $"進捗定例会（テスト {tag}）";
        var first = $"窓口予約システムの稼働判定 {tag}";
        var second = $"電子申請の利用状況 {tag}";
        var paper = $"利用状況 {tag}.pdf";
        var note = $"3ページ目の件数を財政課と照合する {tag}";
        var decision = $"窓口予約システムは来月から本稼働とする（{tag}）。";
        var action = $"電子申請の経費見込みの提供 {tag}";
        const string shot = "meeting-flow";

        // 1. The secretary sets up the body (he chooses chair and members) and prepares its next session.
        var secretary = await fixture.NewPageAsync(width, height);
        await using var secretaryContext = secretary.Context;
        await secretary.SignInAsync(fixture.App, Secretary);
        await secretary.OpenAsync(fixture.App, "/meetings/bodies/new");
        await Expect(secretary.Heading("会議体の登録")).ToBeVisibleAsync();
        await secretary.GetByLabel("名称").FillAsync(body);
        await secretary.GetByLabel("目的").FillAsync("戦略施策の進捗確認と課題の抽出（画面試験）。");
        await secretary.GetByLabel("頻度").SelectOptionAsync(new SelectOptionValue { Label = "毎月" });

        // A day late in the month: the sessions stay clear of this week's demo meetings.
        await secretary.GetByLabel("毎月・四半期の日").SelectOptionAsync(new SelectOptionValue { Label = "25日" });
        await AddMemberAsync(secretary, Chair);
        await AddMemberAsync(secretary, Member);
        await secretary.GetByLabel("議長").SelectOptionAsync(new SelectOptionValue { Label = NameOf(Chair) });
        await Expect(secretary.GetByLabel("事務局").Locator("option:checked")).ToHaveTextAsync(NameOf(Secretary));
        await secretary.ShouldHaveNoAxeViolationsAsync($"flow {width}: new body");
        await Screenshots.SaveAsync(secretary, $"{shot}-1-body-new");
        await secretary.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        await Expect(secretary.Heading(body)).ToBeVisibleAsync();
        await Expect(secretary.GetByText("登録しました。")).ToBeVisibleAsync();

        await secretary.GetByRole(AriaRole.Button, new() { Name = "次の3か月分の開催を作成" }).ClickAsync();
        await Expect(secretary.GetByText(GeneratedNotice())).ToBeVisibleAsync();
        await secretary.WaitForBlazorAsync();
        await secretary.ShouldHaveNoAxeViolationsAsync($"flow {width}: body with its sessions");
        await Screenshots.SaveAsync(secretary, $"{shot}-2-body");
        await secretary.GetByRole(AriaRole.Region, new() { Name = "今後の開催" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(secretary).ToHaveURLAsync(SessionUrl());
        await secretary.WaitForBlazorAsync();
        var meetingId = int.Parse(SessionUrl().Match(secretary.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        var sessionPath = $"/meetings/{Inv(meetingId)}";
        await Expect(secretary.Heading(body)).ToBeVisibleAsync();

        foreach (var (title, presenter, minutes) in new[] { (first, Member, "20"), (second, Chair, "15") })
        {
            var add = secretary.Locator("details.agenda-add");
            if (await add.GetAttributeAsync("open") is null)
            {
                await add.Locator("summary").ClickAsync();
            }

            await add.GetByLabel("議題名").FillAsync(title);
            await add.GetByLabel("説明者").SelectOptionAsync(new SelectOptionValue { Label = NameOf(presenter) });
            await add.GetByLabel("時間(分)").FillAsync(minutes);
            await add.GetByRole(AriaRole.Button, new() { Name = "追加する" }).ClickAsync();
            await Expect(secretary.GetByText("議題を更新しました。")).ToBeVisibleAsync();
            await secretary.WaitForBlazorAsync();
            await Expect(secretary.GetByText(title).First).ToBeVisibleAsync();
        }

        await secretary.GetByLabel("資料のファイル(複数選択できます)").SetInputFilesAsync(new FilePayload
        {
            Name = paper,
            MimeType = "application/pdf",
            Buffer = Tsunagu.Tests.Shared.TestPdf.TwoPages(),
        });
        await secretary.GetByLabel("どの議題の資料か").SelectOptionAsync(new SelectOptionValue { Label = second });
        await secretary.GetByRole(AriaRole.Button, new() { Name = "資料を登録" }).ClickAsync();
        await Expect(secretary.GetByText("資料を登録しました。")).ToBeVisibleAsync();
        await secretary.WaitForBlazorAsync();
        await Expect(secretary.GetByRole(AriaRole.List, new() { Name = $"「{second}」の資料" }).GetByRole(AriaRole.Link, new() { Name = paper })).ToBeVisibleAsync();
        await Expect(secretary.GetByText($"説明者 {NameOf(Member)}").First).ToBeVisibleAsync();
        await secretary.ShouldHaveNoAxeViolationsAsync($"flow {width}: prepared session");
        await Screenshots.SaveAsync(secretary, $"{shot}-3-session");

        // 2. The member answers, opens the paper from the session and keeps a private note.
        var member = await fixture.NewPageAsync(width, height);
        await using (member.Context)
        {
            await member.SignInAsync(fixture.App, Member);
            await member.OpenAsync(fixture.App, sessionPath);
            await member.GetByRole(AriaRole.Button, new() { Name = "出席する" }).ClickAsync();
            await Expect(member.GetByText("出欠を記録しました。")).ToBeVisibleAsync();
            await member.WaitForBlazorAsync();
            await Expect(member.GetByText("あなたの出欠(現在: 出席)")).ToBeVisibleAsync();
            await member.ShouldHaveNoAxeViolationsAsync($"flow {width}: session, member");
            await member.GetByRole(AriaRole.List, new() { Name = $"「{second}」の資料" }).GetByRole(AriaRole.Link, new() { Name = paper }).ClickAsync();
            await member.WaitForBlazorAsync();
            await Expect(member.Heading(paper)).ToBeVisibleAsync();
            await Expect(member.Locator("canvas[data-rendered-page='1']")).ToBeVisibleAsync();
            await Expect(member.GetByRole(AriaRole.Status).Filter(new() { HasText = "ページ" })).ToHaveTextAsync("1 / 2 ページ");
            var paperUrl = member.Url;
            await member.GetByLabel("メモ（2000文字以内）").FillAsync(note);
            await member.GetByRole(AriaRole.Button, new() { Name = "メモを追加" }).ClickAsync();
            await Expect(member.GetByText("メモを追加しました。")).ToBeVisibleAsync();
            await member.WaitForBlazorAsync();
            await Expect(member.GetByRole(AriaRole.Complementary, new() { Name = "自分のメモ" }).GetByRole(AriaRole.Paragraph).Filter(new() { HasText = note })).ToBeVisibleAsync();
            await Expect(member.Locator("canvas[data-rendered-page='1']")).ToBeVisibleAsync();
            await member.ShouldHaveNoAxeViolationsAsync($"flow {width}: paper with the member's note");
            await Screenshots.SaveAsync(member, $"{shot}-4-paper-note");

            // The secretary opens the same paper: the note is the member's alone.
            await secretary.GotoAsync(paperUrl);
            await secretary.WaitForBlazorAsync();
            await Expect(secretary.Heading(paper)).ToBeVisibleAsync();
            await Expect(secretary.GetByText("まだメモはありません。")).ToBeVisibleAsync();
            (await secretary.ContentAsync()).ShouldNotContain(note);
            await secretary.ShouldHaveNoAxeViolationsAsync($"flow {width}: paper, secretary");
        }

        // 3. The secretary writes the minutes from the generated draft and asks the chair to approve them.
        await secretary.OpenAsync(fixture.App, sessionPath);
        await OpenMinutesAsync(secretary, meetingId);
        await Expect(secretary.Heading($"{body} 議事録")).ToBeVisibleAsync();
        await secretary.ShouldHaveNoAxeViolationsAsync($"flow {width}: minutes, none yet");
        await secretary.GetByRole(AriaRole.Button, new() { Name = "議事録を作成" }).ClickAsync();
        await Expect(secretary.GetByText("議事録の下書きを作成しました。")).ToBeVisibleAsync();
        await secretary.WaitForBlazorAsync();
        var editor = secretary.GetByLabel("議事録本文");
        var draft = await editor.InputValueAsync();
        draft.ShouldContain("出席者：");
        draft.ShouldContain(first);
        draft.ShouldContain(second);
        draft.ShouldContain($"資料：{paper}");
        draft.ShouldNotContain(note, customMessage: "a private note never reaches the minutes");
        var due = Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(60);
        var text = draft
            .Replace(MinutesDraft.DecisionHint, $"【決定】{decision}", StringComparison.Ordinal)
            .Replace(MinutesDraft.ActionHint, $"【対応】{TargetDepartment} / {action} / {due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
        text.ShouldContain("【対応】", customMessage: "the generated draft has a place for action items");
        await editor.FillAsync(text);
        await secretary.ShouldHaveNoAxeViolationsAsync($"flow {width}: minutes, draft");
        await Screenshots.SaveAsync(secretary, $"{shot}-5-minutes-draft");
        await secretary.GetByRole(AriaRole.Button, new() { Name = "保存して議長に承認を依頼" }).ClickAsync();
        await Expect(secretary.GetByText("議長に承認を依頼しました。")).ToBeVisibleAsync();
        await secretary.WaitForBlazorAsync();
        var panel = secretary.GetByRole(AriaRole.Complementary, new() { Name = "決定事項と対応事項" });
        await Expect(panel.GetByText(decision)).ToBeVisibleAsync();
        await Expect(panel.GetByText(action)).ToBeVisibleAsync();
        await secretary.ShouldHaveNoAxeViolationsAsync($"flow {width}: minutes, awaiting the chair");

        // The chair approves: the minutes are published to the attendees.
        var chair = await fixture.NewPageAsync(width, height);
        await using (chair.Context)
        {
            await chair.SignInAsync(fixture.App, Chair);
            await chair.OpenAsync(fixture.App, sessionPath);
            await OpenMinutesAsync(chair, meetingId);
            await Expect(chair.GetByText("承認待ち", new() { Exact = true })).ToBeVisibleAsync();
            await chair.ShouldHaveNoAxeViolationsAsync($"flow {width}: minutes, the chair's approval");
            await Screenshots.SaveAsync(chair, $"{shot}-6-minutes-chair");
            await chair.GetByRole(AriaRole.Button, new() { Name = "承認して公開" }).ClickAsync();
            await Expect(chair.GetByText("議事録を承認し、出席者に公開しました。")).ToBeVisibleAsync();
            await chair.WaitForBlazorAsync();
            await Expect(chair.GetByText("公開", new() { Exact = true }).First).ToBeVisibleAsync();
        }

        // 4. The secretary turns the action item into a request to 財政課.
        await secretary.OpenAsync(fixture.App, $"/meetings/{Inv(meetingId)}/minutes");
        await secretary.GetByRole(AriaRole.Button, new() { Name = $"「{action}」を依頼にする" }).ClickAsync();
        await Expect(secretary.GetByText("対応事項を依頼にしました。")).ToBeVisibleAsync();
        await secretary.WaitForBlazorAsync();
        await secretary.ShouldHaveNoAxeViolationsAsync($"flow {width}: minutes, published with a request");
        await Screenshots.SaveAsync(secretary, $"{shot}-7-minutes-published");
        await secretary.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^依頼 #\d+ を開く$") }).ClickAsync();
        await Expect(secretary).ToHaveURLAsync(RequestUrl());
        await secretary.WaitForBlazorAsync();
        var requestPath = new Uri(secretary.Url).AbsolutePath;
        await Expect(secretary.Heading(action)).ToBeVisibleAsync();
        await Expect(secretary.Locator(".req-header .status")).ToHaveTextAsync("依頼中");
        await Expect(secretary.GetByText(body).First).ToBeVisibleAsync();
        await secretary.ShouldHaveNoAxeViolationsAsync($"flow {width}: request, just made");

        // 5. Someone in 財政課 finds it among the department's requests, receives and answers it.
        var target = await fixture.NewPageAsync(width, height);
        await using (target.Context)
        {
            await target.SignInAsync(fixture.App, Zaisei);
            await target.OpenAsync(fixture.App, "/requests");
            await target.GetByRole(AriaRole.Link, new() { Name = action }).ClickAsync();
            await Expect(target).ToHaveURLAsync(RequestUrl());
            await target.WaitForBlazorAsync();
            await Expect(target.Heading("依頼先の操作", 2)).ToBeVisibleAsync();
            await target.ShouldHaveNoAxeViolationsAsync($"flow {width}: request, target side");
            await Screenshots.SaveAsync(target, $"{shot}-8-request-target");
            await target.GetByRole(AriaRole.Button, new() { Name = "受け付ける" }).ClickAsync();
            await Expect(target.GetByText("依頼を受け付けました。")).ToBeVisibleAsync();
            await target.WaitForBlazorAsync();
            await Expect(target.Locator(".req-header .status")).ToHaveTextAsync("対応中");
            await target.GetByLabel("回答").FillAsync("電子申請の経費見込みは年額 312 万円です。内訳を共有フォルダに置きました。");
            await target.GetByRole(AriaRole.Button, new() { Name = "回答する" }).ClickAsync();
            await Expect(target.GetByText("回答しました。依頼者に通知しました。")).ToBeVisibleAsync();
            await target.WaitForBlazorAsync();
            await Expect(target.Locator(".req-header .status")).ToHaveTextAsync("回答済");
            await target.ShouldHaveNoAxeViolationsAsync($"flow {width}: request, answered");
        }

        // 6. The requester completes it; the history tells the whole story.
        await secretary.OpenAsync(fixture.App, requestPath);
        await Expect(secretary.Heading("依頼者の操作", 2)).ToBeVisibleAsync();
        await Expect(secretary.GetByText("電子申請の経費見込みは年額 312 万円です。").First).ToBeVisibleAsync();
        await secretary.ShouldHaveNoAxeViolationsAsync($"flow {width}: request, requester's view of the answer");
        await secretary.GetByRole(AriaRole.Button, new() { Name = "完了にする" }).ClickAsync();
        await Expect(secretary.GetByText("依頼を完了にしました。")).ToBeVisibleAsync();
        await secretary.WaitForBlazorAsync();
        await Expect(secretary.Locator(".req-header .status")).ToHaveTextAsync("完了");
        var history = secretary.GetByRole(AriaRole.Region, new() { Name = "経過とコメント" });
        foreach (var step in new[] { "が依頼しました", "が受け付けました", "が回答しました", "が完了にしました" })
        {
            await Expect(history.GetByText(step).First).ToBeVisibleAsync();
        }

        (await secretary.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
            .ShouldBeTrue($"the completed request fits {width} px without sideways scrolling");
        await secretary.ShouldHaveNoAxeViolationsAsync($"flow {width}: request, completed");
        await Screenshots.SaveAsync(secretary, $"{shot}-9-request-completed");

        // Back on the minutes, the action item now points at its request.
        await secretary.OpenAsync(fixture.App, $"/meetings/{Inv(meetingId)}/minutes");
        await Expect(secretary.GetByRole(AriaRole.Link, new() { Name = $"依頼 #{requestPath.Split('/')[^1]} を開く" })).ToBeVisibleAsync();
        await Expect(secretary.GetByRole(AriaRole.Button, new() { Name = $"「{action}」を依頼にする" })).ToHaveCountAsync(0);
    }

    /// <summary>Searches the people picker of the body form by login and checks the person found.</summary>
    private static async Task AddMemberAsync(IPage page, string login)
    {
        await page.GetByLabel("氏名・かな・ログインIDで探す").FillAsync(login);
        await page.GetByRole(AriaRole.Button, new() { Name = "検索", Exact = true }).ClickAsync();
        var found = page.GetByRole(AriaRole.List, new() { Name = "見つかった職員" });
        await found.GetByRole(AriaRole.Checkbox, new() { Name = FamilyName(login) }).First.CheckAsync();
    }

    /// <summary>From the session page to its minutes, by the 議事録 link in the page heading.</summary>
    private static async Task OpenMinutesAsync(IPage page, int meetingId)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "議事録", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/meetings/{Inv(meetingId)}/minutes$"));
        await page.WaitForBlazorAsync();
    }

    private static string NameOf(string login) => DemoCityData.Staff.Single(s => s.Login == login).Name;

    private static string FamilyName(string login) => NameOf(login).Split(' ', '　')[0];

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("回分の開催を作成しました。|新しく作成する開催はありませんでした")]
    private static partial Regex GeneratedNotice();

    [GeneratedRegex(@"/meetings/(\d+)(\?.*)?$")]
    private static partial Regex SessionUrl();

    [GeneratedRegex(@"/requests/(\d+)(\?.*)?$")]
    private static partial Regex RequestUrl();
}
