using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Schedules.Sync;

/// <summary>
/// The secret iCalendar feed that calendar programs poll (anonymous: the secret in the address is the credential) and
/// the .ics download of one's own schedule.
/// </summary>
public static class SyncEndpoints
{
    public const string ExportPath = "/schedule/sync/export";

    public static IEndpointRouteBuilder MapScheduleSyncEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/calendar/{token}.ics", FeedAsync)
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapGet(ExportPath, ExportAsync)
            .RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("schedule"))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The feed's address for a secret, as calendar programs are given it.</summary>
    public static string FeedPath(string secret) => $"/calendar/{secret}.ics";

    private static async Task<IResult> FeedAsync(string token, HttpContext http, CalendarFeedService feeds, IcsInterop interop, AppDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var owner = await feeds.OwnerOfAsync(token, cancellationToken);
        if (owner is not { } accountId)
        {
            return Results.NotFound();
        }

        var now = clock.GetUtcNow();
        var name = await db.Users.Where(a => a.Id == accountId).Select(a => a.DisplayName).FirstAsync(cancellationToken);
        var ics = await interop.ExportForAccountAsync(accountId, now - CalendarFeedService.PastReach, now + CalendarFeedService.FutureReach, Options(http, name), cancellationToken);

        // The feed is someone's schedule: only their own calendar program may keep it, and only for a while.
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ics)))[..32] + "\"";
        var headers = http.Response.Headers;
        headers.CacheControl = "private, max-age=900";
        headers.ETag = etag;
        headers["X-Robots-Tag"] = "noindex, nofollow";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(t => t.Trim()).Contains(etag, StringComparer.Ordinal)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Text(ics, IcsInterop.ContentType + "; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> ExportAsync(HttpContext http, CurrentUser me, IcsInterop interop, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ics = await interop.ExportForAccountAsync(me.RequiredId, now - CalendarFeedService.PastReach, now + CalendarFeedService.FutureReach, Options(http, me.DisplayName), cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        var file = string.Create(CultureInfo.InvariantCulture, $"tsunagu-schedule-{Clock.TokyoDate(now):yyyyMMdd}.ics");
        return Results.File(Encoding.UTF8.GetBytes(ics), IcsInterop.ContentType + "; charset=utf-8", file);
    }

    private static IcsExportOptions Options(HttpContext http, string name)
    {
        var request = http.Request;
        var baseAddress = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        return new IcsExportOptions(request.Host.Host, baseAddress, $"{name}の予定(つなぐ)");
    }

    /// <summary>The host that names events in UIDs this system writes (tsunagu-{id}@{host}), for imports to recognise them.</summary>
    public static string Host(HttpContext http) => http.Request.Host.Host;
}
