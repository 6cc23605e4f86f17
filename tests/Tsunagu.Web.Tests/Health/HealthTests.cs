using System.Net;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Health;

public abstract class HealthTests(TsunaguApp app)
{
    [Fact]
    public async Task Healthz_WithoutSignIn_Is200Healthy()
    {
        using var browser = app.NewBrowser();
        var (response, text) = await browser.GetTextAsync("/healthz");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldBe("Healthy");
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class HealthTests_Sqlite(SqliteDemoCity app) : HealthTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class HealthTests_PostgreSql(PostgreSqlDemoCity app) : HealthTests(app);
