using Tsunagu.Core.Circulation;

namespace Tsunagu.Core.Tests.Circulation;

/// <summary>The rules of one circulation, without a database.</summary>
public sealed class CircularTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Due = new(2026, 4, 8);

    private static Circular Make(CircularMode mode, params int[] recipients) =>
        Circular.Send(1, null, "庁内LANメンテナンスのお知らせ", "本文", mode, Due, recipients, Now);

    [Fact]
    public void Confirm_InOrder_RefusesSomeoneWhoseTurnHasNotCome()
    {
        var c = Make(CircularMode.InOrder, 10, 11, 12);

        Should.Throw<DomainException>(() => c.Confirm(11, null, Now)).Code.ShouldBe("circulation.not-your-turn");
        c.Confirm(10, "確認しました", Now.AddMinutes(5)).Next!.AccountId.ShouldBe(11);
        Should.Throw<DomainException>(() => c.Confirm(12, null, Now)).Code.ShouldBe("circulation.not-your-turn");
        c.Confirm(11, null, Now.AddMinutes(6)).Next!.AccountId.ShouldBe(12);
        c.Waiting.Select(r => r.AccountId).ShouldBe([12]);
    }

    [Fact]
    public void Confirm_Twice_IsRefused()
    {
        var c = Make(CircularMode.AllAtOnce, 10, 11);
        c.Confirm(10, null, Now);

        Should.Throw<DomainException>(() => c.Confirm(10, null, Now)).Code.ShouldBe("circulation.already-confirmed");
        c.ConfirmedCount.ShouldBe(1);
    }

    [Fact]
    public void Confirm_ByTheLastRecipient_ClosesTheCirculation_AndNothingMoreIsAccepted()
    {
        var c = Make(CircularMode.AllAtOnce, 10, 11);
        c.Confirm(11, null, Now).Completed.ShouldBeFalse();
        var last = c.Confirm(10, "了解です", Now.AddHours(1));

        last.Completed.ShouldBeTrue();
        c.State.ShouldBe(CircularState.Completed);
        c.ClosedAt.ShouldBe(Now.AddHours(1));
        c.Recipients.Single(r => r.AccountId == 10).Comment.ShouldBe("了解です");
        Should.Throw<DomainException>(() => c.Cancel(1, Now)).Code.ShouldBe("circulation.closed");
    }

    [Fact]
    public void Confirm_OnACancelledCirculation_IsRefused()
    {
        var c = Make(CircularMode.AllAtOnce, 10, 11);
        c.Cancel(1, Now);

        Should.Throw<DomainException>(() => c.Confirm(10, null, Now)).Code.ShouldBe("circulation.cancelled");
    }

    [Fact]
    public void Confirm_BySomeoneNotARecipient_IsDenied() =>
        Should.Throw<AccessDeniedException>(() => Make(CircularMode.AllAtOnce, 10).Confirm(99, null, Now));

    [Fact]
    public void Cancel_BySomeoneOtherThanTheSender_IsDenied() =>
        Should.Throw<AccessDeniedException>(() => Make(CircularMode.AllAtOnce, 10).Cancel(10, Now));

    [Fact]
    public void Send_DropsTheSenderAndDuplicates_AndRefusesNobody()
    {
        Make(CircularMode.InOrder, 10, 1, 10, 11).Ordered.Select(r => r.AccountId).ShouldBe([10, 11]);
        Should.Throw<DomainException>(() => Make(CircularMode.AllAtOnce, 1)).Code.ShouldBe("circulation.no-recipients");
    }

    [Fact]
    public void Send_RefusesMoreThanTheLimit_APastDueDate_AndAnEmptyTitle()
    {
        Should.Throw<DomainException>(() => Make(CircularMode.AllAtOnce, Enumerable.Range(10, Circular.MaxRecipients + 1).ToArray())).Code.ShouldBe("circulation.too-many-recipients");
        Should.Throw<DomainException>(() => Circular.Send(1, null, "件名", "", CircularMode.AllAtOnce, new DateOnly(2026, 3, 31), [10], Now)).Code.ShouldBe("circulation.due-in-past");
        Should.Throw<DomainException>(() => Circular.Send(1, null, "  ", "", CircularMode.AllAtOnce, Due, [10], Now)).Code.ShouldBe("circulation.invalid-title");
    }

    [Fact]
    public void Send_AllAtOnce_ReachesEveryone_InOrder_OnlyTheFirst()
    {
        Make(CircularMode.AllAtOnce, 10, 11, 12).Waiting.Count().ShouldBe(3);
        Make(CircularMode.InOrder, 10, 11, 12).Waiting.Select(r => r.AccountId).ShouldBe([10]);
    }

    [Fact]
    public void IsOverdue_FromTheDayAfterTheDueDate()
    {
        var c = Make(CircularMode.AllAtOnce, 10);
        c.IsOverdue(Due).ShouldBeFalse();
        c.IsOverdue(Due.AddDays(1)).ShouldBeTrue();
    }
}
