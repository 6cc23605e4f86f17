using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Approvals;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Approvals;

/// <summary>Filing, reading and acting on a request with the pages' forms, as a person without JavaScript does.</summary>
public abstract class RequestPagesTests(TsunaguApp app)
{
    private readonly RequestKit _kit = new(app);

    private static List<KeyValuePair<string, string>> Filled(string title, string amount, string command = "submit") =>
    [
        new("v.title", title),
        new("v.amount", amount),
        new("v.purpose", "窓口で使う封筒の購入"),
        new("command", command),
    ];

    [Fact]
    public async Task File_ThroughTheFormPage_CreatesTheRequest_AndShowsIt()
    {
        var applicant = await _kit.StaffAsync("rq.app");
        var approver = await _kit.StaffAsync("rq.apr");
        var code = await _kit.FormAsync(false, approver);
        using var browser = await app.SignedInAsync(applicant.Login);

        var (chooser, chooserText) = await browser.GetTextAsync("/approvals/new");
        chooser.StatusCode.ShouldBe(HttpStatusCode.OK);
        chooserText.ShouldContain("試験用の伺い");

        var response = await browser.SubmitAsync($"/approvals/new/{code}", f => f.Handler == "approval-request", Filled("封筒の購入", "12,000"));

        var id = _kit.RequestId(response);
        RequestKit.Target(response).ShouldEndWith("?done=submitted");
        var saved = await _kit.RequestAsync(id);
        saved.ApplicantId.ShouldBe(applicant.Id);
        saved.Status.ShouldBe(RequestStatus.InProgress);
        saved.Title.ShouldBe("封筒の購入");
        saved.Amount.ShouldBe(12000);
        var (page, text) = await browser.GetTextAsync(RequestKit.Target(response));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("申請しました。");
        text.ShouldContain("封筒の購入");
        text.ShouldContain("12,000円");
        text.ShouldContain("回付中");
        text.ShouldContain(approver.Name);
        text.ShouldContain("窓口で使う封筒の購入");
        // The applicant may pull it back (nobody has acted yet) but not approve it.
        text.ShouldContain("引き戻す");
        text.ShouldNotContain("決裁する");
    }

    [Fact]
    public async Task File_WithBadInput_Is400_WithJapaneseMessagesAtTheFields_AndWritesNothing()
    {
        var applicant = await _kit.StaffAsync("rq.bad");
        var approver = await _kit.StaffAsync("rq.bada");
        var code = await _kit.FormAsync(false, approver);
        using var browser = await app.SignedInAsync(applicant.Login);

        var response = await browser.SubmitAsync($"/approvals/new/{code}", f => f.Handler == "approval-request", Filled("", "千円"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        var text = Html.Readable(html);
        text.ShouldContain("入力内容に誤りがあります");
        text.ShouldContain("「件名」を入力してください。");
        text.ShouldContain("「金額」は0以上の整数(円)で入力してください。");
        html.ShouldContain("aria-invalid=\"true\"");
        html.ShouldContain("value=\"千円\"");
        // The route is shown after an error, as far as it can be resolved.
        text.ShouldContain(approver.Name);
        (await app.QueryAsync(db => db.ApprovalRequests.AnyAsync(r => r.ApplicantId == applicant.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task File_PostedTwiceWithTheSameClientKey_FilesOnce()
    {
        var applicant = await _kit.StaffAsync("rq.twice");
        var approver = await _kit.StaffAsync("rq.twicea");
        var code = await _kit.FormAsync(false, approver);
        using var browser = await app.SignedInAsync(applicant.Login);
        var page = await browser.GetAsync($"/approvals/new/{code}");
        var form = Html.Forms(await page.Content.ReadAsStringAsync()).Single(f => f.Handler == "approval-request");
        var fields = form.Hidden.Concat(Filled("二度押し", "500")).ToList();

        using var first = new FormUrlEncodedContent(fields);
        var one = await browser.Client.PostAsync(new Uri($"/approvals/new/{code}", UriKind.Relative), first);
        using var second = new FormUrlEncodedContent(fields);
        var two = await browser.Client.PostAsync(new Uri($"/approvals/new/{code}", UriKind.Relative), second);

        _kit.RequestId(two).ShouldBe(_kit.RequestId(one));
        (await app.QueryAsync(db => db.ApprovalRequests.CountAsync(r => r.ApplicantId == applicant.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task Approve_ThroughTheActionForm_DecidesIt_AndTheSamePostTwiceAppliesOnce()
    {
        var applicant = await _kit.StaffAsync("rq.ok");
        var approver = await _kit.StaffAsync("rq.oka");
        var code = await _kit.FormAsync(false, approver);
        var id = await _kit.FileAsync(applicant, code, "研修の受講");
        using var browser = await app.SignedInAsync(approver.Login);
        var detail = $"/approvals/{id.ToString(CultureInfo.InvariantCulture)}";
        var (before, beforeText) = await browser.GetTextAsync(detail);
        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        beforeText.ShouldContain("決裁する");
        beforeText.ShouldContain("否認する");
        beforeText.ShouldNotContain("引き戻す");

        var form = Html.Forms(await (await browser.GetAsync(detail)).Content.ReadAsStringAsync()).First(f => f.Action == $"{detail}/actions");
        var fields = form.Hidden.Concat([new("action", "approve"), new("comment", "了解しました")]).ToList();
        using var first = new FormUrlEncodedContent(fields);
        var one = await browser.Client.PostAsync(new Uri($"{detail}/actions", UriKind.Relative), first);
        using var second = new FormUrlEncodedContent(fields);
        var two = await browser.Client.PostAsync(new Uri($"{detail}/actions", UriKind.Relative), second);

        one.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        RequestKit.Target(one).ShouldBe($"{detail}?done=approve");
        RequestKit.Target(two).ShouldBe($"{detail}?done=already");
        var saved = await _kit.RequestAsync(id);
        saved.Status.ShouldBe(RequestStatus.Approved);
        saved.Actions.Count(a => a.Kind == ActionKind.Approve).ShouldBe(1);
        var (_, text) = await browser.GetTextAsync(RequestKit.Target(one));
        text.ShouldContain("承認しました。");
        text.ShouldContain("決裁済");
        text.ShouldContain("了解しました");
        text.ShouldNotContain("決裁する");

        var (print, printText) = await browser.GetTextAsync($"{detail}/print");
        print.StatusCode.ShouldBe(HttpStatusCode.OK);
        printText.ShouldContain(saved.ContentHash!);
        printText.ShouldContain("研修の受講");
        printText.ShouldContain("保存期間");
        printText.ShouldContain("5年");
        // One stamp for the one approver, with the family name the test account has (試験).
        printText.ShouldContain($"決裁 {approver.Name} ");
    }

    [Fact]
    public async Task Approve_AfterSomeoneElseDecided_ComesBackWithAClearMessage_Not500()
    {
        var applicant = await _kit.StaffAsync("rq.late");
        var first = await _kit.StaffAsync("rq.latea");
        var late = await _kit.StaffAsync("rq.lateb");
        var code = await _kit.FormAsync(true, first, late);
        var id = await _kit.FileAsync(applicant, code, "同時の処理");
        using var browser = await app.SignedInAsync(late.Login);
        var detail = $"/approvals/{id.ToString(CultureInfo.InvariantCulture)}";
        var form = Html.Forms(await (await browser.GetAsync(detail)).Content.ReadAsStringAsync()).First(f => f.Action == $"{detail}/actions");

        // The other approver decides while this page is open.
        await app.InScopeAsync(async sp =>
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ApprovalService>(sp)
                .ActAsync(new ApprovalViewer(first.Id, first.Name, false), id, new ActionRequest("approve", null)));
        using var content = new FormUrlEncodedContent(form.Hidden.Concat([new("action", "approve")]));
        var response = await browser.Client.PostAsync(new Uri($"{detail}/actions", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        RequestKit.Target(response).ShouldBe(detail);
        var (page, text) = await browser.GetTextAsync(detail);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("この申請はすでに決裁されています。");
        (await _kit.RequestAsync(id)).Actions.Count(a => a.Kind == ActionKind.Approve).ShouldBe(1);
        // The message is shown once.
        (await browser.GetTextAsync(detail)).Text.ShouldNotContain("この申請はすでに決裁されています。");
    }

    [Fact]
    public async Task SentBack_TheApplicantEditsAndResubmits_ThroughTheEditPage()
    {
        var applicant = await _kit.StaffAsync("rq.sb");
        var approver = await _kit.StaffAsync("rq.sba");
        var code = await _kit.FormAsync(false, approver);
        var id = await _kit.FileAsync(applicant, code, "見積の再確認");
        using (var approverBrowser = await app.SignedInAsync(approver.Login))
        {
            var back = await approverBrowser.SubmitAsync($"/approvals/{id}", f => f.Action == $"/approvals/{id}/actions", [new("action", "send-back:applicant"), new("comment", "金額を見直してください")]);
            RequestKit.Target(back).ShouldBe($"/approvals/{id}?done=send-back");
        }

        using var browser = await app.SignedInAsync(applicant.Login);
        var (detail, detailText) = await browser.GetTextAsync($"/approvals/{id}");
        detail.StatusCode.ShouldBe(HttpStatusCode.OK);
        detailText.ShouldContain("編集して再申請");
        detailText.ShouldContain("金額を見直してください");
        var (edit, editText) = await browser.GetTextAsync($"/approvals/{id}/edit");
        edit.StatusCode.ShouldBe(HttpStatusCode.OK);
        editText.ShouldContain("value=\"見積の再確認\"");
        editText.ShouldContain("金額を見直してください");

        var response = await browser.SubmitAsync($"/approvals/{id}/edit", f => f.Handler == "approval-request", Filled("見積の再確認", "9800"));

        _kit.RequestId(response).ShouldBe(id);
        var saved = await _kit.RequestAsync(id);
        saved.Status.ShouldBe(RequestStatus.InProgress);
        saved.Amount.ShouldBe(9800);
        saved.Actions.Select(a => a.Kind).ShouldBe([ActionKind.Submit, ActionKind.SendBack, ActionKind.Resubmit]);
        using var approverAgain = await app.SignedInAsync(approver.Login);
        (await approverAgain.GetAsync($"/approvals/{id}/edit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Outsider_Gets403_OnTheRequestItsPrintAndItsFile_AndSeesNoneOfIt()
    {
        var applicant = await _kit.StaffAsync("rq.own");
        var approver = await _kit.StaffAsync("rq.owna");
        var outsider = await _kit.StaffAsync("rq.out");
        var code = await _kit.FormAsync(false, approver);
        var id = await _kit.FileAsync(applicant, code, "秘密の人事案件", withFile: true);
        var file = await _kit.AttachmentIdAsync(id);
        using var browser = await app.SignedInAsync(outsider.Login);

        foreach (var path in new[] { $"/approvals/{id}", $"/approvals/{id}/print", $"/approvals/{id}/edit", $"/approvals/attachments/{file}" })
        {
            var (response, text) = await browser.GetTextAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            text.ShouldNotContain("秘密の人事案件");
            text.ShouldNotContain("見積金額");
        }

        using var owner = await app.SignedInAsync(applicant.Login);
        var download = await owner.GetAsync($"/approvals/attachments/{file}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).ShouldContain("見積金額");
        var (_, detailText) = await owner.GetTextAsync($"/approvals/{id}");
        detailText.ShouldContain("見積書.txt");
    }

    [Fact]
    public async Task Outsider_PostingAnAction_Is403_AndNothingChanges()
    {
        var applicant = await _kit.StaffAsync("rq.own2");
        var approver = await _kit.StaffAsync("rq.own2a");
        var outsider = await _kit.StaffAsync("rq.out2");
        var code = await _kit.FormAsync(false, approver);
        var id = await _kit.FileAsync(applicant, code, "部外者の操作");
        using var browser = await app.SignedInAsync(outsider.Login);

        // The outsider has a token from a page of their own; the form is theirs to forge, not to use.
        var form = Html.Forms(await (await browser.GetAsync($"/approvals/new/{code}")).Content.ReadAsStringAsync()).First(f => f.Hidden.ContainsKey("__RequestVerificationToken"));
        using var content = new FormUrlEncodedContent(form.Hidden.Where(h => h.Key == "__RequestVerificationToken").Concat([new("action", "approve")]));
        var response = await browser.Client.PostAsync(new Uri($"/approvals/{id}/actions", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _kit.RequestAsync(id)).Status.ShouldBe(RequestStatus.InProgress);
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class RequestPagesTests_Sqlite(SqliteDemoCity app) : RequestPagesTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class RequestPagesTests_PostgreSql(PostgreSqlDemoCity app) : RequestPagesTests(app);
