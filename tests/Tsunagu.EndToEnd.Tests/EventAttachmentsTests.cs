using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// 会議資料: the organiser attaches the handout to their meeting, sees it listed, and a colleague's search for a word
/// that is only inside the file finds it and opens the meeting. axe at 1280 px and 390 px.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class EventAttachmentsTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Organiser_AttachesAHandout_SeesItListed_AndSearchFindsItByItsContents()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var title = $"DX推進本部会議 {tag}";
        var (eventId, word) = await SeedAsync(title);
        var fileName = $"令和8年度_第3回DX推進本部会議_議事次第_{tag}.csv";
        var csv = $"議題,担当,資料\n開会,企画振興部,\n{word}の導入について,DX戦略室,資料1\n閉会,企画振興部,\n";

        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);
        await page.OpenAsync(fixture.App, $"/schedule/events/{eventId}");
        await Expect(page.Heading(title)).ToBeVisibleAsync();
        var section = page.GetByRole(AriaRole.Region, new() { Name = "会議資料" });
        await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "会議資料", Level = 2 })).ToBeVisibleAsync();
        await Expect(section.GetByText("資料はまだありません。")).ToBeVisibleAsync();
        await Expect(section.GetByText("10MB まで。PDF・Word・Excel・PowerPoint・テキスト・CSV は中身も検索できます。")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("event detail: no materials yet");

        await section.GetByLabel("資料を追加").SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await section.GetByRole(AriaRole.Button, new() { Name = "アップロード" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/schedule/events/{eventId}\\?attached=1#attachments$"));
        await page.WaitForBlazorAsync();
        section = page.GetByRole(AriaRole.Region, new() { Name = "会議資料" });
        await Expect(section.GetByRole(AriaRole.Status)).ToHaveTextAsync("資料を追加しました。");
        var link = section.GetByRole(AriaRole.Link, new() { Name = fileName });
        await Expect(link).ToBeVisibleAsync();
        await Expect(section.GetByText("追加: 守屋　美咲")).ToBeVisibleAsync();
        await Expect(section.GetByRole(AriaRole.Button, new() { Name = $"{fileName} を削除" })).ToBeVisibleAsync();
        // The section's heading is not hidden under the sticky header after the jump to #attachments.
        var heading = await section.GetByRole(AriaRole.Heading, new() { Name = "会議資料" }).BoundingBoxAsync();
        var header = await page.GetByRole(AriaRole.Banner).BoundingBoxAsync();
        heading!.Y.ShouldBeGreaterThanOrEqualTo(header!.Y + header.Height);
        await page.ShouldHaveNoAxeViolationsAsync("event detail: a material attached");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.SaveAsync(page, "event-attachments");

        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        download.SuggestedFilename.ShouldBe(fileName);

        // The shell's search box finds the handout by a word that is only inside it, and the hit opens the meeting.
        var box = page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Searchbox, new() { Name = "検索語" });
        await box.FillAsync(word);
        await box.PressAsync("Enter");
        await Expect(page.Heading("検索")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        var hit = page.Locator(".hit-list li").Filter(new() { HasText = fileName });
        await Expect(hit).ToHaveCountAsync(1);
        await Expect(hit.Locator(".tag")).ToHaveTextAsync("会議資料");
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "絞り込み" }).GetByRole(AriaRole.Link).Filter(new() { HasText = "会議資料" })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("search: a meeting material found by its contents");
        await hit.GetByRole(AriaRole.Link, new() { Name = fileName }).ClickAsync();
        await Expect(page.Heading(title)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "会議資料" }).GetByRole(AriaRole.Link, new() { Name = fileName })).ToBeVisibleAsync();

        // On a phone: the long file name wraps, nothing scrolls sideways, every control is a full-size target.
        var phone = await fixture.NewPageAsync(390, 844);
        await using var phoneContext = phone.Context;
        await phone.SignInAsync(fixture.App, PageExtensions.Staff);
        await phone.OpenAsync(fixture.App, $"/schedule/events/{eventId}?attached=1");
        var phoneSection = phone.GetByRole(AriaRole.Region, new() { Name = "会議資料" });
        await Expect(phoneSection.GetByRole(AriaRole.Link, new() { Name = fileName })).ToBeVisibleAsync();
        (await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue("the event page scrolls sideways at 390 px");
        foreach (var target in new[]
        {
            phoneSection.GetByRole(AriaRole.Link, new() { Name = fileName }),
            phoneSection.GetByRole(AriaRole.Button, new() { Name = $"{fileName} を削除" }),
            phoneSection.GetByRole(AriaRole.Button, new() { Name = "アップロード" }),
        })
        {
            var box390 = await target.BoundingBoxAsync();
            box390!.Height.ShouldBeGreaterThanOrEqualTo(44, await target.TextContentAsync() ?? "");
        }

        await phone.ShouldHaveNoAxeViolationsAsync("event detail: a material attached (phone)");
        await Screenshots.SaveAsync(phone, "event-attachments");
    }

    /// <summary>A meeting of the demo staff member with a colleague, some weeks ahead; and a word in no other record.</summary>
    private async Task<(int EventId, string Word)> SeedAsync(string title)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var me = await db.Users.Where(a => a.UserName == PageExtensions.Staff).Select(a => new { a.Id, a.DepartmentId }).SingleAsync();
        var colleague = await db.Users.Where(a => a.DepartmentId == me.DepartmentId && a.Id != me.Id && a.IsActive).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
        var day = Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(45);
        var viewer = await ScheduleViewer.ForAccountAsync(db, me.Id);
        var created = await scope.ServiceProvider.GetRequiredService<ScheduleService>().CreateAsync(viewer, new EventDraft
        {
            Title = title,
            Place = "本庁舎3階 第1会議室",
            StartsAt = day.ToDateTime(new TimeOnly(14, 0)),
            EndsAt = day.ToDateTime(new TimeOnly(15, 30)),
            OrganizerId = me.Id,
            AttendeeIds = [colleague],
        });
        var word = "電子決裁" + string.Concat(Enumerable.Range(0, 3).Select(_ => "鶴亀松竹梅桜楓椿藤菊蘭萩桐柳杉檜"[Random.Shared.Next(16)]));
        return (created.Id, word);
    }
}
