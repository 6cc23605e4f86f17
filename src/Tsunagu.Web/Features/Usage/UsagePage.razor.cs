using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Tsunagu.Core;
using Tsunagu.Core.Usage;

namespace Tsunagu.Web.Features.Usage;

/// <summary>
/// /usage: the DX office's report of the period asked for. The figures come from <see cref="UsageReportService"/>;
/// the charts are drawn by wwwroot/js/usage-charts.js from the data-chart attributes, and the tables beside them carry
/// the same figures for screen readers and for browsers without script.
/// </summary>
public partial class UsagePage
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    private UsageQuery? _query;
    private UsageReport? _report;
    private IReadOnlyList<DepartmentUsage> _departments = [];
    private IReadOnlyList<MonthlyUses> _monthly = [];
    private List<string> _monthlyFeatures = [];
    private List<DateOnly> _months = [];
    private Dictionary<(DateOnly, string), int> _uses = [];
    private ContentUsageReport? _content;
    private string? _error;
    private string _ratesJson = "";
    private string _monthlyJson = "";
    private DateOnly _today;
    private DateOnly _thisYear;

    private int ChartHeight => 80 + (28 * (_report?.Rows.Count() ?? 0));

    private string Period => _query is null ? "" : T["Summary.Period", Day(_query.From), Day(_query.To)];

    private string Conditions
    {
        get
        {
            if (_report is null || _query is null)
            {
                return "";
            }

            var excluded = _query.Departments.Where(d => _query.Excluded.Contains(d.Id)).Select(d => d.Name).ToList();
            var parts = new List<string>
            {
                T["Summary.Threshold", _query.LowUseBelow, _report.Threshold.Value.ToString("0.##", CultureInfo.InvariantCulture)],
                excluded.Count == 0 ? T["Summary.NoExclusion"] : T["Summary.Excluded", string.Join("、", excluded)],
                _query.Source is null ? T["Summary.AllSources"] : T["Summary.Source", _query.Source],
            };
            return string.Join(" / ", parts);
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _today = Clock.TokyoDate(Time.GetUtcNow());
        _thisYear = UsageQuery.FiscalYearStart(_today);
        _query = await UsageQuery.ParseAsync(Db, HttpContext.Request.Query, Time);
        if (_query.Error is not null)
        {
            Refuse(_query.Error);
            return;
        }

        try
        {
            var options = _query.Options;
            _report = await Reports.ReportAsync(options);
            _departments = await Reports.ByDepartmentAsync(options);
            _monthly = await Reports.MonthlyAsync(options);
            // Notices and pages are Tsunagu's own records; an imported baseline has neither.
            _content = options.Source is null ? await Content.ReportAsync(options.From, options.To) : null;
        }
        catch (DomainException ex)
        {
            _report = null;
            Refuse(ex.Message);
            return;
        }

        _monthlyFeatures = _monthly.GroupBy(m => m.Feature, StringComparer.Ordinal).OrderByDescending(g => g.Sum(m => (long)m.Uses)).Select(g => g.Key).ToList();
        _months = [];
        for (var month = new DateOnly(_query.From.Year, _query.From.Month, 1); month <= _query.To; month = month.AddMonths(1))
        {
            _months.Add(month);
        }

        _uses = _monthly.ToDictionary(m => (m.Month, m.Feature), m => m.Uses);
        _ratesJson = JsonSerializer.Serialize(new
        {
            labels = _report.Rows.Select(r => Name(r.Feature)).ToArray(),
            series = new[]
            {
                new { label = T["Table.UnusedRate"].Value, data = _report.Rows.Select(r => r.UnusedRate).ToArray() },
                new { label = T["Table.LowUseRate"].Value, data = _report.Rows.Select(r => r.LowUseRate).ToArray() },
            },
        });
        _monthlyJson = JsonSerializer.Serialize(new
        {
            labels = _months.Select(m => T["Monthly.MonthFormat", m.Year, m.Month].Value).ToArray(),
            series = _monthlyFeatures.Select(f => new { label = Name(f), data = _months.Select(m => Uses(m, f)).ToArray() }).ToArray(),
        });
    }

    private void Refuse(string message)
    {
        _error = message;
        HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    private string Name(string feature) => UsageFeatureNames.Display(T, feature);

    private int Uses(DateOnly month, string feature) => _uses.GetValueOrDefault((month, feature));

    private static string Day(DateOnly day) => day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>A cell's shade by its unused or low-use rate (the number is always written too).</summary>
    private static string Heat(int rate) => rate switch
    {
        >= 75 => "heat-4",
        >= 50 => "heat-3",
        >= 25 => "heat-2",
        >= 10 => "heat-1",
        _ => "heat-0",
    };
}
