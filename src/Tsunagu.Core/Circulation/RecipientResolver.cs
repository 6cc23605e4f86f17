using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Circulation;

/// <summary>A person a circulation goes to, as the form shows them.</summary>
public sealed record RecipientOption(int Id, string Name, string Login, string? Department);

/// <summary>A department the picker offers: its path goes into the list and expands to its members when sending.</summary>
public sealed record DepartmentOption(int Id, string Path, int Members);

/// <summary>The people the list named, in its order, and a Japanese message per line that named nobody.</summary>
public sealed record RecipientResolution(IReadOnlyList<RecipientOption> People, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0 && People.Count > 0;
}

/// <summary>
/// 回覧先: one line per entry, each a login name, a person's name (with or without the space), "氏名 (login)" as the
/// picker writes it, or a department (its path 総務部/総務課 or a unique name), which expands to the active staff of
/// the unit and every unit below it, now (at sending time). The order of the lines is the order of a 順番 circulation.
/// Works without a script: the page posts the text and shows what each line resolved to.
/// </summary>
public sealed partial class RecipientResolver(AppDbContext db)
{
    public const int MaxLines = 300;
    public const int MaxMatches = 20;

    private sealed record Person(int Id, string Name, string Login, string Kana, int DepartmentId, string Path, int DepartmentOrder, int Rank);

    public async Task<RecipientResolution> ResolveAsync(string? text, int senderId, CancellationToken cancellationToken = default)
    {
        var lines = (text ?? "").Split('\n').Select(l => l.Trim()).ToList();
        var errors = new List<string>();
        if (lines.Count(l => l.Length > 0) > MaxLines)
        {
            return new RecipientResolution([], [$"回覧先は{MaxLines}行までにしてください。"]);
        }

        var people = await PeopleAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().Where(d => d.IsActive).Select(d => new { d.Id, d.Name, d.Path }).ToListAsync(cancellationToken);
        var byLogin = people.ToDictionary(p => p.Login, StringComparer.OrdinalIgnoreCase);
        var chosen = new List<Person>();
        var seen = new HashSet<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var at = string.Create(CultureInfo.InvariantCulture, $"{i + 1}行目");
            var login = LoginSuffix().Match(line) is { Success: true } m ? m.Groups[1].Value : line;
            IEnumerable<Person> found;
            if (byLogin.TryGetValue(login, out var person))
            {
                found = [person];
            }
            else if (departments.FirstOrDefault(d => d.Path == line) is { } exact)
            {
                found = Members(people, exact.Path);
            }
            else if (departments.Where(d => d.Name == line).ToList() is { Count: > 0 } named)
            {
                if (named.Count > 1)
                {
                    errors.Add($"{at}: 「{line}」という部署が複数あります。{string.Join("、", named.Select(d => d.Path))} のように上位の部署から指定してください。");
                    continue;
                }

                found = Members(people, named[0].Path);
            }
            else
            {
                var key = Compact(line);
                var matches = people.Where(p => Compact(p.Name) == key).ToList();
                if (matches.Count > 1)
                {
                    errors.Add($"{at}: 「{line}」という職員が{matches.Count}人います。検索から選ぶか、ログイン名で指定してください。");
                    continue;
                }

                if (matches.Count == 0)
                {
                    errors.Add($"{at}: 「{line}」に当たる職員・部署が見つかりません。");
                    continue;
                }

                found = matches;
            }

            var list = found.ToList();
            if (list.Count == 0)
            {
                errors.Add($"{at}: 部署「{line}」には在籍している職員がいません。");
            }

            foreach (var p in list.Where(p => p.Id != senderId && seen.Add(p.Id)))
            {
                chosen.Add(p);
            }
        }

        if (errors.Count == 0 && chosen.Count == 0)
        {
            errors.Add("回覧先を1人以上指定してください(自分自身は回覧先になりません)。");
        }
        else if (chosen.Count > Circular.MaxRecipients)
        {
            errors.Add($"回覧先は{Circular.MaxRecipients}人までです(指定された人数: {chosen.Count}人)。部署を分けて回覧してください。");
        }

        var names = departments.ToDictionary(d => d.Id, d => d.Name);
        return new RecipientResolution(chosen.Select(p => new RecipientOption(p.Id, p.Name, p.Login, names.GetValueOrDefault(p.DepartmentId))).ToList(), errors);
    }

    /// <summary>People (name, kana or login) and departments (name or path) containing the query, for the picker.</summary>
    public async Task<(IReadOnlyList<RecipientOption> People, IReadOnlyList<DepartmentOption> Departments)> FindAsync(string? query, CancellationToken cancellationToken = default)
    {
        var q = Compact(query ?? "");
        if (q.Length == 0)
        {
            return ([], []);
        }

        var people = await PeopleAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.Path).Select(d => new { d.Id, d.Name, d.Path }).ToListAsync(cancellationToken);
        var names = departments.ToDictionary(d => d.Id, d => d.Name);
        var matchedPeople = people
            .Where(p => Compact(p.Name).Contains(q, StringComparison.OrdinalIgnoreCase) || Compact(p.Kana).Contains(q, StringComparison.Ordinal) || p.Login.Contains(q, StringComparison.OrdinalIgnoreCase))
            .Take(MaxMatches + 1)
            .Select(p => new RecipientOption(p.Id, p.Name, p.Login, names.GetValueOrDefault(p.DepartmentId)))
            .ToList();
        var matchedDepartments = departments
            .Where(d => Compact(d.Path).Contains(q, StringComparison.OrdinalIgnoreCase))
            .Take(MaxMatches + 1)
            .Select(d => new DepartmentOption(d.Id, d.Path, Members(people, d.Path).Count()))
            .ToList();
        return (matchedPeople, matchedDepartments);
    }

    /// <summary>The line the picker writes for a person: the name, with the login that makes it unique.</summary>
    public static string LineFor(RecipientOption person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return $"{person.Name} ({person.Login})";
    }

    private async Task<List<Person>> PeopleAsync(CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(a => a.IsActive && a.DepartmentId != null)
            .Select(a => new Person(a.Id, a.DisplayName, a.UserName!, a.Kana, a.DepartmentId!.Value, a.Department!.Path, a.Department.SortOrder, a.Position == null ? int.MaxValue : a.Position.Rank))
            .ToListAsync(cancellationToken);

    /// <summary>Active staff of the unit and the units below it: by unit, then rank (higher first), then kana.</summary>
    private static IEnumerable<Person> Members(List<Person> people, string path) =>
        people.Where(p => p.Path == path || p.Path.StartsWith(path + "/", StringComparison.Ordinal))
            .OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Rank).ThenBy(p => p.Kana, StringComparer.Ordinal);

    /// <summary>Without spaces (half or full width) and in NFKC, so 守屋 美咲, 守屋　美咲 and 守屋美咲 are one name.</summary>
    private static string Compact(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"[(（]\s*([a-zA-Z0-9._-]+)\s*[)）]\s*$")]
    private static partial Regex LoginSuffix();
}
