using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagu.Core;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// Facility booking as staff do it: the day board, booking a room alone, being told of a clash, and a manager
/// confirming a 仮予約. Each test makes facilities of its own, so the demo city's bookings never get in the way.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class FacilityTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Staff_BooksARoomAlone_IsToldOfAClash_AndAManagerConfirmsAProvisionalBooking()
    {
        var suffix = Guid.NewGuid().ToString("N")[..4];
        var room = await CreateFacilityAsync($"E2E第1会議室{suffix}", approval: false);
        var hall = await CreateFacilityAsync($"E2E大会議室{suffix}", approval: true);
        var day = Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(21);
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        // The board, then the room's own page.
        await page.OpenAsync(fixture.App, $"/facilities?date={date}");
        await Expect(page.Heading("施設予約")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 }).Filter(new() { HasText = "令和" })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("facilities: day board");
        await page.GetByRole(AriaRole.Link, new() { Name = room.Name, Exact = true }).First.ClickAsync();
        await Expect(page.Heading(room.Name)).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("facilities: one room");

        // Book it alone.
        await FillBookingAsync(page, date, "10:00", "11:00", "システム標準化 打合せ");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("予約しました(本予約)");
        await Expect(page.Locator(".week-days").GetByText("システム標準化 打合せ")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("facilities: booked");

        // A second try that overlaps is refused, and says with what.
        await FillBookingAsync(page, date, "10:30", "11:30", "来客対応");
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("その時間はすでに予約があるため、予約できませんでした。");
        await Expect(alert).ToContainTextAsync("10:00〜11:00");
        await Expect(alert).ToContainTextAsync("システム標準化 打合せ");
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("facilities: conflict");
        await Screenshots.SaveAsync(page, "facility-conflict");

        // The administrator books the hall that needs approval: it stays 仮予約.
        var adminPage = await fixture.NewPageAsync();
        await using var adminContext = adminPage.Context;
        await adminPage.SignInAsync(fixture.App, PageExtensions.Admin);
        await adminPage.OpenAsync(fixture.App, $"/facilities/{hall.Id}?date={date}");
        await FillBookingAsync(adminPage, date, "14:00", "16:00", "防災訓練 事前打合せ");
        await Expect(adminPage.GetByRole(AriaRole.Status)).ToContainTextAsync("仮予約しました");

        // The board shows both, the provisional one in words.
        await page.OpenAsync(fixture.App, $"/facilities?date={date}");
        var hallRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = hall.Name });
        await Expect(hallRow).ToContainTextAsync("14:00〜16:00");
        await Expect(hallRow).ToContainTextAsync("仮予約");
        await page.ShouldHaveNoAxeViolationsAsync("facilities: board with a provisional booking");
        await Screenshots.SaveAsync(page, "facility-board");

        // 守屋 works in DX戦略室, which manages the hall: she confirms it.
        await page.OpenAsync(fixture.App, "/facilities/approvals");
        await Expect(page.Heading("承認待ちの予約")).ToBeVisibleAsync();
        var item = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = hall.Name });
        await Expect(item).ToContainTextAsync("防災訓練 事前打合せ");
        await page.ShouldHaveNoAxeViolationsAsync("facilities: approvals");
        await item.GetByText("お断りする", new() { Exact = true }).ClickAsync();
        await Expect(item.GetByLabel("お断りの理由")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("facilities: approvals with the refusal form open");
        await Screenshots.SaveAsync(page, "facility-approvals");
        await item.GetByRole(AriaRole.Button, new() { Name = "確定(本予約)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("確定しました(本予約)");
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("facilities: approvals after confirming");
        (await QueryAsync(db => db.FacilityBookings.Where(b => b.FacilityId == hall.Id).Select(b => b.Status).SingleAsync())).ShouldBe(BookingStatus.Confirmed);

        // Her own bookings.
        await page.OpenAsync(fixture.App, "/facilities/bookings");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = room.Name })).ToContainTextAsync("本予約");
        await page.ShouldHaveNoAxeViolationsAsync("facilities: my bookings");
        await Screenshots.SaveAsync(page, "facility-my-bookings");
    }

    [Fact]
    public async Task Board_OnAPhone_IsAListPerFacility_WithoutSidewaysScroll()
    {
        var suffix = Guid.NewGuid().ToString("N")[..4];
        var room = await CreateFacilityAsync($"E2E第2会議室{suffix}", approval: false);
        var day = Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(22);
        await InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().BookAsync(
            AccountId(sp, PageExtensions.Staff), room.Id, Clock.FromTokyo(day.ToDateTime(new TimeOnly(9, 30))), Clock.FromTokyo(day.ToDateTime(new TimeOnly(10, 30))), "窓口改善ワーキング"));
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var page = await fixture.NewPageAsync(390, 844);
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);
        await page.OpenAsync(fixture.App, $"/facilities?date={date}");

        var entry = page.Locator(".board-list-item").Filter(new() { HasText = room.Name });
        await Expect(entry).ToBeVisibleAsync();
        await Expect(entry).ToContainTextAsync("9:30〜10:30");
        await Expect(entry).ToContainTextAsync("窓口改善ワーキング");
        await Expect(page.Locator(".board-axis").First).ToBeHiddenAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
        overflow.ShouldBeFalse();
        await page.ShouldHaveNoAxeViolationsAsync("facilities: board on a phone");
        await Screenshots.SaveAsync(page, "facility-board");

        await entry.GetByRole(AriaRole.Link, new() { Name = room.Name }).ClickAsync();
        await Expect(page.Heading(room.Name)).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth")).ShouldBeFalse();
        await page.ShouldHaveNoAxeViolationsAsync("facilities: one room on a phone");
        await Screenshots.SaveAsync(page, "facility-room");
    }

    private static async Task FillBookingAsync(IPage page, string date, string start, string end, string purpose)
    {
        var form = page.GetByRole(AriaRole.Region, new() { Name = "この施設を予約する" });
        await form.GetByLabel("利用日").FillAsync(date);
        await form.GetByLabel("開始時刻").FillAsync(start);
        await form.GetByLabel("終了時刻").FillAsync(end);
        await form.GetByLabel("利用目的").FillAsync(purpose);
        await form.GetByRole(AriaRole.Button, new() { Name = "予約する", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>A room in the demo's 本庁舎 group; one that needs approval is managed by 守屋's DX戦略室.</summary>
    private Task<Facility> CreateFacilityAsync(string name, bool approval) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var dx = await db.Departments.Where(d => d.Path == "企画振興部/DX戦略室").Select(d => d.Id).SingleAsync();
            var group = await db.FacilityGroups.OrderBy(g => g.SortOrder).Select(g => (int?)g.Id).FirstOrDefaultAsync();
            var admin = sp.GetService<FacilityAdminService>() ?? ActivatorUtilities.CreateInstance<FacilityAdminService>(sp);
            return await admin.CreateFacilityAsync(new FacilityInput
            {
                Name = name,
                Kind = FacilityKind.Room,
                GroupId = group,
                Capacity = 20,
                Location = "本庁舎3階",
                Attributes = "プロジェクター,Web会議",
                RequiresApproval = approval,
                ManagerDepartmentId = dx,
                SortOrder = 90,
            }, Actor.System);
        });

    private static int AccountId(IServiceProvider sp, string login) =>
        sp.GetRequiredService<AppDbContext>().Users.Where(a => a.UserName == login).Select(a => a.Id).Single();

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query) => InScopeAsync(sp => query(sp.GetRequiredService<AppDbContext>()));
}
