using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Data;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Approvals;

/// <summary>The shipped forms (起案書, 出張命令・復命書, 休暇届, 時間外勤務命令, 物品購入伺) render their form pages.</summary>
public abstract class RequestTemplatePagesTests(TsunaguApp app)
{
    private readonly RequestKit _kit = new(app);

    [Fact]
    public async Task EveryShippedForm_RendersItsFormPage_WithLabelledFields()
    {
        // The demo city installs them when it is seeded; installing what is missing keeps this test independent of that.
        await app.InScopeAsync(sp => FormTemplates.InstallMissingAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<FormAdminService>()));
        var installed = await app.QueryAsync(db => db.FormDefinitions.Where(f => FormTemplates.Codes.Contains(f.Code) && f.IsActive).Select(f => f.Code).ToListAsync());
        installed.Count.ShouldBe(FormTemplates.Codes.Count);
        var person = await _kit.StaffAsync("rq.tpl");
        using var browser = await app.SignedInAsync(person.Login);

        foreach (var code in installed)
        {
            var (response, html) = await browser.GetTextAsync($"/approvals/new/{code}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, code);
            html.ShouldContain("name=\"clientKey\"", customMessage: code);
            html.ShouldContain("申請する", customMessage: code);
            html.ShouldContain("ルートを確認", customMessage: code);
        }
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class RequestTemplatePagesTests_Sqlite(SqliteDemoCity app) : RequestTemplatePagesTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class RequestTemplatePagesTests_PostgreSql(PostgreSqlDemoCity app) : RequestTemplatePagesTests(app);
