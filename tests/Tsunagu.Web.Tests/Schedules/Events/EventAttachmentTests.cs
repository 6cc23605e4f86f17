using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Schedules.Events;

/// <summary>会議資料: files attached to an event, as the event page's forms and links use them, and found by search.</summary>
public abstract class EventAttachmentTests(TsunaguApp app)
{
    private const string TokenField = "__RequestVerificationToken";

    private readonly EventKit _kit = new(app);

    static EventAttachmentTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task Upload_ByAnAttendee_IsListed_AndDownloadsTheSameBytes_WithSafeHeaders()
    {
        var organizer = await _kit.StaffAsync("att.org");
        var attendee = await _kit.StaffAsync("att.inv");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("予算要求ヒアリング", EventKit.WorkingDay(10), 10, 60, attendee.Id));
        using var browser = await app.SignedInAsync(attendee.Login);
        var bytes = Encoding.GetEncoding("shift_jis").GetBytes("令和8年度 予算要求ヒアリング 議事次第\r\n1. 開会\r\n2. 各課説明\r\n");
        const string name = "議事次第(第1回).txt";

        var response = await UploadAsync(browser, e.Id, name, bytes, "text/plain");

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther, Errors());
        response.Headers.Location!.OriginalString.ShouldBe($"/schedule/events/{e.Id}?attached=1#attachments");
        var key = Key(e.Id);
        var stored = await app.QueryAsync(db => db.Attachments.AsNoTracking().SingleAsync(a => a.Module == SearchModules.Schedule && a.OwnerKey == key));
        stored.FileName.ShouldBe(name);
        stored.CreatedById.ShouldBe(attendee.Id);
        stored.Text.ShouldContain("各課説明");

        var (page, text) = await browser.GetTextAsync($"/schedule/events/{e.Id}?attached=1");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("会議資料");
        text.ShouldContain("資料を追加しました。");
        text.ShouldContain(name);
        text.ShouldContain($"追加: {attendee.Name}");
        text.ShouldContain($"{bytes.Length} バイト");
        text.ShouldContain($"href=\"/schedule/attachments/{stored.Id}\"");

        var download = await browser.GetAsync($"/schedule/attachments/{stored.Id}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Content.Headers.ContentDisposition.FileNameStar.ShouldBe(name);
        download.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        download.Headers.CacheControl!.Private.ShouldBeTrue();
        download.Headers.CacheControl.Public.ShouldBeFalse();
        download.Headers.ETag!.Tag.ShouldBe($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"");

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri($"/schedule/attachments/{stored.Id}", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(download.Headers.ETag);
        (await browser.Client.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task PrivateEvent_AColleagueNotInvited_Gets403ForTheFile_AndThePageShowsNoMaterials()
    {
        var organizer = await _kit.StaffAsync("att.porg");
        var attendee = await _kit.StaffAsync("att.pinv");
        var colleague = await _kit.StaffAsync("att.pout");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("人事異動の内示調整", EventKit.WorkingDay(10), 14, 60, attendee.Id) with { Visibility = EventVisibility.Private });
        const string name = "内示案_部外秘.txt";
        using (var owner = await app.SignedInAsync(organizer.Login))
        {
            (await UploadAsync(owner, e.Id, name, Encoding.UTF8.GetBytes("内示案の一覧"), "text/plain")).StatusCode.ShouldBe(HttpStatusCode.SeeOther, Errors());
        }

        var id = await AttachmentIdAsync(e.Id);
        using var browser = await app.SignedInAsync(colleague.Login);

        var (download, refusal) = await browser.GetTextAsync($"/schedule/attachments/{id}");
        download.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        refusal.ShouldContain("権限がありません");
        refusal.ShouldNotContain("内示案");

        var (page, text) = await browser.GetTextAsync($"/schedule/events/{e.Id}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("予定あり");
        text.ShouldNotContain("会議資料");
        text.ShouldNotContain(name);
        text.ShouldNotContain($"/schedule/attachments/{id}");

        // An invitee sees and downloads it.
        using var invited = await app.SignedInAsync(attendee.Login);
        var (_, invitedText) = await invited.GetTextAsync($"/schedule/events/{e.Id}");
        invitedText.ShouldContain(name);
        (await invited.GetAsync($"/schedule/attachments/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Upload_BySomeoneNotInvited_ToAPublicEvent_Is403_AndTheyGetNoForm()
    {
        var organizer = await _kit.StaffAsync("att.puborg");
        var outsider = await _kit.StaffAsync("att.pubout");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("庁内DX勉強会", EventKit.WorkingDay(10), 15));
        using var browser = await app.SignedInAsync(outsider.Login);

        var (page, text) = await browser.GetTextAsync($"/schedule/events/{e.Id}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("会議資料");
        text.ShouldContain("資料はまだありません。");
        text.ShouldNotContain("資料を追加");

        var response = await UploadAsync(browser, e.Id, "持ち込み資料.txt", Encoding.UTF8.GetBytes("資料"), "text/plain");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync(e.Id)).ShouldBe(0);
    }

    /// <param name="megabytes">The file's size; 0 an empty file, -1 no file at all. 30 MB is over the request limit and refused unread.</param>
    [Theory]
    [InlineData(0, "empty", "ファイルが空です。")]
    [InlineData(11, "too-large", "ファイルが大きすぎます。10MB までのファイルにしてください。")]
    [InlineData(30, "too-large", "ファイルが大きすぎます。10MB までのファイルにしてください。")]
    [InlineData(-1, "missing", "ファイルを選んでから「アップロード」を押してください。")]
    public async Task Upload_OfABadFile_ComesBackWithAJapaneseMessage_AndWritesNothing(int megabytes, string problem, string message)
    {
        var organizer = await _kit.StaffAsync("att.bad");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("資料確認会議", EventKit.WorkingDay(10), 9));
        using var browser = await app.SignedInAsync(organizer.Login);
        var bytes = megabytes < 0 ? null : new byte[megabytes * 1024 * 1024];
        if (bytes is not null)
        {
            Array.Fill(bytes, (byte)'a');
        }

        var response = await UploadAsync(browser, e.Id, bytes is null ? null : "資料.txt", bytes, "text/plain");

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther, Errors());
        var location = response.Headers.Location!.OriginalString;
        location.ShouldBe($"/schedule/events/{e.Id}?attachmentError={problem}#attachments");
        var (page, text) = await browser.GetTextAsync(location);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain(message);
        text.ShouldContain("資料はまだありません。");
        (await CountAsync(e.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task EventPage_ShowsOnlyKnownErrorCodes_AndTheRedirectKeepsOnlyARealOccurrence()
    {
        var organizer = await _kit.StaffAsync("att.junk");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("入力確認", EventKit.WorkingDay(10), 11));
        using var browser = await app.SignedInAsync(organizer.Login);

        var (page, text) = await browser.GetTextAsync($"/schedule/events/{e.Id}?attachmentError=%3Cscript%3E%E5%81%BD%E3%81%AE%E8%AD%A6%E5%91%8A");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldNotContain("偽の警告");
        text.ShouldNotContain("<script>");

        var response = await UploadAsync(browser, e.Id, null, null, "text/plain", query: "?at=https%3A%2F%2Fevil.example%2F");
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.ShouldBe($"/schedule/events/{e.Id}?attachmentError=missing#attachments");
    }

    [Fact]
    public async Task Upload_FromAnOccurrenceOfASeries_ReturnsToThatOccurrence()
    {
        var organizer = await _kit.StaffAsync("att.series");
        var tuesday = EventKit.WorkingDay(12);
        var series = await _kit.CreateAsync(organizer.Id, EventKit.Draft("週次定例", tuesday, 10) with
        {
            Recurrence = RecurrenceRule.Weekly(DayOfWeek.Tuesday).WithCount(3).ToString(),
        });
        var key = EventKit.Key(tuesday.AddDays(7), 10);
        using var browser = await app.SignedInAsync(organizer.Login);
        var page = await browser.Client.GetStringAsync(new Uri($"/schedule/events/{series.Id}?at={key}", UriKind.Relative));
        Html.Forms(page).ShouldContain(f => f.Action == $"/schedule/events/{series.Id}/attachments?at={key}");

        var response = await UploadAsync(browser, series.Id, "第2回資料.txt", Encoding.UTF8.GetBytes("第2回"), "text/plain", query: $"?at={key}");

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther, Errors());
        response.Headers.Location!.OriginalString.ShouldBe($"/schedule/events/{series.Id}?at={key}&attached=1#attachments");
        var (_, text) = await browser.GetTextAsync($"/schedule/events/{series.Id}?at={key}&attached=1");
        text.ShouldContain("第2回資料.txt");
    }

    [Fact]
    public async Task Delete_ByTheUploader_RemovesIt_ByAnotherAttendee_Is403()
    {
        var organizer = await _kit.StaffAsync("att.dorg");
        var uploader = await _kit.StaffAsync("att.dup");
        var other = await _kit.StaffAsync("att.doth");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("工程会議", EventKit.WorkingDay(10), 13, 60, uploader.Id, other.Id));
        using var browser = await app.SignedInAsync(uploader.Login);
        (await UploadAsync(browser, e.Id, "工程表.csv", Encoding.UTF8.GetBytes("工程,担当\n設計,建設課\n"), "text/csv")).StatusCode.ShouldBe(HttpStatusCode.SeeOther, Errors());
        var id = await AttachmentIdAsync(e.Id);

        using var otherBrowser = await app.SignedInAsync(other.Login);
        var otherPage = await otherBrowser.Client.GetStringAsync(new Uri($"/schedule/events/{e.Id}", UriKind.Relative));
        Html.Readable(otherPage).ShouldContain("工程表.csv");
        Html.Forms(otherPage).ShouldNotContain(f => f.Action == $"/schedule/attachments/{id}/delete");
        var refused = await PostFormAsync(otherBrowser, otherPage, $"/schedule/attachments/{id}/delete");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync(e.Id)).ShouldBe(1);

        var page = await browser.Client.GetStringAsync(new Uri($"/schedule/events/{e.Id}", UriKind.Relative));
        Html.Forms(page).ShouldContain(f => f.Action == $"/schedule/attachments/{id}/delete");
        var deleted = await PostFormAsync(browser, page, $"/schedule/attachments/{id}/delete");
        deleted.StatusCode.ShouldBe(HttpStatusCode.SeeOther, Errors());
        deleted.Headers.Location!.OriginalString.ShouldBe($"/schedule/events/{e.Id}?attachmentDeleted=1#attachments");
        (await CountAsync(e.Id)).ShouldBe(0);
        var (_, text) = await browser.GetTextAsync(deleted.Headers.Location.OriginalString);
        text.ShouldContain("資料を削除しました。");
        text.ShouldNotContain("工程表.csv");
        (await browser.GetAsync($"/schedule/attachments/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Upload_WithoutTheAntiforgeryToken_Is400_AndWritesNothing()
    {
        var organizer = await _kit.StaffAsync("att.csrf");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("偽装投稿の確認", EventKit.WorkingDay(10), 16));
        using var browser = await app.SignedInAsync(organizer.Login);

        var response = await UploadAsync(browser, e.Id, "資料.txt", Encoding.UTF8.GetBytes("本文"), "text/plain", withToken: false);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CountAsync(e.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Search_FindsTheFileByAWordOnlyInside_ForAnAttendee_NotForAnOutsider()
    {
        var organizer = await _kit.StaffAsync("att.sorg");
        var attendee = await _kit.StaffAsync("att.sinv");
        var outsider = await _kit.StaffAsync("att.sout");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("庁舎整備の打合せ", EventKit.WorkingDay(10), 10, 60, attendee.Id) with { Visibility = EventVisibility.Private });
        // A word that is in the file only: not its name, not the event's title.
        var word = "免震" + Kanji(4);
        var name = $"整備計画{Guid.NewGuid():N}"[..12] + ".txt";
        using (var owner = await app.SignedInAsync(organizer.Login))
        {
            (await UploadAsync(owner, e.Id, name, Encoding.UTF8.GetBytes($"新庁舎は{word}構造とする。"), "text/plain")).StatusCode.ShouldBe(HttpStatusCode.SeeOther, Errors());
        }

        var found = await SearchAsync(attendee.Login, word);
        found.ShouldContain(h => h.Title == name && h.Module == SearchModules.ScheduleFile && h.Url == $"/schedule/events/{e.Id}");

        (await SearchAsync(outsider.Login, word)).ShouldBeEmpty();
        (await SearchAsync(outsider.Login, name)).ShouldNotContain(h => h.Title == name);
    }

    private sealed record Hit(string Module, string Title, string Url);

    private async Task<IReadOnlyList<Hit>> SearchAsync(string login, string q)
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(login)).Secret);
        using var results = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/v1/search?q=" + Uri.EscapeDataString(q), UriKind.Relative)));
        return results.RootElement.GetProperty("items").EnumerateArray()
            .Select(i => new Hit(i.GetProperty("module").GetString()!, i.GetProperty("title").GetString()!, i.GetProperty("url").GetString()!))
            .ToList();
    }

    /// <summary>Posts the event page's upload form as a browser does: multipart, with its antiforgery token and the file (none when <paramref name="fileName"/> is null).</summary>
    private static async Task<HttpResponseMessage> UploadAsync(TestBrowser browser, int eventId, string? fileName, byte[]? bytes, string contentType, bool withToken = true, string query = "")
    {
        var page = await browser.Client.GetStringAsync(new Uri($"/schedule/events/{eventId}", UriKind.Relative));
        // Someone who may not add files has no upload form; the token of any form on the page is theirs.
        var form = Html.Forms(page).FirstOrDefault(f => f.Action == $"/schedule/events/{eventId}/attachments")
            ?? Html.Forms(page).First(f => f.Hidden.ContainsKey(TokenField));
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in form.Hidden.Where(h => withToken || h.Key != TokenField))
        {
            content.Add(new StringContent(value), name);
        }

        if (fileName is not null)
        {
            var file = new ByteArrayContent(bytes ?? []);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            content.Add(file, "file", fileName);
        }

        return await browser.Client.PostAsync(new Uri($"/schedule/events/{eventId}/attachments{query}", UriKind.Relative), content);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(TestBrowser browser, string pageHtml, string action)
    {
        var token = Html.Forms(pageHtml).First(f => f.Hidden.ContainsKey(TokenField)).Hidden[TokenField];
        using var content = new FormUrlEncodedContent([new(TokenField, token)]);
        return await browser.Client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    private Task<int> CountAsync(int eventId)
    {
        var key = Key(eventId);
        return app.QueryAsync(db => db.Attachments.CountAsync(a => a.Module == SearchModules.Schedule && a.OwnerKey == key));
    }

    private Task<int> AttachmentIdAsync(int eventId)
    {
        var key = Key(eventId);
        return app.QueryAsync(db => db.Attachments.Where(a => a.Module == SearchModules.Schedule && a.OwnerKey == key).Select(a => a.Id).SingleAsync());
    }

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Random common kanji, so the word is in no other record of the shared demo city.</summary>
    private static string Kanji(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => "鶴亀松竹梅桜楓椿藤菊蘭萩桐柳杉檜"[Random.Shared.Next(16)]));

    private string Errors() => string.Join("\n", app.Factory.Errors.All.TakeLast(3));
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class EventAttachmentTests_Sqlite(SqliteDemoCity app) : EventAttachmentTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class EventAttachmentTests_PostgreSql(PostgreSqlDemoCity app) : EventAttachmentTests(app);
