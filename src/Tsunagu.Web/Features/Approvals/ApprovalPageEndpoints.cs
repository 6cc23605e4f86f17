using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Tsunagu.Core;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Approvals;

/// <summary>
/// The request page's forms post here (antiforgery token in the form) and come back with 303 to the page: a success
/// as <c>?done=…</c>, a refusal (someone acted first, a rule) as a one-time message the page shows. Attachments of
/// requests download from here, for those who may see the request.
/// </summary>
public static class ApprovalPageEndpoints
{
    /// <summary>The <c>done</c> values the request page turns into a message (anything else is ignored).</summary>
    public static readonly IReadOnlySet<string> Notices = new HashSet<string>(StringComparer.Ordinal)
    {
        "submitted", "saved", "approve", "acknowledge", "reject", "send-back", "pull-back", "withdraw", "post-review", "reroute", "already",
    };

    public const string FlashCookie = "tsunagu-approval-flash";

    /// <summary>The 他の人が先に処理しました message: a conflict is expected when two people act at once, not an error page.</summary>
    public const string ConflictMessage = "他の人が先にこの申請を処理しました。最新の状態を表示しています。内容を確認してから、必要であればもう一度操作してください。";

    public static IEndpointRouteBuilder MapApprovalPageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/approvals/{id:int}/actions", ActAsync)
            .RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("approval"))
            .AllowCookieRedirect()
            .ExcludeFromDescription();
        app.MapPost("/approvals/{id:int}/reroute", RerouteAsync)
            .RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("approval"))
            .AllowCookieRedirect()
            .ExcludeFromDescription();
        app.MapPost("/approvals/{id:int}/delete", DeleteAsync)
            .RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("approval"))
            .AllowCookieRedirect()
            .ExcludeFromDescription();
        app.MapGet("/approvals/attachments/{id:int}", DownloadAsync)
            .RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("approval"))
            .AllowCookieRedirect()
            .ExcludeFromDescription();
        return app;
    }

    private static readonly FlashMessage Flashes = new(FlashCookie, "/approvals");

    /// <summary>Reads and clears the one-time message a refused post left for the request page.</summary>
    public static string? TakeFlash(HttpContext http) => Flashes.Take(http);

    private static void Flash(HttpContext http, string message) => Flashes.Set(http, message);

    private static string RequestPath(int id, string? done = null) =>
        done is null ? $"/approvals/{id.ToString(CultureInfo.InvariantCulture)}" : $"/approvals/{id.ToString(CultureInfo.InvariantCulture)}?done={done}";

    private static async Task<Results<NotFound, RedirectHttpResult>> ActAsync(
        int id, HttpContext http, IAntiforgery antiforgery, ApprovalService approvals, ApprovalReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        if (!await db.ApprovalRequests.AnyAsync(r => r.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var viewer = await ApprovalViewerFactory.ForAsync(db, me, http, cancellationToken);
        if (!await reader.CanSeeAsync(viewer, id, cancellationToken))
        {
            // Not even the state of someone else's request is told.
            throw new AccessDeniedException("この申請を見る権限がありません。");
        }

        var raw = (form["action"].FirstOrDefault() ?? "").Trim();
        var (action, target) = raw.Split(':', 2) is [var a, var t] ? (a, t) : (raw, null);
        int? onBehalfOf = int.TryParse(form["onBehalfOf"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var who) ? who : null;
        var comment = form["comment"].FirstOrDefault();
        try
        {
            var result = await approvals.ActAsync(viewer, id, new ActionRequest(action, string.IsNullOrWhiteSpace(comment) ? null : comment)
            {
                Target = target,
                OnBehalfOf = onBehalfOf,
                ClientKey = form["clientKey"].FirstOrDefault(),
            }, cancellationToken);
            return See(RequestPath(id, result.AlreadyApplied ? "already" : Notices.Contains(action) ? action : null));
        }
        catch (ConflictException)
        {
            Flash(http, ConflictMessage);
        }
        catch (DomainException ex)
        {
            Flash(http, ex.Message);
        }

        return See(RequestPath(id));
    }

    private static async Task<Results<NotFound, RedirectHttpResult>> RerouteAsync(
        int id, HttpContext http, IAntiforgery antiforgery, ApprovalService approvals, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        if (!me.IsSystemAdmin)
        {
            throw new AccessDeniedException("ルート変更は管理者だけができます。");
        }

        if (!await db.ApprovalRequests.AnyAsync(r => r.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var stepId = int.TryParse(form["stepId"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var people = form["assigneeIds"].Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0).Where(p => p > 0).ToList();
        var viewer = await ApprovalViewerFactory.ForAsync(db, me, http, cancellationToken);
        try
        {
            if (people.Count == 0)
            {
                throw new DomainException("approval.no-assignee", "新しい回付先を1人以上選んでください。");
            }

            await approvals.RerouteAsync(viewer, id, stepId, people, form["reason"].FirstOrDefault(), form["clientKey"].FirstOrDefault(), cancellationToken);
            return See(RequestPath(id, "reroute"));
        }
        catch (ConflictException)
        {
            Flash(http, ConflictMessage);
        }
        catch (DomainException ex)
        {
            Flash(http, ex.Message);
        }

        return See(RequestPath(id));
    }

    private static async Task<Results<NotFound, RedirectHttpResult>> DeleteAsync(
        int id, HttpContext http, IAntiforgery antiforgery, ApprovalService approvals, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        if (!await db.ApprovalRequests.AnyAsync(r => r.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var viewer = await ApprovalViewerFactory.ForAsync(db, me, http, cancellationToken);
        try
        {
            await approvals.DeleteDraftAsync(viewer, id, cancellationToken);
        }
        catch (DomainException ex)
        {
            Flash(http, ex.Message);
            return See(RequestPath(id));
        }

        return See("/approvals");
    }

    private static async Task<Results<NotFound, FileContentHttpResult>> DownloadAsync(
        int id, HttpContext http, ApprovalReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        var file = await db.Set<Attachment>().AsNoTracking().Where(a => a.Id == id && a.Module == SearchModules.Approval)
            .Select(a => new { a.OwnerKey, a.FileName, a.ContentType, a.Sha256 }).FirstOrDefaultAsync(cancellationToken);
        if (file is null || !int.TryParse(file.OwnerKey, NumberStyles.None, CultureInfo.InvariantCulture, out var requestId))
        {
            return TypedResults.NotFound();
        }

        var viewer = await ApprovalViewerFactory.ForAsync(db, me, http, cancellationToken);
        if (!await reader.CanSeeAsync(viewer, requestId, cancellationToken))
        {
            throw new AccessDeniedException("この申請を見る権限がありません。");
        }

        var content = await db.Set<Attachment>().AsNoTracking().Where(a => a.Id == id).Select(a => a.Content).FirstAsync(cancellationToken);

        // Evidence of a decision: never cached by anything shared, never sniffed or run as a page.
        var headers = http.Response.Headers;
        headers.CacheControl = "private, no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(content, file.ContentType, file.FileName, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""));
    }

    private static RedirectHttpResult See(string path) => TypedResults.Redirect(path, permanent: false, preserveMethod: false);
}
