using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.StaffSurveys;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Tests.Schedules;

namespace Tsunagu.Core.Tests.StaffSurveys;

/// <summary>Staff surveys on both databases: the lifecycle, who answers for which unit, the form engine's checks, response rates.</summary>
public sealed class StaffSurveyServiceTests
{
    /// <summary>
    /// 総務部/総務課 (with 人事係), 総務部/財政課, 市民部/市民課, 企画振興部/DX戦略室, and 市長公室 above 秘書広報課. Targets of the
    /// surveys below: 総務課, 財政課, 秘書広報課 (市民課 is left out).
    /// </summary>
    private sealed record City(SurveyActor Dx, SurveyActor Soumu, SurveyActor Jinji, SurveyActor Zaisei, SurveyActor Shimin, SurveyActor Hisho, int SoumuKa, int ZaiseiKa, int HishoKa, int ShichoKoshitsu);

    private static async Task<City> CityAsync(TestDatabase db)
    {
        var dx = await db.StaffAsync("dx", "企画振興部/DX戦略室");
        var soumu = await db.StaffAsync("soumu", "総務部/総務課");
        var jinji = await db.StaffAsync("jinji", "総務部/総務課/人事係");
        var zaisei = await db.StaffAsync("zaisei", "総務部/財政課");
        var shimin = await db.StaffAsync("shimin", "市民部/市民課");
        var hisho = await db.StaffAsync("hisho", "市長公室/秘書広報課");
        async Task<SurveyActor> A(int id) => await db.QueryAsync(d => SurveyActor.ForAccountAsync(d, id));
        return new City(
            await A(dx) with { IsDxOffice = true }, await A(soumu), await A(jinji), await A(zaisei), await A(shimin), await A(hisho),
            await db.DepartmentAsync("総務部/総務課"), await db.DepartmentAsync("総務部/財政課"), await db.DepartmentAsync("市長公室/秘書広報課"), await db.DepartmentAsync("市長公室"));
    }

    private static Task<T> WithService<T>(TestDatabase db, Func<StaffSurveyService, Task<T>> action) =>
        db.InScopeAsync(sp => action(sp.GetRequiredService<StaffSurveyService>()));

    private static Task<T> WithReader<T>(TestDatabase db, Func<StaffSurveyReader, Task<T>> action) =>
        db.InScopeAsync(sp => action(sp.GetRequiredService<StaffSurveyReader>()));

    private static async Task<StaffSurvey> SurveyAsync(TestDatabase db, City city, bool several = true, bool send = true, string template = StaffSurveyTemplates.Business)
    {
        var survey = await WithService(db, s => s.CreateAsync(city.Dx, new SurveyInput
        {
            Title = "業務に対するアンケート",
            Instructions = "業務ごとに回答してください。",
            Schema = StaffSurveyTemplates.Find(template)!.Schema,
            Deadline = new DateOnly(2026, 4, 15),
            AllowsSeveralAnswers = several,
            UnitIds = [city.SoumuKa, city.ZaiseiKa, city.HishoKa],
        }));
        return send ? await WithService(db, s => s.SendAsync(city.Dx, survey.Id)) : survey;
    }

    private static JsonObject Business(string area = "庁内業務", string digital = "検討中") => new()
    {
        ["area"] = area,
        ["business"] = "起案文書の回議・決裁",
        ["issue"] = "紙で回しているため決裁まで日数がかかる。",
        ["digital"] = digital,
    };

    private static Task<int> AnswerCountAsync(TestDatabase db) => db.QueryAsync(d => d.StaffSurveyAnswers.CountAsync());

    [Theory, DatabaseData]
    public async Task Units_AreTheLowest課室局_AndA係MemberAnswersForItsUnit(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var units = await db.QueryAsync(d => SurveyUnits.LoadAsync(d));

        units.All.Select(u => u.Path).ShouldBe(["総務部/総務課", "総務部/財政課", "市民部/市民課", "企画振興部/DX戦略室", "市長公室/秘書広報課"], ignoreOrder: true);
        units.Find(city.ShichoKoshitsu).ShouldBeNull(); // 市長公室 has 秘書広報課 below it
        city.Jinji.Unit!.Id.ShouldBe(city.SoumuKa);
        city.Jinji.Unit.Division.ShouldBe("総務部");
        city.Dx.Unit!.Path.ShouldBe("企画振興部/DX戦略室");
    }

    [Theory, DatabaseData]
    public async Task Create_ByPlainStaff_IsRefused_AndNothingIsWritten(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);

        await Should.ThrowAsync<AccessDeniedException>(() => SurveyAsync(db, city with { Dx = city.Soumu }));
        (await db.QueryAsync(d => d.StaffSurveys.CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Send_NotifiesTheTargetUnitsMembers_ThenQuestionsAndTargetsAreFrozen(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var draft = await SurveyAsync(db, city, send: false);
        (await db.QueryAsync(d => d.Notifications.CountAsync(n => n.Kind == NotificationKinds.Survey))).ShouldBe(0);

        // A draft is not shown to the units.
        (await WithReader(db, r => r.VisibleAsync(city.Soumu, draft.Id))).ShouldBeNull();
        (await WithReader(db, r => r.ListForUnitAsync(city.Soumu, db.Clock.GetUtcNow()))).ShouldBeEmpty();

        await WithService(db, s => s.SendAsync(city.Dx, draft.Id));

        async Task<int> Notified(SurveyActor a) => await db.QueryAsync(d => d.Notifications.CountAsync(n => n.Kind == NotificationKinds.Survey && n.RecipientId == a.AccountId));
        (await Notified(city.Soumu)).ShouldBe(1);
        (await Notified(city.Jinji)).ShouldBe(1); // a 係 of a target unit
        (await Notified(city.Zaisei)).ShouldBe(1);
        (await Notified(city.Shimin)).ShouldBe(0); // not a target
        (await WithReader(db, r => r.ListForUnitAsync(city.Soumu, db.Clock.GetUtcNow()))).Single().State.ShouldBe(SurveyState.Open);

        await db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            var survey = await context.StaffSurveys.Include(s => s.Targets).SingleAsync(s => s.Id == draft.Id);
            Should.Throw<DomainException>(() => survey.Define("別の件名", "", survey.Schema(), survey.Deadline, false, db.Clock.GetUtcNow())).Code.ShouldBe("survey.sent");
            Should.Throw<DomainException>(() => survey.SetTargets([city.SoumuKa])).Code.ShouldBe("survey.sent");
            Should.Throw<DomainException>(() => survey.Send(db.Clock.GetUtcNow())).Code.ShouldBe("survey.already-sent");
            return 0;
        });
        (await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.SendAsync(city.Dx, draft.Id)))).Code.ShouldBe("survey.already-sent");
    }

    [Theory, DatabaseData]
    public async Task Answer_CountsForTheMembersUnit_OutsidersAreRefused_AndOthersAnswersStayHidden(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var survey = await SurveyAsync(db, city);

        var answer = await WithService(db, s => s.AnswerAsync(city.Jinji, survey.Id, Business()));
        answer.DepartmentId.ShouldBe(city.SoumuKa);
        await Should.ThrowAsync<AccessDeniedException>(() => WithService(db, s => s.AnswerAsync(city.Shimin, survey.Id, Business())));
        // Editing another unit's answer finds nothing.
        (await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.UpdateAnswerAsync(city.Zaisei, survey.Id, answer.Id, Business(digital: "実施済")))))
            .Code.ShouldBe("survey.answer-not-found");

        // 総務課 sees its own answer (written by its 係); 財政課 sees none; 市民課 cannot open the survey at all.
        (await WithReader(db, r => r.UnitAnswersAsync(survey.Id, city.Soumu.Unit!.Id))).Single().Id.ShouldBe(answer.Id);
        (await WithReader(db, r => r.UnitAnswersAsync(survey.Id, city.Zaisei.Unit!.Id))).ShouldBeEmpty();
        (await WithReader(db, r => r.VisibleAsync(city.Shimin, survey.Id))).ShouldBeNull();
        (await WithReader(db, r => r.ListForUnitAsync(city.Soumu, db.Clock.GetUtcNow()))).Single().Answers.ShouldBe(1);
        (await WithReader(db, r => r.ListForUnitAsync(city.Zaisei, db.Clock.GetUtcNow()))).Single().Answers.ShouldBe(0);

        // The unit corrects its answer.
        await WithService(db, s => s.UpdateAnswerAsync(city.Soumu, survey.Id, answer.Id, Business(digital: "実施済")));
        var stored = await db.QueryAsync(d => d.StaffSurveyAnswers.SingleAsync());
        JsonNode.Parse(stored.ValuesJson)!["digital"]!.GetValue<string>().ShouldBe("実施済");
        stored.UpdatedById.ShouldBe(city.Soumu.AccountId);
    }

    [Theory, DatabaseData]
    public async Task Answer_WithBadValues_IsRefusedByTheFormEngine_AndNothingIsWritten(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var survey = await SurveyAsync(db, city);

        var bad = new JsonObject { ["area"] = "その他", ["business"] = new string('業', 101), ["digital"] = "実施済" };
        var refused = await Should.ThrowAsync<SurveyAnswerInvalidException>(() => WithService(db, s => s.AnswerAsync(city.Soumu, survey.Id, bad)));

        refused.Errors.Keys.ShouldBe(["area", "business", "issue"], ignoreOrder: true);
        refused.Errors["issue"].ShouldContain("現状の課題");
        (await AnswerCountAsync(db)).ShouldBe(0);

        // A correction that breaks a required answer leaves the stored answer as it was.
        var answer = await WithService(db, s => s.AnswerAsync(city.Soumu, survey.Id, Business()));
        await Should.ThrowAsync<SurveyAnswerInvalidException>(() => WithService(db, s => s.UpdateAnswerAsync(city.Soumu, survey.Id, answer.Id, new JsonObject { ["area"] = "庁外業務" })));
        JsonNode.Parse((await db.QueryAsync(d => d.StaffSurveyAnswers.SingleAsync())).ValuesJson)!["area"]!.GetValue<string>().ShouldBe("庁内業務");
    }

    [Theory, DatabaseData]
    public async Task Answer_AfterCloseOrDeadline_OrTwiceWhenOnePerUnit_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var single = await SurveyAsync(db, city, several: false);
        var answer = await WithService(db, s => s.AnswerAsync(city.Soumu, single.Id, Business()));
        (await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.AnswerAsync(city.Jinji, single.Id, Business())))).Code.ShouldBe("survey.answered");

        await WithService(db, s => s.CloseAsync(city.Dx, single.Id));
        (await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.AnswerAsync(city.Zaisei, single.Id, Business())))).Code.ShouldBe("survey.closed");
        (await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.UpdateAnswerAsync(city.Soumu, single.Id, answer.Id, Business())))).Code.ShouldBe("survey.closed");
        (await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.CloseAsync(city.Dx, single.Id)))).Code.ShouldBe("survey.not-open");

        // Past its deadline (the end of 4/15, Tokyo) a survey is closed even if nobody closed it.
        var open = await SurveyAsync(db, city);
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 15, 14, 59, 0, TimeSpan.Zero)); // 23:59 in Tokyo
        await WithService(db, s => s.AnswerAsync(city.Zaisei, open.Id, Business()));
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 15, 15, 0, 0, TimeSpan.Zero));
        (await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.AnswerAsync(city.Zaisei, open.Id, Business())))).Code.ShouldBe("survey.closed");
        (await AnswerCountAsync(db)).ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Results_GiveTheResponseRatePerUnitAndDivision_AndCountTheChoices(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var survey = await SurveyAsync(db, city);
        await WithService(db, s => s.AnswerAsync(city.Soumu, survey.Id, Business("庁内業務", "実施済")));
        await WithService(db, s => s.AnswerAsync(city.Jinji, survey.Id, Business("庁外業務", "検討中")));
        var withRequest = Business("庁外業務", "実施済");
        withRequest["request"] = "電子申請の様式を課で作れるようにしてほしい。";
        await WithService(db, s => s.AnswerAsync(city.Hisho, survey.Id, withRequest));

        var results = (await WithReader(db, r => r.ResultsAsync(survey.Id, db.Clock.GetUtcNow())))!;

        results.Targets.ShouldBe(3);
        results.Answered.ShouldBe(2);
        results.Rate.ShouldBe(66.7m); // 2 of 3, half-up to one decimal
        results.TotalAnswers.ShouldBe(3);
        results.NotAnswered.Select(u => u.Unit.Path).ShouldBe(["総務部/財政課"]);
        results.Divisions.ShouldContain(new DivisionResult("総務部", 2, 1));
        results.Divisions.ShouldContain(new DivisionResult("市長公室", 1, 1));
        results.Divisions.Single(d => d.Name == "総務部").Rate.ShouldBe(50.0m);
        var area = results.Questions.Single(q => q.Field.Key == "area");
        area.Counts!.ShouldBe([new OptionCount("庁内業務", 1), new OptionCount("庁外業務", 2)]);
        results.Questions.Single(q => q.Field.Key == "digital").Counts!.ShouldBe([new OptionCount("実施済", 2), new OptionCount("検討中", 1), new OptionCount("未着手", 0)]);
        var requests = results.Questions.Single(q => q.Field.Key == "request");
        requests.Counts.ShouldBeNull();
        requests.Texts.ShouldBe([new TextAnswer("秘書広報課", "電子申請の様式を課で作れるようにしてほしい。")]);
        requests.Unanswered.ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Remind_NotifiesOnlyTheUnitsThatHaveNotAnswered(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var survey = await SurveyAsync(db, city);
        await WithService(db, s => s.AnswerAsync(city.Soumu, survey.Id, Business()));

        (await WithService(db, s => s.RemindAsync(city.Dx, survey.Id))).ShouldBe(2);

        async Task<int> Reminders(SurveyActor a) => await db.QueryAsync(d => d.Notifications.CountAsync(n => n.Kind == NotificationKinds.Survey && n.RecipientId == a.AccountId && n.Title.StartsWith("アンケートの督促")));
        (await Reminders(city.Soumu)).ShouldBe(0);
        (await Reminders(city.Jinji)).ShouldBe(0);
        (await Reminders(city.Zaisei)).ShouldBe(1);
        (await Reminders(city.Hisho)).ShouldBe(1);
        var results = (await WithReader(db, r => r.ResultsAsync(survey.Id, db.Clock.GetUtcNow())))!;
        results.NotAnswered.ShouldAllBe(u => u.ReminderCount == 1 && u.LastRemindedAt != null);
        await Should.ThrowAsync<AccessDeniedException>(() => WithService(db, s => s.RemindAsync(city.Soumu, survey.Id)));
    }

    [Theory, DatabaseData]
    public async Task DemoCity_HasTheSeedsSurvey_36Of38UnitsWith80InternalAnd92ExternalAnswers_AndAnOpenOne(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);
        await Bootstrapper.RunAsync(db.Services, demo: true, adminPassword: null);

        var surveys = await db.QueryAsync(d => d.StaffSurveys.OrderBy(s => s.Id).ToListAsync());
        surveys.Select(s => s.Title).ShouldBe(["業務に対するアンケート", "テレワーク実施状況調査"]);
        surveys[0].State.ShouldBe(SurveyState.Closed);
        surveys[1].State.ShouldBe(SurveyState.Open);

        var business = (await WithReader(db, r => r.ResultsAsync(surveys[0].Id, db.Clock.GetUtcNow())))!;
        business.Targets.ShouldBe(38);
        business.Answered.ShouldBe(36);
        business.Rate.ShouldBe(94.7m);
        business.NotAnswered.Select(u => u.Unit.Path).ShouldBe(["総務部/税務課", "総務部/危機管理課"], ignoreOrder: true);
        business.Questions.Single(q => q.Field.Key == "area").Counts!.ShouldBe([new OptionCount("庁内業務", 80), new OptionCount("庁外業務", 92)]);
        business.Questions.Single(q => q.Field.Key == "digital").Counts![0].ShouldBe(new OptionCount("実施済", 21));
        business.Questions.Single(q => q.Field.Key == "request").Texts.Count.ShouldBe(4);

        var telework = (await WithReader(db, r => r.ResultsAsync(surveys[1].Id, db.Clock.GetUtcNow())))!;
        telework.Targets.ShouldBe(38);
        telework.Answered.ShouldBe(15);
        telework.NotAnswered.Select(u => u.Unit.Path).ShouldContain("総務部/財政課");
        telework.NotAnswered.Select(u => u.Unit.Path).ShouldContain("企画振興部/DX戦略室");
        var units = await db.QueryAsync(d => SurveyUnits.LoadAsync(d));
        units.Default.Count.ShouldBe(38);
        _ = DemoCityData.DemoStaffLogin;
    }
}
