using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagu.Core;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Data;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Hosting;
using Tsunagu.Web.Resources;

namespace Tsunagu.Web.Features.Approvals;

/// <summary>GET /approvals/export.csv: 過去の申請 with the search page's filters, only what the viewer may see.</summary>
public static class ApprovalInboxEndpoints
{
    public const string ExportPath = "/approvals/export.csv";

    public static IEndpointRouteBuilder MapApprovalInboxEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ExportPath, ExportAsync)
            .RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("approval"))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExportAsync(
        HttpContext http, CurrentUser me, AppDbContext db, ApprovalReader reader, TimeProvider clock, IStringLocalizer<ApprovalInboxText> text,
        string? form, string? status, string? applicant, string? dept, string? from, string? to, string? min, string? max, string? encoding)
    {
        var chosen = ApprovalCsv.EncodingFor(encoding);
        if (chosen is null)
        {
            return TypedResults.Problem(statusCode: 400, title: text["Error.Encoding"]);
        }

        var parsed = await ApprovalQuery.ParseAsync(db, new ApprovalQueryInput(form, status, applicant, dept, from, to, min, max, null), http.RequestAborted);
        if (parsed.ErrorKey is { } error)
        {
            return TypedResults.Problem(statusCode: 400, title: text[error]);
        }

        var viewer = ApprovalQuery.Viewer(me, http);
        var file = string.Create(CultureInfo.InvariantCulture, $"approvals-{Clock.ToTokyo(clock.GetUtcNow()):yyyyMMdd-HHmm}.csv");
        http.Response.ContentType = ApprovalCsv.ContentType(chosen);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{file}\"";
        http.Response.Headers.CacheControl = "no-store";
        await ApprovalCsv.WriteAsync(http.Response.Body, chosen, reader.ExportAsync(viewer, parsed.Filter!), http.RequestAborted);
        return TypedResults.Empty;
    }
}

/// <summary>The search page's and export's filters as the query string carries them (all text, checked here).</summary>
public sealed record ApprovalQueryInput(string? Form, string? Status, string? Applicant, string? Dept, string? From, string? To, string? Min, string? Max, string? Page)
{
    /// <summary>The filters as a query string (without page), for links and the export.</summary>
    public IEnumerable<KeyValuePair<string, string>> Pairs()
    {
        foreach (var (key, value) in new[] { ("form", Form), ("status", Status), ("applicant", Applicant), ("dept", Dept), ("from", From), ("to", To), ("min", Min), ("max", Max) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                yield return new(key, value.Trim());
            }
        }
    }
}

public sealed record ParsedQuery(RequestFilter? Filter, string? ErrorKey);

public static class ApprovalQuery
{
    public const int PageSize = 30;

    public static ApprovalViewer Viewer(CurrentUser me, HttpContext? http) =>
        new(me.RequiredId, me.DisplayName, me.IsSystemAdmin, http?.Connection.RemoteIpAddress?.ToString());

    /// <summary>The filter, or the resource key of the message saying what is wrong.</summary>
    public static async Task<ParsedQuery> ParseAsync(AppDbContext db, ApprovalQueryInput input, CancellationToken cancellationToken = default)
    {
        var filter = new RequestFilter();
        if (!string.IsNullOrWhiteSpace(input.Form))
        {
            var code = input.Form.Trim();
            var id = await db.FormDefinitions.AsNoTracking().Where(f => f.Code == code).Select(f => (int?)f.Id).FirstOrDefaultAsync(cancellationToken);
            if (id is null)
            {
                return new(null, "Error.Form");
            }

            filter = filter with { FormDefinitionId = id };
        }

        if (!string.IsNullOrWhiteSpace(input.Status))
        {
            if (InboxFormat.ParseStatus(input.Status) is not { } status || status == RequestStatus.Draft)
            {
                return new(null, "Error.Status");
            }

            filter = filter with { Status = status };
        }

        if (!string.IsNullOrWhiteSpace(input.Applicant))
        {
            var name = input.Applicant.Trim();
            if (name.Length > 50)
            {
                return new(null, "Error.Applicant");
            }

            filter = filter with { Applicant = name };
        }

        if (!string.IsNullOrWhiteSpace(input.Dept))
        {
            if (!int.TryParse(input.Dept, NumberStyles.None, CultureInfo.InvariantCulture, out var dept))
            {
                return new(null, "Error.Department");
            }

            filter = filter with { DepartmentId = dept };
        }

        DateOnly? from = null, to = null;
        if (!string.IsNullOrWhiteSpace(input.From))
        {
            if (!TryDate(input.From, out var d))
            {
                return new(null, "Error.Date");
            }

            from = d;
        }

        if (!string.IsNullOrWhiteSpace(input.To))
        {
            if (!TryDate(input.To, out var d))
            {
                return new(null, "Error.Date");
            }

            to = d;
        }

        if (from is { } f && to is { } t && t < f)
        {
            return new(null, "Error.Period");
        }

        filter = filter with { From = from, To = to };
        long? min = null, max = null;
        if (!string.IsNullOrWhiteSpace(input.Min))
        {
            if (!TryAmount(input.Min, out var m))
            {
                return new(null, "Error.Amount");
            }

            min = m;
        }

        if (!string.IsNullOrWhiteSpace(input.Max))
        {
            if (!TryAmount(input.Max, out var m))
            {
                return new(null, "Error.Amount");
            }

            max = m;
        }

        if (min is { } lo && max is { } hi && hi < lo)
        {
            return new(null, "Error.AmountRange");
        }

        var page = 1;
        if (!string.IsNullOrWhiteSpace(input.Page) && (!int.TryParse(input.Page, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return new(null, "Error.Page");
        }

        return new(filter with { AmountMin = min, AmountMax = max, Page = page, PageSize = PageSize }, null);
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
        && date.Year is >= 2000 and <= 2200;

    /// <summary>Amounts as typed: 1,000,000 and full-width digits are fine.</summary>
    private static bool TryAmount(string text, out long amount) =>
        long.TryParse(text.Normalize(System.Text.NormalizationForm.FormKC).Replace(",", "", StringComparison.Ordinal).Replace("円", "", StringComparison.Ordinal).Trim(),
            NumberStyles.None, CultureInfo.InvariantCulture, out amount);
}

/// <summary>How requests are written on the inbox, search, export and API.</summary>
public static class InboxFormat
{
    private static readonly CultureInfo Wareki = CreateWareki();

    private static CultureInfo CreateWareki()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return culture;
    }

    private static bool IsJapanese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";

    /// <summary>令和8年11月27日 14:05 in Japanese; 2026-11-27 14:05 in English.</summary>
    public static string Stamp(DateTimeOffset value)
    {
        var local = Clock.TokyoLocal(value);
        return IsJapanese ? local.ToString("ggy年M月d日 HH:mm", Wareki) : local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>1,234,567円 (Japanese) or ¥1,234,567.</summary>
    public static string Yen(long? amount) =>
        amount is not { } a ? "" : IsJapanese ? a.ToString("#,0", CultureInfo.InvariantCulture) + "円" : "¥" + a.ToString("#,0", CultureInfo.InvariantCulture);

    public static string StatusKey(RequestStatus status) => status switch
    {
        RequestStatus.Draft => "draft",
        RequestStatus.InProgress => "in-progress",
        RequestStatus.SentBack => "sent-back",
        RequestStatus.PulledBack => "pulled-back",
        RequestStatus.Approved => "approved",
        RequestStatus.Rejected => "rejected",
        _ => "withdrawn",
    };

    public static RequestStatus? ParseStatus(string? key) => (key ?? "").Trim().ToLowerInvariant() switch
    {
        "draft" => RequestStatus.Draft,
        "in-progress" => RequestStatus.InProgress,
        "sent-back" => RequestStatus.SentBack,
        "pulled-back" => RequestStatus.PulledBack,
        "approved" => RequestStatus.Approved,
        "rejected" => RequestStatus.Rejected,
        "withdrawn" => RequestStatus.Withdrawn,
        _ => null,
    };

    /// <summary>The status in Japanese whatever the UI language (CSV columns are read by Japanese offices).</summary>
    public static string StatusJa(RequestStatus status) => status switch
    {
        RequestStatus.Draft => "下書き",
        RequestStatus.InProgress => "回付中",
        RequestStatus.SentBack => "差戻し",
        RequestStatus.PulledBack => "引戻し",
        RequestStatus.Approved => "決裁済",
        RequestStatus.Rejected => "否認",
        _ => "取下げ",
    };

    public static string TabKey(InboxTab tab) => tab switch
    {
        InboxTab.Waiting => "waiting",
        InboxTab.Delegated => "delegated",
        InboxTab.Mine => "mine",
        _ => "done",
    };

    public static InboxTab? ParseTab(string? key) => (key ?? "waiting").Trim().ToLowerInvariant() switch
    {
        "" or "waiting" => InboxTab.Waiting,
        "delegated" => InboxTab.Delegated,
        "mine" => InboxTab.Mine,
        "done" => InboxTab.Done,
        _ => null,
    };

    public static string Href(int requestId) => string.Create(CultureInfo.InvariantCulture, $"/approvals/{requestId}");
}
