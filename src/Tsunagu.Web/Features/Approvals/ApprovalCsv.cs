using System.Globalization;
using System.Text;
using Tsunagu.Core;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Text;

namespace Tsunagu.Web.Features.Approvals;

/// <summary>
/// 過去の申請 as CSV for Excel: UTF-8 with BOM or Shift_JIS, RFC 4180 quoting (<see cref="CsvText"/>), one row per
/// request, written as the rows arrive so a large export never sits in memory.
/// </summary>
public static class ApprovalCsv
{
    public const string Utf8 = "utf-8";
    public const string ShiftJisKey = "shift_jis";

    public static IReadOnlyList<string> Header { get; } = ["番号", "申請日", "様式", "件名", "申請者", "部署", "状態", "金額", "決裁日", "保存期間", "廃棄予定日"];

    static ApprovalCsv() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding for a key (utf-8 or shift_jis); null for anything else.</summary>
    public static Encoding? EncodingFor(string? key) => (key ?? Utf8).Trim().ToLowerInvariant() switch
    {
        "" or Utf8 or "utf8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        // A character Shift_JIS lacks (髙 is there, 𠮷 is not) becomes ? rather than failing the download halfway.
        ShiftJisKey or "sjis" or "shift-jis" or "cp932" => Encoding.GetEncoding(932, new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback),
        _ => null,
    };

    public static string ContentType(Encoding encoding) => encoding.CodePage == 932 ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8";

    public static async Task WriteAsync(Stream output, Encoding encoding, IAsyncEnumerable<ExportRow> rows, CancellationToken cancellationToken)
    {
        // The response body refuses synchronous writes: each row is formatted in memory, then written asynchronously.
        await using var writer = new StreamWriter(output, encoding, bufferSize: 16 * 1024, leaveOpen: true);
        using var line = new StringWriter(CultureInfo.InvariantCulture);
        if (encoding.CodePage != 932)
        {
            // Excel reads UTF-8 only with the byte order mark.
            line.Write('\uFEFF');
        }

        CsvText.WriteRow(line, Header);
        await writer.WriteAsync(line.ToString());
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            line.GetStringBuilder().Clear();
            CsvText.WriteRow(line, Fields(row));
            await writer.WriteAsync(line.ToString());
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static IEnumerable<string> Fields(ExportRow row) =>
    [
        row.SubmittedAt is { } at ? ApprovalRequest.FormatNumber(at, row.Id) : "",
        Day(row.SubmittedAt),
        Cell(row.FormName),
        Cell(row.Title),
        Cell(row.ApplicantName),
        Cell(row.Department?.Replace("/", " ", StringComparison.Ordinal) ?? ""),
        InboxFormat.StatusJa(row.Status),
        row.Amount?.ToString(CultureInfo.InvariantCulture) ?? "",
        Day(row.DecidedAt),
        Retention.Label(row.Retention),
        row.DisposalDate?.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) ?? "",
    ];

    private static string Day(DateTimeOffset? value) =>
        value is { } v ? Clock.ToTokyo(v).ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) : "";

    /// <summary>Text typed by people: a leading = + - @ would make Excel run it as a formula, so it is quoted with '.</summary>
    private static string Cell(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
