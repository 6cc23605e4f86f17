using System.Globalization;
using System.Net;
using System.Text;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Approvals;

/// <summary>/approvals/search and its CSV export: filters and keywords never reach past the viewer's own routes.</summary>
public abstract class SearchPageTests(InboxCity app)
{
    private const string Header = "番号,申請日,様式,件名,申請者,部署,状態,金額,決裁日,保存期間,廃棄予定日";

    static SearchPageTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private sealed record World(InboxCity.Staff Approver, InboxCity.Staff Outsider, string Form, string OtherForm, string Small, string Large, string Foreign, string Word);

    private async Task<World> WorldAsync()
    {
        var approver = await app.NewStaffAsync("s-appr");
        var final = await app.NewStaffAsync("s-final");
        var other = await app.NewStaffAsync("s-other");
        var outsider = await app.NewStaffAsync("s-out");
        var yamada = await app.NewStaffAsync("s-yamada", "山田\u3000花子", "やまだ はなこ");
        var suzuki = await app.NewStaffAsync("s-suzuki", "鈴木\u3000一郎", "すずき いちろう");
        var form = await app.NewFormAsync(InboxCity.Unique("物品購入"), [approver.Id], final.Id);
        var otherForm = await app.NewFormAsync(InboxCity.Unique("物品購入"), [other.Id], final.Id);
        var word = "検索語" + Guid.NewGuid().ToString("N")[..6];
        var small = InboxCity.Unique("文具の購入");
        var large = InboxCity.Unique("公用車の購入, \"急ぎ\"");
        var foreign = InboxCity.Unique("他課の購入");
        await app.FileAsync(yamada, form, small, 50_000, note: $"{word} を含む備考");
        await app.FileAsync(suzuki, form, large, 800_000);
        await app.FileAsync(suzuki, otherForm, foreign, 60_000, note: $"{word} も含む");
        return new World(approver, outsider, form, otherForm, small, large, foreign, word);
    }

    [Fact]
    public async Task Filters_FindOnlyRequestsOnTheViewersRoute()
    {
        var w = await WorldAsync();
        using var browser = await app.SignedInAsync(w.Approver.Login);

        var (response, all) = await browser.GetTextAsync("/approvals/search");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        all.ShouldContain(w.Small);
        all.ShouldContain(w.Large);
        all.ShouldNotContain(w.Foreign);

        var expensive = (await browser.GetTextAsync("/approvals/search?min=100000")).Text;
        expensive.ShouldContain(w.Large);
        expensive.ShouldNotContain(w.Small);

        var cheap = (await browser.GetTextAsync("/approvals/search?max=" + Uri.EscapeDataString("１００，０００"))).Text;
        cheap.ShouldContain(w.Small);
        cheap.ShouldNotContain(w.Large);

        var byKana = (await browser.GetTextAsync("/approvals/search?applicant=" + Uri.EscapeDataString("やまだ"))).Text;
        byKana.ShouldContain(w.Small);
        byKana.ShouldNotContain(w.Large);

        // The other form's request is outside the approver's route, even when asked for by its form.
        var byForm = (await browser.GetTextAsync($"/approvals/search?form={w.OtherForm}")).Text;
        byForm.ShouldNotContain(w.Foreign);
        byForm.ShouldContain("条件に合う申請はありません");

        var byStatus = (await browser.GetTextAsync($"/approvals/search?form={w.Form}&status=in-progress")).Text;
        byStatus.ShouldContain(w.Small);
        (await browser.GetTextAsync($"/approvals/search?form={w.Form}&status=approved")).Text.ShouldNotContain(w.Small);

        var past = Tsunagu.Core.Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await browser.GetTextAsync($"/approvals/search?form={w.Form}&to={past}")).Text.ShouldNotContain(w.Small);

        using var outsider = await app.SignedInAsync(w.Outsider.Login);
        var nothing = (await outsider.GetTextAsync($"/approvals/search?form={w.Form}")).Text;
        nothing.ShouldNotContain(w.Small);
        nothing.ShouldNotContain(w.Large);
    }

    [Fact]
    public async Task Keyword_FindsOnlyWhatTheViewerMayOpen_WithALink()
    {
        var w = await WorldAsync();
        using var browser = await app.SignedInAsync(w.Approver.Login);

        var (response, found) = await browser.GetTextAsync("/approvals/search?q=" + Uri.EscapeDataString(w.Word));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        found.ShouldContain(w.Small);
        found.ShouldNotContain(w.Foreign);
        found.ShouldContain("href=\"/approvals/");
        found.ShouldContain("<mark>");

        using var outsider = await app.SignedInAsync(w.Outsider.Login);
        var none = (await outsider.GetTextAsync("/approvals/search?q=" + Uri.EscapeDataString(w.Word))).Text;
        none.ShouldNotContain(w.Small);
        none.ShouldNotContain(w.Foreign);
    }

    [Fact]
    public async Task Csv_InUtf8WithBom_HasTheExactHeader_AndOnlyTheViewersRequests()
    {
        var w = await WorldAsync();
        using var browser = await app.SignedInAsync(w.Approver.Login);

        var response = await browser.GetAsync($"/approvals/export.csv?form={w.Form}&encoding=utf-8");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentType.CharSet.ShouldBe("utf-8");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = new UTF8Encoding(false, true).GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe(Header);
        lines.Length.ShouldBe(3);
        lines[1].ShouldContain(w.Small);
        lines[1].ShouldContain(",50000,");
        lines[1].ShouldContain("回付中");
        lines[1].ShouldContain("5年");
        // A comma and quotes in the subject are quoted as RFC 4180 says.
        lines[2].ShouldContain("\"" + w.Large.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
        string.Join('\n', lines).ShouldNotContain(w.Foreign);

        using var outsider = await app.SignedInAsync(w.Outsider.Login);
        var empty = await outsider.GetAsync($"/approvals/export.csv?form={w.Form}");
        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = Encoding.UTF8.GetString(await empty.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        text.ShouldBe(Header + "\r\n");
    }

    [Fact]
    public async Task Csv_InShiftJis_DecodesToTheSameRows()
    {
        var w = await WorldAsync();
        using var browser = await app.SignedInAsync(w.Approver.Login);

        var utf8 = await browser.GetAsync($"/approvals/export.csv?form={w.Form}&encoding=utf-8");
        var sjis = await browser.GetAsync($"/approvals/export.csv?form={w.Form}&encoding=shift_jis");

        sjis.StatusCode.ShouldBe(HttpStatusCode.OK);
        sjis.Content.Headers.ContentType!.CharSet.ShouldBe("shift_jis");
        var bytes = await sjis.Content.ReadAsByteArrayAsync();
        bytes[0].ShouldNotBe((byte)0xEF);
        var decoded = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(bytes);
        decoded.Split("\r\n")[0].ShouldBe(Header);
        decoded.ShouldContain(w.Small);
        decoded.ShouldNotContain(w.Foreign);
        decoded.ShouldBe(Encoding.UTF8.GetString(await utf8.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'));
    }

    [Theory]
    [InlineData("min=abc", "金額は0以上の整数")]
    [InlineData("from=2026-02-30", "日付を正しく入力してください")]
    [InlineData("from=2026-05-01&to=2026-04-01", "期間の終わりは始まり以降")]
    [InlineData("status=unknown", "状態を一覧から選んでください")]
    [InlineData("form=no-such-form", "様式を一覧から選んでください")]
    public async Task BadFilters_Are400_OnThePageAndTheExport(string query, string message)
    {
        var me = await app.NewStaffAsync("s-bad");
        using var browser = await app.SignedInAsync(me.Login);

        var (page, text) = await browser.GetTextAsync("/approvals/search?" + query);
        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain(message);

        var csv = await browser.GetAsync("/approvals/export.csv?" + query);
        csv.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await csv.Content.ReadAsStringAsync()).ShouldContain(message);
        (await browser.GetAsync("/approvals/export.csv?encoding=ebcdic")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

public sealed class SearchPageTests_Sqlite(SqliteInboxCity app) : SearchPageTests(app), IClassFixture<SqliteInboxCity>;

public sealed class SearchPageTests_PostgreSql(PostgreSqlInboxCity app) : SearchPageTests(app), IClassFixture<PostgreSqlInboxCity>;
