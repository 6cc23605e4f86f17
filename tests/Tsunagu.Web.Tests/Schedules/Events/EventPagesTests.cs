using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Schedules.Events;

/// <summary>The event form and the event page, as a person without JavaScript uses them.</summary>
public abstract class EventPagesTests(TsunaguApp app)
{
    private readonly EventKit _kit = new(app);

    [Fact]
    public async Task Create_SingleMeetingWithAnInvitee_SavesIt_AndShowsItsPage()
    {
        var organizer = await _kit.StaffAsync("ev.org");
        var invitee = await _kit.StaffAsync("ev.inv");
        var day = EventKit.WorkingDay(10);
        using var browser = await app.SignedInAsync(organizer.Login);

        var fields = EventKit.With(EventKit.Form("予算要求の打合せ", day, "13:30", "14:15"), "Input.AttendeeIds", invitee.Id.ToString(CultureInfo.InvariantCulture));
        fields.Add(new("Input.Place", "第2会議室"));
        fields.Add(new("Input.Reminder", "15"));
        var (response, _) = await EventKit.PostNewAsync(browser, fields);

        var id = _kit.CreatedId(response);
        var saved = await _kit.EventAsync(id);
        saved.Title.ShouldBe("予算要求の打合せ");
        saved.OrganizerId.ShouldBe(organizer.Id);
        saved.StartsAt.ShouldBe(Clock.FromTokyo(day.ToDateTime(new TimeOnly(13, 30))));
        saved.EndsAt.ShouldBe(Clock.FromTokyo(day.ToDateTime(new TimeOnly(14, 15))));
        saved.ReminderMinutes.ShouldBe(15);
        saved.Recurrence.ShouldBeNull();
        saved.Attendees.Select(a => a.AccountId).Order().ShouldBe(new[] { organizer.Id, invitee.Id }.Order());

        var (page, text) = await browser.GetTextAsync(EventKit.Target(response));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("予定を保存しました");
        text.ShouldContain("予算要求の打合せ");
        text.ShouldContain(WarekiHeading(day));
        text.ShouldContain("13:30〜14:15");
        text.ShouldContain("第2会議室");
        text.ShouldContain(invitee.Name);
        text.ShouldContain("未回答");
    }

    [Fact]
    public async Task Create_AllDayOverTwoDays_StoresWholeDays_AndSays終日()
    {
        var organizer = await _kit.StaffAsync("ev.allday");
        var day = EventKit.WorkingDay(11, DayOfWeek.Monday);
        using var browser = await app.SignedInAsync(organizer.Login);

        var fields = EventKit.Form("県外出張(東京)", day);
        fields = EventKit.With(fields, "Input.AllDay", "true");
        fields = EventKit.With(fields, "Input.StartTime", "");
        fields = EventKit.With(fields, "Input.EndTime", "");
        fields = EventKit.With(fields, "Input.EndDate", EventKit.Iso(day.AddDays(1)));
        fields = EventKit.With(fields, "Input.Category", EventCategories.BusinessTrip);
        var (response, _) = await EventKit.PostNewAsync(browser, fields);

        var saved = await _kit.EventAsync(_kit.CreatedId(response));
        saved.IsAllDay.ShouldBeTrue();
        saved.Category.ShouldBe(EventCategories.BusinessTrip);
        saved.StartsAt.ShouldBe(Clock.FromTokyo(day));
        saved.EndsAt.ShouldBe(Clock.FromTokyo(day.AddDays(2)));
        var (_, text) = await browser.GetTextAsync($"/schedule/events/{saved.Id}");
        text.ShouldContain($"{WarekiHeading(day)}〜{WarekiHeading(day.AddDays(1))} 終日");
    }

    [Fact]
    public async Task Create_WeeklyOnTwoDaysFourTimes_MakesTheSeries_AndDescribesIt()
    {
        var organizer = await _kit.StaffAsync("ev.weekly");
        var monday = EventKit.WorkingDay(12, DayOfWeek.Monday);
        using var browser = await app.SignedInAsync(organizer.Login);

        var fields = EventKit.Form("係内ミーティング", monday, "09:00", "09:30");
        fields = EventKit.With(fields, "Input.Repeat", "weekly");
        fields = EventKit.With(fields, "Input.WeekDays", "1", "3");
        fields = EventKit.With(fields, "Input.Interval", "1");
        fields = EventKit.With(fields, "Input.RepeatEnd", "count");
        fields = EventKit.With(fields, "Input.Count", "4");
        var (response, _) = await EventKit.PostNewAsync(browser, fields);

        var saved = await _kit.EventAsync(_kit.CreatedId(response));
        saved.Recurrence.ShouldBe("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4");
        // Mon, Wed, Mon, Wed: the series ends on the Wednesday of the following week.
        saved.SeriesEndsAt.ShouldBe(Clock.FromTokyo(monday.AddDays(9).ToDateTime(new TimeOnly(9, 30))));
        var (_, text) = await browser.GetTextAsync($"/schedule/events/{saved.Id}");
        text.ShouldContain("毎週 月・水曜日 (4回)");
    }

    [Fact]
    public async Task Create_WithoutTitle_Is400_WithTheJapaneseMessage_AndKeepsTheInput()
    {
        var organizer = await _kit.StaffAsync("ev.notitle");
        using var browser = await app.SignedInAsync(organizer.Login);
        var fields = EventKit.Form("", EventKit.WorkingDay(10));
        fields.Add(new("Input.Place", "保健センター2階"));

        var (response, text) = await EventKit.PostNewAsync(browser, fields);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain("件名を1〜200文字で入力してください。");
        text.ShouldContain("value=\"保健センター2階\"");
        (await app.QueryAsync(db => db.Events.AnyAsync(e => e.OrganizerId == organizer.Id))).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Input.StartDate", "2026-13-45", "開始日を「年-月-日」の形で正しく入力してください。")]
    [InlineData("Input.StartTime", "25:99", "開始時刻を「時:分」の形で入力してください。")]
    [InlineData("Input.EndTime", "09:00", "終了は開始より後にしてください。")]
    [InlineData("Input.Reminder", "7", "リマインダーは一覧から選んでください。")]
    [InlineData("Input.Category", "宴会", "区分を一覧から選んでください。")]
    public async Task Create_WithBadInput_Is400_WithAJapaneseMessage(string field, string value, string message)
    {
        var organizer = await _kit.StaffAsync("ev.bad");
        using var browser = await app.SignedInAsync(organizer.Login);
        var fields = EventKit.With(EventKit.Form("入力確認", EventKit.WorkingDay(10)), field, value);

        var (response, text) = await EventKit.PostNewAsync(browser, fields);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain(message);
        text.ShouldContain("value=\"入力確認\"");
    }

    [Fact]
    public async Task Create_WithJunkInEveryListAndNumber_IsRefusedPolitely_Never500()
    {
        var organizer = await _kit.StaffAsync("ev.junk");
        using var browser = await app.SignedInAsync(organizer.Login);
        var fields = EventKit.Form("いたずら", EventKit.WorkingDay(10));
        fields = EventKit.With(fields, "Input.AttendeeIds", "abc", "-5", "99999999999");
        fields = EventKit.With(fields, "Input.FacilityIds", "x");
        fields = EventKit.With(fields, "Input.OrganizerId", "oops");
        fields = EventKit.With(fields, "Input.Repeat", "weekly");
        fields = EventKit.With(fields, "Input.Interval", "many");

        var (response, text) = await EventKit.PostNewAsync(browser, fields);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain("繰り返しの間隔は 1〜99 の数字で入力してください。");

        fields = EventKit.With(fields, "Input.Repeat", "none");
        fields = EventKit.With(fields, "Input.AttendeeIds", "987654321");
        (response, text) = await EventKit.PostNewAsync(browser, fields);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain("参加者に、存在しないか無効な職員が含まれています。");
    }

    [Fact]
    public async Task Create_ForSomeoneWhoseScheduleTheyDoNotKeep_Is403()
    {
        var organizer = await _kit.StaffAsync("ev.notkeeper");
        var other = await _kit.StaffAsync("ev.owner");
        using var browser = await app.SignedInAsync(organizer.Login);
        var fields = EventKit.With(EventKit.Form("なりすまし", EventKit.WorkingDay(10)), "Input.OrganizerId", other.Id.ToString(CultureInfo.InvariantCulture));

        var (response, _) = await EventKit.PostNewAsync(browser, fields);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.QueryAsync(db => db.Events.AnyAsync(e => e.OrganizerId == other.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task Create_ForTheMayorByTheirKeeper_PutsItInTheirSchedule()
    {
        var owner = await _kit.StaffAsync("ev.mayor");
        var keeper = await _kit.StaffAsync("ev.secretary");
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.ScheduleKeepers.Add(new ScheduleKeeper { OwnerId = owner.Id, KeeperId = keeper.Id, CreatedAt = TimeProvider.System.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        using var browser = await app.SignedInAsync(keeper.Login);

        var (_, form) = await browser.GetTextAsync("/schedule/events/new");
        form.ShouldContain("登録先(誰の予定か)");
        form.ShouldContain(owner.Name);
        var fields = EventKit.With(EventKit.Form("表敬訪問", EventKit.WorkingDay(10)), "Input.OrganizerId", owner.Id.ToString(CultureInfo.InvariantCulture));
        var (response, _) = await EventKit.PostNewAsync(browser, fields);

        var saved = await _kit.EventAsync(_kit.CreatedId(response));
        saved.OrganizerId.ShouldBe(owner.Id);
        saved.CreatedById.ShouldBe(keeper.Id);
    }

    [Fact]
    public async Task Create_WithRoomAlreadyBooked_Is409_ListsTheConflict_AndKeepsTheInput()
    {
        var first = await _kit.StaffAsync("ev.first");
        var second = await _kit.StaffAsync("ev.second");
        var room = await _kit.RoomAsync("conflict");
        var day = EventKit.WorkingDay(13);
        await _kit.CreateAsync(first.Id, EventKit.Draft("議会答弁の調整", day, 10, 90) with { FacilityIds = [room.Id] });
        using var browser = await app.SignedInAsync(second.Login);

        var fields = EventKit.With(EventKit.Form("広報紙の校正", day, "11:00", "12:00"), "Input.FacilityIds", room.Id.ToString(CultureInfo.InvariantCulture));
        var (response, text) = await EventKit.PostNewAsync(browser, fields);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        text.ShouldContain("施設がすでに予約されているため、登録できませんでした。");
        text.ShouldContain(room.Name);
        text.ShouldContain("10:00〜11:30");
        text.ShouldContain("用件: 議会答弁の調整");
        text.ShouldContain("value=\"広報紙の校正\"");
        (await app.QueryAsync(db => db.Events.AnyAsync(e => e.OrganizerId == second.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task FindPeople_ListsMatchesAsCheckBoxes_AndKeepsWhatWasTyped()
    {
        var organizer = await _kit.StaffAsync("ev.finder");
        var colleague = await _kit.StaffAsync("ev.findme");
        using var browser = await app.SignedInAsync(organizer.Login);
        var fields = EventKit.With(EventKit.Form("まだ途中", EventKit.WorkingDay(10)), "Input.Command", "find");
        fields.Add(new("Input.PeopleQuery", colleague.Login));

        var (response, text) = await EventKit.PostNewAsync(browser, fields);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("1 人見つかりました");
        text.ShouldContain(colleague.Name);
        text.ShouldContain($"name=\"Input.AttendeeIds\" value=\"{colleague.Id}\"");
        text.ShouldContain("value=\"まだ途中\"");
        (await app.QueryAsync(db => db.Events.AnyAsync(e => e.OrganizerId == organizer.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task New_FromAFreeSlotAddress_IsFilledIn()
    {
        var organizer = await _kit.StaffAsync("ev.prefill");
        var a = await _kit.StaffAsync("ev.pa");
        var room = await _kit.RoomAsync("prefill");
        var day = EventKit.WorkingDay(10);
        using var browser = await app.SignedInAsync(organizer.Login);

        var (response, text) = await browser.GetTextAsync($"/schedule/events/new?start={EventKit.Iso(day)}T14:00&end={EventKit.Iso(day)}T15:30&attendees={a.Id}&facilities={room.Id}&title=%E5%AE%9A%E4%BE%8B%E4%BC%9A");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain($"value=\"{EventKit.Iso(day)}\"");
        text.ShouldContain("value=\"14:00\"");
        text.ShouldContain("value=\"15:30\"");
        text.ShouldContain("value=\"定例会\"");
        text.ShouldContain($"value=\"{a.Id}\" checked");
        text.ShouldContain($"value=\"{room.Id}\" checked");
    }

    [Fact]
    public async Task New_FromAnAddress_KeepsThePrefill_WhenTheLayoutFinishesAfterThePage()
    {
        // The layout reads the city's name (cached for a minute) and renders again when it arrives, setting the page's
        // parameters a second time; a prefill kept in the form parameter was lost on PostgreSQL in about a third of
        // the requests.
        var organizer = await _kit.StaffAsync("ev.race");
        var day = EventKit.WorkingDay(10);
        using var browser = await app.SignedInAsync(organizer.Login);
        var cache = app.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>();
        for (var i = 0; i < 15; i++)
        {
            cache.Remove("setting:municipality");
            var pages = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => browser.GetTextAsync($"/schedule/events/new?start={EventKit.Iso(day)}T14:00")));
            foreach (var (response, text) in pages)
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                text.ShouldContain("value=\"14:00\"");
            }
        }
    }

    [Fact]
    public async Task Respond_AsInvitee_RecordsTheAnswer_AndTheOrganiserSeesTheCount()
    {
        var organizer = await _kit.StaffAsync("ev.ask");
        var invitee = await _kit.StaffAsync("ev.answer");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("観光振興計画の検討会", EventKit.WorkingDay(10), 15, 60, invitee.Id));
        using var browser = await app.SignedInAsync(invitee.Login);

        var (page, before) = await browser.GetTextAsync($"/schedule/events/{e.Id}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        before.ShouldContain("出欠の回答");
        var response = await browser.SubmitAsync($"/schedule/events/{e.Id}", f => f.Handler == "respond", [new("Answer", "accepted")]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var answer = await app.QueryAsync(db => db.EventAttendees.SingleAsync(x => x.EventId == e.Id && x.AccountId == invitee.Id));
        answer.Response.ShouldBe(AttendeeResponse.Accepted);
        var (_, after) = await browser.GetTextAsync(EventKit.Target(response));
        after.ShouldContain("回答しました。");
        after.ShouldNotContain("回答の集計");

        using var organizerBrowser = await app.SignedInAsync(organizer.Login);
        var (_, seen) = await organizerBrowser.GetTextAsync($"/schedule/events/{e.Id}");
        seen.ShouldContain("回答の集計");
        EventKit.Plain(seen).ShouldContain("参加 2");
        EventKit.Plain(seen).ShouldContain("未回答 0");
    }

    [Fact]
    public async Task Respond_BySomeoneNotInvited_IsRefused_AndChangesNothing()
    {
        var organizer = await _kit.StaffAsync("ev.closed");
        var stranger = await _kit.StaffAsync("ev.stranger");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("公開の会議", EventKit.WorkingDay(10), 9));
        using var browser = await app.SignedInAsync(stranger.Login);

        var (page, text) = await browser.GetTextAsync($"/schedule/events/{e.Id}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("公開の会議");
        text.ShouldNotContain("出欠の回答");
        text.ShouldNotContain("予定を取り消す");

        var antiforgery = Html.Forms(await (await browser.GetAsync("/schedule/events/new")).Content.ReadAsStringAsync()).First(f => f.Handler == "event-new").Hidden["__RequestVerificationToken"];
        using var content = new FormUrlEncodedContent([new("_handler", "respond"), new("__RequestVerificationToken", antiforgery), new("Answer", "accepted")]);
        var response = await browser.Client.PostAsync(new Uri($"/schedule/events/{e.Id}", UriKind.Relative), content);
        // Only invitees are shown the form, so a forged answer names a form the page does not have.
        ((int)response.StatusCode).ShouldBeOneOf(400, 403);
        (await app.QueryAsync(db => db.EventAttendees.AnyAsync(a => a.EventId == e.Id && a.AccountId == stranger.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task PrivateEvent_ForSomeoneNotInvited_ShowsOnly予定あり_NeverTheTitle()
    {
        var organizer = await _kit.StaffAsync("ev.private");
        var invitee = await _kit.StaffAsync("ev.privinv");
        var stranger = await _kit.StaffAsync("ev.nosy");
        var day = EventKit.WorkingDay(10);
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("人事面談(田中さん)", day, 16, 30, invitee.Id) with
        {
            Visibility = EventVisibility.Private,
            Place = "応接室",
            Notes = "評価について",
        });

        using var nosy = await app.SignedInAsync(stranger.Login);
        var (response, text) = await nosy.GetTextAsync($"/schedule/events/{e.Id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("予定あり");
        text.ShouldContain("16:00〜16:30");
        text.ShouldNotContain("人事面談");
        text.ShouldNotContain("応接室");
        text.ShouldNotContain("評価について");
        text.ShouldNotContain(invitee.Name);

        var (edit, editText) = await nosy.GetTextAsync($"/schedule/events/{e.Id}/edit");
        edit.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        editText.ShouldNotContain("人事面談");

        using var invited = await app.SignedInAsync(invitee.Login);
        var (_, seen) = await invited.GetTextAsync($"/schedule/events/{e.Id}");
        seen.ShouldContain("人事面談(田中さん)");
        seen.ShouldContain("非公開");
    }

    [Fact]
    public async Task Edit_BySomeoneWhoIsNotTheOrganiser_Is403()
    {
        var organizer = await _kit.StaffAsync("ev.owns");
        var other = await _kit.StaffAsync("ev.other");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("部内会議", EventKit.WorkingDay(10), 9, 60, other.Id));
        using var browser = await app.SignedInAsync(other.Login);

        var (response, text) = await browser.GetTextAsync($"/schedule/events/{e.Id}/edit");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        text.ShouldContain("権限がありません");
        text.ShouldNotContain("value=\"部内会議\"");
    }

    [Fact]
    public async Task Edit_SingleEvent_ChangesIt()
    {
        var organizer = await _kit.StaffAsync("ev.edit");
        var day = EventKit.WorkingDay(10);
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("打合せ(仮)", day, 10));
        using var browser = await app.SignedInAsync(organizer.Login);

        var (page, form) = await browser.GetTextAsync($"/schedule/events/{e.Id}/edit");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        form.ShouldContain("value=\"打合せ(仮)\"");
        var (response, _) = await EventKit.PostEditAsync(browser, $"/schedule/events/{e.Id}/edit", EventKit.Form("打合せ(確定)", day, "10:30", "11:30"));

        _kit.CreatedId(response).ShouldBe(e.Id);
        var saved = await _kit.EventAsync(e.Id);
        saved.Title.ShouldBe("打合せ(確定)");
        saved.StartsAt.ShouldBe(Clock.FromTokyo(day.ToDateTime(new TimeOnly(10, 30))));
    }

    [Fact]
    public async Task Edit_WithAStaleVersion_Is409_WithTheJapaneseMessage()
    {
        var organizer = await _kit.StaffAsync("ev.stale");
        var day = EventKit.WorkingDay(10);
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("版の確認", day, 10));
        using var browser = await app.SignedInAsync(organizer.Login);
        var editPage = await browser.GetAsync($"/schedule/events/{e.Id}/edit");
        var form = Html.Forms(await editPage.Content.ReadAsStringAsync()).Single(f => f.Handler == "event-edit");
        var openedVersion = form.Hidden["Input.Version"];

        // Someone else saves first.
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var viewer = await ScheduleViewer.ForAccountAsync(db, organizer.Id);
            await sp.GetRequiredService<ScheduleService>().UpdateAsync(viewer, e.Id, null, EditScope.All, EventKit.Draft("版の確認(他の人の変更)", day, 11), null);
        });

        var values = form.Hidden.Concat(EventKit.Form("版の確認(私の変更)", day)).ToList();
        using var content = new FormUrlEncodedContent(values);
        var response = await browser.Client.PostAsync(new Uri($"/schedule/events/{e.Id}/edit", UriKind.Relative), content);
        var text = Html.Readable(await response.Content.ReadAsStringAsync());

        openedVersion.ShouldBe(e.Version.ToString(CultureInfo.InvariantCulture));
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        text.ShouldContain("この予定は他の人が先に更新しました。");
        text.ShouldContain("value=\"版の確認(私の変更)\"");
        (await _kit.EventAsync(e.Id)).Title.ShouldBe("版の確認(他の人の変更)");
    }

    [Fact]
    public async Task Edit_OneOccurrenceOfASeries_ChangesOnlyThatOne()
    {
        var (organizer, series, monday) = await WeeklySeriesAsync("ev.one");
        using var browser = await app.SignedInAsync(organizer.Login);
        var second = monday.AddDays(7);
        var page = $"/schedule/events/{series.Id}/edit?at={EventKit.Key(second, 9)}&scope=one";

        var (get, form) = await browser.GetTextAsync(page);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        form.ShouldContain($"value=\"{EventKit.Iso(second)}\"");
        form.ShouldNotContain("繰り返し方");
        var (response, _) = await EventKit.PostEditAsync(browser, page, EventKit.Form("週次定例(2回目は時間変更)", second, "13:00", "14:00"));

        var overrideId = _kit.CreatedId(response);
        overrideId.ShouldNotBe(series.Id);
        var changed = await _kit.EventAsync(overrideId);
        changed.SeriesMasterId.ShouldBe(series.Id);
        changed.OriginalStartsAt.ShouldBe(Clock.FromTokyo(second.ToDateTime(new TimeOnly(9, 0))));
        changed.StartsAt.ShouldBe(Clock.FromTokyo(second.ToDateTime(new TimeOnly(13, 0))));
        (await _kit.EventAsync(series.Id)).Title.ShouldBe("週次定例");

        // The occurrence's address now leads to the change.
        var occurrence = await browser.GetAsync($"/schedule/events/{series.Id}?at={EventKit.Key(second, 9)}");
        occurrence.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        EventKit.Target(occurrence).ShouldBe($"/schedule/events/{overrideId}");
        var (_, text) = await browser.GetTextAsync($"/schedule/events/{overrideId}");
        text.ShouldContain("この回だけ変更されています。");
    }

    [Fact]
    public async Task Edit_ThisAndFollowing_EndsTheOldSeries_AndStartsANewOne()
    {
        var (organizer, series, monday) = await WeeklySeriesAsync("ev.following");
        using var browser = await app.SignedInAsync(organizer.Login);
        var third = monday.AddDays(14);
        var page = $"/schedule/events/{series.Id}/edit?at={EventKit.Key(third, 9)}&scope=following";

        var (_, form) = await browser.GetTextAsync(page);
        // Two of the four occurrences remain from the third on.
        form.ShouldContain("name=\"Input.Count\" value=\"2\"");
        var fields = EventKit.Form("週次定例(新体制)", third, "09:30", "10:00");
        fields = EventKit.With(fields, "Input.Repeat", "weekly");
        fields = EventKit.With(fields, "Input.WeekDays", "1");
        fields = EventKit.With(fields, "Input.RepeatEnd", "count");
        fields = EventKit.With(fields, "Input.Count", "2");
        var (response, _) = await EventKit.PostEditAsync(browser, page, fields);

        var newId = _kit.CreatedId(response);
        newId.ShouldNotBe(series.Id);
        (await _kit.EventAsync(series.Id)).Recurrence.ShouldBe("FREQ=WEEKLY;BYDAY=MO;COUNT=2");
        var next = await _kit.EventAsync(newId);
        next.Title.ShouldBe("週次定例(新体制)");
        next.Recurrence.ShouldBe("FREQ=WEEKLY;BYDAY=MO;COUNT=2");
        next.StartsAt.ShouldBe(Clock.FromTokyo(third.ToDateTime(new TimeOnly(9, 30))));
    }

    [Fact]
    public async Task Edit_AllOccurrences_ChangesTheSeries()
    {
        var (organizer, series, monday) = await WeeklySeriesAsync("ev.all");
        using var browser = await app.SignedInAsync(organizer.Login);
        var page = $"/schedule/events/{series.Id}/edit?at={EventKit.Key(monday.AddDays(7), 9)}&scope=all";

        var (_, form) = await browser.GetTextAsync(page);
        form.ShouldContain("日時の欄には初回の日時が入っています。");
        form.ShouldContain($"value=\"{EventKit.Iso(monday)}\"");
        var fields = EventKit.Form("週次定例(場所変更)", monday, "09:00", "10:00");
        fields = EventKit.With(fields, "Input.Repeat", "weekly");
        fields = EventKit.With(fields, "Input.RepeatEnd", "count");
        fields = EventKit.With(fields, "Input.Count", "4");
        fields.Add(new("Input.Place", "第5会議室"));
        var (response, _) = await EventKit.PostEditAsync(browser, page, fields);

        _kit.CreatedId(response).ShouldBe(series.Id);
        var saved = await _kit.EventAsync(series.Id);
        saved.Title.ShouldBe("週次定例(場所変更)");
        saved.Place.ShouldBe("第5会議室");
        saved.Recurrence.ShouldBe("FREQ=WEEKLY;BYDAY=MO;COUNT=4");
        saved.Duration.ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Cancel_SingleEvent_CancelsIt_AndThePageSaysSo()
    {
        var organizer = await _kit.StaffAsync("ev.cancel");
        var room = await _kit.RoomAsync("cancel");
        var e = await _kit.CreateAsync(organizer.Id, EventKit.Draft("中止になる会議", EventKit.WorkingDay(10), 14) with { FacilityIds = [room.Id] });
        using var browser = await app.SignedInAsync(organizer.Login);

        var response = await browser.SubmitAsync($"/schedule/events/{e.Id}", f => f.Handler == "cancel", [new("Scope", "all")]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _kit.EventAsync(e.Id)).IsCancelled.ShouldBeTrue();
        (await app.QueryAsync(db => db.FacilityBookings.Where(b => b.EventId == e.Id).Select(b => b.Status).ToListAsync())).ShouldAllBe(s => s == BookingStatus.Cancelled);
        var (_, text) = await browser.GetTextAsync($"/schedule/events/{e.Id}");
        text.ShouldContain("この予定は取り消されています。");
        text.ShouldNotContain("予定を取り消す");
    }

    [Fact]
    public async Task Cancel_OneOccurrence_LeavesTheOthers()
    {
        var (organizer, series, monday) = await WeeklySeriesAsync("ev.cancelone");
        using var browser = await app.SignedInAsync(organizer.Login);
        var at = EventKit.Key(monday.AddDays(7), 9);

        var response = await browser.SubmitAsync($"/schedule/events/{series.Id}?at={at}", f => f.Handler == "cancel", [new("Scope", "one")]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _kit.EventAsync(series.Id)).IsCancelled.ShouldBeFalse();
        (await app.QueryAsync(db => db.Events.AnyAsync(e => e.SeriesMasterId == series.Id && e.IsCancelled))).ShouldBeTrue();
        var (_, text) = await browser.GetTextAsync($"/schedule/events/{series.Id}?at={at}");
        text.ShouldContain("この回は取り消されています。");
        var (_, other) = await browser.GetTextAsync($"/schedule/events/{series.Id}?at={EventKit.Key(monday.AddDays(14), 9)}");
        other.ShouldNotContain("取り消されています");
        other.ShouldContain("この回のみ取り消す");

        // The series' own page lists its dates: the cancelled one says so instead of linking.
        var (_, seriesPage) = await browser.GetTextAsync($"/schedule/events/{series.Id}");
        seriesPage.ShouldContain("開催日");
        seriesPage.ShouldContain($"/schedule/events/{series.Id}?at={EventKit.Key(monday.AddDays(14), 9)}");
        seriesPage.ShouldNotContain($"?at={at}");
        EventKit.Plain(seriesPage).ShouldContain("9:00〜9:30 取り消し");
    }

    [Theory]
    [InlineData("?at=20000101T0900")]
    [InlineData("?at=garbage")]
    public async Task Detail_WithAnOccurrenceTheSeriesDoesNotHave_Is404(string query)
    {
        var (organizer, series, _) = await WeeklySeriesAsync("ev.noocc");
        using var browser = await app.SignedInAsync(organizer.Login);

        (await browser.GetAsync($"/schedule/events/{series.Id}{query}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync($"/schedule/events/{series.Id}/edit{query}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<(EventKit.Person Organizer, ScheduleEvent Series, DateOnly Monday)> WeeklySeriesAsync(string purpose)
    {
        var organizer = await _kit.StaffAsync(purpose);
        var monday = EventKit.WorkingDay(14, DayOfWeek.Monday);
        // Holidays do not matter to a series: it keeps its Mondays.
        while (Enumerable.Range(0, 4).Any(w => JapaneseHolidays.IsHoliday(monday.AddDays(7 * w))))
        {
            monday = monday.AddDays(7);
        }

        var series = await _kit.CreateAsync(organizer.Id, EventKit.Draft("週次定例", monday, 9, 30) with
        {
            Recurrence = RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(4).ToString(),
        });
        return (organizer, series, monday);
    }

    private static string WarekiHeading(DateOnly day)
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return day.ToDateTime(TimeOnly.MinValue).ToString("ggy年M月d日(ddd)", culture);
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class EventPagesTests_Sqlite(SqliteDemoCity app) : EventPagesTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class EventPagesTests_PostgreSql(PostgreSqlDemoCity app) : EventPagesTests(app);
