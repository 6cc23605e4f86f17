using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Tests.Infrastructure;
using static Tsunagu.Core.Tests.Schedules.ScheduleTestData;

namespace Tsunagu.Core.Tests.Schedules;

public sealed class ScheduleReaderTests
{
    private static readonly DateTimeOffset April = At(2026, 4, 1);
    private static readonly DateTimeOffset May = At(2026, 5, 1);

    [Theory, DatabaseData]
    public async Task Window_ShowsEventsOverlappingIt_IncludingOnesThatStartedBefore(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");
        await db.CreateEventAsync(a, Draft(a, "長期研修", T(2026, 4, 1), T(2026, 4, 28)) with { IsAllDay = true, Category = EventCategories.Training });
        await db.CreateEventAsync(a, Draft(a, "夜間作業", T(2026, 4, 20, 22), T(2026, 4, 21, 2)));
        await db.CreateEventAsync(a, Draft(a, "前日", T(2026, 4, 20, 9), T(2026, 4, 20, 10)));
        await db.CreateEventAsync(a, Draft(a, "ちょうど終わる", T(2026, 4, 20, 23), T(2026, 4, 21, 0)));
        await db.CreateEventAsync(a, Draft(a, "翌日", T(2026, 4, 22, 0), T(2026, 4, 22, 1)));

        // The window 4/21 (Tokyo): the 4-week training started 20 days before it, the night shift the evening before.
        var day = await db.ReadAsync(a, a, At(2026, 4, 21), At(2026, 4, 22));
        day.Titles().ShouldBe(["長期研修", "夜間作業"]);
        day[0].IsAllDay.ShouldBeTrue();
        day[0].StartsAt.ShouldBe(At(2026, 4, 1));
        day[0].EndsAt.ShouldBe(At(2026, 4, 29));
        day[1].StartsAt.ShouldBe(At(2026, 4, 20, 22));
        day.ShouldAllBe(o => !o.IsMasked && !o.IsRecurring && o.SeriesOccurrence == null);
    }

    [Theory, DatabaseData]
    public async Task Series_IsExpandedInTheWindow_WithOverridesAndCancellationsApplied(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");
        var b = await db.StaffAsync("b");
        var series = Draft(a, "朝会", T(2026, 3, 2, 9), T(2026, 3, 2, 9, 15), b) with { Recurrence = RecurrenceRule.Weekdays().ToString() };
        var e = await db.CreateEventAsync(a, series);

        var week = await db.ReadAsync(b, b, At(2026, 4, 13), At(2026, 4, 20));
        week.Starts().ShouldBe([At(2026, 4, 13, 9), At(2026, 4, 14, 9), At(2026, 4, 15, 9), At(2026, 4, 16, 9), At(2026, 4, 17, 9)]);
        week.ShouldAllBe(o => o.EventId == e.Id && o.IsRecurring && o.SeriesOccurrence == o.StartsAt);
        OccurrenceKey.ToKey(week[2].StartsAt).ShouldBe("20260415T0900");
        OccurrenceKey.Parse("20260415T0900").ShouldBe(week[2].StartsAt);
        OccurrenceKey.Parse("2026-04-15").ShouldBeNull();
        OccurrenceKey.Parse("00010101T0000").ShouldBeNull();
        OccurrenceKey.Parse("99991231T2359").ShouldBeNull();

        // Wednesday moves to 10:00 (an override replaces it); Thursday is cancelled.
        var moved = await db.UpdateEventAsync(a, e.Id, At(2026, 4, 15, 9), EditScope.One, series with { Recurrence = null, Title = "朝会(時間変更)", StartsAt = T(2026, 4, 15, 10), EndsAt = T(2026, 4, 15, 10, 15) });
        await db.CancelEventAsync(a, e.Id, At(2026, 4, 16, 9), EditScope.One);

        week = await db.ReadAsync(b, b, At(2026, 4, 13), At(2026, 4, 20));
        week.Select(o => (o.StartsAt, o.Title, o.EventId)).ShouldBe(
        [
            (At(2026, 4, 13, 9), "朝会", e.Id),
            (At(2026, 4, 14, 9), "朝会", e.Id),
            (At(2026, 4, 15, 10), "朝会(時間変更)", moved.Id),
            (At(2026, 4, 17, 9), "朝会", e.Id),
        ]);
        week[2].SeriesOccurrence.ShouldBeNull();

        // An override moved into a window that its original date is outside of still shows there.
        await db.UpdateEventAsync(a, e.Id, At(2026, 4, 17, 9), EditScope.One, series with { Recurrence = null, StartsAt = T(2026, 4, 20, 13), EndsAt = T(2026, 4, 20, 14) });
        (await db.ReadAsync(b, b, At(2026, 4, 20), At(2026, 4, 21))).Starts().ShouldBe([At(2026, 4, 20, 9), At(2026, 4, 20, 13)]);
        (await db.ReadAsync(b, b, At(2026, 4, 17), At(2026, 4, 18))).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task Declined_IsNotShownInTheDeclinersSchedule_ButPendingAndTentativeAre(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");
        var b = await db.StaffAsync("b");
        var c = await db.StaffAsync("c");
        var e = await db.CreateEventAsync(a, Draft(a, "会議", T(2026, 4, 6, 10), T(2026, 4, 6, 11), b, c));
        await db.RespondAsync(b, e.Id, AttendeeResponse.Declined);
        await db.RespondAsync(c, e.Id, AttendeeResponse.Tentative);

        (await db.ReadAsync(b, b, April, May)).ShouldBeEmpty();
        var seen = (await db.ReadAsync(a, c, April, May)).ShouldHaveSingleItem();
        seen.Response.ShouldBe(AttendeeResponse.Tentative);
        seen.IsBusy.ShouldBeTrue();
        (await db.ReadAsync(a, a, April, May)).ShouldHaveSingleItem().Response.ShouldBe(AttendeeResponse.Accepted);

        // Declining a series hides every occurrence.
        var series = await db.CreateEventAsync(a, Draft(a, "定例", T(2026, 4, 7, 10), T(2026, 4, 7, 11), b) with { Recurrence = "FREQ=WEEKLY;COUNT=3" });
        (await db.ReadAsync(b, b, April, May)).Count.ShouldBe(3);
        await db.RespondAsync(b, series.Id, AttendeeResponse.Declined);
        (await db.ReadAsync(b, b, April, May)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task PrivateEvent_ShowsOnly予定あり_ToThoseNotInIt(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.StaffAsync("owner");
        var attendee = await db.StaffAsync("attendee");
        var keeper = await db.StaffAsync("keeper");
        var other = await db.StaffAsync("other");
        var attendeesKeeper = await db.StaffAsync("attendeeskeeper");
        await db.KeeperAsync(owner, keeper);
        await db.KeeperAsync(attendee, attendeesKeeper);
        var e = await db.CreateEventAsync(owner, Draft(owner, "人事面談", T(2026, 4, 6, 10), T(2026, 4, 6, 11), attendee) with
        {
            Visibility = EventVisibility.Private,
            Place = "応接室",
            Category = EventCategories.Consultation,
        });

        foreach (var viewer in new[] { owner, attendee, keeper })
        {
            var seen = (await db.ReadAsync(viewer, owner, April, May)).ShouldHaveSingleItem();
            seen.IsMasked.ShouldBeFalse();
            seen.Title.ShouldBe("人事面談");
            seen.Place.ShouldBe("応接室");
            seen.Category.ShouldBe(EventCategories.Consultation);
        }

        foreach (var (viewer, whose) in new[] { (other, owner), (other, attendee), (attendeesKeeper, owner) })
        {
            var masked = (await db.ReadAsync(viewer, whose, April, May)).ShouldHaveSingleItem();
            masked.IsMasked.ShouldBeTrue();
            masked.Title.ShouldBe(ScheduleReader.MaskedTitle);
            masked.Place.ShouldBe("");
            masked.Category.ShouldBe(EventCategories.Other);
            masked.StartsAt.ShouldBe(At(2026, 4, 6, 10)); // the time is still busy
            masked.EndsAt.ShouldBe(At(2026, 4, 6, 11));
        }

        var stored = await db.EventAsync(e.Id);
        async Task<bool> CanSeeAsync(int viewerId)
        {
            var viewer = await db.ViewerAsync(viewerId);
            return await db.InScopeAsync(sp => sp.GetRequiredService<ScheduleReader>().CanSeeDetailsAsync(viewer, stored));
        }

        (await CanSeeAsync(owner)).ShouldBeTrue();
        (await CanSeeAsync(attendee)).ShouldBeTrue();
        (await CanSeeAsync(keeper)).ShouldBeTrue();
        (await CanSeeAsync(other)).ShouldBeFalse();
    }

    [Theory, DatabaseData]
    public async Task PrivateSeries_ChangedOccurrence_StaysVisibleToTheSeriesAttendees(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.StaffAsync("owner");
        var attendee = await db.StaffAsync("attendee");
        var newcomer = await db.StaffAsync("newcomer");
        var other = await db.StaffAsync("other");
        var series = Draft(owner, "面談", T(2026, 4, 6, 10), T(2026, 4, 6, 11), attendee) with { Visibility = EventVisibility.Private, Recurrence = "FREQ=WEEKLY;COUNT=3" };
        var e = await db.CreateEventAsync(owner, series);

        // The second occurrence is for the newcomer only; the series attendee is off it.
        var changed = await db.UpdateEventAsync(owner, e.Id, At(2026, 4, 13, 10), EditScope.One, series with { Recurrence = null, StartsAt = T(2026, 4, 13, 10), EndsAt = T(2026, 4, 13, 11), AttendeeIds = [newcomer] });

        // The series attendee, looking at the newcomer's schedule, sees the details (they are in the series).
        var seen = (await db.ReadAsync(attendee, newcomer, April, May)).ShouldHaveSingleItem();
        seen.EventId.ShouldBe(changed.Id);
        seen.Title.ShouldBe("面談");
        (await db.ReadAsync(other, newcomer, April, May)).ShouldHaveSingleItem().IsMasked.ShouldBeTrue();
        (await db.ReadAsync(attendee, attendee, April, May)).Starts().ShouldBe([At(2026, 4, 6, 10), At(2026, 4, 20, 10)]);
    }

    [Theory, DatabaseData]
    public async Task SeveralAccounts_AreReadAtOnce_EachWithTheirOwnList(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var a = await db.StaffAsync("a");
        var b = await db.StaffAsync("b");
        var idle = await db.StaffAsync("idle");
        await db.CreateEventAsync(a, Draft(a, "打合せ", T(2026, 4, 6, 13), T(2026, 4, 6, 14), b));
        await db.CreateEventAsync(b, Draft(b, "外出", T(2026, 4, 6, 9), T(2026, 4, 6, 12)) with { Category = EventCategories.Out });

        var viewer = await db.ViewerAsync(idle);
        var all = await db.InScopeAsync(sp => sp.GetRequiredService<ScheduleReader>().ForAccountsAsync(viewer, [a, b, idle, b], April, May));

        all.Keys.Order().ShouldBe(new[] { a, b, idle }.Order());
        all[a].Titles().ShouldBe(["打合せ"]);
        all[b].Titles().ShouldBe(["外出", "打合せ"]);
        all[idle].ShouldBeEmpty();

        // With times given in another offset, the same instants.
        var offset = TimeSpan.FromHours(9);
        var tokyo = await db.InScopeAsync(sp => sp.GetRequiredService<ScheduleReader>()
            .ForAccountsAsync(viewer, [b], new DateTimeOffset(2026, 4, 6, 12, 0, 0, offset), new DateTimeOffset(2026, 4, 7, 0, 0, 0, offset)));
        tokyo[b].Titles().ShouldBe(["打合せ"]);
    }

    [Theory, DatabaseData]
    public async Task MembersOf_ListsActiveStaffOfTheUnit_AndBelowWhenAsked_ByRank(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var clerk = await db.StaffAsync("clerk", "総務部/総務課", "主事");
        var head = await db.StaffAsync("head", "総務部/総務課", "課長");
        var below = await db.StaffAsync("below", "総務部/総務課/人事係", "係長");
        await db.StaffAsync("elsewhere", "総務部/総務課2");
        var somu = await db.DepartmentAsync("総務部/総務課");

        var direct = await db.InScopeAsync(sp => sp.GetRequiredService<ScheduleReader>().MembersOfAsync(somu, includeSubunits: false));
        direct.Select(m => m.Id).ShouldBe([head, clerk]);
        var all = await db.InScopeAsync(sp => sp.GetRequiredService<ScheduleReader>().MembersOfAsync(somu, includeSubunits: true));
        all.Select(m => m.Id).ShouldBe([head, below, clerk]);
        (await db.InScopeAsync(sp => sp.GetRequiredService<ScheduleReader>().MembersOfAsync(99999, includeSubunits: true))).ShouldBeEmpty();
    }
}
