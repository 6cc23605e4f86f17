using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Organization;

public sealed record StaffInput(string Login, string Name, string Kana, int DepartmentId, int PositionId, string? Email);

/// <summary>Departments, positions and staff: every change is audited; people are deactivated, never deleted.</summary>
public sealed class OrganizationService(AppDbContext db, UserManager<Account> users, TimeProvider clock, AuditLog audit)
{
    public async Task EnsureStandardSetupAsync(CancellationToken cancellationToken = default)
    {
        var existingRoles = await db.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
        foreach (var role in Roles.All.Except(existingRoles))
        {
            db.Roles.Add(new IdentityRole<int>(role!) { NormalizedName = role!.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() });
        }

        var existingPositions = await db.Positions.Select(p => p.Name).ToListAsync(cancellationToken);
        var rank = 0;
        foreach (var (name, executive) in Position.Standard)
        {
            rank += 10;
            if (!existingPositions.Contains(name))
            {
                db.Positions.Add(new Position(name, rank, executive));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Department> CreateDepartmentAsync(string name, string kind, int? parentId, Actor actor, CancellationToken cancellationToken = default)
    {
        var parent = parentId is null ? null : await db.Departments.FindAsync([parentId.Value], cancellationToken)
            ?? throw new DomainException("department.parent-not-found", "上位部署が見つかりません。");
        var department = new Department(name, string.IsNullOrWhiteSpace(kind) ? StaffImporter.GuessKind(name) : kind.Trim(), parent, await db.Departments.CountAsync(cancellationToken) + 1);
        if (await db.Departments.AnyAsync(d => d.Path == department.Path, cancellationToken))
        {
            throw new DomainException("department.duplicate", $"部署「{department.Path}」はすでにあります。");
        }

        db.Departments.Add(department);
        audit.Record(actor, "department.created", $"department:{department.Path}");
        await db.SaveChangesAsync(cancellationToken);
        return department;
    }

    public async Task RenameDepartmentAsync(int id, string name, Actor actor, CancellationToken cancellationToken = default)
    {
        await db.Departments.LoadAsync(cancellationToken);
        var department = db.Departments.Local.SingleOrDefault(d => d.Id == id) ?? throw new DomainException("department.not-found", "部署が見つかりません。");
        var old = department.Path;
        department.Rename(name);
        department.RefreshPath();
        if (db.Departments.Local.Any(d => d != department && d.Path == department.Path))
        {
            throw new DomainException("department.duplicate", $"部署「{department.Path}」はすでにあります。");
        }

        audit.Record(actor, "department.renamed", $"department:{id}", $"{old} -> {department.Path}");
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Account> CreateStaffAsync(StaffInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var account = new Account { UserName = input.Login.Trim().ToLowerInvariant(), CreatedAt = Clock.Truncate(clock.GetUtcNow()), LockoutEnabled = true };
        await ApplyAsync(account, input, cancellationToken);
        var result = await users.CreateAsync(account);
        ThrowIfFailed(result);
        ThrowIfFailed(await users.AddToRoleAsync(account, Roles.Staff));
        await audit.WriteAsync(actor, "staff.created", $"account:{account.Id}", account.UserName!, cancellationToken);
        return account;
    }

    public async Task UpdateStaffAsync(int id, StaffInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var account = await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) ?? throw new DomainException("staff.not-found", "職員が見つかりません。");
        var before = $"{account.DisplayName} dept:{account.DepartmentId} pos:{account.PositionId}";
        await ApplyAsync(account, input, cancellationToken);
        ThrowIfFailed(await users.UpdateAsync(account));
        await audit.WriteAsync(actor, "staff.updated", $"account:{id}", $"{before} -> {account.DisplayName} dept:{account.DepartmentId} pos:{account.PositionId}", cancellationToken);
    }

    public async Task DeactivateStaffAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        var account = await db.Users.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw new DomainException("staff.not-found", "職員が見つかりません。");
        if (account.Id == actor.AccountId)
        {
            throw new DomainException("staff.self-deactivate", "自分自身を無効にすることはできません。");
        }

        account.Deactivate(Clock.Truncate(clock.GetUtcNow()));
        account.SecurityStamp = Guid.NewGuid().ToString("N"); // ends existing sessions at the next validation
        audit.Record(actor, "staff.deactivated", $"account:{id}", account.UserName!);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ReactivateStaffAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        var account = await db.Users.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw new DomainException("staff.not-found", "職員が見つかりません。");
        account.Reactivate();
        audit.Record(actor, "staff.reactivated", $"account:{id}", account.UserName!);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ApplyAsync(Account account, StaffInput input, CancellationToken cancellationToken)
    {
        var name = input.Name.Trim();
        if (name.Length is 0 or > 100)
        {
            throw new DomainException("staff.invalid-name", "氏名は1〜100文字で入力してください。");
        }

        if (!await db.Departments.AnyAsync(d => d.Id == input.DepartmentId, cancellationToken))
        {
            throw new DomainException("staff.department", "所属を選んでください。");
        }

        if (!await db.Positions.AnyAsync(p => p.Id == input.PositionId, cancellationToken))
        {
            throw new DomainException("staff.position", "職位を選んでください。");
        }

        account.DisplayName = name;
        account.Kana = input.Kana.Trim();
        account.DepartmentId = input.DepartmentId;
        account.PositionId = input.PositionId;
        account.Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
    }

    private static void ThrowIfFailed(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new DomainException("identity", string.Join(" ", result.Errors.Select(e => IdentityMessages.Japanese(e))));
        }
    }
}
