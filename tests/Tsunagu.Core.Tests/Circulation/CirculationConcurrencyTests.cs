using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Circulation;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Circulation;

public sealed class CirculationConcurrencyTests
{
    /// <summary>Several people confirm at the same moment, each through their own scope (DbContext), as two requests would.</summary>
    private static async Task<(ConfirmOutcome? Outcome, Exception? Error)[]> RaceAsync(TestDatabase db, Office office, int circularId, params int[] who)
    {
        using var start = new Barrier(who.Length);
        var tasks = who.Select(id => Task.Run(async () =>
        {
            start.SignalAndWait();
            try
            {
                return ((ConfirmOutcome?)await db.ConfirmAsync(office, id, circularId, $"{id}です"), (Exception?)null);
            }
            catch (Exception ex) when (ex is DomainException or ConflictException)
            {
                return (null, ex);
            }
        })).ToArray();
        return await Task.WhenAll(tasks);
    }

    [Theory, DatabaseData]
    public async Task AllAtOnce_TwoConfirmAtTheSameMoment_BothAreRecorded_AndItClosesExactlyOnce(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        for (var round = 0; round < 5; round++)
        {
            var sent = await db.SendAsync(o, CirculationTestData.Logins("akiyama", "baba"), title: $"同時回覧{round}");

            var outcomes = await RaceAsync(db, o, sent.Id, o.A, o.B);

            outcomes.ShouldAllBe(x => x.Error == null);
            outcomes.Count(x => x.Outcome!.Completed).ShouldBe(1);
            var stored = await db.LoadAsync(sent.Id);
            stored.State.ShouldBe(CircularState.Completed);
            stored.Recipients.ShouldAllBe(r => r.ConfirmedAt != null && r.Comment == $"{r.AccountId}です");
            var target = $"circulation:{sent.Id}";
            (await db.QueryAsync(c => c.AuditEntries.CountAsync(a => a.Action == "circulation.completed" && a.Target == target))).ShouldBe(1);
            (await db.NotificationsAsync()).Count(n => n.RecipientId == o.Sender && n.Title == $"回覧完了: 同時回覧{round}").ShouldBe(1);
        }
    }

    [Theory, DatabaseData]
    public async Task AllAtOnce_ManyConfirmAtOnce_NoneIsLost(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        var sent = await db.SendAsync(o, "総務部/総務課");

        var outcomes = await RaceAsync(db, o, sent.Id, o.A, o.B, o.C, o.Sub);

        outcomes.ShouldAllBe(x => x.Error == null);
        outcomes.Count(x => x.Outcome!.Completed).ShouldBe(1);
        (await db.LoadAsync(sent.Id)).ConfirmedCount.ShouldBe(4);
    }

    [Theory, DatabaseData]
    public async Task InOrder_OnlyTheCurrentRecipientMayConfirm_EvenAtTheSameMoment(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        for (var round = 0; round < 4; round++)
        {
            var sent = await db.SendAsync(o, CirculationTestData.Logins("akiyama", "baba", "chiba"), CircularMode.InOrder, title: $"順番回覧{round}");

            var outcomes = await RaceAsync(db, o, sent.Id, o.A, o.C);

            outcomes[0].Outcome!.Next!.AccountId.ShouldBe(o.B);
            outcomes[1].Error.ShouldBeOfType<DomainException>().Code.ShouldBe("circulation.not-your-turn");
            var stored = await db.LoadAsync(sent.Id);
            stored.Ordered.Select(r => r.ConfirmedAt is not null).ShouldBe([true, false, false]);
            stored.State.ShouldBe(CircularState.InProgress);
        }
    }

    [Theory, DatabaseData]
    public async Task TheSameRecipientTwiceAtOnce_CountsOnce(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var o = await db.OfficeAsync();
        var sent = await db.SendAsync(o, CirculationTestData.Logins("akiyama", "baba"));

        var outcomes = await RaceAsync(db, o, sent.Id, o.A, o.A);

        outcomes.Count(x => x.Outcome is not null).ShouldBe(1);
        outcomes.Single(x => x.Error is not null).Error.ShouldBeOfType<DomainException>().Code.ShouldBe("circulation.already-confirmed");
        (await db.LoadAsync(sent.Id)).ConfirmedCount.ShouldBe(1);
    }
}
