using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Tests.Infrastructure;
using Xunit;

namespace Tsunagu.Web.Tests.Search;

/// <summary>The search page and API over the demo city: what a person may open decides what they find.</summary>
public abstract class SearchEndpointTests(TsunaguApp app)
{
    [Fact]
    public async Task Api_StaffFindsAColleagueByName()
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);
        using var results = JsonDocument.Parse(await api.GetStringAsync(Url("/api/v1/search?q=" + Uri.EscapeDataString("守屋　美咲"))));

        results.RootElement.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
        var titles = results.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ToList();
        titles.ShouldContain(t => t!.Contains("守屋", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_PartnerFindsNoStaff_NotEvenACount()
    {
        var login = Logins.Unique("partner");
        await app.CreateAccountAsync(login, Roles.Partner);
        using var api = app.ApiClient((await app.CreateTokenAsync(login)).Secret);
        using var results = JsonDocument.Parse(await api.GetStringAsync(Url("/api/v1/search?q=" + Uri.EscapeDataString("守屋"))));

        results.RootElement.GetProperty("total").GetInt32().ShouldBe(0);
        results.RootElement.GetProperty("items").GetArrayLength().ShouldBe(0);
        results.RootElement.GetProperty("facets").GetProperty("modules").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Api_WithoutQuery_Is400Problem()
    {
        using var api = app.ApiClient((await app.CreateTokenAsync(DemoCityData.DemoStaffLogin)).Secret);
        var response = await api.GetAsync(Url("/api/v1/search"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Page_ShowsHighlightedHits_AndFullWidthQueryFindsTheSame()
    {
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        var html = await browser.Client.GetStringAsync(Url("/search?q=" + Uri.EscapeDataString("ＤＸ戦略室")));

        html.ShouldContain("<mark>DX戦略室</mark>");
        html.ShouldContain("守屋");
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class SearchEndpointTests_Sqlite(SqliteDemoCity app) : SearchEndpointTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class SearchEndpointTests_PostgreSql(PostgreSqlDemoCity app) : SearchEndpointTests(app);
