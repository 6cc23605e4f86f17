using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tsunagu.EndToEnd.Tests;

/// <summary>
/// 電子決裁 as the demo city does it: 守屋 (DX戦略室) files a 物品購入伺 of 800,000円; the condition adds her 部長 between
/// her 課長 and the 決裁 by 財政課長; the 部長 sends it back once, she corrects and resubmits, all three approve, and the
/// printable view shows three stamps. Every page on the way is scanned with axe.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed partial class ApprovalTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Purchase_Of800000Yen_GoesThroughThreeApprovers_IsSentBackOnce_AndPrintsThreeStamps()
    {
        var subject = $"業務用ノートPCの購入 {Guid.NewGuid().ToString("N")[..4]}";
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Staff);

        // The inbox, then the list of forms, then the purchase form.
        await page.OpenAsync(fixture.App, "/approvals");
        await Expect(page.Heading("電子決裁")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("approvals: inbox");
        await page.OpenAsync(fixture.App, "/approvals/new");
        await page.ShouldHaveNoAxeViolationsAsync("approvals: choose a form");
        await page.OpenAsync(fixture.App, "/approvals/new/purchase");
        await Expect(page.Heading("物品購入伺の作成")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("approvals: purchase form");

        await page.Locator("[name='v.subject']").FillAsync(subject);
        await page.Locator("[name='v.reason']").FillAsync("DX推進のため、庁内で共用する業務用ノートPCを購入したい。");
        await page.Locator("[name='v.items[0].name']").FillAsync("ノートPC");
        await page.Locator("[name='v.items[0].spec']").FillAsync("14インチ 業務用");
        await page.Locator("[name='v.items[0].quantity']").FillAsync("5");
        await page.Locator("[name='v.items[0].unit']").FillAsync("台");
        await page.Locator("[name='v.items[0].unit_price']").FillAsync("160,000");
        await page.Locator("select[name='v.budget_item']").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("input[type=file][name='file.quotation']").SetInputFilesAsync(new FilePayload
        {
            Name = "見積書.txt",
            MimeType = "text/plain",
            Buffer = Encoding.UTF8.GetBytes("御見積書\nノートPC 14インチ 業務用 5台 単価160,000円 合計800,000円\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "申請する", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(RequestUrl());
        var requestId = int.Parse(RequestUrl().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        await page.WaitForBlazorAsync();
        await Expect(page.Heading(subject)).ToBeVisibleAsync();
        await Expect(page.GetByText("800,000円").First).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("approvals: filed request");
        await Screenshots.SaveAsync(page, "approval-filed");

        // The condition (合計 ≥ 500,000円) put the 部長 between the 課長 and the 決裁.
        var route = await RouteAsync(requestId);
        route.Select(s => s.Step).ShouldBe(["課長", "部長", "決裁"]);
        var (chief, director, finance) = (route[0].Login, route[1].Login, route[2].Login);

        // 課長 approves from the inbox.
        var chiefPage = await ApproverPageAsync(chief);
        await using (chiefPage.Context)
        {
            await chiefPage.OpenAsync(fixture.App, "/approvals");
            await chiefPage.GetByRole(AriaRole.Link, new() { Name = subject }).First.ClickAsync();
            await chiefPage.WaitForBlazorAsync();
            await chiefPage.ShouldHaveNoAxeViolationsAsync("approvals: request as approver");
            await ActAsync(chiefPage, "承認する", "内容を確認しました。");
        }

        // 部長 sends it back: three would do.
        var directorPage = await ApproverPageAsync(director);
        await using (directorPage.Context)
        {
            await directorPage.OpenAsync(fixture.App, $"/approvals/{requestId}");
            await ActAsync(directorPage, "差し戻す(申請者へ)", "台数を3台に見直してください。");
        }

        // 守屋 sees why, corrects the quantity and resubmits.
        await page.OpenAsync(fixture.App, $"/approvals/{requestId}");
        await Expect(page.GetByText("台数を3台に見直してください。").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "編集して再申請" }).Or(page.GetByRole(AriaRole.Button, new() { Name = "編集して再申請" })).First.ClickAsync();
        await page.WaitForBlazorAsync();
        await page.Locator("[name='v.items[0].quantity']").FillAsync("3");
        await page.Locator("[name='v.items[0].unit_price']").FillAsync("200,000");
        await page.ShouldHaveNoAxeViolationsAsync("approvals: editing after a send-back");
        await page.GetByRole(AriaRole.Button, new() { Name = "再申請する", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(RequestUrl());
        await page.WaitForBlazorAsync();
        await Expect(page.GetByText("600,000円").First).ToBeVisibleAsync();

        // Round two: 課長, 部長 (still ≥ 500,000円), then 財政課長 decides.
        (await RouteAsync(requestId)).Select(s => s.Login).ShouldBe([chief, director, finance]);
        foreach (var (login, verb) in new[] { (chief, "承認する"), (director, "承認する"), (finance, "決裁する") })
        {
            var approver = await ApproverPageAsync(login);
            await using (approver.Context)
            {
                await approver.OpenAsync(fixture.App, $"/approvals/{requestId}");
                await ActAsync(approver, verb, null);
            }
        }

        // Decided: the history keeps the send-back, the printable view shows three stamps, the evidence verifies.
        await page.OpenAsync(fixture.App, $"/approvals/{requestId}");
        await Expect(page.GetByText("決裁済").First).ToBeVisibleAsync();
        await Expect(page.GetByText("台数を3台に見直してください。").First).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("approvals: decided request");
        await Screenshots.SaveAsync(page, "approval-decided");
        await page.OpenAsync(fixture.App, $"/approvals/{requestId}/print");
        await Expect(page.Locator(".stamp")).ToHaveCountAsync(3);
        await Expect(page.GetByText("600,000円").First).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("approvals: printable view");
        await Screenshots.SaveAsync(page, "approval-print");
        var verification = await InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync());
        verification.Intact.ShouldBeTrue(string.Join("\n", verification.EvidenceProblems));

        // On a phone: the inbox and the request, usable with a thumb.
        var phone = await fixture.NewPageAsync(390, 844);
        await using (phone.Context)
        {
            await phone.SignInAsync(fixture.App, PageExtensions.Staff);
            await phone.OpenAsync(fixture.App, "/approvals?tab=mine");
            await phone.ShouldHaveNoAxeViolationsAsync("approvals: inbox on a phone");
            await Screenshots.SaveAsync(phone, "approval-inbox");
            await phone.OpenAsync(fixture.App, $"/approvals/{requestId}");
            await phone.ShouldHaveNoAxeViolationsAsync("approvals: request on a phone");
            await Screenshots.SaveAsync(phone, "approval-decided");
            (await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1")).ShouldBeTrue("no sideways scrolling");
        }
    }

    [Fact]
    public async Task Designer_ShowsTheShippedPurchaseForm_WithItsConditionalRoute()
    {
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.SignInAsync(fixture.App, PageExtensions.Admin);
        await page.OpenAsync(fixture.App, "/admin/forms");
        await page.ShouldHaveNoAxeViolationsAsync("forms: list");
        await page.OpenAsync(fixture.App, "/admin/forms/purchase");
        await page.WaitForBlazorAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "物品購入伺" }).First).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync("forms: designer");
        await Screenshots.SaveAsync(page, "form-designer");
    }

    [GeneratedRegex(@"/approvals/(\d+)(\?.*)?$")]
    private static partial Regex RequestUrl();

    private async Task<IPage> ApproverPageAsync(string login)
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(fixture.App, login);
        return page;
    }

    private static async Task ActAsync(IPage page, string button, string? comment)
    {
        if (comment is not null)
        {
            await page.Locator("#act-comment").FillAsync(comment);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(RequestUrl());
        await page.WaitForBlazorAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToBeVisibleAsync();
    }

    /// <summary>The current round's steps and the login of each step's (first) assignee.</summary>
    private Task<List<(string Step, string Login)>> RouteAsync(int requestId) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var round = await db.ApprovalRequests.Where(r => r.Id == requestId).Select(r => r.Round).SingleAsync();
            var steps = await db.ApprovalSteps.Where(s => s.RequestId == requestId && s.Round == round).OrderBy(s => s.Order)
                .Select(s => new { s.Name, Assignee = s.Assignments.OrderBy(a => a.Id).Select(a => a.AssigneeId).First() })
                .ToListAsync();
            var ids = steps.Select(s => s.Assignee).ToList();
            var logins = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName!);
            return steps.Select(s => (s.Name, logins[s.Assignee])).ToList();
        });

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}
