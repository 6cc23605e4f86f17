using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Requests;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Features.Api;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Requests;

public sealed record WorkRequestSummaryDto(int Id, string Number, string Subject, string State, string Priority, DateOnly? DueDate, bool Overdue,
    string RequesterName, string? RequesterDepartment, string ToDepartment, string? ToPerson, string? Assignee, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Url);

public sealed record WorkRequestHistoryDto(string Kind, string? From, string To, string? Text, DateTimeOffset At, string ActorName);

public sealed record WorkRequestDto(int Id, string Number, string Subject, string Details, string State, string Priority, DateOnly? DueDate, bool Overdue,
    int RequesterId, string RequesterName, string? RequesterDepartment, int ToDepartmentId, string ToDepartment, int? ToAccountId, string? ToPerson,
    int? AssigneeId, string? Assignee, string? Answer, IReadOnlyList<int> WatcherIds, int Version, string? SourceKind, string? SourceKey, string? SourceUrl,
    IReadOnlyList<WorkRequestHistoryDto> History, IReadOnlyList<string> AllowedActions, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Url);

public sealed record WorkRequestPageDto(IReadOnlyList<WorkRequestSummaryDto> Items, int Total, int Page, int PageSize);

/// <summary>A request to open (automation): the department asked (or the person asked, whose department it then is).</summary>
public sealed record WorkRequestCreateBody
{
    public string? Subject { get; init; }

    public string? Details { get; init; }

    public int? ToDepartmentId { get; init; }

    public int? ToAccountId { get; init; }

    public DateOnly? DueDate { get; init; }

    /// <summary>low, normal (default) or high.</summary>
    public string? Priority { get; init; }

    public IReadOnlyList<int>? WatcherIds { get; init; }
}

/// <summary>An action: receive, answer, return, complete or cancel; <see cref="Version"/> is the version last read (409 when someone acted since).</summary>
public sealed record WorkRequestActionBody
{
    public string? Action { get; init; }

    public string? Text { get; init; }

    public int? Version { get; init; }
}

public sealed record WorkRequestCommentBody
{
    public string? Text { get; init; }
}

/// <summary>
/// The request page's forms (受付, 回答, 差戻し, 完了, 取消, 担当者, ウォッチ, コメント, 督促) post here with the antiforgery
/// token and come back with 303 to the page: a success as <c>?done=…</c>, a refusal as a one-time message. Attached
/// files download from here. /api/v1/requests offers the same for automation. A request the caller may not see: the
/// pages answer 403 (404 when there is none), the API 404 either way.
/// </summary>
public static class WorkRequestEndpoints
{
    public static readonly IReadOnlySet<string> Notices = new HashSet<string>(StringComparer.Ordinal)
    {
        "created", "receive", "answer", "return", "complete", "cancel", "comment", "assign", "watch", "unwatch", "watcher-added", "watcher-removed", "remind",
    };

    public const string FlashCookie = "tsunagu-request-flash";

    private static readonly FlashMessage Flashes = new(FlashCookie, "/requests");

    public static IEndpointRouteBuilder MapWorkRequestEndpoints(this IEndpointRouteBuilder app)
    {
        var feature = new FeatureAttribute(WorkRequestService.UsageFeature);
        app.MapPost("/requests/{id:int}/act", ActAsync).RequireAuthorization(Policies.Staff).WithMetadata(feature).AllowCookieRedirect().ExcludeFromDescription();
        app.MapPost("/requests/{id:int}/comment", CommentAsync).RequireAuthorization(Policies.Staff).WithMetadata(feature).AllowCookieRedirect().ExcludeFromDescription();
        app.MapPost("/requests/{id:int}/assign", AssignAsync).RequireAuthorization(Policies.Staff).WithMetadata(feature).AllowCookieRedirect().ExcludeFromDescription();
        app.MapPost("/requests/{id:int}/watchers", WatchersAsync).RequireAuthorization(Policies.Staff).WithMetadata(feature).AllowCookieRedirect().ExcludeFromDescription();
        app.MapPost("/requests/{id:int}/remind", RemindAsync).RequireAuthorization(Policies.Staff).WithMetadata(feature).AllowCookieRedirect().ExcludeFromDescription();
        app.MapGet("/requests/attachments/{id:int}", DownloadAsync).RequireAuthorization(Policies.Staff).WithMetadata(feature).AllowCookieRedirect().ExcludeFromDescription();

        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Staff).WithMetadata(feature).DisableAntiforgery().WithTags("Requests");
        api.MapGet("/requests", ApiListAsync).WithName("ListWorkRequests").WithSummary("自分に関係する依頼(tab: waiting, asked, watching, all; state で絞り込み)");
        api.MapGet("/requests/{id:int}", ApiGetAsync).WithName("GetWorkRequest").WithSummary("依頼の詳細と履歴");
        api.MapPost("/requests", ApiCreateAsync).JsonBody<WorkRequestCreateBody>().WithName("CreateWorkRequest").WithSummary("部署(または職員)に依頼する");
        api.MapPost("/requests/{id:int}/actions", ApiActAsync).JsonBody<WorkRequestActionBody>().WithName("ActOnWorkRequest")
            .WithSummary("受付(receive)・回答(answer)・差戻し(return)・完了(complete)・取消(cancel)。version が古いと 409");
        api.MapPost("/requests/{id:int}/comments", ApiCommentAsync).JsonBody<WorkRequestCommentBody>().WithName("CommentOnWorkRequest").WithSummary("コメントを書く");
        return app;
    }

    /// <summary>Reads and clears the one-time message a refused post left for the request page.</summary>
    public static string? TakeFlash(HttpContext http) => Flashes.Take(http);

    private static Task<IResult> ActAsync(int id, HttpContext http, IAntiforgery antiforgery, WorkRequestService service, WorkRequestReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        PostAsync(id, http, antiforgery, reader, db, me, async form =>
        {
            var action = WorkRequestFormat.ParseAction(form["action"].FirstOrDefault())
                ?? throw new DomainException("request.invalid-action", "操作の種類が正しくありません。");
            int? version = int.TryParse(form["version"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
            await service.ActAsync(me.RequiredId, id, action, form["text"].FirstOrDefault(), version, cancellationToken);
            return WorkRequestFormat.ActionKey(action);
        }, cancellationToken);

    private static Task<IResult> CommentAsync(int id, HttpContext http, IAntiforgery antiforgery, WorkRequestService service, WorkRequestReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        PostAsync(id, http, antiforgery, reader, db, me, async form =>
        {
            await service.CommentAsync(me.RequiredId, id, form["text"].FirstOrDefault(), cancellationToken);
            return "comment";
        }, cancellationToken);

    private static Task<IResult> AssignAsync(int id, HttpContext http, IAntiforgery antiforgery, WorkRequestService service, WorkRequestReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        PostAsync(id, http, antiforgery, reader, db, me, async form =>
        {
            if (!int.TryParse(form["assignee"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var assignee))
            {
                throw new DomainException("request.assignee-outside", "担当者を選んでください。");
            }

            int? version = int.TryParse(form["version"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
            await service.AssignAsync(me.RequiredId, id, assignee, version, cancellationToken);
            return "assign";
        }, cancellationToken);

    private static Task<IResult> WatchersAsync(int id, HttpContext http, IAntiforgery antiforgery, WorkRequestService service, WorkRequestReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        PostAsync(id, http, antiforgery, reader, db, me, async form =>
        {
            var command = form["command"].FirstOrDefault();
            switch (command)
            {
                case "watch":
                case "unwatch":
                    await service.SetWatcherAsync(me.RequiredId, id, me.RequiredId, command == "watch", cancellationToken);
                    return command;
                case "add":
                    var (person, error) = await reader.FindPersonAsync(form["person"].FirstOrDefault(), cancellationToken);
                    if (person is not { } added)
                    {
                        throw new DomainException("request.watcher-not-found", error ?? "");
                    }

                    await service.SetWatcherAsync(me.RequiredId, id, added, true, cancellationToken);
                    return "watcher-added";
                case "remove" when int.TryParse(form["account"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var removed):
                    await service.SetWatcherAsync(me.RequiredId, id, removed, false, cancellationToken);
                    return "watcher-removed";
                default:
                    throw new DomainException("request.invalid-action", "操作の種類が正しくありません。");
            }
        }, cancellationToken);

    private static Task<IResult> RemindAsync(int id, HttpContext http, IAntiforgery antiforgery, WorkRequestService service, WorkRequestReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        PostAsync(id, http, antiforgery, reader, db, me, async _ =>
        {
            await service.RemindAsync(me.RequiredId, id, cancellationToken);
            return "remind";
        }, cancellationToken);

    private static async Task<IResult> PostAsync(int id, HttpContext http, IAntiforgery antiforgery, WorkRequestReader reader, AppDbContext db, CurrentUser me,
        Func<IFormCollection, Task<string>> act, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var scope = await WorkRequestScope.ForAccountAsync(db, me.RequiredId, cancellationToken);
        if (!await reader.CanSeeAsync(scope, id, cancellationToken))
        {
            return await reader.ExistsAsync(id, cancellationToken) ? TypedResults.Forbid() : TypedResults.NotFound();
        }

        try
        {
            var done = await act(form);
            return new SeeOther(Page(id, done));
        }
        catch (DomainException ex)
        {
            Flashes.Set(http, ex.Message);
        }
        catch (ConflictException ex)
        {
            Flashes.Set(http, ex.Message);
        }
        catch (AccessDeniedException ex)
        {
            // Someone who sees the request pressing a button that is not theirs (a stale or forged form): say why.
            Flashes.Set(http, ex.Message);
        }

        return new SeeOther(Page(id, null));
    }

    private static string Page(int id, string? done) =>
        done is null ? WorkRequestService.Url(id) : $"{WorkRequestService.Url(id)}?done={done}";

    private static async Task<IResult> DownloadAsync(int id, HttpContext http, WorkRequestReader reader, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        var scope = await WorkRequestScope.ForAccountAsync(db, me.RequiredId, cancellationToken);
        var file = await reader.OpenAttachmentAsync(scope, id, cancellationToken);
        if (file is null)
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.CacheControl = "private, no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(file.Content, file.ContentType, file.FileName, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""));
    }

    // ---- API ----

    private static async Task<Results<Ok<WorkRequestPageDto>, ProblemHttpResult>> ApiListAsync(string? tab, string? state, int? page, AppDbContext db, WorkRequestReader reader, CurrentUser me, TimeProvider clock, CancellationToken cancellationToken)
    {
        var parsedTab = WorkRequestFormat.ParseTab(tab);
        var (stateOk, parsedState) = WorkRequestFormat.ParseState(state);
        if (parsedTab is null || !stateOk || page is < 1 or > 100_000)
        {
            return ApiBodies.Problem(400, "tab(waiting, asked, watching, all)、state(open, in-progress, answered, returned, completed, cancelled)、page(1以上)を確かめてください。", "request.invalid-query");
        }

        var scope = await WorkRequestScope.ForAccountAsync(db, me.RequiredId, cancellationToken);
        var today = WorkRequestFormat.Today(clock);
        var result = await reader.ListAsync(scope, parsedTab.Value, new WorkRequestFilter { State = parsedState }, today, page ?? 1, WorkRequestReader.PageSize, cancellationToken);
        return TypedResults.Ok(new WorkRequestPageDto(result.Rows.Select(r => Summary(r, today)).ToList(), result.Total, result.Page, result.PageSize));
    }

    private static async Task<Results<Ok<WorkRequestDto>, ProblemHttpResult>> ApiGetAsync(int id, AppDbContext db, WorkRequestReader reader, CurrentUser me, TimeProvider clock, CancellationToken cancellationToken)
    {
        var scope = await WorkRequestScope.ForAccountAsync(db, me.RequiredId, cancellationToken);
        var view = await reader.GetAsync(scope, id, WorkRequestFormat.Today(clock), cancellationToken);
        return view is null ? NotFound() : TypedResults.Ok(Dto(view, WorkRequestFormat.Today(clock)));
    }

    private static async Task<Results<Created<WorkRequestDto>, ProblemHttpResult>> ApiCreateAsync(HttpContext http, AppDbContext db, WorkRequestService service, WorkRequestReader reader, CurrentUser me, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await ApiBodies.ReadJsonAsync<WorkRequestCreateBody>(http.Request, cancellationToken);
        if (body is null)
        {
            return unreadable!;
        }

        var (priorityOk, priority) = WorkRequestFormat.ParsePriority(body.Priority);
        if (!priorityOk)
        {
            return ApiBodies.Problem(400, "priority は low, normal, high のいずれかにしてください。", "request.invalid-priority");
        }

        int id;
        try
        {
            id = await service.CreateAsync(me.RequiredId, new NewWorkRequest
            {
                Subject = body.Subject ?? "",
                Details = body.Details ?? "",
                ToDepartmentId = body.ToDepartmentId,
                ToAccountId = body.ToAccountId,
                DueDate = body.DueDate,
                Priority = priority ?? WorkRequestPriority.Normal,
                WatcherIds = body.WatcherIds ?? [],
            }, cancellationToken);
        }
        catch (DomainException ex)
        {
            return ApiBodies.Problem(400, ex.Message, ex.Code);
        }

        var scope = await WorkRequestScope.ForAccountAsync(db, me.RequiredId, cancellationToken);
        var today = WorkRequestFormat.Today(clock);
        var view = await reader.GetAsync(scope, id, today, cancellationToken);
        return TypedResults.Created("/api/v1/requests/" + WorkRequestFormat.Text(id), Dto(view!, today));
    }

    private static async Task<Results<Ok<WorkRequestDto>, ProblemHttpResult>> ApiActAsync(int id, HttpContext http, AppDbContext db, WorkRequestService service, WorkRequestReader reader, CurrentUser me, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await ApiBodies.ReadJsonAsync<WorkRequestActionBody>(http.Request, cancellationToken);
        if (body is null)
        {
            return unreadable!;
        }

        var scope = await WorkRequestScope.ForAccountAsync(db, me.RequiredId, cancellationToken);
        if (!await reader.CanSeeAsync(scope, id, cancellationToken))
        {
            return NotFound();
        }

        if (WorkRequestFormat.ParseAction(body.Action) is not { } action)
        {
            return ApiBodies.Problem(400, "action は receive, answer, return, complete, cancel のいずれかにしてください。", "request.invalid-action");
        }

        var problem = await GuardAsync(() => service.ActAsync(me.RequiredId, id, action, body.Text, body.Version, cancellationToken));
        if (problem is not null)
        {
            return problem;
        }

        var today = WorkRequestFormat.Today(clock);
        return TypedResults.Ok(Dto((await reader.GetAsync(scope, id, today, cancellationToken))!, today));
    }

    private static async Task<Results<Ok<WorkRequestDto>, ProblemHttpResult>> ApiCommentAsync(int id, HttpContext http, AppDbContext db, WorkRequestService service, WorkRequestReader reader, CurrentUser me, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await ApiBodies.ReadJsonAsync<WorkRequestCommentBody>(http.Request, cancellationToken);
        if (body is null)
        {
            return unreadable!;
        }

        var scope = await WorkRequestScope.ForAccountAsync(db, me.RequiredId, cancellationToken);
        if (!await reader.CanSeeAsync(scope, id, cancellationToken))
        {
            return NotFound();
        }

        var problem = await GuardAsync(() => service.CommentAsync(me.RequiredId, id, body.Text, cancellationToken));
        if (problem is not null)
        {
            return problem;
        }

        var today = WorkRequestFormat.Today(clock);
        return TypedResults.Ok(Dto((await reader.GetAsync(scope, id, today, cancellationToken))!, today));
    }

    /// <summary>Runs an action and turns the refusals into problem details: 400, 403 or 409.</summary>
    private static async Task<ProblemHttpResult?> GuardAsync(Func<Task> act)
    {
        try
        {
            await act();
            return null;
        }
        catch (DomainException ex) when (ex.Code == "request.not-found")
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            return ApiBodies.Problem(400, ex.Message, ex.Code);
        }
        catch (AccessDeniedException ex)
        {
            return ApiBodies.Problem(403, ex.Message, "request.forbidden");
        }
        catch (ConflictException ex)
        {
            return ApiBodies.Problem(409, ex.Message, "request.conflict");
        }
    }

    private static ProblemHttpResult NotFound() => ApiBodies.Problem(404, "依頼が見つかりません。", "request.not-found");

    private static WorkRequestSummaryDto Summary(WorkRequestRow r, DateOnly today) =>
        new(r.Id, WorkRequestFormat.Number(r.Id), r.Subject, WorkRequestFormat.StateKey(r.State), WorkRequestFormat.PriorityKey(r.Priority), r.DueDate, r.IsOverdue(today),
            r.RequesterName, r.RequesterDepartment, r.ToDepartment, r.ToPerson, r.Assignee, r.CreatedAt, r.UpdatedAt, WorkRequestService.Url(r.Id));

    private static WorkRequestDto Dto(WorkRequestView v, DateOnly today)
    {
        var r = v.Request;
        var allowed = Enum.GetValues<WorkRequestAction>().Where(v.Can).Select(WorkRequestFormat.ActionKey).ToList();
        return new WorkRequestDto(r.Id, WorkRequestFormat.Number(r.Id), r.Subject, r.Details, WorkRequestFormat.StateKey(r.State), WorkRequestFormat.PriorityKey(r.Priority), r.DueDate, r.IsOverdue(today),
            r.RequesterId, v.Requester.Name, v.RequesterDepartment, r.ToDepartmentId, v.ToDepartment, r.ToAccountId, v.ToPerson?.Name, r.AssigneeId, v.Assignee?.Name, r.Answer,
            v.Watchers.Select(w => w.AccountId).ToList(), r.Version, r.SourceKind, r.SourceKey, r.SourceUrl,
            v.History.Select(h => new WorkRequestHistoryDto(h.Kind.ToString().ToLowerInvariant(), h.From is { } f ? WorkRequestFormat.StateKey(f) : null, WorkRequestFormat.StateKey(h.To), h.Text, h.At, h.ActorName)).ToList(),
            allowed, r.CreatedAt, r.UpdatedAt, WorkRequestService.Url(r.Id));
    }

    /// <summary>303 See Other: after a form post the browser loads the page with GET.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
