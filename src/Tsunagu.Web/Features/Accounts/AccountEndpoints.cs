using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Tsunagu.Core.Audit;

namespace Tsunagu.Web.Features.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext context, SignInManager<Tsunagu.Core.Identity.Account> signIn, AuditLog audit, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var actor = CurrentUser.ActorOf(context);
            await signIn.SignOutAsync();
            if (actor.AccountId is not null)
            {
                await audit.WriteAsync(actor, "signout", $"account:{actor.AccountId}");
            }

            return Results.LocalRedirect("/account/login?signedOut=true");
        }).AllowAnonymous().DisableAntiforgery();
        return app;
    }
}
