using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Search;

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
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await FoundationSearchContent.IndexDepartmentsAsync(db, [department], cancellationToken); // needs the new id
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
        await FoundationSearchContent.IndexDepartmentTreeAsync(db, department, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task MoveDepartmentAsync(int id, int? parentId, Actor actor, CancellationToken cancellationToken = default)
    {
        await db.Departments.LoadAsync(cancellationToken);
        var department = db.Departments.Local.SingleOrDefault(d => d.Id == id) ?? throw new DomainException("department.not-found", "部署が見つかりません。");
        var parent = parentId is null ? null : db.Departments.Local.SingleOrDefault(d => d.Id == parentId)
            ?? throw new DomainException("department.parent-not-found", "上位部署が見つかりません。");
        var old = department.Path;
        department.MoveUnder(parent);
        if (db.Departments.Local.Any(d => d != department && d.Path == department.Path))
        {
            throw new DomainException("department.duplicate", $"部署「{department.Path}」はすでにあります。");
        }

        audit.Record(actor, "department.moved", $"department:{id}", $"{old} -> {department.Path}");
        await FoundationSearchContent.IndexDepartmentTreeAsync(db, department, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A unit closes: it disappears from pickers; its history and people stay (move them first).</summary>
    public async Task SetDepartmentActiveAsync(int id, bool active, Actor actor, CancellationToken cancellationToken = default)
    {
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, cancellationToken) ?? throw new DomainException("department.not-found", "部署が見つかりません。");
        if (!active && await db.Users.AnyAsync(a => a.DepartmentId == id && a.IsActive, cancellationToken))
        {
            throw new DomainException("department.has-members", "在籍している職員がいる部署は廃止できません。先に異動させてください。");
        }

        if (!active && await db.Departments.AnyAsync(d => d.ParentId == id && d.IsActive, cancellationToken))
        {
            throw new DomainException("department.has-children", "有効な下位部署がある部署は廃止できません。");
        }

        if (active)
        {
            department.Activate();
        }
        else
        {
            department.Deactivate();
        }

        audit.Record(actor, active ? "department.reactivated" : "department.deactivated", $"department:{id}", department.Path);
        await FoundationSearchContent.IndexDepartmentsAsync(db, [department], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Whether a top-level department is left out of the usage page's figures by default.</summary>
    public async Task SetDepartmentExcludedFromUsageAsync(int id, bool excluded, Actor actor, CancellationToken cancellationToken = default)
    {
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, cancellationToken) ?? throw new DomainException("department.not-found", "部署が見つかりません。");
        if (department.ExcludedFromUsage == excluded)
        {
            return;
        }

        department.SetExcludedFromUsage(excluded);
        audit.Record(actor, excluded ? "department.usage-excluded" : "department.usage-included", $"department:{id}", department.Path);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Position> CreatePositionAsync(string name, bool executive, Actor actor, CancellationToken cancellationToken = default)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length is 0 or > 40)
        {
            throw new DomainException("position.invalid-name", "職位名は1〜40文字で入力してください。");
        }

        if (await db.Positions.AnyAsync(p => p.Name == trimmed, cancellationToken))
        {
            throw new DomainException("position.duplicate", $"職位「{trimmed}」はすでにあります。");
        }

        var rank = (await db.Positions.MaxAsync(p => (int?)p.Rank, cancellationToken) ?? 0) + 10;
        var position = new Position(trimmed, rank, executive);
        db.Positions.Add(position);
        audit.Record(actor, "position.created", $"position:{trimmed}");
        await db.SaveChangesAsync(cancellationToken);
        return position;
    }

    /// <summary>Moves a position one place up or down in the rank order.</summary>
    public async Task MovePositionAsync(int id, int direction, Actor actor, CancellationToken cancellationToken = default)
    {
        var positions = await db.Positions.OrderBy(p => p.Rank).ToListAsync(cancellationToken);
        var index = positions.FindIndex(p => p.Id == id);
        if (index < 0)
        {
            throw new DomainException("position.not-found", "職位が見つかりません。");
        }

        var other = index + Math.Sign(direction);
        if (other < 0 || other >= positions.Count)
        {
            return;
        }

        (positions[index].Rank, positions[other].Rank) = (positions[other].Rank, positions[index].Rank);
        audit.Record(actor, "position.reordered", $"position:{positions[index].Name}", direction < 0 ? "up" : "down");
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Account> CreateStaffAsync(StaffInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var account = new Account { UserName = input.Login.Trim().ToLowerInvariant(), CreatedAt = Clock.Truncate(clock.GetUtcNow()), LockoutEnabled = true };
        await ApplyAsync(account, input, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        ThrowIfFailed(await users.CreateAsync(account));
        ThrowIfFailed(await users.AddToRoleAsync(account, Roles.Staff));
        await FoundationSearchContent.IndexStaffAsync(db, [account], cancellationToken);
        await audit.WriteAsync(actor, "staff.created", $"account:{account.Id}", account.UserName!, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return account;
    }

    public async Task UpdateStaffAsync(int id, StaffInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var account = await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) ?? throw new DomainException("staff.not-found", "職員が見つかりません。");
        var before = $"{account.DisplayName} dept:{account.DepartmentId} pos:{account.PositionId}";
        await ApplyAsync(account, input, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        ThrowIfFailed(await users.UpdateAsync(account));
        await FoundationSearchContent.IndexStaffAsync(db, [account], cancellationToken);
        await audit.WriteAsync(actor, "staff.updated", $"account:{id}", $"{before} -> {account.DisplayName} dept:{account.DepartmentId} pos:{account.PositionId}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
        await FoundationSearchContent.IndexStaffAsync(db, [account], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ReactivateStaffAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        var account = await db.Users.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw new DomainException("staff.not-found", "職員が見つかりません。");
        account.Reactivate();
        audit.Record(actor, "staff.reactivated", $"account:{id}", account.UserName!);
        await FoundationSearchContent.IndexStaffAsync(db, [account], cancellationToken);
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

        var kana = (input.Kana ?? "").Trim();
        if (kana.Length > 100 || (kana.Length > 0 && !StaffImporter.IsKana(kana)))
        {
            throw new DomainException("staff.invalid-kana", "ふりがなはひらがな・カタカナで入力してください。");
        }

        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        if (email is not null && !StaffImporter.IsEmail(email))
        {
            throw new DomainException("staff.invalid-email", $"メールアドレス '{email}' の形式が正しくありません。");
        }

        account.DisplayName = name;
        account.Kana = kana;
        account.DepartmentId = input.DepartmentId;
        account.PositionId = input.PositionId;
        account.Email = email;
    }

    private static void ThrowIfFailed(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new DomainException("identity", string.Join(" ", result.Errors.Select(e => IdentityMessages.Japanese(e))));
        }
    }
}
