using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Tsunagu.Core.Meetings;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Minutes;

/// <summary>
/// A paper's bytes for the paper viewer: <c>/content</c> answers a PDF inline (pdf.js reads it; never a download, never
/// run as a page: nosniff and a sandbox policy); any other type leaves as an attachment. It checks
/// <see cref="MeetingAccess.CanView"/>: a session that does not exist is 404, one the caller may not open is 403.
/// Downloads are Features/Meetings' <c>/download</c> (<see cref="DownloadUrl"/>).
/// </summary>
public static class MinutesEndpoints
{
    public static IEndpointRouteBuilder MapMinutesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/meetings/{id:int}/materials/{materialId:int}/content", ContentAsync)
            .RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("meeting"))
            .AllowCookieRedirect()
            .ExcludeFromDescription();
        return app;
    }

    public static string ContentUrl(int meetingId, int materialId) => FormattableString.Invariant($"/meetings/{meetingId}/materials/{materialId}/content");

    public static string DownloadUrl(int meetingId, int materialId) => FormattableString.Invariant($"/meetings/{meetingId}/materials/{materialId}/download");

    public static string ViewerUrl(int meetingId, int materialId) => FormattableString.Invariant($"/meetings/{meetingId}/materials/{materialId}");

    private static async Task<Results<NotFound, FileContentHttpResult>> ContentAsync(
        int id, int materialId, HttpContext http, MaterialNoteService papers, CurrentUser me, CancellationToken cancellationToken)
    {
        var file = await papers.OpenAsync(me.RequiredId, id, materialId, cancellationToken);
        if (file is null)
        {
            return TypedResults.NotFound();
        }

        var isPdf = string.Equals(file.ContentType, "application/pdf", StringComparison.OrdinalIgnoreCase)
            || file.FileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);
        Protect(http);
        if (!isPdf)
        {
            // Only PDFs are shown in the page; anything else leaves as a download, never rendered by the browser.
            return TypedResults.File(file.Content, "application/octet-stream", file.FileName, entityTag: Tag(file.Sha256));
        }

        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(file.FileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return TypedResults.File(file.Content, "application/pdf", entityTag: Tag(file.Sha256));
    }

    private static void Protect(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "private, no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
    }

    private static EntityTagHeaderValue Tag(string sha256) => new($"\"{sha256}\"");
}
