using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Identity;

namespace Tsunagu.Web.Features.Accounts;

public static class AuthSchemes
{
    public const string Smart = "Smart";
    public const string Token = "AccessToken";

    /// <summary>Requests that carry a bearer token are API calls; everything else uses the sign-in cookie.</summary>
    public static string Select(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || HubQueryToken(context.Request) is not null
            ? Token
            : IdentityConstants.ApplicationScheme;

    /// <summary>Machine endpoints: answered with status codes and problem details, never redirects or pages.</summary>
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api/v1") || request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/account/passkey")
        || request.Path.StartsWithSegments(HubsPath);

    private const string HubsPath = "/hubs";

    /// <summary>
    /// Browsers cannot set headers on a WebSocket, so SignalR clients send the token as <c>access_token</c> in the query
    /// string; it is accepted there for the hubs only, so tokens stay out of the addresses of everything else.
    /// </summary>
    internal static string? HubQueryToken(HttpRequest request) =>
        request.Path.StartsWithSegments(HubsPath) && request.Query["access_token"].ToString() is { Length: > 0 } token ? token : null;
}

/// <summary>Authenticates <c>Authorization: Bearer tsn_…</c> as the token's owner, with the owner's roles.</summary>
internal sealed class AccessTokenAuthenticationHandler(
    Microsoft.Extensions.Options.IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenService tokens,
    IUserClaimsPrincipalFactory<Tsunagu.Core.Identity.Account> principals) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : AuthSchemes.HubQueryToken(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var account = await tokens.AuthenticateAsync(token, Context.RequestAborted);
        if (account is null)
        {
            return AuthenticateResult.Fail("invalid token");
        }

        var principal = await principals.CreateAsync(account);
        var identity = new ClaimsIdentity(principal.Claims, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "認証が必要です。", detail: "有効なアクセストークンを Authorization: Bearer で送ってください。").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await AuditDenied(Context);
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: 403, title: "権限がありません。").ExecuteAsync(Context);
    }

    internal static async Task AuditDenied(HttpContext context)
    {
        var audit = context.RequestServices.GetRequiredService<AuditLog>();
        await audit.WriteAsync(CurrentUser.ActorOf(context), "access.denied", context.Request.Path.ToString(), context.Request.Method);
    }
}

/// <summary>API requests get 401/403 problem details instead of redirects; denials are audited.</summary>
internal sealed class CookieEvents : CookieAuthenticationEvents
{
    public override async Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (AuthSchemes.IsApi(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await Results.Problem(statusCode: 401, title: "認証が必要です。").ExecuteAsync(context.HttpContext);
            return;
        }

        await base.RedirectToLogin(context);
    }

    public override async Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        await AccessTokenAuthenticationHandler.AuditDenied(context.HttpContext);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (AuthSchemes.IsApi(context.Request))
        {
            await Results.Problem(statusCode: 403, title: "権限がありません。").ExecuteAsync(context.HttpContext);
        }

        // Pages: the status code page middleware renders /error/403 with status 403.
    }
}

/// <summary>Adds what the shell needs without a query per request: display name, department, MFA state.</summary>
internal sealed class TsunaguClaimsFactory(
    UserManager<Tsunagu.Core.Identity.Account> users,
    RoleManager<IdentityRole<int>> roles,
    Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Tsunagu.Core.Identity.Account, IdentityRole<int>>(users, roles, options)
{
    public const string DisplayName = "tsunagu:name";
    public const string DepartmentId = "tsunagu:dept";
    public const string MfaEnabled = "tsunagu:mfa";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Tsunagu.Core.Identity.Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        if (user.DepartmentId is { } dept)
        {
            identity.AddClaim(new Claim(DepartmentId, dept.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        identity.AddClaim(new Claim(MfaEnabled, user.TwoFactorEnabled ? "1" : "0"));
        return identity;
    }
}

/// <summary>A deactivated account cannot sign in (Identity then answers NotAllowed).</summary>
internal sealed class ActiveAccountConfirmation : IUserConfirmation<Tsunagu.Core.Identity.Account>
{
    public Task<bool> IsConfirmedAsync(UserManager<Tsunagu.Core.Identity.Account> manager, Tsunagu.Core.Identity.Account user) => Task.FromResult(user.IsActive);
}
