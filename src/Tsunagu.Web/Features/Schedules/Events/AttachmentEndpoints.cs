using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Tsunagu.Core;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Schedules.Events;

/// <summary>
/// 会議資料: the event page's upload and delete forms post here (multipart, antiforgery token), and its file links
/// download from here. A form post answers 303 back to the event page, which turns the outcome into a Japanese message.
/// </summary>
public static class AttachmentEndpoints
{
    public const string FileField = "file";

    /// <summary>The query flag the event page shows as "added".</summary>
    public const string AttachedFlag = "attached";

    /// <summary>The query flag the event page shows as "removed".</summary>
    public const string DeletedFlag = "attachmentDeleted";

    /// <summary>The query parameter carrying one of <see cref="ErrorCodes"/>.</summary>
    public const string ErrorParameter = "attachmentError";

    /// <summary>The section of the event page a post returns to.</summary>
    public const string Fragment = "attachments";

    /// <summary>The only error codes the page turns into messages (anything else in the query is ignored).</summary>
    public static readonly IReadOnlySet<string> ErrorCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "missing", "empty", "too-large", "too-many", "invalid-name", "cancelled", "unreadable",
    };

    /// <summary>
    /// The largest upload request read: the 10 MB the service accepts plus room for the multipart framing, so that a
    /// file somewhat over 10 MB still reaches the service and gets its Japanese message rather than a bare 413.
    /// </summary>
    public const long MaxRequestBytes = Attachment.MaxBytes + (2 * 1024 * 1024);

    public static string UploadPath(int eventId) => $"/schedule/events/{eventId}/attachments";

    public static string DownloadPath(int attachmentId) => $"/schedule/attachments/{attachmentId}";

    public static string DeletePath(int attachmentId) => $"/schedule/attachments/{attachmentId}/delete";

    public static IEndpointRouteBuilder MapEventAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        // Browser endpoints: AllowCookieRedirect keeps the sign-in redirect, which .NET 10 otherwise turns into a bare 401
        // for endpoints whose TypedResults mark them as an API.
        app.MapPost("/schedule/events/{id:int}/attachments", UploadAsync)
            .RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("schedule"), new RequestSizeLimitAttribute(MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: MaxRequestBytes)
            .AllowCookieRedirect()
            .ExcludeFromDescription();
        app.MapGet("/schedule/attachments/{id:int}", DownloadAsync)
            .RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("schedule"))
            .AllowCookieRedirect()
            .ExcludeFromDescription();
        app.MapPost("/schedule/attachments/{id:int}/delete", DeleteAsync)
            .RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("schedule"))
            .AllowCookieRedirect()
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<NotFound, RedirectSeeOther>> UploadAsync(
        int id, HttpContext http, IAntiforgery antiforgery, EventAttachmentService attachments, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        var at = OccurrenceQuery(http.Request.Query["at"]);
        if (http.Request.ContentLength > MaxRequestBytes)
        {
            // Refused before a byte of the body is read; the page says how large a file may be.
            return Back(id, at, $"{ErrorParameter}=too-large");
        }

        var (form, unreadable) = await ReadFormAsync(http, cancellationToken);
        if (unreadable is not null)
        {
            // The token is in the body that could not be read; answering with a message changes nothing.
            return Back(id, at, $"{ErrorParameter}={unreadable}");
        }

        await antiforgery.ValidateRequestAsync(http);

        at ??= OccurrenceQuery(form["at"]);
        var file = form.Files.GetFile(FileField);
        var viewer = await ScheduleViewer.ForAccountAsync(db, me.RequiredId, cancellationToken);
        try
        {
            // Without a file the service still decides first whether this person may add to the event at all.
            await using var content = file?.OpenReadStream() ?? Stream.Null;
            await attachments.AddAsync(viewer, id, file?.FileName ?? "", file?.ContentType, content, cancellationToken);
        }
        catch (DomainException ex) when (ex.Code == "schedule.not-found")
        {
            return TypedResults.NotFound();
        }
        catch (DomainException ex)
        {
            return Back(id, at, $"{ErrorParameter}={(file is null && ex.Code == "attachment.invalid-name" ? "missing" : ErrorCode(ex.Code))}");
        }

        return Back(id, at, $"{AttachedFlag}=1");
    }

    private static async Task<Results<NotFound, FileContentHttpResult>> DownloadAsync(
        int id, HttpContext http, EventAttachmentService attachments, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        var viewer = await ScheduleViewer.ForAccountAsync(db, me.RequiredId, cancellationToken);
        AttachmentFile file;
        try
        {
            file = await attachments.OpenAsync(viewer, id, cancellationToken);
        }
        catch (DomainException ex) when (ex.Code == "attachment.not-found")
        {
            return TypedResults.NotFound();
        }

        // Someone's meeting papers: no shared cache keeps them, and the browser asks again (the ETag makes that cheap)
        // so that who may read them is decided now. The stored type is what the uploader's browser said; never let it
        // be sniffed or run as a page.
        var headers = http.Response.Headers;
        headers.CacheControl = "private, no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(file.Content, file.ContentType, file.FileName, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""));
    }

    private static async Task<Results<NotFound, BadRequest, RedirectSeeOther>> DeleteAsync(
        int id, HttpContext http, IAntiforgery antiforgery, EventAttachmentService attachments, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        var (form, unreadable) = await ReadFormAsync(http, cancellationToken);
        if (unreadable is not null)
        {
            return TypedResults.BadRequest();
        }

        await antiforgery.ValidateRequestAsync(http);

        var viewer = await ScheduleViewer.ForAccountAsync(db, me.RequiredId, cancellationToken);
        int eventId;
        try
        {
            eventId = await attachments.DeleteAsync(viewer, id, cancellationToken);
        }
        catch (DomainException ex) when (ex.Code == "attachment.not-found")
        {
            return TypedResults.NotFound();
        }

        return Back(eventId, OccurrenceQuery(http.Request.Query["at"]) ?? OccurrenceQuery(form["at"]), $"{DeletedFlag}=1");
    }

    /// <summary>
    /// Reads the form, if the request has one (the antiforgery check then reads the token from it); a body over the
    /// limit or broken multipart gives an error code instead of an exception, never a 500.
    /// </summary>
    private static async Task<(IFormCollection Form, string? Problem)> ReadFormAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return (FormCollection.Empty, null);
        }

        try
        {
            return (await http.Request.ReadFormAsync(cancellationToken), null);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (FormCollection.Empty, "too-large");
        }
        catch (InvalidDataException)
        {
            // Also what the multipart reader throws past its length limit when no Content-Length was sent.
            return (FormCollection.Empty, "unreadable");
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            return (FormCollection.Empty, "unreadable");
        }
    }

    private static string ErrorCode(string code) => code switch
    {
        "attachment.empty" => "empty",
        "attachment.too-large" => "too-large",
        "attachment.too-many" => "too-many",
        "attachment.invalid-name" => "invalid-name",
        "schedule.cancelled" => "cancelled",
        _ => "unreadable",
    };

    /// <summary>An occurrence key as the event page takes it, or null: nothing else from the request goes into the redirect.</summary>
    private static string? OccurrenceQuery(string? value) =>
        OccurrenceKey.Parse(value) is { } at ? OccurrenceKey.ToKey(at) : null;

    private static RedirectSeeOther Back(int eventId, string? at, string flag) =>
        new($"/schedule/events/{eventId}?{(at is null ? "" : $"at={at}&")}{flag}#{Fragment}");
}

/// <summary>303 See Other: after a form post the browser fetches the page with GET, so reloading it posts nothing again.</summary>
public sealed class RedirectSeeOther(string location) : IResult
{
    public string Location { get; } = location;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        return Task.CompletedTask;
    }
}
