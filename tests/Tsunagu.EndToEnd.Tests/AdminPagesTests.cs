using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

[Collection(EndToEndSuite.Name)]
public sealed partial class AdminPagesTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Admin_ManagesStaffOrganisationImportAuditAndSettings()
    {
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Admin);
        var menu = page.MainMenu();
        foreach (var name in new[] { "職員", "組織", "一括取り込み", "監査ログ", "システム設定" })
        {
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }

        await page.ShouldHaveNoAxeViolationsAsync("portal (admin)");

        // Staff list and search.
        await menu.GetByRole(AriaRole.Link, new() { Name = "職員", Exact = true }).ClickAsync();
        await Expect(page.Heading("職員")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("admin: staff list");
        var search = page.GetByRole(AriaRole.Search, new() { Name = "職員を検索" });
        await search.GetByLabel("氏名・ふりがな").FillAsync("守屋");
        await search.GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        await page.WaitForBlazorAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "守屋　美咲" });
        await Expect(row).ToHaveCountAsync(1);
        await page.ShouldHaveNoAxeViolationsAsync("admin: staff search results");

        // One staff member.
        await row.GetByRole(AriaRole.Link, new() { Name = PageExtensions.Staff, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(StaffUrl());
        await Expect(page.Heading("守屋　美咲")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        await Expect(page.GetByLabel("ログインID")).ToHaveValueAsync(PageExtensions.Staff);
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "権限" }).GetByLabel("職員", new() { Exact = true })).ToBeCheckedAsync();
        await page.ShouldHaveNoAxeViolationsAsync("admin: staff member");

        // Organisation.
        await page.OpenAsync(fixture.App, "/admin/departments");
        await Expect(page.Heading("組織")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "DX戦略室" })).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("admin: organisation");

        // CSV import: upload, preview, apply.
        await page.OpenAsync(fixture.App, "/admin/import");
        await Expect(page.Heading("職員の一括取り込み")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("admin: import upload");
        const string csv = "login,name,kana,department,position,email\n"
            + "shiken.hanako,試験　花子,しけん　はなこ,企画振興部/DX戦略室,主事,shiken.hanako@city.setouchi.example.jp\n";
        await page.GetByLabel("CSV ファイル").SetInputFilesAsync(new FilePayload { Name = "staff.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "内容を確認" }).ClickAsync();
        await Expect(page.Heading("取り込み内容の確認")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        var summary = page.GetByRole(AriaRole.Region, new() { Name = "取り込み内容" });
        await Expect(summary).ToContainTextAsync("新規の職員1");
        await page.ShouldHaveNoAxeViolationsAsync("admin: import preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("取り込みました: 職員 新規 1 人");
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("admin: import done");

        // Audit log: the chain verifies.
        await page.OpenAsync(fixture.App, "/admin/audit");
        await Expect(page.Heading("監査ログ")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("admin: audit log");
        await page.GetByRole(AriaRole.Button, new() { Name = "改ざんを検証" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("改ざんされていません");
        await page.WaitForBlazorAsync();
        await page.ShouldHaveNoAxeViolationsAsync("admin: audit log verified");

        // Settings.
        await page.OpenAsync(fixture.App, "/admin/settings");
        await Expect(page.Heading("システム設定")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("自治体名")).ToHaveValueAsync(new Regex(".+"));
        await Expect(page.GetByLabel("全職員に多要素認証を必須にする")).Not.ToBeCheckedAsync();
        await page.ShouldHaveNoAxeViolationsAsync("admin: settings");
    }

    [Fact]
    public async Task Staff_OpeningTheAuditLog_GetsTheForbiddenPage()
    {
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        await page.OpenAsync(fixture.App, "/admin/audit", expectedStatus: 403);
        await Expect(page.Heading("権限がありません")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "ポータルへ戻る" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(0);
        // The 403 page is shown at the refused address; its skip link must stay on that page.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "本文へ移動" })).ToHaveAttributeAsync("href", "admin/audit#main");
        await page.ShouldHaveNoAxeViolationsAsync("403 for staff on the audit log");
    }

    private Regex StaffUrl() => new("^" + Regex.Escape(fixture.App.Url("/admin/staff/")) + @"\d+$");
}
