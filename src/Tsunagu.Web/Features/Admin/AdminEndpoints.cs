using Microsoft.AspNetCore.Mvc;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Admin;

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/import/upload", UploadAsync)
            .RequireAuthorization(Policies.SystemAdmin)
            .WithMetadata(new FeatureAttribute("admin"))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> UploadAsync([FromForm] IFormFile? file, [FromForm] string? encoding, ImportStaging staging, CurrentUser me, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return Results.LocalRedirect("/admin/import?error=empty");
        }

        if (file.Length > ImportStaging.MaxBytes)
        {
            return Results.LocalRedirect("/admin/import?error=too-large");
        }

        await using var stream = file.OpenReadStream();
        var id = await staging.SaveAsync(stream, me.RequiredId, encoding ?? "utf-8", cancellationToken);
        return Results.LocalRedirect($"/admin/import/{id}");
    }
}
