using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Schedules.Api;

/// <summary>/schedule/sync: the secret feed address, the .ics export and the all-or-nothing import; and the feed itself.</summary>
public abstract partial class CalendarSyncPageTests(TsunaguApp app)
{
    [Fact]
    public async Task Feed_WithAWorkingAddress_IsTheOwnersCalendar_AndARevokedOneIs404()
    {
        var (login, browser) = await StaffBrowserAsync("feedowner");
        using var _ = browser;
        using var api = app.ApiClient((await app.CreateTokenAsync(login)).Secret);
        var day = Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await api.PostAsJsonAsync(new Uri("/api/v1/schedule/events", UriKind.Relative), new { title = "フィード確認会議", startsAt = $"{day}T10:00", endsAt = $"{day}T11:00" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.PostAsJsonAsync(new Uri("/api/v1/schedule/events", UriKind.Relative), new { title = "非公開の通院", visibility = "private", startsAt = $"{day}T15:00", endsAt = $"{day}T16:00" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var created = await browser.SubmitAsync("/schedule/sync", f => f.Handler == "create-feed", []);
        var page = await created.Content.ReadAsStringAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var url = FeedUrl().Match(page);
        url.Success.ShouldBeTrue(Html.Readable(page));
        var path = new Uri(url.Value).AbsolutePath;

        using var calendar = app.ApiClient();
        var feed = await calendar.GetAsync(new Uri(path, UriKind.Relative));
        var ics = await feed.Content.ReadAsStringAsync();
        feed.StatusCode.ShouldBe(HttpStatusCode.OK, ics);
        feed.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        feed.Headers.CacheControl!.Private.ShouldBeTrue();
        ics.ShouldContain("BEGIN:VCALENDAR");
        ics.ShouldContain("TZID:Asia/Tokyo");
        ics.ShouldContain("SUMMARY:フィード確認会議");
        ics.ShouldContain("SUMMARY:非公開の通院");
        ics.ShouldContain("CLASS:PRIVATE");
        var id = await app.AccountIdAsync(login);
        (await app.QueryAsync(db => db.CalendarFeeds.SingleAsync(f => f.AccountId == id))).LastReadAt.ShouldNotBeNull();

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        again.Headers.IfNoneMatch.Add(feed.Headers.ETag!);
        (await calendar.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        var revoked = await browser.SubmitAsync("/schedule/sync", f => f.Handler == "revoke-feed", []);
        revoked.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Readable(await revoked.Content.ReadAsStringAsync()).ShouldContain("無効にしました");
        var gone = await calendar.GetAsync(new Uri(path, UriKind.Relative));
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await gone.Content.ReadAsStringAsync()).ShouldNotContain("フィード確認会議");
    }

    [Theory]
    [InlineData("/calendar/tsc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")]
    [InlineData("/calendar/not-a-feed.ics")]
    [InlineData("/calendar/%E4%BA%88%E5%AE%9A.ics")]
    public async Task Feed_WithAnUnknownAddress_Is404(string path)
    {
        using var calendar = app.ApiClient();
        (await calendar.GetAsync(new Uri(path, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Page_ShowsTheFeedNotCreatedYet_AndTheHelp()
    {
        var (_, browser) = await StaffBrowserAsync("syncpage");
        using var _ = browser;

        var (response, text) = await browser.GetTextAsync("/schedule/sync");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("カレンダー連携");
        text.ShouldContain("未発行");
        text.ShouldContain("Outlookやスマートフォンで購読する方法");
        text.ShouldContain("/schedule/sync/export");
    }

    [Fact]
    public async Task Export_DownloadsTheOwnSchedule()
    {
        var (login, browser) = await StaffBrowserAsync("syncexport");
        using var _ = browser;
        using var api = app.ApiClient((await app.CreateTokenAsync(login)).Secret);
        var day = Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await api.PostAsJsonAsync(new Uri("/api/v1/schedule/events", UriKind.Relative), new { title = "書き出し確認", startsAt = $"{day}T09:00", endsAt = $"{day}T10:00" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await browser.GetAsync("/schedule/sync/export");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        response.Content.Headers.ContentDisposition!.FileName!.ShouldEndWith(".ics");
        (await response.Content.ReadAsStringAsync()).ShouldContain("SUMMARY:書き出し確認");
    }

    [Fact]
    public async Task Import_ChecksFirst_ThenAddsEverything_AndASecondImportAddsNothing()
    {
        var (login, browser) = await StaffBrowserAsync("syncimport");
        using var _ = browser;
        var ics = Calendar(
            Event("import-1@example", "DTSTART;TZID=Asia/Tokyo:20300801T100000", "DTEND;TZID=Asia/Tokyo:20300801T110000", "SUMMARY:取り込み会議A"),
            Event("import-2@example", "DTSTART;VALUE=DATE:20300802", "SUMMARY:取り込み休暇B", "CATEGORIES:休暇"));

        var preview = await UploadAsync(browser, ics);
        var previewHtml = await preview.Content.ReadAsStringAsync();
        preview.StatusCode.ShouldBe(HttpStatusCode.OK, Html.Readable(previewHtml));
        Html.Readable(previewHtml).ShouldContain("2 件の予定を登録する");
        var id = await app.AccountIdAsync(login);
        (await app.QueryAsync(db => db.Events.CountAsync(e => e.OrganizerId == id))).ShouldBe(0);

        var imported = await ConfirmAsync(browser, previewHtml);
        var importedText = Html.Readable(await imported.Content.ReadAsStringAsync());
        imported.StatusCode.ShouldBe(HttpStatusCode.OK, importedText);
        importedText.ShouldContain("2 件の予定を登録しました");
        (await app.QueryAsync(db => db.Events.Where(e => e.OrganizerId == id).Select(e => e.Title).OrderBy(t => t).ToListAsync()))
            .ShouldBe(["取り込み会議A", "取り込み休暇B"], ignoreOrder: true);

        var second = await UploadAsync(browser, ics);
        var secondText = Html.Readable(await second.Content.ReadAsStringAsync());
        secondText.ShouldContain("新しく登録する予定はありません");
        (await app.QueryAsync(db => db.Events.CountAsync(e => e.OrganizerId == id))).ShouldBe(2);
    }

    [Fact]
    public async Task Import_OfAFileWithOneBadEvent_Is400_ListsTheProblem_AndAddsNothing()
    {
        var (login, browser) = await StaffBrowserAsync("syncbad");
        using var _ = browser;
        var ics = Calendar(
            Event("ok@example", "DTSTART;TZID=Asia/Tokyo:20300801T100000", "DTEND;TZID=Asia/Tokyo:20300801T110000", "SUMMARY:正しい予定"),
            Event("bad@example", "DTSTART;TZID=Asia/Tokyo:20300801T150000", "DTEND;TZID=Asia/Tokyo:20300801T140000", "SUMMARY:逆転した予定"));

        var response = await UploadAsync(browser, ics);
        var text = Html.Readable(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain("予定は1件も登録していません");
        text.ShouldContain("bad@example");
        text.ShouldContain("終了日時が開始日時より前");
        var id = await app.AccountIdAsync(login);
        (await app.QueryAsync(db => db.Events.CountAsync(e => e.OrganizerId == id))).ShouldBe(0);
    }

    [Fact]
    public async Task Import_WithoutAFile_Is400WithAMessage()
    {
        var (_, browser) = await StaffBrowserAsync("syncempty");
        using var _ = browser;

        var response = await UploadAsync(browser, "");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await response.Content.ReadAsStringAsync()).ShouldContain("ファイルを選んでください");
    }

    private async Task<(string Login, TestBrowser Browser)> StaffBrowserAsync(string purpose)
    {
        var login = Logins.Unique(purpose);
        await app.CreateAccountAsync(login, Roles.Staff);
        return (login, await app.SignedInAsync(login));
    }

    /// <summary>Posts the upload form as a browser does: multipart, with its antiforgery token and the file.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(TestBrowser browser, string ics)
    {
        var page = await browser.Client.GetStringAsync(new Uri("/schedule/sync", UriKind.Relative));
        var form = Html.Forms(page).Single(f => f.Handler == "import-upload");
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in form.Hidden)
        {
            content.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(ics));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/calendar");
        content.Add(file, "file", "予定.ics");
        return await browser.Client.PostAsync(new Uri("/schedule/sync", UriKind.Relative), content);
    }

    private static async Task<HttpResponseMessage> ConfirmAsync(TestBrowser browser, string previewHtml)
    {
        var form = Html.Forms(previewHtml).Single(f => f.Handler == "import-confirm");
        using var content = new FormUrlEncodedContent(form.Hidden);
        return await browser.Client.PostAsync(new Uri("/schedule/sync", UriKind.Relative), content);
    }

    private static string Calendar(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Test//JA\r\n" + string.Concat(events) + "END:VCALENDAR\r\n";

    private static string Event(string uid, params string[] lines) =>
        "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20300101T000000Z\r\n" + string.Concat(lines.Select(l => l + "\r\n")) + "END:VEVENT\r\n";

    [GeneratedRegex(@"https?://[^""<\s]+/calendar/tsc_[A-Za-z0-9_-]+\.ics")]
    private static partial Regex FeedUrl();
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class CalendarSyncPageTests_Sqlite(SqliteDemoCity app) : CalendarSyncPageTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class CalendarSyncPageTests_PostgreSql(PostgreSqlDemoCity app) : CalendarSyncPageTests(app);
