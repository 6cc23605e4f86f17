using System.Globalization;
using System.Security.Claims;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Identity;

namespace Tsunagu.Web.Features.Accounts;

/// <summary>The signed-in person as the request sees them.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public int? Id => IdOf(Principal);

    public int RequiredId => Id ?? throw new InvalidOperationException("No signed-in user.");

    public string DisplayName => Principal.FindFirstValue(TsunaguClaimsFactory.DisplayName) ?? Principal.Identity?.Name ?? "";

    public bool IsSystemAdmin => Principal.IsInRole(Roles.SystemAdministrator);

    public bool IsDxOffice => IsSystemAdmin || Principal.IsInRole(Roles.DxOffice);

    public Actor Actor => accessor.HttpContext is { } c ? ActorOf(c) : Actor.System;

    public static int? IdOf(ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static Actor ActorOf(HttpContext context) =>
        new(IdOf(context.User), context.User.Identity?.Name ?? "anonymous", context.Connection.RemoteIpAddress?.ToString());
}
