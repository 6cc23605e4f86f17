using System.Globalization;

namespace Tsunagu.Core.Strategy;

/// <summary>
/// A half of a Japanese fiscal year (April–March): 上期 = April–September, 下期 = October–March. The roadmap's columns run
/// from 令和3年度上期 (2021-04) to 令和7年度下期 (ends 2026-03-31), as in the seed.
/// </summary>
public readonly record struct RoadmapPeriod(int FiscalYear, int Half) : IComparable<RoadmapPeriod>
{
    public const int FirstFiscalYear = 2021;
    public const int LastFiscalYear = 2025;

    /// <summary>
    /// The seed's columns, R3上期 … R7下期, extended once the plan's horizon is past to the half-year after the one
    /// that holds <paramref name="today"/>, so the current half-year is shown and the next one can be planned.
    /// </summary>
    public static IReadOnlyList<RoadmapPeriod> Columns(DateOnly today)
    {
        var next = Of(today).Next;
        var last = next > new RoadmapPeriod(LastFiscalYear, 2) ? next : new RoadmapPeriod(LastFiscalYear, 2);
        return Enumerable.Range(FirstFiscalYear, last.FiscalYear - FirstFiscalYear + 1)
            .SelectMany(y => new[] { new RoadmapPeriod(y, 1), new RoadmapPeriod(y, 2) })
            .Where(p => p.CompareTo(last) <= 0).ToList();
    }

    /// <summary>令和 year: FY2021 is 令和3年度.</summary>
    public int ReiwaYear => FiscalYear - 2018;

    public DateOnly Starts => Half == 1 ? new DateOnly(FiscalYear, 4, 1) : new DateOnly(FiscalYear, 10, 1);

    public DateOnly Ends => Half == 1 ? new DateOnly(FiscalYear, 9, 30) : new DateOnly(FiscalYear + 1, 3, 31);

    /// <summary>The key in addresses and forms: 2021-1, 2021-2.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{FiscalYear}-{Half}");

    /// <summary>R3上期 as in the seed's table.</summary>
    public string ShortLabel => string.Create(CultureInfo.InvariantCulture, $"R{ReiwaYear}{(Half == 1 ? "上期" : "下期")}");

    public RoadmapPeriod Next => Half == 1 ? new RoadmapPeriod(FiscalYear, 2) : new RoadmapPeriod(FiscalYear + 1, 1);

    public bool IsValid => FiscalYear is >= FirstFiscalYear and <= 2099 && Half is 1 or 2;

    public bool Contains(DateOnly day) => day >= Starts && day <= Ends;

    public static RoadmapPeriod Of(DateOnly day)
    {
        var fiscalYear = day.Month >= 4 ? day.Year : day.Year - 1;
        return new RoadmapPeriod(fiscalYear, day.Month is >= 4 and <= 9 ? 1 : 2);
    }

    public static bool TryParse(string? key, out RoadmapPeriod period)
    {
        period = default;
        var parts = (key ?? "").Split('-');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var half))
        {
            period = new RoadmapPeriod(year, half);
            return period.IsValid;
        }

        return false;
    }

    public int CompareTo(RoadmapPeriod other) => (FiscalYear * 2 + Half).CompareTo(other.FiscalYear * 2 + other.Half);

    public static bool operator <(RoadmapPeriod left, RoadmapPeriod right) => left.CompareTo(right) < 0;

    public static bool operator >(RoadmapPeriod left, RoadmapPeriod right) => left.CompareTo(right) > 0;

    public static bool operator <=(RoadmapPeriod left, RoadmapPeriod right) => left.CompareTo(right) <= 0;

    public static bool operator >=(RoadmapPeriod left, RoadmapPeriod right) => left.CompareTo(right) >= 0;

    public override string ToString() => ShortLabel;
}
