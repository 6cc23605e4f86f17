using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Web.Tests.Approvals;
using Tsunagu.Web.Tests.Infrastructure;
using Tsunagu.Web.Tests.Schedules.Api;

namespace Tsunagu.Web.Tests.Api;

/// <summary>/api/v1/forms and /api/v1/approval-requests: the same rules as the pages, answered as JSON and problem details.</summary>
public abstract class ApprovalApiTests(InboxCity app)
{
    private const string Requests = "/api/v1/approval-requests";

    private sealed record Route(ApiCaller Applicant, ApiCaller First, ApiCaller Second, ApiCaller Final, ApiCaller Outsider, string Form) : IDisposable
    {
        public void Dispose()
        {
            Applicant.Dispose();
            First.Dispose();
            Second.Dispose();
            Final.Dispose();
            Outsider.Dispose();
        }
    }

    private async Task<Route> RouteAsync()
    {
        var applicant = await ApiCaller.CreateAsync(app, "api-app");
        var first = await ApiCaller.CreateAsync(app, "api-first");
        var second = await ApiCaller.CreateAsync(app, "api-second");
        var final = await ApiCaller.CreateAsync(app, "api-final");
        var outsider = await ApiCaller.CreateAsync(app, "api-out");
        var form = await app.NewFormAsync(InboxCity.Unique("物品購入"), [first.Id, second.Id], final.Id);
        return new Route(applicant, first, second, final, outsider, form);
    }

    private static async Task<int> CreateAsync(ApiCaller caller, string form, string subject, bool submit = true, long amount = 30000)
    {
        var response = await caller.PostAsync(Requests, new { form, values = new { subject, amount }, submit, comment = "よろしくお願いします" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await ApiCaller.ReadAsync(response)).GetProperty("id").GetInt32();
    }

    private static Task<HttpResponseMessage> ActAsync(ApiCaller caller, int id, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ApiCaller.Url($"{Requests}/{Id(id)}/actions")) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return caller.Client.SendAsync(request);
    }

    [Fact]
    public async Task Forms_ListsActiveForms_AndOneWithSchemaAndRoute()
    {
        using var route = await RouteAsync();

        var forms = await route.Applicant.JsonAsync("/api/v1/forms");
        var mine = forms.EnumerateArray().Single(f => f.GetProperty("code").GetString() == route.Form);
        mine.GetProperty("category").GetString().ShouldBe("試験");
        mine.GetProperty("version").GetInt32().ShouldBe(1);

        var form = await route.Applicant.JsonAsync($"/api/v1/forms/{route.Form}");
        form.GetProperty("schema").GetProperty("fields")[0].GetProperty("key").GetString().ShouldBe("subject");
        form.GetProperty("route").GetProperty("steps").GetArrayLength().ShouldBe(2);
        form.GetProperty("retention").GetString().ShouldBe("5年");
        await ApiCaller.ProblemAsync(await route.Applicant.GetAsync("/api/v1/forms/no-such-form"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateAndSubmit_Returns201WithLocation_ListsInTabs_AndReadsBackWithStepsAndHistory()
    {
        using var route = await RouteAsync();
        var subject = InboxCity.Unique("トナーの購入");

        var response = await route.Applicant.PostAsync(Requests, new { form = route.Form, values = new { subject, amount = 45000 }, submit = true, comment = "至急" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        location.ShouldStartWith($"{Requests}/");
        var created = await ApiCaller.ReadAsync(response);
        created.GetProperty("status").GetString().ShouldBe("in-progress");
        var detail = await route.Applicant.JsonAsync(location);
        detail.GetProperty("title").GetString().ShouldBe(subject);
        detail.GetProperty("amount").GetInt64().ShouldBe(45000);
        detail.GetProperty("values").GetProperty("subject").GetString().ShouldBe(subject);
        detail.GetProperty("steps")[0].GetProperty("name").GetString().ShouldBe("係長");
        detail.GetProperty("steps")[0].GetProperty("status").GetString().ShouldBe("active");
        detail.GetProperty("history")[0].GetProperty("action").GetString().ShouldBe("submit");
        detail.GetProperty("history")[0].GetProperty("comment").GetString().ShouldBe("至急");

        var mine = await route.Applicant.JsonAsync($"{Requests}?tab=mine");
        mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ShouldContain(subject);
        var waiting = await route.First.JsonAsync($"{Requests}?tab=waiting");
        waiting.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ShouldContain(subject);
        var found = await route.First.JsonAsync($"{Requests}?form={route.Form}&min=40000");
        found.GetProperty("total").GetInt32().ShouldBe(1);
        var outsiders = await route.Outsider.JsonAsync($"{Requests}?form={route.Form}");
        outsiders.GetProperty("total").GetInt32().ShouldBe(0);
        (await route.Outsider.JsonAsync($"{Requests}?tab=waiting")).GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Get_ByAnOutsider_IsNotFound_LikeARequestThatDoesNotExist_AndShowsNothing()
    {
        using var route = await RouteAsync();
        var subject = InboxCity.Unique("秘密の申請");
        var id = await CreateAsync(route.Applicant, route.Form, subject);

        var hidden = await route.Outsider.GetAsync($"{Requests}/{Id(id)}");
        var text = await hidden.Content.ReadAsStringAsync();
        var missing = await ApiCaller.ProblemAsync(await route.Outsider.GetAsync($"{Requests}/987654321"), HttpStatusCode.NotFound);

        var problem = await ApiCaller.ProblemAsync(hidden, HttpStatusCode.NotFound);
        problem.GetProperty("title").GetString().ShouldBe(missing.GetProperty("title").GetString());
        Html.Readable(text).ShouldNotContain(subject);
        var acted = await ActAsync(route.Outsider, id, new { action = "approve" });
        await ApiCaller.ProblemAsync(acted, HttpStatusCode.NotFound);
        (await route.First.GetAsync($"{Requests}/{Id(id)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Actions_ApproveThroughToDecision_SendBack_AndWithdraw()
    {
        using var route = await RouteAsync();
        var approved = await CreateAsync(route.Applicant, route.Form, InboxCity.Unique("承認される申請"));
        var returned = await CreateAsync(route.Applicant, route.Form, InboxCity.Unique("差し戻される申請"));

        var first = await ActAsync(route.First, approved, new { action = "approve", comment = "確認しました" });
        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        (await ApiCaller.ReadAsync(first)).GetProperty("status").GetString().ShouldBe("in-progress");
        var decided = await ApiCaller.ReadAsync(await ActAsync(route.Final, approved, new { action = "approve" }));
        decided.GetProperty("status").GetString().ShouldBe("approved");
        (await route.Applicant.JsonAsync($"{Requests}/{Id(approved)}")).GetProperty("decidedAt").ValueKind.ShouldBe(JsonValueKind.String);

        var sentBack = await ApiCaller.ReadAsync(await ActAsync(route.Second, returned, new { action = "send-back", comment = "金額を確認してください", target = "applicant" }));
        sentBack.GetProperty("status").GetString().ShouldBe("sent-back");
        var withdrawn = await ApiCaller.ReadAsync(await ActAsync(route.Applicant, returned, new { action = "withdraw", comment = "取り下げます" }));
        withdrawn.GetProperty("status").GetString().ShouldBe("withdrawn");
        var history = (await route.Applicant.JsonAsync($"{Requests}/{Id(returned)}")).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        history.ShouldBe(["submit", "send-back", "withdraw"]);
    }

    [Fact]
    public async Task Create_WithInvalidValues_Is400ValidationProblem_WithErrorsPerField_AndSavesNothing()
    {
        using var route = await RouteAsync();
        var before = await app.QueryAsync(db => db.ApprovalRequests.CountAsync());

        var response = await route.Applicant.PostAsync(Requests, new { form = route.Form, values = new { amount = "たくさん" }, submit = true });

        var problem = await ApiCaller.ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        errors.GetProperty("subject")[0].GetString().ShouldNotBeNullOrWhiteSpace();
        errors.GetProperty("amount")[0].GetString().ShouldNotBeNullOrWhiteSpace();
        (await app.QueryAsync(db => db.ApprovalRequests.CountAsync())).ShouldBe(before);

        await ApiCaller.ProblemAsync(await route.Applicant.PostAsync(Requests, new { form = "no-such-form", values = new { subject = "x" } }), HttpStatusCode.BadRequest);
        await ApiCaller.ProblemAsync(await route.Applicant.PostRawAsync(Requests, "{\"form\": "), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UnknownAction_Is400()
    {
        using var route = await RouteAsync();
        var id = await CreateAsync(route.Applicant, route.Form, InboxCity.Unique("申請"));

        var problem = await ApiCaller.ProblemAsync(await ActAsync(route.First, id, new { action = "stamp" }), HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("approval.unknown-action");
        await ApiCaller.ProblemAsync(await ActAsync(route.First, id, new { action = "send-back", target = "mayor" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task IdempotencyKey_RepeatedApprove_IsAppliedOnce_AndAnswersTheSameState()
    {
        using var route = await RouteAsync();
        var id = await CreateAsync(route.Applicant, route.Form, InboxCity.Unique("二重送信"));
        var key = Guid.NewGuid().ToString("N");

        var once = await ActAsync(route.First, id, new { action = "approve" }, key);
        var again = await ActAsync(route.First, id, new { action = "approve" }, key);

        once.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        var repeated = await ApiCaller.ReadAsync(again);
        repeated.GetProperty("status").GetString().ShouldBe((await ApiCaller.ReadAsync(once)).GetProperty("status").GetString());
        repeated.GetProperty("alreadyApplied").GetBoolean().ShouldBeTrue();
        (await app.QueryAsync(db => db.ApprovalActions.CountAsync(a => a.RequestId == id && a.Kind == Tsunagu.Core.Approvals.ActionKind.Approve))).ShouldBe(1);
        // Without the key the same approval is refused: the step has moved on.
        (await ActAsync(route.First, id, new { action = "approve" })).StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ConcurrentApprove_OneSucceeds_TheOtherIs409()
    {
        using var route = await RouteAsync();
        var id = await CreateAsync(route.Applicant, route.Form, InboxCity.Unique("同時承認"));

        app.Gate.Arm(2);
        HttpResponseMessage[] answers;
        try
        {
            answers = await Task.WhenAll(
                ActAsync(route.First, id, new { action = "approve" }),
                ActAsync(route.Second, id, new { action = "approve" }));
        }
        finally
        {
            app.Gate.Disarm();
        }

        answers.Select(a => a.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict], ignoreOrder: true);
        await ApiCaller.ProblemAsync(answers.Single(a => a.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
        (await app.QueryAsync(db => db.ApprovalActions.CountAsync(a => a.RequestId == id && a.Kind == Tsunagu.Core.Approvals.ActionKind.Approve))).ShouldBe(1);
    }

    [Fact]
    public async Task OpenApi_DescribesTheFormsAndRequestEndpoints_WithTheirBodies()
    {
        using var caller = await ApiCaller.CreateAsync(app, "api-doc");

        var document = await caller.JsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        paths.TryGetProperty("/api/v1/forms", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/forms/{code}", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/approval-requests", out var requests).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/approval-requests/{id}", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/approval-requests/{id}/actions", out var actions).ShouldBeTrue();
        requests.GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _).ShouldBeTrue();
        actions.GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _).ShouldBeTrue();
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}

public sealed class ApprovalApiTests_Sqlite(SqliteInboxCity app) : ApprovalApiTests(app), IClassFixture<SqliteInboxCity>;

public sealed class ApprovalApiTests_PostgreSql(PostgreSqlInboxCity app) : ApprovalApiTests(app), IClassFixture<PostgreSqlInboxCity>;
