using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Tsunagu.Core;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Bulletins;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Features.Api;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Bulletins;

public sealed record BulletinRowDto(
    int Id, string Title, string Category, string Author, string? AuthorDepartment, DateTimeOffset PublishFrom, DateTimeOffset? PublishUntil,
    bool Pinned, bool RequiresConfirmation, bool Read, bool Confirmed, int Comments, string Url);

public sealed record BulletinAudienceDto(bool Everyone, IReadOnlyList<int> Departments, IReadOnlyList<int> Positions);

public sealed record BulletinConfirmationDto(int Confirmed, int Total, double Percent);

public sealed record BulletinDto(
    int Id, string Title, string Category, string Body, string BodyHtml, string Author, string? AuthorDepartment, BulletinAudienceDto Audience,
    bool Pinned, bool RequiresConfirmation, DateTimeOffset PublishFrom, DateTimeOffset? PublishUntil, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ConfirmedAt, BulletinConfirmationDto? Confirmations, string Url);

/// <summary>A new bulletin. category: the category's name (全庁連絡 …) or id; audience: everyone, or departments and/or positions (ids).</summary>
public sealed record BulletinCreateRequest
{
    public string? Title { get; init; }

    public string? Body { get; init; }

    public string? Category { get; init; }

    public BulletinAudienceRequest? Audience { get; init; }

    public bool Pinned { get; init; }

    public bool RequiresConfirmation { get; init; }

    public DateTimeOffset? PublishFrom { get; init; }

    public DateTimeOffset? PublishUntil { get; init; }
}

public sealed record BulletinAudienceRequest
{
    public bool Everyone { get; init; }

    public IReadOnlyList<int>? Departments { get; init; }

    public IReadOnlyList<int>? Positions { get; init; }
}

public sealed record BulletinConfirmResultDto(int Id, bool AlreadyConfirmed);

/// <summary>
/// The post page's forms (confirm, comment, delete) post here with the antiforgery token and come back with 303; file
/// downloads; and /api/v1/bulletins. A post the caller may not see is not found, whether it exists or not.
/// </summary>
public static class BulletinEndpoints
{
    public static IEndpointRouteBuilder MapBulletinEndpoints(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/bulletins").RequireAuthorization(Policies.Staff).WithMetadata(new FeatureAttribute(BulletinService.UsageFeature)).ExcludeFromDescription();
        pages.MapPost("/{id:int}/confirm", ConfirmAsync).AllowCookieRedirect();
        pages.MapPost("/{id:int}/comments", CommentAsync).AllowCookieRedirect();
        pages.MapPost("/{id:int}/delete", DeleteAsync).AllowCookieRedirect();
        pages.MapGet("/attachments/{id:int}", DownloadAsync).AllowCookieRedirect();

        // Grouped under /api/v1 so that the collection's route is /api/v1/bulletins, not /api/v1/bulletins/.
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute(BulletinService.UsageFeature)).DisableAntiforgery().WithTags("Bulletins");
        api.MapGet("/bulletins", ListApiAsync).WithName("ListBulletins").WithSummary("自分あての掲示の一覧(show=all|unread|confirm|mine, category, page)");
        api.MapGet("/bulletins/{id:int}", GetApiAsync).WithName("GetBulletin").WithSummary("掲示(本文・掲載先・確認状況は投稿者にだけ)");
        api.MapPost("/bulletins", CreateApiAsync).JsonBody<BulletinCreateRequest>().WithName("CreateBulletin").WithSummary("掲示を投稿する");
        api.MapPost("/bulletins/{id:int}/confirm", ConfirmApiAsync).WithName("ConfirmBulletin").WithSummary("要確認の掲示を確認済みにする(何度送っても1回)");
        return app;
    }

    // ---- page forms ----

    private static async Task<Results<NotFound, RedirectHttpResult>> ConfirmAsync(
        int id, HttpContext http, IAntiforgery antiforgery, BulletinService service, BulletinReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var viewer = await BulletinWeb.ViewerAsync(db, me, cancellationToken);
        if (!await reader.CanSeeAsync(viewer, id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        try
        {
            var confirmed = await service.ConfirmAsync(viewer, id, cancellationToken);
            return See(BulletinWeb.Href(id, confirmed ? "confirmed" : "already"));
        }
        catch (DomainException ex)
        {
            BulletinWeb.Flash(http, ex.Message);
            return See(BulletinWeb.Href(id));
        }
    }

    private static async Task<Results<NotFound, RedirectHttpResult>> CommentAsync(
        int id, HttpContext http, IAntiforgery antiforgery, BulletinService service, BulletinReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var viewer = await BulletinWeb.ViewerAsync(db, me, cancellationToken);
        if (!await reader.CanSeeAsync(viewer, id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        try
        {
            await service.CommentAsync(viewer, id, form["body"].FirstOrDefault(), cancellationToken);
            return See(BulletinWeb.Href(id, "commented") + "#comments");
        }
        catch (DomainException ex)
        {
            BulletinWeb.Flash(http, ex.Message);
            return See(BulletinWeb.Href(id) + "#comments");
        }
    }

    private static async Task<Results<NotFound, RedirectHttpResult>> DeleteAsync(
        int id, HttpContext http, IAntiforgery antiforgery, BulletinService service, BulletinReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var viewer = await BulletinWeb.ViewerAsync(db, me, cancellationToken);
        if (!await reader.CanSeeAsync(viewer, id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await service.DeleteAsync(viewer, id, cancellationToken);
        return See("/bulletins?done=deleted");
    }

    private static async Task<Results<NotFound, FileContentHttpResult>> DownloadAsync(
        int id, HttpContext http, BulletinReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        var file = await db.Attachments.AsNoTracking().Where(a => a.Id == id && a.Module == SearchModules.Bulletin)
            .Select(a => new { a.OwnerKey, a.FileName, a.ContentType, a.Sha256 }).FirstOrDefaultAsync(cancellationToken);
        if (file is null || !int.TryParse(file.OwnerKey, NumberStyles.None, CultureInfo.InvariantCulture, out var postId))
        {
            return TypedResults.NotFound();
        }

        var viewer = await BulletinWeb.ViewerAsync(db, me, cancellationToken);
        if (!await reader.CanSeeAsync(viewer, postId, cancellationToken))
        {
            // Outside the audience a file is as missing as a file that does not exist.
            return TypedResults.NotFound();
        }

        var content = await db.Attachments.AsNoTracking().Where(a => a.Id == id).Select(a => a.Content).FirstAsync(cancellationToken);
        var headers = http.Response.Headers;
        headers.CacheControl = "private, no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(content, file.ContentType, file.FileName, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""));
    }

    // ---- API ----

    private static async Task<Results<Ok<PagedResult<BulletinRowDto>>, ProblemHttpResult>> ListApiAsync(
        CurrentUser me, AppDbContext db, BulletinReader reader, string? show, string? category, string? page, CancellationToken cancellationToken)
    {
        if (BulletinWeb.ParseShow(show) is not { } filter)
        {
            return ApiBodies.Problem(400, "show は all・unread・confirm・mine のいずれかで指定してください。", "bulletin.invalid-filter");
        }

        var pageNumber = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1))
        {
            return ApiBodies.Problem(400, "page は1以上の整数で指定してください。", "bulletin.invalid-page");
        }

        int? categoryId = null;
        if (!string.IsNullOrWhiteSpace(category))
        {
            if (await CategoryIdAsync(reader, category, cancellationToken) is not { } c)
            {
                return ApiBodies.Problem(400, "category は分類の名前か番号で指定してください。", "bulletin.unknown-category");
            }

            categoryId = c;
        }

        var viewer = await BulletinWeb.ViewerAsync(db, me, cancellationToken);
        var result = await reader.ListAsync(viewer, new BulletinFilter(categoryId, filter, pageNumber), cancellationToken);
        return TypedResults.Ok(new PagedResult<BulletinRowDto>(
            result.Rows.Select(r => new BulletinRowDto(r.Id, r.Title, r.Category, r.AuthorName, r.AuthorDepartment, r.PublishFrom, r.PublishUntil,
                r.IsPinned, r.RequiresConfirmation, r.IsRead, r.IsConfirmed, r.Comments, BulletinWeb.Href(r.Id))).ToList(),
            result.Page, result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<BulletinDto>, ProblemHttpResult>> GetApiAsync(
        int id, CurrentUser me, AppDbContext db, BulletinReader reader, CancellationToken cancellationToken)
    {
        var viewer = await BulletinWeb.ViewerAsync(db, me, cancellationToken);
        var detail = await reader.GetAsync(viewer, id, cancellationToken);
        return detail is null ? NotFound() : TypedResults.Ok(Dto(detail));
    }

    private static async Task<Results<Created<BulletinDto>, ProblemHttpResult>> CreateApiAsync(
        HttpContext http, CurrentUser me, AppDbContext db, BulletinReader reader, BulletinService service, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await ApiBodies.ReadJsonAsync<BulletinCreateRequest>(http.Request, cancellationToken);
        if (body is null)
        {
            return unreadable!;
        }

        if (string.IsNullOrWhiteSpace(body.Category) || await CategoryIdAsync(reader, body.Category, cancellationToken) is not { } categoryId)
        {
            return ApiBodies.Problem(400, "category に分類の名前(全庁連絡、人事 …)か番号を指定してください。", "bulletin.unknown-category");
        }

        if (body.Audience is null)
        {
            return ApiBodies.Problem(400, "audience に掲載先(everyone: true、または departments・positions)を指定してください。", "bulletin.audience-required");
        }

        var viewer = await BulletinWeb.ViewerAsync(db, me, cancellationToken);
        BulletinPost post;
        try
        {
            post = await service.CreateAsync(viewer, new BulletinInput(categoryId, body.Title, body.Body, body.Audience.Everyone,
                body.Audience.Departments ?? [], body.Audience.Positions ?? [], body.Pinned, body.RequiresConfirmation, body.PublishFrom, body.PublishUntil), cancellationToken);
        }
        catch (DomainException ex)
        {
            return ApiBodies.Problem(400, ex.Message, ex.Code);
        }

        db.ChangeTracker.Clear();
        var detail = await reader.GetAsync(viewer, post.Id, cancellationToken);
        return TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"/api/v1/bulletins/{post.Id}"), Dto(detail!));
    }

    private static async Task<Results<Ok<BulletinConfirmResultDto>, ProblemHttpResult>> ConfirmApiAsync(
        int id, CurrentUser me, AppDbContext db, BulletinReader reader, BulletinService service, CancellationToken cancellationToken)
    {
        var viewer = await BulletinWeb.ViewerAsync(db, me, cancellationToken);
        if (!await reader.CanSeeAsync(viewer, id, cancellationToken))
        {
            return NotFound();
        }

        try
        {
            var confirmed = await service.ConfirmAsync(viewer, id, cancellationToken);
            return TypedResults.Ok(new BulletinConfirmResultDto(id, !confirmed));
        }
        catch (DomainException ex)
        {
            return ApiBodies.Problem(400, ex.Message, ex.Code);
        }
    }

    private static async Task<int?> CategoryIdAsync(BulletinReader reader, string value, CancellationToken cancellationToken)
    {
        var categories = await reader.CategoriesAsync(cancellationToken);
        var text = value.Trim();
        return categories.FirstOrDefault(c => c.Name == text || c.Id.ToString(CultureInfo.InvariantCulture) == text)?.Id;
    }

    private static BulletinDto Dto(BulletinDetail d)
    {
        var p = d.Post;
        return new BulletinDto(p.Id, p.Title, d.Category, p.Body, d.BodyHtml, d.AuthorName, d.AuthorDepartment,
            new BulletinAudienceDto(p.ForEveryone, p.DepartmentIds, p.PositionIds), p.IsPinned, p.RequiresConfirmation, p.PublishFrom, p.PublishUntil,
            p.CreatedAt, p.UpdatedAt, d.ConfirmedAt, d.Report is { } r ? new BulletinConfirmationDto(r.Confirmed, r.Total, r.Percent) : null, BulletinWeb.Href(p.Id));
    }

    private static ProblemHttpResult NotFound() => ApiBodies.Problem(404, "掲示が見つかりません。", "bulletin.not-found");

    private static RedirectHttpResult See(string path) => TypedResults.Redirect(path, permanent: false, preserveMethod: false);
}
