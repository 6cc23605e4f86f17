using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Circulation;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Circulation;

/// <summary>The daily 督促, run with a fake clock. The test database starts at 2026-04-01 09:00 Tokyo.</summary>
public sealed class CirculationReminderTests
{
    private static Task<CirculationReminderRun> RunAsync(TestDatabase db) =>
        db.InScopeAsync(sp => sp.GetRequiredService<CirculationReminderScheduler>().RunOnceAsync(db.Clock.GetUtcNow()));

    private static async Task<int> RemindersAsync(TestDatabase db) =>
        (await db.NotificationsAsync()).Count(n => n.Title.StartsWith("督促", StringComparison.Ordinal));

    [Theory, DatabaseData]
    public async Task Overdue_EachWaitingRecipientIsRemindedOnceADay_FromNineOClock(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        var sent = await db.SendAsync(o, CirculationTestData.Logins("akiyama", "baba", "chiba"), days: 1);
        await db.ConfirmAsync(o, o.C, sent.Id);

        (await RunAsync(db)).Reminded.ShouldBe(0); // due tomorrow
        db.Clock.Advance(TimeSpan.FromDays(1));
        (await RunAsync(db)).Reminded.ShouldBe(0); // the due day itself is not overdue
        db.Clock.Advance(TimeSpan.FromHours(22)); // 04-03 07:00 Tokyo: overdue, but before office hours
        (await RunAsync(db)).Reminded.ShouldBe(0);
        db.Clock.Advance(TimeSpan.FromHours(2));
        (await RunAsync(db)).Reminded.ShouldBe(2);
        (await RunAsync(db)).Reminded.ShouldBe(0);
        db.Clock.Advance(TimeSpan.FromDays(1));
        (await RunAsync(db)).Reminded.ShouldBe(2);

        (await db.NotificationsAsync()).Where(n => n.Title.StartsWith("督促", StringComparison.Ordinal)).Select(n => n.RecipientId).Order()
            .ShouldBe(new[] { o.A, o.A, o.B, o.B }.Order());
    }

    [Theory, DatabaseData]
    public async Task Overdue_InOrder_OnlyTheCurrentRecipientIsReminded(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        await db.SendAsync(o, CirculationTestData.Logins("akiyama", "baba"), CircularMode.InOrder, days: 0);
        db.Clock.Advance(TimeSpan.FromDays(1));

        (await RunAsync(db)).Reminded.ShouldBe(1);
        (await db.NotificationsAsync()).Last().RecipientId.ShouldBe(o.A);
    }

    [Theory, DatabaseData]
    public async Task ByHand_ThenTheJob_SameDay_RemindsOnce(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        var sent = await db.SendAsync(o, "akiyama", days: 0);
        db.Clock.Advance(TimeSpan.FromDays(1));

        (await db.InScopeAsync(sp => sp.GetRequiredService<CirculationService>().RemindAsync(o.V(o.Sender), sent.Id))).ShouldBe(1);
        (await Should.ThrowAsync<DomainException>(() => db.InScopeAsync(sp => sp.GetRequiredService<CirculationService>().RemindAsync(o.V(o.Sender), sent.Id))))
            .Code.ShouldBe("circulation.reminded-today");
        await Should.ThrowAsync<AccessDeniedException>(() => db.InScopeAsync(sp => sp.GetRequiredService<CirculationService>().RemindAsync(o.V(o.A), sent.Id)));
        (await RunAsync(db)).Reminded.ShouldBe(0);
        (await RemindersAsync(db)).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task TwoInstances_AtTheSameMoment_RemindOnce(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        await db.SendAsync(o, CirculationTestData.Logins("akiyama", "baba"), days: 0);
        db.Clock.Advance(TimeSpan.FromDays(1));

        var runs = await Task.WhenAll(Task.Run(() => RunAsync(db)), Task.Run(() => RunAsync(db)));

        runs.Sum(r => r.Reminded).ShouldBe(2);
        (await RemindersAsync(db)).ShouldBe(2);
    }
}
