using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Meetings;

/// <summary>
/// Who acts on meetings. Organisation administrators and staff of 課長 rank or above create meeting bodies (a standing
/// meeting is set up by whoever runs the unit); a body's chair and secretary edit their own body.
/// </summary>
public sealed record MeetingActor(int AccountId, bool IsOrganizationAdmin, bool IsManagerRank, Actor Audit)
{
    public const string ManagerPositionName = "課長";

    public bool CanCreateBodies => IsOrganizationAdmin || IsManagerRank;

    public bool CanEdit(MeetingBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return CanCreateBodies || body.ChairId == AccountId || body.SecretaryId == AccountId;
    }

    public static async Task<MeetingActor> ForAccountAsync(AppDbContext db, int accountId, Actor? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var account = await db.Users.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.DisplayName, Rank = a.Position == null ? (int?)null : a.Position.Rank })
            .SingleOrDefaultAsync(cancellationToken);
        var admin = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == accountId && (r.Name == Roles.SystemAdministrator || r.Name == Roles.DepartmentAdministrator)
                           select r.Id).AnyAsync(cancellationToken);
        var managerRank = await db.Positions.Where(p => p.Name == ManagerPositionName).Select(p => (int?)p.Rank).FirstOrDefaultAsync(cancellationToken);
        var isManager = account?.Rank is { } rank && managerRank is { } bar && rank <= bar;
        return new MeetingActor(accountId, admin, isManager, audit ?? new Actor(accountId, account?.DisplayName ?? "", null));
    }
}
