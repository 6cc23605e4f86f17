using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Chat;

/// <summary>
/// The person using chat: their account, their department with every unit above it (a 総務部 channel is read by the
/// members of 総務課), and whether they are an administrator (who may read the edit history of messages they can see).
/// </summary>
public sealed record ChatViewer(int AccountId, IReadOnlyCollection<int> DepartmentIds, bool IsAdministrator = false)
{
    public static async Task<ChatViewer> ForAccountAsync(AppDbContext db, int accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var departmentId = await db.Users.Where(a => a.Id == accountId).Select(a => a.DepartmentId).SingleOrDefaultAsync(cancellationToken);
        var departments = new List<int>();
        if (departmentId is not null)
        {
            var parents = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId }).ToDictionaryAsync(d => d.Id, d => d.ParentId, cancellationToken);
            for (int? id = departmentId; id is not null && !departments.Contains(id.Value); id = parents.GetValueOrDefault(id.Value))
            {
                departments.Add(id.Value);
            }
        }

        var isAdministrator = await (from ur in db.UserRoles
                                     join r in db.Roles on ur.RoleId equals r.Id
                                     where ur.UserId == accountId && r.Name == Roles.SystemAdministrator
                                     select ur.UserId).AnyAsync(cancellationToken);
        return new ChatViewer(accountId, departments, isAdministrator);
    }
}

/// <summary>
/// Who may read a channel. Public: every staff member. Department: the members of the department and the units below
/// it, as the organisation stands now (someone who moves away stops reading it). Private, project, direct messages
/// and groups: only their members. Administrators get no exception: a private conversation stays private.
/// </summary>
public static class ChatAccess
{
    /// <summary>The channels the viewer may read, as a query filter (one SQL expression).</summary>
    public static Expression<Func<ChatChannel, bool>> Readable(AppDbContext db, ChatViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        var me = viewer.AccountId;
        var departments = viewer.DepartmentIds.ToList();
        var members = db.Set<ChatMember>();
        return c => c.Kind == ChannelKind.Public
            || (c.Kind == ChannelKind.Department && c.DepartmentId != null && departments.Contains(c.DepartmentId.Value))
            || (c.Kind != ChannelKind.Public && c.Kind != ChannelKind.Department && members.Any(m => m.ChannelId == c.Id && m.AccountId == me));
    }

    public static async Task<bool> CanReadAsync(AppDbContext db, ChatViewer viewer, ChatChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Kind switch
        {
            ChannelKind.Public => true,
            ChannelKind.Department => channel.DepartmentId is { } d && viewer.DepartmentIds.Contains(d),
            _ => await db.Set<ChatMember>().AnyAsync(m => m.ChannelId == channel.Id && m.AccountId == viewer.AccountId, cancellationToken),
        };
    }

    /// <summary>The accounts that may read the channel among the given ones (active accounts only).</summary>
    public static async Task<List<int>> ReadersAmongAsync(AppDbContext db, ChatChannel channel, IReadOnlyCollection<int> accountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(channel);
        var ids = accountIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var active = db.Users.Where(a => a.IsActive && ids.Contains(a.Id));
        switch (channel.Kind)
        {
            case ChannelKind.Public:
                return await active.Select(a => a.Id).ToListAsync(cancellationToken);
            case ChannelKind.Department:
                var subtree = await DepartmentSubtreeAsync(db, channel.DepartmentId!.Value, cancellationToken);
                return await active.Where(a => a.DepartmentId != null && subtree.Contains(a.DepartmentId.Value)).Select(a => a.Id).ToListAsync(cancellationToken);
            default:
                var channelId = channel.Id;
                return await active.Where(a => db.Set<ChatMember>().Any(m => m.ChannelId == channelId && m.AccountId == a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        }
    }

    /// <summary>The department and every unit below it.</summary>
    public static async Task<List<int>> DepartmentSubtreeAsync(AppDbContext db, int departmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var all = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId }).ToListAsync(cancellationToken);
        var children = all.Where(d => d.ParentId != null).ToLookup(d => d.ParentId!.Value, d => d.Id);
        var result = new List<int> { departmentId };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(children[result[i]].Where(c => !result.Contains(c)));
        }

        return result;
    }
}
