using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Data;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.FormAdmin;

public static class FormAdminEndpoints
{
    public static IEndpointRouteBuilder MapFormAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/forms/{code}/export.json", ExportAsync)
            .RequireAuthorization(Policies.OrganizationAdmin)
            .WithMetadata(new FeatureAttribute("admin"))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The current version of a form as one JSON file, which the list's 「JSON読み込み」 reads back.</summary>
    private static async Task<Results<FileContentHttpResult, NotFound>> ExportAsync(string code, AppDbContext db, FormAdminService admin, CancellationToken cancellationToken)
    {
        if (!await db.FormDefinitions.AnyAsync(f => f.Code == code, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var json = FormAdminService.Export(await admin.LoadAsync(code, cancellationToken));
        return TypedResults.File(new UTF8Encoding(false).GetBytes(json), "application/json; charset=utf-8", $"{code}.json");
    }
}
