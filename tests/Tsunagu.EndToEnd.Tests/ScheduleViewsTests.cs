using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>My schedule, the group week view, the 三役 view and custom groups in a browser, at desk and phone widths.</summary>
[Collection(EndToEndSuite.Name)]
public sealed class ScheduleViewsTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Views_AtADesk_ShowTheWeekTheGroupAndTheExecutives_AxeClean()
    {
        var seeded = await SeedAsync();
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        // The portal's today widget links to the schedule.
        await Expect(page.Heading("今日の予定", 2)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = seeded.MyTitle })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("portal with the today schedule widget");
        await Screenshots.SaveAsync(page, "schedule-portal-widget");
        await page.GetByRole(AriaRole.Link, new() { Name = "スケジュールを開く" }).ClickAsync();
        await Expect(page.Heading("自分の予定")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = seeded.MyTitle }).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "予定を登録" })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("schedule: my week");
        await Screenshots.SaveAsync(page, "schedule-week");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "表示の切り替え" }).GetByRole(AriaRole.Link, new() { Name = "月" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("schedule: my month");
        await Screenshots.SaveAsync(page, "schedule-month");

        await page.OpenAsync(fixture.App, "/schedule?view=day");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = seeded.MyTitle })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("schedule: my day");

        // The group week view of my department: every member a row, a colleague's private entry only as 予定あり.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "スケジュールのメニュー" }).GetByRole(AriaRole.Link, new() { Name = "グループ週間" }).ClickAsync();
        await Expect(page.Heading("グループ週間")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        var grid = page.GetByRole(AriaRole.Table);
        await Expect(grid.GetByRole(AriaRole.Rowheader, new() { Name = "守屋　美咲" })).ToBeVisibleAsync();
        var colleagueRow = grid.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = seeded.ColleagueName }) });
        await Expect(colleagueRow.GetByText("予定あり").First).ToBeVisibleAsync();
        await Expect(colleagueRow.GetByText(seeded.SecretTitle)).ToHaveCountAsync(0);
        await Expect(colleagueRow.GetByRole(AriaRole.Link, new() { Name = seeded.OpenTitle })).ToBeVisibleAsync();
        var quickAdd = page.GetByRole(AriaRole.Link, new() { Name = $"{seeded.ColleagueName}さんの{seeded.Today.Month}月{seeded.Today.Day}日に予定を追加" });
        await Expect(quickAdd).ToHaveAttributeAsync("href", $"/schedule/events/new?start={seeded.Today:yyyy-MM-dd}T09:00&attendees={seeded.ColleagueId}");
        await page.ShouldHaveNoAxeViolationsAsync("schedule: group week");
        await Screenshots.SaveAsync(page, "schedule-group");

        await page.GetByRole(AriaRole.Link, new() { Name = "次の週" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/schedule/group\?department=\d+&date=\d{4}-\d{2}-\d{2}$"));
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("schedule: group week, next week");

        await page.OpenAsync(fixture.App, "/schedule/executives");
        await Expect(page.Heading("三役の予定")).ToBeVisibleAsync();
        foreach (var position in new[] { "市長", "副市長", "教育長" })
        {
            await Expect(page.GetByRole(AriaRole.Rowheader).Filter(new() { HasText = position }).First).ToBeVisibleAsync();
        }

        await page.ShouldHaveNoAxeViolationsAsync("schedule: executives");
        await Screenshots.SaveAsync(page, "schedule-executives");
    }

    [Fact]
    public async Task CustomGroup_IsCreatedFilledAndShownAsAWeek_AxeClean()
    {
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        await page.OpenAsync(fixture.App, "/schedule/groups");
        await Expect(page.Heading("マイグループ")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("schedule: my groups");
        var name = $"防災チーム{Guid.NewGuid():N}"[..10];
        await page.GetByLabel("グループ名").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "作成" }).ClickAsync();
        await Expect(page.Heading(name)).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("schedule: new group");

        await page.GetByLabel("氏名・ふりがな・ログインID").FillAsync("もりや");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        await page.WaitForBlazorAsync();
        var add = page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("さんを追加$") });
        await Expect(add.First).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("schedule: group member search");
        await add.First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "追加しました" })).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("schedule: group with a member");
        await Screenshots.SaveAsync(page, "schedule-group-edit");

        await page.GetByRole(AriaRole.Link, new() { Name = "週間予定を見る" }).ClickAsync();
        await Expect(page.Heading("グループ週間")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(1);
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("schedule: custom group week");
    }

    [Fact]
    public async Task Views_OnAPhone_HaveNoSidewaysPageScroll_AndTheGridScrollsInItsBox()
    {
        await SeedAsync();
        var page = await fixture.NewPageAsync(390, 844);
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        await page.OpenAsync(fixture.App, "/schedule");
        await Expect(page.Heading("自分の予定")).ToBeVisibleAsync();
        (await PageScrollsSidewaysAsync(page)).ShouldBeFalse("my week on a phone");
        // The week becomes one day under another.
        var days = page.Locator(".week-day");
        var first = await days.Nth(0).BoundingBoxAsync();
        var second = await days.Nth(1).BoundingBoxAsync();
        second!.Y.ShouldBeGreaterThan(first!.Y + first.Height - 1);
        await page.ShouldHaveNoAxeViolationsAsync("schedule: my week on a phone");
        await Screenshots.SaveAsync(page, "schedule-week");

        await page.OpenAsync(fixture.App, "/schedule?view=month");
        (await PageScrollsSidewaysAsync(page)).ShouldBeFalse("my month on a phone");
        await page.ShouldHaveNoAxeViolationsAsync("schedule: my month on a phone");
        await Screenshots.SaveAsync(page, "schedule-month");

        await page.OpenAsync(fixture.App, "/schedule/group");
        (await PageScrollsSidewaysAsync(page)).ShouldBeFalse("group week on a phone");
        var region = page.GetByRole(AriaRole.Region, new() { NameRegex = new System.Text.RegularExpressions.Regex("の予定") });
        (await region.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth")).ShouldBeTrue("the grid scrolls inside its own box");
        var name = page.GetByRole(AriaRole.Rowheader, new() { Name = "守屋　美咲" });
        var before = await name.BoundingBoxAsync();
        await region.EvaluateAsync("e => e.scrollLeft = 400");
        var after = await name.BoundingBoxAsync();
        after!.X.ShouldBe(before!.X, 1, "the name column stays while the days scroll");
        await region.EvaluateAsync("e => e.scrollLeft = 0");
        await page.ShouldHaveNoAxeViolationsAsync("schedule: group week on a phone");
        await Screenshots.SaveAsync(page, "schedule-group");

        await page.OpenAsync(fixture.App, "/schedule/executives");
        (await PageScrollsSidewaysAsync(page)).ShouldBeFalse("executives on a phone");
        await page.ShouldHaveNoAxeViolationsAsync("schedule: executives on a phone");
        await Screenshots.SaveAsync(page, "schedule-executives");

        await page.OpenAsync(fixture.App, "/schedule/groups");
        (await PageScrollsSidewaysAsync(page)).ShouldBeFalse("my groups on a phone");
        await page.ShouldHaveNoAxeViolationsAsync("schedule: my groups on a phone");
    }

    private static Task<bool> PageScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");

    private sealed record Seeded(DateOnly Today, string MyTitle, int ColleagueId, string ColleagueName, string OpenTitle, string SecretTitle);

    private static readonly SemaphoreSlim SeedLock = new(1, 1);
    private static Seeded? s_seeded;

    /// <summary>Today: a meeting of mine, and a public and a private entry of a colleague in my unit (made once for the suite).</summary>
    private async Task<Seeded> SeedAsync()
    {
        await SeedLock.WaitAsync();
        try
        {
            if (s_seeded is not null)
            {
                return s_seeded;
            }

            await using var scope = fixture.App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var schedules = scope.ServiceProvider.GetRequiredService<ScheduleService>();
            var me = await db.Users.Where(a => a.UserName == PageExtensions.Staff).Select(a => new { a.Id, a.DepartmentId }).SingleAsync();
            var colleague = await db.Users.Where(a => a.DepartmentId == me.DepartmentId && a.Id != me.Id && a.IsActive)
                .OrderByDescending(a => a.Id).Select(a => new { a.Id, a.DisplayName }).FirstAsync();
            var today = Clock.TokyoDate(TimeProvider.System.GetUtcNow());
            var tag = Guid.NewGuid().ToString("N")[..6];
            var seeded = new Seeded(today, $"画面確認 {tag}", colleague.Id, colleague.DisplayName, $"庁内研修 {tag}", $"人事面談 {tag}");

            async Task CreateAsync(int organizer, string title, int hour, EventVisibility visibility, string category)
            {
                var viewer = await ScheduleViewer.ForAccountAsync(db, organizer);
                await schedules.CreateAsync(viewer, new EventDraft
                {
                    Title = title,
                    Category = category,
                    StartsAt = today.ToDateTime(new TimeOnly(hour, 0)),
                    EndsAt = today.ToDateTime(new TimeOnly(hour, 45)),
                    Visibility = visibility,
                    OrganizerId = organizer,
                });
            }

            await CreateAsync(me.Id, seeded.MyTitle, 7, EventVisibility.Public, EventCategories.Consultation);
            await CreateAsync(colleague.Id, seeded.OpenTitle, 8, EventVisibility.Public, EventCategories.Training);
            await CreateAsync(colleague.Id, seeded.SecretTitle, 18, EventVisibility.Private, EventCategories.Other);
            s_seeded = seeded;
            return seeded;
        }
        finally
        {
            SeedLock.Release();
        }
    }
}
