using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Core.Facilities;

/// <summary>What an administrator enters for a facility; <see cref="FacilityAdminService"/> validates and normalises it.</summary>
public sealed record FacilityInput
{
    public string Name { get; init; } = "";

    public FacilityKind Kind { get; init; }

    public int? GroupId { get; init; }

    /// <summary>A group to create with the facility (the form's "new group" field); wins over <see cref="GroupId"/>.</summary>
    public string? NewGroupName { get; init; }

    public int? Capacity { get; init; }

    public string? Location { get; init; }

    /// <summary>Features separated by commas or 読点 (、).</summary>
    public string? Attributes { get; init; }

    public string? Notes { get; init; }

    public bool RequiresApproval { get; init; }

    public int? ManagerDepartmentId { get; init; }

    public bool IsActive { get; init; } = true;

    public int SortOrder { get; init; }
}

/// <summary>
/// Rooms, 公用車 and equipment and their groups, as the system administrator keeps them. Every change is audited and
/// the search index follows in the same transaction. Facilities are deactivated, never deleted: their bookings stay.
/// </summary>
public sealed class FacilityAdminService(AppDbContext db, TimeProvider clock, AuditLog audit)
{
    public const int MaxGroupNameLength = 60;
    public const int MaxCapacity = 9999;
    public const int MaxSortOrder = 99999;
    public const int MaxLocationLength = 200;
    public const int MaxAttributesLength = 400;
    public const int MaxNotesLength = 2000;

    public async Task<Facility> CreateFacilityAsync(FacilityInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var facility = new Facility();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ApplyAsync(facility, input, actor, cancellationToken);
        db.Facilities.Add(facility);
        await SaveAsync(facility.Name, cancellationToken); // the index and the audit entry need the new id
        audit.Record(actor, "facility.created", Target(facility.Id), Describe(facility));
        await ScheduleSearchContent.IndexFacilityAsync(db, facility, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return facility;
    }

    public async Task<Facility> UpdateFacilityAsync(int id, FacilityInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var facility = await FindAsync(id, cancellationToken);
        var before = Describe(facility);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ApplyAsync(facility, input, actor, cancellationToken);
        var after = Describe(facility);
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return facility;
        }

        audit.Record(actor, "facility.updated", Target(id), $"{before} -> {after}");
        await ScheduleSearchContent.IndexFacilityAsync(db, facility, cancellationToken);
        await SaveAsync(facility.Name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return facility;
    }

    /// <summary>
    /// Takes a facility out of use (or back into use). Its bookings stay as they are: a 仮予約 or 本予約 already made is
    /// kept until someone cancels it. Returns how many active bookings lie ahead, so the administrator can follow up.
    /// </summary>
    public async Task<int> SetFacilityActiveAsync(int id, bool active, Actor actor, CancellationToken cancellationToken = default)
    {
        var facility = await FindAsync(id, cancellationToken);
        var now = clock.GetUtcNow();
        var upcoming = await db.FacilityBookings.CountAsync(
            b => b.FacilityId == id && (b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed) && b.EndsAt > now, cancellationToken);
        if (facility.IsActive == active)
        {
            return upcoming;
        }

        facility.IsActive = active;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        audit.Record(actor, active ? "facility.reactivated" : "facility.deactivated", Target(id), $"{facility.Name} upcoming:{upcoming}");
        await ScheduleSearchContent.IndexFacilityAsync(db, facility, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return upcoming;
    }

    public async Task<FacilityGroup> CreateGroupAsync(string name, int? sortOrder, Actor actor, CancellationToken cancellationToken = default)
    {
        var group = new FacilityGroup
        {
            Name = await ValidGroupNameAsync(name, null, cancellationToken),
            SortOrder = sortOrder ?? (await db.FacilityGroups.MaxAsync(g => (int?)g.SortOrder, cancellationToken) ?? 0) + 1,
        };
        ValidateSortOrder(group.SortOrder);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.FacilityGroups.Add(group);
        await SaveAsync(group.Name, cancellationToken);
        audit.Record(actor, "facility-group.created", GroupTarget(group.Id), group.Name);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return group;
    }

    /// <summary>Renames or reorders a group; the facilities in it are re-indexed (the group name is part of their entry).</summary>
    public async Task<FacilityGroup> UpdateGroupAsync(int id, string name, int sortOrder, Actor actor, CancellationToken cancellationToken = default)
    {
        var group = await db.FacilityGroups.FirstOrDefaultAsync(g => g.Id == id, cancellationToken)
            ?? throw new DomainException("facility-group.not-found", "施設グループが見つかりません。");
        var newName = await ValidGroupNameAsync(name, id, cancellationToken);
        ValidateSortOrder(sortOrder);
        if (string.Equals(group.Name, newName, StringComparison.Ordinal) && group.SortOrder == sortOrder)
        {
            return group;
        }

        var before = $"{group.Name} #{group.SortOrder}";
        var renamed = !string.Equals(group.Name, newName, StringComparison.Ordinal);
        group.Name = newName;
        group.SortOrder = sortOrder;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        audit.Record(actor, "facility-group.updated", GroupTarget(id), $"{before} -> {group.Name} #{group.SortOrder}");
        if (renamed)
        {
            foreach (var facility in await db.Facilities.Include(f => f.Group).Where(f => f.GroupId == id).ToListAsync(cancellationToken))
            {
                await ScheduleSearchContent.IndexFacilityAsync(db, facility, cancellationToken);
            }
        }

        await SaveAsync(group.Name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return group;
    }

    /// <summary>Removes an empty group; a group that still holds facilities (active or not) is refused.</summary>
    public async Task DeleteGroupAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        var group = await db.FacilityGroups.FirstOrDefaultAsync(g => g.Id == id, cancellationToken)
            ?? throw new DomainException("facility-group.not-found", "施設グループが見つかりません。");
        var members = await db.Facilities.CountAsync(f => f.GroupId == id, cancellationToken);
        if (members > 0)
        {
            throw new DomainException("facility-group.not-empty", $"施設グループ「{group.Name}」には施設が{members}件あるため削除できません。先に施設を別のグループへ移してください。");
        }

        db.FacilityGroups.Remove(group);
        audit.Record(actor, "facility-group.deleted", GroupTarget(id), group.Name);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<Facility> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.Facilities.Include(f => f.Group).FirstOrDefaultAsync(f => f.Id == id, cancellationToken)
            ?? throw new DomainException("facility.not-found", "施設が見つかりません。");

    /// <summary>Validates everything first, then (for a new group) adds the group, then sets the facility's values.</summary>
    private async Task ApplyAsync(Facility facility, FacilityInput input, Actor actor, CancellationToken cancellationToken)
    {
        var name = Clean(input.Name);
        if (name.Length == 0 || name.Length > Facility.MaxNameLength)
        {
            throw new DomainException("facility.invalid-name", $"施設名を1〜{Facility.MaxNameLength}文字で入力してください。");
        }

        var key = NameKey(name);
        var others = await db.Facilities.AsNoTracking().Where(f => f.Id != facility.Id).Select(f => f.Name).ToListAsync(cancellationToken);
        if (others.Any(o => string.Equals(NameKey(o), key, StringComparison.Ordinal)))
        {
            throw new DomainException("facility.duplicate", $"施設「{name}」はすでに登録されています。別の名前にしてください。");
        }

        if (!Enum.IsDefined(input.Kind))
        {
            throw new DomainException("facility.invalid-kind", "施設の種類を選んでください。");
        }

        FacilityGroup? group = null;
        var newGroupName = string.IsNullOrWhiteSpace(input.NewGroupName) ? null : await ValidGroupNameAsync(input.NewGroupName, null, cancellationToken);
        if (newGroupName is null && input.GroupId is { } groupId)
        {
            group = await db.FacilityGroups.FirstOrDefaultAsync(g => g.Id == groupId, cancellationToken)
                ?? throw new DomainException("facility.group-not-found", "選んだ施設グループが見つかりません。");
        }

        if (input.Capacity is { } capacity && (capacity < 1 || capacity > MaxCapacity))
        {
            throw new DomainException("facility.invalid-capacity", $"定員は1〜{MaxCapacity}の数で入力してください(備品などで定員がない場合は空欄にします)。");
        }

        var location = Clean(input.Location);
        if (location.Length > MaxLocationLength)
        {
            throw new DomainException("facility.invalid-location", $"場所は{MaxLocationLength}文字以内で入力してください。");
        }

        var attributes = string.Join(",", (input.Attributes ?? "")
            .Split([',', '、', '，', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => a.Normalize(NormalizationForm.FormKC))
            .Distinct(StringComparer.Ordinal));
        if (attributes.Length > MaxAttributesLength)
        {
            throw new DomainException("facility.invalid-attributes", $"設備・特徴は合わせて{MaxAttributesLength}文字以内で入力してください。");
        }

        var notes = (input.Notes ?? "").Trim();
        if (notes.Length > MaxNotesLength)
        {
            throw new DomainException("facility.invalid-notes", $"備考は{MaxNotesLength}文字以内で入力してください。");
        }

        if (input.ManagerDepartmentId is { } departmentId
            && !await db.Departments.AnyAsync(d => d.Id == departmentId && d.IsActive, cancellationToken))
        {
            throw new DomainException("facility.manager-not-found", "管理部署が見つからないか、廃止されています。");
        }

        if (input.RequiresApproval && input.ManagerDepartmentId is null)
        {
            throw new DomainException("facility.manager-required", "承認が必要な施設には、予約を確定する管理部署を選んでください。");
        }

        ValidateSortOrder(input.SortOrder);

        if (newGroupName is not null)
        {
            group = new FacilityGroup { Name = newGroupName, SortOrder = (await db.FacilityGroups.MaxAsync(g => (int?)g.SortOrder, cancellationToken) ?? 0) + 1 };
            db.FacilityGroups.Add(group);
            await SaveAsync(newGroupName, cancellationToken);
            audit.Record(actor, "facility-group.created", GroupTarget(group.Id), group.Name);
        }

        facility.Name = name;
        facility.Kind = input.Kind;
        facility.GroupId = group?.Id;
        facility.Group = group;
        facility.Capacity = input.Capacity;
        facility.Location = location;
        facility.Attributes = attributes;
        facility.Notes = notes;
        facility.RequiresApproval = input.RequiresApproval;
        facility.ManagerDepartmentId = input.ManagerDepartmentId;
        facility.IsActive = input.IsActive;
        facility.SortOrder = input.SortOrder;
    }

    private async Task<string> ValidGroupNameAsync(string? name, int? exceptId, CancellationToken cancellationToken)
    {
        var clean = Clean(name);
        if (clean.Length == 0 || clean.Length > MaxGroupNameLength)
        {
            throw new DomainException("facility-group.invalid-name", $"グループ名を1〜{MaxGroupNameLength}文字で入力してください。");
        }

        var key = NameKey(clean);
        var others = await db.FacilityGroups.AsNoTracking().Where(g => g.Id != exceptId).Select(g => g.Name).ToListAsync(cancellationToken);
        if (others.Any(o => string.Equals(NameKey(o), key, StringComparison.Ordinal)))
        {
            throw new DomainException("facility-group.duplicate", $"施設グループ「{clean}」はすでにあります。");
        }

        return clean;
    }

    private static void ValidateSortOrder(int sortOrder)
    {
        if (sortOrder < 0 || sortOrder > MaxSortOrder)
        {
            throw new DomainException("facility.invalid-sort-order", $"表示順は0〜{MaxSortOrder}の数で入力してください。");
        }
    }

    /// <summary>Saves; a concurrent administrator who took the same name first (unique index) gets the same message.</summary>
    private async Task SaveAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsDuplicateKey(ex))
        {
            throw new DomainException("facility.duplicate", $"「{name}」はすでに登録されています。別の名前にしてください。");
        }
    }

    /// <summary>Trimmed, with inner runs of white space (full-width included) made one space.</summary>
    private static string Clean(string? value) =>
        string.Join(' ', (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>第１会議室 and 第1会議室, or ＰＣ and pc, are the same name to a person; the key compares them so.</summary>
    private static string NameKey(string name) =>
        string.Concat(name.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    private static string Target(int id) => "facility:" + id.ToString(CultureInfo.InvariantCulture);

    private static string GroupTarget(int id) => "facility-group:" + id.ToString(CultureInfo.InvariantCulture);

    private static string Describe(Facility f) => string.Create(CultureInfo.InvariantCulture,
        $"{f.Name} kind:{f.Kind} group:{f.GroupId} cap:{f.Capacity} loc:{f.Location} attr:{f.Attributes} approval:{f.RequiresApproval} manager:{f.ManagerDepartmentId} active:{f.IsActive} order:{f.SortOrder} notes:{f.Notes.Length}");
}
