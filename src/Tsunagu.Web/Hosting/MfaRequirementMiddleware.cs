using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Tsunagu.Core.Data;
using Tsunagu.Web.Features.Accounts;

namespace Tsunagu.Web.Hosting;

/// <summary>When the administrator requires MFA, a signed-in person without it can only reach the enrolment page.</summary>
internal sealed class MfaRequirementMiddleware(RequestDelegate next, IMemoryCache cache)
{
    public const string EnrolPath = "/account/security";

    public async Task InvokeAsync(HttpContext context, AppDbContext db)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && context.User.Identity.AuthenticationType != AuthSchemes.Token
            && context.User.FindFirst(TsunaguClaimsFactory.MfaEnabled)?.Value == "0"
            && !IsAllowed(context.Request.Path)
            && await IsRequiredAsync(db))
        {
            context.Response.Redirect($"{EnrolPath}?required=1");
            return;
        }

        await next(context);
    }

    public static void Invalidate(IMemoryCache cache) => cache.Remove(CacheKey);

    private const string CacheKey = "setting:require-mfa";

    private async Task<bool> IsRequiredAsync(AppDbContext db) =>
        await cache.GetOrCreateAsync(CacheKey, async e =>
        {
            e.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
            var value = await db.Settings.Where(s => s.Key == SystemSetting.RequireMfa).Select(s => s.Value).FirstOrDefaultAsync();
            return value == "true";
        });

    private static bool IsAllowed(PathString path) =>
        path.StartsWithSegments(EnrolPath) || path.StartsWithSegments("/account/logout") || path.StartsWithSegments("/_framework")
        || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/css") || path.StartsWithSegments("/lib")
        || path.StartsWithSegments("/error") || path.StartsWithSegments("/culture") || path.StartsWithSegments("/healthz")
        || path.Value?.EndsWith(".css", StringComparison.Ordinal) == true || path.Value?.EndsWith(".js", StringComparison.Ordinal) == true;
}
