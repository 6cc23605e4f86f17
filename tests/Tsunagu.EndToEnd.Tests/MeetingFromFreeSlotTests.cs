using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// The issue's journey: find a free time for two colleagues and a room, create the meeting from the slot as a weekly
/// series, an invitee accepts, and the group week view of their department shows it. axe at 1280 px and 390 px.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class MeetingFromFreeSlotTests(EndToEndFixture fixture)
{
    private sealed record Colleague(int Id, string Login, string Name, int DepartmentId);

    [Fact]
    public async Task RecurringMeetingFromAFreeSlot_WithARoom_InviteeAccepts_AndTheGroupWeekShowsIt()
    {
        var (first, second) = await ColleaguesAsync();
        var room = await RoomAsync();
        const string title = "DX推進 進捗確認会議";

        // The organiser: free-time search for two colleagues and the room.
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);
        await page.OpenAsync(fixture.App, "/schedule/free-time");
        await Expect(page.Heading("空き時間検索")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("free time: empty form");
        foreach (var colleague in new[] { first, second })
        {
            await page.GetByLabel("氏名・かな・ログインIDで探す").FillAsync(colleague.Login);
            await page.GetByRole(AriaRole.Button, new() { Name = "検索", Exact = true }).ClickAsync();
            var match = page.GetByRole(AriaRole.List, new() { Name = "見つかった職員" }).GetByRole(AriaRole.Checkbox, new() { Name = colleague.Name });
            await Expect(match).ToBeVisibleAsync();
            await page.WaitForBlazorAsync();
            await match.CheckAsync();
        }

        await page.GetByText("施設を選ぶ").ClickAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = room.Name }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "空き時間を探す" }).ClickAsync();
        await Expect(page.Heading("検索結果", 2)).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "対象 3人・施設 1件" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "全員参加可能", Level = 3 })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("free time: results");
        await Screenshots.SaveAsync(page, "free-time-results");
        var resultsUrl = page.Url;

        // One step from the slot to the meeting: everyone and the room are already chosen.
        await page.GetByRole(AriaRole.Link, new() { Name = "この時間で会議を作成" }).First.ClickAsync();
        await Expect(page.Heading("予定の登録")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        var newUrl = page.Url;
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = first.Name })).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = second.Name })).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = room.Name })).ToBeCheckedAsync();
        var date = await page.GetByLabel("開始日").InputValueAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "件名" }).FillAsync(title);
        await page.GetByLabel("繰り返し方").SelectOptionAsync(new SelectOptionValue { Label = "毎週(曜日を選択)" });
        await page.GetByLabel("回数で終える").CheckAsync();
        await page.GetByLabel("回数", new() { Exact = true }).FillAsync("4");
        await page.ShouldHaveNoAxeViolationsAsync("event form: filled in from a slot");
        await Screenshots.SaveAsync(page, "event-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();

        await Expect(page.Heading(title)).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "予定を保存しました" })).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex("毎週 .曜日 \\(4回\\)"))).ToBeVisibleAsync();
        // One booking of the room per weekly occurrence.
        var bookings = page.GetByRole(AriaRole.Row).Filter(new() { HasText = room.Name });
        await Expect(bookings).ToHaveCountAsync(4);
        await Expect(bookings.First).ToContainTextAsync(new Regex("仮予約|本予約"));
        await page.ShouldHaveNoAxeViolationsAsync("event detail (organiser)");
        await Screenshots.SaveAsync(page, "event-detail");
        var detailUrl = page.Url.Split('?')[0];

        // An invitee, on a phone: accepts.
        var phone = await fixture.NewPageAsync(390, 844);
        await using var phoneContext = phone.Context;
        await phone.SignInAsync(fixture.App, first.Login);
        await phone.GotoAsync(detailUrl);
        await phone.WaitForBlazorAsync();
        await Expect(phone.Heading(title)).ToBeVisibleAsync();
        await phone.ShouldHaveNoAxeViolationsAsync("event detail (invitee, phone)");
        await Screenshots.SaveAsync(phone, "event-detail-invitee");
        await phone.GetByRole(AriaRole.Button, new() { Name = "参加", Exact = true }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Status).Filter(new() { HasText = "回答しました" })).ToBeVisibleAsync();
        await phone.WaitForBlazorAsync();
        await Expect(phone.GetByText("現在の回答:")).ToContainTextAsync("参加");
        (await NoSidewaysScrollAsync(phone)).ShouldBeTrue();
        await phone.ShouldHaveNoAxeViolationsAsync("event detail (invitee answered, phone)");

        // The organiser sees the answer.
        await page.ReloadAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "回答の集計" })).ToContainTextAsync(new Regex("参加\\s*2"));

        // The group week view of the invitee's department shows the meeting (Features/Schedules/Views).
        await phone.OpenAsync(fixture.App, $"/schedule/group?department={first.DepartmentId}&date={date}");
        await Expect(phone.GetByText(title).First).ToBeVisibleAsync();
        await phone.ShouldHaveNoAxeViolationsAsync("group week with the meeting (phone)");

        // The form, the results and the detail on a phone as well.
        foreach (var (url, state) in new[] { (resultsUrl, "free-time-results"), (newUrl, "event-form"), (detailUrl, "event-detail") })
        {
            var organiserPhone = await fixture.NewPageAsync(390, 844);
            await using var organiserContext = organiserPhone.Context;
            await organiserPhone.SignInAsync(fixture.App, PageExtensions.Staff);
            await organiserPhone.GotoAsync(url);
            await organiserPhone.WaitForBlazorAsync();
            (await NoSidewaysScrollAsync(organiserPhone)).ShouldBeTrue($"{state} scrolls sideways at 390 px");
            await organiserPhone.ShouldHaveNoAxeViolationsAsync($"{state} (phone)");
            await Screenshots.SaveAsync(organiserPhone, state);
        }
    }

    [Fact]
    public async Task EventForm_WithARoomTaken_ShowsTheConflict_AndKeepsTheInput()
    {
        var room = await RoomAsync();
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);
        var day = Tsunagu.Core.Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        foreach (var title in new[] { "先に入った予約", "後から入れた予約" })
        {
            await page.OpenAsync(fixture.App, $"/schedule/events/new?start={day}T10:00&end={day}T11:00&facilities={room.Id}");
            await page.GetByRole(AriaRole.Textbox, new() { Name = "件名" }).FillAsync(title);
            await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("施設がすでに予約されているため、登録できませんでした。");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用件: 先に入った予約");
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "件名" })).ToHaveValueAsync("後から入れた予約");
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("event form: room conflict");
        await Screenshots.SaveAsync(page, "event-form-conflict");
    }

    private static Task<bool> NoSidewaysScrollAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");

    /// <summary>Two colleagues of the demo staff member in the same unit (DX戦略室).</summary>
    private async Task<(Colleague First, Colleague Second)> ColleaguesAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var me = await db.Users.SingleAsync(a => a.UserName == PageExtensions.Staff);
        var colleagues = await db.Users.Where(a => a.DepartmentId == me.DepartmentId && a.Id != me.Id && a.IsActive)
            .OrderBy(a => a.Id).Take(2)
            .Select(a => new Colleague(a.Id, a.UserName!, a.DisplayName, a.DepartmentId!.Value))
            .ToListAsync();
        colleagues.Count.ShouldBe(2);
        return (colleagues[0], colleagues[1]);
    }

    /// <summary>A room of this test's own, in the first facility group, so no demo booking stands in its way.</summary>
    private async Task<Facility> RoomAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var group = await db.FacilityGroups.OrderBy(g => g.SortOrder).FirstOrDefaultAsync();
        var room = new Facility
        {
            Name = $"第{Random.Shared.Next(10, 99)}会議室(試験{Guid.NewGuid().ToString("N")[..4]})",
            Kind = FacilityKind.Room,
            GroupId = group?.Id,
            Capacity = 12,
            Location = "本庁舎5階",
            Attributes = "プロジェクター",
            IsActive = true,
            SortOrder = 999,
        };
        db.Facilities.Add(room);
        await db.SaveChangesAsync();
        return room;
    }
}
