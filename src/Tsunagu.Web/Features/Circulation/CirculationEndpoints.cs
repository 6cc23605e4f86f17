using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Tsunagu.Core;
using Tsunagu.Core.Circulation;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Features.Schedules.Events;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Circulation;

/// <summary>
/// The circulation page's forms (確認, 督促, 取消) post here with the antiforgery token and come back with 303 to the
/// page: a success as <c>?done=…</c>, a refusal as a one-time message. Attached files download from here. To anyone
/// but the sender and the recipients a circulation does not exist (404), whether it does or not.
/// </summary>
public static class CirculationEndpoints
{
    public static readonly IReadOnlySet<string> Notices = new HashSet<string>(StringComparer.Ordinal) { "sent", "confirmed", "completed", "reminded", "cancelled" };

    public const string FlashCookie = "tsunagu-circulation-flash";

    public static IEndpointRouteBuilder MapCirculationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/circulations/{id:int}/confirm", ConfirmAsync).RequireAuthorization(Policies.Staff).WithMetadata(new FeatureAttribute("circulation")).AllowCookieRedirect().ExcludeFromDescription();
        app.MapPost("/circulations/{id:int}/remind", RemindAsync).RequireAuthorization(Policies.Staff).WithMetadata(new FeatureAttribute("circulation")).AllowCookieRedirect().ExcludeFromDescription();
        app.MapPost("/circulations/{id:int}/cancel", CancelAsync).RequireAuthorization(Policies.Staff).WithMetadata(new FeatureAttribute("circulation")).AllowCookieRedirect().ExcludeFromDescription();
        app.MapGet("/circulations/attachments/{id:int}", DownloadAsync).RequireAuthorization(Policies.Staff).WithMetadata(new FeatureAttribute("circulation")).AllowCookieRedirect().ExcludeFromDescription();
        return app;
    }

    private static readonly FlashMessage Flashes = new(FlashCookie, "/circulations");

    /// <summary>Reads and clears the one-time message a refused post left for the circulation page.</summary>
    public static string? TakeFlash(HttpContext http) => Flashes.Take(http);

    private static void Flash(HttpContext http, string message) => Flashes.Set(http, message);

    private static CirculationViewer Viewer(CurrentUser me, HttpContext http) =>
        new(me.RequiredId, me.DisplayName, http.Connection.RemoteIpAddress?.ToString());

    private static Task<Results<NotFound, RedirectSeeOther>> ConfirmAsync(int id, HttpContext http, IAntiforgery antiforgery, CirculationService circulations, CurrentUser me, CancellationToken cancellationToken) =>
        ActAsync(id, http, antiforgery, async form =>
        {
            var outcome = await circulations.ConfirmAsync(Viewer(me, http), id, form["comment"].FirstOrDefault(), cancellationToken);
            return outcome.Completed ? "completed" : "confirmed";
        }, cancellationToken);

    private static Task<Results<NotFound, RedirectSeeOther>> RemindAsync(int id, HttpContext http, IAntiforgery antiforgery, CirculationService circulations, CurrentUser me, CancellationToken cancellationToken) =>
        ActAsync(id, http, antiforgery, async _ =>
        {
            await circulations.RemindAsync(Viewer(me, http), id, cancellationToken);
            return "reminded";
        }, cancellationToken);

    private static Task<Results<NotFound, RedirectSeeOther>> CancelAsync(int id, HttpContext http, IAntiforgery antiforgery, CirculationService circulations, CurrentUser me, CancellationToken cancellationToken) =>
        ActAsync(id, http, antiforgery, async _ =>
        {
            await circulations.CancelAsync(Viewer(me, http), id, cancellationToken);
            return "cancelled";
        }, cancellationToken);

    private static async Task<Results<NotFound, RedirectSeeOther>> ActAsync(int id, HttpContext http, IAntiforgery antiforgery, Func<IFormCollection, Task<string>> act, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        try
        {
            var done = await act(form);
            return new RedirectSeeOther(Page(id, done));
        }
        catch (DomainException ex) when (ex.Code == "circulation.not-found")
        {
            return TypedResults.NotFound();
        }
        catch (DomainException ex)
        {
            Flash(http, ex.Message);
        }
        catch (ConflictException ex)
        {
            Flash(http, ex.Message);
        }
        catch (AccessDeniedException ex)
        {
            // A recipient pressing the sender's buttons (a stale or forged form): they may see the page, so say why.
            Flash(http, ex.Message);
        }

        return new RedirectSeeOther(Page(id, null));
    }

    private static string Page(int id, string? done) =>
        done is null ? CirculationService.Url(id) : $"{CirculationService.Url(id)}?done={done}";

    private static async Task<Results<NotFound, FileContentHttpResult>> DownloadAsync(int id, HttpContext http, CirculationReader reader, CurrentUser me, CancellationToken cancellationToken)
    {
        var file = await reader.OpenAttachmentAsync(me.RequiredId, id, cancellationToken);
        if (file is null)
        {
            return TypedResults.NotFound();
        }

        // Correspondence between people: no shared cache keeps it; never sniffed or run as a page.
        var headers = http.Response.Headers;
        headers.CacheControl = "private, no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(file.Content, file.ContentType, file.FileName, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""));
    }

    internal static string IdText(int id) => id.ToString(CultureInfo.InvariantCulture);
}
