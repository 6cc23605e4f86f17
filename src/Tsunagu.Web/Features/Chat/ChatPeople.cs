using Microsoft.EntityFrameworkCore;
using Tsunagu.Core;
using Tsunagu.Core.Data;

namespace Tsunagu.Web.Features.Chat;

/// <summary>People typed into a form: login names or full names (with or without the space), separated by spaces, commas or 、.</summary>
public static class ChatPeople
{
    public const int MaxNames = 50;

    /// <exception cref="DomainException">A name matches nobody (or several people), or too many names.</exception>
    public static async Task<List<int>> ResolveAsync(AppDbContext db, string? text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);

        // A full name has a space in it (守屋　美咲), so a part is first tried whole, then word by word.
        var parts = (text ?? "").Split([',', '、', '，', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > MaxNames)
        {
            throw new DomainException("chat.too-many-names", $"一度に指定できるのは{MaxNames}人までです。");
        }

        var ids = new List<int>();
        var unknown = new List<string>();
        foreach (var part in parts)
        {
            if (await FindAsync(db, part, cancellationToken) is { } whole)
            {
                ids.Add(whole);
                continue;
            }

            foreach (var word in part.Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (await FindAsync(db, word, cancellationToken) is { } one)
                {
                    ids.Add(one);
                }
                else
                {
                    unknown.Add(word);
                }
            }
        }

        if (unknown.Count > 0)
        {
            throw new DomainException("chat.person-not-found", $"次の職員が見つかりません(同姓同名の場合はログイン名で指定してください): {string.Join("、", unknown)}");
        }

        if (ids.Distinct().Count() > MaxNames)
        {
            throw new DomainException("chat.too-many-names", $"一度に指定できるのは{MaxNames}人までです。");
        }

        return ids.Distinct().ToList();
    }

    /// <summary>The one active account with this login, or else this full name (spaces ignored); null if none or several.</summary>
    private static async Task<int?> FindAsync(AppDbContext db, string name, CancellationToken cancellationToken)
    {
        name = name.Trim().TrimStart('@', '＠');
        if (name.Length == 0 || name.Length > 100)
        {
            return null;
        }

        var login = name.ToLowerInvariant();
        var byLogin = await db.Users.AsNoTracking().Where(a => a.IsActive && a.UserName == login).Select(a => (int?)a.Id).FirstOrDefaultAsync(cancellationToken);
        if (byLogin is not null)
        {
            return byLogin;
        }

        var bare = name.Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal);
        var matches = await db.Users.AsNoTracking()
            .Where(a => a.IsActive && (a.DisplayName == name || a.DisplayName.Replace(" ", "").Replace("\u3000", "") == bare))
            .Select(a => a.Id).Take(2).ToListAsync(cancellationToken);
        return matches.Count == 1 ? matches[0] : null;
    }
}
