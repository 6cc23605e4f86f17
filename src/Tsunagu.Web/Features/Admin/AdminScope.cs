using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Web.Features.Admin;

/// <summary>What an administrator may manage: a system administrator everything, a department administrator their own top-level unit.</summary>
public sealed class AdminScope(AppDbContext db, Accounts.CurrentUser me)
{
    /// <summary>Null: no restriction. Otherwise the department path whose subtree may be managed.</summary>
    public async Task<string?> RootPathAsync()
    {
        if (me.IsSystemAdmin)
        {
            return null;
        }

        var path = await db.Users.Where(a => a.Id == me.RequiredId).Select(a => a.Department!.Path).FirstOrDefaultAsync();
        // No department: nothing may be managed; an impossible path expresses that.
        return path is null ? "\u0000" : Core.Organization.Department.SplitPath(path)[0];
    }

    public static bool Contains(string? root, string? path) =>
        root is null || (path is not null && (path == root || path.StartsWith(root + "/", StringComparison.Ordinal)));

    public async Task EnsureCanManageAsync(string? departmentPath)
    {
        if (!Contains(await RootPathAsync(), departmentPath))
        {
            throw new ForbiddenException();
        }
    }
}
