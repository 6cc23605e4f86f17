using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// 掲示板: 中村課長 (DX戦略室) posts a required-reading notice to his 室; 守屋 finds it first on her portal, reads it and
/// confirms; the 課長 sees "1 / N" confirmed with the names of who has not. axe on every page, at 1280 px and 390 px.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed partial class BulletinTests(EndToEndFixture fixture)
{
    private const string Chief = "nakamura.tatsuya";

    [Fact]
    public async Task RequiredNotice_ReaderConfirms_AndTheAuthorSeesOneOfN()
    {
        var title = $"端末の持ち出し手順の変更 {Guid.NewGuid().ToString("N")[..4]}";
        var author = await fixture.NewPageAsync();
        await using var authorContext = author.Context;
        await author.SignInAsync(fixture.App, Chief);
        await author.OpenAsync(fixture.App, "/bulletins");
        await Expect(author.Heading("掲示板")).ToBeVisibleAsync();
        await author.ShouldHaveNoAxeViolationsAsync("bulletins: list");
        await Screenshots.SaveAsync(author, "bulletin-list");

        await author.GetByRole(AriaRole.Link, new() { Name = "新しい掲示" }).First.ClickAsync();
        await author.WaitForBlazorAsync();
        await Expect(author.Heading("新しい掲示")).ToBeVisibleAsync();
        await author.ShouldHaveNoAxeViolationsAsync("bulletins: new");
        await author.GetByLabel("分類").SelectOptionAsync(new SelectOptionValue { Label = "システム" });
        await author.GetByLabel("件名").FillAsync(title);
        await author.GetByLabel("本文", new() { Exact = true }).FillAsync("持ち出し申請は **つなぐ** の様式に変わりました。\n\n- 申請は前日までに\n- 返却時に点検票を提出");
        await author.GetByLabel("部署・職位を指定").CheckAsync();
        await Expect(author.GetByRole(AriaRole.Checkbox, new() { Name = "DX戦略室", Exact = true })).ToBeCheckedAsync();
        await author.GetByLabel("要確認(読んだ人に「確認しました」を押してもらう)").CheckAsync();
        await Screenshots.SaveAsync(author, "bulletin-new");
        await author.GetByRole(AriaRole.Button, new() { Name = "掲示する", Exact = true }).ClickAsync();
        await Expect(author).ToHaveURLAsync(PostUrl());
        var id = int.Parse(PostUrl().Match(author.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        await author.WaitForBlazorAsync();
        await Expect(author.Heading(title)).ToBeVisibleAsync();
        await Expect(author.GetByText("掲示しました。")).ToBeVisibleAsync();
        var audience = await AudienceSizeAsync();
        await Expect(author.Locator(".report-ratio")).ToHaveTextAsync($"0 / {audience}");

        // 守屋: on the portal, the notice to confirm comes first; she opens it and confirms.
        var reader = await fixture.NewPageAsync();
        await using (reader.Context)
        {
            await reader.SignInAsync(fixture.App, PageExtensions.Staff);
            var widget = reader.GetByRole(AriaRole.Region, new() { Name = "掲示板" });
            await Expect(widget.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
            await widget.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            await reader.WaitForBlazorAsync();
            await Expect(reader.Heading(title)).ToBeVisibleAsync();
            await Expect(reader.Locator(".bulletin-body strong")).ToHaveTextAsync("つなぐ");
            await reader.ShouldHaveNoAxeViolationsAsync("bulletins: required notice as reader");
            await reader.GetByRole(AriaRole.Button, new() { Name = "確認しました", Exact = true }).ClickAsync();
            await Expect(reader).ToHaveURLAsync(new Regex($"/bulletins/{id}\\?done=confirmed$"));
            await reader.WaitForBlazorAsync();
            await Expect(reader.GetByText("確認を記録しました。ありがとうございます。")).ToBeVisibleAsync();
            await Expect(reader.GetByRole(AriaRole.Button, new() { Name = "確認しました" })).ToHaveCountAsync(0);
            await reader.ShouldHaveNoAxeViolationsAsync("bulletins: confirmed");
            await Screenshots.SaveAsync(reader, "bulletin-confirmed");
        }

        // The author: 1 of N, and 守屋 among the confirmed.
        await author.OpenAsync(fixture.App, $"/bulletins/{id}");
        await Expect(author.Locator(".report-ratio")).ToHaveTextAsync($"1 / {audience}");
        await author.GetByText($"確認済みの人(1人)").ClickAsync();
        await Expect(author.GetByRole(AriaRole.Cell, new() { Name = "守屋\u3000美咲" })).ToBeVisibleAsync();
        await author.GetByText($"まだ確認していない人({audience - 1}人)").ClickAsync();
        await author.ShouldHaveNoAxeViolationsAsync("bulletins: author's report");
        await Screenshots.SaveAsync(author, "bulletin-report");

        // On a phone.
        var phone = await fixture.NewPageAsync(390, 844);
        await using (phone.Context)
        {
            await phone.SignInAsync(fixture.App, PageExtensions.Staff);
            await phone.OpenAsync(fixture.App, "/bulletins");
            await phone.ShouldHaveNoAxeViolationsAsync("bulletins: list on a phone");
            await Screenshots.SaveAsync(phone, "bulletin-list");
            (await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1")).ShouldBeTrue("no sideways scrolling");
            await phone.OpenAsync(fixture.App, $"/bulletins/{id}");
            await phone.ShouldHaveNoAxeViolationsAsync("bulletins: notice on a phone");
            await Screenshots.SaveAsync(phone, "bulletin-confirmed");
            await phone.OpenAsync(fixture.App, "/bulletins/new");
            await phone.ShouldHaveNoAxeViolationsAsync("bulletins: new on a phone");
            await Screenshots.SaveAsync(phone, "bulletin-new");
            (await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1")).ShouldBeTrue("no sideways scrolling on the form");
        }

        var authorPhone = await fixture.NewPageAsync(390, 844);
        await using (authorPhone.Context)
        {
            await authorPhone.SignInAsync(fixture.App, Chief);
            await authorPhone.OpenAsync(fixture.App, $"/bulletins/{id}");
            await Expect(authorPhone.Locator(".report-ratio")).ToHaveTextAsync($"1 / {audience}");
            await authorPhone.ShouldHaveNoAxeViolationsAsync("bulletins: report on a phone");
            await Screenshots.SaveAsync(authorPhone, "bulletin-report");
        }
    }

    [GeneratedRegex(@"/bulletins/(\d+)(\?.*)?$")]
    private static partial Regex PostUrl();

    /// <summary>Active staff of DX戦略室 but the author: who the notice is addressed to today.</summary>
    private async Task<int> AudienceSizeAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var staffRole = await db.Roles.Where(r => r.Name == Roles.Staff).Select(r => r.Id).SingleAsync();
        var unit = await db.Departments.Where(d => d.Path == "企画振興部/DX戦略室").Select(d => d.Id).SingleAsync();
        return await db.Users.CountAsync(a => a.IsActive && a.DepartmentId == unit && a.UserName != Chief && db.UserRoles.Any(r => r.UserId == a.Id && r.RoleId == staffRole));
    }
}
