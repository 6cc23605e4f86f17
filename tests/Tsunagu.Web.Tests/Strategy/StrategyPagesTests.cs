using System.Net;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Strategy;
using Tsunagu.Web.Tests.Infrastructure;
using Xunit;

namespace Tsunagu.Web.Tests.Strategy;

/// <summary>The maturity and roadmap pages with the demo city's data; bad input is refused in Japanese with nothing written.</summary>
public abstract class StrategyPagesTests(TsunaguApp app)
{
    private const string Dx = DemoCityData.DemoStaffLogin;
    private const string Plain = "ikeda.takashi";

    private static List<KeyValuePair<string, string>> Assessment(string date, string level2, string evidence = "研修を実施") =>
    [
        new("department", ""), new("date", date),
        new("level-1", "3"), new("level-2", level2), new("level-3", "4"), new("level-4", "3"),
        new("evidence-1", evidence), new("evidence-2", ""), new("evidence-3", ""), new("evidence-4", ""),
    ];

    [Fact]
    public async Task MaturityPage_ShowsTheChartData_TheRubric_AndTheHistory_ToAnyStaff()
    {
        using var browser = await app.SignedInAsync(Plain);
        var (response, text) = await browser.GetTextAsync("/strategy/maturity");
        var html = await (await browser.GetAsync("/strategy/maturity")).Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("data-strategy-chart=\"radar\"");
        html.ShouldContain("data-strategy-chart=\"history\"");
        text.ShouldContain("ITリテラシー");
        text.ShouldContain(MaturityRubric.Of(MaturityAxis.Organization).Describe(5));
        text.ShouldContain("令和3年5月12日");
        text.ShouldNotContain("評価を記録"); // the DX office's button
    }

    [Fact]
    public async Task MaturityPage_ForADepartment_ShowsItsOwnAssessments()
    {
        var finance = await app.QueryAsync(db => db.Departments.Where(d => d.Path == "総務部/財政課").Select(d => d.Id).SingleAsync());
        using var browser = await app.SignedInAsync(Dx);
        var (_, text) = await browser.GetTextAsync($"/strategy/maturity?department={finance}");

        text.ShouldContain("総務部/財政課の現在のレベル");
        text.ShouldContain("予算要求様式の電子化");
        text.ShouldContain("評価を記録");
    }

    [Theory]
    [InlineData("2099-01-01", "3", "評価日に未来の日付は指定できません。")]
    [InlineData("", "3", "評価日を正しく入力してください。")]
    [InlineData("2026-01-10", "7", "「庁内システム」のレベルは1から5の間で選んでください。")]
    public async Task NewAssessment_BadInput_Is400InJapanese_AndWritesNothing(string date, string level, string message)
    {
        using var browser = await app.SignedInAsync(Dx);
        var before = await app.QueryAsync(db => db.MaturityAssessments.CountAsync());

        var response = await browser.SubmitAsync("/strategy/maturity/new", f => f.Handler == "maturity-new", Assessment(date, level));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await response.Content.ReadAsStringAsync()).ShouldContain(message);
        (await app.QueryAsync(db => db.MaturityAssessments.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task NewAssessment_TooLongEvidence_Is400()
    {
        using var browser = await app.SignedInAsync(Dx);
        var before = await app.QueryAsync(db => db.MaturityAssessments.CountAsync());

        var response = await browser.SubmitAsync("/strategy/maturity/new", f => f.Handler == "maturity-new", Assessment("2026-01-10", "3", new string('あ', 1001)));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await response.Content.ReadAsStringAsync()).ShouldContain("1000文字以内");
        (await app.QueryAsync(db => db.MaturityAssessments.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task RoadmapPage_ShowsTheSeedSchedule_WithStatuses()
    {
        using var browser = await app.SignedInAsync(Plain);
        var (response, text) = await browser.GetTextAsync("/strategy/roadmap");
        var html = await (await browser.GetAsync("/strategy/roadmap")).Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var measure in new[] { "自治体の情報システム標準化・共通化", "マイナンバーカードの普及促進", "自治体の行政手続きのオンライン化", "自治体のAI/RPAの利用推進", "テレワークの推進", "セキュリティ対策の徹底", "組織体制の整備", "地域社会のデジタル化", "デジタルデバイド対策" })
        {
            text.ShouldContain(measure);
        }

        text.ShouldContain("標準仕様に基づき、既存システム改修");
        text.ShouldContain("R7下期");
        html.ShouldContain("status-done");
        html.ShouldNotContain("/strategy/roadmap/cells/"); // plain staff have no edit links
    }

    [Fact]
    public async Task CellEdit_ByPlainStaff_IsRefused()
    {
        var measure = await app.QueryAsync(db => db.RoadmapMeasures.Where(m => m.Title == "体制の整備").Select(m => m.Id).SingleAsync());
        using var browser = await app.SignedInAsync(Plain);

        var (get, text) = await browser.GetTextAsync($"/strategy/roadmap/cells/{measure}/2025-1");
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("ロードマップを編集する権限がありません");
        text.ShouldNotContain("計画内容");
    }

    [Fact]
    public async Task CellEdit_BadInput_Is400InJapanese_AndChangesNothing()
    {
        var measure = await app.QueryAsync(db => db.RoadmapMeasures.Where(m => m.Title == "体制の整備").Select(m => m.Id).SingleAsync());
        using var browser = await app.SignedInAsync(Dx);
        var before = await app.QueryAsync(db => db.RoadmapCells.Where(c => c.MeasureId == measure && c.FiscalYear == 2025 && c.Half == 1).Select(c => c.Activity + c.Status).SingleAsync());

        var tooLong = await browser.SubmitAsync($"/strategy/roadmap/cells/{measure}/2025-1", f => f.Handler == "roadmap-cell",
            [new("activity", new string('あ', 201)), new("status", "2"), new("owner", ""), new("note", "")]);
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await tooLong.Content.ReadAsStringAsync()).ShouldContain("計画内容は200文字以内で入力してください。");

        var badStatus = await browser.SubmitAsync($"/strategy/roadmap/cells/{measure}/2025-1", f => f.Handler == "roadmap-cell",
            [new("activity", "見直し"), new("status", "99"), new("owner", ""), new("note", "")]);
        badStatus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await badStatus.Content.ReadAsStringAsync()).ShouldContain("状況を選んでください。");

        (await app.QueryAsync(db => db.RoadmapCells.Where(c => c.MeasureId == measure && c.FiscalYear == 2025 && c.Half == 1).Select(c => c.Activity + c.Status).SingleAsync())).ShouldBe(before);
        (await browser.GetAsync($"/strategy/roadmap/cells/{measure}/2031-7")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EditorsPage_UnknownDepartment_Is400_AndTheSettingStays()
    {
        using var browser = await app.SignedInAsync(DemoCityData.AdminLogin);
        var before = await app.QueryAsync(db => db.Settings.Where(s => s.Key == RoadmapEditors.SettingKey).Select(s => s.Value).FirstOrDefaultAsync());

        var response = await browser.SubmitAsync("/strategy/roadmap/editors", f => f.Handler == "roadmap-editors",
            [new("role", "DxOffice"), new("departments", "存在しない部/課"), new("accounts", "")]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await response.Content.ReadAsStringAsync()).ShouldContain("部署「存在しない部/課」が見つかりません。");
        (await app.QueryAsync(db => db.Settings.Where(s => s.Key == RoadmapEditors.SettingKey).Select(s => s.Value).FirstOrDefaultAsync())).ShouldBe(before);
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class StrategyPagesTests_Sqlite(SqliteDemoCity app) : StrategyPagesTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class StrategyPagesTests_PostgreSql(PostgreSqlDemoCity app) : StrategyPagesTests(app);
