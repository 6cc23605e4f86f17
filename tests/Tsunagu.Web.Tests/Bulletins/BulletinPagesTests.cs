using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Bulletins;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Bulletins;

/// <summary>掲示板 over the demo city: the audience sees a notice; anyone else sees nothing of it in the pages, the API or search.</summary>
public abstract class BulletinPagesTests(TsunaguApp app)
{
    private const string Chief = "nakamura.tatsuya";
    private static readonly int[] MissingDepartment = [987654];

    [Fact]
    public async Task DepartmentNotice_IsInvisibleToOutsiders_InPagesApiSearchAndFiles()
    {
        var word = "蛍光灯" + Guid.NewGuid().ToString("N")[..6];
        var title = $"DX戦略室の書棚整理 {word}";
        var (id, fileId) = await PostAsync(Chief, title, $"書棚の {word} を交換します。", required: false, withFile: true);
        var outsider = await OutsiderAsync();

        using (var member = await app.SignedInAsync(DemoCityData.DemoStaffLogin))
        {
            (await member.GetTextAsync("/bulletins")).Text.ShouldContain(title);
            var (detail, text) = await member.GetTextAsync($"/bulletins/{Id(id)}");
            detail.StatusCode.ShouldBe(HttpStatusCode.OK);
            text.ShouldContain(word);
            (await member.GetAsync($"/bulletins/attachments/{Id(fileId)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await member.GetTextAsync("/search?q=" + Uri.EscapeDataString(word))).Text.ShouldContain($"/bulletins/{Id(id)}");
        }

        using (var browser = await app.SignedInAsync(outsider))
        {
            (await browser.GetTextAsync("/bulletins")).Text.ShouldNotContain(word);
            (await browser.GetTextAsync("/bulletins?show=unread")).Text.ShouldNotContain(word);
            var (detail, text) = await browser.GetTextAsync($"/bulletins/{Id(id)}");
            detail.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            text.ShouldNotContain(word);
            (await browser.GetTextAsync($"/bulletins/{Id(id)}/edit")).Text.ShouldNotContain(word);
            (await browser.GetAsync($"/bulletins/attachments/{Id(fileId)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            var search = (await browser.GetTextAsync("/search?q=" + Uri.EscapeDataString(word))).Text;
            search.ShouldNotContain(title);
            search.ShouldNotContain("/bulletins/" + Id(id));
        }

        using var api = app.ApiClient((await app.CreateTokenAsync(outsider)).Secret);
        (await api.GetAsync($"/api/v1/bulletins/{Id(id)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Html.Readable(await api.GetStringAsync("/api/v1/bulletins")).ShouldNotContain(word);
        using var results = JsonDocument.Parse(await api.GetStringAsync("/api/v1/search?q=" + Uri.EscapeDataString(word)));
        results.RootElement.GetProperty("total").GetInt32().ShouldBe(0);
        results.RootElement.GetProperty("items").GetArrayLength().ShouldBe(0);
        results.RootElement.GetProperty("facets").GetProperty("modules").GetArrayLength().ShouldBe(0);
        (await api.PostAsync($"/api/v1/bulletins/{Id(id)}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ConfirmForm_Twice_RecordsOneConfirmation_AndTheAuthorSeesTheRatio()
    {
        var title = "要確認 端末更新の手順 " + Guid.NewGuid().ToString("N")[..6];
        var (id, _) = await PostAsync(Chief, title, "手順を確認してください。", required: true, withFile: false);

        using var member = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        var first = await member.SubmitAsync($"/bulletins/{Id(id)}", f => f.Action == $"/bulletins/{Id(id)}/confirm", []);
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        first.Headers.Location!.ToString().ShouldEndWith("done=confirmed");
        (await member.GetTextAsync($"/bulletins/{Id(id)}")).Text.ShouldContain("確認済みです");

        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);
        var again = await api.PostAsync($"/api/v1/bulletins/{Id(id)}/confirm", null);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alreadyConfirmed").GetBoolean().ShouldBeTrue();
        (await app.QueryAsync(db => db.Set<BulletinConfirmation>().CountAsync(c => c.PostId == id))).ShouldBe(1);

        using var author = await app.SignedInAsync(Chief);
        var (_, report) = await author.GetTextAsync($"/bulletins/{Id(id)}");
        var members = await AudienceAsync();
        report.ShouldContain($"1 / {members}");
        report.ShouldContain("守屋");
    }

    [Fact]
    public async Task NewForm_PostsANoticeToTheOwnDepartment_AndRefusesEveryoneForStaffWithAMessage()
    {
        var title = "係内の連絡 " + Guid.NewGuid().ToString("N")[..6];
        var dx = await app.QueryAsync(db => db.Departments.Where(d => d.Path == "企画振興部/DX戦略室").Select(d => d.Id).SingleAsync());
        using var staff = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        var probe = await staff.GetAsync("/bulletins/new");
        probe.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET /bulletins/new went to {probe.Headers.Location}");

        var refused = await staff.SubmitAsync("/bulletins/new", f => f.Handler == "bulletin-edit",
            [new("category", "1"), new("title", title), new("body", "本文"), new("audience", "everyone")]);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await refused.Content.ReadAsStringAsync()).ShouldContain("全員あての掲示は、課長以上の職員と管理者が出せます");
        (await app.QueryAsync(db => db.Set<BulletinPost>().AnyAsync(p => p.Title == title))).ShouldBeFalse();

        var posted = await staff.SubmitAsync("/bulletins/new", f => f.Handler == "bulletin-edit",
            [new("category", "1"), new("title", title), new("body", "本文 **強調** <script>alert(1)</script>"), new("audience", "selected"), new("departments", Id(dx))]);
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = posted.Headers.Location!.IsAbsoluteUri ? posted.Headers.Location.PathAndQuery : posted.Headers.Location.ToString();
        location.ShouldContain("done=posted");
        var (_, page) = await staff.GetTextAsync(location);
        page.ShouldContain(title);
        page.ShouldContain("<strong>強調</strong>");
        var raw = await (await staff.GetAsync(location)).Content.ReadAsStringAsync();
        raw.ShouldNotContain("<script>alert");
    }

    [Fact]
    public async Task Api_CreatesANotice_AndAnswersBadInputWithProblemDetails()
    {
        using var chief = app.ApiClient((await app.CreateTokenAsync(Chief)).Secret);
        var title = "API 全庁連絡 " + Guid.NewGuid().ToString("N")[..6];
        var created = await chief.PostAsJsonAsync("/api/v1/bulletins", new { title, body = "本文", category = "全庁連絡", audience = new { everyone = true }, requiresConfirmation = true });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var dto = await created.Content.ReadFromJsonAsync<JsonElement>();
        dto.GetProperty("title").GetString().ShouldBe(title);
        dto.GetProperty("confirmations").GetProperty("confirmed").GetInt32().ShouldBe(0);

        using var list = JsonDocument.Parse(await app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret).GetStringAsync("/api/v1/bulletins?show=confirm"));
        list.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ShouldContain(title);

        async Task Problem(HttpClient client, object body, int status, string code)
        {
            var response = await client.PostAsJsonAsync("/api/v1/bulletins", body);
            ((int)response.StatusCode).ShouldBe(status);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe(code);
        }

        await Problem(chief, new { title = "", body = "本文", category = "全庁連絡", audience = new { everyone = true } }, 400, "bulletin.title-required");
        await Problem(chief, new { title = "x", body = "本文", category = "存在しない分類", audience = new { everyone = true } }, 400, "bulletin.unknown-category");
        await Problem(chief, new { title = "x", body = "本文", category = "人事" }, 400, "bulletin.audience-required");
        await Problem(chief, new { title = "x", body = "本文", category = "人事", audience = new { departments = MissingDepartment } }, 400, "bulletin.unknown-department");
        using var staff = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);
        await Problem(staff, new { title = "x", body = "本文", category = "人事", audience = new { everyone = true } }, 400, "bulletin.everyone-not-allowed");
        var notJson = await chief.PostAsync("/api/v1/bulletins", new StringContent("title=x"));
        notJson.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await chief.GetAsync("/api/v1/bulletins?show=bogus")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private Task<string> OutsiderAsync() =>
        app.QueryAsync(db => db.Users.Where(a => a.IsActive && a.Department!.Path == "市民部/市民課/住民係" && a.Position!.Name == "主事").OrderBy(a => a.Id).Select(a => a.UserName!).FirstAsync());

    private Task<int> AudienceAsync() =>
        app.QueryAsync(async db =>
        {
            var dx = await db.Departments.Where(d => d.Path == "企画振興部/DX戦略室").Select(d => d.Id).SingleAsync();
            return await db.Users.CountAsync(a => a.IsActive && a.DepartmentId == dx && a.UserName != Chief);
        });

    private Task<(int Id, int FileId)> PostAsync(string login, string title, string body, bool required, bool withFile) =>
        app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tsunagu.Core.Data.AppDbContext>();
            var accountId = await db.Users.Where(a => a.UserName == login).Select(a => a.Id).SingleAsync();
            var viewer = await BulletinViewer.ForAccountAsync(db, accountId, false);
            using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));
            var post = await sp.GetRequiredService<BulletinService>().CreateAsync(viewer, new BulletinInput(1, title, body, false, [viewer.DepartmentId!.Value], [], false, required, null, null)
            {
                Files = withFile ? [new BulletinFileUpload("書棚.txt", "text/plain", file)] : [],
            });
            var key = BulletinSearchContent.Key(post.Id);
            var fileId = await db.Attachments.Where(a => a.Module == "bulletin" && a.OwnerKey == key).Select(a => a.Id).FirstOrDefaultAsync();
            return (post.Id, fileId);
        });
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class BulletinPagesTests_Sqlite(SqliteDemoCity app) : BulletinPagesTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class BulletinPagesTests_PostgreSql(PostgreSqlDemoCity app) : BulletinPagesTests(app);
