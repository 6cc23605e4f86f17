using System.Text;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Web.Features.Schedules.Views;

/// <summary>A person's custom group as its owner sees it.</summary>
public sealed record GroupSummary(int Id, string Name, int MemberCount);

/// <summary>A member of a group, or a colleague found by the search, as the pages show them.</summary>
public sealed record StaffRow(int Id, string Name, string Kana, string? Login, string? Department, string? Position);

/// <summary>
/// The custom groups of the group week view. Every method takes the owner: a group that is not theirs does not exist for
/// them (the pages answer 404), so nobody reads or changes another person's groups.
/// </summary>
public sealed class ScheduleGroupStore(AppDbContext db, TimeProvider clock)
{
    /// <summary>Enough for every team one belongs to; keeps the picker short.</summary>
    public const int MaxGroupsPerOwner = 50;

    public const int SearchLimit = 20;

    public async Task<IReadOnlyList<GroupSummary>> ListAsync(int ownerId, CancellationToken cancellationToken = default) =>
        await db.ScheduleGroups.AsNoTracking()
            .Where(g => g.OwnerId == ownerId)
            .OrderBy(g => g.Name).ThenBy(g => g.Id)
            .Select(g => new GroupSummary(g.Id, g.Name, g.Members.Count))
            .ToListAsync(cancellationToken);

    public async Task<GroupSummary?> FindAsync(int ownerId, int groupId, CancellationToken cancellationToken = default) =>
        await db.ScheduleGroups.AsNoTracking()
            .Where(g => g.Id == groupId && g.OwnerId == ownerId)
            .Select(g => new GroupSummary(g.Id, g.Name, g.Members.Count))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The group's active members in the order they were added.</summary>
    public async Task<IReadOnlyList<StaffRow>> MembersAsync(int ownerId, int groupId, CancellationToken cancellationToken = default) =>
        await db.ScheduleGroupMembers.AsNoTracking()
            .Where(m => m.GroupId == groupId && db.ScheduleGroups.Any(g => g.Id == groupId && g.OwnerId == ownerId) && m.Account!.IsActive)
            .OrderBy(m => m.SortOrder).ThenBy(m => m.Account!.Kana)
            .Select(m => new StaffRow(m.AccountId, m.Account!.DisplayName, m.Account.Kana, m.Account.UserName,
                m.Account.Department == null ? null : m.Account.Department.Path,
                m.Account.Position == null ? null : m.Account.Position.Name))
            .ToListAsync(cancellationToken);

    public async Task<int> CreateAsync(int ownerId, string? name, CancellationToken cancellationToken = default)
    {
        var clean = CleanName(name);
        if (await db.ScheduleGroups.CountAsync(g => g.OwnerId == ownerId, cancellationToken) >= MaxGroupsPerOwner)
        {
            throw new DomainException("schedule-group.too-many", $"グループは1人{MaxGroupsPerOwner}個までです。使わないグループを削除してから作成してください。");
        }

        var group = new ScheduleGroup { OwnerId = ownerId, Name = clean, CreatedAt = Clock.Truncate(clock.GetUtcNow()) };
        db.ScheduleGroups.Add(group);
        await db.SaveChangesAsync(cancellationToken);
        return group.Id;
    }

    public async Task RenameAsync(int ownerId, int groupId, string? name, CancellationToken cancellationToken = default)
    {
        var clean = CleanName(name);
        var group = await OwnedAsync(ownerId, groupId, cancellationToken);
        group.Name = clean;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteAsync(int ownerId, int groupId, CancellationToken cancellationToken = default)
    {
        var group = await OwnedAsync(ownerId, groupId, cancellationToken);
        db.ScheduleGroups.Remove(group);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task AddMemberAsync(int ownerId, int groupId, int accountId, CancellationToken cancellationToken = default)
    {
        var group = await OwnedAsync(ownerId, groupId, cancellationToken);
        if (!await db.Users.AnyAsync(a => a.Id == accountId && a.IsActive, cancellationToken))
        {
            throw new DomainException("schedule-group.no-such-staff", "その職員は見つかりません。");
        }

        var members = await db.ScheduleGroupMembers.Where(m => m.GroupId == group.Id).Select(m => new { m.AccountId, m.SortOrder }).ToListAsync(cancellationToken);
        if (members.Any(m => m.AccountId == accountId))
        {
            throw new DomainException("schedule-group.already-member", "その職員はすでにこのグループのメンバーです。");
        }

        if (members.Count >= ScheduleGroup.MaxMembers)
        {
            throw new DomainException("schedule-group.full", $"1つのグループのメンバーは{ScheduleGroup.MaxMembers}人までです。");
        }

        db.ScheduleGroupMembers.Add(new ScheduleGroupMember
        {
            GroupId = group.Id,
            AccountId = accountId,
            SortOrder = members.Count == 0 ? 1 : members.Max(m => m.SortOrder) + 1,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same person added twice at once (two tabs): the key refused the second.
            throw new DomainException("schedule-group.already-member", "その職員はすでにこのグループのメンバーです。");
        }
    }

    public async Task RemoveMemberAsync(int ownerId, int groupId, int accountId, CancellationToken cancellationToken = default)
    {
        var group = await OwnedAsync(ownerId, groupId, cancellationToken);
        var member = await db.ScheduleGroupMembers.FirstOrDefaultAsync(m => m.GroupId == group.Id && m.AccountId == accountId, cancellationToken);
        if (member is not null)
        {
            db.ScheduleGroupMembers.Remove(member);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Active staff whose login starts with the query, or whose name or furigana contains it, ignoring spaces and
    /// full-width letters (守屋美咲, 守屋　美咲, もりや and ｍｏｒｉｙａ all find 守屋　美咲).
    /// </summary>
    public async Task<IReadOnlyList<StaffRow>> SearchStaffAsync(string? query, CancellationToken cancellationToken = default)
    {
        var q = Fold(query);
        if (q.Length == 0)
        {
            return [];
        }

        var login = q.ToUpperInvariant();
        return await db.Users.AsNoTracking()
            .Where(a => a.IsActive && a.DepartmentId != null
                && (a.NormalizedUserName!.StartsWith(login)
                    || a.DisplayName.Replace(" ", "").Replace("\u3000", "").Contains(q)
                    || a.Kana.Replace(" ", "").Replace("\u3000", "").Contains(q)))
            .OrderBy(a => a.Kana).ThenBy(a => a.Id)
            .Take(SearchLimit)
            .Select(a => new StaffRow(a.Id, a.DisplayName, a.Kana, a.UserName, a.Department!.Path, a.Position == null ? null : a.Position.Name))
            .ToListAsync(cancellationToken);
    }

    private static string Fold(string? text) =>
        (text ?? "").Normalize(NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal).Trim();

    private static string CleanName(string? name)
    {
        var clean = (name ?? "").Trim();
        if (clean.Length == 0 || clean.Length > ScheduleGroup.MaxNameLength)
        {
            throw new DomainException("schedule-group.invalid-name", $"グループ名を1〜{ScheduleGroup.MaxNameLength}文字で入力してください。");
        }

        return clean;
    }

    private async Task<ScheduleGroup> OwnedAsync(int ownerId, int groupId, CancellationToken cancellationToken) =>
        await db.ScheduleGroups.FirstOrDefaultAsync(g => g.Id == groupId && g.OwnerId == ownerId, cancellationToken)
            ?? throw new KeyNotFoundException("No such group of this owner.");
}
