using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Tests.Infrastructure;
using static Tsunagu.Core.Tests.Schedules.ScheduleTestData;

namespace Tsunagu.Core.Tests.Schedules;

public sealed class FreeTimeSearchTests
{
    /// <summary>The searcher is named in each call for readability; what is busy does not depend on who asks.</summary>
    private static Task<FreeTimeResult> FindAsync(TestDatabase db, int searcherId, FreeTimeRequest request, WorkingHours? hours = null)
    {
        _ = searcherId;
        return db.InScopeAsync(sp => sp.GetRequiredService<FreeTimeSearch>().FindAsync(request, hours ?? WorkingHours.Default));
    }

    private static (DateTimeOffset Start, DateTimeOffset End, DateTimeOffset Latest) Slot(int month, int day, int hour, int minute, int minutes, int latestHour, int latestMinute) =>
        (At(2026, month, day, hour, minute), At(2026, month, day, hour, minute).AddMinutes(minutes), At(2026, month, day, latestHour, latestMinute));

    /// <summary>Who is busy in a slot, as comparable text ("" when everyone is free).</summary>
    private static string Busy(FreeSlot slot) => string.Join(',', slot.BusyAccountIds.Order());

    private static string Busy(params int[] ids) => string.Join(',', ids.Order());

    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset Latest)> Shape(FreeTimeResult result) =>
        result.Slots.Select(s => (s.StartsAt, s.EndsAt, s.LatestStart));

    [Theory, DatabaseData]
    public async Task FreeDay_GivesAMorningAndAnAfternoonRun_InsideWorkingHours_WithoutLunch(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");

        var result = await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 60 });

        result.AccountIds.ShouldBe([a]);
        Shape(result).ShouldBe([Slot(4, 7, 8, 30, 60, 11, 0), Slot(4, 7, 13, 0, 60, 16, 15)]);
        result.Slots.ShouldAllBe(s => s.EveryoneFree);

        // Other office hours and steps.
        var custom = new WorkingHours { Start = new(9, 0), End = new(17, 0), LunchStart = new(12, 0), LunchEnd = new(13, 0), StepMinutes = 30 };
        Shape(await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 90 }, custom))
            .ShouldBe([Slot(4, 7, 9, 0, 90, 10, 30), Slot(4, 7, 13, 0, 90, 15, 30)]);

        // Longer than a half day: lunch may be spanned.
        Shape(await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 300 }))
            .ShouldBe([Slot(4, 7, 8, 30, 300, 12, 15)]);
    }

    [Theory, DatabaseData]
    public async Task Weekends_NationalHolidays_AndTheYearEnd_AreSkipped(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");

        // Fri 11/20 … Wed 11/25: Saturday, Sunday and Monday 11/23 (勤労感謝の日) are closed.
        var november = await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a], From = new(2026, 11, 20), To = new(2026, 11, 25), Minutes = 60 });
        november.Slots.Select(s => Clock.TokyoDate(s.StartsAt)).Distinct().ShouldBe([new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25)]);

        // Mon 12/28 … Tue 1/5: the office is closed 12/29–1/3.
        var yearEnd = await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a], From = new(2026, 12, 28), To = new(2027, 1, 5), Minutes = 60 });
        yearEnd.Slots.Select(s => Clock.TokyoDate(s.StartsAt)).Distinct().ShouldBe([new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 5)]);

        // Golden Week 2026: 4/29 昭和の日, 5/4–5/6 (5/6 振替休日).
        var goldenWeek = await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a], From = new(2026, 4, 28), To = new(2026, 5, 7), Minutes = 60, MaxSlots = 200 });
        goldenWeek.Slots.Select(s => Clock.TokyoDate(s.StartsAt)).Distinct()
            .ShouldBe([new DateOnly(2026, 4, 28), new DateOnly(2026, 4, 30), new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 7)]);
    }

    [Theory, DatabaseData]
    public async Task EveryoneFree_ComesFirst_ThenAllButN_NamingWhoIsBusy(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");
        var b = await db.StaffAsync("b");
        var c = await db.StaffAsync("c");
        await db.CreateEventAsync(b, Draft(b, "来客", T(2026, 4, 7, 10), T(2026, 4, 7, 12)));
        await db.CreateEventAsync(c, Draft(c, "外出", T(2026, 4, 7, 8, 30), T(2026, 4, 7, 10)));
        await db.CreateEventAsync(c, Draft(c, "研修", T(2026, 4, 7, 13), T(2026, 4, 7, 17, 15)));

        var result = await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a, b, c], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 60, MaxBusy = 2 });

        result.Slots.Select(s => (s.StartsAt, s.LatestStart, Busy(s))).ShouldBe(
        [
            // Nobody busy: none that day (c is out in the morning and in training all afternoon, b has a visitor in between).
            // One busy, earliest first:
            (At(2026, 4, 7, 8, 30), At(2026, 4, 7, 9, 0), Busy(c)),
            (At(2026, 4, 7, 10, 0), At(2026, 4, 7, 11, 0), Busy(b)),
            (At(2026, 4, 7, 13, 0), At(2026, 4, 7, 16, 15), Busy(c)),

            // Two busy: where the morning runs meet (c until 10:00 and b from 10:00).
            (At(2026, 4, 7, 9, 15), At(2026, 4, 7, 9, 45), Busy(b, c)),
        ]);

        // Everyone free ranks above: on 4/8 nobody has anything.
        var twoDays = await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a, b, c], From = new(2026, 4, 7), To = new(2026, 4, 8), Minutes = 60, MaxBusy = 1 });
        twoDays.Slots.Select(s => (s.StartsAt, s.BusyAccountIds.Count)).ShouldBe(
        [
            (At(2026, 4, 8, 8, 30), 0),
            (At(2026, 4, 8, 13, 0), 0),
            (At(2026, 4, 7, 8, 30), 1),
            (At(2026, 4, 7, 10, 0), 1),
            (At(2026, 4, 7, 13, 0), 1),
        ]);

        // Only everyone free.
        (await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a, b, c], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 60, MaxBusy = 0 })).Slots.ShouldBeEmpty();
        (await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a, b, c], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 60, MaxBusy = -3 })).Slots.ShouldBeEmpty();

        // MaxSlots keeps the best.
        (await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a, b, c], From = new(2026, 4, 7), To = new(2026, 4, 8), Minutes = 60, MaxSlots = 2 })).Slots
            .Select(s => s.StartsAt).ShouldBe([At(2026, 4, 8, 8, 30), At(2026, 4, 8, 13, 0)]);
    }

    [Theory, DatabaseData]
    public async Task ASlotWhereEveryoneIsBusy_IsNeverProposed(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");
        await db.CreateEventAsync(a, Draft(a, "休暇", T(2026, 4, 7), T(2026, 4, 7)) with { IsAllDay = true, Category = EventCategories.Leave });

        (await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 30, MaxBusy = 5 })).Slots.ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task DeclinedInvitations_DoNotBlock_ButTentativeAndPendingOnesDo(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");
        var b = await db.StaffAsync("b");
        var declined = await db.CreateEventAsync(a, Draft(a, "説明会", T(2026, 4, 7, 8, 30), T(2026, 4, 7, 12), b));
        await db.RespondAsync(b, declined.Id, AttendeeResponse.Declined);
        await db.CreateEventAsync(a, Draft(a, "検討会", T(2026, 4, 7, 13), T(2026, 4, 7, 17, 15), b));

        var result = await FindAsync(db, b, new FreeTimeRequest { AccountIds = [b], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 60 });
        Shape(result).ShouldBe([Slot(4, 7, 8, 30, 60, 11, 0)]);
    }

    [Theory, DatabaseData]
    public async Task Facilities_MustBeFree_AndA仮予約Blocks(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");
        var managers = await db.DepartmentAsync("総務部/管財課");
        var room = await db.FacilityAsync("第1会議室");
        var hall = await db.FacilityAsync("大会議室", requiresApproval: true, managerDepartmentId: managers);
        await db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().BookAsync(a, room, At(2026, 4, 7, 13), At(2026, 4, 7, 17, 15), "研修"));
        var tentative = await db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().BookAsync(a, hall, At(2026, 4, 7, 8, 30), At(2026, 4, 7, 10), "説明会"));
        tentative.Status.ShouldBe(BookingStatus.Tentative);

        Shape(await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a], FacilityIds = [room], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 60, MaxBusy = 5 }))
            .ShouldBe([Slot(4, 7, 8, 30, 60, 11, 0)]);
        Shape(await FindAsync(db, a, new FreeTimeRequest { FacilityIds = [hall], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 60 }))
            .ShouldBe([Slot(4, 7, 10, 0, 60, 11, 0), Slot(4, 7, 13, 0, 60, 16, 15)]);
        Shape(await FindAsync(db, a, new FreeTimeRequest { FacilityIds = [room, hall], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 60 }))
            .ShouldBe([Slot(4, 7, 10, 0, 60, 11, 0)]);

        // Declined or cancelled bookings free the time again.
        await db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().CancelAsync(a, false, tentative.Id));
        Shape(await FindAsync(db, a, new FreeTimeRequest { FacilityIds = [hall], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 60 }))
            .ShouldBe([Slot(4, 7, 8, 30, 60, 11, 0), Slot(4, 7, 13, 0, 60, 16, 15)]);
    }

    [Theory, DatabaseData]
    public async Task PastTimes_AreNotProposed(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");
        db.Clock.SetUtcNow(At(2026, 4, 7, 10, 7));

        Shape(await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a], From = new(2026, 4, 6), To = new(2026, 4, 7), Minutes = 60 }))
            .ShouldBe([Slot(4, 7, 10, 15, 60, 11, 0), Slot(4, 7, 13, 0, 60, 16, 15)]);
    }

    [Theory, DatabaseData]
    public async Task Departments_AreSearchedWithTheirSubunits(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a", "市民部/市民課");
        var head = await db.StaffAsync("head", "総務部/総務課", "課長");
        var clerk = await db.StaffAsync("clerk", "総務部/総務課/人事係");
        var somu = await db.DepartmentAsync("総務部/総務課");
        await db.CreateEventAsync(clerk, Draft(clerk, "面接", T(2026, 4, 7, 8, 30), T(2026, 4, 7, 12)));

        var result = await FindAsync(db, a, new FreeTimeRequest { AccountIds = [a], DepartmentIds = [somu], From = new(2026, 4, 7), To = new(2026, 4, 7), Minutes = 60 });

        result.AccountIds.Order().ShouldBe(new[] { a, head, clerk }.Order());
        result.Slots.Select(s => (s.StartsAt, Busy(s))).ShouldBe([(At(2026, 4, 7, 13, 0), ""), (At(2026, 4, 7, 8, 30), Busy(clerk))]);
    }

    [Theory, DatabaseData]
    public async Task BadRequests_AreRefusedWithACode(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");
        var gone = await db.StaffAsync("gone");
        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(gone, Actor.System));
        var closed = await db.DepartmentAsync("旧部/旧課");
        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().SetDepartmentActiveAsync(closed, false, Actor.System));
        var valid = new FreeTimeRequest { AccountIds = [a], From = new(2026, 4, 7), To = new(2026, 4, 8), Minutes = 60 };

        async Task Refused(string code, FreeTimeRequest request) =>
            (await Should.ThrowAsync<DomainException>(() => FindAsync(db, a, request))).Code.ShouldBe(code);

        await Refused("freetime.invalid-duration", valid with { Minutes = 0 });
        await Refused("freetime.invalid-duration", valid with { Minutes = 601 });
        await Refused("freetime.invalid-range", valid with { To = new(2026, 4, 6) });
        await Refused("freetime.invalid-range", valid with { To = new(2026, 6, 8) });
        await Refused("freetime.invalid-range", valid with { From = new(2150, 1, 5), To = new(2150, 1, 6) });
        await Refused("freetime.invalid-range", valid with { From = new(1999, 12, 30), To = new(2000, 1, 4) });
        await Refused("freetime.nobody", valid with { AccountIds = [] });
        await Refused("schedule.unknown-attendee", valid with { AccountIds = [a, 99999] });
        await Refused("schedule.unknown-attendee", valid with { AccountIds = [gone] });
        await Refused("schedule.unknown-department", valid with { DepartmentIds = [99999] });
        await Refused("schedule.unknown-department", valid with { DepartmentIds = [closed] });
        await Refused("facility.not-found", valid with { FacilityIds = [99999] });

        // 62 days is the longest range.
        (await FindAsync(db, a, valid with { To = new DateOnly(2026, 4, 7).AddDays(61) })).Slots.ShouldNotBeEmpty();
    }
}
