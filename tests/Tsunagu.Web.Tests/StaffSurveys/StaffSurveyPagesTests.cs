using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.StaffSurveys;
using Tsunagu.Web.Tests.Infrastructure;
using Xunit;

namespace Tsunagu.Web.Tests.StaffSurveys;

/// <summary>
/// The survey pages as people use them in the demo city: 池田 (財政課長) answers for 財政課; 総務課's staff see their own
/// unit's answers and never 財政課's; a unit that is not addressed finds nothing; only the DX office sees results and the CSV.
/// </summary>
public abstract class StaffSurveyPagesTests(TsunaguApp app)
{
    private const string Zaisei = "ikeda.takashi";

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    private Task<string> LoginInAsync(string path) =>
        app.QueryAsync(db => db.Users.Where(a => a.Department!.Path == path && a.Position!.Name == "主事").OrderBy(a => a.Id).Select(a => a.UserName!).FirstAsync());

    /// <summary>A business survey addressed to 財政課 and 総務課, sent now, made through the service as the DX office.</summary>
    private Task<StaffSurvey> SurveyAsync(string title) =>
        app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var dxId = await db.Users.Where(a => a.UserName == DemoCityData.DemoStaffLogin).Select(a => a.Id).SingleAsync();
            var dx = await SurveyActor.ForAccountAsync(db, dxId);
            var units = await db.Departments.Where(d => d.Path == "総務部/財政課" || d.Path == "総務部/総務課").Select(d => d.Id).ToListAsync();
            var service = sp.GetRequiredService<StaffSurveyService>();
            var today = Tsunagu.Core.Clock.TokyoDate(sp.GetRequiredService<TimeProvider>().GetUtcNow());
            var survey = await service.CreateAsync(dx, new SurveyInput
            {
                Title = title,
                Instructions = "試験用のアンケートです。",
                Schema = StaffSurveyTemplates.Find(StaffSurveyTemplates.Business)!.Schema,
                Deadline = today.AddDays(7),
                AllowsSeveralAnswers = true,
                UnitIds = units,
            });
            return await service.SendAsync(dx, survey.Id);
        });

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    private static List<KeyValuePair<string, string>> Answer(string business, string issue = "紙の様式に手書きしている。") =>
    [
        new("v.area", "庁内業務"),
        new("v.business", business),
        new("v.issue", issue),
        new("v.digital", "検討中"),
    ];

    private Task<int> AnswersAsync(int surveyId) => app.QueryAsync(db => db.StaffSurveyAnswers.CountAsync(a => a.StaffSurveyId == surveyId));

    [Fact]
    public async Task Staff_AnswerForTheirUnit_AndSeeOnlyTheirUnitsAnswers()
    {
        var tag = Tag();
        var survey = await SurveyAsync($"試験アンケート{tag}");
        using var ikeda = await app.SignedInAsync(Zaisei);

        var (list, listText) = await ikeda.GetTextAsync("/surveys");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        listText.ShouldContain($"試験アンケート{tag}");
        listText.ShouldContain("未回答");

        var secret = $"財政課の業務{tag}";
        var posted = await ikeda.SubmitAsync($"/surveys/{Inv(survey.Id)}", f => f.Handler == "survey-answer", Answer(secret));
        ((int)posted.StatusCode).ShouldBeOneOf(200, 302, 303);
        (await AnswersAsync(survey.Id)).ShouldBe(1);
        var (_, page) = await ikeda.GetTextAsync($"/surveys/{Inv(survey.Id)}");
        page.ShouldContain(secret);
        page.ShouldContain("この課の回答(1件)");

        // 総務課 is addressed too, but sees none of 財政課's answers; 市民課 is not addressed and finds nothing.
        using var soumu = await app.SignedInAsync(await LoginInAsync("総務部/総務課/人事係"));
        var (soumuPage, soumuText) = await soumu.GetTextAsync($"/surveys/{Inv(survey.Id)}");
        soumuPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        soumuText.ShouldNotContain(secret);
        soumuText.ShouldContain("まだ回答していません。");
        var answerId = await app.QueryAsync(db => db.StaffSurveyAnswers.Where(a => a.StaffSurveyId == survey.Id).Select(a => a.Id).SingleAsync());
        (await soumu.GetAsync($"/surveys/{Inv(survey.Id)}/answers/{Inv(answerId)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var shimin = await app.SignedInAsync(await LoginInAsync("市民部/市民課/住民係"));
        var (outside, outsideText) = await shimin.GetTextAsync($"/surveys/{Inv(survey.Id)}");
        outside.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        outsideText.ShouldNotContain(secret);

        // Results and the export are the DX office's.
        (await ikeda.GetAsync($"/surveys/{Inv(survey.Id)}/results")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ikeda.GetAsync($"/surveys/{Inv(survey.Id)}/answers.csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Answer_WithMissingOrBadValues_Is400WithJapaneseMessages_AndNothingIsWritten()
    {
        var survey = await SurveyAsync($"試験アンケート{Tag()}");
        using var ikeda = await app.SignedInAsync(Zaisei);

        var response = await ikeda.SubmitAsync($"/surveys/{Inv(survey.Id)}", f => f.Handler == "survey-answer",
        [
            new("v.area", "その他"),
            new("v.business", "予算書の作成"),
            new("v.digital", "検討中"),
        ]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = Html.Readable(await response.Content.ReadAsStringAsync());
        text.ShouldContain("回答に誤りがあります。");
        text.ShouldContain("現状の課題");
        text.ShouldContain("予算書の作成"); // what was typed is kept
        (await AnswersAsync(survey.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Answer_AfterClose_Is400_AndTheFormIsGone()
    {
        var survey = await SurveyAsync($"試験アンケート{Tag()}");
        using var ikeda = await app.SignedInAsync(Zaisei);
        var html = await (await ikeda.GetAsync($"/surveys/{Inv(survey.Id)}")).Content.ReadAsStringAsync();
        var form = Html.Forms(html).First(f => f.Handler == "survey-answer");

        using var dx = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        var closed = await dx.SubmitAsync($"/surveys/{Inv(survey.Id)}/results", f => f.Handler == "survey-close", []);
        ((int)closed.StatusCode).ShouldBeOneOf(200, 302, 303);

        // The form a person still had open is refused with a message, and nothing is written.
        using var content = new FormUrlEncodedContent(form.Hidden.Concat(Answer("遅れた回答")));
        var late = await ikeda.Client.PostAsync(new Uri($"/surveys/{Inv(survey.Id)}", UriKind.Relative), content);
        ((int)late.StatusCode).ShouldBeInRange(400, 404);
        (await AnswersAsync(survey.Id)).ShouldBe(0);
        (await ikeda.GetTextAsync($"/surveys/{Inv(survey.Id)}")).Text.ShouldContain("このアンケートは締め切られました。");
    }

    [Fact]
    public async Task DxOffice_CreatesSendsAndReadsTheResults_AndExportsCsvWithBom()
    {
        var tag = Tag();
        using var dx = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        var units = await app.QueryAsync(db => db.Departments.Where(d => d.Path == "総務部/財政課" || d.Path == "市民部/市民課").Select(d => d.Id).ToListAsync());
        var deadline = Tsunagu.Core.Clock.TokyoDate(app.Services.GetRequiredService<TimeProvider>().GetUtcNow()).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var bad = await dx.SubmitAsync("/surveys/new", f => f.Handler == "survey-new",
            [new("title", $"意見募集{tag}"), new("deadline", "来週"), new("template", StaffSurveyTemplates.Opinion), new("targets", "all")]);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await bad.Content.ReadAsStringAsync()).ShouldContain("締切日を正しい日付");
        var noTitle = await dx.SubmitAsync("/surveys/new", f => f.Handler == "survey-new",
            [new("title", " "), new("deadline", deadline), new("template", StaffSurveyTemplates.Opinion), new("targets", "all")]);
        noTitle.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await noTitle.Content.ReadAsStringAsync()).ShouldContain("件名は1〜100文字で入力してください。");
        (await app.QueryAsync(db => db.StaffSurveys.CountAsync(s => s.Title.Contains(tag)))).ShouldBe(0);

        var created = await dx.SubmitAsync("/surveys/new", f => f.Handler == "survey-new",
        [
            new("title", $"意見募集{tag}"), new("instructions", "自由にご意見ください。"), new("deadline", deadline), new("template", StaffSurveyTemplates.Opinion),
            new("targets", "chosen"), .. units.Select(u => new KeyValuePair<string, string>("unit", Inv(u))),
        ]);
        ((int)created.StatusCode).ShouldBeOneOf(302, 303);
        created.Headers.Location!.OriginalString.ShouldContain("/results?done=created", customMessage: Html.Readable(await created.Content.ReadAsStringAsync()));
        var survey = await app.QueryAsync(db => db.StaffSurveys.Include(s => s.Targets).SingleAsync(s => s.Title == $"意見募集{tag}"));
        survey.State.ShouldBe(SurveyState.Draft);
        survey.Targets.Select(t => t.DepartmentId).ShouldBe(units, ignoreOrder: true);

        var sent = await dx.SubmitAsync($"/surveys/{Inv(survey.Id)}/results", f => f.Handler == "survey-send", []);
        ((int)sent.StatusCode).ShouldBeOneOf(200, 302, 303);
        (await app.QueryAsync(db => db.StaffSurveys.SingleAsync(s => s.Id == survey.Id))).State.ShouldBe(SurveyState.Open);

        using var ikeda = await app.SignedInAsync(Zaisei);
        var opinion = $"=SUM(A1) 会議資料を電子化してほしい{tag}";
        await ikeda.SubmitAsync($"/surveys/{Inv(survey.Id)}", f => f.Handler == "survey-answer", [new("v.opinion", opinion)]);

        var (results, text) = await dx.GetTextAsync($"/surveys/{Inv(survey.Id)}/results");
        results.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("50.0%");
        text.ShouldContain("2課中1課が回答(回答数 1件)");
        text.ShouldContain("市民部/市民課"); // not answered yet
        text.ShouldContain(opinion);

        var reminded = await dx.SubmitAsync($"/surveys/{Inv(survey.Id)}/results", f => f.Handler == "survey-remind", []);
        ((int)reminded.StatusCode).ShouldBeOneOf(200, 302, 303);
        (await app.QueryAsync(db => db.Set<StaffSurveyTarget>().Where(t => t.StaffSurveyId == survey.Id && t.ReminderCount == 1).CountAsync())).ShouldBe(1);

        var csv = await dx.GetAsync($"/surveys/{Inv(survey.Id)}/answers.csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("部,回答課,回答者,回答日時,ご意見");
        lines.Length.ShouldBe(2);
        lines[1].ShouldStartWith("総務部,財政課,池田");
        lines[1].ShouldEndWith($",'{opinion}"); // a leading = is defused for Excel
    }

    [Fact]
    public async Task PlainStaff_CannotCreateOrManage()
    {
        using var ikeda = await app.SignedInAsync(Zaisei);
        (await ikeda.GetAsync("/surveys/manage")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ikeda.GetAsync("/surveys/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (_, text) = await ikeda.GetTextAsync("/surveys");
        text.ShouldNotContain("アンケートの管理");
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class StaffSurveyPagesTests_Sqlite(SqliteDemoCity app) : StaffSurveyPagesTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class StaffSurveyPagesTests_PostgreSql(PostgreSqlDemoCity app) : StaffSurveyPagesTests(app);
