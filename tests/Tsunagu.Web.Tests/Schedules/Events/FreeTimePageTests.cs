using System.Net;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Schedules.Events;

/// <summary>空き時間検索: a GET form, so every question is an address.</summary>
public abstract class FreeTimePageTests(TsunaguApp app)
{
    private readonly EventKit _kit = new(app);

    [Fact]
    public async Task Page_WithoutQuestion_OffersTheNextTwoWeeks_AndSaysWorkingHours()
    {
        var me = await _kit.StaffAsync("ft.open");
        using var browser = await app.SignedInAsync(me.Login);

        var (response, text) = await browser.GetTextAsync("/schedule/free-time");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var tomorrow = Tsunagu.Core.Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(1);
        text.ShouldContain($"name=\"from\" value=\"{EventKit.Iso(tomorrow)}\"");
        text.ShouldContain($"name=\"to\" value=\"{EventKit.Iso(tomorrow.AddDays(13))}\"");
        text.ShouldContain("勤務時間 8:30〜17:15(昼休み 12:00〜13:00 を除く)");
        text.ShouldContain("土日・祝日・年末年始は除きます");
        text.ShouldNotContain("検索結果");
    }

    [Fact]
    public async Task Search_ForTwoColleaguesAndARoom_ProposesASlot_WhoseLinkCarriesEveryone()
    {
        var me = await _kit.StaffAsync("ft.me");
        var a = await _kit.StaffAsync("ft.a");
        var b = await _kit.StaffAsync("ft.b");
        var room = await _kit.RoomAsync("ft");
        var day = EventKit.WorkingDay(9, DayOfWeek.Wednesday);
        using var browser = await app.SignedInAsync(me.Login);

        var (response, text) = await browser.GetTextAsync(
            $"/schedule/free-time?do=search&me=1&attendees={a.Id}&attendees={b.Id}&facilities={room.Id}&minutes=60&from={EventKit.Iso(day)}&to={EventKit.Iso(day)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("全員参加可能");
        text.ShouldContain("対象 3人・施設 1件");
        // Nobody has anything that day: the morning from 8:30 may start as late as 11:00.
        EventKit.Plain(text).ShouldContain("8:30〜9:30");
        text.ShouldContain("11:00開始まで可");
        text.ShouldNotContain("一部の人を除き参加可能");
        var link = $"/schedule/events/new?start={EventKit.Iso(day)}T08%3A30&amp;end={EventKit.Iso(day)}T09%3A30&amp;attendees={a.Id}%2C{b.Id}&amp;facilities={room.Id}";
        (await browser.Client.GetStringAsync(new Uri($"/schedule/free-time?do=search&me=1&attendees={a.Id}&attendees={b.Id}&facilities={room.Id}&minutes=60&from={EventKit.Iso(day)}&to={EventKit.Iso(day)}", UriKind.Relative)))
            .ShouldContain(link);
        text.ShouldContain("この時間で会議を作成");

        // Following the link gives the form with everyone chosen.
        var (form, formText) = await browser.GetTextAsync(System.Net.WebUtility.HtmlDecode(link));
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        formText.ShouldContain($"value=\"{a.Id}\" checked");
        formText.ShouldContain($"value=\"{b.Id}\" checked");
        formText.ShouldContain($"value=\"{room.Id}\" checked");
        formText.ShouldContain("value=\"08:30\"");
    }

    [Fact]
    public async Task Search_WhenSomeoneIsBusy_NamesThem_AfterTheSlotsForEveryone()
    {
        var me = await _kit.StaffAsync("ft.me2");
        var busy = await _kit.StaffAsync("ft.busy");
        var day = EventKit.WorkingDay(9, DayOfWeek.Thursday);
        // Busy until 9:30 and all afternoon: everyone is free from 9:30, starting as late as 11:00.
        await _kit.CreateAsync(busy.Id, EventKit.Draft("研修(午前)", day, 8, 90));
        await _kit.CreateAsync(busy.Id, EventKit.Draft("研修(午後)", day, 13, 255));
        using var browser = await app.SignedInAsync(me.Login);

        var (response, text) = await browser.GetTextAsync(
            $"/schedule/free-time?do=search&me=1&attendees={busy.Id}&minutes=60&from={EventKit.Iso(day)}&to={EventKit.Iso(day)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var plain = EventKit.Plain(text);
        plain.ShouldContain("全員参加可能");
        plain.ShouldContain("9:30〜10:30");
        plain.ShouldContain("11:00開始まで可");
        plain.ShouldContain("一部の人を除き参加可能");
        plain.ShouldContain($"1人を除き参加可能: {EventKit.Plain(busy.Name)}");
        plain.IndexOf("全員参加可能", StringComparison.Ordinal).ShouldBeLessThan(plain.IndexOf("一部の人を除き参加可能", StringComparison.Ordinal));
        // The private titles of the busy person are never shown.
        text.ShouldNotContain("研修");
    }

    [Fact]
    public async Task Search_OverAHoliday_SkipsIt_AndSaysWhy()
    {
        var me = await _kit.StaffAsync("ft.holiday");
        using var browser = await app.SignedInAsync(me.Login);
        var today = Tsunagu.Core.Clock.TokyoDate(TimeProvider.System.GetUtcNow());
        var holiday = JapaneseHolidays.Between(today.AddDays(1), today.AddDays(400)).First(h => h.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

        var (response, text) = await browser.GetTextAsync(
            $"/schedule/free-time?do=search&me=1&minutes=60&from={EventKit.Iso(holiday.Date)}&to={EventKit.Iso(holiday.Date)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("期間中の休日(除外):");
        text.ShouldContain(holiday.Name);
        text.ShouldContain("条件に合う空き時間が見つかりませんでした");
    }

    [Theory]
    [InlineData("from=2026-02-30", "開始日を正しく入力してください。")]
    [InlineData("from=2027-01-10&to=2027-01-01", "期間は開始日から62日以内で指定してください。")]
    [InlineData("from=2027-01-04&to=2027-06-30", "期間は開始日から62日以内で指定してください。")]
    [InlineData("custom=3", "所要時間は5分から600分の間で入力してください。")]
    [InlineData("custom=lots", "所要時間は5分から600分の間で入力してください。")]
    [InlineData("attendees=987654321", "参加者に、存在しないか無効な職員が含まれています。")]
    [InlineData("facilities=987654321", "施設に、存在しないか利用停止中のものが含まれています。")]
    public async Task Search_WithBadInput_Is400_WithAJapaneseMessage(string query, string message)
    {
        var me = await _kit.StaffAsync("ft.bad");
        using var browser = await app.SignedInAsync(me.Login);

        var (response, text) = await browser.GetTextAsync($"/schedule/free-time?do=search&me=1&{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain(message);
    }

    [Fact]
    public async Task FindPeople_ShowsMatches_AndKeepsTheChosen()
    {
        var me = await _kit.StaffAsync("ft.finder");
        var chosen = await _kit.StaffAsync("ft.chosen");
        var wanted = await _kit.StaffAsync("ft.wanted");
        using var browser = await app.SignedInAsync(me.Login);

        var (response, text) = await browser.GetTextAsync($"/schedule/free-time?do=find&me=1&attendees={chosen.Id}&q={wanted.Login}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain($"name=\"attendees\" value=\"{chosen.Id}\" checked");
        text.ShouldContain($"name=\"attendees\" value=\"{wanted.Id}\"");
        text.ShouldContain("1 人見つかりました");
        text.ShouldNotContain("検索結果");
    }

    [Fact]
    public async Task InEnglish_TheSearchAndTheFormSpeakEnglish()
    {
        var me = await _kit.StaffAsync("ft.english");
        using var browser = await app.SignedInAsync(me.Login);
        (await browser.GetAsync("/culture?culture=en&returnUrl=%2F")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var day = EventKit.WorkingDay(9, DayOfWeek.Tuesday);

        var (response, text) = await browser.GetTextAsync($"/schedule/free-time?do=search&me=1&minutes=60&from={EventKit.Iso(day)}&to={EventKit.Iso(day)}");
        var (form, formText) = await browser.GetTextAsync("/schedule/events/new");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("Find a free time");
        text.ShouldContain("Everyone can attend");
        text.ShouldContain("Create a meeting at this time");
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        formText.ShouldContain("New event");
        formText.ShouldContain(">Business trip<");
    }

    [Fact]
    public async Task EnterWithAnEmptyPeopleSearch_RunsTheSearch()
    {
        var me = await _kit.StaffAsync("ft.enter");
        using var browser = await app.SignedInAsync(me.Login);
        var day = EventKit.WorkingDay(9, DayOfWeek.Tuesday);

        var (response, text) = await browser.GetTextAsync($"/schedule/free-time?do=find&q=&me=1&minutes=30&from={EventKit.Iso(day)}&to={EventKit.Iso(day)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("検索結果");
        text.ShouldContain("全員参加可能");
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class FreeTimePageTests_Sqlite(SqliteDemoCity app) : FreeTimePageTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class FreeTimePageTests_PostgreSql(PostgreSqlDemoCity app) : FreeTimePageTests(app);
