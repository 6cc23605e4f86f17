using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Search;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Tests.Infrastructure;
using static Tsunagu.Core.Tests.Schedules.ScheduleTestData;

namespace Tsunagu.Core.Tests.Schedules;

public sealed class ScheduleSearchTests
{
    private static async Task<IReadOnlyList<string>> ScheduleHitsAsync(TestDatabase db, int viewerId, string text) =>
        (await SearchAsync(db, viewerId, text)).Items.Where(h => h.Module == SearchModules.Schedule).Select(h => h.Title).ToList();


    [Theory, DatabaseData]
    public async Task PublicEvent_IsFoundByStaff_WithItsAddress(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var someone = await db.StaffAsync("someone", "市民部/市民課");
        var e = await db.CreateEventAsync(organizer, Draft(organizer, "防災訓練の打合せ", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { Place = "危機管理室", Notes = "避難所の開設手順" });

        foreach (var query in new[] { "防災訓練", "危機管理室", "避難所", "防災" })
        {
            var hit = (await SearchAsync(db, someone, query)).Items.ShouldHaveSingleItem();
            hit.Module.ShouldBe(SearchModules.Schedule);
            hit.Title.ShouldBe("防災訓練の打合せ");
            hit.Url.ShouldBe($"/schedule/events/{e.Id}");
        }

        var results = await SearchAsync(db, someone, "防災訓練");
        results.Facets.Modules.ShouldContain(f => f.Value == SearchModules.Schedule && f.Count == 1);
    }

    [Theory, DatabaseData]
    public async Task PrivateEvent_IsFoundOnlyByThoseInIt_AndLeavesNoTraceForOthers(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.StaffAsync("owner");
        var attendee = await db.StaffAsync("attendee", "市民部/市民課");
        var keeper = await db.StaffAsync("keeper");
        var colleague = await db.StaffAsync("colleague"); // same unit as the owner
        await db.KeeperAsync(owner, keeper);
        await db.CreateEventAsync(owner, Draft(owner, "懲戒審査委員会", T(2026, 4, 6, 10), T(2026, 4, 6, 11), attendee) with { Visibility = EventVisibility.Private, Notes = "処分案の検討" });

        async Task CheckAsync()
        {
            foreach (var insider in new[] { owner, attendee, keeper })
            {
                (await ScheduleHitsAsync(db, insider, "懲戒審査")).ShouldBe(["懲戒審査委員会"]);
                (await ScheduleHitsAsync(db, insider, "処分案")).ShouldBe(["懲戒審査委員会"]);
            }

            await ShouldFindNothingAsync(db, colleague, "懲戒審査");
            await ShouldFindNothingAsync(db, colleague, "処分案");
        }

        await CheckAsync();

        // The index rebuilt from the database gives the same answers.
        await RebuildAsync(db);
        await CheckAsync();
    }

    [Theory, DatabaseData]
    public async Task Edits_KeepTheIndexCurrent_AndCancellingRemovesTheEvent(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var other = await db.StaffAsync("other");
        var draft = Draft(organizer, "予算ヒアリング", T(2026, 4, 6, 10), T(2026, 4, 6, 11));
        var e = await db.CreateEventAsync(organizer, draft);

        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, draft with { Title = "決算ヒアリング" });
        await ShouldFindNothingAsync(db, other, "予算");
        (await ScheduleHitsAsync(db, other, "決算")).ShouldBe(["決算ヒアリング"]);

        // Made private: the colleague loses it.
        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, draft with { Title = "決算ヒアリング", Visibility = EventVisibility.Private });
        await ShouldFindNothingAsync(db, other, "決算");
        (await ScheduleHitsAsync(db, organizer, "決算")).ShouldBe(["決算ヒアリング"]);

        // A later invitee finds it.
        await db.UpdateEventAsync(organizer, e.Id, null, EditScope.All, draft with { Title = "決算ヒアリング", Visibility = EventVisibility.Private, AttendeeIds = [other] });
        (await ScheduleHitsAsync(db, other, "決算")).ShouldBe(["決算ヒアリング"]);

        await db.CancelEventAsync(organizer, e.Id, null, EditScope.All);
        await ShouldFindNothingAsync(db, organizer, "決算");
        await RebuildAsync(db);
        await ShouldFindNothingAsync(db, organizer, "決算");
    }

    [Theory, DatabaseData]
    public async Task CancellingASeries_AlsoRemovesItsChangedOccurrences(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var series = Draft(organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { Recurrence = "FREQ=WEEKLY;COUNT=4" };
        var e = await db.CreateEventAsync(organizer, series);
        await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 13, 10), EditScope.One, series with { Recurrence = null, Title = "定例会(臨時拡大版)", StartsAt = T(2026, 4, 13, 13), EndsAt = T(2026, 4, 13, 15) });
        (await ScheduleHitsAsync(db, organizer, "定例会")).Order(StringComparer.Ordinal).ShouldBe(["定例会", "定例会(臨時拡大版)"]);

        await db.CancelEventAsync(organizer, e.Id, null, EditScope.All);

        await ShouldFindNothingAsync(db, organizer, "定例会");
        await ShouldFindNothingAsync(db, organizer, "臨時拡大");
    }

    [Theory, DatabaseData]
    public async Task SplittingASeries_IndexesBothParts(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var organizer = await db.StaffAsync("organizer");
        var series = Draft(organizer, "定例会", T(2026, 4, 6, 10), T(2026, 4, 6, 11)) with { Recurrence = "FREQ=WEEKLY;COUNT=4" };
        var e = await db.CreateEventAsync(organizer, series);

        await db.UpdateEventAsync(organizer, e.Id, At(2026, 4, 20, 10), EditScope.Following, series with { Title = "新定例会", StartsAt = T(2026, 4, 20, 10), EndsAt = T(2026, 4, 20, 11) });

        (await ScheduleHitsAsync(db, organizer, "定例会")).Order(StringComparer.Ordinal).ShouldBe(["定例会", "新定例会"]);
        await RebuildAsync(db);
        (await ScheduleHitsAsync(db, organizer, "定例会")).Order(StringComparer.Ordinal).ShouldBe(["定例会", "新定例会"]);
    }
}
