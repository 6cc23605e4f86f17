using System.Net;
using Tsunagu.Core.Meetings;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Minutes;

/// <summary>The paper viewer, personal notes and the minutes pages, as a person without JavaScript uses them.</summary>
public abstract class MinutesPagesTests(TsunaguApp app)
{
    private readonly MinutesKit _kit = new(app);

    [Fact]
    public async Task Content_IsAnInlinePdf_ForParticipants_403ForOutsiders_404WhenMissing()
    {
        var s = await _kit.SessionAsync("mv");
        using var member = await app.SignedInAsync(s.Member.Login);
        using var outsider = await app.SignedInAsync(s.Outsider.Login);

        var content = await member.GetAsync($"{s.Paper(s.PdfId)}/content");

        content.StatusCode.ShouldBe(HttpStatusCode.OK);
        content.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        content.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        content.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        (await content.Content.ReadAsByteArrayAsync()).ShouldBe(MinutesKit.Pdf());
        // Anything but a PDF never comes back inline from the viewer's endpoint.
        (await member.GetAsync($"{s.Paper(s.TextId)}/content")).Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");

        (await outsider.GetAsync($"{s.Paper(s.PdfId)}/content")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.GetAsync(s.Paper(s.PdfId))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.GetAsync($"/meetings/{MinutesKit.Inv(s.MeetingId)}/materials/987654321/content")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await member.GetAsync("/meetings/987654321/materials/1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Viewer_ShowsThePdfViewer_WithANoScriptLink_AndTextPapersAsText()
    {
        var s = await _kit.SessionAsync("mw");
        using var member = await app.SignedInAsync(s.Member.Login);

        var (pdfPage, pdfText) = await member.GetTextAsync(s.Paper(s.PdfId));
        pdfPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await (await member.GetAsync(s.Paper(s.PdfId))).Content.ReadAsStringAsync();
        html.ShouldContain("data-paper-viewer");
        html.ShouldContain($"data-src=\"{s.Paper(s.PdfId)}/content\"");
        pdfText.ShouldContain("JavaScript が必要です");
        pdfText.ShouldContain("試験資料.pdf を開く");
        pdfText.ShouldContain("試験の議題");

        var (_, text) = await member.GetTextAsync(s.Paper(s.TextId));
        text.ShouldContain("レイアウトや図は再現されません");
        text.ShouldContain("前年度比 3% 増");
    }

    [Fact]
    public async Task Notes_AddedThroughTheForm_AreShownOnlyToTheirAuthor()
    {
        var s = await _kit.SessionAsync("mn");
        using var member = await app.SignedInAsync(s.Member.Login);
        using var secretary = await app.SignedInAsync(s.Secretary.Login);
        using var chair = await app.SignedInAsync(s.Chair.Login);

        var added = await member.SubmitAsync(s.Paper(s.PdfId), f => f.Handler == "note-add", [new("NotePage", "２"), new("NoteText", "秘密のメモ：数字を確認")]);

        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        added.Headers.Location!.OriginalString.ShouldEndWith("?done=added");
        var (_, mine) = await member.GetTextAsync(s.Paper(s.PdfId) + "?done=added");
        mine.ShouldContain("メモを追加しました。");
        mine.ShouldContain("2ページ");
        mine.ShouldContain("秘密のメモ：数字を確認");
        foreach (var other in new[] { secretary, chair })
        {
            var html = await (await other.GetAsync(s.Paper(s.PdfId))).Content.ReadAsStringAsync();
            html.ShouldNotContain("秘密のメモ");
            var minutes = await (await other.GetAsync(s.Minutes)).Content.ReadAsStringAsync();
            minutes.ShouldNotContain("秘密のメモ");
        }

        var empty = await member.SubmitAsync(s.Paper(s.PdfId), f => f.Handler == "note-add", [new("NotePage", ""), new("NoteText", "  ")]);
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await empty.Content.ReadAsStringAsync()).ShouldContain("メモを入力してください。");
    }

    [Fact]
    public async Task Minutes_DraftSubmitApprove_ThroughTheForms()
    {
        var s = await _kit.SessionAsync("mm");
        using var secretary = await app.SignedInAsync(s.Secretary.Login);
        using var chair = await app.SignedInAsync(s.Chair.Login);
        using var member = await app.SignedInAsync(s.Member.Login);
        using var outsider = await app.SignedInAsync(s.Outsider.Login);
        (await outsider.GetAsync(s.Minutes)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.GetTextAsync(s.Minutes)).Text.ShouldNotContain("議事録を作成");

        var created = await secretary.SubmitAsync(s.Minutes, f => f.Handler == "minutes-create", []);
        created.Headers.Location!.OriginalString.ShouldEndWith("?done=created");
        var (_, draft) = await secretary.GetTextAsync(s.Minutes);
        draft.ShouldContain("試験の定例会 議事録");
        draft.ShouldContain("場所：第2会議室");
        draft.ShouldContain("1. 試験の議題");
        draft.ShouldContain("資料：試験資料.pdf");
        var (_, hidden) = await member.GetTextAsync(s.Minutes);
        hidden.ShouldContain("議事録はまだ公開されていません。");
        hidden.ShouldNotContain("議題");

        var text = "試験の定例会 議事録\n【決定】来月から新様式を使う\n【対応】@" + s.Member.Login + " / 新様式の周知 / 12/4";
        var submitted = await secretary.SubmitAsync(s.Minutes, f => f.Handler == "minutes-edit", [new("Body", text), new("Command", "submit")]);
        submitted.Headers.Location!.OriginalString.ShouldEndWith("?done=submitted");
        var (_, waiting) = await chair.GetTextAsync(s.Minutes);
        waiting.ShouldContain("承認待ち");
        waiting.ShouldContain("来月から新様式を使う");
        waiting.ShouldContain("新様式の周知");

        var approved = await chair.SubmitAsync(s.Minutes, f => f.Handler == "minutes-approve", []);
        approved.Headers.Location!.OriginalString.ShouldEndWith("?done=approved");
        var (_, published) = await member.GetTextAsync(s.Minutes);
        published.ShouldContain("公開");
        published.ShouldContain("来月から新様式を使う");
        published.ShouldNotContain("依頼にする");
        (await secretary.GetTextAsync(s.Minutes)).Text.ShouldContain("依頼にする");
        (await _kit.MinutesAsync(s.MeetingId))!.Status.ShouldBe(MinutesStatus.Published);
    }

    [Fact]
    public async Task Minutes_TwoSavesOfTheSameDraft_TheSecondIs409_WithTheTextKept()
    {
        var s = await _kit.SessionAsync("mc");
        using var secretary = await app.SignedInAsync(s.Secretary.Login);
        using var chair = await app.SignedInAsync(s.Chair.Login);
        await secretary.SubmitAsync(s.Minutes, f => f.Handler == "minutes-create", []);
        var secretaryForm = Html.Forms(await (await secretary.GetAsync(s.Minutes)).Content.ReadAsStringAsync()).Single(f => f.Handler == "minutes-edit");
        var chairForm = Html.Forms(await (await chair.GetAsync(s.Minutes)).Content.ReadAsStringAsync()).Single(f => f.Handler == "minutes-edit");

        using var first = new FormUrlEncodedContent(secretaryForm.Hidden.Concat([new("Body", "書記が先に保存"), new("Command", "save")]));
        (await secretary.Client.PostAsync(new Uri(s.Minutes, UriKind.Relative), first)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var second = new FormUrlEncodedContent(chairForm.Hidden.Concat([new("Body", "議長の後からの保存"), new("Command", "save")]));
        var conflict = await chair.Client.PostAsync(new Uri(s.Minutes, UriKind.Relative), second);

        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var html = await conflict.Content.ReadAsStringAsync();
        Html.Readable(html).ShouldContain("他の人が先にこの議事録を保存しました");
        html.ShouldContain("議長の後からの保存");
        html.ShouldContain("書記が先に保存");
        (await _kit.MinutesAsync(s.MeetingId))!.Text.ShouldBe("書記が先に保存");
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class MinutesPagesTests_Sqlite(SqliteDemoCity app) : MinutesPagesTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class MinutesPagesTests_PostgreSql(PostgreSqlDemoCity app) : MinutesPagesTests(app);
