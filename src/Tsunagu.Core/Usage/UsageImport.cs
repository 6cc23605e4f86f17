using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Text;

namespace Tsunagu.Core.Usage;

/// <summary>One line of a usage baseline file; <see cref="OccurredAt"/> is already in UTC.</summary>
public sealed record UsageImportRow(int Line, string Login, string Feature, DateTimeOffset OccurredAt);

public sealed record UsageImportPlan(string Source, IReadOnlyList<UsageImportRow> Rows, IReadOnlyList<ImportError> Errors, IReadOnlyDictionary<string, int> AccountIds)
{
    public bool IsValid => Errors.Count == 0;
}

public sealed record UsageImportResult(string Source, int Events, int Accounts, int Features, DateTimeOffset? First, DateTimeOffset? Last);

/// <summary>
/// Imports a legacy system's usage as usage events (a baseline to compare Tsunagu with): CSV
/// <c>login,feature,occurred_at</c>, UTF-8 with or without BOM. <c>occurred_at</c> is ISO 8601
/// (<c>2020-04-01T09:30:00+09:00</c>, <c>…Z</c>) or a date and time without offset, which is Tokyo time
/// (<c>2020-04-01 09:30</c>). Every line is validated first and nothing is written unless all are valid; the events
/// are written in batches (multi-row INSERTs) in one transaction under a source name. A second import of the same file is refused: a source
/// that already has events inside the file's time span cannot receive more (a baseline split by period into several
/// files still imports, one file per period).
/// </summary>
public sealed partial class UsageImporter(AppDbContext db, AuditLog audit)
{
    public static readonly string[] Header = ["login", "feature", "occurred_at"];

    public const string DefaultSource = "import";

    public const string ImportAction = "import";

    public const int MaxRows = 5_000_000;

    public const int MaxNameLength = 60;

    /// <summary>Rows per INSERT: 3 parameters each stays far below SQLite's 32,766 and PostgreSQL's 65,535.</summary>

    /// <summary>The source name to store: trimmed, 1–60 characters.</summary>
    public static string NormalizeSource(string? source)
    {
        var name = (source ?? DefaultSource).Trim();
        return name.Length is 0 or > MaxNameLength
            ? throw new DomainException("usage.source", $"取り込み元の名前(source)は1〜{MaxNameLength}文字で指定してください。")
            : name;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(?<offset>Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex TimestampPattern();

    /// <summary>An ISO 8601 date and time; without an offset it is Tokyo time. Null when it is not one.</summary>
    public static DateTimeOffset? ParseTimestamp(string value)
    {
        var text = value.Trim();
        var match = TimestampPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        if (match.Groups["offset"].Success)
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
                ? Clock.Truncate(withOffset)
                : null;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? Clock.Truncate(Clock.FromTokyo(local))
            : null;
    }

    /// <summary>Reads and checks the file's lines; every problem becomes an error with its line number.</summary>
    public static (List<UsageImportRow> Rows, List<ImportError> Errors) Parse(Stream stream)
    {
        var rows = new List<UsageImportRow>();
        var errors = new List<ImportError>();
        // Repeated logins and features share one string each, so a large file costs little more than its timestamps.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string value) => names.TryGetValue(value, out var existing) ? existing : names[value] = value;

        using var reader = new StreamReader(stream, CsvText.Utf8Strict, detectEncodingFromByteOrderMarks: true);
        try
        {
            var first = true;
            foreach (var record in CsvText.Read(reader))
            {
                if (first)
                {
                    first = false;
                    var header = record.Fields.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
                    if (!header.SequenceEqual(Header))
                    {
                        errors.Add(new(record.Line, $"見出し行が正しくありません。login,feature,occurred_at としてください(実際: {string.Join(',', header)})。"));
                        return (rows, errors);
                    }

                    continue;
                }

                if (record.Fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (rows.Count + errors.Count >= MaxRows)
                {
                    errors.Add(new(record.Line, string.Create(CultureInfo.InvariantCulture, $"行数が上限({MaxRows:N0}行)を超えています。ファイルを分けてください。")));
                    break;
                }

                if (record.Fields.Count != Header.Length)
                {
                    errors.Add(new(record.Line, string.Create(CultureInfo.InvariantCulture, $"列の数が {record.Fields.Count} です。3列(login,feature,occurred_at)が必要です。")));
                    continue;
                }

                var login = record.Fields[0].Trim().ToLowerInvariant();
                var feature = record.Fields[1].Trim();
                var occurredAt = ParseTimestamp(record.Fields[2]);
                var problems = new List<string>();
                if (login.Length == 0)
                {
                    problems.Add("login を入力してください");
                }

                if (feature.Length is 0 or > MaxNameLength)
                {
                    problems.Add($"feature(機能名)は1〜{MaxNameLength}文字で入力してください");
                }

                if (occurredAt is null)
                {
                    problems.Add($"occurred_at「{record.Fields[2]}」は日時として読めません(例: 2020-04-01T09:30:00+09:00、オフセットなしは日本時間)");
                }

                if (problems.Count > 0)
                {
                    errors.Add(new(record.Line, string.Join("。", problems) + "。"));
                    continue;
                }

                rows.Add(new UsageImportRow(record.Line, Shared(login), Shared(feature), occurredAt!.Value));
            }

            if (first)
            {
                errors.Add(new(1, "ファイルが空です。1行目に見出し login,feature,occurred_at が必要です。"));
            }
        }
        catch (FormatException ex)
        {
            errors.Add(new(0, ex.Message));
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new(0, "文字コードを読み取れません。UTF-8 で保存してください。"));
        }

        return (rows, errors);
    }

    /// <summary>Checks the logins against the accounts and the source against what is already imported.</summary>
    public async Task<UsageImportPlan> PlanAsync(IReadOnlyList<UsageImportRow> rows, IReadOnlyList<ImportError> parseErrors, string? source = null, CancellationToken cancellationToken = default)
    {
        var name = NormalizeSource(source);
        var errors = new List<ImportError>(parseErrors);
        var accounts = await db.Users.AsNoTracking()
            .Select(a => new { a.UserName, a.Id })
            .ToDictionaryAsync(a => a.UserName!, a => a.Id, StringComparer.Ordinal, cancellationToken);
        foreach (var row in rows)
        {
            if (!accounts.ContainsKey(row.Login))
            {
                errors.Add(new(row.Line, $"login「{row.Login}」の職員が登録されていません。先に職員を登録(import-staff)してください。"));
            }
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new(2, "データ行がありません。"));
        }

        if (rows.Count > 0)
        {
            var first = rows.Min(r => r.OccurredAt);
            var last = rows.Max(r => r.OccurredAt);
            var existing = await db.UsageEvents.CountAsync(e => e.OccurredAt >= first && e.OccurredAt <= last && e.Source == name, cancellationToken);
            if (existing > 0)
            {
                errors.Add(new(0, string.Create(CultureInfo.InvariantCulture,
                    $"取り込み元「{name}」には、このファイルの期間({Clock.TokyoLocal(first):yyyy-MM-dd HH:mm}〜{Clock.TokyoLocal(last):yyyy-MM-dd HH:mm})の利用記録がすでに {existing} 件あります。同じファイルの二重取り込みを防ぐため取り込みません。別のデータなら --source で別の名前を指定してください。")));
            }
        }

        var used = rows.Select(r => r.Login).Where(accounts.ContainsKey).Distinct(StringComparer.Ordinal).ToDictionary(l => l, l => accounts[l], StringComparer.Ordinal);
        return new UsageImportPlan(name, rows, errors.OrderBy(e => e.Line).ToList(), used);
    }

    /// <summary>Writes a valid plan in one transaction (plain ADO.NET inserts, not the change tracker) with one audit entry.</summary>
    public async Task<UsageImportResult> ApplyAsync(UsageImportPlan plan, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!plan.IsValid)
        {
            throw new DomainException("import.invalid", "エラーのある行があるため取り込めません。");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UsageCounts.BulkAppendAsync(db, plan.Rows.Select(r => (plan.AccountIds[r.Login], r.Feature, ImportAction, r.OccurredAt, (string?)plan.Source)).ToList(), cancellationToken);

        var result = new UsageImportResult(
            plan.Source,
            plan.Rows.Count,
            plan.AccountIds.Count,
            plan.Rows.Select(r => r.Feature).Distinct(StringComparer.Ordinal).Count(),
            plan.Rows.Count == 0 ? null : plan.Rows.Min(r => r.OccurredAt),
            plan.Rows.Count == 0 ? null : plan.Rows.Max(r => r.OccurredAt));
        audit.Record(actor, "usage.imported", $"usage/{plan.Source}", string.Create(CultureInfo.InvariantCulture, $"events+{result.Events} accounts {result.Accounts} features {result.Features}"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
