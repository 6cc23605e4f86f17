using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Facilities;

/// <summary>
/// The facility pages over HTTP as a browser without JavaScript uses them: the day board, booking alone (and the
/// database refusing a double booking), the managers' approval queue, one's own bookings and the administration.
/// </summary>
public abstract class FacilityPagesTests(FacilityCity app)
{
    private const string AdminLogin = "admin";

    [Fact]
    public async Task Board_ShowsTheDaysBookings_TentativeInWords_AndPrivateEventsOnlyAsBusy()
    {
        var unit = await app.NewUnitAsync(Unique("管財係"));
        var (bookerId, _) = await app.NewStaffAsync("booker", unit);
        var (_, viewer) = await app.NewStaffAsync("viewer");
        var group = Unique("本庁舎 会議室");
        var room = await app.NewFacilityAsync(Unique("第1会議室"), group: group);
        var hall = await app.NewFacilityAsync(Unique("大会議室"), capacity: 80, managerDepartmentId: unit, approval: true, group: group);
        var day = Day(9);
        await BookAsync(bookerId, room.Id, day, 10, 11, "予算要求ヒアリング");
        await BookAsync(bookerId, hall.Id, day, 13, 15, "防災訓練 事前打合せ");
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tsunagu.Core.Data.AppDbContext>();
            await sp.GetRequiredService<ScheduleService>().CreateAsync(await ScheduleViewer.ForAccountAsync(db, bookerId), new EventDraft
            {
                Title = "人事ヒアリング(非公開)",
                StartsAt = day.ToDateTime(new TimeOnly(16, 0)),
                EndsAt = day.ToDateTime(new TimeOnly(17, 0)),
                Visibility = EventVisibility.Private,
                OrganizerId = bookerId,
                FacilityIds = [room.Id],
            });
        });
        using var browser = await app.SignedInAsync(viewer);

        var (response, text) = await browser.GetTextAsync($"/facilities?date={Iso(day)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain(WarekiHeading(day));
        text.ShouldContain(group);
        text.ShouldContain(room.Name);
        text.ShouldContain("10:00〜11:00");
        text.ShouldContain("予算要求ヒアリング");
        text.ShouldContain("13:00〜15:00");
        text.ShouldContain("防災訓練 事前打合せ");
        text.ShouldContain("仮予約");
        text.ShouldContain("16:00〜17:00");
        text.ShouldContain("予定あり");
        text.ShouldNotContain("人事ヒアリング");
        text.ShouldContain($"/facilities/{room.Id}?date={Iso(day)}");

        // The organiser sees their own private event's booking.
        using var owner = await app.SignedInAsync(await LoginOfAsync(bookerId));
        (await owner.GetTextAsync($"/facilities?date={Iso(day)}")).Text.ShouldContain("人事ヒアリング(非公開)");
    }

    [Fact]
    public async Task Board_OnAHoliday_NamesIt_AndFiltersByKindCapacityAndGroup()
    {
        var group = Unique("公用車");
        var car = await app.NewFacilityAsync(Unique("公用車1号"), FacilityKind.Vehicle, capacity: 5, group: group);
        var small = await app.NewFacilityAsync(Unique("相談室"), capacity: 4);
        var big = await app.NewFacilityAsync(Unique("大ホール"), capacity: 200);
        var (_, login) = await app.NewStaffAsync("filter");
        using var browser = await app.SignedInAsync(login);

        // 2030-11-03 文化の日 (a Sunday; the 4th is its substitute holiday).
        var holiday = (await browser.GetTextAsync("/facilities?date=2030-11-03")).Text;
        holiday.ShouldContain("令和12年11月3日(日)");
        holiday.ShouldContain("文化の日");
        (await browser.GetTextAsync("/facilities?date=2030-11-04")).Text.ShouldContain("振替休日");

        var cars = (await browser.GetTextAsync("/facilities?kind=vehicle")).Text;
        cars.ShouldContain(car.Name);
        cars.ShouldContain("5人乗り");
        cars.ShouldNotContain(small.Name);

        var large = (await browser.GetTextAsync("/facilities?min=50")).Text;
        large.ShouldContain(big.Name);
        large.ShouldNotContain(small.Name);
        large.ShouldNotContain(car.Name);

        var groupId = await app.QueryAsync(db => db.FacilityGroups.Where(g => g.Name == group).Select(g => g.Id).SingleAsync());
        var grouped = (await browser.GetTextAsync($"/facilities?group={groupId}")).Text;
        grouped.ShouldContain(car.Name);
        grouped.ShouldNotContain(big.Name);
    }

    [Theory]
    [InlineData("/facilities?date=2026-13-45", "日付を正しく入力してください")]
    [InlineData("/facilities?date=%E4%BB%8A%E6%97%A5", "日付を正しく入力してください")]
    [InlineData("/facilities?kind=boat", "施設の種類を一覧から選んでください")]
    [InlineData("/facilities?min=abc", "定員の条件が正しくありません")]
    [InlineData("/facilities?min=-5", "定員の条件が正しくありません")]
    [InlineData("/facilities?group=x", "グループの指定が正しくありません")]
    public async Task Board_WithBadQueryValues_SaysSoInJapanese_With400(string path, string message)
    {
        var (_, login) = await app.NewStaffAsync("badquery");
        using var browser = await app.SignedInAsync(login);

        var (response, text) = await browser.GetTextAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain(message);
        text.ShouldContain("施設予約");
    }

    [Fact]
    public async Task BookAlone_Works_AndASecondOverlappingBookingShowsTheConflict_AndTheDatabaseKeepsOne()
    {
        var room = await app.NewFacilityAsync(Unique("第2会議室"));
        var (_, first) = await app.NewStaffAsync("first");
        var (_, second) = await app.NewStaffAsync("second");
        var day = Day(10);
        using var firstBrowser = await app.SignedInAsync(first);
        using var secondBrowser = await app.SignedInAsync(second);

        var booked = await SubmitBookingAsync(firstBrowser, room.Id, day, "10:00", "11:30", "係内打合せ");

        booked.StatusCode.ShouldBe(HttpStatusCode.Redirect, Html.Readable(await booked.Content.ReadAsStringAsync()));
        var location = booked.Headers.Location!.IsAbsoluteUri ? booked.Headers.Location.PathAndQuery : booked.Headers.Location.OriginalString;
        location.ShouldStartWith($"/facilities/{room.Id}?date={Iso(day)}&booked=");
        var saved = await app.QueryAsync(db => db.FacilityBookings.SingleAsync(b => b.FacilityId == room.Id));
        saved.Status.ShouldBe(BookingStatus.Confirmed);
        saved.EventId.ShouldBeNull();
        saved.Purpose.ShouldBe("係内打合せ");
        Clock.ToTokyo(saved.StartsAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture).ShouldBe($"{Iso(day)} 10:00");
        var (_, after) = await firstBrowser.GetTextAsync(location);
        after.ShouldContain("予約しました(本予約)");

        var refused = await SubmitBookingAsync(secondBrowser, room.Id, day, "11:00", "12:00", "来客対応");

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var text = Html.Readable(await refused.Content.ReadAsStringAsync());
        text.ShouldContain("その時間はすでに予約があるため、予約できませんでした。");
        text.ShouldContain("10:00〜11:30");
        text.ShouldContain("係内打合せ");
        (await app.QueryAsync(db => db.FacilityBookings.CountAsync(b => b.FacilityId == room.Id))).ShouldBe(1);

        // Back to back is fine.
        (await SubmitBookingAsync(secondBrowser, room.Id, day, "11:30", "12:00", "来客対応")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.QueryAsync(db => db.FacilityBookings.CountAsync(b => b.FacilityId == room.Id))).ShouldBe(2);
    }

    [Theory]
    [InlineData("2026-02-30", "10:00", "11:00", "打合せ", "日付を正しく入力してください")]
    [InlineData("", "10:00", "11:00", "打合せ", "日付を正しく入力してください")]
    [InlineData(null, "10時", "11:00", "打合せ", "開始時刻と終了時刻を正しく入力してください")]
    [InlineData(null, "11:00", "10:00", "打合せ", "終了時刻は開始時刻より後にしてください")]
    [InlineData(null, "10:00", "11:00", "   ", "利用目的を1〜200文字で入力してください")]
    [InlineData("2020-04-01", "10:00", "11:00", "打合せ", "過ぎた日時は予約できません")]
    public async Task BookAlone_WithBadInput_SaysWhatIsWrongInJapanese_AndBooksNothing(string? date, string start, string end, string purpose, string message)
    {
        var room = await app.NewFacilityAsync(Unique("第3会議室"));
        var (_, login) = await app.NewStaffAsync("badinput");
        using var browser = await app.SignedInAsync(login);

        var response = await browser.SubmitAsync($"/facilities/{room.Id}", f => f.Handler == "book",
            [new("Input.Date", date ?? Iso(Day(11))), new("Input.Start", start), new("Input.End", end), new("Input.Purpose", purpose)]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await response.Content.ReadAsStringAsync()).ShouldContain(message);
        (await app.QueryAsync(db => db.FacilityBookings.CountAsync(b => b.FacilityId == room.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task FacilityPage_ShowsItsAttributesAndTheWeek_AndAnUnknownOneIs404()
    {
        var unit = await app.NewUnitAsync(Unique("契約管財係"));
        var hall = await app.NewFacilityAsync(Unique("大会議室"), capacity: 80, managerDepartmentId: unit, approval: true);
        var (bookerId, login) = await app.NewStaffAsync("week");
        var day = Day(12);
        await BookAsync(bookerId, hall.Id, day, 9, 12, "DX推進本部会議");
        using var browser = await app.SignedInAsync(login);

        var (response, text) = await browser.GetTextAsync($"/facilities/{hall.Id}?date={Iso(day)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("80人");
        text.ShouldContain("本庁舎3階");
        text.ShouldContain("必要(管理部署が確定するまで仮予約になります)");
        text.ShouldContain("この施設の予約は仮予約になり");
        text.ShouldContain("9:00〜12:00");
        text.ShouldContain("DX推進本部会議");
        text.ShouldContain(WarekiHeading(day));
        text.ShouldContain($"/schedule/events/new?facilities={hall.Id}&start=");

        (await browser.GetAsync("/facilities/987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Approvals_AManagerConfirmsASeriesAtOnce_AndDeclinesWithAReason()
    {
        var unit = await app.NewUnitAsync(Unique("管財係"));
        var (_, manager) = await app.NewStaffAsync("manager", unit);
        var (requesterId, _) = await app.NewStaffAsync("requester");
        var hall = await app.NewFacilityAsync(Unique("大会議室"), managerDepartmentId: unit, approval: true);
        var car = await app.NewFacilityAsync(Unique("公用車"), FacilityKind.Vehicle, capacity: 5, managerDepartmentId: unit, approval: true);
        var day = Day(14);
        var series = await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tsunagu.Core.Data.AppDbContext>();
            return await sp.GetRequiredService<ScheduleService>().CreateAsync(await ScheduleViewer.ForAccountAsync(db, requesterId), new EventDraft
            {
                Title = "窓口改善ワーキング",
                StartsAt = day.ToDateTime(new TimeOnly(14, 0)),
                EndsAt = day.ToDateTime(new TimeOnly(15, 0)),
                Recurrence = RecurrenceRule.Weekly(day.DayOfWeek).WithCount(4).ToString(),
                OrganizerId = requesterId,
                FacilityIds = [hall.Id],
            });
        });
        var trip = await BookAsync(requesterId, car.Id, day, 9, 17, "現地調査(牛窓町)");
        using var browser = await app.SignedInAsync(manager);

        var (response, text) = await browser.GetTextAsync("/facilities/approvals");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("窓口改善ワーキング");
        text.ShouldContain("全4回");
        text.ShouldContain("現地調査(牛窓町)");
        text.ShouldContain("試験\u3000" + await LoginOfAsync(requesterId));
        var first = await app.QueryAsync(db => db.FacilityBookings.Where(b => b.EventId == series.Id).OrderBy(b => b.StartsAt).Select(b => b.Id).FirstAsync());

        var confirmed = await browser.SubmitAsync("/facilities/approvals", f => f.Handler == "decide", [new("Decision.Confirm", Id(first))]);

        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Readable(await confirmed.Content.ReadAsStringAsync()).ShouldContain("確定しました(本予約)");
        (await app.QueryAsync(db => db.FacilityBookings.Where(b => b.EventId == series.Id).Select(b => b.Status).ToListAsync()))
            .ShouldBe([BookingStatus.Confirmed, BookingStatus.Confirmed, BookingStatus.Confirmed, BookingStatus.Confirmed]);

        var withoutReason = await browser.SubmitAsync("/facilities/approvals", f => f.Handler == "decide", [new("Decision.Decline", Id(trip.Id))]);
        withoutReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{withoutReason.Headers.Location} {string.Join("\n", app.Factory.Errors.All.TakeLast(2))}");
        Html.Readable(await withoutReason.Content.ReadAsStringAsync()).ShouldContain("お断りの理由を入力してください。");
        (await app.QueryAsync(db => db.FacilityBookings.SingleAsync(b => b.Id == trip.Id))).Status.ShouldBe(BookingStatus.Tentative);

        var declined = await browser.SubmitAsync("/facilities/approvals", f => f.Handler == "decide",
            [new("Decision.Decline", Id(trip.Id)), new($"Decision.Reasons[{Id(trip.Id)}]", "車検のため使用できません。")]);

        declined.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = Html.Readable(await declined.Content.ReadAsStringAsync());
        after.ShouldContain("お断りしました");
        after.ShouldContain("承認待ちの予約はありません");
        var decided = await app.QueryAsync(db => db.FacilityBookings.SingleAsync(b => b.Id == trip.Id));
        decided.Status.ShouldBe(BookingStatus.Declined);
        decided.DecisionNote.ShouldBe("車検のため使用できません。");
        (await app.QueryAsync(db => db.Notifications.CountAsync(n => n.RecipientId == requesterId && n.Kind == NotificationKinds.Facility))).ShouldBe(2);

        // The requester sees the refusal and its reason among their bookings.
        using var requester = await app.SignedInAsync(await LoginOfAsync(requesterId));
        var mine = (await requester.GetTextAsync("/facilities/bookings")).Text;
        mine.ShouldContain("お断り");
        mine.ShouldContain("車検のため使用できません。");
    }

    [Fact]
    public async Task Approvals_ForSomeoneWhoManagesNothing_AreEmpty_ShowNoData_AndRefuseADecision()
    {
        var unit = await app.NewUnitAsync(Unique("管財係"));
        var (requesterId, _) = await app.NewStaffAsync("asker", unit);
        var (_, outsider) = await app.NewStaffAsync("outsider", await app.NewUnitAsync(Unique("税務係")));
        var hall = await app.NewFacilityAsync(Unique("大会議室"), managerDepartmentId: unit, approval: true);
        var booking = await BookAsync(requesterId, hall.Id, Day(15), 10, 12, "秘密の検討会");
        using var browser = await app.SignedInAsync(outsider);

        var (response, text) = await browser.GetTextAsync("/facilities/approvals");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("承認を担当している施設はありません");
        text.ShouldNotContain("秘密の検討会");
        text.ShouldNotContain(hall.Name);

        // A well-formed post (with a valid antiforgery token, taken from the header's sign-out form) still decides nothing.
        var html = await browser.Client.GetStringAsync(new Uri("/facilities/approvals", UriKind.Relative));
        var token = Html.Forms(html).First(f => f.Action == "/account/logout").Hidden;
        using var post = new FormUrlEncodedContent([.. token, new("_handler", "decide"), new("Decision.Confirm", Id(booking.Id))]);
        var forged = await browser.Client.PostAsync(new Uri("/facilities/approvals", UriKind.Relative), post);
        ((int)forged.StatusCode).ShouldBeInRange(400, 499);
        Html.Readable(await forged.Content.ReadAsStringAsync()).ShouldNotContain("秘密の検討会");
        (await app.QueryAsync(db => db.FacilityBookings.SingleAsync(b => b.Id == booking.Id))).Status.ShouldBe(BookingStatus.Tentative);
    }

    [Fact]
    public async Task MyBookings_ListsWhatIBooked_AndCancelsABookingMadeAlone()
    {
        var room = await app.NewFacilityAsync(Unique("第4会議室"));
        var (meId, login) = await app.NewStaffAsync("mine");
        var (otherId, _) = await app.NewStaffAsync("other");
        var day = Day(16);
        var mine = await BookAsync(meId, room.Id, day, 9, 10, "面談");
        var theirs = await BookAsync(otherId, room.Id, day, 10, 11, "他の人の打合せ");
        using var browser = await app.SignedInAsync(login);

        var (response, text) = await browser.GetTextAsync("/facilities/bookings");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain(room.Name);
        text.ShouldContain("面談");
        text.ShouldContain("本予約");
        text.ShouldNotContain("他の人の打合せ");

        // Someone else's booking cannot be cancelled from here.
        var forged = await browser.SubmitAsync("/facilities/bookings", f => f.Handler == "cancel", [new("CancelId", Id(theirs.Id))]);
        forged.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.FacilityBookings.SingleAsync(b => b.Id == theirs.Id))).Status.ShouldBe(BookingStatus.Confirmed);

        var cancelled = await browser.SubmitAsync("/facilities/bookings", f => f.Handler == "cancel", [new("CancelId", Id(mine.Id))]);

        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Readable(await cancelled.Content.ReadAsStringAsync()).ShouldContain("予約を取り消しました");
        (await app.QueryAsync(db => db.FacilityBookings.SingleAsync(b => b.Id == mine.Id))).Status.ShouldBe(BookingStatus.Cancelled);
    }

    [Theory]
    [InlineData("/admin/facilities")]
    [InlineData("/admin/facilities/new")]
    public async Task AdminPages_AsStaff_Are403_WithoutTheirData(string path)
    {
        var room = await app.NewFacilityAsync(Unique("秘書室応接"));
        var (_, login) = await app.NewStaffAsync("notadmin");
        using var browser = await app.SignedInAsync(login);

        var (response, text) = await browser.GetTextAsync(path);
        var (edit, editText) = await browser.GetTextAsync($"/admin/facilities/{room.Id}");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        text.ShouldContain("権限がありません");
        text.ShouldNotContain(room.Name);
        edit.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        editText.ShouldNotContain(room.Name);
    }

    [Fact]
    public async Task Admin_CreatesEditsAndDeactivatesAFacility_WithJapaneseMessagesForBadValues()
    {
        var name = Unique("第5会議室");
        var group = Unique("別館");
        var manager = await app.NewUnitAsync(Unique("管財係"));
        using var browser = await app.SignedInAsync(AdminLogin);

        var created = await browser.SubmitAsync("/admin/facilities/new", f => f.Handler == "facility", Fields(name, group, "20", manager));

        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, Html.Readable(await created.Content.ReadAsStringAsync()));
        var facility = await app.QueryAsync(db => db.Facilities.Include(f => f.Group).SingleAsync(f => f.Name == name));
        facility.Group!.Name.ShouldBe(group);
        facility.Capacity.ShouldBe(20);
        facility.RequiresApproval.ShouldBeTrue();
        facility.ManagerDepartmentId.ShouldBe(manager);
        facility.Attributes.ShouldBe("プロジェクター,Web会議");
        facility.IsActive.ShouldBeTrue();
        (await app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "facility.created" && e.Target == $"facility:{facility.Id}"))).ShouldBe(1);
        var (list, listText) = await browser.GetTextAsync("/admin/facilities");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        listText.ShouldContain(name);
        listText.ShouldContain(group);

        var duplicate = await browser.SubmitAsync("/admin/facilities/new", f => f.Handler == "facility", Fields(name, "", "20", manager));
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await duplicate.Content.ReadAsStringAsync()).ShouldContain($"施設「{name}」はすでに登録されています。");

        var badCapacity = await browser.SubmitAsync("/admin/facilities/new", f => f.Handler == "facility", Fields(Unique("第6会議室"), "", "二十", manager));
        badCapacity.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await badCapacity.Content.ReadAsStringAsync()).ShouldContain("定員は数字で入力してください");

        var noManager = await browser.SubmitAsync("/admin/facilities/new", f => f.Handler == "facility", Fields(Unique("第7会議室"), "", "8", null));
        noManager.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await noManager.Content.ReadAsStringAsync()).ShouldContain("承認が必要な施設には、予約を確定する管理部署を選んでください。");

        var badKind = await browser.SubmitAsync("/admin/facilities/new", f => f.Handler == "facility",
            Fields(Unique("第8会議室"), "", "8", manager).Select(p => p.Key == "Input.Kind" ? new KeyValuePair<string, string>(p.Key, "Boat") : p));
        badKind.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await badKind.Content.ReadAsStringAsync()).ShouldContain("施設の種類を一覧から選んでください。");

        var renamed = name + "A";
        var edited = await browser.SubmitAsync($"/admin/facilities/{facility.Id}", f => f.Handler == "facility", Fields(renamed, "", "24", manager, groupId: facility.GroupId));
        edited.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Readable(await edited.Content.ReadAsStringAsync()).ShouldContain("保存しました。");
        (await app.QueryAsync(db => db.Facilities.SingleAsync(f => f.Id == facility.Id))).Name.ShouldBe(renamed);

        var deactivated = await browser.SubmitAsync($"/admin/facilities/{facility.Id}", f => f.Handler == "deactivate", []);
        deactivated.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Readable(await deactivated.Content.ReadAsStringAsync()).ShouldContain("利用停止にしました。");
        (await app.QueryAsync(db => db.Facilities.SingleAsync(f => f.Id == facility.Id))).IsActive.ShouldBeFalse();
        (await browser.GetTextAsync("/facilities")).Text.ShouldNotContain(renamed);
        var (_, page) = await browser.GetTextAsync($"/facilities/{facility.Id}");
        page.ShouldContain("この施設は現在利用を停止しているため、予約できません。");
    }

    [Fact]
    public async Task Admin_ManagesGroupsOnTheListPage()
    {
        var group = Unique("備品");
        using var browser = await app.SignedInAsync(AdminLogin);

        var created = await browser.SubmitAsync("/admin/facilities", f => f.Handler == "new-group", [new("NewGroup.Name", group)]);
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Readable(await created.Content.ReadAsStringAsync()).ShouldContain($"グループ「{group}」を追加しました。");
        var id = await app.QueryAsync(db => db.FacilityGroups.Where(g => g.Name == group).Select(g => g.Id).SingleAsync());

        var duplicate = await browser.SubmitAsync("/admin/facilities", f => f.Handler == "new-group", [new("NewGroup.Name", group)]);
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await duplicate.Content.ReadAsStringAsync()).ShouldContain($"施設グループ「{group}」はすでにあります。");

        var renamed = group + "(貸出)";
        var saved = await browser.SubmitAsync("/admin/facilities", f => f.Handler == "groups",
            [new("GroupAction", $"save:{Id(id)}"), new($"Groups[{Id(id)}].Name", renamed), new($"Groups[{Id(id)}].SortOrder", "7")]);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var row = await app.QueryAsync(db => db.FacilityGroups.SingleAsync(g => g.Id == id));
        row.Name.ShouldBe(renamed);
        row.SortOrder.ShouldBe(7);

        var badOrder = await browser.SubmitAsync("/admin/facilities", f => f.Handler == "groups",
            [new("GroupAction", $"save:{Id(id)}"), new($"Groups[{Id(id)}].Name", renamed), new($"Groups[{Id(id)}].SortOrder", "x")]);
        badOrder.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await badOrder.Content.ReadAsStringAsync()).ShouldContain("表示順は数字で入力してください。");

        var deleted = await browser.SubmitAsync("/admin/facilities", f => f.Handler == "groups", [new("GroupAction", $"delete:{Id(id)}")]);
        deleted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.QueryAsync(db => db.FacilityGroups.AnyAsync(g => g.Id == id))).ShouldBeFalse();
    }

    [Fact]
    public async Task OpeningTheBoard_IsRecordedAsAUseOfTheFacilityFeature()
    {
        var (id, login) = await app.NewStaffAsync("usage");
        using var browser = await app.SignedInAsync(login);

        (await browser.GetAsync("/facilities")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(10);
        var features = new List<string>();
        while (!features.Contains("facility") && TimeProvider.System.GetUtcNow() < deadline)
        {
            await app.DrainUsageAsync();
            features = await app.QueryAsync(db => db.UsageEvents.Where(e => e.AccountId == id).Select(e => e.Feature).ToListAsync());
            await Task.Delay(100);
        }

        features.ShouldContain("facility");
    }

    private static List<KeyValuePair<string, string>> Fields(string name, string newGroup, string capacity, int? manager, int? groupId = null) =>
    [
        new("Input.Name", name),
        new("Input.Kind", "Room"),
        new("Input.GroupId", groupId?.ToString(CultureInfo.InvariantCulture) ?? ""),
        new("Input.NewGroupName", newGroup),
        new("Input.Capacity", capacity),
        new("Input.Location", "別館2階"),
        new("Input.Attributes", "プロジェクター、Web会議"),
        new("Input.Notes", ""),
        new("Input.RequiresApproval", "true"),
        new("Input.ManagerDepartmentId", manager?.ToString(CultureInfo.InvariantCulture) ?? ""),
        new("Input.SortOrder", "3"),
        new("Input.IsActive", "true"),
    ];

    private Task<FacilityBooking> BookAsync(int accountId, int facilityId, DateOnly day, int fromHour, int toHour, string purpose) =>
        app.InScopeAsync(sp => sp.GetRequiredService<FacilityBookingService>().BookAsync(
            accountId, facilityId, Clock.FromTokyo(day.ToDateTime(new TimeOnly(fromHour, 0))), Clock.FromTokyo(day.ToDateTime(new TimeOnly(toHour, 0))), purpose));

    private static Task<HttpResponseMessage> SubmitBookingAsync(TestBrowser browser, int facilityId, DateOnly day, string start, string end, string purpose) =>
        browser.SubmitAsync($"/facilities/{facilityId}", f => f.Handler == "book",
            [new("Input.Date", Iso(day)), new("Input.Start", start), new("Input.End", end), new("Input.Purpose", purpose)]);

    private Task<string> LoginOfAsync(int accountId) => app.QueryAsync(db => db.Users.Where(a => a.Id == accountId).Select(a => a.UserName!).SingleAsync());

    /// <summary>A Tokyo date some days ahead: the app runs on the real clock and refuses bookings in the past.</summary>
    private static DateOnly Day(int daysAhead) => Clock.TokyoDate(TimeProvider.System.GetUtcNow()).AddDays(daysAhead);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Unique(string name) => $"{name}{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>令和8年11月26日(木), written out here rather than taken from the code under test.</summary>
    private static string WarekiHeading(DateOnly day)
    {
        var weekday = "日月火水木金土"[(int)day.DayOfWeek];
        return $"令和{day.Year - 2018}年{day.Month}月{day.Day}日({weekday})";
    }
}

public sealed class FacilityPagesTests_Sqlite(SqliteFacilityCity app) : FacilityPagesTests(app), IClassFixture<SqliteFacilityCity>;

public sealed class FacilityPagesTests_PostgreSql(PostgreSqlFacilityCity app) : FacilityPagesTests(app), IClassFixture<PostgreSqlFacilityCity>;
