using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Meetings;
using Tsunagu.Core.Search;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using Tsunagu.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// The paper viewer and the minutes: a member reads a PDF paper page by page in the browser (pdf.js into a canvas) and
/// keeps a private note; the secretary generates the minutes, marks a decision and an action item and submits them; the
/// chair approves. axe at 1280 px and 390 px on each page.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class MinutesTests(EndToEndFixture fixture)
{
    private const string Secretary = "nakamura.tatsuya";
    private const string Chair = "fujiwara.takashi";

    [Fact]
    public async Task Member_ReadsAPdfPaper_AndKeepsAPrivateNote()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (meetingId, materialId) = await SeedAsync($"資料閲覧の試験 {tag}");
        var url = $"/meetings/{Inv(meetingId)}/materials/{Inv(materialId)}";

        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        var log = new BrowserLog(page);
        await page.SignInAsync(fixture.App, PageExtensions.Staff);
        await page.OpenAsync(fixture.App, url);
        await Expect(page.Heading("進捗資料.pdf")).ToBeVisibleAsync();
        await Expect(page.GetByText("資料を読み込んでいます…")).ToBeHiddenAsync();
        log.Problems.ShouldBeEmpty();
        var canvas = page.Locator("canvas[data-rendered-page='1']");
        await Expect(canvas).ToBeVisibleAsync();
        var status = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "ページ" });
        await Expect(status).ToHaveTextAsync("1 / 2 ページ");
        (await canvas.EvaluateAsync<bool>("c => { const d = c.getContext('2d').getImageData(c.width / 2, c.height * 0.15, 1, 1).data; return d[2] > 150 && d[0] < 100; }")).ShouldBeTrue("page 1 is drawn (a blue box at the top)");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await Expect(page.Locator("canvas[data-rendered-page='2']")).ToBeVisibleAsync();
        await Expect(status).ToHaveTextAsync("2 / 2 ページ");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "次へ" })).ToBeDisabledAsync();
        await Expect(page.GetByLabel("ページ（任意）")).ToHaveValueAsync("2");
        await page.ShouldHaveNoAxeViolationsAsync("paper viewer: a PDF page");

        await page.GetByLabel("メモ（2000文字以内）").FillAsync($"2ページの数字を確認する {tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "メモを追加" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(url) + @"\?done=added$"));
        await Expect(page.GetByText("メモを追加しました。")).ToBeVisibleAsync();
        var notes = page.GetByRole(AriaRole.Complementary, new() { Name = "自分のメモ" });
        await Expect(notes.GetByRole(AriaRole.Paragraph).Filter(new() { HasText = $"2ページの数字を確認する {tag}" })).ToBeVisibleAsync();
        await Expect(page.Locator("canvas[data-rendered-page='1']")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("paper viewer: a note added");
        await Screenshots.SaveAsync(page, "paper-viewer");

        // The secretary opens the same paper and sees no trace of the member's note.
        var secretary = await fixture.NewPageAsync();
        await using var secretaryContext = secretary.Context;
        await secretary.SignInAsync(fixture.App, Secretary);
        await secretary.OpenAsync(fixture.App, url);
        await Expect(secretary.GetByText("まだメモはありません。")).ToBeVisibleAsync();
        (await secretary.ContentAsync()).ShouldNotContain(tag + "</");

        var phone = await fixture.NewPageAsync(390, 844);
        await using var phoneContext = phone.Context;
        await phone.SignInAsync(fixture.App, PageExtensions.Staff);
        await phone.OpenAsync(fixture.App, url);
        await Expect(phone.Locator("canvas[data-rendered-page='1']")).ToBeVisibleAsync();
        (await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue("the viewer scrolls sideways at 390 px");
        foreach (var name in new[] { "前へ", "次へ", "幅に合わせる", "メモを追加" })
        {
            var box = await phone.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).BoundingBoxAsync();
            box!.Height.ShouldBeGreaterThanOrEqualTo(44, name);
        }

        await phone.ShouldHaveNoAxeViolationsAsync("paper viewer (phone)");
        await Screenshots.SaveAsync(phone, "paper-viewer");
    }

    [Fact]
    public async Task Secretary_GeneratesMinutes_MarksItems_AndTheChairApproves()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (meetingId, _) = await SeedAsync($"議事録の試験 {tag}");
        var url = $"/meetings/{Inv(meetingId)}/minutes";

        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, Secretary);
        await page.OpenAsync(fixture.App, url);
        await Expect(page.Heading($"議事録の試験 {tag} 議事録")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("minutes: none yet");
        await page.GetByRole(AriaRole.Button, new() { Name = "議事録を作成" }).ClickAsync();
        await Expect(page.GetByText("議事録の下書きを作成しました。")).ToBeVisibleAsync();
        var editor = page.GetByLabel("議事録本文");
        var draft = await editor.InputValueAsync();
        draft.ShouldContain("出席者：");
        draft.ShouldContain("1. 進捗報告");
        draft.ShouldContain("資料：進捗資料.pdf");
        await page.ShouldHaveNoAxeViolationsAsync("minutes: a generated draft");

        var text = draft.Replace(MinutesDraft.DecisionHint, "【決定】窓口予約は来月から本稼働とする。", StringComparison.Ordinal)
            .Replace(MinutesDraft.ActionHint, "【対応】@moriya.misaki / 操作手順書の配布 / 12/4", StringComparison.Ordinal);
        await editor.FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存して議長に承認を依頼" }).ClickAsync();
        await Expect(page.GetByText("議長に承認を依頼しました。")).ToBeVisibleAsync();
        var panel = page.GetByRole(AriaRole.Complementary, new() { Name = "決定事項と対応事項" });
        await Expect(panel.GetByText("窓口予約は来月から本稼働とする。")).ToBeVisibleAsync();
        await Expect(panel.GetByText("操作手順書の配布")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("minutes: awaiting the chair");

        var chair = await fixture.NewPageAsync();
        await using var chairContext = chair.Context;
        await chair.SignInAsync(fixture.App, Chair);
        await chair.OpenAsync(fixture.App, url);
        await Expect(chair.GetByText("承認待ち", new() { Exact = true })).ToBeVisibleAsync();
        await chair.ShouldHaveNoAxeViolationsAsync("minutes: the chair's approval");
        await chair.GetByRole(AriaRole.Button, new() { Name = "承認して公開" }).ClickAsync();
        await Expect(chair.GetByText("議事録を承認し、出席者に公開しました。")).ToBeVisibleAsync();
        await Expect(chair.GetByRole(AriaRole.Button, new() { Name = "「操作手順書の配布」を依頼にする" })).ToBeVisibleAsync();
        await chair.ShouldHaveNoAxeViolationsAsync("minutes: published");
        await Screenshots.SaveAsync(chair, "minutes");

        var phone = await fixture.NewPageAsync(390, 844);
        await using var phoneContext = phone.Context;
        await phone.SignInAsync(fixture.App, PageExtensions.Staff);
        await phone.OpenAsync(fixture.App, url);
        await Expect(phone.GetByText("窓口予約は来月から本稼働とする。").First).ToBeVisibleAsync();
        (await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue("the minutes scroll sideways at 390 px");
        await phone.ShouldHaveNoAxeViolationsAsync("minutes: published (phone)");
        await Screenshots.SaveAsync(phone, "minutes");
    }

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Yesterday's session: chair fujiwara.takashi, secretary nakamura.tatsuya, moriya.misaki attends; one PDF paper.</summary>
    private async Task<(int MeetingId, int MaterialId)> SeedAsync(string title)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = await db.Users.Where(a => a.UserName == Secretary || a.UserName == Chair || a.UserName == PageExtensions.Staff)
            .ToDictionaryAsync(a => a.UserName!, a => a.Id);
        var now = TimeProvider.System.GetUtcNow();
        var meeting = new Meeting(title, now.AddDays(-1), now.AddDays(-1).AddHours(1), null, ids[Chair], ids[Secretary], now) { Place = "本庁舎3階 第1会議室" };
        foreach (var id in ids.Values)
        {
            meeting.Attendees.Add(new MeetingAttendee { AccountId = id, Attendance = AttendanceState.Present });
        }

        meeting.AgendaItems.Add(new MeetingAgendaItem { Position = 1, Title = "進捗報告", PresenterId = ids[PageExtensions.Staff], DurationMinutes = 20 });
        meeting.AgendaItems.Add(new MeetingAgendaItem { Position = 2, Title = "次回の進め方", DurationMinutes = 10 });
        db.Add(meeting);
        await db.SaveChangesAsync();
        using var pdf = new MemoryStream(TestPdf.TwoPages());
        var file = await AttachmentUpload.ReadAsync(SearchModules.Meeting, Inv(meeting.Id), "進捗資料.pdf", "application/pdf", pdf, ids[Secretary], now);
        db.Attachments.Add(file);
        await db.SaveChangesAsync();
        var material = new MeetingMaterial { MeetingId = meeting.Id, AgendaItemId = meeting.AgendaItems[0].Id, AttachmentId = file.Id, Position = 1 };
        db.Add(material);
        await db.SaveChangesAsync();
        return (meeting.Id, material.Id);
    }
}
