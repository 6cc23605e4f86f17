using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Data;
using Tsunagu.Web.Features.Accounts;

namespace Tsunagu.Web.Features.Approvals;

/// <summary>The signed-in person as the approval services see them (name for the history, administrator for ルート変更).</summary>
public static class ApprovalViewerFactory
{
    public static async Task<ApprovalViewer> ForAsync(AppDbContext db, CurrentUser me, HttpContext? http, CancellationToken cancellationToken = default)
    {
        var id = me.RequiredId;
        var name = await db.Users.AsNoTracking().Where(a => a.Id == id).Select(a => a.DisplayName).FirstOrDefaultAsync(cancellationToken);
        return new ApprovalViewer(id, string.IsNullOrEmpty(name) ? me.DisplayName : name, me.IsSystemAdmin, http?.Connection.RemoteIpAddress?.ToString());
    }
}
