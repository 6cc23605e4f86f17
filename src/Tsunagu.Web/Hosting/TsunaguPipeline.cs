using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Scalar.AspNetCore;
using Tsunagu.Core;
using Tsunagu.Web.Components;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Features.Admin;
using Tsunagu.Web.Features.Api;
using Tsunagu.Web.Features.Approvals;
using Tsunagu.Web.Features.Bulletins;
using Tsunagu.Web.Features.Chat;
using Tsunagu.Web.Features.Chat.Realtime;
using Tsunagu.Web.Features.Circulation;
using Tsunagu.Web.Features.FormAdmin;
using Tsunagu.Web.Features.Meetings;
using Tsunagu.Web.Features.Minutes;
using Tsunagu.Web.Features.Requests;
using Tsunagu.Web.Features.StaffSurveys;
using Tsunagu.Web.Features.Schedules.Events;
using Tsunagu.Web.Features.Schedules.Sync;
using Tsunagu.Web.Features.Usage;

namespace Tsunagu.Web.Hosting;

public static class TsunaguPipeline
{
    public static WebApplication UseTsunagu(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleExceptionAsync, StatusCodeSelector = StatusFor });
        // Pages get a rendered Japanese error page; the API and requests that cannot be replayed as a page get problem details.
        app.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
        app.Use(ProblemStatusPages);
        app.Use(RefusalsAsStatusCodes);
        app.Use(SecurityHeaders);
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<MfaRequirementMiddleware>();
        app.UseMiddleware<UsageMiddleware>();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapOpenApi().RequireAuthorization();
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("Tsunagu API")).RequireAuthorization();
        app.MapGet("/culture", SetCulture).AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapAdminEndpoints();
        app.MapApiEndpoints();
        app.MapScheduleApiEndpoints();
        app.MapScheduleSyncEndpoints();
        app.MapEventAttachmentEndpoints();
        app.MapApprovalPageEndpoints();
        app.MapApprovalInboxEndpoints();
        app.MapFormAdminEndpoints();
        app.MapApprovalApiEndpoints();
        app.MapBulletinEndpoints();
        app.MapCirculationEndpoints();
        app.MapChatEndpoints();
        app.MapChatRealtime();
        app.MapMeetingEndpoints();
        app.MapUsageEndpoints();
        app.MapMinutesEndpoints();
        app.MapWorkRequestEndpoints();
        app.MapStaffSurveyEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// A rule that refuses (a scope check, a business rule nobody caught) answers with its status code, so the
    /// status-code pages above render the Japanese error page at the same address, or problem details for the API.
    /// </summary>
    private static async Task RefusalsAsStatusCodes(HttpContext context, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is ForbiddenException or AccessDeniedException or DomainException or ConflictException or Core.Approvals.FormInvalidException or Core.Forms.FormSchemaException or Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusFor(ex);
            if (ex is ForbiddenException or AccessDeniedException)
            {
                await Features.Accounts.AccessTokenAuthenticationHandler.AuditDenied(context);
            }
        }
    }

    private static async Task ProblemStatusPages(HttpContext context, Func<Task> next)
    {
        var page = ShowsErrorPage(context);
        if (!page && context.Features.Get<IStatusCodePagesFeature>() is { } feature)
        {
            feature.Enabled = false;
        }

        await next();
        var response = context.Response;
        if (!page && response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            await Results.Problem(statusCode: response.StatusCode, title: ProblemTitle(response.StatusCode)).ExecuteAsync(context);
        }
    }

    private static string ProblemTitle(int status) => status switch
    {
        400 => "リクエストが正しくありません。",
        401 => "認証が必要です。",
        403 => "権限がありません。",
        404 => "見つかりません。",
        405 => "この方法では操作できません。",
        415 => "この形式のデータは受け付けません。",
        429 => "リクエストが多すぎます。しばらく待ってからお試しください。",
        _ => status >= 500 ? "サーバーでエラーが発生しました。" : "リクエストを処理できません。",
    };

    private static bool ShowsErrorPage(HttpContext context) =>
        !AuthSchemes.IsApi(context.Request)
        && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || IsForm(context.Request.ContentType));

    // Request.HasFormContentType throws once antiforgery has failed, so the header is read directly.
    private static bool IsForm(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase));

    private static int StatusFor(Exception exception) => exception switch
    {
        DomainException or Core.Approvals.FormInvalidException or Core.Forms.FormSchemaException => StatusCodes.Status400BadRequest,
        ConflictException => StatusCodes.Status409Conflict,
        ForbiddenException or AccessDeniedException => StatusCodes.Status403Forbidden,
        Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => StatusCodes.Status400BadRequest,
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static async Task HandleExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var status = exception is null ? 500 : StatusFor(exception);
        context.Response.StatusCode = status;
        if (AuthSchemes.IsApi(context.Request))
        {
            var detail = exception is DomainException or ConflictException or Core.Approvals.FormInvalidException or Core.Forms.FormSchemaException ? exception.Message : null;
            await Results.Problem(statusCode: status, title: status >= 500 ? "サーバーでエラーが発生しました。" : "リクエストを処理できません。", detail: detail).ExecuteAsync(context);
            return;
        }

        if (!ShowsErrorPage(context))
        {
            await Results.Problem(statusCode: status, title: status >= 500 ? "サーバーでエラーが発生しました。" : "リクエストを処理できません。").ExecuteAsync(context);
            return;
        }

        context.Response.Redirect($"/error/{status}");
    }

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next();
    }

    private static IResult SetCulture(string? culture, string? returnUrl, HttpContext context)
    {
        var chosen = TsunaguServices.SupportedCultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase))?.Name ?? "ja-JP";
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        return Results.LocalRedirect(Login.SafeReturnUrl(returnUrl));
    }
}
