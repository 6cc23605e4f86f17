using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Schedules;

/// <summary>Reminders: sent when their time comes, once per occurrence, to attendees who have not declined.</summary>
public sealed class ReminderSchedulerTests
{
    [Theory, DatabaseData]
    public async Task Reminder_WhenItsTimeComes_NotifiesAttendeesWhoHaveNotDeclined(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (organizer, invitee, decliner) = await PeopleAsync(db);
        var id = await CreateAsync(db, organizer, new DateTime(2026, 4, 1, 9, 30, 0), new DateTime(2026, 4, 1, 10, 30, 0), 15, [invitee.Id, decliner.Id], place: "第1会議室");
        await db.InScopeAsync(sp => sp.GetRequiredService<ScheduleService>().RespondAsync(decliner.Id, id, AttendeeResponse.Declined));
        await ClearNotificationsAsync(db);

        var early = await RunAsync(db, Tokyo(2026, 4, 1, 9, 14));
        var due = await RunAsync(db, Tokyo(2026, 4, 1, 9, 15));

        early.ShouldBe(new ReminderRun(0, 0));
        due.ShouldBe(new ReminderRun(1, 2));
        var sent = await RemindersAsync(db);
        sent.Select(n => n.RecipientId).ShouldBe([organizer.Id, invitee.Id], ignoreOrder: true);
        sent.ShouldAllBe(n => n.Title == "まもなく: 打合せ 09:30〜" && n.Url == $"/schedule/events/{id}" && n.Body == "2026/04/01 09:30〜10:30 第1会議室");
    }

    [Theory, DatabaseData]
    public async Task Reminder_RunTwice_IsSentOnce(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (organizer, invitee, _) = await PeopleAsync(db);
        await CreateAsync(db, organizer, new DateTime(2026, 4, 1, 10, 0, 0), new DateTime(2026, 4, 1, 11, 0, 0), 60, [invitee.Id]);
        await ClearNotificationsAsync(db);

        var first = await RunAsync(db, Tokyo(2026, 4, 1, 9, 5));
        var second = await RunAsync(db, Tokyo(2026, 4, 1, 9, 6));

        first.Notifications.ShouldBe(2);
        second.ShouldBe(new ReminderRun(0, 0));
        (await RemindersAsync(db)).Count.ShouldBe(2);
        (await db.QueryAsync(c => c.EventReminders.CountAsync())).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Reminder_ByInstancesRunningAtOnce_IsSentOnce(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (organizer, invitee, _) = await PeopleAsync(db);
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(db, organizer, new DateTime(2026, 4, 1, 10, i, 0), new DateTime(2026, 4, 1, 11, 0, 0), 60, [invitee.Id], title: $"会議{i}");
        }

        await ClearNotificationsAsync(db);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunAsync(db, Tokyo(2026, 4, 1, 9, 30)))));

        runs.Sum(r => r.Occurrences).ShouldBe(5);
        (await RemindersAsync(db)).Count.ShouldBe(10);
        (await db.QueryAsync(c => c.EventReminders.CountAsync())).ShouldBe(5);
    }

    [Theory, DatabaseData]
    public async Task Reminder_ForASeries_RemindsEachOccurrence_AndFollowsItsExceptions(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (organizer, invitee, _) = await PeopleAsync(db);
        var id = await CreateAsync(db, organizer, new DateTime(2026, 4, 1, 10, 0, 0), new DateTime(2026, 4, 1, 10, 30, 0), 10, [invitee.Id],
            title: "朝会", recurrence: RecurrenceRule.Daily().WithCount(5).ToString());
        await db.InScopeAsync(async sp =>
        {
            var viewer = await ScheduleViewer.ForAccountAsync(sp.GetRequiredService<AppDbContext>(), organizer.Id);
            await sp.GetRequiredService<ScheduleService>().CancelAsync(viewer, id, Tokyo(2026, 4, 4, 10, 0), EditScope.One);
        });
        await ClearNotificationsAsync(db);

        var third = await RunAsync(db, Tokyo(2026, 4, 3, 9, 51));
        var cancelled = await RunAsync(db, Tokyo(2026, 4, 4, 9, 55));
        var fifth = await RunAsync(db, Tokyo(2026, 4, 5, 9, 50));
        var afterTheEnd = await RunAsync(db, Tokyo(2026, 4, 6, 9, 55));

        third.ShouldBe(new ReminderRun(1, 2));
        cancelled.ShouldBe(new ReminderRun(0, 0));
        fifth.ShouldBe(new ReminderRun(1, 2));
        afterTheEnd.ShouldBe(new ReminderRun(0, 0));
        var urls = (await RemindersAsync(db)).Select(n => n.Url).Distinct().Order().ToList();
        urls.ShouldBe([$"/schedule/events/{id}?at=20260403T1000", $"/schedule/events/{id}?at=20260405T1000"]);
        (await db.QueryAsync(c => c.EventReminders.Select(r => r.OccurrenceStartsAt).OrderBy(s => s).ToListAsync()))
            .ShouldBe([Tokyo(2026, 4, 3, 10, 0), Tokyo(2026, 4, 5, 10, 0)]);
    }

    [Theory, DatabaseData]
    public async Task Reminder_WhoseEventHasStarted_IsNotSent(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (organizer, _, _) = await PeopleAsync(db);
        await CreateAsync(db, organizer, new DateTime(2026, 4, 1, 10, 0, 0), new DateTime(2026, 4, 1, 11, 0, 0), 15, []);
        await CreateAsync(db, organizer, new DateTime(2026, 4, 1, 13, 0, 0), new DateTime(2026, 4, 1, 14, 0, 0), null, [], title: "リマインダーなし");
        await ClearNotificationsAsync(db);

        (await RunAsync(db, Tokyo(2026, 4, 1, 10, 0))).ShouldBe(new ReminderRun(0, 0));
        (await RunAsync(db, Tokyo(2026, 4, 1, 12, 59))).ShouldBe(new ReminderRun(0, 0));
        (await RemindersAsync(db)).ShouldBeEmpty();
    }

    [Fact]
    public void Message_OfAVeryLongTitle_FitsTheNotification()
    {
        var e = new ScheduleEvent { Id = 7, Title = new string('会', ScheduleEvent.MaxTitleLength), StartsAt = Tokyo(2026, 4, 1, 10, 0), EndsAt = Tokyo(2026, 4, 1, 11, 0) };

        var (title, _, url) = ReminderScheduler.Message(e, e.StartsAt, null);

        title.Length.ShouldBe(200);
        title.ShouldStartWith("まもなく: 会");
        title.ShouldEndWith("… 10:00〜");
        url.ShouldBe("/schedule/events/7");
    }

    private static async Task<(Account Organizer, Account Invitee, Account Decliner)> PeopleAsync(TestDatabase db) =>
        (await db.CreateStaffAsync("organizer.r"), await db.CreateStaffAsync("invitee.r"), await db.CreateStaffAsync("decliner.r"));

    private static Task<int> CreateAsync(TestDatabase db, Account organizer, DateTime start, DateTime end, int? reminder, IReadOnlyList<int> attendees, string title = "打合せ", string place = "", string? recurrence = null) =>
        db.InScopeAsync(async sp =>
        {
            var viewer = await ScheduleViewer.ForAccountAsync(sp.GetRequiredService<AppDbContext>(), organizer.Id);
            var e = await sp.GetRequiredService<ScheduleService>().CreateAsync(viewer, new EventDraft
            {
                Title = title,
                Place = place,
                StartsAt = start,
                EndsAt = end,
                ReminderMinutes = reminder,
                Recurrence = recurrence,
                OrganizerId = organizer.Id,
                AttendeeIds = attendees,
            });
            return e.Id;
        });

    private static Task<ReminderRun> RunAsync(TestDatabase db, DateTimeOffset now) =>
        db.InScopeAsync(sp => ActivatorUtilities.CreateInstance<ReminderScheduler>(sp).RunOnceAsync(now));

    private static Task<List<Notification>> RemindersAsync(TestDatabase db) =>
        db.QueryAsync(c => c.Notifications.AsNoTracking().Where(n => n.Kind == NotificationKinds.Reminder).ToListAsync());

    /// <summary>Invitations and answers are notified too; the tests look at reminders only, from a clean slate.</summary>
    private static Task<int> ClearNotificationsAsync(TestDatabase db) =>
        db.QueryAsync(c => c.Notifications.ExecuteDeleteAsync());

    private static DateTimeOffset Tokyo(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(9)).ToUniversalTime();
}
