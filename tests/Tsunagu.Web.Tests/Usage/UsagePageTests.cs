using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Usage;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Usage;

/// <summary>
/// The usage page and its downloads in the demo city, whose imported FY2020 baseline (旧グループウェア) is built to be the
/// seed's 利用状況サマリ: the page and the CSV must show the seed's figures. Bad parameters are a 400 with the Japanese message.
/// </summary>
public abstract class UsagePageTests(TsunaguApp app)
{
    private const string DxStaff = DemoCityData.DemoStaffLogin;

    private static readonly string Legacy = "from=2020-04-01&to=2021-03-31&source=" + Uri.EscapeDataString(UsageDemoSeeder.LegacySource);

    private const string Header = "feature,active_accounts,unused,unused_rate,low_use,low_use_rate";

    // The seed's table: feature, unused, low use, of 605 accounts.
    private static readonly (string Feature, int Unused, int LowUse)[] Seed =
    [
        ("スケジュール", 264, 557),
        ("三役", 306, 558),
        ("回覧板", 258, 489),
        ("庶務事務(勤怠管理)", 119, 251),
        ("掲示板", 97, 199),
        ("施設予約", 197, 366),
        ("電子会議室", 461, 604),
        ("電子決裁", 281, 496),
        ("電子メール", 78, 185),
    ];

    /// <summary>
    /// Staff accounts other tests of the shared demo city created (they have no legacy events, so each is one more
    /// unused and low-use account); 0 on a fresh demo city, where the table is exactly the seed's (UsageDemoSeederTests).
    /// </summary>
    private Task<int> ExtraAsync() =>
        app.InScopeAsync(async sp => (await sp.GetRequiredService<UsageReportService>().ReportAsync(
            new UsageReportOptions(new DateOnly(2020, 4, 1), new DateOnly(2021, 3, 31)) { ExcludedDepartments = ["消防本部", "市民病院"] })).ActiveAccounts - 605);

    private static string SeedLine((string Feature, int Unused, int LowUse) row, int extra)
    {
        var (total, unused, low) = (605 + extra, row.Unused + extra, row.LowUse + extra);
        return string.Create(CultureInfo.InvariantCulture, $"{row.Feature},{total},{unused},{UsageReportService.Rate(unused, total)},{low},{UsageReportService.Rate(low, total)}");
    }

    private static string SeedText((string Feature, int Unused, int LowUse) row, int extra)
    {
        var (total, unused, low) = (605 + extra, row.Unused + extra, row.LowUse + extra);
        return string.Create(CultureInfo.InvariantCulture, $"{row.Feature} {total} {unused} {UsageReportService.Rate(unused, total)}% {low} {UsageReportService.Rate(low, total)}%");
    }

    [Fact]
    public async Task Page_ByDefault_CountsTheCurrentFiscalYearWithoutTheFlaggedDepartments()
    {
        using var browser = await app.SignedInAsync(DxStaff);
        var response = await browser.GetAsync("/usage");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (fire, hospital) = await app.QueryAsync(async db => (
            await db.Departments.Where(d => d.Path == "消防本部").Select(d => d.Id).SingleAsync(),
            await db.Departments.Where(d => d.Path == "市民病院").Select(d => d.Id).SingleAsync()));
        html.ShouldContain($"value=\"{fire}\" checked");
        html.ShouldContain($"value=\"{hospital}\" checked");
        var text = Visible(html);
        text.ShouldContain($"{605 + await ExtraAsync()}名");
        text.ShouldContain("全機能");
        text.ShouldContain("スケジュール");
        text.ShouldContain("ポータル");
        html.ShouldContain("data-usage-chart=\"rates\"");
        html.ShouldContain("data-usage-chart=\"monthly\"");
    }

    [Fact]
    public async Task Page_OfTheLegacyYear_ShowsTheSeedTable()
    {
        using var browser = await app.SignedInAsync(DxStaff);
        var (response, text) = await GetVisibleAsync(browser, "/usage?" + Legacy);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var extra = await ExtraAsync();
        text.ShouldContain(SeedText(Seed[0], extra));
        text.ShouldContain(SeedText(Seed[6], extra));
        text.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"全機能 {605 + extra} {75 + extra} {UsageReportService.Rate(75 + extra, 605 + extra)}%"));
        text.ShouldContain("取り込み元: 旧グループウェア");
    }

    [Fact]
    public async Task CsvExport_OfTheLegacyYear_IsTheSeedTableInUtf8WithBom()
    {
        using var browser = await app.SignedInAsync(DxStaff);
        var response = await browser.GetAsync("/usage/export.csv?" + Legacy);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/csv; charset=utf-8");
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("usage-2020-04-01_2021-03-31.csv");
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var extra = await ExtraAsync();
        lines[0].ShouldBe(Header);
        lines.Skip(1).SkipLast(1).Order(StringComparer.Ordinal).ShouldBe(Seed.Select(r => SeedLine(r, extra)).Order(StringComparer.Ordinal));
        lines[^1].ShouldStartWith(string.Create(CultureInfo.InvariantCulture, $"(all features),{605 + extra},{75 + extra},{UsageReportService.Rate(75 + extra, 605 + extra)},"));
    }

    [Fact]
    public async Task CsvExport_InShiftJis_HasNoBomAndReadsBackInJapanese()
    {
        using var browser = await app.SignedInAsync(DxStaff);
        var response = await browser.GetAsync("/usage/export.csv?encoding=shift_jis&" + Legacy);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/csv; charset=shift_jis");
        bytes[0].ShouldNotBe((byte)0xEF);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Encoding.GetEncoding(932).GetString(bytes).ShouldContain(SeedLine(Seed[8], await ExtraAsync()));
    }

    [Fact]
    public async Task ExcelExport_HasTheThreeSheetsAndReadsBack()
    {
        using var browser = await app.SignedInAsync(DxStaff);
        var response = await browser.GetAsync("/usage/export.xlsx?" + Legacy);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("usage-2020-04-01_2021-03-31.xlsx");
        using var book = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        MiniExcel.GetSheetNames(book).ShouldBe(["機能別", "部署別", "月別"]);
        book.Position = 0;
        var features = MiniExcel.Query(book, useHeaderRow: true, sheetName: "機能別").Cast<IDictionary<string, object>>().ToList();
        var schedule = features.Single(r => (string)r["機能"] == "スケジュール");
        var extra = await ExtraAsync();
        Convert.ToInt32(schedule["対象アカウント数"], CultureInfo.InvariantCulture).ShouldBe(605 + extra);
        Convert.ToInt32(schedule["未使用(人)"], CultureInfo.InvariantCulture).ShouldBe(264 + extra);
        Convert.ToInt32(schedule["低利用(%)"], CultureInfo.InvariantCulture).ShouldBe(UsageReportService.Rate(557 + extra, 605 + extra));
        ((string)features[^1]["機能"]).ShouldBe("全機能");
        book.Position = 0;
        var months = MiniExcel.Query(book, useHeaderRow: true, sheetName: "月別").Cast<IDictionary<string, object>>().ToList();
        months.Select(m => (string)m["月"]).Distinct().Count().ShouldBe(12);
        book.Position = 0;
        var departments = MiniExcel.Query(book, useHeaderRow: true, sheetName: "部署別").Cast<IDictionary<string, object>>().ToList();
        departments.Select(d => (string)d["部署"]).ShouldNotContain("消防本部");
        departments.Where(d => (string)d["機能"] == "全機能").Sum(d => Convert.ToInt32(d["対象アカウント数"], CultureInfo.InvariantCulture)).ShouldBe(605 + extra);
    }

    [Theory]
    [InlineData("from=2026-05-01&to=2026-04-01", "集計期間の開始日が終了日より後になっています。")]
    [InlineData("from=2026/04/01", "集計期間の日付を 2026-04-01 の形で入力してください。")]
    [InlineData("n=abc", "低利用の基準(年間の利用回数)は1〜1,000,000の整数で入力してください。")]
    [InlineData("n=0", "低利用の基準(年間の利用回数)は1〜1,000,000で指定してください。")]
    [InlineData("set=1&exclude=987654321", "除外する部署が見つかりません。一覧から選んでください。")]
    [InlineData("source=nothing-such", "取り込み元「nothing-such」の記録はありません。一覧から選んでください。")]
    public async Task BadParameters_AreRefusedWith400AndTheJapaneseMessage(string query, string message)
    {
        using var browser = await app.SignedInAsync(DxStaff);

        var (page, text) = await GetVisibleAsync(browser, "/usage?" + query);
        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain(message);
        text.ShouldNotContain("機能別の利用状況");

        foreach (var export in new[] { "/usage/export.csv?", "/usage/export.xlsx?" })
        {
            var response = await browser.GetAsync(export + query);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.Content.ReadAsStringAsync()).ShouldContain(message);
        }
    }

    [Fact]
    public async Task CsvExport_WithAnUnknownEncoding_IsRefused()
    {
        using var browser = await app.SignedInAsync(DxStaff);
        var response = await browser.GetAsync("/usage/export.csv?encoding=ebcdic");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("文字コードは utf-8 または shift_jis を指定してください。");
    }

    [Fact]
    public async Task Import_WithAnUnknownLogin_ReportsTheLineAndWritesNothing()
    {
        var source = "試験取込" + Guid.NewGuid().ToString("N")[..6];
        using var browser = await app.SignedInAsync(DxStaff);
        var csv = $"login,feature,occurred_at\r\n{DxStaff},電子メール,2019-05-01 09:00\r\nnobody.here,電子メール,2019-05-02 09:00\r\n{DxStaff},電子メール,2019-13-01 09:00\r\n";

        var response = await UploadAsync(browser, csv, source);
        var text = Visible(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain("誤りのある行が2件あるため、何も取り込んでいません。");
        text.ShouldContain("3行目:");
        text.ShouldContain("nobody.here");
        text.ShouldContain("4行目:");
        (await app.QueryAsync(db => db.UsageEvents.CountAsync(e => e.Source == source))).ShouldBe(0);
    }

    [Fact]
    public async Task Import_OfAValidFile_WritesEveryLineAndTheSourceBecomesSelectable()
    {
        var source = "試験取込" + Guid.NewGuid().ToString("N")[..6];
        using var browser = await app.SignedInAsync(DxStaff);
        var csv = $"\uFEFFlogin,feature,occurred_at\r\n{DxStaff},電子メール,2019-05-01 09:00\r\n{DxStaff},スケジュール,2019-05-01T10:00:00+09:00\r\nnakamura.tatsuya,電子メール,2019-06-03 09:00\r\n";

        var response = await UploadAsync(browser, csv, source);
        var text = Visible(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain($"3件の利用記録を取り込みました(2名、2機能、取り込み元: {source})。");
        (await app.QueryAsync(db => db.UsageEvents.CountAsync(e => e.Source == source))).ShouldBe(3);
        var again = await UploadAsync(browser, csv, source);
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.QueryAsync(db => db.UsageEvents.CountAsync(e => e.Source == source))).ShouldBe(3);

        var report = await browser.GetAsync($"/usage/export.csv?from=2019-04-01&to=2020-03-31&source={Uri.EscapeDataString(source)}");
        var lines = (await report.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var extra = await ExtraAsync();
        lines.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"電子メール,{605 + extra},{603 + extra},100,{605 + extra},100"));
    }

    /// <summary>The page's text as a reader sees it: tags dropped, white space collapsed.</summary>
    private static string Visible(string html) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(Html.Readable(html), "<[^>]+>", " "), @"\s+", " ");

    private static async Task<(HttpResponseMessage Response, string Text)> GetVisibleAsync(TestBrowser browser, string path)
    {
        var response = await browser.GetAsync(path);
        return (response, Visible(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<HttpResponseMessage> UploadAsync(TestBrowser browser, string csv, string source)
    {
        var page = await (await browser.GetAsync("/usage/import")).Content.ReadAsStringAsync();
        var form = Html.Forms(page).First(f => f.Handler == "usage-import");
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in form.Hidden)
        {
            content.Add(new StringContent(value), name);
        }

        content.Add(new StringContent(source), "source");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "baseline.csv");
        return await browser.Client.PostAsync(new Uri("/usage/import", UriKind.Relative), content);
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class UsagePageTests_Sqlite(SqliteDemoCity app) : UsagePageTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class UsagePageTests_PostgreSql(PostgreSqlDemoCity app) : UsagePageTests(app);
