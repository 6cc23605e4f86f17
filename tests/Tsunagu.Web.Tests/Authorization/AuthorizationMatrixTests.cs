using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Authorization;

public enum Audience
{
    Anonymous,

    /// <summary>An account with only the Partner role.</summary>
    Partner,

    /// <summary>A 主事 outside 企画振興部: Staff only.</summary>
    Staff,

    /// <summary>moriya.misaki, 主事 in DX戦略室: Staff and DxOffice.</summary>
    DxOffice,

    /// <summary>DX戦略室's 課長: Staff, DxOffice and DepartmentAdministrator for 企画振興部.</summary>
    DepartmentAdmin,

    /// <summary>admin: SystemAdministrator and Staff.</summary>
    SystemAdmin,
}

/// <summary>
/// Every page and endpoint, asked by every kind of caller: who is let in, how a refusal looks (sign-in redirect,
/// 401 or 403 problem details, the 403 page) and that a refusal carries none of the data behind it.
/// </summary>
public abstract class AuthorizationMatrixTests(TsunaguApp app)
{
    public const string PartnerLogin = "partner.matrix";

    [Fact]
    public void KnownRoutes_AreExactlyTheAppsRoutes()
    {
        var actual = AppRoutes().Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null).Select(Key).ToHashSet(StringComparer.Ordinal);
        var known = KnownRoute.All.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var untested = actual.Except(known).Order(StringComparer.Ordinal).ToList();
        var gone = known.Except(actual).Order(StringComparer.Ordinal).ToList();
        untested.ShouldBeEmpty("routes of the app missing from KnownRoute.All (add each with its rights): " + string.Join(", ", untested));
        gone.ShouldBeEmpty("routes in KnownRoute.All that the app no longer has: " + string.Join(", ", gone));
    }

    [Fact]
    public async Task StaticFiles_AreServedWithoutSignIn()
    {
        var assets = AppRoutes().Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null).ToList();
        assets.ShouldNotBeEmpty();
        assets.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null).Select(Key).ShouldBeEmpty();

        using var browser = app.NewBrowser();
        var css = await browser.GetAsync("/css/app.css");
        css.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(Audience.Anonymous)]
    [InlineData(Audience.Partner)]
    [InlineData(Audience.Staff)]
    [InlineData(Audience.DxOffice)]
    [InlineData(Audience.DepartmentAdmin)]
    [InlineData(Audience.SystemAdmin)]
    public async Task EveryRoute_AnswersAsItsRightsSay(Audience audience)
    {
        using var caller = await CallerAsync(audience);
        var samples = await SamplesAsync();
        var secrets = await SecretsAsync();
        var problems = new List<string>();
        foreach (var route in KnownRoute.All)
        {
            var path = route.Sample(samples);
            await CheckAsync(route, route.SampleMethod, path, caller, secrets, problems);

            // A refused page is refused for a form post too (authorization runs before the antiforgery check).
            if (route.Surface == Surface.Page && route.Methods.Contains("POST", StringComparison.Ordinal) && route.SampleMethod == "GET" && !Permitted(route.Access, audience))
            {
                await CheckAsync(route, "POST", path, caller, secrets, problems);
            }
        }

        problems.ShouldBeEmpty(string.Join("\n", app.Factory.Errors.All.TakeLast(3)));
    }

    [Fact]
    public async Task StaffList_Anonymous_RedirectsToSignIn()
    {
        using var browser = app.NewBrowser();
        var response = await browser.GetAsync("/admin/staff?q=%E5%AE%88%E5%B1%8B");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.PathAndQuery.ShouldBe("/account/login?ReturnUrl=%2Fadmin%2Fstaff%3Fq%3D%25E5%25AE%2588%25E5%25B1%258B");
    }

    [Fact]
    public async Task StaffList_AsOrdinaryStaff_Is403()
    {
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        var (response, text) = await browser.GetTextAsync("/admin/staff");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        text.ShouldContain("権限がありません");
        var secrets = await SecretsAsync();
        secrets.Where(text.Contains).ShouldBeEmpty();
    }

    [Fact]
    public async Task Audit_AsOrdinaryStaff_Is403_AndTheDenialIsAudited()
    {
        var id = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        var (response, text) = await browser.GetTextAsync("/admin/audit");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SecretsAsync()).Where(text.Contains).ShouldBeEmpty();
        var denial = await app.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "access.denied" && e.ActorId == id).OrderByDescending(e => e.Sequence).FirstAsync());
        denial.Target.ShouldBe("/admin/audit");
    }

    [Theory]
    [InlineData("/admin/staff", HttpStatusCode.OK)]
    [InlineData("/admin/departments", HttpStatusCode.OK)]
    [InlineData("/admin/staff/new", HttpStatusCode.OK)]
    [InlineData("/admin/audit", HttpStatusCode.Forbidden)]
    [InlineData("/admin/settings", HttpStatusCode.Forbidden)]
    [InlineData("/admin/import", HttpStatusCode.Forbidden)]
    public async Task AdminPages_AsDepartmentAdmin(string path, HttpStatusCode expected)
    {
        using var browser = await app.SignedInAsync(await DepartmentAdminLoginAsync());
        var response = await browser.GetAsync(path);
        response.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task StaffList_AsDepartmentAdmin_ShowsOnlyTheirOwnDepartment()
    {
        using var browser = await app.SignedInAsync(await DepartmentAdminLoginAsync());
        var (response, text) = await browser.GetTextAsync("/admin/staff?inactive=true");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("守屋\u3000美咲");
        var outside = await app.QueryAsync(db => db.Users.Where(a => a.Department!.Path.StartsWith("総務部")).Select(a => a.DisplayName).ToListAsync());
        outside.ShouldNotBeEmpty();
        outside.Where(text.Contains).ShouldBeEmpty();
    }

    [Fact]
    public async Task StaffEdit_OutsideTheDepartmentAdminsScope_IsRefused()
    {
        var outsider = await app.QueryAsync(db => db.Users.Where(a => a.Department!.Path.StartsWith("総務部")).OrderBy(a => a.Id).Select(a => new { a.Id, a.DisplayName }).FirstAsync());
        using var browser = await app.SignedInAsync(await DepartmentAdminLoginAsync());
        var (response, text) = await browser.GetTextAsync($"/admin/staff/{outsider.Id}");
        ((int)response.StatusCode is 403 || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.EndsWith("/error/403", StringComparison.Ordinal)))
            .ShouldBeTrue($"{(int)response.StatusCode} {response.Headers.Location}");
        text.ShouldNotContain(outsider.DisplayName);
    }

    [Fact]
    public async Task Directory_AsPartner_Is403()
    {
        await EnsurePartnerAsync();
        using var browser = await app.SignedInAsync(PartnerLogin);
        var (response, text) = await browser.GetTextAsync("/directory");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        text.ShouldNotContain("守屋\u3000美咲");
    }

    [Fact]
    public async Task StaffApi_AsPartner_Is403ProblemDetails()
    {
        await EnsurePartnerAsync();
        using var api = app.ApiClient((await app.CreateTokenAsync(PartnerLogin)).Secret);
        var response = await api.GetAsync(new Uri("/api/v1/staff", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("moriya.misaki");
    }

    [Fact]
    public async Task Directory_AsStaff_FindsAColleague()
    {
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        var (response, text) = await browser.GetTextAsync("/directory?q=" + Uri.EscapeDataString("守屋"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("守屋\u3000美咲");
    }

    private IEnumerable<RouteEndpoint> AppRoutes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private static string Key(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        return $"{(methods is { Count: > 0 } ? string.Join(',', methods) : "*")} {endpoint.RoutePattern.RawText}";
    }

    private static bool Permitted(Access access, Audience audience) => access switch
    {
        Access.Anonymous => true,
        Access.SignedIn => audience != Audience.Anonymous,
        Access.Staff => audience is Audience.Staff or Audience.DxOffice or Audience.DepartmentAdmin or Audience.SystemAdmin,
        // The demo's DX戦略室 課長 is a member of the DX office too.
        Access.DxOffice => audience is Audience.DxOffice or Audience.DepartmentAdmin or Audience.SystemAdmin,
        Access.OrganizationAdmin => audience is Audience.DepartmentAdmin or Audience.SystemAdmin,
        Access.SystemAdmin => audience is Audience.SystemAdmin,
        _ => audience != Audience.Anonymous,
    };

    private static async Task CheckAsync(KnownRoute route, string method, string path, Caller caller, IReadOnlyList<string> secrets, List<string> problems)
    {
        var client = route.Surface == Surface.Api ? caller.Api : caller.Browser.Client;
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method is "POST")
        {
            // Multipart: every form endpoint accepts it (the upload endpoint accepts nothing else).
            request.Content = new MultipartFormDataContent { { new StringContent("x"), "field" } };
        }

        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = Html.Readable(await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location?.OriginalString ?? "";
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var what = $"{method} {path} ({route.Pattern}) as {caller.Audience}: got {status} {location} {mediaType}";

        if (status >= 500)
        {
            problems.Add($"{what}: server error");
            return;
        }

        if (route.Access == Access.Framework)
        {
            // Blazor's plumbing: only anonymous use is checked, and it must be refused.
            var refused = status is >= 400 and < 500 || (status == 302 && location.Contains("/account/login?ReturnUrl=", StringComparison.Ordinal));
            if (caller.Audience == Audience.Anonymous && !refused)
            {
                problems.Add($"{what}: expected a refusal");
            }

            return;
        }

        if (Permitted(route.Access, caller.Audience))
        {
            if (status != route.AllowedStatus)
            {
                problems.Add($"{what}: expected {route.AllowedStatus}");
            }
            else if (route.ShowsData && !secrets.Any(text.Contains))
            {
                problems.Add($"{what}: expected the protected data (the leak check would prove nothing)");
            }

            return;
        }

        if (caller.Audience == Audience.Anonymous)
        {
            if (route.Surface == Surface.Page)
            {
                if (status != 302 || !location.Contains("/account/login?ReturnUrl=", StringComparison.Ordinal))
                {
                    problems.Add($"{what}: expected a redirect to the sign-in page");
                }
            }
            else if (status != 401 || mediaType != "application/problem+json")
            {
                problems.Add($"{what}: expected 401 problem details");
            }
        }
        else if (status != 403)
        {
            problems.Add($"{what}: expected 403");
        }
        else if (route.Surface != Surface.Page && mediaType != "application/problem+json")
        {
            problems.Add($"{what}: expected 403 problem details");
        }
        else if (route.Surface == Surface.Page && !text.Contains("権限がありません", StringComparison.Ordinal))
        {
            problems.Add($"{what}: expected the 403 page, got {text[..Math.Min(text.Length, 2000)]}");
        }

        var leaked = secrets.Where(text.Contains).Take(3).ToList();
        if (leaked.Count > 0)
        {
            problems.Add($"{what}: the refusal shows {string.Join(", ", leaked)}");
        }
    }

    private async Task<RouteSamples> SamplesAsync() =>
        new(
            await app.AccountIdAsync(DemoCityData.DemoStaffLogin),
            await app.QueryAsync(db => db.Departments.Where(d => d.Path == "企画振興部/DX戦略室").Select(d => d.Id).SingleAsync()));

    /// <summary>What the protected routes show: names and logins of staff, recent audit hashes, notification titles.</summary>
    private async Task<IReadOnlyList<string>> SecretsAsync()
    {
        var people = await app.QueryAsync(db => db.Users.Select(a => new { a.DisplayName, a.UserName }).ToListAsync());
        var hashes = await app.QueryAsync(db => db.AuditEntries.OrderByDescending(e => e.Sequence).Take(50).Select(e => e.Hash).ToListAsync());
        var titles = await app.QueryAsync(db => db.Notifications.Select(n => n.Title).Distinct().ToListAsync());
        return people.Select(p => p.DisplayName)
            .Concat(people.Select(p => p.UserName!).Where(l => l.Contains('.', StringComparison.Ordinal)))
            .Concat(hashes.Select(h => h[..12]))
            .Concat(titles)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private async Task<string> DepartmentAdminLoginAsync() =>
        await app.InScopeAsync(async sp => (await sp.GetRequiredService<UserManager<Account>>().GetUsersInRoleAsync(Roles.DepartmentAdministrator)).Single().UserName!);

    private Task<string> PlainStaffLoginAsync() =>
        app.QueryAsync(db => db.Users
            .Where(a => a.Position!.Name == "主事" && !a.Department!.Path.StartsWith("企画振興部"))
            .Where(a => db.UserRoles.Count(ur => ur.UserId == a.Id) == 1)
            .OrderBy(a => a.Id)
            .Select(a => a.UserName!)
            .FirstAsync());

    private async Task EnsurePartnerAsync()
    {
        if (!await app.QueryAsync(db => db.Users.AnyAsync(a => a.UserName == PartnerLogin)))
        {
            await app.CreateAccountAsync(PartnerLogin, Roles.Partner);
        }
    }

    private async Task<Caller> CallerAsync(Audience audience)
    {
        var login = audience switch
        {
            Audience.Anonymous => null,
            Audience.Partner => PartnerLogin,
            Audience.Staff => await PlainStaffLoginAsync(),
            Audience.DxOffice => DemoCityData.DemoStaffLogin,
            Audience.DepartmentAdmin => await DepartmentAdminLoginAsync(),
            _ => DemoCityData.AdminLogin,
        };
        if (audience == Audience.Partner)
        {
            await EnsurePartnerAsync();
        }

        if (login is null)
        {
            return new Caller(audience, app.NewBrowser(), app.ApiClient());
        }

        var token = await app.CreateTokenAsync(login, "matrix");
        return new Caller(audience, await app.SignedInAsync(login), app.ApiClient(token.Secret));
    }

    private sealed record Caller(Audience Audience, TestBrowser Browser, HttpClient Api) : IDisposable
    {
        public void Dispose()
        {
            Browser.Dispose();
            Api.Dispose();
        }
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class AuthorizationMatrixTests_Sqlite(SqliteDemoCity app) : AuthorizationMatrixTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class AuthorizationMatrixTests_PostgreSql(PostgreSqlDemoCity app) : AuthorizationMatrixTests(app);
