using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Tests.Schedules;
using static Tsunagu.Core.Tests.Schedules.ScheduleTestData;

namespace Tsunagu.Core.Tests.Facilities;

public sealed class FacilityBookingTests
{
    private static Task<FacilityBooking> BookAsync(TestDatabase db, int actorId, int facilityId, DateTimeOffset start, DateTimeOffset end, string purpose = "打合せ") =>
        db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().BookAsync(actorId, facilityId, start, end, purpose));

    private static Task<FacilityBooking> ConfirmAsync(TestDatabase db, int actorId, int bookingId, bool isSystemAdministrator = false) =>
        db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().ConfirmAsync(new Actor(actorId, "manager", null), isSystemAdministrator, bookingId));

    private static Task<FacilityBooking> DeclineAsync(TestDatabase db, int actorId, int bookingId, string note = "点検のため") =>
        db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().DeclineAsync(new Actor(actorId, "manager", null), false, bookingId, note));

    /// <summary>A city with 管財課 (managing the rooms that need approval; one manager in a 係 below it) and two staff elsewhere.</summary>
    private sealed record City(int Organizer, int Colleague, int Manager, int SubunitManager, int ManagingUnit, int Room, int ApprovalRoom);

    private static async Task<City> CityAsync(TestDatabase db)
    {
        var organizer = await db.StaffAsync("organizer", "市民部/市民課");
        var colleague = await db.StaffAsync("colleague", "市民部/市民課");
        var manager = await db.StaffAsync("manager", "総務部/管財課");
        var subunitManager = await db.StaffAsync("submanager", "総務部/管財課/庁舎管理係");
        var managingUnit = await db.DepartmentAsync("総務部/管財課");
        var room = await db.FacilityAsync("第1会議室");
        var approvalRoom = await db.FacilityAsync("大会議室", requiresApproval: true, managerDepartmentId: managingUnit);
        return new City(organizer, colleague, manager, subunitManager, managingUnit, room, approvalRoom);
    }

    // ---- with events ----

    [Theory, DatabaseData]
    public async Task EventWithAnApprovalRoom_IsTentative_AndItsManagersAreNotified(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);

        var e = await db.CreateEventAsync(city.Organizer, Draft(city.Organizer, "予算説明会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { FacilityIds = [city.ApprovalRoom] });

        var booking = (await db.BookingsAsync(city.ApprovalRoom)).ShouldHaveSingleItem();
        booking.Status.ShouldBe(BookingStatus.Tentative);
        booking.EventId.ShouldBe(e.Id);
        booking.StartsAt.ShouldBe(At(2026, 4, 6, 10));
        booking.EndsAt.ShouldBe(At(2026, 4, 6, 11));
        booking.Purpose.ShouldBe("予算説明会");
        (await db.NotificationCountAsync(city.Manager, NotificationKinds.Facility)).ShouldBe(1);
        (await db.NotificationCountAsync(city.SubunitManager, NotificationKinds.Facility)).ShouldBe(1);
        (await db.NotificationCountAsync(city.Colleague, NotificationKinds.Facility)).ShouldBe(0);
        (await db.NotificationCountAsync(city.Organizer, NotificationKinds.Facility)).ShouldBe(0);

        // A room without approval is booked at once (本予約) and nobody is asked.
        await db.CreateEventAsync(city.Organizer, Draft(city.Organizer, "係内打合せ", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { FacilityIds = [city.Room] });
        (await db.BookingsAsync(city.Room)).ShouldHaveSingleItem().Status.ShouldBe(BookingStatus.Confirmed);
        (await db.NotificationCountAsync(city.Manager, NotificationKinds.Facility)).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Manager_ConfirmsATentativeBooking_AndTheBookerIsTold(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        await db.CreateEventAsync(city.Organizer, Draft(city.Organizer, "予算説明会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { FacilityIds = [city.ApprovalRoom] });
        var booking = (await db.BookingsAsync(city.ApprovalRoom)).Single();
        var toldBefore = await db.NotificationCountAsync(city.Organizer, NotificationKinds.Facility);

        await ConfirmAsync(db, city.SubunitManager, booking.Id);

        var confirmed = (await db.BookingsAsync(city.ApprovalRoom)).Single();
        confirmed.Status.ShouldBe(BookingStatus.Confirmed);
        confirmed.DecidedById.ShouldBe(city.SubunitManager);
        confirmed.DecidedAt.ShouldNotBeNull();
        (await db.NotificationCountAsync(city.Organizer, NotificationKinds.Facility)).ShouldBe(toldBefore + 1);
        (await db.QueryAsync(c => c.AuditEntries.CountAsync(a => a.Action == "facility.booking.confirmed"))).ShouldBe(1);

        // Deciding twice is refused.
        (await Should.ThrowAsync<DomainException>(() => ConfirmAsync(db, city.Manager, booking.Id))).Code.ShouldBe("booking.not-tentative");
        (await Should.ThrowAsync<DomainException>(() => DeclineAsync(db, city.Manager, booking.Id))).Code.ShouldBe("booking.not-tentative");
    }

    [Theory, DatabaseData]
    public async Task NonManager_CannotDecide_ButASystemAdministratorCan(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        await db.CreateEventAsync(city.Organizer, Draft(city.Organizer, "予算説明会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { FacilityIds = [city.ApprovalRoom] });
        var booking = (await db.BookingsAsync(city.ApprovalRoom)).Single();

        await Should.ThrowAsync<AccessDeniedException>(() => ConfirmAsync(db, city.Colleague, booking.Id));
        await Should.ThrowAsync<AccessDeniedException>(() => ConfirmAsync(db, city.Organizer, booking.Id));
        await Should.ThrowAsync<AccessDeniedException>(() => DeclineAsync(db, city.Colleague, booking.Id));
        await Should.ThrowAsync<AccessDeniedException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().ConfirmAsync(Actor.System, true, booking.Id)));
        (await db.BookingsAsync(city.ApprovalRoom)).Single().Status.ShouldBe(BookingStatus.Tentative);

        await ConfirmAsync(db, city.Colleague, booking.Id, isSystemAdministrator: true);
        (await db.BookingsAsync(city.ApprovalRoom)).Single().Status.ShouldBe(BookingStatus.Confirmed);
    }

    [Theory, DatabaseData]
    public async Task Decline_FreesTheSlot_ForTheNextBooking(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var first = await BookAsync(db, city.Organizer, city.ApprovalRoom, At(2026, 4, 6, 10), At(2026, 4, 6, 11), "説明会");
        first.Status.ShouldBe(BookingStatus.Tentative);
        (await db.NotificationCountAsync(city.Manager, NotificationKinds.Facility)).ShouldBe(1);

        // A 仮予約 holds the slot.
        var conflict = await Should.ThrowAsync<BookingConflictException>(() => BookAsync(db, city.Colleague, city.ApprovalRoom, At(2026, 4, 6, 10, 30), At(2026, 4, 6, 11, 30)));
        conflict.Conflicts.ShouldHaveSingleItem().BookingId.ShouldBe(first.Id);

        await DeclineAsync(db, city.Manager, first.Id, "点検のため使えません");
        var declined = (await db.BookingsAsync(city.ApprovalRoom)).Single();
        declined.Status.ShouldBe(BookingStatus.Declined);
        declined.DecisionNote.ShouldBe("点検のため使えません");

        var second = await BookAsync(db, city.Colleague, city.ApprovalRoom, At(2026, 4, 6, 10, 30), At(2026, 4, 6, 11, 30));
        second.Status.ShouldBe(BookingStatus.Tentative);
        (await db.ActiveBookingsAsync(city.ApprovalRoom)).Select(b => b.Id).ShouldBe([second.Id]);
    }

    [Theory, DatabaseData]
    public async Task ASeriesInAnApprovalRoom_IsConfirmedAsAWhole(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        await db.CreateEventAsync(city.Organizer, Draft(city.Organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with
        {
            FacilityIds = [city.ApprovalRoom],
            Recurrence = RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(4).ToString(),
        });
        var bookings = await db.BookingsAsync(city.ApprovalRoom);
        bookings.Count.ShouldBe(4);
        (await db.NotificationCountAsync(city.Manager, NotificationKinds.Facility)).ShouldBe(1); // one request for the series

        await ConfirmAsync(db, city.Manager, bookings[2].Id);
        (await db.BookingsAsync(city.ApprovalRoom)).ShouldAllBe(b => b.Status == BookingStatus.Confirmed);
    }

    [Theory, DatabaseData]
    public async Task ChangingTheTime_ReleasesTheOldSlot_AndKeepingIt_KeepsTheConfirmation(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var draft = Draft(city.Organizer, "予算説明会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { FacilityIds = [city.ApprovalRoom] };
        var e = await db.CreateEventAsync(city.Organizer, draft);
        var original = (await db.BookingsAsync(city.ApprovalRoom)).Single();
        await ConfirmAsync(db, city.Manager, original.Id);

        // Only the title changes: the room stays 本予約 (the manager need not decide again).
        await db.UpdateEventAsync(city.Organizer, e.Id, null, EditScope.All, draft with { Title = "予算説明会(第1回)" });
        var kept = (await db.ActiveBookingsAsync(city.ApprovalRoom)).ShouldHaveSingleItem();
        kept.Id.ShouldBe(original.Id);
        kept.Status.ShouldBe(BookingStatus.Confirmed);
        kept.Purpose.ShouldBe("予算説明会(第1回)");

        // The time changes: the old slot is released, the new one is asked for again.
        var managerToldBefore = await db.NotificationCountAsync(city.Manager, NotificationKinds.Facility);
        await db.UpdateEventAsync(city.Organizer, e.Id, null, EditScope.All, draft with { StartsAt = T(2026, 4, 6, 14), EndsAt = T(2026, 4, 6, 15) });
        var all = await db.BookingsAsync(city.ApprovalRoom);
        all.Single(b => b.Id == original.Id).Status.ShouldBe(BookingStatus.Cancelled);
        var moved = (await db.ActiveBookingsAsync(city.ApprovalRoom)).ShouldHaveSingleItem();
        moved.StartsAt.ShouldBe(At(2026, 4, 6, 14));
        moved.Status.ShouldBe(BookingStatus.Tentative);
        (await db.NotificationCountAsync(city.Manager, NotificationKinds.Facility)).ShouldBe(managerToldBefore + 1);

        // The old slot is free for someone else.
        await BookAsync(db, city.Colleague, city.ApprovalRoom, At(2026, 4, 6, 10), At(2026, 4, 6, 11));

        // Taking the room off the event releases it too.
        await db.UpdateEventAsync(city.Organizer, e.Id, null, EditScope.All, draft with { StartsAt = T(2026, 4, 6, 14), EndsAt = T(2026, 4, 6, 15), FacilityIds = [] });
        (await db.ActiveBookingsAsync(city.ApprovalRoom)).ShouldAllBe(b => b.EventId == null);
    }

    [Theory, DatabaseData]
    public async Task SplittingAConfirmedSeries_KeepsTheLaterBookingsConfirmed_UnderTheNewSeries(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var series = Draft(city.Organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with
        {
            FacilityIds = [city.ApprovalRoom],
            Recurrence = RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(4).ToString(),
        };
        var e = await db.CreateEventAsync(city.Organizer, series);
        await ConfirmAsync(db, city.Manager, (await db.BookingsAsync(city.ApprovalRoom))[0].Id);
        var before = (await db.BookingsAsync(city.ApprovalRoom)).Select(b => b.Id).ToList();
        var managerTold = await db.NotificationCountAsync(city.Manager, NotificationKinds.Facility);

        var split = await db.UpdateEventAsync(city.Organizer, e.Id, At(2026, 4, 20, 10), EditScope.Following,
            series with { Title = "週次会議", StartsAt = T(2026, 4, 20, 10), EndsAt = T(2026, 4, 20, 11) });

        var after = await db.BookingsAsync(city.ApprovalRoom);
        after.Select(b => b.Id).ShouldBe(before);
        after.ShouldAllBe(b => b.Status == BookingStatus.Confirmed);
        after.Select(b => (b.EventId, b.Purpose)).ShouldBe([((int?)e.Id, "定例会"), (e.Id, "定例会"), (split.Id, "週次会議"), (split.Id, "週次会議")]);
        (await db.NotificationCountAsync(city.Manager, NotificationKinds.Facility)).ShouldBe(managerTold);

        // Moving the later part: those two are asked for again; the first part keeps its 本予約.
        await db.UpdateEventAsync(city.Organizer, split.Id, null, EditScope.All,
            series with { Title = "週次会議", StartsAt = T(2026, 4, 20, 14), EndsAt = T(2026, 4, 20, 15), Recurrence = RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(2).ToString() });
        (await db.ActiveBookingsAsync(city.ApprovalRoom)).Select(b => (b.StartsAt, b.Status)).ShouldBe(
        [
            (At(2026, 4, 6, 10), BookingStatus.Confirmed),
            (At(2026, 4, 13, 10), BookingStatus.Confirmed),
            (At(2026, 4, 20, 14), BookingStatus.Tentative),
            (At(2026, 4, 27, 14), BookingStatus.Tentative),
        ]);
        (await db.NotificationCountAsync(city.Manager, NotificationKinds.Facility)).ShouldBe(managerTold + 1);
    }

    [Theory, DatabaseData]
    public async Task SeriesWithARoom_BooksEveryOccurrence_AndOneConflict_RefusesTheWholeEvent(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var rule = RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(4).ToString();
        var series = Draft(city.Organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { FacilityIds = [city.Room], Recurrence = rule };

        var e = await db.CreateEventAsync(city.Organizer, series);
        (await db.ActiveBookingsAsync(city.Room)).Select(b => b.StartsAt)
            .ShouldBe([At(2026, 4, 6, 10), At(2026, 4, 13, 10), At(2026, 4, 20, 10), At(2026, 4, 27, 10)]);
        (await db.ActiveBookingsAsync(city.Room)).ShouldAllBe(b => b.EventId == e.Id && b.Status == BookingStatus.Confirmed);

        // Another series, free but for one occurrence (4/27): refused as a whole, with that occurrence named.
        var blocker = await BookAsync(db, city.Colleague, city.Room, At(2026, 4, 27, 13, 30), At(2026, 4, 27, 14, 30), "来客");
        var before = await db.CountsAsync();
        var refusal = await Should.ThrowAsync<BookingConflictException>(() => db.CreateEventAsync(city.Colleague,
            Draft(city.Colleague, "勉強会", T(2026, 4, 13, 13), T(2026, 4, 13, 14)) with { FacilityIds = [city.Room], Recurrence = RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(4).ToString() }));
        var conflict = refusal.Conflicts.ShouldHaveSingleItem();
        conflict.BookingId.ShouldBe(blocker.Id);
        conflict.FacilityName.ShouldBe("第1会議室");
        conflict.StartsAt.ShouldBe(At(2026, 4, 27, 13, 30));
        refusal.Message.ShouldContain("第1会議室");
        (await db.CountsAsync()).ShouldBe(before);

        // Lengthening the first series onto a busy slot (5/4) is refused the same way and leaves it as it was.
        await BookAsync(db, city.Colleague, city.Room, At(2026, 5, 4, 10, 30), At(2026, 5, 4, 11), "来客");
        var beforeEdit = await db.CountsAsync();
        await Should.ThrowAsync<BookingConflictException>(() => db.UpdateEventAsync(city.Organizer, e.Id, null, EditScope.All,
            series with { Recurrence = RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(5).ToString() }));
        (await db.CountsAsync()).ShouldBe(beforeEdit);
        (await db.EventAsync(e.Id)).Recurrence.ShouldBe(rule);
        (await db.ActiveBookingsAsync(city.Room)).Count(b => b.EventId == e.Id).ShouldBe(4);
    }

    [Theory, DatabaseData]
    public async Task PrivateEventsConflicts_ShowOnly予定あり(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        await db.CreateEventAsync(city.Organizer, Draft(city.Organizer, "人事面談", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with
        {
            FacilityIds = [city.Room],
            Visibility = EventVisibility.Private,
        });

        var conflict = await Should.ThrowAsync<BookingConflictException>(() => BookAsync(db, city.Colleague, city.Room, At(2026, 4, 6, 10), At(2026, 4, 6, 11)));
        conflict.Conflicts.Single().Purpose.ShouldBe(ScheduleReader.MaskedTitle);
        conflict.Message.ShouldNotContain("人事面談");
    }

    [Theory, DatabaseData]
    public async Task PrivateEventInAnApprovalRoom_TellsTheManagersOnly予定あり(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        await db.CreateEventAsync(city.Organizer, Draft(city.Organizer, "人事面談", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with
        {
            FacilityIds = [city.ApprovalRoom],
            Visibility = EventVisibility.Private,
        });

        var told = await db.QueryAsync(c => c.Notifications.Where(n => n.RecipientId == city.Manager && n.Kind == NotificationKinds.Facility).ToListAsync());
        told.ShouldHaveSingleItem().Body.ShouldContain(ScheduleReader.MaskedTitle);
        told.Single().Body.ShouldNotContain("人事面談");
        var mail = await db.QueryAsync(c => c.Outbox.Where(m => m.Type == NotificationService.EmailType).Select(m => m.Payload).ToListAsync());
        mail.ShouldAllBe(payload => !payload.Contains("人事面談"));
    }

    [Theory, DatabaseData]
    public async Task OneOccurrenceWithARoom_CanBeEditedTwice_WithoutConflictingWithItself(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var series = Draft(city.Organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with
        {
            FacilityIds = [city.Room],
            Recurrence = RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(3).ToString(),
        };
        var e = await db.CreateEventAsync(city.Organizer, series);
        var second = At(2026, 4, 13, 10);
        var oneDraft = series with { Recurrence = null, StartsAt = T(2026, 4, 13, 13), EndsAt = T(2026, 4, 13, 14) };

        var o = await db.UpdateEventAsync(city.Organizer, e.Id, second, EditScope.One, oneDraft);
        (await db.ActiveBookingsAsync(city.Room)).Select(b => (b.StartsAt, b.EventId))
            .ShouldBe([(At(2026, 4, 6, 10), (int?)e.Id), (At(2026, 4, 13, 13), o.Id), (At(2026, 4, 20, 10), e.Id)]);

        // The same occurrence again, named through the series and its original start, then through the override itself.
        await db.UpdateEventAsync(city.Organizer, e.Id, second, EditScope.One, oneDraft with { StartsAt = T(2026, 4, 13, 15), EndsAt = T(2026, 4, 13, 16) });
        await db.UpdateEventAsync(city.Organizer, o.Id, null, EditScope.One, oneDraft with { StartsAt = T(2026, 4, 13, 16), EndsAt = T(2026, 4, 13, 17) });
        (await db.ActiveBookingsAsync(city.Room)).Select(b => b.StartsAt).ShouldBe([At(2026, 4, 6, 10), At(2026, 4, 13, 16), At(2026, 4, 20, 10)]);
        (await db.QueryAsync(c => c.Events.CountAsync(x => x.SeriesMasterId == e.Id))).ShouldBe(1);

        // The freed 10:00 and 13:00 slots of 4/13 are free for others.
        await BookAsync(db, city.Colleague, city.Room, At(2026, 4, 13, 10), At(2026, 4, 13, 15));
    }

    [Theory, DatabaseData]
    public async Task EditingTheWholeSeries_LeavesTheRoomOfAMovedOccurrenceAlone(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var series = Draft(city.Organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with
        {
            FacilityIds = [city.Room],
            Recurrence = RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(3).ToString(),
        };
        var e = await db.CreateEventAsync(city.Organizer, series);

        // 4/13 moves to the afternoon; its morning slot is taken by someone else; 4/20 is cancelled and taken too.
        await db.UpdateEventAsync(city.Organizer, e.Id, At(2026, 4, 13, 10), EditScope.One, series with { Recurrence = null, StartsAt = T(2026, 4, 13, 13), EndsAt = T(2026, 4, 13, 14) });
        await BookAsync(db, city.Colleague, city.Room, At(2026, 4, 13, 10), At(2026, 4, 13, 11), "来客");
        await db.CancelEventAsync(city.Organizer, e.Id, At(2026, 4, 20, 10), EditScope.One);
        await BookAsync(db, city.Colleague, city.Room, At(2026, 4, 20, 10), At(2026, 4, 20, 11), "来客");

        // Renaming the series does not try to take back the slots of the changed and the cancelled occurrence.
        await db.UpdateEventAsync(city.Organizer, e.Id, null, EditScope.All, series with { Title = "定例会(改)" });
        (await db.ActiveBookingsAsync(city.Room)).Select(b => (b.StartsAt, b.Purpose))
            .ShouldBe([(At(2026, 4, 6, 10), "定例会(改)"), (At(2026, 4, 13, 10), "来客"), (At(2026, 4, 13, 13), "定例会"), (At(2026, 4, 20, 10), "来客")]);
    }

    [Theory, DatabaseData]
    public async Task CancellingEvents_FreesTheirRooms_IncludingThoseOfChangedOccurrences(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var single = await db.CreateEventAsync(city.Organizer, Draft(city.Organizer, "打合せ", T(2026, 4, 7, 10), T(2026, 4, 7, 11)) with { FacilityIds = [city.Room] });
        var series = Draft(city.Organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with
        {
            FacilityIds = [city.Room],
            Recurrence = RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(4).ToString(),
        };
        var e = await db.CreateEventAsync(city.Organizer, series);
        await db.UpdateEventAsync(city.Organizer, e.Id, At(2026, 4, 13, 10), EditScope.One, series with { Recurrence = null, StartsAt = T(2026, 4, 13, 13), EndsAt = T(2026, 4, 13, 14) });

        await db.CancelEventAsync(city.Organizer, single.Id, null, EditScope.One);
        (await db.ActiveBookingsAsync(city.Room)).ShouldNotContain(b => b.EventId == single.Id);

        await db.CancelEventAsync(city.Organizer, e.Id, At(2026, 4, 20, 10), EditScope.Following);
        (await db.ActiveBookingsAsync(city.Room)).Select(b => b.StartsAt).ShouldBe([At(2026, 4, 6, 10), At(2026, 4, 13, 13)]);

        await db.CancelEventAsync(city.Organizer, e.Id, null, EditScope.All);
        (await db.ActiveBookingsAsync(city.Room)).ShouldBeEmpty();
        await BookAsync(db, city.Colleague, city.Room, At(2026, 4, 13, 13), At(2026, 4, 13, 14));
    }

    [Theory, DatabaseData]
    public async Task EndlessSeriesWithARoom_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        await db.RefusedAsync("schedule.booked-series-too-long", () => db.CreateEventAsync(city.Organizer,
            Draft(city.Organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { FacilityIds = [city.Room], Recurrence = "FREQ=WEEKLY;BYDAY=MO" }));
        await db.RefusedAsync("schedule.booked-series-too-long", () => db.CreateEventAsync(city.Organizer,
            Draft(city.Organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { FacilityIds = [city.Room], Recurrence = "FREQ=DAILY;UNTIL=20280101T000000" }));
        await db.RefusedAsync("facility.not-found", () => db.CreateEventAsync(city.Organizer,
            Draft(city.Organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { FacilityIds = [99999] }));
    }

    [Theory, DatabaseData]
    public async Task ASeriesWhoseOccurrencesOverlapEachOther_CannotHoldARoom(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);

        // Daily, two days long: each occurrence would need the room while the one before still has it.
        await db.RefusedAsync("schedule.booked-series-overlaps", () => db.CreateEventAsync(city.Organizer,
            Draft(city.Organizer, "研修", T(2026, 4, 6, 9), T(2026, 4, 7, 17)) with { FacilityIds = [city.Room], Recurrence = "FREQ=DAILY;COUNT=3" }));
    }

    // ---- bookings alone ----

    [Theory, DatabaseData]
    public async Task TouchingSlots_AreBothBooked_AndOverlapsAreRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var morning = await BookAsync(db, city.Organizer, city.Room, At(2026, 4, 6, 10), At(2026, 4, 6, 11));
        var next = await BookAsync(db, city.Colleague, city.Room, At(2026, 4, 6, 11), At(2026, 4, 6, 12));
        var before = await BookAsync(db, city.Colleague, city.Room, At(2026, 4, 6, 9), At(2026, 4, 6, 10));
        morning.Status.ShouldBe(BookingStatus.Confirmed);
        (await db.ActiveBookingsAsync(city.Room)).Count.ShouldBe(3);

        foreach (var (start, end) in new[]
        {
            (At(2026, 4, 6, 10, 59), At(2026, 4, 6, 11, 1)),
            (At(2026, 4, 6, 8), At(2026, 4, 6, 13)),
            (At(2026, 4, 6, 10, 15), At(2026, 4, 6, 10, 45)),
        })
        {
            await Should.ThrowAsync<BookingConflictException>(() => BookAsync(db, city.Colleague, city.Room, start, end));
        }

        // Another room at the same time is fine.
        await BookAsync(db, city.Colleague, city.ApprovalRoom, At(2026, 4, 6, 10), At(2026, 4, 6, 11));
        (await db.ActiveBookingsAsync(city.Room)).Select(b => b.Id).ShouldBe([before.Id, morning.Id, next.Id]);
    }

    [Theory, DatabaseData]
    public async Task CancelledBooking_FreesTheSlot_AndOnlyTheBookerOrAManagerCancels(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var booking = await BookAsync(db, city.Organizer, city.ApprovalRoom, At(2026, 4, 6, 10), At(2026, 4, 6, 11));

        await Should.ThrowAsync<AccessDeniedException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().CancelAsync(city.Colleague, false, booking.Id)));
        await db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().CancelAsync(city.Organizer, false, booking.Id));
        (await db.BookingsAsync(city.ApprovalRoom)).Single().Status.ShouldBe(BookingStatus.Cancelled);
        (await Should.ThrowAsync<DomainException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().CancelAsync(city.Organizer, false, booking.Id)))).Code.ShouldBe("booking.not-active");

        var again = await BookAsync(db, city.Colleague, city.ApprovalRoom, At(2026, 4, 6, 10), At(2026, 4, 6, 11));
        await db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().CancelAsync(city.Manager, false, again.Id));
        (await db.ActiveBookingsAsync(city.ApprovalRoom)).ShouldBeEmpty();

        // A booking that belongs to an event goes with the event.
        await db.CreateEventAsync(city.Organizer, Draft(city.Organizer, "会議", T(2026, 4, 7, 10), T(2026, 4, 7, 11)) with { FacilityIds = [city.Room] });
        var eventBooking = (await db.ActiveBookingsAsync(city.Room)).Single();
        (await Should.ThrowAsync<DomainException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().CancelAsync(city.Organizer, false, eventBooking.Id)))).Code.ShouldBe("booking.belongs-to-event");
    }

    [Theory, DatabaseData]
    public async Task BookingAlone_RefusesBadInput_AndWritesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        await db.RefusedAsync("booking.invalid-time", () => BookAsync(db, city.Organizer, city.Room, At(2026, 4, 6, 10), At(2026, 4, 6, 10)));
        await db.RefusedAsync("booking.invalid-time", () => BookAsync(db, city.Organizer, city.Room, At(2026, 4, 6, 11), At(2026, 4, 6, 10)));
        await db.RefusedAsync("booking.too-long", () => BookAsync(db, city.Organizer, city.Room, At(2026, 4, 6, 10), At(2026, 5, 8, 10)));
        await db.RefusedAsync("booking.invalid-purpose", () => BookAsync(db, city.Organizer, city.Room, At(2026, 4, 6, 10), At(2026, 4, 6, 11), "  "));
        await db.RefusedAsync("booking.invalid-purpose", () => BookAsync(db, city.Organizer, city.Room, At(2026, 4, 6, 10), At(2026, 4, 6, 11), new string('目', 201)));
        await db.RefusedAsync("facility.not-found", () => BookAsync(db, city.Organizer, 99999, At(2026, 4, 6, 10), At(2026, 4, 6, 11)));
        await db.RefusedAsync("booking.unknown-account", () => BookAsync(db, 99999, city.Room, At(2026, 4, 6, 10), At(2026, 4, 6, 11)));
    }

    [Theory, DatabaseData]
    public async Task TimesWithATokyoOffset_AreBookedAndCompared_AsInstants(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var tokyo = TimeSpan.FromHours(9);

        // What an API client sends: 2026-04-06T10:00+09:00.
        var booking = await BookAsync(db, city.Organizer, city.Room, new DateTimeOffset(2026, 4, 6, 10, 0, 0, tokyo), new DateTimeOffset(2026, 4, 6, 11, 0, 0, tokyo));
        booking.StartsAt.ShouldBe(At(2026, 4, 6, 10));
        (await db.BookingsAsync(city.Room)).Single().EndsAt.ShouldBe(At(2026, 4, 6, 11));

        var conflict = await Should.ThrowAsync<BookingConflictException>(() =>
            BookAsync(db, city.Colleague, city.Room, new DateTimeOffset(2026, 4, 6, 10, 30, 0, tokyo), new DateTimeOffset(2026, 4, 6, 11, 30, 0, tokyo)));
        conflict.Conflicts.Single().BookingId.ShouldBe(booking.Id);
        var found = await db.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>()
            .FindConflictsAsync([new FacilitySlot(city.Room, new DateTimeOffset(2026, 4, 6, 10, 59, 0, tokyo), new DateTimeOffset(2026, 4, 6, 12, 0, 0, tokyo))]));
        found.Single().BookingId.ShouldBe(booking.Id);
    }

    // ---- the database's own rule ----

    /// <summary>100 people ask for the same slot at once, each through a request (context) of their own.</summary>
    [Theory, DatabaseData]
    public async Task HundredConcurrentBookings_OfOneSlot_ExactlyOneWins_AndTheOthersAreToldWhoHasIt(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var start = At(2026, 4, 6, 10);
        var end = At(2026, 4, 6, 11);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each attempt is a request of its own: its own context and connection. On PostgreSQL the pool is capped below the
        // server's 100 connections (other tests run beside this one); the attempts still overlap on 40 connections.
        var settings = database == DatabaseKind.PostgreSql
            ? db.Settings with { ConnectionString = new NpgsqlConnectionStringBuilder(db.Settings.ConnectionString) { MaxPoolSize = 40 }.ConnectionString }
            : db.Settings;
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        settings.Apply(builder);
        builder.UseApplicationServiceProvider(DatabaseSettings.IdentityStoreServices);
        var options = builder.Options;

        var attempts = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                var purpose = string.Create(CultureInfo.InvariantCulture, $"会議{i}");
                await using var context = new AppDbContext(options);
                var service = new FacilityBookingService(context, db.Clock, new NotificationService(context, db.Clock), new AuditLog(context, db.Clock));
                var booking = await service.BookAsync(i % 2 == 0 ? city.Organizer : city.Colleague, city.Room, start, end, purpose);
                return (Booking: (FacilityBooking?)booking, Refusal: (BookingConflictException?)null);
            }
            catch (BookingConflictException refusal)
            {
                return (Booking: null, Refusal: refusal);
            }
        })).ToList();
        go.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = results.Where(r => r.Booking is not null).ShouldHaveSingleItem().Booking!;
        var losers = results.Where(r => r.Refusal is not null).Select(r => r.Refusal!).ToList();
        losers.Count.ShouldBe(99);
        losers.ShouldAllBe(l => l.Conflicts.Count == 1 && l.Conflicts[0].BookingId == winner.Id && l.Conflicts[0].Purpose == winner.Purpose);
        (await db.ActiveBookingsAsync(city.Room)).ShouldHaveSingleItem().Id.ShouldBe(winner.Id);
        (await db.BookingsAsync(city.Room)).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Database_RefusesAnOverlappingActiveBooking_WrittenPastTheService(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var existing = await BookAsync(db, city.Organizer, city.Room, At(2026, 4, 6, 10), At(2026, 4, 6, 11));

        FacilityBooking Row(DateTimeOffset start, DateTimeOffset end, BookingStatus status) => new()
        {
            FacilityId = city.Room,
            StartsAt = start,
            EndsAt = end,
            Status = status,
            Purpose = "直接",
            BookedById = city.Colleague,
            CreatedAt = TestDatabase.Start,
        };

        async Task<Exception?> InsertAsync(FacilityBooking row) =>
            await Record.ExceptionAsync(() => db.InScopeAsync(async sp =>
            {
                var context = sp.GetRequiredService<AppDbContext>();
                context.FacilityBookings.Add(row);
                await context.SaveChangesAsync();
            }));

        foreach (var status in new[] { BookingStatus.Tentative, BookingStatus.Confirmed })
        {
            var refusal = await InsertAsync(Row(At(2026, 4, 6, 10, 30), At(2026, 4, 6, 11, 30), status));
            refusal.ShouldBeOfType<DbUpdateException>();
            FacilitySchema.IsOverlapViolation(refusal).ShouldBeTrue();
        }

        // Raw SQL, past EF as well.
        var sqlRefusal = await Record.ExceptionAsync(() => db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            object from = database == DatabaseKind.Sqlite ? new UtcMicrosecondsConverter().ConvertToProvider(At(2026, 4, 6, 9))! : At(2026, 4, 6, 9);
            object to = database == DatabaseKind.Sqlite ? new UtcMicrosecondsConverter().ConvertToProvider(At(2026, 4, 6, 12))! : At(2026, 4, 6, 12);
            await context.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "FacilityBookings" ("FacilityId", "StartsAt", "EndsAt", "Status", "Purpose", "BookedById", "CreatedAt", "DecisionNote")
                VALUES ({0}, {1}, {2}, 1, 'SQL', {3}, {1}, '')
                """,
                city.Room, from, to, city.Colleague);
        }));
        sqlRefusal.ShouldNotBeNull();
        FacilitySchema.IsOverlapViolation(sqlRefusal).ShouldBeTrue();

        // Inactive rows may overlap; touching rows are fine; reviving a cancelled row onto a taken slot is refused.
        (await InsertAsync(Row(At(2026, 4, 6, 10), At(2026, 4, 6, 11), BookingStatus.Cancelled))).ShouldBeNull();
        (await InsertAsync(Row(At(2026, 4, 6, 10), At(2026, 4, 6, 11), BookingStatus.Declined))).ShouldBeNull();
        (await InsertAsync(Row(At(2026, 4, 6, 11), At(2026, 4, 6, 12), BookingStatus.Confirmed))).ShouldBeNull();
        var revive = await Record.ExceptionAsync(() => db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            var cancelled = await context.FacilityBookings.FirstAsync(b => b.FacilityId == city.Room && b.Status == BookingStatus.Cancelled);
            cancelled.Status = BookingStatus.Confirmed;
            await context.SaveChangesAsync();
        }));
        revive.ShouldNotBeNull();
        FacilitySchema.IsOverlapViolation(revive).ShouldBeTrue();

        var move = await Record.ExceptionAsync(() => db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            var booking = await context.FacilityBookings.SingleAsync(b => b.Id == existing.Id);
            booking.EndsAt = At(2026, 4, 6, 11, 30);
            await context.SaveChangesAsync();
        }));
        move.ShouldNotBeNull();
        FacilitySchema.IsOverlapViolation(move).ShouldBeTrue();

        (await db.ActiveBookingsAsync(city.Room)).Count.ShouldBe(2);
        FacilitySchema.IsOverlapViolation(new InvalidOperationException("other")).ShouldBeFalse();
    }

    [Theory, DatabaseData]
    public async Task Database_RefusesABookingLongerThanTheLimit_ThatWouldOverlapFromFarBefore(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        await BookAsync(db, city.Organizer, city.Room, At(2026, 4, 6, 10), At(2026, 4, 6, 11));

        // Starts 36 days before the existing booking and runs into it: past the lower bound that conflict searches use.
        var refusal = await Record.ExceptionAsync(() => db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            context.FacilityBookings.Add(new FacilityBooking
            {
                FacilityId = city.Room,
                StartsAt = At(2026, 3, 1, 9),
                EndsAt = At(2026, 4, 6, 10, 30),
                Status = BookingStatus.Confirmed,
                Purpose = "長期",
                BookedById = city.Colleague,
                CreatedAt = TestDatabase.Start,
            });
            await context.SaveChangesAsync();
        }));

        refusal.ShouldBeOfType<DbUpdateException>();
        FacilitySchema.IsOverlapViolation(refusal).ShouldBeTrue();
        (await db.BookingsAsync(city.Room)).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Database_RefusesTheOverlap_EvenWhenThePreCheckCannotSeeIt(DatabaseKind database)
    {
        // Two requests both passed their check before either wrote: the second write must still fail, as a conflict.
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await CityAsync(db);
        var winner = await BookAsync(db, city.Organizer, city.Room, At(2026, 4, 6, 10), At(2026, 4, 6, 11), "先着");

        var refusal = await Should.ThrowAsync<BookingConflictException>(() => db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            var bookings = sp.GetRequiredService<FacilityBookingService>();
            var facility = await context.Facilities.SingleAsync(f => f.Id == city.Room);
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.FacilityBookings.Add(bookings.NewBooking(facility, null, At(2026, 4, 6, 10, 30), At(2026, 4, 6, 11, 30), "後着", city.Colleague));

            // The pre-check is told to ignore nothing but is given no slots, as if it had run before the winner wrote.
            await bookings.SaveBookingsAsync([], null, CancellationToken.None);
        }));
        refusal.Conflicts.ShouldHaveSingleItem().BookingId.ShouldBe(winner.Id);
        (await db.ActiveBookingsAsync(city.Room)).ShouldHaveSingleItem().Id.ShouldBe(winner.Id);
    }

    [Fact]
    public void IsOverlapViolation_RecognisesOnlyTheNoOverlapRule()
    {
        FacilitySchema.IsOverlapViolation(new DbUpdateException("x", new Microsoft.Data.Sqlite.SqliteException("SQLite Error 19: 'facility_booking_overlap'.", 19))).ShouldBeTrue();
        FacilitySchema.IsOverlapViolation(new DbUpdateException("x", new Microsoft.Data.Sqlite.SqliteException("SQLite Error 19: 'UNIQUE constraint failed'.", 19))).ShouldBeFalse();
        FacilitySchema.IsOverlapViolation(new DbUpdateException("x", new PostgresException("conflicting key value violates exclusion constraint", "ERROR", "ERROR", "23P01", constraintName: FacilitySchema.OverlapConstraint))).ShouldBeTrue();
        FacilitySchema.IsOverlapViolation(new DbUpdateException("x", new PostgresException("other exclusion", "ERROR", "ERROR", "23P01", constraintName: "EX_Other"))).ShouldBeFalse();
    }
}
