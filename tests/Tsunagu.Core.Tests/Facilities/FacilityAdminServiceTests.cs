using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;
using static Tsunagu.Core.Tests.Search.SearchIndexTests;

namespace Tsunagu.Core.Tests.Facilities;

public sealed class FacilityAdminServiceTests
{
    private static readonly Actor Admin = new(null, "admin", "127.0.0.1");

    private static FacilityInput Room(string name, int? groupId = null) => new()
    {
        Name = name,
        Kind = FacilityKind.Room,
        GroupId = groupId,
        Capacity = 12,
        Location = "本庁舎3階",
        Attributes = "プロジェクター、Web会議 , ホワイトボード",
        Notes = "使用後は机を元の配置に戻してください。",
        SortOrder = 1,
    };

    [Theory, DatabaseData]
    public async Task Create_SavesTheFacility_AuditsIt_AndIndexesItInTheSameTransaction(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var group = await Service(db, s => s.CreateGroupAsync("本庁舎 会議室", null, Admin));

        var created = await Service(db, s => s.CreateFacilityAsync(Room("第2会議室", group.Id), Admin));

        var saved = await db.QueryAsync(c => c.Facilities.SingleAsync(f => f.Id == created.Id));
        saved.Name.ShouldBe("第2会議室");
        saved.GroupId.ShouldBe(group.Id);
        saved.Attributes.ShouldBe("プロジェクター,Web会議,ホワイトボード");
        saved.IsActive.ShouldBeTrue();
        var audit = await db.QueryAsync(c => c.AuditEntries.Where(e => e.Action == "facility.created").SingleAsync());
        audit.Target.ShouldBe("facility:" + created.Id.ToString(CultureInfo.InvariantCulture));
        audit.Details.ShouldContain("第2会議室");
        (await db.QueryAsync(c => c.AuditEntries.CountAsync(e => e.Action == "facility-group.created"))).ShouldBe(1);

        var hits = (await SearchAsync(db, "会議室", refine: q => q with { Module = SearchModules.Facility })).Items;
        hits.Select(h => h.Title).ShouldBe(["第2会議室"]);
        hits[0].Url.ShouldBe($"/facilities/{created.Id}");
        (await SearchAsync(db, "ホワイトボード", refine: q => q with { Module = SearchModules.Facility })).Total.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Create_WithATakenName_IsRefusedInJapanese_EvenWrittenInFullWidth(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await Service(db, s => s.CreateFacilityAsync(Room("第1会議室"), Admin));

        var same = await Should.ThrowAsync<DomainException>(() => Service(db, s => s.CreateFacilityAsync(Room("第1会議室"), Admin)));
        var fullWidth = await Should.ThrowAsync<DomainException>(() => Service(db, s => s.CreateFacilityAsync(Room(" 第１会議室 "), Admin)));

        same.Code.ShouldBe("facility.duplicate");
        same.Message.ShouldBe("施設「第1会議室」はすでに登録されています。別の名前にしてください。");
        fullWidth.Code.ShouldBe("facility.duplicate");
        (await db.QueryAsync(c => c.Facilities.CountAsync())).ShouldBe(1);
        (await db.QueryAsync(c => c.AuditEntries.CountAsync(e => e.Action == "facility.created"))).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Create_WithBadValues_IsRefusedWithAJapaneseMessage_AndWritesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var department = (await db.CreateStaffAsync("kanzai")).DepartmentId!.Value;
        var closed = await db.InScopeAsync(async sp =>
        {
            var organization = sp.GetRequiredService<Tsunagu.Core.Organization.OrganizationService>();
            var d = await organization.CreateDepartmentAsync("旧管財係", "係", department, Actor.System);
            await organization.SetDepartmentActiveAsync(d.Id, false, Actor.System);
            return d.Id;
        });
        var entriesBefore = await db.QueryAsync(c => c.SearchEntries.CountAsync());
        var auditBefore = await db.QueryAsync(c => c.AuditEntries.CountAsync());

        (string Code, FacilityInput Input)[] cases =
        [
            ("facility.invalid-name", Room("   ")),
            ("facility.invalid-name", Room(new string('室', Facility.MaxNameLength + 1))),
            ("facility.invalid-kind", Room("第5会議室") with { Kind = (FacilityKind)9 }),
            ("facility.invalid-capacity", Room("第5会議室") with { Capacity = 0 }),
            ("facility.invalid-capacity", Room("第5会議室") with { Capacity = FacilityAdminService.MaxCapacity + 1 }),
            ("facility.group-not-found", Room("第5会議室", groupId: 987654)),
            ("facility.manager-not-found", Room("第5会議室") with { ManagerDepartmentId = 987654 }),
            ("facility.manager-not-found", Room("第5会議室") with { ManagerDepartmentId = closed }),
            ("facility.manager-required", Room("第5会議室") with { RequiresApproval = true }),
            ("facility.invalid-sort-order", Room("第5会議室") with { SortOrder = -1 }),
            ("facility.invalid-location", Room("第5会議室") with { Location = new string('階', FacilityAdminService.MaxLocationLength + 1) }),
            ("facility.invalid-notes", Room("第5会議室") with { Notes = new string('注', FacilityAdminService.MaxNotesLength + 1) }),
            ("facility-group.invalid-name", Room("第5会議室") with { NewGroupName = new string('群', FacilityAdminService.MaxGroupNameLength + 1) }),
        ];
        foreach (var (code, input) in cases)
        {
            var refused = await Should.ThrowAsync<DomainException>(() => Service(db, s => s.CreateFacilityAsync(input, Admin)));
            refused.Code.ShouldBe(code, input.ToString());
            refused.Message.ShouldMatch(@"[\p{IsHiragana}\p{IsCJKUnifiedIdeographs}]", "a message in Japanese");
        }

        (await db.QueryAsync(c => c.Facilities.CountAsync())).ShouldBe(0);
        (await db.QueryAsync(c => c.FacilityGroups.CountAsync())).ShouldBe(0);
        (await db.QueryAsync(c => c.SearchEntries.CountAsync())).ShouldBe(entriesBefore);
        (await db.QueryAsync(c => c.AuditEntries.CountAsync())).ShouldBe(auditBefore);
    }

    [Theory, DatabaseData]
    public async Task Create_WithANewGroup_CreatesTheGroupWithIt_ButNotWhenTheFacilityIsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await Service(db, s => s.CreateFacilityAsync(Room("公用車1号"), Admin));

        await Should.ThrowAsync<DomainException>(() => Service(db, s => s.CreateFacilityAsync(Room("公用車1号") with { NewGroupName = "公用車" }, Admin)));
        (await db.QueryAsync(c => c.FacilityGroups.CountAsync())).ShouldBe(0);

        var car = await Service(db, s => s.CreateFacilityAsync(
            new FacilityInput { Name = "公用車2号(プリウス)", Kind = FacilityKind.Vehicle, Capacity = 5, NewGroupName = "公用車", GroupId = 987654 }, Admin));

        var group = await db.QueryAsync(c => c.FacilityGroups.SingleAsync());
        group.Name.ShouldBe("公用車");
        car.GroupId.ShouldBe(group.Id);
        (await SearchAsync(db, "プリウス")).Items.Single().Title.ShouldBe("公用車2号(プリウス)");
    }

    [Theory, DatabaseData]
    public async Task Update_ChangesTheFacility_ReindexesIt_AndAuditsBeforeAndAfter(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var manager = (await db.CreateStaffAsync("kanzai")).DepartmentId!.Value;
        var room = await Service(db, s => s.CreateFacilityAsync(Room("第2会議室"), Admin));

        await Service(db, s => s.UpdateFacilityAsync(room.Id, Room("大会議室") with { Capacity = 80, RequiresApproval = true, ManagerDepartmentId = manager }, Admin));

        var saved = await db.QueryAsync(c => c.Facilities.SingleAsync(f => f.Id == room.Id));
        saved.Name.ShouldBe("大会議室");
        saved.Capacity.ShouldBe(80);
        saved.RequiresApproval.ShouldBeTrue();
        saved.ManagerDepartmentId.ShouldBe(manager);
        (await SearchAsync(db, "大会議室")).Items.Select(h => h.Title).ShouldBe(["大会議室"]);
        (await SearchAsync(db, "第2会議室")).Total.ShouldBe(0);
        var audit = await db.QueryAsync(c => c.AuditEntries.Where(e => e.Action == "facility.updated").SingleAsync());
        audit.Details.ShouldContain("第2会議室");
        audit.Details.ShouldContain("-> 大会議室");

        // Saving the same values again changes nothing and records nothing.
        await Service(db, s => s.UpdateFacilityAsync(room.Id, Room("大会議室") with { Capacity = 80, RequiresApproval = true, ManagerDepartmentId = manager }, Admin));
        (await db.QueryAsync(c => c.AuditEntries.CountAsync(e => e.Action == "facility.updated"))).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Update_ToAnotherFacilitysName_IsRefused_AndKeepsTheOldValues(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await Service(db, s => s.CreateFacilityAsync(Room("第1会議室"), Admin));
        var second = await Service(db, s => s.CreateFacilityAsync(Room("第2会議室"), Admin));

        var refused = await Should.ThrowAsync<DomainException>(() => Service(db, s => s.UpdateFacilityAsync(second.Id, Room("第1会議室") with { Capacity = 99 }, Admin)));

        refused.Code.ShouldBe("facility.duplicate");
        var saved = await db.QueryAsync(c => c.Facilities.SingleAsync(f => f.Id == second.Id));
        saved.Name.ShouldBe("第2会議室");
        saved.Capacity.ShouldBe(12);
    }

    [Theory, DatabaseData]
    public async Task Deactivate_TakesItOutOfSearchAndBooking_KeepsItsBookings_AndSaysHowManyLieAhead(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var staff = await db.CreateStaffAsync("tanaka");
        var room = await Service(db, s => s.CreateFacilityAsync(Room("第3会議室"), Admin));
        var start = TestDatabase.Start.AddDays(2);
        var booking = await db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().BookAsync(staff.Id, room.Id, start, start.AddHours(1), "係内打合せ"));

        var upcoming = await Service(db, s => s.SetFacilityActiveAsync(room.Id, false, Admin));

        upcoming.ShouldBe(1);
        (await db.QueryAsync(c => c.Facilities.SingleAsync(f => f.Id == room.Id))).IsActive.ShouldBeFalse();
        (await SearchAsync(db, "第3会議室")).Total.ShouldBe(0);
        (await db.QueryAsync(c => c.FacilityBookings.SingleAsync(b => b.Id == booking.Id))).Status.ShouldBe(BookingStatus.Confirmed);
        var refused = await Should.ThrowAsync<DomainException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().BookAsync(staff.Id, room.Id, start.AddHours(2), start.AddHours(3), "打合せ")));
        refused.Code.ShouldBe("facility.not-found");
        (await db.QueryAsync(c => c.AuditEntries.Where(e => e.Action == "facility.deactivated").SingleAsync())).Details.ShouldContain("upcoming:1");

        await Service(db, s => s.SetFacilityActiveAsync(room.Id, true, Admin));
        (await SearchAsync(db, "第3会議室")).Total.ShouldBe(1);
        (await db.QueryAsync(c => c.AuditEntries.CountAsync(e => e.Action == "facility.reactivated"))).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Groups_AreUniqueByName_RenamingReindexesTheirFacilities_AndOnlyEmptyOnesAreDeleted(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var rooms = await Service(db, s => s.CreateGroupAsync("本庁舎 会議室", null, Admin));
        var spare = await Service(db, s => s.CreateGroupAsync("予備", 5, Admin));
        await Service(db, s => s.CreateFacilityAsync(Room("第1会議室", rooms.Id), Admin));

        (await Should.ThrowAsync<DomainException>(() => Service(db, s => s.CreateGroupAsync("本庁舎　会議室", null, Admin)))).Code.ShouldBe("facility-group.duplicate");
        (await Should.ThrowAsync<DomainException>(() => Service(db, s => s.CreateGroupAsync(" ", null, Admin)))).Code.ShouldBe("facility-group.invalid-name");
        (await Should.ThrowAsync<DomainException>(() => Service(db, s => s.UpdateGroupAsync(spare.Id, "本庁舎 会議室", 5, Admin)))).Code.ShouldBe("facility-group.duplicate");
        rooms.SortOrder.ShouldBe(1);
        spare.SortOrder.ShouldBe(5);

        await Service(db, s => s.UpdateGroupAsync(rooms.Id, "本庁舎 会議棟", 2, Admin));
        (await SearchAsync(db, "会議棟")).Items.Select(h => h.Title).ShouldBe(["第1会議室"]);

        var notEmpty = await Should.ThrowAsync<DomainException>(() => Service(db, s => s.DeleteGroupAsync(rooms.Id, Admin)));
        notEmpty.Code.ShouldBe("facility-group.not-empty");
        notEmpty.Message.ShouldContain("施設が1件あるため削除できません");

        await Service(db, s => s.DeleteGroupAsync(spare.Id, Admin));
        (await db.QueryAsync(c => c.FacilityGroups.Select(g => g.Name).ToListAsync())).ShouldBe(["本庁舎 会議棟"]);
        (await db.QueryAsync(c => c.AuditEntries.CountAsync(e => e.Action.StartsWith("facility-group.")))).ShouldBe(4);
    }

    /// <summary>The service as the host will register it; built here until CoreServices registers it.</summary>
    private static Task<T> Service<T>(TestDatabase db, Func<FacilityAdminService, Task<T>> action) =>
        db.InScopeAsync(sp => action(sp.GetService<FacilityAdminService>() ?? ActivatorUtilities.CreateInstance<FacilityAdminService>(sp)));

    private static Task Service(TestDatabase db, Func<FacilityAdminService, Task> action) =>
        db.InScopeAsync(sp => action(sp.GetService<FacilityAdminService>() ?? ActivatorUtilities.CreateInstance<FacilityAdminService>(sp)));
}
