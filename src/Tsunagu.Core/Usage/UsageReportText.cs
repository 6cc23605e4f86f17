using System.Globalization;
using System.Text;
using Tsunagu.Core.Text;

namespace Tsunagu.Core.Usage;

/// <summary>The usage report as text: CSV for spreadsheets and scripts, an aligned table (Japanese headings) for people.</summary>
public static class UsageReportText
{
    public static readonly string[] CsvHeader = ["feature", "active_accounts", "unused", "unused_rate", "low_use", "low_use_rate"];

    private static readonly string[] TableHeader = ["機能", "対象", "未利用者数(率)", "低利用者数(率)"];

    /// <summary>RFC 4180 with CRLF line ends; rates are integer percent without the % sign.</summary>
    public static string Csv(UsageReport report)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        CsvText.WriteRow(writer, CsvHeader);
        foreach (var row in report.Rows)
        {
            CsvText.WriteRow(writer, [row.Feature, Number(row.ActiveAccounts), Number(row.Unused), Number(row.UnusedRate), Number(row.LowUse), Number(row.LowUseRate)]);
        }

        return writer.ToString();
    }

    public static string Table(UsageReport report)
    {
        var options = report.Options;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"利用状況 {options.From:yyyy-MM-dd}〜{options.To:yyyy-MM-dd}\n");
        text.Append(CultureInfo.InvariantCulture, $"対象アカウント数: {report.ActiveAccounts}名");
        if (options.ExcludedDepartments.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"(除外: {string.Join("、", options.ExcludedDepartments)})");
        }

        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"低利用: 年間 {options.LowUseBelow} 回未満(この期間では {report.Threshold.Value:0.##} 回未満)\n");
        if (options.Source is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"取り込み元: {options.Source}\n");
        }

        text.Append('\n');
        var lines = new List<string[]> { TableHeader };
        lines.AddRange(report.Rows.Select(r => new[]
        {
            r.Feature == UsageReport.AllFeaturesName ? "(全機能)" : r.Feature,
            Number(r.ActiveAccounts),
            string.Create(CultureInfo.InvariantCulture, $"{r.Unused}名 ({r.UnusedRate}%)"),
            string.Create(CultureInfo.InvariantCulture, $"{r.LowUse}名 ({r.LowUseRate}%)"),
        }));
        var widths = Enumerable.Range(0, 4).Select(c => lines.Max(l => Width(l[c]))).ToArray();
        foreach (var line in lines)
        {
            for (var c = 0; c < line.Length; c++)
            {
                var padding = new string(' ', widths[c] - Width(line[c]));
                // The feature name reads left to right; numbers line up on the right.
                text.Append(c == 0 ? line[c] + padding : padding + line[c]);
                text.Append(c == line.Length - 1 ? "\n" : "  ");
            }
        }

        return text.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Columns a terminal gives the text: two for full-width (East Asian wide) characters, one otherwise.</summary>
    internal static int Width(string value) => value.Sum(c => IsWide(c) ? 2 : 1);

    private static bool IsWide(char c) =>
        c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3')
            or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFF60') or (>= '\uFFE0' and <= '\uFFE6');
}
