using System.Globalization;
using Tsunagu.Core.Bulletins;
using Tsunagu.Core.Data;
using Tsunagu.Web.Features.Accounts;

namespace Tsunagu.Web.Features.Bulletins;

/// <summary>What the bulletin pages and endpoints share: the viewer, addresses, the one-time message of a refused post.</summary>
public static class BulletinWeb
{
    public const string FlashCookie = "tsunagu-bulletin-flash";

    /// <summary>The <c>done</c> values the post page turns into a message (anything else is ignored).</summary>
    public static readonly IReadOnlySet<string> Notices = new HashSet<string>(StringComparer.Ordinal) { "posted", "saved", "confirmed", "already", "commented" };

    public static Task<BulletinViewer> ViewerAsync(AppDbContext db, CurrentUser me, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        return BulletinViewer.ForAccountAsync(db, me.RequiredId, me.IsSystemAdmin, cancellationToken);
    }

    public static string Href(int id, string? done = null) =>
        done is null ? $"/bulletins/{Id(id)}" : $"/bulletins/{Id(id)}?done={done}";

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public static string? ShowKey(BulletinShow show) => show switch
    {
        BulletinShow.Unread => "unread",
        BulletinShow.ToConfirm => "confirm",
        BulletinShow.Mine => "mine",
        _ => null,
    };

    public static BulletinShow? ParseShow(string? value) => (value ?? "").Trim() switch
    {
        "" or "all" => BulletinShow.All,
        "unread" => BulletinShow.Unread,
        "confirm" => BulletinShow.ToConfirm,
        "mine" => BulletinShow.Mine,
        _ => null,
    };

    public static void Flash(HttpContext http, string message)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(FlashCookie, Uri.EscapeDataString(message), new CookieOptions
        {
            Path = "/bulletins",
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromMinutes(2),
        });
    }

    public static string? TakeFlash(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.Request.Cookies.TryGetValue(FlashCookie, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!http.Response.HasStarted)
        {
            http.Response.Cookies.Delete(FlashCookie, new CookieOptions { Path = "/bulletins" });
        }

        var message = Uri.UnescapeDataString(value);
        return message.Length <= 500 ? message : null;
    }

    /// <summary>A Tokyo wall-clock time from a datetime-local input (2026-04-01T09:00); null when empty.</summary>
    public static bool TryParseLocal(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTime.TryParseExact(text.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            value = Core.Clock.FromTokyo(local);
            return true;
        }

        return false;
    }

    public static string LocalInput(DateTimeOffset? value) =>
        value is { } v ? Core.Clock.TokyoLocal(v).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) : "";
}
