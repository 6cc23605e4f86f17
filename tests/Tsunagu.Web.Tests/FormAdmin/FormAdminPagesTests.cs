using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Features.FormAdmin;
using Tsunagu.Web.Resources;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.FormAdmin;

/// <summary>A city with only its administrator; each test creates the forms it needs under a code of its own.</summary>
public abstract class FormAdminCity(DatabaseKind kind) : TsunaguApp(kind, demo: false)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Tsunagu:AdminPassword"] = Password;
}

public sealed class SqliteFormAdminCity() : FormAdminCity(DatabaseKind.Sqlite);

public sealed class PostgreSqlFormAdminCity() : FormAdminCity(DatabaseKind.PostgreSql);

/// <summary>
/// The form designer's pages over HTTP (list, export, import as a browser without JavaScript uses them) and the
/// designer island's model turned into a saved version.
/// </summary>
public abstract class FormAdminPagesTests(FormAdminCity app)
{
    private const string AdminLogin = "admin";

    [Fact]
    public async Task List_AsAdministrator_ShowsTheFormWithVersionAndRetention()
    {
        var code = NewCode();
        await SaveAsync(Design(code, "物品購入伺"));
        using var browser = await app.SignedInAsync(AdminLogin);

        var (response, text) = await browser.GetTextAsync("/admin/forms");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("様式の管理");
        text.ShouldContain("物品購入伺");
        text.ShouldContain(code);
        text.ShouldContain("第1版");
        text.ShouldContain("5年");
        text.ShouldContain($"/admin/forms/{code}/export.json");
        text.ShouldContain("JSON読み込み");
    }

    [Fact]
    public async Task List_Designer_AndExport_AsOrdinaryStaff_Are403()
    {
        var code = NewCode();
        await SaveAsync(Design(code, "秘密の様式名"));
        var login = Logins.Unique("formstaff");
        await app.CreateAccountAsync(login, Roles.Staff);
        using var browser = await app.SignedInAsync(login);

        foreach (var path in new[] { "/admin/forms", "/admin/forms/new", $"/admin/forms/{code}", $"/admin/forms/{code}/export.json" })
        {
            var (response, text) = await browser.GetTextAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            text.ShouldNotContain("秘密の様式名");
        }
    }

    [Fact]
    public async Task Designer_ForAnExistingForm_IsPrerenderedWithItsFieldsAndRoute()
    {
        var code = NewCode();
        await SaveAsync(Design(code, "出張伺"));
        using var browser = await app.SignedInAsync(AdminLogin);

        var (response, text) = await browser.GetTextAsync($"/admin/forms/{code}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("基本設定");
        text.ShouldContain("回付ルート");
        text.ShouldContain("「件名」を上へ移動");
        text.ShouldContain("金額(円)");
        text.ShouldContain("問題はありません");
        (await browser.GetAsync("/admin/forms/new")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Export_ReturnsJsonThatImportsBackToTheSameDesign()
    {
        var code = NewCode();
        await SaveAsync(Design(code, "研修受講申請"));
        using var browser = await app.SignedInAsync(AdminLogin);

        var response = await browser.GetAsync($"/admin/forms/{code}/export.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe($"{code}.json");
        var json = await response.Content.ReadAsStringAsync();
        var imported = FormAdminService.Import(json);
        imported.Code.ShouldBe(code);
        imported.Name.ShouldBe("研修受講申請");
        imported.Schema.ToJson().ShouldBe(Design(code, "研修受講申請").Schema.ToJson());
        imported.Route.ToJson().ShouldBe(Design(code, "研修受講申請").Route.ToJson());
        FormAdminService.Export(imported).ShouldBe(json);
    }

    [Fact]
    public async Task Import_OfABrokenForm_ShowsEveryProblem_AndWritesNothing()
    {
        var before = await CountsAsync();
        var broken = JsonNode.Parse(FormAdminService.Export(Design("Bad Code!", "")))!.AsObject();
        broken["route"]!["steps"]![1]!["kind"] = "approval";
        using var browser = await app.SignedInAsync(AdminLogin);

        var (response, text) = await ImportAsync(browser, broken.ToJsonString(), "broken.json");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain("「broken.json」は読み込めませんでした");
        text.ShouldContain("様式コードは英小文字・数字");
        text.ShouldContain("様式名は1〜");
        text.ShouldContain("最後の段階は「決裁」にしてください");
        var after = await CountsAsync();
        after.ShouldBe(before);

        var (notJson, notJsonText) = await ImportAsync(browser, "{ not json", "oops.json");
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        notJsonText.ShouldContain("様式の JSON を読めません");
    }

    [Fact]
    public async Task Import_OfAChangedForm_CreatesANewVersion_AndFiledRequestsKeepTheirVersion()
    {
        var code = NewCode();
        var v1 = await SaveAsync(Design(code, "物品購入伺"));
        var adminId = await app.AccountIdAsync(AdminLogin);
        var request = await app.InScopeAsync(sp => sp.GetRequiredService<ApprovalService>().SaveAsync(
            new ApprovalViewer(adminId, AdminLogin, IsAdministrator: true),
            new SaveRequest(code, null, new JsonObject { ["title"] = "コピー用紙の購入", ["amount"] = 12000 })));
        var versionBefore = request.FormVersionId;
        var changed = JsonNode.Parse(FormAdminService.Export(Design(code, "物品購入伺")))!.AsObject();
        changed["schema"]!["fields"]!.AsArray().Add(new JsonObject { ["key"] = "reason", ["label"] = "購入理由", ["type"] = "multiLine" });
        using var browser = await app.SignedInAsync(AdminLogin);

        var (response, text) = await ImportAsync(browser, changed.ToJsonString(), $"{code}.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("「物品購入伺」をバージョン 2 として保存しました");
        var versions = await app.QueryAsync(db => db.FormVersions.Where(v => v.FormDefinitionId == v1.Id).OrderBy(v => v.Number).ToListAsync());
        versions.Select(v => v.Number).ShouldBe([1, 2]);
        versions[1].SchemaJson.ShouldContain("購入理由");
        (await app.QueryAsync(db => db.ApprovalRequests.Where(r => r.Id == request.Id).Select(r => r.FormVersionId).SingleAsync())).ShouldBe(versionBefore);
        versionBefore.ShouldBe(versions[0].Id);
        (await app.QueryAsync(db => db.FormDefinitions.Where(f => f.Code == code).Select(f => f.CurrentVersion).SingleAsync())).ShouldBe(2);
    }

    [Fact]
    public async Task Designer_AddingAFieldAndAStepCondition_SavesANewVersionWhoseRouteHasTheCondition()
    {
        var code = NewCode();
        await SaveAsync(Design(code, "委託契約伺"));
        var t = app.Services.GetRequiredService<IStringLocalizer<FormDesignerText>>();
        var model = DesignerModel.From(await app.InScopeAsync(sp => sp.GetRequiredService<FormAdminService>().LoadAsync(code)));

        var total = model.NewField(FieldType.Currency);
        total.Key = "total";
        total.Label = "合計";
        model.Fields.Add(total);
        var director = model.NewStep();
        director.Name = "部長";
        director.Assignees.Add(new AssigneeModel(model.NextId()) { Kind = AssigneeKind.ApplicantSuperior, Position = "部長" });
        director.When.Any = false;
        director.When.Rows.Add(new ConditionRow(model.NextId()) { Field = "total", Op = ConditionOp.Gte, Value = "500,000" });
        director.When.Rows.Add(new ConditionRow(model.NextId()) { Field = "title", Op = ConditionOp.NotEmpty });
        model.Steps.Insert(1, director);
        model.Problems(t).ShouldBeEmpty();
        var (design, inputProblems) = model.ToDesign(t);
        inputProblems.ShouldBeEmpty();
        var saved = await SaveAsync(design);

        saved.CurrentVersion.ShouldBe(2);
        var route = await app.QueryAsync(db => db.FormVersions.Where(v => v.FormDefinitionId == saved.Id && v.Number == 2).Select(v => v.RouteJson).SingleAsync());
        var when = RouteDefinition.FromJson(route).Steps[1].ParseWhen().ShouldBeOfType<AllCondition>();
        when.Conditions.Count.ShouldBe(2);
        var amount = when.Conditions[0].ShouldBeOfType<FieldCondition>();
        amount.Field.ShouldBe("total");
        amount.Op.ShouldBe(ConditionOp.Gte);
        amount.Value!.GetValue<decimal>().ShouldBe(500000m);

        // Reopened, the designer shows the same rows again, editable.
        var reopened = DesignerModel.From(await app.InScopeAsync(sp => sp.GetRequiredService<FormAdminService>().LoadAsync(code)));
        reopened.Steps[1].When.Fixed.ShouldBeNull();
        reopened.Steps[1].When.Rows.Select(r => (r.Field, r.Op)).ShouldBe([("total", ConditionOp.Gte), ("title", ConditionOp.NotEmpty)]);
        reopened.ToDesign(t).Design.Route.ToJson().ShouldBe(design.Route.ToJson());
    }

    [Fact]
    public void DesignerModel_ReportsUnreadableNumbersAndIncompleteConditions_InJapanese()
    {
        var t = app.Services.GetRequiredService<IStringLocalizer<FormDesignerText>>();
        var model = DesignerModel.From(Design("numbers", "数値"));
        model.Fields[0].MaxLength = "たくさん";
        model.Steps[0].When.Rows.Add(new ConditionRow(model.NextId()));

        var problems = model.Problems(t);

        problems.ShouldContain(p => p.Contains("最大文字数", StringComparison.Ordinal) && p.Contains("整数", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("条件の項目を選んでください", StringComparison.Ordinal));
    }

    private Task<(int Forms, int Versions)> CountsAsync() =>
        app.QueryAsync(async db => (await db.FormDefinitions.CountAsync(), await db.FormVersions.CountAsync()));

    private static string NewCode() => "f" + Guid.NewGuid().ToString("N")[..12];

    private static FormDesign Design(string code, string name) => new(
        code,
        name,
        "財務",
        "物品の購入に使います。",
        RetentionClass.FiveYears,
        new FormSchema
        {
            Fields =
            [
                new FormField { Key = "title", Label = "件名", Type = FieldType.Text, Required = true },
                new FormField { Key = "amount", Label = "金額", Type = FieldType.Currency, Min = 0 },
            ],
            TitleField = "title",
            AmountField = "amount",
        },
        new RouteDefinition
        {
            Steps =
            [
                new RouteStepDefinition { Name = "課長", Kind = StepKind.Approval, Assignees = [new AssigneeRule { Kind = AssigneeKind.ApplicantSuperior, Position = "課長" }] },
                new RouteStepDefinition { Name = "決裁", Kind = StepKind.Final, Assignees = [new AssigneeRule { Kind = AssigneeKind.ApplicantSuperior, Position = "部長" }] },
            ],
        });

    private Task<FormDefinition> SaveAsync(FormDesign design) =>
        app.InScopeAsync(sp => sp.GetRequiredService<FormAdminService>().SaveAsync(Actor.System, design));

    private static async Task<(HttpResponseMessage Response, string Text)> ImportAsync(TestBrowser browser, string json, string fileName)
    {
        var page = await browser.GetAsync("/admin/forms");
        var form = Html.Forms(await page.Content.ReadAsStringAsync()).Single(f => f.Handler == "import");
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in form.Hidden)
        {
            content.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Add(file, "file", fileName);
        var response = await browser.Client.PostAsync(new Uri("/admin/forms", UriKind.Relative), content);
        return (response, Html.Readable(await response.Content.ReadAsStringAsync()));
    }
}

public sealed class FormAdminPagesTests_Sqlite(SqliteFormAdminCity app) : FormAdminPagesTests(app), IClassFixture<SqliteFormAdminCity>;

public sealed class FormAdminPagesTests_PostgreSql(PostgreSqlFormAdminCity app) : FormAdminPagesTests(app), IClassFixture<PostgreSqlFormAdminCity>;
