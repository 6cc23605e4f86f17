using Tsunagu.Core.Meetings;

namespace Tsunagu.Core.Tests.Meetings;

public sealed class MinutesMarkupTests
{
    private static readonly DateOnly MeetingDay = new(2026, 11, 27);

    private static readonly MinutesMarkupContext Context = new(
        [
            new MinutesPerson(1, "moriya.misaki", "守屋 美咲", 10, true),
            new MinutesPerson(2, "nakamura.tatsuya", "中村 達也", 10, true),
            new MinutesPerson(3, "fujiwara.takashi", "藤原 隆", 20, false),
            new MinutesPerson(4, "nakamura.kenji", "中村 健二", 30, true),
        ],
        [
            new MinutesDepartment(10, "DX戦略室", "企画部/DX戦略室"),
            new MinutesDepartment(20, "総務課", "総務部/総務課"),
            new MinutesDepartment(30, "庶務係", "総務部/総務課/庶務係"),
            new MinutesDepartment(40, "庶務係", "市民部/市民課/庶務係"),
        ],
        MeetingDay);

    private static MinutesActionLine Action(string line)
    {
        var result = MinutesMarkup.Parse(line, Context);
        result.Errors.ShouldBeEmpty();
        return result.Actions.ShouldHaveSingleItem();
    }

    private static string Error(string line)
    {
        var result = MinutesMarkup.Parse(line, Context);
        result.Actions.ShouldBeEmpty();
        return result.Errors.ShouldHaveSingleItem().Message;
    }

    [Fact]
    public void Decisions_AreLinesStartingWithTheMarker_AfterSpacesOrABullet()
    {
        var result = MinutesMarkup.Parse("前文\n【決定】案Aで進める\n  ・【決定】 次回は12月 \n　【決定】全角スペースの後\n文中の【決定】は数えない", Context);

        result.Decisions.Select(d => (d.Line, d.Text)).ShouldBe([(2, "案Aで進める"), (3, "次回は12月"), (4, "全角スペースの後")]);
        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public void EmptyDecision_IsAnError_WithItsLineNumber()
    {
        var result = MinutesMarkup.Parse("一行目\n【決定】", Context);

        result.Errors.ShouldHaveSingleItem().Message.ShouldStartWith("2行目");
    }

    [Theory]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / 2026-12-04", 2026, 12, 4)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / 2026/12/04", 2026, 12, 4)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / 2026.12.4", 2026, 12, 4)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / 2026年12月4日", 2026, 12, 4)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / 令和8年12月4日", 2026, 12, 4)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / R8.12.4", 2026, 12, 4)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / 12/4", 2026, 12, 4)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / 12月4日", 2026, 12, 4)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / 12月4日（金）", 2026, 12, 4)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / 12/4(金曜日)", 2026, 12, 4)]
    [InlineData("【対応】＠ｍｏｒｉｙａ.ｍｉｓａｋｉ／資料の修正／１２／４", 2026, 12, 4)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / ２０２６－１２－０４", 2026, 12, 4)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / 令和９年１月８日", 2027, 1, 8)]
    [InlineData("【対応】@moriya.misaki / 資料の修正 / 令和元年5月1日", 2019, 5, 1)]
    public void DueDates_InEveryAcceptedForm_AreRead(string line, int year, int month, int day)
    {
        var action = Action(line);

        action.DueDate.ShouldBe(new DateOnly(year, month, day));
        action.AccountId.ShouldBe(1);
        action.Content.ShouldBe("資料の修正");
    }

    [Fact]
    public void MonthAndDay_BeforeTheMeeting_IsNextYear()
    {
        Action("【対応】@moriya.misaki / 年明けの準備 / 1/8").DueDate.ShouldBe(new DateOnly(2027, 1, 8));
        Action("【対応】@moriya.misaki / 当日 / 11/27").DueDate.ShouldBe(new DateOnly(2026, 11, 27));
    }

    [Fact]
    public void DueDate_MayBeLeftOut()
    {
        var action = Action("【対応】DX戦略室 / 研修の日程調整");

        action.DueDate.ShouldBeNull();
        action.DepartmentId.ShouldBe(10);
        action.AccountId.ShouldBeNull();
        action.AssigneeName.ShouldBe("DX戦略室");
    }

    [Fact]
    public void Content_MayContainSlashes_WhenADueDateFollows()
    {
        var action = Action("【対応】@moriya.misaki / A案/B案の比較表 / 2026/12/10");

        action.Content.ShouldBe("A案/B案の比較表");
        action.DueDate.ShouldBe(new DateOnly(2026, 12, 10));
    }

    [Theory]
    [InlineData("【対応】@moriya.misaki / 資料 / 2026-02-30", "ありえない日付")]
    [InlineData("【対応】@moriya.misaki / 資料 / 13/1", "ありえない日付")]
    [InlineData("【対応】@moriya.misaki / 資料 / 2/29", "ありえない日付")]
    [InlineData("【対応】@moriya.misaki / 資料 / 来週", "日付として読めません")]
    [InlineData("【対応】@moriya.misaki / 資料 / 12/4(木)", "曜日が違います")]
    [InlineData("【対応】@moriya.misaki / 資料 / 令和0年1月1日", "年が正しくありません")]
    [InlineData("【対応】@moriya.misaki / 資料 / 令和1年4月30日", "令和の始まり")]
    [InlineData("【対応】@moriya.misaki / 資料 / 2026-12", "日付として読めません")]
    [InlineData("【対応】@moriya.misaki / 資料 / 20261204", "日付として読めません")]
    public void WrongDates_AreRefused_NeverGuessed(string line, string expected)
    {
        Error(line).ShouldContain(expected);
    }

    [Fact]
    public void People_ByLogin_ByFullName_OrByAUniqueFamilyName()
    {
        Action("【対応】@NAKAMURA.TATSUYA / 確認").AccountId.ShouldBe(2);
        Action("【対応】中村 達也 / 確認").AccountId.ShouldBe(2);
        Action("【対応】中村達也 / 確認").AccountId.ShouldBe(2);
        Action("【対応】中村　達也 / 確認").AccountId.ShouldBe(2);
        Action("【対応】守屋 / 確認").AccountId.ShouldBe(1);
        // A login reaches anyone known; a name only the meeting's participants.
        Action("【対応】@fujiwara.takashi / 確認").AccountId.ShouldBe(3);
        Error("【対応】藤原 隆 / 確認").ShouldContain("見つかりません");
    }

    [Fact]
    public void AmbiguousNames_AreRefused()
    {
        Error("【対応】中村 / 確認").ShouldContain("複数");
        Error("【対応】庶務係 / 確認").ShouldContain("複数");
        Action("【対応】総務部/総務課/庶務係 / 確認 / 12/4").DepartmentId.ShouldBe(30);
    }

    [Theory]
    [InlineData("【対応】@nobody / 確認", "ログイン名")]
    [InlineData("【対応】山田 / 確認", "見つかりません")]
    [InlineData("【対応】@moriya.misaki", "担当 / 内容 / 期限")]
    [InlineData("【対応】 / 確認", "担当 / 内容 / 期限")]
    [InlineData("【対応】@moriya.misaki /  / 12/4", "内容")]
    public void UnknownPeople_AndMissingParts_AreRefused(string line, string expected)
    {
        Error(line).ShouldContain(expected);
    }

    [Fact]
    public void ManyLines_ReportEveryErrorWithItsLine()
    {
        var result = MinutesMarkup.Parse("【決定】A\r\n【対応】@x / B / 12/4\r\n【対応】守屋 / C / 12/32\r\n【対応】DX戦略室 / D / 12/4", Context);

        result.Decisions.Count.ShouldBe(1);
        result.Actions.ShouldHaveSingleItem().Line.ShouldBe(4);
        result.Errors.Select(e => e.Line).ShouldBe([2, 3]);
        result.IsValid.ShouldBeFalse();
    }

    [Fact]
    public void DraftHints_AreNotReadAsMarkup()
    {
        var result = MinutesMarkup.Parse(MinutesDraft.DecisionHint + "\n" + MinutesDraft.ActionHint, Context);

        result.Decisions.ShouldBeEmpty();
        result.Actions.ShouldBeEmpty();
        result.IsValid.ShouldBeTrue();
    }
}
