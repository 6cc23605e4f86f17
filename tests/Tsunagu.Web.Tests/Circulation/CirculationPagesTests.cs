using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core;
using Tsunagu.Core.Circulation;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Circulation;

/// <summary>Sending, confirming and following a circulation with the pages' forms, as a person without JavaScript does.</summary>
public abstract class CirculationPagesTests(TsunaguApp app)
{
    private sealed record Person(int Id, string Login, string Name);

    /// <summary>A staff member in the demo city's 企画振興部/企画政策課 (a unit the tests do not send to as a whole).</summary>
    private async Task<Person> StaffAsync(string purpose)
    {
        var login = Logins.Unique(purpose);
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tsunagu.Core.Data.AppDbContext>();
            var department = await db.Departments.Where(d => d.Path == "企画振興部/企画政策課").Select(d => d.Id).SingleAsync();
            await db.Users.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DepartmentId, department));
        });
        return new Person(account.Id, login, account.DisplayName);
    }

    private DateOnly Today => Clock.TokyoDate(app.Services.GetRequiredService<TimeProvider>().GetUtcNow());

    private string Due(int days) => Today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private List<KeyValuePair<string, string>> Filled(string title, string recipients, string mode = "all", string command = "send") =>
    [
        new("title", title),
        new("body", "来週月曜から庁舎東側駐車場が工事のため使えません。\n西側をご利用ください。"),
        new("mode", mode),
        new("due", Due(7)),
        new("recipients", recipients),
        new("command", command),
    ];

    private static int IdOf(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var path = Target(response);
        path.ShouldStartWith("/circulations/");
        return int.Parse(path["/circulations/".Length..].Split('?')[0], CultureInfo.InvariantCulture);
    }

    private static string Target(HttpResponseMessage response)
    {
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    private static async Task<HttpResponseMessage> PostOnPageAsync(TestBrowser browser, int id, string action, params KeyValuePair<string, string>[] fields) =>
        await browser.SubmitAsync($"/circulations/{id}", f => f.Action == $"/circulations/{id}/{action}", fields);

    [Fact]
    public async Task Send_Confirm_AndTheSenderSeesWhoConfirmedWhen()
    {
        var sender = await StaffAsync("cp.snd");
        var first = await StaffAsync("cp.one");
        var second = await StaffAsync("cp.two");
        using var s = await app.SignedInAsync(sender.Login);

        var sent = await s.SubmitAsync("/circulations/new", f => f.Handler == "circulation", Filled("駐車場工事のお知らせ", $"{first.Login}\n{second.Name}", mode: "order"));

        var id = IdOf(sent);
        var (page, text) = await s.GetTextAsync(Target(sent));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("回覧を開始しました。");
        text.ShouldContain("0 / 2 確認済");
        text.ShouldContain("順番");

        // The second is not yet on turn: no confirm form for them, and a forged post is refused.
        using var b = await app.SignedInAsync(second.Login);
        (await b.GetTextAsync($"/circulations/{id}")).Text.ShouldContain("あなたの順番になったらお知らせします");

        using var a = await app.SignedInAsync(first.Login);
        var (waiting, waitingText) = await a.GetTextAsync("/circulations");
        waiting.StatusCode.ShouldBe(HttpStatusCode.OK);
        waitingText.ShouldContain("駐車場工事のお知らせ");
        var confirmed = await PostOnPageAsync(a, id, "confirm", new KeyValuePair<string, string>("comment", "西側を使います。"));
        confirmed.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        Target(confirmed).ShouldBe($"/circulations/{id}?done=confirmed");

        var done = await PostOnPageAsync(b, id, "confirm");
        Target(done).ShouldBe($"/circulations/{id}?done=completed");

        var (_, final) = await s.GetTextAsync($"/circulations/{id}");
        final.ShouldContain("2 / 2 確認済");
        final.ShouldContain("完了");
        final.ShouldContain("西側を使います。");
        final.ShouldContain(first.Name);
        var stored = await app.QueryAsync(db => db.Set<Circular>().Include(c => c.Recipients).SingleAsync(c => c.Id == id));
        var stamp = Clock.ToTokyo(stored.Recipients.Single(r => r.AccountId == first.Id).ConfirmedAt!.Value).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);
        final.ShouldContain(stamp);
    }

    [Fact]
    public async Task Outsiders_SeeNothing_OnTheirLists_TheDetail_TheFiles_OrSearch()
    {
        var sender = await StaffAsync("cp.own");
        var recipient = await StaffAsync("cp.rec");
        var outsider = await StaffAsync("cp.out");
        var id = await app.InScopeAsync(async sp =>
        {
            var c = await sp.GetRequiredService<CirculationService>().SendAsync(new CirculationViewer(sender.Id, sender.Name),
                new NewCircular("極秘人事異動内示の回覧", "内示の詳細は添付のとおり。", CircularMode.AllAtOnce, Today.AddDays(7), recipient.Login)
                {
                    Files = [new CircularFile("内示一覧.txt", "text/plain", new MemoryStream("内示対象者一覧 くろしお"u8.ToArray()))],
                });
            return c.Id;
        });
        var fileId = await app.QueryAsync(db => db.Attachments.Where(x => x.Module == "circulation" && x.OwnerKey == id.ToString(CultureInfo.InvariantCulture)).Select(x => x.Id).SingleAsync());

        using var insider = await app.SignedInAsync(recipient.Login);
        (await insider.GetTextAsync($"/circulations/{id}")).Text.ShouldContain("極秘人事異動内示の回覧");
        (await insider.GetAsync($"/circulations/attachments/{fileId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await insider.GetTextAsync("/search?q=" + Uri.EscapeDataString("くろしお"))).Text.ShouldContain("内示一覧.txt");

        using var o = await app.SignedInAsync(outsider.Login);
        var (detail, detailText) = await o.GetTextAsync($"/circulations/{id}");
        detail.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        detailText.ShouldNotContain("極秘");
        (await o.GetAsync($"/circulations/attachments/{fileId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var tab in new[] { "waiting", "received", "sent" })
        {
            (await o.GetTextAsync($"/circulations?tab={tab}")).Text.ShouldNotContain("極秘");
        }

        foreach (var q in new[] { "極秘人事異動", "くろしお", "内示" })
        {
            var (_, found) = await o.GetTextAsync("/search?q=" + Uri.EscapeDataString(q));
            found.ShouldNotContain("内示の回覧");
            found.ShouldNotContain("内示一覧.txt");
        }

        // A forged confirmation with a token from the outsider's own page: as if there were no such circulation.
        var form = Html.Forms(await (await o.GetAsync("/circulations/new")).Content.ReadAsStringAsync()).First(f => f.Hidden.ContainsKey("__RequestVerificationToken"));
        using var content = new FormUrlEncodedContent(form.Hidden.Where(h => h.Key == "__RequestVerificationToken"));
        (await o.Client.PostAsync(new Uri($"/circulations/{id}/confirm", UriKind.Relative), content)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.Set<CircularRecipient>().CountAsync(r => r.CircularId == id && r.ConfirmedAt != null))).ShouldBe(0);
    }

    [Fact]
    public async Task Send_WithBadInput_Is400_WithJapaneseMessages_AndWritesNothing()
    {
        var sender = await StaffAsync("cp.bad");
        using var s = await app.SignedInAsync(sender.Login);

        var response = await s.SubmitAsync("/circulations/new", f => f.Handler == "circulation", Filled("", "存在しない誰か\n" + sender.Login));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        var text = Html.Readable(html);
        text.ShouldContain("件名を入力してください。");
        text.ShouldContain("1行目: 「存在しない誰か」に当たる職員・部署が見つかりません。");
        html.ShouldContain("存在しない誰か"); // what was typed is kept
        (await app.QueryAsync(db => db.Set<Circular>().AnyAsync(c => c.SenderId == sender.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task Picker_FindsPeopleAndDepartments_AndAddsTheCheckedOnes()
    {
        var sender = await StaffAsync("cp.pick");
        var target = await StaffAsync("cp.tgt");
        using var s = await app.SignedInAsync(sender.Login);

        var found = await s.SubmitAsync("/circulations/new", f => f.Handler == "circulation", [new("title", "x"), new("q", target.Login), new("command", "find")]);
        var foundText = Html.Readable(await found.Content.ReadAsStringAsync());
        foundText.ShouldContain(target.Name);

        var added = await s.SubmitAsync("/circulations/new", f => f.Handler == "circulation", [new("recipients", "企画振興部/DX戦略室"), new("add", $"{target.Name} ({target.Login})"), new("command", "add")]);
        var addedHtml = await added.Content.ReadAsStringAsync();
        addedHtml.ShouldContain("企画振興部/DX戦略室");
        addedHtml.ShouldContain($"({target.Login})");
        Html.Readable(addedHtml).ShouldContain("回覧先");
    }

    [Fact]
    public async Task Remind_AndCancel_AreTheSendersOnly()
    {
        var sender = await StaffAsync("cp.rs");
        var recipient = await StaffAsync("cp.rr");
        using var s = await app.SignedInAsync(sender.Login);
        var id = IdOf(await s.SubmitAsync("/circulations/new", f => f.Handler == "circulation", Filled("督促の試験", recipient.Login)));

        Target(await PostOnPageAsync(s, id, "remind")).ShouldBe($"/circulations/{id}?done=reminded");
        var again = await PostOnPageAsync(s, id, "remind");
        Target(again).ShouldBe($"/circulations/{id}");
        (await s.GetTextAsync($"/circulations/{id}")).Text.ShouldContain("督促は1日1回までです");

        using var r = await app.SignedInAsync(recipient.Login);
        (await r.GetTextAsync($"/circulations/{id}")).Text.ShouldNotContain("回覧を取り消す");
        Target(await PostOnPageAsync(s, id, "cancel")).ShouldBe($"/circulations/{id}?done=cancelled");
        var (_, after) = await r.GetTextAsync($"/circulations/{id}");
        after.ShouldContain("取消");
        after.ShouldNotContain("確認しました");
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class CirculationPagesTests_Sqlite(SqliteDemoCity app) : CirculationPagesTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class CirculationPagesTests_PostgreSql(PostgreSqlDemoCity app) : CirculationPagesTests(app);
