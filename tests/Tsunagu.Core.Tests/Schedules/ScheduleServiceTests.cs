using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;
using static Tsunagu.Core.Tests.Schedules.ScheduleTestData;

namespace Tsunagu.Core.Tests.Schedules;

public sealed class ScheduleServiceTests
{
    private static readonly DateTimeOffset April = At(2026, 4, 1);
    private static readonly DateTimeOffset May = At(2026, 5, 1);
    private static readonly DateTimeOffset June = At(2026, 6, 1);

    private static string Weekly(int count) => RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(count).ToString();

    // ---- create ----

    [Theory, DatabaseData]
    public async Task Create_SingleEvent_OrganiserAccepted_InviteesPendingAndNotified(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var b = await db.StaffAsync("b");
        var c = await db.StaffAsync("c");

        var e = await db.CreateEventAsync(organizer, Draft(organizer, "  予算ヒアリング ", T(2026, 4, 6, 10), T(2026, 4, 6, 11, 30), b, c, b) with
        {
            Place = "第1会議室",
            Category = EventCategories.Consultation,
            ReminderMinutes = 15,
        });

        var stored = await db.EventAsync(e.Id);
        stored.Title.ShouldBe("予算ヒアリング");
        stored.StartsAt.ShouldBe(new DateTimeOffset(2026, 4, 6, 1, 0, 0, TimeSpan.Zero));
        stored.EndsAt.ShouldBe(new DateTimeOffset(2026, 4, 6, 2, 30, 0, TimeSpan.Zero));
        stored.SeriesEndsAt.ShouldBe(stored.EndsAt);
        stored.IsAllDay.ShouldBeFalse();
        stored.Recurrence.ShouldBeNull();
        stored.OrganizerId.ShouldBe(organizer);
        stored.CreatedById.ShouldBe(organizer);
        stored.CreatedAt.ShouldBe(TestDatabase.Start);
        stored.Version.ShouldBe(1);
        stored.Attendees.OrderBy(a => a.AccountId).Select(a => (a.AccountId, a.Response))
            .ShouldBe([(organizer, AttendeeResponse.Accepted), (b, AttendeeResponse.Pending), (c, AttendeeResponse.Pending)]);
        stored.Attendees.Single(a => a.AccountId == organizer).RespondedAt.ShouldBe(TestDatabase.Start);
        stored.Attendees.ShouldAllBe(a => a.StartsAt == stored.StartsAt && a.EndsAt == stored.EndsAt && !a.IsSeries && !a.IsCancelled);

        (await db.NotificationCountAsync(b, NotificationKinds.Schedule)).ShouldBe(1);
        (await db.NotificationCountAsync(c, NotificationKinds.Schedule)).ShouldBe(1);
        (await db.NotificationCountAsync(organizer, NotificationKinds.Schedule)).ShouldBe(0);
        var invitation = await db.QueryAsync(x => x.Notifications.SingleAsync(n => n.RecipientId == b));
        invitation.Title.ShouldContain("予算ヒアリング");
        invitation.Body.ShouldContain("2026/04/06 10:00〜11:30");
        invitation.Url.ShouldBe($"/schedule/events/{e.Id}");
        (await db.QueryAsync(x => x.SearchEntries.CountAsync(s => s.Module == SearchModules.Schedule))).ShouldBe(1);

        (await db.ReadAsync(b, b, April, May)).Titles().ShouldBe(["予算ヒアリング"]);
    }

    [Theory, DatabaseData]
    public async Task Create_AllDayOverSeveralDays_CoversWholeTokyoDays(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");

        // The form sends the first and the last day; the times of day are ignored.
        var e = await db.CreateEventAsync(organizer, Draft(organizer, "県外出張", T(2026, 4, 6, 9, 30), T(2026, 4, 8, 15)) with
        {
            IsAllDay = true,
            Category = EventCategories.BusinessTrip,
        });

        var stored = await db.EventAsync(e.Id);
        stored.IsAllDay.ShouldBeTrue();
        stored.StartsAt.ShouldBe(At(2026, 4, 6));
        stored.EndsAt.ShouldBe(At(2026, 4, 9));
        (await db.ReadAsync(organizer, organizer, At(2026, 4, 8), At(2026, 4, 9))).Titles().ShouldBe(["県外出張"]);
        (await db.ReadAsync(organizer, organizer, At(2026, 4, 9), At(2026, 4, 10))).ShouldBeEmpty();
        (await db.ReadAsync(organizer, organizer, At(2026, 4, 5), At(2026, 4, 6))).ShouldBeEmpty();

        // One day: start and last day the same.
        var oneDay = await db.CreateEventAsync(organizer, Draft(organizer, "休暇", T(2026, 4, 10), T(2026, 4, 10)) with { IsAllDay = true, Category = EventCategories.Leave });
        (await db.EventAsync(oneDay.Id)).EndsAt.ShouldBe(At(2026, 4, 11));
    }

    [Theory, DatabaseData]
    public async Task Create_Recurring_StoresTheRule_AndItsEnd(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var b = await db.StaffAsync("b");

        var e = await db.CreateEventAsync(organizer, Draft(organizer, "課内定例", T(2026, 4, 6, 9), T(2026, 4, 6, 9, 30), b) with { Recurrence = "freq=weekly;byday=mo;count=4" });

        var stored = await db.EventAsync(e.Id);
        stored.Recurrence.ShouldBe(Weekly(4));
        stored.SeriesEndsAt.ShouldBe(At(2026, 4, 27, 9, 30));
        stored.Attendees.ShouldAllBe(a => a.IsSeries && a.StartsAt == stored.StartsAt && a.EndsAt == stored.SeriesEndsAt);
        (await db.ReadAsync(b, b, April, June)).Starts().ShouldBe([At(2026, 4, 6, 9), At(2026, 4, 13, 9), At(2026, 4, 20, 9), At(2026, 4, 27, 9)]);
        (await db.NotificationCountAsync(b, NotificationKinds.Schedule)).ShouldBe(1);

        var endless = await db.CreateEventAsync(organizer, Draft(organizer, "朝礼", T(2026, 4, 6, 8, 30), T(2026, 4, 6, 8, 40)) with { Recurrence = RecurrenceRule.Weekdays().ToString() });
        (await db.EventAsync(endless.Id)).SeriesEndsAt.ShouldBe(ScheduleEvent.EndOfTime);
        (await db.ReadAsync(organizer, organizer, At(2030, 1, 7), At(2030, 1, 12))).Count(o => o.EventId == endless.Id).ShouldBe(5);
    }

    [Theory, DatabaseData]
    public async Task Create_WithAWholeDepartment_InvitesItsMembers_AndThoseOfItsSubunits(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer", "市民部/市民課");
        var head = await db.StaffAsync("head", "総務部/総務課", "課長");
        var clerk = await db.StaffAsync("clerk", "総務部/総務課/人事係");
        var other = await db.StaffAsync("other", "総務部/財政課");
        var gone = await db.StaffAsync("gone", "総務部/総務課/人事係");
        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(gone, Actor.System));
        var somu = await db.DepartmentAsync("総務部/総務課");

        var e = await db.CreateEventAsync(organizer, Draft(organizer, "全体説明会", T(2026, 4, 6, 15), T(2026, 4, 6, 16), clerk) with { DepartmentIds = [somu] });

        var attendees = (await db.EventAsync(e.Id)).Attendees.ToDictionary(a => a.AccountId);
        attendees.Keys.Order().ShouldBe(new[] { organizer, head, clerk }.Order());
        attendees[head].ViaDepartmentId.ShouldBe(somu);
        attendees[clerk].ViaDepartmentId.ShouldBeNull(); // named in person as well
        attendees.ShouldNotContainKey(other);
        (await db.NotificationCountAsync(head, NotificationKinds.Schedule)).ShouldBe(1);
        (await db.NotificationCountAsync(clerk, NotificationKinds.Schedule)).ShouldBe(1);
        (await db.NotificationCountAsync(other, NotificationKinds.Schedule)).ShouldBe(0);
        (await db.ReadAsync(other, head, April, May)).Titles().ShouldBe(["全体説明会"]);
    }

    [Theory, DatabaseData]
    public async Task Create_ByTheOwnersKeeper_PutsItInTheOwnersSchedule(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var mayor = await db.StaffAsync("mayor", "秘書広報課");
        var secretary = await db.StaffAsync("secretary", "秘書広報課");
        var stranger = await db.StaffAsync("stranger");
        await db.KeeperAsync(mayor, secretary);

        var e = await db.CreateEventAsync(secretary, Draft(mayor, "市長表敬訪問", T(2026, 4, 6, 10), T(2026, 4, 6, 10, 30)));
        var stored = await db.EventAsync(e.Id);
        stored.OrganizerId.ShouldBe(mayor);
        stored.CreatedById.ShouldBe(secretary);
        stored.Attendees.ShouldHaveSingleItem().Response.ShouldBe(AttendeeResponse.Accepted);

        await Should.ThrowAsync<AccessDeniedException>(() => db.CreateEventAsync(stranger, Draft(mayor, "勝手な予定", T(2026, 4, 6, 11), T(2026, 4, 6, 12))));
        await Should.ThrowAsync<AccessDeniedException>(() => db.UpdateEventAsync(stranger, e.Id, null, EditScope.All, Draft(mayor, "変更", T(2026, 4, 6, 11), T(2026, 4, 6, 12))));
        await Should.ThrowAsync<AccessDeniedException>(() => db.CancelEventAsync(stranger, e.Id, null, EditScope.All));
        await db.UpdateEventAsync(secretary, e.Id, null, EditScope.All, Draft(mayor, "市長表敬訪問(変更)", T(2026, 4, 6, 11), T(2026, 4, 6, 11, 30)));
        (await db.EventAsync(e.Id)).OrganizerId.ShouldBe(mayor);
    }

    /// <summary>A valid RRULE longer than its 300-character column: every nth weekday of the month, 1st to 5th and last to 5th last.</summary>
    private static readonly string EveryNthWeekday = "FREQ=MONTHLY;BYDAY=" + string.Join(",",
        from day in new[] { "MO", "TU", "WE", "TH", "FR", "SA", "SU" }
        from n in new[] { 1, 2, 3, 4, 5, -1, -2, -3, -4, -5 }
        select n.ToString(System.Globalization.CultureInfo.InvariantCulture) + day);

    [Theory, DatabaseData]
    public async Task Create_RefusesBadInput_WithACode_AndWritesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var gone = await db.StaffAsync("gone");
        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(gone, Actor.System));
        var room = await db.FacilityAsync("第1会議室");
        var good = Draft(organizer, "会議", T(2026, 4, 6, 10), T(2026, 4, 6, 11));
        await db.CreateEventAsync(organizer, good); // something to keep

        Task Create(EventDraft draft) => db.CreateEventAsync(organizer, draft);
        await db.RefusedAsync("schedule.invalid-title", () => Create(good with { Title = "" }));
        await db.RefusedAsync("schedule.invalid-title", () => Create(good with { Title = " \u3000 " }));
        await db.RefusedAsync("schedule.invalid-title", () => Create(good with { Title = new string('会', ScheduleEvent.MaxTitleLength + 1) }));
        await db.RefusedAsync("schedule.invalid-place", () => Create(good with { Place = new string('室', ScheduleEvent.MaxPlaceLength + 1) }));
        await db.RefusedAsync("schedule.invalid-notes", () => Create(good with { Notes = new string('x', ScheduleEvent.MaxNotesLength + 1) }));
        await db.RefusedAsync("schedule.invalid-category", () => Create(good with { Category = "飲み会" }));
        await db.RefusedAsync("schedule.invalid-reminder", () => Create(good with { ReminderMinutes = 7 }));
        await db.RefusedAsync("schedule.invalid-visibility", () => Create(good with { Visibility = (EventVisibility)7 }));
        await db.RefusedAsync("schedule.invalid-time", () => Create(good with { EndsAt = good.StartsAt }));
        await db.RefusedAsync("schedule.invalid-time", () => Create(good with { EndsAt = T(2026, 4, 6, 9) }));
        await db.RefusedAsync("schedule.invalid-time", () => Create(good with { StartsAt = T(2026, 4, 6, 10, 0).AddSeconds(30), EndsAt = T(2026, 4, 6, 10, 0).AddSeconds(50) }));
        await db.RefusedAsync("schedule.invalid-time", () => Create(good with { IsAllDay = true, StartsAt = T(2026, 4, 8), EndsAt = T(2026, 4, 7) }));
        await db.RefusedAsync("schedule.invalid-time", () => Create(good with { StartsAt = T(1999, 12, 31, 10), EndsAt = T(1999, 12, 31, 11) }));
        await db.RefusedAsync("schedule.too-long", () => Create(good with { EndsAt = T(2026, 5, 7, 10, 1) }));
        await db.RefusedAsync("schedule.too-long", () => Create(good with { IsAllDay = true, StartsAt = T(2026, 4, 1), EndsAt = T(2026, 5, 2) }));
        await db.RefusedAsync("schedule.invalid-recurrence", () => Create(good with { Recurrence = "FREQ=HOURLY" }));
        await db.RefusedAsync("schedule.invalid-recurrence", () => Create(good with { Recurrence = "毎週" }));
        await db.RefusedAsync("schedule.invalid-recurrence", () => Create(good with { Recurrence = "FREQ=DAILY;COUNT=0" }));
        await db.RefusedAsync("schedule.invalid-recurrence", () => Create(good with { Recurrence = "FREQ=DAILY;UNTIL=20260401T000000" }));
        // Beyond the calendar: an end in year 9999, a last occurrence past 2098, a rule longer than its column, a far date.
        await db.RefusedAsync("schedule.invalid-recurrence", () => Create(good with { Recurrence = "FREQ=DAILY;UNTIL=99991231" }));
        await db.RefusedAsync("schedule.invalid-recurrence", () => Create(good with { IsAllDay = true, StartsAt = T(2026, 12, 1), EndsAt = T(2026, 12, 2), Recurrence = "FREQ=DAILY;UNTIL=99991231" }));
        await db.RefusedAsync("schedule.invalid-recurrence", () => Create(good with { Recurrence = "FREQ=YEARLY;INTERVAL=99;COUNT=999" }));
        await db.RefusedAsync("schedule.invalid-recurrence", () => Create(good with
        {
            Recurrence = EveryNthWeekday,
        }));
        await db.RefusedAsync("schedule.invalid-time", () => Create(good with { StartsAt = T(2099, 1, 5, 10), EndsAt = T(2099, 1, 5, 11) }));
        await db.RefusedAsync("schedule.invalid-time", () => Create(good with { IsAllDay = true, StartsAt = T(2098, 12, 31), EndsAt = DateTime.MaxValue }));
        await db.RefusedAsync("schedule.unknown-attendee", () => Create(good with { AttendeeIds = [99999] }));
        await db.RefusedAsync("schedule.unknown-attendee", () => Create(good with { AttendeeIds = [gone] }));
        await db.RefusedAsync("schedule.unknown-department", () => Create(good with { DepartmentIds = [99999] }));
        await db.RefusedAsync("schedule.booked-series-too-long", () => Create(good with { FacilityIds = [room], Recurrence = "FREQ=WEEKLY;BYDAY=MO" }));
        await db.RefusedAsync("facility.not-found", () => Create(good with { FacilityIds = [99999] }));

        // Exactly 31 days is still one event.
        await db.CreateEventAsync(organizer, good with { EndsAt = T(2026, 5, 7, 10) });
    }

    // ---- update ----

    [Theory, DatabaseData]
    public async Task Update_StaleVersion_IsRefused_AndChangesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var draft = Draft(organizer, "会議", T(2026, 4, 6, 10), T(2026, 4, 6, 11));
        var e = await db.CreateEventAsync(organizer, draft);
        var opened = (await db.EventAsync(e.Id)).Version;

        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, draft with { Title = "会議(先)" }, opened);
        (await db.EventAsync(e.Id)).Version.ShouldBe(opened + 1);

        await db.RefusedAsync("schedule.stale", () => db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, draft with { Title = "会議(後)" }, opened));
        (await db.EventAsync(e.Id)).Title.ShouldBe("会議(先)");
    }

    [Theory, DatabaseData]
    public async Task Update_TwoEditorsAtOnce_TheSecondIsToldItIsStale_NotAnError(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var draft = Draft(organizer, "会議", T(2026, 4, 6, 10), T(2026, 4, 6, 11));
        var e = await db.CreateEventAsync(organizer, draft);
        var viewer = await db.ViewerAsync(organizer);

        // The second editor's context loaded the event before the first saved.
        await using var second = db.Scope();
        var secondService = second.ServiceProvider.GetRequiredService<ScheduleService>();
        var secondContext = second.ServiceProvider.GetRequiredService<AppDbContext>();
        await secondContext.Events.Include(x => x.Attendees).SingleAsync(x => x.Id == e.Id);

        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, draft with { Title = "会議(先)" });
        var refusal = await Should.ThrowAsync<DomainException>(() => secondService.UpdateAsync(viewer, e.Id, null, EditScope.All, draft with { Title = "会議(後)" }, null));
        refusal.Code.ShouldBe("schedule.stale");
        (await db.EventAsync(e.Id)).Title.ShouldBe("会議(先)");
    }

    [Theory, DatabaseData]
    public async Task Update_ResetsAnswers_WhenTheTimeChanges_AndKeepsThemOtherwise(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var b = await db.StaffAsync("b");
        var c = await db.StaffAsync("c");
        var d = await db.StaffAsync("d");
        var draft = Draft(organizer, "会議", T(2026, 4, 6, 10), T(2026, 4, 6, 11), b, c);
        var e = await db.CreateEventAsync(organizer, draft);
        await db.RespondAsync(b, e.Id, AttendeeResponse.Accepted);
        await db.RespondAsync(c, e.Id, AttendeeResponse.Declined);

        // Title, place and a new invitee: answers stand.
        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, draft with { Title = "会議(資料あり)", Place = "3階", AttendeeIds = [b, c, d] });
        (await db.EventAsync(e.Id)).Attendees.OrderBy(a => a.AccountId).Select(a => a.Response)
            .ShouldBe([AttendeeResponse.Accepted, AttendeeResponse.Accepted, AttendeeResponse.Declined, AttendeeResponse.Pending]);
        (await db.NotificationCountAsync(d, NotificationKinds.Schedule)).ShouldBe(1);

        // The time moves: everyone is asked again, except the organiser; a removed invitee is gone.
        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, draft with { StartsAt = T(2026, 4, 6, 14), EndsAt = T(2026, 4, 6, 15), AttendeeIds = [b, c] });
        var attendees = (await db.EventAsync(e.Id)).Attendees.OrderBy(a => a.AccountId).ToList();
        attendees.Select(a => (a.AccountId, a.Response))
            .ShouldBe([(organizer, AttendeeResponse.Accepted), (b, AttendeeResponse.Pending), (c, AttendeeResponse.Pending)]);
        attendees.ShouldAllBe(a => a.StartsAt == At(2026, 4, 6, 14));
        (await db.ReadAsync(d, d, April, May)).ShouldBeEmpty();
        (await db.ReadAsync(c, c, April, May)).Single().StartsAt.ShouldBe(At(2026, 4, 6, 14));
        (await db.NotificationCountAsync(b, NotificationKinds.Schedule)).ShouldBe(3); // invitation, two changes
    }

    [Theory, DatabaseData]
    public async Task UpdateOne_ChangesOnlyThatOccurrence_AndKeepsAnswersUnlessItsTimeMoves(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var b = await db.StaffAsync("b");
        var series = Draft(organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11), b) with { Recurrence = Weekly(4), Place = "会議室A" };
        var e = await db.CreateEventAsync(organizer, series);
        await db.RespondAsync(b, e.Id, AttendeeResponse.Accepted);

        // 4/13: another place only. 4/20: another time.
        var placeOnly = await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 13, 10), EditScope.One, series with { Recurrence = null, StartsAt = T(2026, 4, 13, 10), EndsAt = T(2026, 4, 13, 11), Place = "会議室B" });
        var moved = await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 20, 10), EditScope.One, series with { Recurrence = null, StartsAt = T(2026, 4, 20, 15), EndsAt = T(2026, 4, 20, 16) });

        placeOnly.Id.ShouldNotBe(e.Id);
        (await db.EventAsync(placeOnly.Id)).SeriesMasterId.ShouldBe(e.Id);
        (await db.EventAsync(placeOnly.Id)).OriginalStartsAt.ShouldBe(At(2026, 4, 13, 10));
        var seen = await db.ReadAsync(b, b, April, May);
        seen.Select(o => (o.StartsAt, o.Place, o.Response)).ShouldBe(
        [
            (At(2026, 4, 6, 10), "会議室A", AttendeeResponse.Accepted),
            (At(2026, 4, 13, 10), "会議室B", AttendeeResponse.Accepted),
            (At(2026, 4, 20, 15), "会議室A", AttendeeResponse.Pending),
            (At(2026, 4, 27, 10), "会議室A", AttendeeResponse.Accepted),
        ]);
        seen.ShouldAllBe(o => o.IsRecurring);
        seen[0].SeriesOccurrence.ShouldBe(At(2026, 4, 6, 10));
        (await db.EventAsync(e.Id)).Title.ShouldBe("定例会");

        // A series occurrence cannot itself repeat.
        await db.RefusedAsync("schedule.override-recurrence", () => db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 27, 10), EditScope.One, series with { StartsAt = T(2026, 4, 27, 10), EndsAt = T(2026, 4, 27, 11) }));
        await db.RefusedAsync("schedule.override-recurrence", () => db.UpdateEventAsync(organizer, moved.Id, null, EditScope.One, series with { StartsAt = T(2026, 4, 20, 15), EndsAt = T(2026, 4, 20, 16) }));
        await db.RefusedAsync("schedule.no-such-occurrence", () => db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 14, 10), EditScope.One, series with { Recurrence = null }));
        await db.RefusedAsync("schedule.no-such-occurrence", () => db.UpdateEventAsync(organizer, e.Id, At(2026, 5, 4, 10), EditScope.One, series with { Recurrence = null }));
        await db.RefusedAsync("schedule.occurrence-required", () => db.UpdateEventAsync(organizer, e.Id, null, EditScope.One, series with { Recurrence = null }));
    }

    [Theory, DatabaseData]
    public async Task UpdateFollowing_OnACountedSeries_SplitsIt_WithoutAddingOccurrences(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var b = await db.StaffAsync("b");
        var series = Draft(organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11), b) with { Recurrence = Weekly(6) };
        var e = await db.CreateEventAsync(organizer, series);
        await db.RespondAsync(b, e.Id, AttendeeResponse.Accepted);

        // From the third occurrence on: a new title, same times, the rule as the form shows it (COUNT=6).
        var following = await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 20, 10), EditScope.Following,
            series with { Title = "定例会(新体制)", StartsAt = T(2026, 4, 20, 10), EndsAt = T(2026, 4, 20, 11) });

        following.Id.ShouldNotBe(e.Id);
        var old = await db.EventAsync(e.Id);
        old.Recurrence.ShouldBe(Weekly(2));
        old.SeriesEndsAt.ShouldBe(At(2026, 4, 13, 11));
        old.Attendees.ShouldAllBe(a => a.EndsAt == At(2026, 4, 13, 11));
        var split = await db.EventAsync(following.Id);
        split.Recurrence.ShouldBe(Weekly(4));
        split.StartsAt.ShouldBe(At(2026, 4, 20, 10));
        split.SeriesMasterId.ShouldBeNull();
        split.Attendees.Single(a => a.AccountId == b).Response.ShouldBe(AttendeeResponse.Accepted); // only the title changed

        var seen = await db.ReadAsync(b, b, April, June);
        seen.Select(o => (o.StartsAt, o.Title)).ShouldBe(
        [
            (At(2026, 4, 6, 10), "定例会"),
            (At(2026, 4, 13, 10), "定例会"),
            (At(2026, 4, 20, 10), "定例会(新体制)"),
            (At(2026, 4, 27, 10), "定例会(新体制)"),
            (At(2026, 5, 4, 10), "定例会(新体制)"),
            (At(2026, 5, 11, 10), "定例会(新体制)"),
        ]);

        // Following with a later time: the answers of the new part are asked again.
        var later = await db.UpdateEventAsync(organizer, following.Id, At(2026, 5, 4, 10), EditScope.Following,
            series with { Title = "定例会(新体制)", Recurrence = Weekly(4), StartsAt = T(2026, 5, 4, 13), EndsAt = T(2026, 5, 4, 14) });
        (await db.EventAsync(later.Id)).Recurrence.ShouldBe(Weekly(2));
        (await db.EventAsync(later.Id)).Attendees.Single(a => a.AccountId == b).Response.ShouldBe(AttendeeResponse.Pending);
        (await db.ReadAsync(b, b, April, June)).Starts().ShouldBe(
            [At(2026, 4, 6, 10), At(2026, 4, 13, 10), At(2026, 4, 20, 10), At(2026, 4, 27, 10), At(2026, 5, 4, 13), At(2026, 5, 11, 13)]);
    }

    [Theory, DatabaseData]
    public async Task UpdateFollowing_KeepsLaterExceptions_WhileTheTimeStays_AndDropsTheEditedOne(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var series = Draft(organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { Recurrence = Weekly(6) };
        var e = await db.CreateEventAsync(organizer, series);
        await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 20, 10), EditScope.One, series with { Recurrence = null, Title = "定例会(拡大)", StartsAt = T(2026, 4, 20, 13), EndsAt = T(2026, 4, 20, 15) });
        await db.CancelEventAsync(organizer, e.Id, At(2026, 5, 4, 10), EditScope.One);
        var later = await db.UpdateEventAsync(organizer, e.Id, At(2026, 5, 11, 10), EditScope.One, series with { Recurrence = null, Place = "別室", StartsAt = T(2026, 5, 11, 10), EndsAt = T(2026, 5, 11, 11) });

        // From 4/20 (itself changed) on, a new title: 4/20 becomes the edit; 5/4 stays cancelled; 5/11 keeps its room.
        var split = await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 20, 10), EditScope.Following, series with { Title = "週次会議", StartsAt = T(2026, 4, 20, 10), EndsAt = T(2026, 4, 20, 11) });

        (await db.ReadAsync(organizer, organizer, April, June)).Select(o => (o.StartsAt, o.Title, o.Place)).ShouldBe(
        [
            (At(2026, 4, 6, 10), "定例会", ""),
            (At(2026, 4, 13, 10), "定例会", ""),
            (At(2026, 4, 20, 10), "週次会議", ""),
            (At(2026, 4, 27, 10), "週次会議", ""),
            (At(2026, 5, 11, 10), "定例会", "別室"),
        ]);
        (await db.EventAsync(later.Id)).SeriesMasterId.ShouldBe(split.Id);
        (await db.EventAsync(split.Id)).Recurrence.ShouldBe(Weekly(4));

        // A cancelled occurrence cannot be edited as if it were there.
        await db.RefusedAsync("schedule.cancelled", () => db.UpdateEventAsync(organizer, split.Id, At(2026, 5, 4, 10), EditScope.One, series with { Recurrence = null, StartsAt = T(2026, 5, 4, 10), EndsAt = T(2026, 5, 4, 11) }));
    }

    [Theory, DatabaseData]
    public async Task UpdateFollowing_OnAnUntilSeries_KeepsTheLastDayForTheNewPart(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var rule = RecurrenceRule.Weekly(DayOfWeek.Monday).WithUntil(T(2026, 4, 27, 23, 59)).ToString();
        var series = Draft(organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { Recurrence = rule };
        var e = await db.CreateEventAsync(organizer, series);

        var following = await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 20, 10), EditScope.Following,
            series with { StartsAt = T(2026, 4, 20, 9), EndsAt = T(2026, 4, 20, 10) });

        (await db.EventAsync(following.Id)).Recurrence.ShouldBe(rule);
        (await db.ReadAsync(organizer, organizer, April, June)).Starts().ShouldBe([At(2026, 4, 6, 10), At(2026, 4, 13, 10), At(2026, 4, 20, 9), At(2026, 4, 27, 9)]);
    }

    [Theory, DatabaseData]
    public async Task UpdateFollowing_OnTheFirstOccurrence_EditsTheWholeSeries(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var series = Draft(organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { Recurrence = Weekly(3) };
        var e = await db.CreateEventAsync(organizer, series);

        var edited = await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 6, 10), EditScope.Following, series with { Title = "週次定例" });

        edited.Id.ShouldBe(e.Id);
        (await db.EventAsync(e.Id)).Recurrence.ShouldBe(Weekly(3));
        (await db.ReadAsync(organizer, organizer, April, May)).Titles().ShouldBe(["週次定例", "週次定例", "週次定例"]);
        (await db.QueryAsync(c => c.Events.CountAsync())).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task UpdateAll_ChangingOnlyTheLength_KeepsChangedAndDeletedOccurrences(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var series = Draft(organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { Recurrence = Weekly(4) };
        var e = await db.CreateEventAsync(organizer, series);
        await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 13, 10), EditScope.One, series with { Recurrence = null, Title = "定例会(拡大)", StartsAt = T(2026, 4, 13, 14), EndsAt = T(2026, 4, 13, 16) });
        await db.CancelEventAsync(organizer, e.Id, At(2026, 4, 20, 10), EditScope.One);

        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, series with { EndsAt = T(2026, 4, 6, 11, 30) });

        (await db.ReadAsync(organizer, organizer, April, May)).Select(o => (o.StartsAt, o.EndsAt, o.Title)).ShouldBe(
        [
            (At(2026, 4, 6, 10), At(2026, 4, 6, 11, 30), "定例会"),
            (At(2026, 4, 13, 14), At(2026, 4, 13, 16), "定例会(拡大)"),
            (At(2026, 4, 27, 10), At(2026, 4, 27, 11, 30), "定例会"),
        ]);
    }

    [Theory, DatabaseData]
    public async Task UpdateAll_MovingTheSeries_DropsExceptionsThatNoLongerMatch_AndNothingVanishes(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var series = Draft(organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { Recurrence = Weekly(4) };
        var e = await db.CreateEventAsync(organizer, series);
        var changed = await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 13, 10), EditScope.One, series with { Recurrence = null, Title = "定例会(拡大)", StartsAt = T(2026, 4, 13, 14), EndsAt = T(2026, 4, 13, 16) });
        await db.CancelEventAsync(organizer, e.Id, At(2026, 4, 20, 10), EditScope.One);

        // The series moves to 9:00: each week is at 9:00 again, as the series now says.
        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, series with { StartsAt = T(2026, 4, 6, 9), EndsAt = T(2026, 4, 6, 10) });
        (await db.ReadAsync(organizer, organizer, April, May)).Select(o => (o.StartsAt, o.Title)).ShouldBe(
        [
            (At(2026, 4, 6, 9), "定例会"),
            (At(2026, 4, 13, 9), "定例会"),
            (At(2026, 4, 20, 9), "定例会"),
            (At(2026, 4, 27, 9), "定例会"),
        ]);
        (await db.EventAsync(changed.Id)).IsCancelled.ShouldBeTrue();

        // Shortening the series: a changed occurrence past the new end goes with it.
        var late = await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 27, 9), EditScope.One, series with { Recurrence = null, Title = "最終回", StartsAt = T(2026, 4, 27, 13), EndsAt = T(2026, 4, 27, 14) });
        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, series with { StartsAt = T(2026, 4, 6, 9), EndsAt = T(2026, 4, 6, 10), Recurrence = Weekly(2) });
        (await db.ReadAsync(organizer, organizer, April, May)).Starts().ShouldBe([At(2026, 4, 6, 9), At(2026, 4, 13, 9)]);
        (await db.EventAsync(late.Id)).IsCancelled.ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task Update_KeepsAnAttendeeWhoLeftTheCity_SoTheEventStaysEditable(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var leaver = await db.StaffAsync("leaver");
        var draft = Draft(organizer, "会議", T(2026, 4, 6, 10), T(2026, 4, 6, 11), leaver);
        var e = await db.CreateEventAsync(organizer, draft);
        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(leaver, Actor.System));

        // The form sends the attendees it shows; the one who left is still among them.
        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, draft with { Title = "会議(資料)" });
        (await db.EventAsync(e.Id)).Attendees.Select(a => a.AccountId).Order().ShouldBe(new[] { organizer, leaver }.Order());

        // Adding someone inactive anew is still refused.
        var other = await db.StaffAsync("other");
        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(other, Actor.System));
        await db.RefusedAsync("schedule.unknown-attendee", () => db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, draft with { AttendeeIds = [leaver, other] }));
    }

    // ---- cancel ----

    [Theory, DatabaseData]
    public async Task Cancel_ASingleEvent_RemovesIt_AndTellsTheInvitees(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var b = await db.StaffAsync("b");
        var e = await db.CreateEventAsync(organizer, Draft(organizer, "会議", T(2026, 4, 6, 10), T(2026, 4, 6, 11), b));

        await db.CancelEventAsync(organizer, e.Id, null, EditScope.One);

        var stored = await db.EventAsync(e.Id);
        stored.IsCancelled.ShouldBeTrue();
        stored.Attendees.ShouldAllBe(a => a.IsCancelled);
        (await db.ReadAsync(b, b, April, May)).ShouldBeEmpty();
        (await db.QueryAsync(c => c.Notifications.Where(n => n.RecipientId == b).Select(n => n.Title).ToListAsync())).ShouldContain(t => t.Contains("取り消し"));
        (await db.QueryAsync(c => c.SearchEntries.CountAsync(s => s.Module == SearchModules.Schedule))).ShouldBe(0);

        await db.RefusedAsync("schedule.cancelled", () => db.CancelEventAsync(organizer, e.Id, null, EditScope.One));
        await db.RefusedAsync("schedule.cancelled", () => db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, Draft(organizer, "会議", T(2026, 4, 6, 10), T(2026, 4, 6, 11))));
        await db.RefusedAsync("schedule.cancelled", () => db.RespondAsync(b, e.Id, AttendeeResponse.Accepted));
        await db.RefusedAsync("schedule.not-found", () => db.CancelEventAsync(organizer, 99999, null, EditScope.All));
    }

    [Theory, DatabaseData]
    public async Task Cancel_OneFollowingAndAll_OnASeries(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var b = await db.StaffAsync("b");
        var series = Draft(organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11), b) with { Recurrence = Weekly(6) };
        var e = await db.CreateEventAsync(organizer, series);
        var changed = await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 13, 10), EditScope.One, series with { Recurrence = null, StartsAt = T(2026, 4, 13, 15), EndsAt = T(2026, 4, 13, 16) });

        await db.CancelEventAsync(organizer, e.Id, At(2026, 4, 20, 10), EditScope.One);
        (await db.ReadAsync(b, b, April, June)).Starts().ShouldBe([At(2026, 4, 6, 10), At(2026, 4, 13, 15), At(2026, 4, 27, 10), At(2026, 5, 4, 10), At(2026, 5, 11, 10)]);

        // Cancelling the changed occurrence through its own id.
        await db.CancelEventAsync(organizer, changed.Id, null, EditScope.One);
        (await db.ReadAsync(b, b, April, June)).Starts().ShouldBe([At(2026, 4, 6, 10), At(2026, 4, 27, 10), At(2026, 5, 4, 10), At(2026, 5, 11, 10)]);

        await db.CancelEventAsync(organizer, e.Id, At(2026, 5, 4, 10), EditScope.Following);
        (await db.ReadAsync(b, b, April, June)).Starts().ShouldBe([At(2026, 4, 6, 10), At(2026, 4, 27, 10)]);
        (await db.EventAsync(e.Id)).Recurrence.ShouldBe(Weekly(4));

        await db.CancelEventAsync(organizer, e.Id, null, EditScope.All);
        (await db.ReadAsync(b, b, April, June)).ShouldBeEmpty();
        (await db.QueryAsync(c => c.Events.CountAsync(x => !x.IsCancelled))).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Cancel_AChangedOccurrenceWithFollowing_EndsTheSeriesThere(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var series = Draft(organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { Recurrence = Weekly(4) };
        var e = await db.CreateEventAsync(organizer, series);
        var changed = await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 20, 10), EditScope.One, series with { Recurrence = null, StartsAt = T(2026, 4, 20, 15), EndsAt = T(2026, 4, 20, 16) });

        await db.CancelEventAsync(organizer, changed.Id, null, EditScope.Following);

        (await db.ReadAsync(organizer, organizer, April, June)).Starts().ShouldBe([At(2026, 4, 6, 10), At(2026, 4, 13, 10)]);

        // Following on the first occurrence cancels everything.
        await db.CancelEventAsync(organizer, e.Id, At(2026, 4, 6, 10), EditScope.Following);
        (await db.ReadAsync(organizer, organizer, April, June)).ShouldBeEmpty();
    }

    // ---- answers ----

    [Theory, DatabaseData]
    public async Task Respond_RecordsTheAnswer_AndTellsTheOrganiser(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var b = await db.StaffAsync("b");
        var stranger = await db.StaffAsync("stranger");
        var e = await db.CreateEventAsync(organizer, Draft(organizer, "会議", T(2026, 4, 6, 10), T(2026, 4, 6, 11), b));
        db.Clock.Advance(TimeSpan.FromHours(1));

        await db.RespondAsync(b, e.Id, AttendeeResponse.Tentative);
        var answer = (await db.EventAsync(e.Id)).Attendees.Single(a => a.AccountId == b);
        answer.Response.ShouldBe(AttendeeResponse.Tentative);
        answer.RespondedAt.ShouldBe(TestDatabase.Start.AddHours(1));
        var told = await db.QueryAsync(c => c.Notifications.SingleAsync(n => n.RecipientId == organizer));
        told.Title.ShouldContain("未定");
        told.Url.ShouldBe($"/schedule/events/{e.Id}");

        await Should.ThrowAsync<AccessDeniedException>(() => db.RespondAsync(stranger, e.Id, AttendeeResponse.Accepted));
        await db.RefusedAsync("schedule.invalid-response", () => db.RespondAsync(b, e.Id, AttendeeResponse.Pending));
        await db.RefusedAsync("schedule.invalid-response", () => db.RespondAsync(b, e.Id, (AttendeeResponse)9));
    }
}
