using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Tests.Infrastructure;
using static Tsunagu.Web.Tests.Schedules.Views.ScheduleViewData;

namespace Tsunagu.Web.Tests.Schedules.Views;

/// <summary>My schedule, the group week view and the 三役 view over the demo city: what each shows, and what it must not.</summary>
public abstract class ScheduleViewsTests(TsunaguApp app)
{
    private static readonly DateOnly Tuesday = Monday.AddDays(1);
    private static readonly DateOnly Holiday = Monday.AddDays(3);

    [Fact]
    public async Task MyWeek_ShowsMyEvents_WithCategoryLinkAndTheHolidayName()
    {
        var me = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var title = Unique("週表示会議");
        var e = await app.CreateEventAsync(me, title, At(Tuesday, 10), At(Tuesday, 11, 30), category: EventCategories.Training, place: "第1会議室");
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (response, text) = await browser.GetTextAsync("/schedule?date=2027-02-10");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Tags(text).ShouldContain("<h1>自分の予定</h1>");
        text.ShouldContain("令和9年2月8日(月)〜2月14日(日)");
        text.ShouldContain("建国記念の日");
        text.ShouldContain(title);
        text.ShouldContain("10:00〜11:30");
        text.ShouldContain($"href=\"/schedule/events/{e.Id}\"");
        text.ShouldContain("cat-training");
        text.ShouldContain(">研修<");
        text.ShouldContain("href=\"/schedule/events/new?start=2027-02-10T09:00\"");
    }

    [Fact]
    public async Task MyWeek_SeriesOccurrences_LinkWithTheirOccurrenceKey()
    {
        var me = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var title = Unique("定例");
        var e = await app.CreateEventAsync(me, title, At(Monday.AddDays(-14), 9, 30), At(Monday.AddDays(-14), 10), recurrence: "FREQ=WEEKLY;BYDAY=MO,WE");
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (_, text) = await browser.GetTextAsync("/schedule?date=2027-02-08");

        text.ShouldContain($"href=\"/schedule/events/{e.Id}?at=20270208T0930\"");
        text.ShouldContain($"href=\"/schedule/events/{e.Id}?at=20270210T0930\"");
    }

    [Fact]
    public async Task MyWeek_MarksPendingInvitations_AndAllDayAndMultiDayEvents()
    {
        var me = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var (colleague, _) = (await app.ColleaguesOfAsync(me))[0];
        var invitation = Unique("招待");
        await app.CreateEventAsync(colleague, invitation, At(Tuesday, 15), At(Tuesday, 16), attendees: me);
        var trip = Unique("出張");
        await app.CreateEventAsync(me, trip, At(Tuesday, 0), At(Tuesday.AddDays(1), 0), category: EventCategories.BusinessTrip, allDay: true);
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (_, text) = await browser.GetTextAsync("/schedule?date=2027-02-08");

        var line = Line(text, invitation);
        line.ShouldContain("未回答");
        text.ShouldContain("まだ回答していない招待が");
        var tripLine = Line(text, trip);
        tripLine.ShouldContain("終日");
        tripLine.ShouldContain("(2/9〜2/10)");
        text.Split(trip).Length.ShouldBe(3, "a two-day event appears on each of its days");
    }

    [Fact]
    public async Task DayAndMonthViews_ShowTheJapaneseHeadingAndHolidays()
    {
        var me = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var title = Unique("祝日出勤");
        await app.CreateEventAsync(me, title, At(Holiday, 13), At(Holiday, 14), category: EventCategories.Ceremony);
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (day, dayText) = await browser.GetTextAsync("/schedule?view=day&date=2027-02-11");
        day.StatusCode.ShouldBe(HttpStatusCode.OK);
        dayText.ShouldContain("令和9年2月11日(木)");
        dayText.ShouldContain("建国記念の日");
        dayText.ShouldContain(title);

        var (month, monthText) = await browser.GetTextAsync("/schedule?view=month&date=2027-02-11");
        month.StatusCode.ShouldBe(HttpStatusCode.OK);
        monthText.ShouldContain("令和9年2月");
        monthText.ShouldContain("天皇誕生日");
        monthText.ShouldContain(title);
        monthText.ShouldContain("href=\"/schedule?view=day&date=2027-02-23\"");
    }

    [Fact]
    public async Task ColleaguesSchedule_ShowsTheirPrivateEventAsBusy_NeverItsTitle()
    {
        var me = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var (colleague, name) = (await app.ColleaguesOfAsync(me))[1];
        var secret = Unique("人事面談");
        var open = Unique("公開研修");
        await app.CreateEventAsync(colleague, secret, At(Tuesday, 9), At(Tuesday, 10), EventVisibility.Private, place: "秘密の場所");
        await app.CreateEventAsync(colleague, open, At(Tuesday, 13), At(Tuesday, 14));
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (response, text) = await browser.GetTextAsync($"/schedule?account={colleague}&date=2027-02-08");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain($"{name}さんの予定");
        text.ShouldContain(open);
        text.ShouldContain("予定あり");
        text.ShouldNotContain(secret);
        text.ShouldNotContain("秘密の場所");
    }

    [Theory]
    [InlineData("/schedule?date=garbage", 400, "日付の指定が正しくない")]
    [InlineData("/schedule?date=1899-01-01", 400, "日付の指定が正しくない")]
    [InlineData("/schedule?account=999999", 400, "指定された職員は見つかりません")]
    [InlineData("/schedule?account=abc&view=month", 400, "表示する対象の指定が正しくない")]
    [InlineData("/schedule/group?department=999999", 400, "指定された部署は見つかりません")]
    [InlineData("/schedule/group?date=2027-13-45", 400, "日付の指定が正しくない")]
    [InlineData("/schedule/group?group=-1", 400, "表示する対象の指定が正しくない")]
    [InlineData("/schedule/executives?date=%E6%98%8E%E6%97%A5", 400, "日付の指定が正しくない")]
    public async Task BadQueryValues_GetAJapaneseMessageAndTheDefaultView(string path, int status, string message)
    {
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (response, text) = await browser.GetTextAsync(path);

        ((int)response.StatusCode).ShouldBe(status, string.Join("\n", app.Factory.Errors.All.TakeLast(2)));
        text.ShouldContain(message);
        text.ShouldContain("class=\"period-nav\"");
    }

    [Fact]
    public async Task GroupWeek_DefaultsToMyDepartment_WithEveryMemberAndQuickAdd()
    {
        var me = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var colleagues = await app.ColleaguesOfAsync(me);
        var (colleague, colleagueName) = colleagues[0];
        var title = Unique("課内会議");
        await app.CreateEventAsync(colleague, title, At(Tuesday, 9), At(Tuesday, 10));
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (response, text) = await browser.GetTextAsync("/schedule/group?date=2027-02-08");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("企画振興部 › DX戦略室の予定 令和9年2月8日(月)〜2月14日(日)");
        text.ShouldContain("守屋\u3000美咲");
        foreach (var (_, name) in colleagues)
        {
            text.ShouldContain(name);
        }

        text.ShouldContain("建国記念の日");
        Line(text, title).ShouldContain("09:00");
        text.ShouldContain($"aria-label=\"{colleagueName}さんの2月9日に予定を追加\"");
        text.ShouldContain($"href=\"/schedule/events/new?start=2027-02-09T09:00&attendees={colleague}\"");
        text.ShouldContain($"href=\"/schedule?account={colleague}&date=2027-02-08\"");
    }

    [Fact]
    public async Task GroupWeek_SomeoneElsesPrivateEvent_ShowsBusy_NeverTheTitle()
    {
        var me = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var (colleague, name) = (await app.ColleaguesOfAsync(me))[2];
        var secret = Unique("通院");
        await app.CreateEventAsync(colleague, secret, At(Holiday.AddDays(1), 14), At(Holiday.AddDays(1), 15), EventVisibility.Private, EventCategories.Leave);
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (_, text) = await browser.GetTextAsync("/schedule/group?date=2027-02-08");

        text.ShouldNotContain(secret);
        Row(text, name).ShouldContain("予定あり");
    }

    [Fact]
    public async Task GroupWeek_PrivateEventIAttend_ShowsItsTitle()
    {
        var me = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var (colleague, _) = (await app.ColleaguesOfAsync(me))[3];
        var title = Unique("内密の打合せ");
        await app.CreateEventAsync(colleague, title, At(Monday, 16), At(Monday, 17), EventVisibility.Private, attendees: me);
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (_, text) = await browser.GetTextAsync("/schedule/group?date=2027-02-08");

        text.ShouldContain(title);
    }

    [Fact]
    public async Task GroupWeek_OfAnotherDepartment_ListsItsMembersAndThePicker()
    {
        var unit = await app.QueryAsync(db => db.Departments.Where(d => d.Path == "総務部/総務課/人事係").Select(d => new { d.Id }).SingleAsync());
        var members = await app.QueryAsync(db => db.Users.Where(a => a.DepartmentId == unit.Id && a.IsActive).Select(a => a.DisplayName).ToListAsync());
        members.ShouldNotBeEmpty();
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (response, text) = await browser.GetTextAsync($"/schedule/group?department={unit.Id}&date=2027-02-08");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("総務部 › 総務課 › 人事係の予定");
        members.ShouldAllBe(name => text.Contains(name, StringComparison.Ordinal));
        Tags(text).ShouldContain($"<option value=\"{unit.Id}\" selected>総務部 › 総務課 › 人事係</option>");
        text.ShouldContain($"href=\"/schedule/group?department={unit.Id}&date=2027-02-15\"");
    }

    [Fact]
    public async Task GroupWeek_OfADepartmentHead_IncludesTheUnitsBelow()
    {
        var division = await app.QueryAsync(db => db.Departments.Where(d => d.Path == "総務部/総務課").Select(d => d.Id).SingleAsync());
        var below = await app.QueryAsync(db => db.Users.Where(a => a.IsActive && a.Department!.Path == "総務部/総務課/文書法制係").Select(a => a.DisplayName).FirstAsync());
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (_, text) = await browser.GetTextAsync($"/schedule/group?department={division}&date=2027-02-08");

        text.ShouldContain(below);
        text.ShouldContain("文書法制係");
    }

    [Fact]
    public async Task GroupWeek_WithAnotherPersonsGroup_AnswersAsForAMissingGroup_AndDoesNotNameIt()
    {
        var other = await app.QueryAsync(db => db.Users.Where(a => a.UserName != DemoCityData.DemoStaffLogin && a.IsActive && a.DepartmentId != null).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
        var name = Unique("他人のグループ");
        var groupId = await app.InScopeAsync(sp => NewStore(sp).CreateAsync(other, name));
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (response, text) = await browser.GetTextAsync($"/schedule/group?group={groupId}");
        var (missing, missingText) = await browser.GetTextAsync("/schedule/group?group=987654321");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain("指定されたグループは見つかりません");
        text.ShouldContain("企画振興部 › DX戦略室の予定");
        text.ShouldNotContain(name);
        missing.StatusCode.ShouldBe(response.StatusCode);
        missingText.ShouldContain("指定されたグループは見つかりません");
    }

    [Fact]
    public async Task GroupWeek_OfMyGroup_ShowsItsMembersWithTheirDepartments()
    {
        var me = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var outsider = await app.QueryAsync(db => db.Users.Where(a => a.Department!.Path == "市民部/市民課/戸籍係" && a.IsActive).Select(a => new { a.Id, a.DisplayName }).FirstAsync());
        var name = Unique("横断チーム");
        var groupId = await app.InScopeAsync(async sp =>
        {
            var store = NewStore(sp);
            var id = await store.CreateAsync(me, name);
            await store.AddMemberAsync(me, id, outsider.Id);
            await store.AddMemberAsync(me, id, me);
            return id;
        });
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (response, text) = await browser.GetTextAsync($"/schedule/group?group={groupId}&date=2027-02-08");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain($"{name}の予定");
        text.ShouldContain(outsider.DisplayName);
        text.ShouldContain("市民部 › 市民課 › 戸籍係");
        Tags(text).ShouldContain($"<option value=\"{groupId}\" selected>{name}</option>");
    }

    [Fact]
    public async Task Executives_ShowsTheThreeExecutives_PublicEntries_AndPrivateOnesAsBusy()
    {
        var executives = await app.QueryAsync(db => db.Users.Where(a => a.IsActive && a.Position!.IsExecutive).OrderBy(a => a.Position!.Rank)
            .Select(a => new { a.Id, a.DisplayName, Position = a.Position!.Name }).ToListAsync());
        executives.Select(e => e.Position).ShouldBe(["市長", "副市長", "教育長"]);
        var mayor = executives[0].Id;
        var open = Unique("市議会本会議");
        var secret = Unique("極秘会談");
        await app.CreateEventAsync(mayor, open, At(Tuesday, 10), At(Tuesday, 12), category: EventCategories.Ceremony);
        await app.CreateEventAsync(mayor, secret, At(Tuesday, 14), At(Tuesday, 15), EventVisibility.Private);
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);

        var (response, text) = await browser.GetTextAsync("/schedule/executives?date=2027-02-08");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Tags(text).ShouldContain("<h1>三役の予定</h1>");
        foreach (var e in executives)
        {
            text.ShouldContain(e.DisplayName);
        }

        text.ShouldContain(open);
        var row = Row(text, executives[0].DisplayName);
        row.ShouldContain(open);
        Tags(row).ShouldContain("<span class=\"ev-time\">14:00</span> <span class=\"ev-title\">予定あり</span>");
        text.ShouldNotContain(secret);
        text.ShouldContain("建国記念の日");
    }

    [Fact]
    public async Task Portal_TodayWidget_ShowsTodaysEventsAndPendingInvitations()
    {
        var login = Logins.Unique("today");
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        var me = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var today = Tsunagu.Core.Clock.TokyoDate(TimeProvider.System.GetUtcNow());
        var mine = Unique("今日の会議");
        var invitation = Unique("明後日の招待");
        await app.CreateEventAsync(account.Id, mine, At(today, 0), At(today, 0), allDay: true);
        await app.CreateEventAsync(me, invitation, At(today.AddDays(2), 10), At(today.AddDays(2), 11), attendees: account.Id);
        using var browser = await app.SignedInAsync(login);

        var (response, page) = await browser.GetTextAsync("/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var widget = Widget(page);
        widget.ShouldContain("今日の予定");
        widget.ShouldContain(mine);
        widget.ShouldContain("終日");
        widget.ShouldContain("未回答の招待が 1 件あります");
        widget.ShouldNotContain(invitation);
    }

    [Fact]
    public async Task Portal_TodayWidget_WhenTodayIsFree_ShowsTomorrowsFirstEvent()
    {
        var login = Logins.Unique("tomorrow");
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        var tomorrow = Tsunagu.Core.Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(1);
        var first = Unique("朝一番");
        var second = Unique("午後の用事");
        await app.CreateEventAsync(account.Id, second, At(tomorrow, 15), At(tomorrow, 16));
        await app.CreateEventAsync(account.Id, first, At(tomorrow, 8, 30), At(tomorrow, 9));
        using var browser = await app.SignedInAsync(login);

        var (_, page) = await browser.GetTextAsync("/");

        var text = Widget(page);
        text.ShouldContain("今日の予定はありません");
        text.ShouldContain("明日の最初の予定:");
        text.ShouldContain(first);
        text.ShouldContain("08:30〜09:00");
        text.ShouldNotContain(second);
    }

    [Fact]
    public async Task InEnglish_TheViewsSpeakEnglish_WithGregorianHeadings()
    {
        var me = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var title = Unique("研修");
        await app.CreateEventAsync(me, title, At(Tuesday, 10), At(Tuesday, 11), category: EventCategories.BusinessTrip);
        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        (await browser.GetAsync("/culture?culture=en&returnUrl=%2F")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var (mine, mineText) = await browser.GetTextAsync("/schedule?date=2027-02-08");
        var (group, groupText) = await browser.GetTextAsync("/schedule/group?date=2027-02-08");
        var (month, monthText) = await browser.GetTextAsync("/schedule?view=month&date=2027-02-08");

        mine.StatusCode.ShouldBe(HttpStatusCode.OK);
        Tags(mineText).ShouldContain("<h1>My schedule</h1>");
        mineText.ShouldContain("Monday, 8 February 2027 – Sunday, 14 February 2027");
        Line(mineText, title).ShouldContain("Business trip");
        group.StatusCode.ShouldBe(HttpStatusCode.OK);
        groupText.ShouldContain("Add an event for 守屋\u3000美咲 on 9 February");
        month.StatusCode.ShouldBe(HttpStatusCode.OK);
        monthText.ShouldContain("February 2027");
    }

    [Fact]
    public async Task OpeningTheViews_RecordsScheduleUsage()
    {
        var login = Logins.Unique("usesched");
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        using var browser = await app.SignedInAsync(login);

        (await browser.GetAsync("/schedule/executives")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(10);
        List<string> features;
        do
        {
            await app.DrainUsageAsync();
            features = await app.QueryAsync(db => db.UsageEvents.Where(u => u.AccountId == account.Id).Select(u => u.Feature).ToListAsync());
            await Task.Delay(100);
        }
        while (features.Count == 0 && TimeProvider.System.GetUtcNow() < deadline);

        features.ShouldContain("schedule");
    }

    private static Features.Schedules.Views.ScheduleGroupStore NewStore(IServiceProvider sp) =>
        new(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Tsunagu.Core.Data.AppDbContext>(sp), TimeProvider.System);

    /// <summary>The markup without the attributes of scoped CSS (b-xxxxxxxxxx), for comparing tags.</summary>
    private static string Tags(string html) => System.Text.RegularExpressions.Regex.Replace(html, @" b-[a-z0-9]{10}", "");

    private static string Widget(string html)
    {
        var at = html.IndexOf("id=\"w-today-schedule\"", StringComparison.Ordinal);
        at.ShouldBeGreaterThanOrEqualTo(0, "the portal has the today widget");
        return html[at..html.IndexOf("</section>", at, StringComparison.Ordinal)];
    }

    /// <summary>The list item of the event line that contains <paramref name="marker"/>.</summary>
    private static string Line(string html, string marker)
    {
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        at.ShouldBeGreaterThanOrEqualTo(0, $"{marker} is on the page");
        var start = html.LastIndexOf("<li", at, StringComparison.Ordinal);
        var end = html.IndexOf("</li>", at, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0);
        end.ShouldBeGreaterThan(at);
        return html[start..end];
    }

    /// <summary>The row of the week grid whose heading names <paramref name="name"/>.</summary>
    private static string Row(string html, string name)
    {
        var at = html.IndexOf($">{name}</a>", StringComparison.Ordinal);
        at.ShouldBeGreaterThanOrEqualTo(0, $"{name} has a row");
        var end = html.IndexOf("</tr>", at, StringComparison.Ordinal);
        return html[at..end];
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class ScheduleViewsTests_Sqlite(SqliteDemoCity app) : ScheduleViewsTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class ScheduleViewsTests_PostgreSql(PostgreSqlDemoCity app) : ScheduleViewsTests(app);
