using Tsunagu.Core.Requests;

namespace Tsunagu.Core.Tests.Requests;

/// <summary>The state machine of one request, without a database. Requester 1, target side 10.</summary>
public sealed class WorkRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);

    private static WorkRequest Make(DateOnly? due = null, int? toAccount = null) =>
        WorkRequest.Open(1, 5, 7, toAccount, "予算資料の提出依頼", "前年度の執行実績をください。\n概数で構いません。", due, WorkRequestPriority.Normal, [], null, null, null, Now);

    /// <summary>Brings a fresh request into <paramref name="state"/> by legal moves.</summary>
    private static WorkRequest In(WorkRequestState state)
    {
        var r = Make();
        switch (state)
        {
            case WorkRequestState.InProgress:
                r.Receive(10, true, Now);
                break;
            case WorkRequestState.Answered:
                r.Receive(10, true, Now);
                r.AnswerWith(10, true, "回答です", Now);
                break;
            case WorkRequestState.Returned:
                r.Receive(10, true, Now);
                r.AnswerWith(10, true, "回答です", Now);
                r.Return(1, "足りません", Now);
                break;
            case WorkRequestState.Completed:
                r.Receive(10, true, Now);
                r.AnswerWith(10, true, "回答です", Now);
                r.Complete(1, null, Now);
                break;
            case WorkRequestState.Cancelled:
                r.Cancel(1, "不要になりました", Now);
                break;
        }

        return r;
    }

    private static void Do(WorkRequest r, WorkRequestAction action)
    {
        switch (action)
        {
            case WorkRequestAction.Receive: r.Receive(10, true, Now); break;
            case WorkRequestAction.Answer: r.AnswerWith(10, true, "回答", Now); break;
            case WorkRequestAction.Return: r.Return(1, "理由", Now); break;
            case WorkRequestAction.Complete: r.Complete(1, null, Now); break;
            case WorkRequestAction.Cancel: r.Cancel(1, "理由", Now); break;
        }
    }

    public static TheoryData<WorkRequestState, WorkRequestAction, WorkRequestState?> Transitions()
    {
        var legal = new Dictionary<(WorkRequestState, WorkRequestAction), WorkRequestState>
        {
            [(WorkRequestState.Open, WorkRequestAction.Receive)] = WorkRequestState.InProgress,
            [(WorkRequestState.Open, WorkRequestAction.Cancel)] = WorkRequestState.Cancelled,
            [(WorkRequestState.InProgress, WorkRequestAction.Answer)] = WorkRequestState.Answered,
            [(WorkRequestState.InProgress, WorkRequestAction.Cancel)] = WorkRequestState.Cancelled,
            [(WorkRequestState.Answered, WorkRequestAction.Complete)] = WorkRequestState.Completed,
            [(WorkRequestState.Answered, WorkRequestAction.Return)] = WorkRequestState.Returned,
            [(WorkRequestState.Answered, WorkRequestAction.Cancel)] = WorkRequestState.Cancelled,
            [(WorkRequestState.Returned, WorkRequestAction.Receive)] = WorkRequestState.InProgress,
            [(WorkRequestState.Returned, WorkRequestAction.Answer)] = WorkRequestState.Answered,
            [(WorkRequestState.Returned, WorkRequestAction.Cancel)] = WorkRequestState.Cancelled,
        };
        var data = new TheoryData<WorkRequestState, WorkRequestAction, WorkRequestState?>();
        foreach (var state in Enum.GetValues<WorkRequestState>())
        {
            foreach (var action in Enum.GetValues<WorkRequestAction>())
            {
                data.Add(state, action, legal.TryGetValue((state, action), out var to) ? to : null);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(Transitions))]
    public void EveryTransition_IsTakenOrRefused_AsTheStateMachineSays(WorkRequestState from, WorkRequestAction action, WorkRequestState? to)
    {
        var r = In(from);
        var version = r.Version;
        var events = r.Events.Count;

        if (to is { } expected)
        {
            Do(r, action);
            r.State.ShouldBe(expected);
            r.Version.ShouldBe(version + 1);
            r.Events.Count.ShouldBe(events + 1);
            r.Events[^1].FromState.ShouldBe(from);
            r.Events[^1].ToState.ShouldBe(expected);
            r.Allows(action, true, true).ShouldBeFalse(); // never twice in a row
        }
        else
        {
            var ex = Should.Throw<DomainException>(() => Do(r, action));
            ex.Code.ShouldBeOneOf("request.illegal-transition", "request.closed");
            ex.Message.ShouldNotBeNullOrWhiteSpace();
            r.State.ShouldBe(from);
            r.Version.ShouldBe(version);
            r.Events.Count.ShouldBe(events);
            r.Allows(action, true, true).ShouldBeFalse();
        }
    }

    [Fact]
    public void TargetSideActions_BySomeoneOutside_AreDenied()
    {
        var r = Make();
        Should.Throw<AccessDeniedException>(() => r.Receive(99, false, Now));
        r.Receive(10, true, Now);
        Should.Throw<AccessDeniedException>(() => r.AnswerWith(1, false, "自分で回答", Now));
        Should.Throw<AccessDeniedException>(() => r.Assign(99, false, 11, true, "職員", Now));
        r.State.ShouldBe(WorkRequestState.InProgress);
    }

    [Fact]
    public void RequesterActions_BySomeoneElse_AreDenied_EvenOnTheTargetSide()
    {
        var r = In(WorkRequestState.Answered);
        Should.Throw<AccessDeniedException>(() => r.Complete(10, null, Now));
        Should.Throw<AccessDeniedException>(() => r.Return(10, "理由", Now));
        Should.Throw<AccessDeniedException>(() => r.Cancel(10, "理由", Now));
        Should.Throw<AccessDeniedException>(() => r.EnsureCanRemind(10));
        r.State.ShouldBe(WorkRequestState.Answered);
    }

    [Fact]
    public void Receive_MakesTheReceiverTheAssignee_OnlyWhenNobodyIs()
    {
        var r = Make();
        r.Receive(10, true, Now);
        r.AssigneeId.ShouldBe(10);
        r.AnswerWith(10, true, "回答", Now);
        r.Return(1, "もう一度", Now);
        r.Receive(11, true, Now);
        r.AssigneeId.ShouldBe(10);
    }

    [Fact]
    public void Answer_Return_Cancel_NeedText_AndKeepIt()
    {
        var r = In(WorkRequestState.InProgress);
        Should.Throw<DomainException>(() => r.AnswerWith(10, true, "  ", Now)).Code.ShouldBe("request.text-required");
        Should.Throw<DomainException>(() => r.AnswerWith(10, true, new string('あ', WorkRequest.MaxTextLength + 1), Now)).Code.ShouldBe("request.text-too-long");
        r.AnswerWith(10, true, "資料を送ります。\r\n確認してください。", Now);
        r.Answer.ShouldBe("資料を送ります。\n確認してください。");
        Should.Throw<DomainException>(() => r.Return(1, "", Now)).Code.ShouldBe("request.text-required");
        Should.Throw<DomainException>(() => r.Cancel(1, null, Now)).Code.ShouldBe("request.text-required");
        r.Return(1, "資料が1年分足りません", Now);
        r.Events[^1].Text.ShouldBe("資料が1年分足りません");
    }

    [Fact]
    public void Open_RefusesBadInput()
    {
        Should.Throw<DomainException>(() => WorkRequest.Open(1, 5, 7, null, " ", "", null, WorkRequestPriority.Normal, [], null, null, null, Now)).Code.ShouldBe("request.invalid-subject");
        Should.Throw<DomainException>(() => WorkRequest.Open(1, 5, 7, null, new string('件', WorkRequest.MaxSubjectLength + 1), "", null, WorkRequestPriority.Normal, [], null, null, null, Now)).Code.ShouldBe("request.invalid-subject");
        Should.Throw<DomainException>(() => WorkRequest.Open(1, 5, 7, null, "件名", new string('あ', WorkRequest.MaxDetailsLength + 1), null, WorkRequestPriority.Normal, [], null, null, null, Now)).Code.ShouldBe("request.details-too-long");
        Should.Throw<DomainException>(() => WorkRequest.Open(1, 5, 7, null, "件名", "", new DateOnly(2026, 3, 31), WorkRequestPriority.Normal, [], null, null, null, Now)).Code.ShouldBe("request.due-in-past");
        Should.Throw<DomainException>(() => WorkRequest.Open(1, 5, 7, 1, "件名", "", null, WorkRequestPriority.Normal, [], null, null, null, Now)).Code.ShouldBe("request.self");
        Should.Throw<DomainException>(() => WorkRequest.Open(1, 5, 7, null, "件名", "", null, (WorkRequestPriority)9, [], null, null, null, Now)).Code.ShouldBe("request.invalid-priority");
        Should.Throw<DomainException>(() => WorkRequest.Open(1, 5, 7, null, "件名", "", null, WorkRequestPriority.Normal, [], "minutes-action", "3", "https://evil.example/", Now)).Code.ShouldBe("request.invalid-source");
    }

    [Fact]
    public void IsOverdue_FromTheDayAfterTheDueDate_WhileTheTargetSideOwesIt()
    {
        var r = Make(due: new DateOnly(2026, 4, 3));
        r.IsOverdue(new DateOnly(2026, 4, 3)).ShouldBeFalse();
        r.IsOverdue(new DateOnly(2026, 4, 4)).ShouldBeTrue();
        r.Receive(10, true, Now);
        r.AnswerWith(10, true, "回答", Now);
        r.IsOverdue(new DateOnly(2026, 4, 10)).ShouldBeFalse();
    }

    [Fact]
    public void Watchers_LeaveOutTheRequesterAndDuplicates()
    {
        var r = WorkRequest.Open(1, 5, 7, 10, "件名", "", null, WorkRequestPriority.Normal, [1, 20, 20, 21], null, null, null, Now);
        r.Watchers.Select(w => w.AccountId).ShouldBe([20, 21]);
        r.AddWatcher(20, Now).ShouldBeFalse();
        r.AddWatcher(1, Now).ShouldBeFalse();
        r.AddWatcher(22, Now).ShouldBeTrue();
        r.RemoveWatcher(20, Now).ShouldBeTrue();
        r.Watchers.Select(w => w.AccountId).ShouldBe([21, 22]);
    }
}
