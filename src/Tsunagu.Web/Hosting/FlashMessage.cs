namespace Tsunagu.Web.Hosting;

/// <summary>
/// A one-time message a refused form post leaves for the page it redirects to (plain form posts, no JavaScript): a
/// short-lived cookie scoped to the feature's path, read and cleared by the page.
/// </summary>
public sealed record FlashMessage(string CookieName, string Path)
{
    private const int MaxLength = 500;

    public string? Take(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!http.Response.HasStarted)
        {
            http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = Path });
        }

        var message = Uri.UnescapeDataString(value);
        return message.Length <= MaxLength ? message : null;
    }

    public void Set(HttpContext http, string message)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(CookieName, Uri.EscapeDataString(message), new CookieOptions
        {
            Path = Path,
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromMinutes(2),
        });
    }
}
