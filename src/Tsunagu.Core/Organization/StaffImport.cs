using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Search;
using Tsunagu.Core.Text;

namespace Tsunagu.Core.Organization;

public sealed record StaffRow(int Line, string Login, string Name, string Kana, string Department, string Position, string Email);

public sealed record ImportError(int Line, string Message);

public sealed record StaffImportPlan(
    IReadOnlyList<StaffRow> Rows,
    IReadOnlyList<ImportError> Errors,
    IReadOnlyList<string> NewDepartments,
    IReadOnlyList<StaffRow> NewStaff,
    IReadOnlyList<StaffRow> ChangedStaff,
    int Unchanged)
{
    public bool IsValid => Errors.Count == 0;

    public bool HasChanges => NewDepartments.Count + NewStaff.Count + ChangedStaff.Count > 0;
}

public sealed record StaffImportResult(int DepartmentsCreated, int StaffCreated, int StaffUpdated, int Unchanged);

/// <summary>
/// CSV import of staff: <c>login,name,kana,department,position,email</c>. Every row is validated first;
/// nothing is written unless all rows are valid, and re-importing the same file changes nothing.
/// </summary>
public sealed partial class StaffImporter(AppDbContext db, ILookupNormalizer normalizer, TimeProvider clock, AuditLog audit)
{
    public static readonly string[] Header = ["login", "name", "kana", "department", "position", "email"];

    public const int MaxRows = 20_000;

    public static Encoding ResolveEncoding(string? name) =>
        name?.Trim().ToUpperInvariant() switch
        {
            null or "" or "UTF-8" or "UTF8" => new UTF8Encoding(false),
            "SHIFT_JIS" or "SHIFT-JIS" or "SJIS" or "CP932" or "WINDOWS-31J" => CsvText.ShiftJis,
            _ => throw new DomainException("import.encoding", $"文字コード '{name}' には対応していません。utf-8 または shift_jis を指定してください。"),
        };

    /// <summary>Reads the CSV; structural problems become errors with line numbers rather than exceptions.</summary>
    public static (List<StaffRow> Rows, List<ImportError> Errors) Parse(Stream stream, Encoding encoding)
    {
        var rows = new List<StaffRow>();
        var errors = new List<ImportError>();
        // Strict decoding: a Shift_JIS file read as UTF-8 must fail loudly, not import mojibake.
        var strict = encoding is UTF8Encoding ? CsvText.Utf8Strict : encoding;
        using var reader = new StreamReader(stream, strict, detectEncodingFromByteOrderMarks: true);
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
                        errors.Add(new(record.Line, $"見出し行が正しくありません。login,name,kana,department,position,email としてください(実際: {string.Join(',', header)})。"));
                        return (rows, errors);
                    }

                    continue;
                }

                if (record.Fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (rows.Count >= MaxRows)
                {
                    errors.Add(new(record.Line, $"行数が上限({MaxRows:N0}行)を超えています。"));
                    break;
                }

                if (record.Fields.Count != Header.Length)
                {
                    errors.Add(new(record.Line, $"列の数が {record.Fields.Count} です。6列(login,name,kana,department,position,email)が必要です。"));
                    continue;
                }

                var f = record.Fields;
                rows.Add(new StaffRow(record.Line, f[0], f[1], f[2], f[3], f[4], f[5]));
            }

            if (first)
            {
                errors.Add(new(1, "ファイルが空です。1行目に見出し login,name,kana,department,position,email が必要です。"));
            }
        }
        catch (FormatException ex)
        {
            errors.Add(new(0, ex.Message));
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new(0, "文字コードを読み取れません。UTF-8 でない場合は shift_jis を指定してください。"));
        }

        return (rows, errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex LoginPattern();

    [GeneratedRegex(@"^[\p{IsHiragana}\p{IsKatakana}ー・\s　]+$")]
    private static partial Regex KanaPattern();

    public async Task<StaffImportPlan> PlanAsync(IReadOnlyList<StaffRow> rows, IReadOnlyList<ImportError> parseErrors, CancellationToken cancellationToken = default)
    {
        var errors = new List<ImportError>(parseErrors);
        var positions = await db.Positions.AsNoTracking().Select(p => p.Name).ToListAsync(cancellationToken);
        var positionSet = positions.ToHashSet(StringComparer.Ordinal);
        var departments = await db.Departments.AsNoTracking().Select(d => d.Path).ToListAsync(cancellationToken);
        var departmentSet = departments.ToHashSet(StringComparer.Ordinal);
        var existing = await db.Users.AsNoTracking()
            .Select(a => new { a.UserName, a.DisplayName, a.Kana, a.Email, Department = a.Department!.Path, Position = a.Position!.Name })
            .ToDictionaryAsync(a => a.UserName!, StringComparer.Ordinal, cancellationToken);

        var seenLogins = new Dictionary<string, int>(StringComparer.Ordinal);
        var newDepartments = new List<string>();
        var newStaff = new List<StaffRow>();
        var changed = new List<StaffRow>();
        var unchanged = 0;
        var normalised = new List<StaffRow>();
        foreach (var raw in rows)
        {
            var row = raw with
            {
                Login = raw.Login.Trim().ToLowerInvariant(),
                Name = raw.Name.Trim(),
                Kana = raw.Kana.Trim(),
                Department = string.Join('/', Department.SplitPath(raw.Department)),
                Position = raw.Position.Trim(),
                Email = raw.Email.Trim(),
            };
            var problems = new List<string>();
            if (!LoginPattern().IsMatch(row.Login))
            {
                problems.Add("login は半角英小文字・数字・._- の64文字以内で入力してください");
            }
            else if (seenLogins.TryGetValue(row.Login, out var firstLine))
            {
                problems.Add($"login '{row.Login}' が {firstLine} 行目と重複しています");
            }
            else
            {
                seenLogins[row.Login] = row.Line;
            }

            if (row.Name.Length is 0 or > 100)
            {
                problems.Add("name(氏名)は1〜100文字で入力してください");
            }

            if (row.Kana.Length > 100 || (row.Kana.Length > 0 && !KanaPattern().IsMatch(row.Kana)))
            {
                problems.Add("kana(ふりがな)はひらがな・カタカナで入力してください");
            }

            var segments = Department.SplitPath(row.Department);
            if (segments.Count == 0)
            {
                problems.Add("department(所属)を入力してください(例: 総務部/総務課)");
            }
            else if (segments.Any(s => s.Length > Department.MaxNameLength))
            {
                problems.Add($"department の各階層は{Department.MaxNameLength}文字以内で入力してください");
            }

            if (!positionSet.Contains(row.Position))
            {
                problems.Add($"position(職位)'{row.Position}' は登録されていません");
            }

            if (row.Email.Length > 0 && !IsEmail(row.Email))
            {
                problems.Add($"email '{row.Email}' の形式が正しくありません");
            }

            if (problems.Count > 0)
            {
                errors.Add(new(row.Line, string.Join("。", problems) + "。"));
                continue;
            }

            normalised.Add(row);
            for (var i = 1; i <= segments.Count; i++)
            {
                var path = string.Join('/', segments.Take(i));
                if (departmentSet.Add(path))
                {
                    newDepartments.Add(path);
                }
            }

            if (!existing.TryGetValue(row.Login, out var current))
            {
                newStaff.Add(row);
            }
            else if (current.DisplayName != row.Name || current.Kana != row.Kana || (current.Email ?? "") != row.Email
                     || current.Department != row.Department || current.Position != row.Position)
            {
                changed.Add(row);
            }
            else
            {
                unchanged++;
            }
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new(2, "データ行がありません。"));
        }

        return new StaffImportPlan(normalised, errors.OrderBy(e => e.Line).ToList(), newDepartments, newStaff, changed, unchanged);
    }

    internal static bool IsKana(string value) => KanaPattern().IsMatch(value);

    internal static bool IsEmail(string value) =>
        value.Length <= 256 && MailAddress.TryCreate(value, out var address) && address.Address == value;

    /// <summary>Writes a valid plan in one transaction.</summary>
    public async Task<StaffImportResult> ApplyAsync(StaffImportPlan plan, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!plan.IsValid)
        {
            throw new DomainException("import.invalid", "エラーのある行があるため取り込めません。");
        }

        if (!plan.HasChanges)
        {
            return new StaffImportResult(0, 0, 0, plan.Unchanged);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var departments = await db.Departments.ToDictionaryAsync(d => d.Path, StringComparer.Ordinal, cancellationToken);
        foreach (var path in plan.NewDepartments)
        {
            var segments = Department.SplitPath(path);
            var parentPath = segments.Count > 1 ? string.Join('/', segments.Take(segments.Count - 1)) : null;
            var parent = parentPath is null ? null : departments[parentPath];
            var department = new Department(segments[^1], GuessKind(segments[^1]), parent, departments.Count + 1);
            db.Departments.Add(department);
            departments[path] = department;
        }

        await db.SaveChangesAsync(cancellationToken);
        var positions = await db.Positions.ToDictionaryAsync(p => p.Name, StringComparer.Ordinal, cancellationToken);
        var now = Clock.Truncate(clock.GetUtcNow());
        var created = new List<Account>();
        var changed = new List<Account>();
        foreach (var row in plan.NewStaff)
        {
            var account = new Account
            {
                UserName = row.Login,
                NormalizedUserName = normalizer.NormalizeName(row.Login),
                Email = row.Email.Length == 0 ? null : row.Email,
                NormalizedEmail = row.Email.Length == 0 ? null : normalizer.NormalizeEmail(row.Email),
                EmailConfirmed = row.Email.Length > 0,
                DisplayName = row.Name,
                Kana = row.Kana,
                Department = departments[row.Department],
                Position = positions[row.Position],
                SecurityStamp = Guid.NewGuid().ToString("N"),
                LockoutEnabled = true,
                CreatedAt = now,
            };
            db.Users.Add(account);
            created.Add(account);
        }

        if (plan.ChangedStaff.Count > 0)
        {
            var logins = plan.ChangedStaff.Select(r => r.Login).ToList();
            var accounts = await db.Users.Where(a => logins.Contains(a.UserName!)).ToDictionaryAsync(a => a.UserName!, StringComparer.Ordinal, cancellationToken);
            foreach (var row in plan.ChangedStaff)
            {
                var account = accounts[row.Login];
                account.DisplayName = row.Name;
                account.Kana = row.Kana;
                account.Email = row.Email.Length == 0 ? null : row.Email;
                account.NormalizedEmail = row.Email.Length == 0 ? null : normalizer.NormalizeEmail(row.Email);
                account.Department = departments[row.Department];
                account.Position = positions[row.Position];
                changed.Add(account);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var staffRole = await db.Roles.Where(r => r.Name == Roles.Staff).Select(r => r.Id).SingleAsync(cancellationToken);
        foreach (var account in created)
        {
            db.UserRoles.Add(new IdentityUserRole<int> { UserId = account.Id, RoleId = staffRole });
        }

        await FoundationSearchContent.IndexDepartmentsAsync(db, plan.NewDepartments.Select(path => departments[path]), cancellationToken);
        await FoundationSearchContent.IndexStaffAsync(db, [.. created, .. changed], cancellationToken);
        audit.Record(actor, "staff.imported", "staff", $"departments+{plan.NewDepartments.Count} staff+{plan.NewStaff.Count} updated {plan.ChangedStaff.Count}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StaffImportResult(plan.NewDepartments.Count, plan.NewStaff.Count, plan.ChangedStaff.Count, plan.Unchanged);
    }

    internal static string GuessKind(string name) =>
        name switch
        {
            _ when name.EndsWith("委員会", StringComparison.Ordinal) => "委員会",
            _ when name.EndsWith("事務局", StringComparison.Ordinal) => "局",
            _ when name.EndsWith("本部", StringComparison.Ordinal) => "本部",
            _ when name.EndsWith("病院", StringComparison.Ordinal) => "病院",
            _ when name.EndsWith('部') => "部",
            _ when name.EndsWith('係') => "係",
            _ when name.EndsWith('室') => "室",
            _ when name.EndsWith('局') => "局",
            _ => "課",
        };
}
