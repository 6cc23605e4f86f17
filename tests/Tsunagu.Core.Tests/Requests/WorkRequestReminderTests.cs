using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Requests;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Requests;

/// <summary>The daily 督促 of overdue requests, with a fake clock. The test database starts at 2026-04-01 09:00 Tokyo.</summary>
public sealed class WorkRequestReminderTests
{
    private static Task<WorkRequestReminderRun> RunAsync(TestDatabase db) =>
        db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestReminderScheduler>().RunOnceAsync(db.Clock.GetUtcNow()));

    private static async Task<List<int>> RemindedAsync(TestDatabase db) =>
        (await db.NotificationsAsync()).Where(n => n.Title.StartsWith("督促", StringComparison.Ordinal)).Select(n => n.RecipientId).ToList();

    [Theory, DatabaseData]
    public async Task Overdue_TheTargetSideIsRemindedOnceADay_TheAssigneeFirst(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var noPerson = await db.AskAsync(city, "担当者なし", days: 1);
        var asked = await db.AskAsync(city, "担当者あり", toAccount: city.Target, days: 1);
        var assigned = await db.AskAsync(city, "受付済み", toAccount: city.Target, days: 1);
        await db.ActAsync(city.TargetMate, assigned, WorkRequestAction.Receive);
        var answered = await db.AskAsync(city, "回答済み", days: 1);
        await db.ActAsync(city.Target, answered, WorkRequestAction.Receive);
        await db.ActAsync(city.Target, answered, WorkRequestAction.Answer, "回答");
        _ = (noPerson, asked);

        (await RunAsync(db)).Reminded.ShouldBe(0);
        db.Clock.Advance(TimeSpan.FromDays(1));
        (await RunAsync(db)).Reminded.ShouldBe(0); // the due day itself is not overdue
        db.Clock.Advance(TimeSpan.FromHours(22)); // 04-03 07:00 Tokyo: before office hours
        (await RunAsync(db)).Reminded.ShouldBe(0);
        db.Clock.Advance(TimeSpan.FromHours(2));
        (await RunAsync(db)).Reminded.ShouldBe(3);
        (await RunAsync(db)).Reminded.ShouldBe(0);
        (await RemindedAsync(db)).Order().ShouldBe(new[] { city.ZaiseiChief, city.Target, city.TargetMate }.Order());
        db.Clock.Advance(TimeSpan.FromDays(1));
        (await RunAsync(db)).Reminded.ShouldBe(3);
    }

    [Theory, DatabaseData]
    public async Task TwoSchedulersAtOnce_RemindOnce(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        for (var i = 0; i < 5; i++)
        {
            await db.AskAsync(city, $"期限切れ{i}", toAccount: city.Target, days: 0);
        }

        db.Clock.Advance(TimeSpan.FromDays(1));
        using var start = new Barrier(2);
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await RunAsync(db);
        })));

        runs.Sum(r => r.Reminded).ShouldBe(5);
        (await RemindedAsync(db)).Count.ShouldBe(5);
    }

    [Theory, DatabaseData]
    public async Task ByHand_ThenTheJob_SameDay_RemindsOnce_AndOnlyTheRequesterMay(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var id = await db.AskAsync(city, toAccount: city.Target, days: 0);
        db.Clock.Advance(TimeSpan.FromDays(1));
        var service = (IServiceProvider sp) => sp.GetRequiredService<WorkRequestService>();

        await Should.ThrowAsync<AccessDeniedException>(() => db.InScopeAsync(sp => service(sp).RemindAsync(city.RequesterMate, id)));
        await db.InScopeAsync(sp => service(sp).RemindAsync(city.Requester, id));
        (await Should.ThrowAsync<DomainException>(() => db.InScopeAsync(sp => service(sp).RemindAsync(city.Requester, id)))).Code.ShouldBe("request.reminded-today");
        (await RunAsync(db)).Reminded.ShouldBe(0);
        (await RemindedAsync(db)).ShouldBe([city.Target]);
    }
}
