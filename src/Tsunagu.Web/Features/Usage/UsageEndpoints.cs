using System.Text;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Usage;
using Tsunagu.Web.Features.Approvals;
using Tsunagu.Web.Hosting;
using Tsunagu.Web.Resources;

namespace Tsunagu.Web.Features.Usage;

/// <summary>
/// The usage report's downloads, from the same query string as the page: CSV with the CLI's columns (UTF-8 with BOM,
/// or Shift_JIS with <c>encoding=shift_jis</c>) and an Excel book with the sheets 機能別, 部署別 and 月別.
/// Bad parameters answer 400 with the Japanese message, as the page shows it.
/// </summary>
public static class UsageEndpoints
{
    public const string Feature = "usage";

    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/usage").RequireAuthorization(Policies.DxOffice).WithMetadata(new FeatureAttribute(Feature)).ExcludeFromDescription();
        group.MapGet("/export.csv", CsvAsync).AllowCookieRedirect();
        group.MapGet("/export.xlsx", ExcelAsync).AllowCookieRedirect();
        return app;
    }

    public static string FileName(UsageQuery query, string extension) =>
        $"usage-{UsageQuery.Date(query.From)}_{UsageQuery.Date(query.To)}.{extension}";

    private static async Task<IResult> CsvAsync(HttpContext http, AppDbContext db, UsageReportService reports, TimeProvider clock, CancellationToken cancellationToken)
    {
        var query = await UsageQuery.ParseAsync(db, http.Request.Query, clock, cancellationToken);
        var encoding = ApprovalCsv.EncodingFor(http.Request.Query["encoding"]);
        if (encoding is null)
        {
            return Refused("文字コードは utf-8 または shift_jis を指定してください。");
        }

        if (query.Error is not null)
        {
            return Refused(query.Error);
        }

        try
        {
            var report = await reports.ReportAsync(query.Options, cancellationToken);
            var text = UsageReportText.Csv(report);
            var bytes = encoding.CodePage == 932 ? encoding.GetBytes(text) : [.. Encoding.UTF8.GetPreamble(), .. encoding.GetBytes(text)];
            return TypedResults.File(bytes, ApprovalCsv.ContentType(encoding), FileName(query, "csv"));
        }
        catch (DomainException ex)
        {
            return Refused(ex.Message);
        }
    }

    private static async Task<IResult> ExcelAsync(
        HttpContext http, AppDbContext db, UsageReportService reports, TimeProvider clock, IStringLocalizer<UsageText> text, CancellationToken cancellationToken)
    {
        var query = await UsageQuery.ParseAsync(db, http.Request.Query, clock, cancellationToken);
        if (query.Error is not null)
        {
            return Refused(query.Error);
        }

        try
        {
            var options = query.Options;
            var report = await reports.ReportAsync(options, cancellationToken);
            var departments = await reports.ByDepartmentAsync(options, cancellationToken);
            var monthly = await reports.MonthlyAsync(options, cancellationToken);
            var bytes = Workbook(text, report, departments, monthly);
            return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileName(query, "xlsx"));
        }
        catch (DomainException ex)
        {
            return Refused(ex.Message);
        }
    }

    /// <summary>The Excel book; column headings are Japanese, feature names as the page shows them.</summary>
    public static byte[] Workbook(IStringLocalizer<UsageText> text, UsageReport report, IReadOnlyList<DepartmentUsage> departments, IReadOnlyList<MonthlyUses> monthly)
    {
        string Name(string feature) => UsageFeatureNames.Display(text, feature);
        Dictionary<string, object> Row(UsageReportRow r, string? department = null)
        {
            var row = new Dictionary<string, object>();
            if (department is not null)
            {
                row["部署"] = department;
            }

            row["機能"] = Name(r.Feature);
            row["対象アカウント数"] = r.ActiveAccounts;
            row["未使用(人)"] = r.Unused;
            row["未使用(%)"] = r.UnusedRate;
            row["低利用(人)"] = r.LowUse;
            row["低利用(%)"] = r.LowUseRate;
            return row;
        }

        var sheets = new Dictionary<string, object>
        {
            ["機能別"] = report.Rows.Select(r => Row(r)).ToList(),
            ["部署別"] = departments.SelectMany(d => d.Features.Append(d.AllFeatures).Select(r => Row(r, d.Department))).ToList(),
            ["月別"] = monthly.Select(m => new Dictionary<string, object> { ["月"] = m.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), ["機能"] = Name(m.Feature), ["利用回数"] = m.Uses }).ToList(),
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refused(string message) =>
        TypedResults.Problem(title: "集計の条件が正しくありません。", detail: message, statusCode: StatusCodes.Status400BadRequest);
}
