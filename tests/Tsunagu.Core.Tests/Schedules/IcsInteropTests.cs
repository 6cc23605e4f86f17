using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Schedules;

/// <summary>Export to and import from iCalendar (.ics): round trips, all-or-nothing imports, the time forms calendar programs write.</summary>
public sealed class IcsInteropTests
{
    private const string Host = "city.example.jp";
    private static readonly IcsExportOptions Options = new(Host, new Uri("https://city.example.jp/"), "予定");
    private static readonly DateTimeOffset WindowStart = Tokyo(2026, 3, 1, 0, 0);
    private static readonly DateTimeOffset WindowEnd = Tokyo(2026, 6, 1, 0, 0);

    [Theory, DatabaseData]
    public async Task ExportThenImport_GivesTheSameSchedule_WithTheSeriesAndItsExceptions(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.CreateStaffAsync("sato.export");
        var other = await db.CreateStaffAsync("suzuki.import");
        var masterId = await CreateSampleScheduleAsync(db, owner);

        var ics = await ExportAsync(db, owner);
        ics.ShouldContain("BEGIN:VTIMEZONE");
        ics.ShouldContain("TZID:Asia/Tokyo");
        ics.ShouldContain($"UID:tsunagu-{masterId}@{Host}");
        ics.ShouldContain("RRULE:FREQ=WEEKLY");
        ics.ShouldContain("EXDATE;TZID=Asia/Tokyo:20260413T100000");
        ics.ShouldContain("RECURRENCE-ID;TZID=Asia/Tokyo:20260420T100000");
        ics.ShouldContain("DTSTART;VALUE=DATE:20260408");
        ics.ShouldContain("CLASS:PRIVATE");

        var result = await ImportAsync(db, other, ics);

        result.Errors.ShouldBeEmpty();
        result.Committed.ShouldBeTrue();
        result.Created.ShouldBe(3);
        var expected = await ScheduleOfAsync(db, owner);
        var actual = await ScheduleOfAsync(db, other);
        expected.Count.ShouldBe(7);
        actual.ShouldBe(expected);

        var imported = await db.QueryAsync(c => c.Events.AsNoTracking().SingleAsync(e => e.OrganizerId == other.Id && e.Recurrence != null));
        var original = await db.QueryAsync(c => c.Events.AsNoTracking().SingleAsync(e => e.Id == masterId));
        imported.Recurrence.ShouldBe(original.Recurrence);
        imported.ReminderMinutes.ShouldBe(15);
        imported.Notes.ShouldBe(original.Notes);
        imported.SeriesEndsAt.ShouldBe(original.SeriesEndsAt);
    }

    [Theory, DatabaseData]
    public async Task Import_OfTheSameFileAgain_WritesNothingNew(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.CreateStaffAsync("sato.export");
        var other = await db.CreateStaffAsync("suzuki.import");
        await CreateSampleScheduleAsync(db, owner);
        var ics = await ExportAsync(db, owner);
        (await ImportAsync(db, other, ics)).Created.ShouldBe(3);
        var count = await db.QueryAsync(c => c.Events.CountAsync());

        var again = await ImportAsync(db, other, ics);
        var own = await ImportAsync(db, owner, ics);

        again.IsValid.ShouldBeTrue();
        again.Created.ShouldBe(0);
        again.Duplicates.ShouldBe(3);
        own.Created.ShouldBe(0);
        own.Duplicates.ShouldBe(3);
        (await db.QueryAsync(c => c.Events.CountAsync())).ShouldBe(count);
    }

    [Theory, DatabaseData]
    public async Task Import_WithOneBadEvent_RefusesTheFile_AndWritesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var staff = await db.CreateStaffAsync("suzuki.import");
        var ics = Calendar(
            Event("good-1@example", "DTSTART;TZID=Asia/Tokyo:20260406T100000", "DTEND;TZID=Asia/Tokyo:20260406T110000", "SUMMARY:打合せ"),
            Event("bad-2@example", "DTSTART;TZID=Asia/Tokyo:20260407T100000", "DTEND;TZID=Asia/Tokyo:20260407T090000", "SUMMARY:逆転した予定"),
            Event("good-3@example", "DTSTART;VALUE=DATE:20260408", "SUMMARY:休暇"));

        var result = await ImportAsync(db, staff, ics);

        result.Committed.ShouldBeFalse();
        result.Events.ShouldBe(3);
        var error = result.Errors.ShouldHaveSingleItem();
        error.Uid.ShouldBe("bad-2@example");
        error.Line.ShouldBe(LineOf(ics, "DTEND;TZID=Asia/Tokyo:20260407T090000"));
        error.Message.ShouldContain("終了日時が開始日時より前");
        error.ToString().ShouldStartWith($"{error.Line}行目(UID: bad-2@example): ");
        (await db.QueryAsync(c => c.Events.CountAsync())).ShouldBe(0);
        (await db.QueryAsync(c => c.EventAttendees.CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Import_ReportsEveryBadEvent_InJapanese(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var staff = await db.CreateStaffAsync("suzuki.import");
        var ics = Calendar(
            Event("long@example", "DTSTART:20260406T010000Z", "DTEND:20260406T020000Z", "SUMMARY:" + new string('長', 201)),
            Event("month@example", "DTSTART;VALUE=DATE:20260401", "DTEND;VALUE=DATE:20260510", "SUMMARY:長期出張"),
            Event("setpos@example", "DTSTART:20260406T010000Z", "DTEND:20260406T020000Z", "RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", "SUMMARY:月初の会議"),
            Event("zone@example", "DTSTART;TZID=Mars/Olympus:20260406T100000", "DTEND;TZID=Mars/Olympus:20260406T110000", "SUMMARY:火星"),
            Event("nostart@example", "SUMMARY:開始なし"),
            Event("orphan@example", "RECURRENCE-ID:20260406T010000Z", "DTSTART:20260406T030000Z", "DTEND:20260406T040000Z", "SUMMARY:親なし"));

        var result = await ImportAsync(db, staff, ics);

        result.Errors.Select(e => e.Uid).ShouldBe(["long@example", "month@example", "setpos@example", "zone@example", "nostart@example", "orphan@example"]);
        result.Errors[0].Message.ShouldContain("件名が長すぎます(201文字)");
        result.Errors[1].Message.ShouldContain("31日以内");
        result.Errors[2].Message.ShouldContain("BYSETPOS");
        result.Errors[3].Message.ShouldContain("タイムゾーン「Mars/Olympus」");
        result.Errors[4].Message.ShouldContain("DTSTART");
        result.Errors[5].Message.ShouldContain("RECURRENCE-ID");
        (await db.QueryAsync(c => c.Events.CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Import_OfDatesBeyondTheCalendar_IsRefusedPerEvent_NotAServerError(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var staff = await db.CreateStaffAsync("suzuki.far");
        var ics = Calendar(
            Event("end@example", "DTSTART;VALUE=DATE:99991231", "SUMMARY:世界の終わり"),
            Event("long@example", "DTSTART;VALUE=DATE:20261201", "DURATION:P1000D", "SUMMARY:長すぎ"),
            Event("first@example", "DTSTART;VALUE=DATE:00010101", "SUMMARY:紀元"),
            Event("utc@example", "DTSTART:99991231T230000Z", "DURATION:PT2H", "SUMMARY:年越し"),
            Event("until@example", "DTSTART:20261201T010000Z", "DTEND:20261201T020000Z", "RRULE:FREQ=DAILY;UNTIL=99991231", "SUMMARY:永遠"),
            Event("rid@example", "DTSTART:20261201T010000Z", "DTEND:20261201T020000Z", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE:99991231T235900Z", "SUMMARY:除外"));

        var result = await ImportAsync(db, staff, ics);

        result.Errors.Select(e => e.Uid).Distinct().ShouldBe(["end@example", "long@example", "first@example", "utc@example", "until@example", "rid@example"], ignoreOrder: true);
        result.Errors.ShouldAllBe(e => e.Message.Length > 0);
        (await db.QueryAsync(c => c.Events.CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Import_ReadsAllDayUtcZoneAndFloatingTimes(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var staff = await db.CreateStaffAsync("suzuki.import");
        // Outlook names Tokyo "Tokyo Standard Time" and defines it in the file.
        var outlookZone = "BEGIN:VTIMEZONE\r\nTZID:Outlook Tokyo\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
        var ics = Calendar(
            outlookZone
            + Event("allday@example", "DTSTART;VALUE=DATE:20260408", "DTEND;VALUE=DATE:20260410", "SUMMARY:出張", "CATEGORIES:出張")
            + Event("utc@example", "DTSTART:20260406T010000Z", "DURATION:PT90M", "SUMMARY:UTC の会議", "CLASS:PRIVATE")
            + Event("ny@example", "DTSTART;TZID=America/New_York:20260406T200000", "DTEND;TZID=America/New_York:20260406T210000", "SUMMARY:ニューヨーク")
            + Event("windows@example", "DTSTART;TZID=Tokyo Standard Time:20260407T130000", "DTEND;TZID=Tokyo Standard Time:20260407T140000", "SUMMARY:Windows の名前")
            + Event("outlook@example", "DTSTART;TZID=Outlook Tokyo:20260407T150000", "DTEND;TZID=Outlook Tokyo:20260407T160000", "SUMMARY:ファイルの定義")
            + Event("floating@example", "DTSTART:20260409T093000", "DTEND:20260409T100000", "SUMMARY:浮動時刻", "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT30M", "END:VALARM"));

        var result = await ImportAsync(db, staff, ics);

        result.Errors.ShouldBeEmpty();
        result.Created.ShouldBe(6);
        var events = await db.QueryAsync(c => c.Events.AsNoTracking().Where(e => e.OrganizerId == staff.Id).ToDictionaryAsync(e => e.Title));
        var allDay = events["出張"];
        allDay.IsAllDay.ShouldBeTrue();
        allDay.Category.ShouldBe(EventCategories.BusinessTrip);
        allDay.StartsAt.ShouldBe(Tokyo(2026, 4, 8, 0, 0));
        allDay.EndsAt.ShouldBe(Tokyo(2026, 4, 10, 0, 0));
        events["UTC の会議"].StartsAt.ShouldBe(Tokyo(2026, 4, 6, 10, 0));
        events["UTC の会議"].EndsAt.ShouldBe(Tokyo(2026, 4, 6, 11, 30));
        events["UTC の会議"].Visibility.ShouldBe(EventVisibility.Private);
        events["UTC の会議"].Category.ShouldBe(EventCategories.Other);
        events["ニューヨーク"].StartsAt.ShouldBe(Tokyo(2026, 4, 7, 9, 0));
        events["Windows の名前"].StartsAt.ShouldBe(Tokyo(2026, 4, 7, 13, 0));
        events["ファイルの定義"].StartsAt.ShouldBe(Tokyo(2026, 4, 7, 15, 0));
        events["浮動時刻"].StartsAt.ShouldBe(Tokyo(2026, 4, 9, 9, 30));
        events["浮動時刻"].ReminderMinutes.ShouldBe(30);
        var attendance = await db.QueryAsync(c => c.EventAttendees.AsNoTracking().Where(a => a.AccountId == staff.Id).ToListAsync());
        attendance.Count.ShouldBe(6);
        attendance.ShouldAllBe(a => a.Response == AttendeeResponse.Accepted);
    }

    [Theory, DatabaseData]
    public async Task Import_OfSomethingElse_SaysItIsNotICalendar(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var staff = await db.CreateStaffAsync("suzuki.import");

        var csv = await ImportAsync(db, staff, "login,name\r\nyamada,山田\r\n");
        var cut = await ImportAsync(db, staff, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:途中まで\r\n");
        var sjis = await db.InScopeAsync(sp => Interop(sp).ImportAsync(staff.Id, new MemoryStream([0x82, 0xA0, 0x82, 0xA2]), Host));

        csv.Errors.ShouldHaveSingleItem().Message.ShouldContain("BEGIN:VCALENDAR");
        cut.Errors.ShouldHaveSingleItem().Message.ShouldContain("途中で終わっています");
        sjis.Errors.ShouldHaveSingleItem().Message.ShouldContain("UTF-8");
        (await db.QueryAsync(c => c.Events.CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Preview_CountsWhatAnImportWouldDo_AndWritesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var staff = await db.CreateStaffAsync("suzuki.import");
        var ics = Calendar(
            Event("a@example", "DTSTART;VALUE=DATE:20260408", "SUMMARY:休暇"),
            Event("b@example", "DTSTART:20260406T010000Z", "DTEND:20260406T020000Z", "SUMMARY:取り消し", "STATUS:CANCELLED"),
            "BEGIN:VTODO\r\nUID:todo\r\nSUMMARY:やること\r\nEND:VTODO\r\n");

        var preview = await db.InScopeAsync(sp => Interop(sp).PreviewAsync(staff.Id, Utf8(ics), Host));

        preview.IsValid.ShouldBeTrue();
        preview.Committed.ShouldBeFalse();
        preview.Events.ShouldBe(2);
        preview.Created.ShouldBe(1);
        preview.Skipped.ShouldBe(2);
        (await db.QueryAsync(c => c.Events.CountAsync())).ShouldBe(0);
    }

    // ---- helpers ----

    /// <summary>A weekly series with one occurrence cancelled and one moved, a two-day trip and a private appointment.</summary>
    private static async Task<int> CreateSampleScheduleAsync(TestDatabase db, Account owner) =>
        await db.InScopeAsync(async sp =>
        {
            var schedules = sp.GetRequiredService<ScheduleService>();
            var viewer = await ScheduleViewer.ForAccountAsync(sp.GetRequiredService<AppDbContext>(), owner.Id);
            var series = await schedules.CreateAsync(viewer, new EventDraft
            {
                Title = "定例会議",
                Place = "第1会議室",
                Notes = "議題:\n1. 予算\n2. 人事",
                Category = EventCategories.Meeting,
                StartsAt = new DateTime(2026, 4, 6, 10, 0, 0),
                EndsAt = new DateTime(2026, 4, 6, 11, 0, 0),
                Recurrence = RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(6).ToString(),
                ReminderMinutes = 15,
                OrganizerId = owner.Id,
            });
            await schedules.CancelAsync(viewer, series.Id, Tokyo(2026, 4, 13, 10, 0), EditScope.One);
            await schedules.UpdateAsync(viewer, series.Id, Tokyo(2026, 4, 20, 10, 0), EditScope.One, new EventDraft
            {
                Title = "定例会議(時間変更)",
                Place = "第2会議室",
                Category = EventCategories.Meeting,
                StartsAt = new DateTime(2026, 4, 20, 14, 0, 0),
                EndsAt = new DateTime(2026, 4, 20, 15, 30, 0),
                ReminderMinutes = 15,
                OrganizerId = owner.Id,
            }, null);
            await schedules.CreateAsync(viewer, new EventDraft
            {
                Title = "県庁出張",
                Category = EventCategories.BusinessTrip,
                StartsAt = new DateTime(2026, 4, 8),
                EndsAt = new DateTime(2026, 4, 9),
                IsAllDay = true,
                OrganizerId = owner.Id,
            });
            await schedules.CreateAsync(viewer, new EventDraft
            {
                Title = "人間ドック",
                Category = EventCategories.Leave,
                StartsAt = new DateTime(2026, 4, 10, 15, 0, 0),
                EndsAt = new DateTime(2026, 4, 10, 16, 0, 0),
                Visibility = EventVisibility.Private,
                OrganizerId = owner.Id,
            });
            return series.Id;
        });

    private static IcsInterop Interop(IServiceProvider sp) => ActivatorUtilities.CreateInstance<IcsInterop>(sp);

    private static Task<string> ExportAsync(TestDatabase db, Account owner) =>
        db.InScopeAsync(sp => Interop(sp).ExportForAccountAsync(owner.Id, WindowStart, WindowEnd, Options));

    private static Task<IcsImportResult> ImportAsync(TestDatabase db, Account account, string ics) =>
        db.InScopeAsync(sp => Interop(sp).ImportAsync(account.Id, Utf8(ics), Host));

    /// <summary>The occurrences as the person sees them, without what identifies the copy (ids, organiser).</summary>
    private static Task<List<string>> ScheduleOfAsync(TestDatabase db, Account account) =>
        db.InScopeAsync(async sp =>
        {
            var viewer = await ScheduleViewer.ForAccountAsync(sp.GetRequiredService<AppDbContext>(), account.Id);
            var schedule = await sp.GetRequiredService<ScheduleReader>().ForAccountsAsync(viewer, [account.Id], WindowStart, WindowEnd);
            return schedule[account.Id]
                .Select(o => $"{o.StartsAt:O} {o.EndsAt:O} {o.IsAllDay} {o.Title} {o.Category} {o.Place} {o.Visibility} {o.IsRecurring}")
                .ToList();
        });

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    private static DateTimeOffset Tokyo(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(9)).ToUniversalTime();

    private static string Calendar(params string[] components) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Test//JA\r\n" + string.Concat(components) + "END:VCALENDAR\r\n";

    private static string Event(string uid, params string[] lines) =>
        "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260301T000000Z\r\n" + string.Concat(lines.Select(l => l + "\r\n")) + "END:VEVENT\r\n";

    private static int LineOf(string text, string line) =>
        text.Split("\r\n").Select((l, i) => (l, i)).First(x => x.l == line).i + 1;
}
