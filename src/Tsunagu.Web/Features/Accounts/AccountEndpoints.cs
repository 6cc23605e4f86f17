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
        app.MapPost("/account/passkey/creation-options", async (HttpContext context, UserManager<Tsunagu.Core.Identity.Account> users, SignInManager<Tsunagu.Core.Identity.Account> signIn, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            var user = await users.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound();
            }

            var json = await signIn.MakePasskeyCreationOptionsAsync(new()
            {
                Id = await users.GetUserIdAsync(user),
                Name = user.UserName ?? "",
                DisplayName = user.DisplayName,
            });
            return Results.Content(json, "application/json");
        }).ExcludeFromDescription();

        app.MapPost("/account/passkey/request-options", async (HttpContext context, string? login, UserManager<Tsunagu.Core.Identity.Account> users, SignInManager<Tsunagu.Core.Identity.Account> signIn, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            var user = string.IsNullOrWhiteSpace(login) ? null : await users.FindByNameAsync(login.Trim().ToLowerInvariant());
            var json = await signIn.MakePasskeyRequestOptionsAsync(user);
            return Results.Content(json, "application/json");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
