using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Features.Approvals;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Api;

public sealed record FormSummaryDto(string Code, string Name, string Category, int Version);

/// <summary>A form with its current version's fields (schema) and route, as the form designer writes them.</summary>
public sealed record FormDetailDto(string Code, string Name, string Category, string Description, int Version, string Retention, JsonNode? Schema, JsonNode? Route);

public sealed record ApprovalRowDto(
    int Id, string Number, string Title, string Form, string Applicant, string Status, string? Step, long? Amount,
    DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt, string? OnBehalfOf, bool PostReview, string Url);

public sealed record ApprovalAssignmentDto(int AccountId, string Name, string Decision, bool IsOpen, string? ActedBy, string ActingAs, DateTimeOffset? ActedAt, bool PostReviewPending);

public sealed record ApprovalStepDto(int Round, int Order, string Name, string Kind, string Mode, int RequiredCount, string Status, IReadOnlyList<ApprovalAssignmentDto> Assignments);

public sealed record ApprovalHistoryDto(int Sequence, int Round, string Action, string Actor, string? Step, string? OnBehalfOf, string Comment, DateTimeOffset OccurredAt);

public sealed record ApprovalRequestDto(
    int Id, string Number, string Title, string Form, string FormName, int FormVersion, PersonDto Applicant, string Status, long? Amount,
    JsonNode? Values, int Round, int Version, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset UpdatedAt, DateTimeOffset? DecidedAt,
    string Retention, DateOnly? DisposalDate, IReadOnlyList<ApprovalStepDto> Steps, IReadOnlyList<ApprovalHistoryDto> History, string Url);

/// <summary>A new request: the form's code, its values; with submit it is filed along its route at once.</summary>
public sealed record ApprovalCreateRequest
{
    public string? Form { get; init; }

    public JsonObject? Values { get; init; }

    public bool Submit { get; init; }

    public string? Comment { get; init; }

    /// <summary>For routes where the applicant picks: route step index ("0") → account id.</summary>
    public Dictionary<string, int>? Choices { get; init; }
}

/// <summary>approve, acknowledge, reject, send-back, pull-back, withdraw or post-review.</summary>
public sealed record ApprovalActionBody
{
    public string? Action { get; init; }

    public string? Comment { get; init; }

    /// <summary>For send-back: applicant (default) or previous.</summary>
    public string? Target { get; init; }

    /// <summary>Acting under a delegation: the account id of the person acted for.</summary>
    public int? OnBehalfOf { get; init; }
}

public sealed record ApprovalActionResultDto(int Id, string Status, bool AlreadyApplied);

/// <summary>
/// /api/v1 forms and approval requests: the same rules as the pages. A request the caller may not see is simply not
/// found (404), whether it exists or not; refusals of the rules are problem details with the Japanese message as title.
/// </summary>
public static class ApprovalApiEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapApprovalApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("approval")).DisableAntiforgery().WithTags("Approvals");
        api.MapGet("/forms", ListFormsAsync).WithName("ListForms").WithSummary("使用中の様式の一覧");
        api.MapGet("/forms/{code}", GetFormAsync).WithName("GetForm").WithSummary("様式(項目の定義と回付ルート)");
        api.MapGet("/approval-requests", ListRequestsAsync).WithName("ListApprovalRequests")
            .WithSummary("申請の一覧(tab=waiting|delegated|mine|done、または過去の申請の絞り込み form, status, applicant, dept, from, to, min, max)");
        api.MapGet("/approval-requests/{id:int}", GetRequestAsync).WithName("GetApprovalRequest").WithSummary("申請(内容・回付の段階・履歴)");
        api.MapPost("/approval-requests", CreateRequestAsync).JsonBody<ApprovalCreateRequest>().WithName("CreateApprovalRequest")
            .WithSummary("申請を作成する(submit: true で提出まで。Idempotency-Key ヘッダーで二重登録を防止)");
        api.MapPost("/approval-requests/{id:int}/actions", ActAsync).JsonBody<ApprovalActionBody>().WithName("ActOnApprovalRequest")
            .WithSummary("承認・否認・差戻し・引戻し・取下げ・確認・後閲(Idempotency-Key ヘッダーで同じ操作の繰り返しを一度だけ適用)");
        return app;
    }

    // ---- forms ----

    private static async Task<Ok<List<FormSummaryDto>>> ListFormsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.FormDefinitions.AsNoTracking().Where(f => f.IsActive).OrderBy(f => f.SortOrder).ThenBy(f => f.Name)
            .Select(f => new FormSummaryDto(f.Code, f.Name, f.Category, f.CurrentVersion)).ToListAsync(cancellationToken));

    private static async Task<Results<Ok<FormDetailDto>, ProblemHttpResult>> GetFormAsync(string code, AppDbContext db, CancellationToken cancellationToken)
    {
        var form = await db.FormDefinitions.AsNoTracking().FirstOrDefaultAsync(f => f.Code == code && f.IsActive, cancellationToken);
        var version = form is null ? null
            : await db.FormVersions.AsNoTracking().FirstOrDefaultAsync(v => v.FormDefinitionId == form.Id && v.Number == form.CurrentVersion, cancellationToken);
        if (form is null || version is null)
        {
            return Problem(404, "様式が見つからないか、現在使われていません。", "approval.form-not-found");
        }

        return TypedResults.Ok(new FormDetailDto(form.Code, form.Name, form.Category, form.Description, form.CurrentVersion, Retention.Label(form.Retention),
            JsonNode.Parse(version.SchemaJson), JsonNode.Parse(version.RouteJson)));
    }

    // ---- requests ----

    private static async Task<Results<Ok<PagedResult<ApprovalRowDto>>, ProblemHttpResult>> ListRequestsAsync(
        HttpContext http, CurrentUser me, AppDbContext db, ApprovalReader reader,
        string? tab, string? page, string? form, string? status, string? applicant, string? dept, string? from, string? to, string? min, string? max,
        CancellationToken cancellationToken)
    {
        var input = new ApprovalQueryInput(form, status, applicant, dept, from, to, min, max, page);
        var parsed = await ApprovalQuery.ParseAsync(db, input, cancellationToken);
        if (parsed.Filter is not { } filter)
        {
            return Problem(400, ListError(parsed.ErrorKey), "approval.invalid-filter");
        }

        var viewer = await ApprovalViewerFactory.ForAsync(db, me, http, cancellationToken);
        RequestPage result;
        if (!string.IsNullOrWhiteSpace(tab))
        {
            if (InboxFormat.ParseTab(tab) is not { } inbox)
            {
                return Problem(400, "tab は waiting・delegated・mine・done のいずれかで指定してください。", "approval.invalid-tab");
            }

            if (input.Pairs().Any())
            {
                return Problem(400, "tab と絞り込み条件(form, status …)は同時に指定できません。", "approval.invalid-filter");
            }

            result = await reader.InboxAsync(viewer, inbox, filter.Page, ApprovalQuery.PageSize, cancellationToken);
        }
        else
        {
            result = await reader.FindAsync(viewer, filter, cancellationToken);
        }

        return TypedResults.Ok(new PagedResult<ApprovalRowDto>(
            result.Rows.Select(r => new ApprovalRowDto(r.Id, r.Number, r.Title, r.FormName, r.ApplicantName, Key(r.Status), r.StepName, r.Amount,
                r.UpdatedAt, r.SubmittedAt, r.ForName, r.PostReview, InboxFormat.Href(r.Id))).ToList(),
            result.Page, result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<ApprovalRequestDto>, ProblemHttpResult>> GetRequestAsync(
        int id, HttpContext http, CurrentUser me, AppDbContext db, ApprovalReader reader, CancellationToken cancellationToken)
    {
        var viewer = await ApprovalViewerFactory.ForAsync(db, me, http, cancellationToken);
        if (!await reader.CanSeeAsync(viewer, id, cancellationToken))
        {
            return NotFound();
        }

        return TypedResults.Ok(await DetailAsync(reader, viewer, id, cancellationToken));
    }

    private static async Task<Results<Created<ApprovalRequestDto>, ValidationProblem, ProblemHttpResult>> CreateRequestAsync(
        HttpContext http, CurrentUser me, AppDbContext db, ApprovalReader reader, ApprovalService service, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await ApiBodies.ReadJsonAsync<ApprovalCreateRequest>(http.Request, cancellationToken);
        if (body is null)
        {
            return unreadable!;
        }

        if (string.IsNullOrWhiteSpace(body.Form))
        {
            return Problem(400, "form に様式のコード(例: purchase)を指定してください。", "approval.form-required");
        }

        var choices = new Dictionary<int, int>();
        foreach (var (key, account) in body.Choices ?? [])
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return Problem(400, "choices のキーは回付ルートの段階の番号(0から)にしてください。", "approval.invalid-choices");
            }

            choices[index] = account;
        }

        if (IdempotencyKey(http) is { Problem: { } keyProblem })
        {
            return keyProblem;
        }

        var viewer = await ApprovalViewerFactory.ForAsync(db, me, http, cancellationToken);
        ApprovalRequest saved;
        try
        {
            saved = await service.SaveAsync(viewer, new SaveRequest(body.Form.Trim(), null, body.Values ?? [])
            {
                Submit = body.Submit,
                Comment = body.Comment,
                Choices = choices,
                ClientKey = IdempotencyKey(http).Key,
            }, cancellationToken);
        }
        catch (FormInvalidException invalid)
        {
            return TypedResults.ValidationProblem(
                invalid.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }, StringComparer.Ordinal),
                title: "入力内容に誤りがあります。", extensions: new Dictionary<string, object?> { ["code"] = "approval.invalid-values" });
        }
        catch (Exception ex) when (Refusal(ex) is { } refusal)
        {
            return refusal;
        }

        db.ChangeTracker.Clear();
        var dto = await DetailAsync(reader, viewer, saved.Id, cancellationToken);
        return TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"/api/v1/approval-requests/{saved.Id}"), dto);
    }

    private static async Task<Results<Ok<ApprovalActionResultDto>, ProblemHttpResult>> ActAsync(
        int id, HttpContext http, CurrentUser me, AppDbContext db, ApprovalReader reader, ApprovalService service, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await ApiBodies.ReadJsonAsync<ApprovalActionBody>(http.Request, cancellationToken);
        if (body is null)
        {
            return unreadable!;
        }

        var key = IdempotencyKey(http);
        if (key.Problem is { } keyProblem)
        {
            return keyProblem;
        }

        var viewer = await ApprovalViewerFactory.ForAsync(db, me, http, cancellationToken);
        if (!await reader.CanSeeAsync(viewer, id, cancellationToken))
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(body.Action))
        {
            return Problem(400, "action に操作(approve, reject, send-back, pull-back, withdraw, acknowledge, post-review)を指定してください。", "approval.unknown-action");
        }

        try
        {
            var result = await service.ActAsync(viewer, id, new ActionRequest(body.Action, body.Comment)
            {
                Target = body.Target,
                OnBehalfOf = body.OnBehalfOf,
                ClientKey = key.Key,
            }, cancellationToken);
            return TypedResults.Ok(new ApprovalActionResultDto(result.RequestId, Key(result.Status), result.AlreadyApplied));
        }
        catch (Exception ex) when (Refusal(ex) is { } refusal)
        {
            return refusal;
        }
    }

    // ---- answers ----

    private static async Task<ApprovalRequestDto> DetailAsync(ApprovalReader reader, ApprovalViewer viewer, int id, CancellationToken cancellationToken)
    {
        var r = await reader.GetAsync(viewer, id, cancellationToken);
        var applicant = new PersonDto(r.ApplicantId, r.Applicant?.UserName ?? "", r.Applicant?.DisplayName ?? "");
        var steps = r.Steps.OrderBy(s => s.Round).ThenBy(s => s.Order)
            .Select(s => new ApprovalStepDto(s.Round, s.Order, s.Name, Key(s.Kind), Key(s.Mode), s.RequiredCount, Key(s.Status),
                s.Assignments.OrderBy(a => a.Id).Select(a => new ApprovalAssignmentDto(a.AssigneeId, a.AssigneeName, Key(a.Decision), a.IsOpen, a.ActedByName, Key(a.ActingAs), a.ActedAt, a.PostReviewPending)).ToList()))
            .ToList();
        var history = r.Actions.OrderBy(a => a.Sequence)
            .Select(a => new ApprovalHistoryDto(a.Sequence, a.Round, Key(a.Kind), a.ActorName, a.StepName, a.OnBehalfOfName, a.Comment, a.OccurredAt))
            .ToList();
        return new ApprovalRequestDto(r.Id, r.Number, r.Title, r.FormDefinition?.Code ?? "", r.FormDefinition?.Name ?? "", r.FormVersion?.Number ?? 0, applicant,
            Key(r.Status), r.Amount, JsonNode.Parse(r.ValuesJson), r.Round, r.Version, r.CreatedAt, r.SubmittedAt, r.UpdatedAt, r.DecidedAt,
            Retention.Label(r.Retention), r.DisposalDate, steps, history, InboxFormat.Href(r.Id));
    }

    /// <summary>Enum values as the API writes them: in-progress, sent-back, post-review …</summary>
    private static string Key<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static string ListError(string? key) => key switch
    {
        "Error.Form" => "form は様式のコードで指定してください。",
        "Error.Status" => "status は in-progress・sent-back・pulled-back・approved・rejected・withdrawn のいずれかで指定してください。",
        "Error.Applicant" => "applicant は50文字以内で指定してください。",
        "Error.Department" => "dept は部署の ID(整数)で指定してください。",
        "Error.Date" => "from と to は日付(例: 2026-04-01)で指定してください。",
        "Error.Period" => "to は from 以降の日付にしてください。",
        "Error.Amount" => "min と max は0以上の整数(円)で指定してください。",
        "Error.AmountRange" => "max は min 以上にしてください。",
        _ => "page は1以上の整数で指定してください。",
    };

    private readonly record struct ClientKey(string? Key, ProblemHttpResult? Problem);

    private static ClientKey IdempotencyKey(HttpContext http)
    {
        var value = http.Request.Headers[IdempotencyHeader].ToString().Trim();
        if (value.Length == 0)
        {
            return new(null, null);
        }

        return value.Length > ApprovalService.MaxClientKeyLength
            ? new(null, Problem(400, $"Idempotency-Key は{ApprovalService.MaxClientKeyLength}文字以内にしてください。", "request.invalid-idempotency-key"))
            : new(value, null);
    }

    /// <summary>A refusal of the core as problem details; null for anything else (which stays a server error).</summary>
    private static ProblemHttpResult? Refusal(Exception exception) => exception switch
    {
        ConflictException conflict => Problem(409, conflict.Message, "approval.conflict"),
        UnauthorizedAccessException denied => Problem(403, denied.Message, "forbidden"),
        DomainException { Code: "approval.not-found" } d => Problem(404, d.Message, d.Code),
        DomainException d => Problem(400, d.Message, d.Code),
        _ => null,
    };

    private static ProblemHttpResult NotFound() => Problem(404, "申請が見つかりません。", "approval.not-found");

    private static ProblemHttpResult Problem(int status, string title, string code, Dictionary<string, object?>? extensions = null) =>
        ApiBodies.Problem(status, title, code, extensions);

}
