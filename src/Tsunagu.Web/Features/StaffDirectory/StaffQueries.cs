using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;

namespace Tsunagu.Web.Features.StaffDirectory;

public static class StaffQueries
{
    /// <summary>Staff matching a name, kana or login fragment, optionally within a department and its sub-units.</summary>
    public static IQueryable<Account> Search(AppDbContext db, string? text, int? departmentId, IReadOnlyList<Department> departments, bool includeInactive)
    {
        var query = db.Users.AsQueryable();
        if (!includeInactive)
        {
            query = query.Where(a => a.IsActive);
        }

        if (departmentId is { } id && departments.FirstOrDefault(d => d.Id == id) is { } dept)
        {
            var prefix = dept.Path + "/";
            query = query.Where(a => a.Department!.Path == dept.Path || a.Department!.Path.StartsWith(prefix));
        }

        var term = text?.Normalize(System.Text.NormalizationForm.FormKC).Trim();
        if (!string.IsNullOrEmpty(term))
        {
            var compact = term.Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal);
            var lower = term.ToLowerInvariant();
            query = query.Where(a => a.DisplayName.Replace("\u3000", "").Contains(compact)
                || a.Kana.Replace("\u3000", "").Contains(compact)
                || a.UserName!.Contains(lower));
        }

        return query;
    }
}
