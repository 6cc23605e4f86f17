using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Usage;

namespace Tsunagu.Web.Features.Usage;

/// <summary>A top-level department the page offers to leave out; <see cref="Default"/> is its ExcludedFromUsage flag.</summary>
public sealed record UsageDepartmentChoice(int Id, string Name, string Path, bool Default);

/// <summary>The page's and the exports' parameters, read from the query string, with what the form shows.</summary>
public sealed record UsageQuery(
    DateOnly From,
    DateOnly To,
    int LowUseBelow,
    IReadOnlySet<int> Excluded,
    string? Source,
    IReadOnlyList<UsageDepartmentChoice> Departments,
    IReadOnlyList<string> Sources,
    string? Error)
{
    /// <summary>The form's marker: with it, an unchecked department box means "count it", without it the flags decide.</summary>
    public const string SetKey = "set";

    public UsageReportOptions Options => new(From, To)
    {
        LowUseBelow = LowUseBelow,
        ExcludedDepartments = Departments.Where(d => Excluded.Contains(d.Id)).Select(d => d.Path).ToList(),
        Source = Source,
    };

    /// <summary>The fiscal year (April to March) a Tokyo date falls in, by its first day.</summary>
    public static DateOnly FiscalYearStart(DateOnly day) => new(day.Month >= 4 ? day.Year : day.Year - 1, 4, 1);

    public static async Task<UsageQuery> ParseAsync(AppDbContext db, IQueryCollection query, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var departments = await db.Departments.AsNoTracking().Where(d => d.ParentId == null)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Name)
            .Select(d => new UsageDepartmentChoice(d.Id, d.Name, d.Path, d.ExcludedFromUsage)).ToListAsync(cancellationToken);
        // From the monthly counts (about 120,000 rows a year), not the events (tens of millions).
        var sources = await db.UsageMonthlyCounts.AsNoTracking().Where(c => c.Source != UsageCounts.OwnSource).Select(c => c.Source).Distinct().ToListAsync(cancellationToken);
        sources.Sort(StringComparer.Ordinal);

        var today = Clock.TokyoDate(clock.GetUtcNow());
        var from = FiscalYearStart(today);
        var to = today;
        var threshold = UsageReportOptions.DefaultLowUseBelow;
        var excluded = departments.Where(d => d.Default).Select(d => d.Id).ToHashSet();
        string? source = null;
        var errors = new List<string>();

        if (!TryDate(query["from"], ref from) || !TryDate(query["to"], ref to))
        {
            errors.Add("集計期間の日付を 2026-04-01 の形で入力してください。");
        }

        if (Text(query["n"]) is { } n && !int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out threshold))
        {
            threshold = UsageReportOptions.DefaultLowUseBelow;
            errors.Add("低利用の基準(年間の利用回数)は1〜1,000,000の整数で入力してください。");
        }

        if (query.ContainsKey(SetKey) || query.ContainsKey("exclude"))
        {
            excluded = [];
            foreach (var value in query["exclude"])
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || departments.All(d => d.Id != id))
                {
                    errors.Add("除外する部署が見つかりません。一覧から選んでください。");
                    break;
                }

                excluded.Add(id);
            }
        }

        if (Text(query["source"]) is { } s)
        {
            if (!sources.Contains(s, StringComparer.Ordinal))
            {
                errors.Add($"取り込み元「{s}」の記録はありません。一覧から選んでください。");
            }
            else
            {
                source = s;
            }
        }

        return new UsageQuery(from, to, threshold, excluded, source, departments, sources, errors.Count == 0 ? null : string.Join(" ", errors));
    }

    /// <summary>The query string of these parameters (for the export links and the period shortcuts).</summary>
    public string QueryString(DateOnly? from = null, DateOnly? to = null)
    {
        var pairs = new List<string>
        {
            "from=" + Date(from ?? From),
            "to=" + Date(to ?? To),
            "n=" + LowUseBelow.ToString(CultureInfo.InvariantCulture),
            SetKey + "=1",
        };
        pairs.AddRange(Excluded.Order().Select(id => "exclude=" + id.ToString(CultureInfo.InvariantCulture)));
        if (Source is not null)
        {
            pairs.Add("source=" + Uri.EscapeDataString(Source));
        }

        return string.Join('&', pairs);
    }

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Text(StringValues values) => values.FirstOrDefault() is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static bool TryDate(StringValues values, ref DateOnly day)
    {
        if (Text(values) is not { } text)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        return false;
    }
}
