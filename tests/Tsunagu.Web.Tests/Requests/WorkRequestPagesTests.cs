using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Requests;
using Tsunagu.Core.Search;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Requests;

/// <summary>Asking, answering and completing a request with the pages' forms (no JavaScript) and with the API.</summary>
public abstract class WorkRequestPagesTests(TsunaguApp app)
{
    private sealed record Person(int Id, string Login, string Name);

    /// <summary>A staff member of a demo-city unit, with a position.</summary>
    private async Task<Person> StaffAsync(string purpose, string path, string position = "主事")
    {
        var login = Logins.Unique(purpose);
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tsunagu.Core.Data.AppDbContext>();
            var department = await db.Departments.Where(d => d.Path == path).Select(d => d.Id).SingleAsync();
            var positionId = await db.Positions.Where(p => p.Name == position).Select(p => p.Id).SingleAsync();
            await db.Users.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DepartmentId, department).SetProperty(a => a.PositionId, positionId));
        });
        return new Person(account.Id, login, account.DisplayName);
    }

    private Task<int> DepartmentAsync(string path) => app.QueryAsync(db => db.Departments.Where(d => d.Path == path).Select(d => d.Id).SingleAsync());

    private DateOnly Today => Clock.TokyoDate(app.Services.GetRequiredService<TimeProvider>().GetUtcNow());

    private static string Target(HttpResponseMessage response)
    {
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    private static int IdOf(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var path = Target(response);
        path.ShouldStartWith("/requests/");
        return int.Parse(path["/requests/".Length..].Split('?')[0], CultureInfo.InvariantCulture);
    }

    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    private static Task<HttpResponseMessage> ActAsync(TestBrowser browser, int id, string action, string? text = null) =>
        browser.SubmitAsync($"/requests/{id}", f => f.Action == $"/requests/{id}/act" && f.Hidden.TryGetValue("action", out var a) && a == action,
            text is null ? [] : [F("text", text)]);

    [Fact]
    public async Task Ask_Receive_Answer_Complete_WithThePages()
    {
        var requester = await StaffAsync("wr.req", "企画振興部/観光課");
        var target = await StaffAsync("wr.tgt", "産業建設部/商工課");
        var department = await DepartmentAsync("産業建設部/商工課");
        using var r = await app.SignedInAsync(requester.Login);

        var sent = await r.SubmitAsync("/requests/new", f => f.Handler == "work-request", [
            F("department", department.ToString(CultureInfo.InvariantCulture)), F("person", target.Login), F("subject", "商店街イベントの来場者数の提供"),
            F("details", "観光パンフレットに載せたいので、\n昨年の来場者数を教えてください。"), F("due", Today.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            F("priority", "high"), F("watchers", ""), F("command", "send")]);
        var id = IdOf(sent);
        var (page, text) = await r.GetTextAsync(Target(sent));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("依頼しました。");
        text.ShouldContain("依頼中");
        text.ShouldContain("昨年の来場者数を教えてください。");

        using var t = await app.SignedInAsync(target.Login);
        (await t.GetTextAsync("/requests")).Text.ShouldContain("商店街イベントの来場者数の提供");
        Target(await ActAsync(t, id, "receive")).ShouldBe($"/requests/{id}?done=receive");
        Target(await ActAsync(t, id, "answer", "昨年は約3,200人でした。")).ShouldBe($"/requests/{id}?done=answer");
        (await t.GetTextAsync($"/requests/{id}")).Text.ShouldContain("回答済");

        Target(await ActAsync(r, id, "complete", "助かりました。")).ShouldBe($"/requests/{id}?done=complete");
        var (_, final) = await r.GetTextAsync($"/requests/{id}");
        final.ShouldContain("完了");
        final.ShouldContain("昨年は約3,200人でした。");
        (await app.QueryAsync(db => db.Set<WorkRequest>().SingleAsync(x => x.Id == id))).State.ShouldBe(WorkRequestState.Completed);
    }

    [Fact]
    public async Task New_WithBadInput_Is400_WithJapaneseMessages_AndNothingIsSaved()
    {
        var requester = await StaffAsync("wr.bad", "企画振興部/観光課");
        var other = await StaffAsync("wr.bad.o", "市民部/環境課");
        var department = await DepartmentAsync("産業建設部/商工課");
        using var r = await app.SignedInAsync(requester.Login);
        var before = await app.QueryAsync(db => db.Set<WorkRequest>().CountAsync());

        var response = await r.SubmitAsync("/requests/new", f => f.Handler == "work-request", [
            F("department", department.ToString(CultureInfo.InvariantCulture)), F("person", other.Login), F("subject", "依頼"),
            F("due", Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), F("command", "send")]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("依頼できませんでした");
        (text.Contains("期限には今日以降の日付", StringComparison.Ordinal) || text.Contains("依頼先の部署(またはその中の係)", StringComparison.Ordinal)).ShouldBeTrue();
        (await app.QueryAsync(db => db.Set<WorkRequest>().CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Outsider_Gets403_OnThePageAndFile_404_InTheApi_AndFindsNothing()
    {
        var requester = await StaffAsync("wr.own", "企画振興部/観光課");
        var outsider = await StaffAsync("wr.out", "上下水道部/上水道課");
        var siblingChief = await StaffAsync("wr.sib", "産業建設部/建設課", "課長");
        var input = await new NewWorkRequest { Subject = "極秘の人事異動案の照会", Details = "内示前の資料です。" }.WithTarget(app);
        var id = await app.InScopeAsync(sp => sp.GetRequiredService<WorkRequestService>().CreateAsync(requester.Id, input));
        var file = await app.QueryAsync(db => db.Attachments.Where(a => a.Module == SearchModules.WorkRequest && a.OwnerKey == id.ToString(CultureInfo.InvariantCulture)).Select(a => a.Id).SingleAsync());

        foreach (var who in new[] { outsider, siblingChief })
        {
            using var browser = await app.SignedInAsync(who.Login);
            foreach (var path in new[] { $"/requests/{id}", $"/requests/attachments/{file}" })
            {
                var (response, text) = await browser.GetTextAsync(path);
                response.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
                text.ShouldNotContain("極秘の人事異動案");
                text.ShouldNotContain("内示前の資料");
            }

            (await browser.GetAsync($"/requests/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await browser.GetAsync("/requests/987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            foreach (var tab in new[] { "waiting", "asked", "watching", "all" })
            {
                (await browser.GetTextAsync($"/requests?tab={tab}")).Text.ShouldNotContain("極秘の人事異動案");
            }

            (await browser.GetTextAsync("/requests/board")).Text.ShouldNotContain("極秘の人事異動案");
            (await browser.GetTextAsync("/search?q=" + Uri.EscapeDataString("人事異動案"))).Text.ShouldNotContain("極秘の人事異動案");
            (await browser.GetTextAsync("/")).Text.ShouldNotContain("極秘の人事異動案");

            var token = await app.CreateTokenAsync(who.Login);
            using var api = app.ApiClient(token.Secret);
            (await api.GetAsync($"/api/v1/requests/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await api.GetStringAsync("/api/v1/requests?tab=all")).ShouldNotContain("極秘の人事異動案");
            (await api.PostAsJsonAsync($"/api/v1/requests/{id}/comments", new { text = "見えないはず" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await api.PostAsJsonAsync($"/api/v1/requests/{id}/actions", new { action = "receive" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        (await app.QueryAsync(db => db.Set<WorkRequest>().SingleAsync(x => x.Id == id))).State.ShouldBe(WorkRequestState.Open);
    }

    [Fact]
    public async Task Api_Create_Act_Comment_WithProblemsAndConflicts()
    {
        var requester = await StaffAsync("wr.api", "企画振興部/観光課");
        var target = await StaffAsync("wr.api.t", "産業建設部/商工課");
        var department = await DepartmentAsync("産業建設部/商工課");
        using var r = app.ApiClient((await app.CreateTokenAsync(requester.Login)).Secret);
        using var t = app.ApiClient((await app.CreateTokenAsync(target.Login)).Secret);

        var bad = await r.PostAsJsonAsync("/api/v1/requests", new { subject = "", toDepartmentId = department });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("件名");
        (await r.PostAsJsonAsync("/api/v1/requests", new { subject = "件名", toDepartmentId = department, priority = "urgent" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await r.PostAsJsonAsync("/api/v1/requests", new { subject = "件名", toDepartmentId = department, toAccountId = requester.Id })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var created = await r.PostAsJsonAsync("/api/v1/requests", new { subject = "API からの依頼", details = "自動化のテスト", toDepartmentId = department, toAccountId = target.Id, dueDate = Today.AddDays(3) });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var dto = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = dto.GetProperty("id").GetInt32();
        var version = dto.GetProperty("version").GetInt32();
        dto.GetProperty("state").GetString().ShouldBe("open");

        (await r.PostAsJsonAsync($"/api/v1/requests/{id}/actions", new { action = "receive", version })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await t.PostAsJsonAsync($"/api/v1/requests/{id}/actions", new { action = "fly", version })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var received = await t.PostAsJsonAsync($"/api/v1/requests/{id}/actions", new { action = "receive", version });
        received.StatusCode.ShouldBe(HttpStatusCode.OK);
        var stale = await t.PostAsJsonAsync($"/api/v1/requests/{id}/actions", new { action = "answer", text = "回答", version });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("他の人が先に");
        var now = (await received.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        (await t.PostAsJsonAsync($"/api/v1/requests/{id}/actions", new { action = "answer", text = "", version = now })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await t.PostAsJsonAsync($"/api/v1/requests/{id}/actions", new { action = "answer", text = "対応しました", version = now })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await r.PostAsJsonAsync($"/api/v1/requests/{id}/comments", new { text = "確認します" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await r.PostAsJsonAsync($"/api/v1/requests/{id}/actions", new { action = "complete" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var got = await r.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{id}");
        got.GetProperty("state").GetString().ShouldBe("completed");
        got.GetProperty("history").GetArrayLength().ShouldBe(5);
        var mine = await r.GetFromJsonAsync<JsonElement>("/api/v1/requests?tab=asked&state=completed");
        mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ShouldContain(id);
        (await r.GetAsync("/api/v1/requests?tab=nope")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Demo_MoriyaSeesWaitingRequests_InTheWidgetAndTheBoard()
    {
        using var m = await app.SignedInAsync("moriya.misaki");
        var (portal, text) = await m.GetTextAsync("/");
        portal.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("依頼: 対応待ち");
        text.ShouldContain("電子決裁の利用状況に関する照会");
        var (board, boardText) = await m.GetTextAsync("/requests/board");
        board.StatusCode.ShouldBe(HttpStatusCode.OK);
        boardText.ShouldContain("予算資料の提出依頼");
        (await m.GetTextAsync("/requests?tab=watching")).Text.ShouldContain("防災アプリ導入の予算相談");
        (await m.GetAsync("/requests/board?department=987654")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

internal static class NewWorkRequestExtensions
{
    /// <summary>Aims the request at 産業建設部/商工課 with a file attached.</summary>
    public static async Task<NewWorkRequest> WithTarget(this NewWorkRequest input, TsunaguApp app)
    {
        var department = await app.QueryAsync(db => db.Departments.Where(d => d.Path == "産業建設部/商工課").Select(d => d.Id).SingleAsync());
        return input with { ToDepartmentId = department, Files = [new WorkRequestFile("内示案.txt", "text/plain", new MemoryStream("内示前の資料です。人事異動案"u8.ToArray()))] };
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class WorkRequestPagesTests_Sqlite(SqliteDemoCity app) : WorkRequestPagesTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class WorkRequestPagesTests_PostgreSql(PostgreSqlDemoCity app) : WorkRequestPagesTests(app);
