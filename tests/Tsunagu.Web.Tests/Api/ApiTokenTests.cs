using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Web.Features.Api;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Api;

/// <summary>/api/v1 with personal access tokens: who a token is, what it may do, and how the API says no.</summary>
public abstract class ApiTokenTests(TsunaguApp app)
{
    private const string ProblemJson = "application/problem+json";

    [Fact]
    public async Task Me_WithAToken_ActsAsItsOwner()
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);

        var response = await api.GetAsync(Url("/api/v1/me"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var me = (await response.Content.ReadFromJsonAsync<MeDto>())!;
        me.Login.ShouldBe(DemoCityData.DemoStaffLogin);
        me.Name.ShouldBe("守屋\u3000美咲");
        me.Department.ShouldBe("企画振興部/DX戦略室");
        me.Roles.ShouldBe([Roles.DxOffice, Roles.Staff], ignoreOrder: true);
    }

    [Fact]
    public async Task NoToken_Is401ProblemDetails()
    {
        using var api = app.ApiClient();
        await ShouldBeProblemAsync(await api.GetAsync(Url("/api/v1/me")), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("tsn_thisIsNotAToken")]
    [InlineData("not-a-token")]
    [InlineData("tsn_")]
    public async Task GarbageToken_Is401ProblemDetails(string token)
    {
        using var api = app.ApiClient();
        api.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);
        var response = await api.GetAsync(Url("/api/v1/me"));
        await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task RevokedToken_Is401ProblemDetails()
    {
        var token = await app.CreateTokenAsync(DemoCityData.DemoStaffLogin, "to revoke");
        using var api = app.ApiClient(token.Secret);
        (await api.GetAsync(Url("/api/v1/me"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.DeleteAsync(Url($"/api/v1/tokens/{token.Id}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await ShouldBeProblemAsync(await api.GetAsync(Url("/api/v1/me")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TokenOfADeactivatedAccount_Is401()
    {
        var login = Logins.Unique("apigone");
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        var token = await app.CreateTokenAsync(login);
        await app.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(account.Id, Actor.System));

        using var api = app.ApiClient(token.Secret);
        await ShouldBeProblemAsync(await api.GetAsync(Url("/api/v1/me")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task StaffToken_ReadsTheStaffApi_ButNotAnAdministratorsEndpoint()
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);

        var staff = await api.GetAsync(Url("/api/v1/staff?q=" + Uri.EscapeDataString("守屋")));
        staff.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = (await staff.Content.ReadFromJsonAsync<PagedResult<StaffDto>>())!;
        page.Items.ShouldContain(s => s.Login == DemoCityData.DemoStaffLogin);

        using var upload = new MultipartFormDataContent { { new StringContent("login,name,kana,department,position,email\n"), "file", "staff.csv" } };
        var denied = await api.PostAsync(Url("/admin/import/upload"), upload);
        await ShouldBeProblemAsync(denied, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PartnerToken_IsRefusedTheStaffDirectory()
    {
        var login = Logins.Unique("partner");
        await app.CreateAccountAsync(login, Roles.Partner);
        using var api = app.ApiClient((await app.CreateTokenAsync(login)).Secret);

        await ShouldBeProblemAsync(await api.GetAsync(Url("/api/v1/staff")), HttpStatusCode.Forbidden);
        await ShouldBeProblemAsync(await api.GetAsync(Url("/api/v1/departments")), HttpStatusCode.Forbidden);
        (await api.GetAsync(Url("/api/v1/me"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RevokingSomeoneElsesToken_Is404_AndTheirTokenKeepsWorking()
    {
        var admins = await app.CreateTokenAsync(DemoCityData.AdminLogin, "admin's");
        using var staff = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);

        await ShouldBeProblemAsync(await staff.DeleteAsync(Url($"/api/v1/tokens/{admins.Id}")), HttpStatusCode.NotFound);

        using var admin = app.ApiClient(admins.Secret);
        var me = await admin.GetFromJsonAsync<MeDto>(Url("/api/v1/me"));
        me!.Login.ShouldBe(DemoCityData.AdminLogin);
    }

    [Fact]
    public async Task Tokens_ListsOnlyTheOwnersTokens_WithoutTheirSecrets()
    {
        var login = Logins.Unique("lister");
        await app.CreateAccountAsync(login, Roles.Staff);
        var own = await app.CreateTokenAsync(login, "mine");
        var other = await app.CreateTokenAsync(DemoCityData.DemoStaffLogin, "not mine");
        using var api = app.ApiClient(own.Secret);

        var response = await api.GetAsync(Url("/api/v1/tokens"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        var tokens = JsonSerializer.Deserialize<List<TokenDto>>(body, JsonSerializerOptions.Web)!;
        tokens.Select(t => t.Id).ShouldBe([own.Id]);
        tokens[0].Hint.ShouldBe(own.Secret[^4..]);
        body.ShouldNotContain(own.Secret);
        body.ShouldNotContain(other.Secret);
    }

    [Fact]
    public async Task OpenApi_WithAToken_DescribesTheApi()
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);

        var response = await api.GetAsync(Url("/openapi/v1.json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/v1/me");
        paths.ShouldContain("/api/v1/staff");
    }

    [Fact]
    public async Task OpenApi_WithoutSignIn_Is401()
    {
        using var api = app.ApiClient();
        await ShouldBeProblemAsync(await api.GetAsync(Url("/openapi/v1.json")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnknownApiRoute_Is404()
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);
        (await api.GetAsync(Url("/api/v1/no-such-thing"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.GetAsync(Url("/api/v2/me"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Notifications_WithAPageThatIsNotANumber_Is400()
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);
        (await api.GetAsync(Url("/api/v1/notifications?page=abc"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("GET", "/api/v1/notifications?page=abc")]
    [InlineData("GET", "/api/v1/notifications?unreadOnly=maybe")]
    [InlineData("GET", "/api/v1/staff?department=soumu")]
    [InlineData("GET", "/api/v1/staff?page=99999999999")]
    [InlineData("DELETE", "/api/v1/tokens/abc")]
    public async Task BadInput_IsAClientError_NotAServerError(string method, string path)
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);
        using var request = new HttpRequestMessage(new HttpMethod(method), Url(path));

        var response = await api.SendAsync(request);

        // Values that do not bind answer 400; a route constraint that does not match, 404 or 405.
        ((int)response.StatusCode).ShouldBeInRange(400, 499);
        ((int)response.StatusCode).ShouldNotBeOneOf(401, 403);
    }

    [Fact]
    public async Task PostWithoutABody_ToAnUnknownApiRoute_IsNotFoundProblem()
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);
        await ShouldBeProblemAsync(await api.PostAsync(Url("/api/v1/notifications/abc/read"), null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownApiRoute_IsNotFoundProblem_NotAnHtmlPage()
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);
        await ShouldBeProblemAsync(await api.GetAsync(Url("/api/v1/no-such-thing")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CookieSignedInBrowser_CanUseTheApiToo()
    {
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        browser.Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var me = await browser.Client.GetFromJsonAsync<MeDto>(Url("/api/v1/me"));
        me!.Login.ShouldBe(DemoCityData.DemoStaffLogin);
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe(ProblemJson);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.RootElement.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class ApiTokenTests_Sqlite(SqliteDemoCity app) : ApiTokenTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class ApiTokenTests_PostgreSql(PostgreSqlDemoCity app) : ApiTokenTests(app);
