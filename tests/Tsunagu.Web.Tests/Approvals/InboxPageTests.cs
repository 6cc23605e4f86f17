using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Approvals;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Approvals;

/// <summary>/approvals: the tabs show each person their own rows (waiting, delegated, mine, done), never anyone else's; and the portal widget.</summary>
public abstract class InboxPageTests(InboxCity app)
{
    [Fact]
    public async Task Waiting_ShowsTheRequestToTheActiveApproverOnly_WithNumberAmountAndWarekiTime()
    {
        var applicant = await app.NewStaffAsync("inbox-app");
        var approver = await app.NewStaffAsync("inbox-appr");
        var final = await app.NewStaffAsync("inbox-final");
        var outsider = await app.NewStaffAsync("inbox-out");
        var formName = InboxCity.Unique("物品購入");
        var form = await app.NewFormAsync(formName, [approver.Id], final.Id);
        var subject = InboxCity.Unique("コピー用紙の購入");
        var id = await app.FileAsync(applicant, form, subject, 123456);
        var number = await app.QueryAsync(db => db.ApprovalRequests.Where(r => r.Id == id).Select(r => r.SubmittedAt).SingleAsync());

        using var approverBrowser = await app.SignedInAsync(approver.Login);
        var (response, waiting) = await approverBrowser.GetTextAsync("/approvals");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        waiting.ShouldContain(subject);
        waiting.ShouldContain(ApprovalRequest.FormatNumber(number!.Value, id));
        waiting.ShouldContain(formName);
        waiting.ShouldContain(applicant.Name);
        waiting.ShouldContain("係長");
        waiting.ShouldContain("123,456円");
        waiting.ShouldContain("令和");
        waiting.ShouldContain($"href=\"/approvals/{Id(id)}\"");
        waiting.ShouldContain("承認待ち");
        waiting.ShouldContain("(1件)");
        waiting.ShouldContain("href=\"/approvals/new\"");

        // The final approver's step is not open yet; the applicant sees it under 自分の申請; an outsider nowhere.
        using var finalBrowser = await app.SignedInAsync(final.Login);
        (await finalBrowser.GetTextAsync("/approvals")).Text.ShouldNotContain(subject);
        using var applicantBrowser = await app.SignedInAsync(applicant.Login);
        (await applicantBrowser.GetTextAsync("/approvals")).Text.ShouldNotContain(subject);
        (await applicantBrowser.GetTextAsync("/approvals?tab=mine")).Text.ShouldContain(subject);
        using var outsiderBrowser = await app.SignedInAsync(outsider.Login);
        foreach (var tab in new[] { "waiting", "delegated", "mine", "done" })
        {
            var (status, text) = await outsiderBrowser.GetTextAsync($"/approvals?tab={tab}");
            status.StatusCode.ShouldBe(HttpStatusCode.OK);
            text.ShouldNotContain(subject);
        }

        // Approved at the first step: it moves to the approver's 処理済み and the final approver's 承認待ち.
        await app.ActAsync(approver, id, "approve");
        (await approverBrowser.GetTextAsync("/approvals")).Text.ShouldNotContain(subject);
        (await approverBrowser.GetTextAsync("/approvals?tab=done")).Text.ShouldContain(subject);
        (await finalBrowser.GetTextAsync("/approvals")).Text.ShouldContain(subject);
    }

    [Fact]
    public async Task Mine_ShowsDrafts_AndHighlightsARequestSentBack()
    {
        var applicant = await app.NewStaffAsync("mine-app");
        var approver = await app.NewStaffAsync("mine-appr");
        var final = await app.NewStaffAsync("mine-final");
        var form = await app.NewFormAsync(InboxCity.Unique("出張命令"), [approver.Id], final.Id);
        var draft = InboxCity.Unique("下書きの申請");
        var returned = InboxCity.Unique("差し戻される申請");
        await app.FileAsync(applicant, form, draft, submit: false);
        var id = await app.FileAsync(applicant, form, returned, 5000);
        await app.ActAsync(approver, id, "send-back", "applicant");

        using var browser = await app.SignedInAsync(applicant.Login);
        var (response, mine) = await browser.GetTextAsync("/approvals?tab=mine");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        mine.ShouldContain(draft);
        mine.ShouldContain("下書き");
        mine.ShouldContain(returned);
        mine.ShouldContain("class=\"sent-back\"");
        mine.ShouldContain("差戻し");
    }

    [Fact]
    public async Task Delegated_ShowsTheDelegatorsOpenRequests_MarkedForThem_AndAPostReviewComesBack()
    {
        var applicant = await app.NewStaffAsync("del-app");
        var approver = await app.NewStaffAsync("del-appr");
        var substitute = await app.NewStaffAsync("del-sub");
        var final = await app.NewStaffAsync("del-final");
        var outsider = await app.NewStaffAsync("del-out");
        var form = await app.NewFormAsync(InboxCity.Unique("休暇"), [approver.Id], final.Id);
        var subject = InboxCity.Unique("年次休暇");
        var id = await app.FileAsync(applicant, form, subject);
        await app.DelegateAsync(approver, substitute, ActingAs.Substitute);

        using var browser = await app.SignedInAsync(substitute.Login);
        var (response, delegated) = await browser.GetTextAsync("/approvals?tab=delegated");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        delegated.ShouldContain(subject);
        delegated.ShouldContain($"{approver.Name}さんの代理");
        (await browser.GetTextAsync("/approvals")).Text.ShouldNotContain(subject);
        using var outsiderBrowser = await app.SignedInAsync(outsider.Login);
        (await outsiderBrowser.GetTextAsync("/approvals?tab=delegated")).Text.ShouldNotContain(subject);

        // 代決: the substitute decides; the approver owes a 後閲, shown marked in their 承認待ち.
        await app.ActAsync(substitute, id, "approve", onBehalfOf: approver.Id);
        using var approverBrowser = await app.SignedInAsync(approver.Login);
        var waiting = (await approverBrowser.GetTextAsync("/approvals")).Text;
        waiting.ShouldContain(subject);
        waiting.ShouldContain("後閲");
    }

    [Theory]
    [InlineData("/approvals?tab=everything")]
    [InlineData("/approvals?page=0")]
    [InlineData("/approvals?page=abc")]
    public async Task BadQuery_Is400_WithAMessageInJapanese(string path)
    {
        var me = await app.NewStaffAsync("inbox-bad");
        using var browser = await app.SignedInAsync(me.Login);

        var (response, text) = await browser.GetTextAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain("一覧の指定が正しくありません");
    }

    [Fact]
    public async Task PortalWidget_CountsWaitingDelegatedAndSentBack()
    {
        var applicant = await app.NewStaffAsync("w-app");
        var approver = await app.NewStaffAsync("w-appr");
        var final = await app.NewStaffAsync("w-final");
        var form = await app.NewFormAsync(InboxCity.Unique("残業"), [approver.Id], final.Id);
        await app.FileAsync(applicant, form, InboxCity.Unique("残業申請1"));
        var back = await app.FileAsync(applicant, form, InboxCity.Unique("残業申請2"));
        await app.ActAsync(approver, back, "send-back");

        using var approverBrowser = await app.SignedInAsync(approver.Login);
        var portal = (await approverBrowser.GetTextAsync("/")).Text;
        portal.ShouldContain("電子決裁");
        portal.ShouldContain("承認待ち 1件");

        using var applicantBrowser = await app.SignedInAsync(applicant.Login);
        (await applicantBrowser.GetTextAsync("/")).Text.ShouldContain("差し戻された申請 1件");
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}

public sealed class InboxPageTests_Sqlite(SqliteInboxCity app) : InboxPageTests(app), IClassFixture<SqliteInboxCity>;

public sealed class InboxPageTests_PostgreSql(PostgreSqlInboxCity app) : InboxPageTests(app), IClassFixture<PostgreSqlInboxCity>;
