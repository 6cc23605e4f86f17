using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Organization;

namespace Tsunagu.Core.Usage;

/// <summary>
/// What to measure: a period of Tokyo dates (both inclusive), the yearly low-use threshold, departments left out of
/// the denominator (each with its sub-departments), and optionally one event source only (null = every source).
/// See docs/decisions/0010-usage-report-definitions.md for the definitions.
/// </summary>
public sealed record UsageReportOptions(DateOnly From, DateOnly To)
{
    public const int DefaultLowUseBelow = 50;

    /// <summary>Uses a year below which an account counts as a low user (the seed's "年間利用50回未満").</summary>
    public int LowUseBelow { get; init; } = DefaultLowUseBelow;

    /// <summary>Department paths (総務部/総務課) or names (消防本部); a name that is not unique must be given as a path.</summary>
    public IReadOnlyList<string> ExcludedDepartments { get; init; } = [];

    /// <summary>Only events of this source (an imported baseline's name); null counts every event.</summary>
    public string? Source { get; init; }

    /// <summary>Features to report even when nobody used them in the period; they come first, in this order.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];
}

/// <summary>One line of the report: a feature, or <see cref="UsageReport.AllFeatures"/> for "any feature".</summary>
public sealed record UsageReportRow(string Feature, int ActiveAccounts, int Unused, int UnusedRate, int LowUse, int LowUseRate);

/// <summary>The report's figures for the whole city (minus the excluded departments).</summary>
public sealed record UsageReport(
    UsageReportOptions Options,
    LowUseThreshold Threshold,
    int ActiveAccounts,
    IReadOnlyList<UsageReportRow> Features,
    UsageReportRow AllFeatures)
{
    public const string AllFeaturesName = "(all features)";

    /// <summary>The feature rows followed by the all-features row, as the CSV lists them.</summary>
    public IEnumerable<UsageReportRow> Rows => Features.Append(AllFeatures);
}

/// <summary>The same figures for the accounts of one top-level department (部, 局, 本部 …).</summary>
public sealed record DepartmentUsage(int DepartmentId, string Department, int ActiveAccounts, IReadOnlyList<UsageReportRow> Features, UsageReportRow AllFeatures);

/// <summary>Uses of one feature in one month (Tokyo); <paramref name="Month"/> is the month's first day.</summary>
public sealed record MonthlyUses(DateOnly Month, string Feature, int Uses);

/// <summary>
/// The low-use threshold of a period: <c>LowUseBelow × (whole years + remaining days / 365)</c>. An account is a
/// low user when its uses are strictly below it. Whole years are counted from the start date (2020-04-01 → 2021-03-31
/// is one year, and so is 2019-04-01 → 2020-03-31 with its 29 February), so a full fiscal year uses exactly N.
/// The comparison is exact integer arithmetic: <c>uses × 365 &lt; N × (365 × years + days)</c>.
/// </summary>
public sealed record LowUseThreshold(int PerYear, int Years, int Days)
{
    public static LowUseThreshold For(int perYear, DateOnly from, DateOnly to)
    {
        var years = 0;
        while (from.AddYears(years + 1) <= to.AddDays(1))
        {
            years++;
        }

        var days = to.DayNumber + 1 - from.AddYears(years).DayNumber;
        return new LowUseThreshold(perYear, years, days);
    }

    private long Scaled => (long)PerYear * ((365L * Years) + Days);

    public bool IsLow(long uses) => uses * 365 < Scaled;

    /// <summary>The threshold as a number of uses, for display (two decimals).</summary>
    public decimal Value => Math.Round(Scaled / 365m, 2, MidpointRounding.AwayFromZero);
}

/// <summary>
/// The usage report: who never used a feature, who used it rarely, per feature and for all features together.
/// Uses are read from the daily and monthly counts kept beside the events (<see cref="UsageCounts"/>), summed per
/// (account, feature) by the database.
/// </summary>
public sealed class UsageReportService(AppDbContext db)
{
    public async Task<UsageReport> ReportAsync(UsageReportOptions options, CancellationToken cancellationToken = default)
    {
        var data = await LoadAsync(options, cancellationToken);
        var (rows, all) = Figures(data, data.Accounts.Keys);
        return new UsageReport(options, data.Threshold, data.Accounts.Count, rows, all);
    }

    /// <summary>The report's figures per top-level department, in the organisation's order; departments without counted accounts are left out.</summary>
    public async Task<IReadOnlyList<DepartmentUsage>> ByDepartmentAsync(UsageReportOptions options, CancellationToken cancellationToken = default)
    {
        var data = await LoadAsync(options, cancellationToken);
        return data.Accounts
            .GroupBy(a => a.Value)
            .Select(g =>
            {
                var (rows, all) = Figures(data, g.Select(a => a.Key));
                var department = data.Departments[g.Key];
                return (Order: department.SortOrder, Usage: new DepartmentUsage(g.Key, department.Name, g.Count(), rows, all));
            })
            .OrderBy(d => d.Order)
            .ThenBy(d => d.Usage.Department, StringComparer.Ordinal)
            .Select(d => d.Usage)
            .ToList();
    }

    /// <summary>Uses per feature and Tokyo month of the counted accounts; one query per month.</summary>
    public async Task<IReadOnlyList<MonthlyUses>> MonthlyAsync(UsageReportOptions options, CancellationToken cancellationToken = default)
    {
        var data = await LoadAsync(options, cancellationToken, countUses: false);
        var result = new List<MonthlyUses>();
        var month = new DateOnly(options.From.Year, options.From.Month, 1);
        while (month <= options.To)
        {
            var first = month < options.From ? options.From : month;
            var next = month.AddMonths(1);
            var last = next.AddDays(-1) > options.To ? options.To : next.AddDays(-1);
            var counts = await CountAsync(first, last, options.Source, cancellationToken);
            result.AddRange(counts
                .Where(c => data.Accounts.ContainsKey(c.AccountId))
                .GroupBy(c => c.Feature, StringComparer.Ordinal)
                .Select(g => new MonthlyUses(month, g.Key, g.Sum(c => c.Count)))
                .OrderBy(m => m.Feature, StringComparer.Ordinal));
            month = next;
        }

        return result;
    }

    /// <summary>Integer percent, rounded half up on exact decimal arithmetic (78/605 → 13, 604/605 → 100).</summary>
    public static int Rate(int count, int total) =>
        total == 0 ? 0 : (int)Math.Round(count * 100m / total, MidpointRounding.AwayFromZero);

    private sealed record DepartmentNode(int Id, int? ParentId, string Name, string Path, int SortOrder);

    private sealed record AccountFeatureCount(int AccountId, string Feature, int Count);

    /// <summary>Counted accounts (id → top-level department id), their uses per feature, and the features to list.</summary>
    private sealed record ReportData(
        LowUseThreshold Threshold,
        Dictionary<int, int> Accounts,
        Dictionary<int, DepartmentNode> Departments,
        Dictionary<int, Dictionary<string, int>> Uses,
        IReadOnlyList<string> Features);

    private async Task<ReportData> LoadAsync(UsageReportOptions options, CancellationToken cancellationToken, bool countUses = true)
    {
        Validate(options);
        var departments = await db.Departments.AsNoTracking()
            .Select(d => new DepartmentNode(d.Id, d.ParentId, d.Name, d.Path, d.SortOrder))
            .ToDictionaryAsync(d => d.Id, cancellationToken);
        var excluded = ExcludedDepartmentIds(departments, options.ExcludedDepartments);

        // The denominator: every staff account (one with a department; technical accounts such as the first-start
        // administrator have none) not deactivated before the period starts, whenever it was created
        // (baselines are imported for accounts registered in Tsunagu after the legacy year; ADR 0010).
        var start = Clock.FromTokyo(options.From);
        var candidates = await db.Users.AsNoTracking()
            .Where(a => a.DepartmentId != null && (a.DeactivatedAt == null || a.DeactivatedAt >= start))
            .Select(a => new { a.Id, DepartmentId = a.DepartmentId!.Value })
            .ToListAsync(cancellationToken);
        var accounts = candidates
            .Where(a => !excluded.Contains(a.DepartmentId))
            .ToDictionary(a => a.Id, a => TopLevel(departments, a.DepartmentId));

        var uses = new Dictionary<int, Dictionary<string, int>>();
        var features = new List<string>(options.Features.Distinct(StringComparer.Ordinal));
        if (countUses)
        {
            var present = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var count in await CountAsync(options.From, options.To, options.Source, cancellationToken))
            {
                if (!accounts.ContainsKey(count.AccountId))
                {
                    continue;
                }

                if (!uses.TryGetValue(count.AccountId, out var perFeature))
                {
                    uses[count.AccountId] = perFeature = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                perFeature[count.Feature] = count.Count;
                present.Add(count.Feature);
            }

            features.AddRange(present.Where(f => !features.Contains(f, StringComparer.Ordinal)));
        }

        return new ReportData(LowUseThreshold.For(options.LowUseBelow, options.From, options.To), accounts, departments, uses, features);
    }

    /// <summary>Uses per (account, feature) in a period, from the pre-aggregated counts (<see cref="UsageCounts"/>).</summary>
    private async Task<List<AccountFeatureCount>> CountAsync(DateOnly from, DateOnly to, string? source, CancellationToken cancellationToken) =>
        (await UsageCounts.PerAccountAsync(db, from, to, source, cancellationToken))
            .Select(c => new AccountFeatureCount(c.AccountId, c.Feature, c.Count))
            .ToList();

    private static (List<UsageReportRow> Rows, UsageReportRow All) Figures(ReportData data, IEnumerable<int> accountIds)
    {
        var ids = accountIds.ToList();
        var total = ids.Count;
        var rows = new List<UsageReportRow>(data.Features.Count);
        foreach (var feature in data.Features)
        {
            int unused = 0, low = 0;
            foreach (var id in ids)
            {
                var uses = data.Uses.TryGetValue(id, out var perFeature) ? perFeature.GetValueOrDefault(feature) : 0;
                unused += uses == 0 ? 1 : 0;
                low += data.Threshold.IsLow(uses) ? 1 : 0;
            }

            rows.Add(Row(feature, total, unused, low));
        }

        int noUse = 0, lowOverall = 0;
        foreach (var id in ids)
        {
            var sum = data.Uses.TryGetValue(id, out var perFeature) ? perFeature.Values.Sum(v => (long)v) : 0;
            noUse += sum == 0 ? 1 : 0;
            lowOverall += data.Threshold.IsLow(sum) ? 1 : 0;
        }

        return (rows, Row(UsageReport.AllFeaturesName, total, noUse, lowOverall));
    }

    private static UsageReportRow Row(string feature, int total, int unused, int low) =>
        new(feature, total, unused, Rate(unused, total), low, Rate(low, total));

    private static void Validate(UsageReportOptions options)
    {
        if (options.From > options.To)
        {
            throw new DomainException("usage.period", "集計期間の開始日が終了日より後になっています。");
        }

        if (options.From.Year < 1900 || options.To.Year > 9000)
        {
            throw new DomainException("usage.period", "集計期間は1900年から9000年までの日付で指定してください。");
        }

        if (options.LowUseBelow is < 1 or > 1_000_000)
        {
            throw new DomainException("usage.threshold", "低利用の基準(年間の利用回数)は1〜1,000,000で指定してください。");
        }
    }

    /// <summary>The named departments and everything below them; an unknown or ambiguous name is refused.</summary>
    private static HashSet<int> ExcludedDepartmentIds(Dictionary<int, DepartmentNode> departments, IReadOnlyList<string> names)
    {
        var roots = new HashSet<int>();
        foreach (var raw in names)
        {
            var name = string.Join('/', Department.SplitPath(raw ?? ""));
            var byPath = departments.Values.Where(d => d.Path == name).ToList();
            var matches = byPath.Count > 0 ? byPath : departments.Values.Where(d => d.Name == name).ToList();
            if (matches.Count == 0)
            {
                throw new DomainException("usage.unknown-department", $"除外する部署「{raw}」が見つかりません。部署名または 総務部/総務課 のようなパスで指定してください。");
            }

            if (matches.Count > 1)
            {
                var paths = string.Join("、", matches.Select(d => d.Path).Order(StringComparer.Ordinal));
                throw new DomainException("usage.ambiguous-department", $"部署名「{raw}」に当てはまる部署が複数あります({paths})。パスで指定してください。");
            }

            roots.Add(matches[0].Id);
        }

        var excluded = new HashSet<int>();
        foreach (var department in departments.Values)
        {
            int? current = department.Id;
            while (current is { } id)
            {
                if (roots.Contains(id))
                {
                    excluded.Add(department.Id);
                    break;
                }

                current = departments[id].ParentId;
            }
        }

        return excluded;
    }

    private static int TopLevel(Dictionary<int, DepartmentNode> departments, int id)
    {
        while (departments[id].ParentId is { } parent)
        {
            id = parent;
        }

        return id;
    }
}
