using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Data;
using Tsunagu.Core.Meetings;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Attachments;
using Tsunagu.Core.Tests.Bulletins;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Meetings;

/// <summary>Meeting bodies and sessions on both databases: generation, membership, visibility, agenda, attendance, papers.</summary>
public sealed class MeetingServiceTests
{
    private static readonly DateOnly April1 = new(2026, 4, 1);

    private static Task<MeetingActor> ActorAsync(TestDatabase db, BulletinPerson person) =>
        db.QueryAsync(d => MeetingActor.ForAccountAsync(d, person.Id));

    private static Task<T> WithService<T>(TestDatabase db, Func<MeetingService, Task<T>> action) =>
        db.InScopeAsync(sp => action(sp.GetRequiredService<MeetingService>()));

    /// <summary>A weekly Monday body: chaired by the 総務課長, run by 総務課's 主事, with the 財政課 主事 as a member.</summary>
    private static async Task<(BulletinCity City, MeetingBody Body)> BodyAsync(TestDatabase db, CadenceKind cadence = CadenceKind.Weekly)
    {
        var city = await db.CityAsync();
        var actor = await ActorAsync(db, city.SoumuKacho);
        var body = await WithService(db, s => s.CreateBodyAsync(actor, new MeetingBodyInput
        {
            Name = "進捗定例会",
            Purpose = "DX推進の進捗を確認する",
            ChairId = city.SoumuKacho.Id,
            SecretaryId = city.SoumuShuji.Id,
            Cadence = cadence,
            Weekday = DayOfWeek.Monday,
            AnchorDate = new DateOnly(2026, 3, 1),
            StartTime = new TimeOnly(10, 0),
            DurationMinutes = 60,
            Place = "本庁舎3階 会議室",
            Members = [new MemberInput(city.ZaiseiShuji.Id, "委員")],
        }));
        return (city, body);
    }

    [Theory, DatabaseData]
    public async Task Generate_Twice_CreatesEachSessionOnce_InTheMembersSchedules(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (city, body) = await BodyAsync(db);
        var secretary = await ActorAsync(db, city.SoumuShuji);

        var first = await WithService(db, s => s.GenerateAsync(secretary, body.Id, April1, new DateOnly(2026, 6, 30)));
        var second = await WithService(db, s => s.GenerateAsync(secretary, body.Id, April1, new DateOnly(2026, 6, 30)));

        first.Created.Count.ShouldBe(13); // Mondays 4/6 … 6/29
        second.Created.ShouldBeEmpty();
        second.AlreadyThere.ShouldBe(13);
        (await db.QueryAsync(d => d.Set<Meeting>().CountAsync(m => m.BodyId == body.Id))).ShouldBe(13);
        (await db.QueryAsync(d => d.Events.CountAsync(e => e.Category == EventCategories.Meeting))).ShouldBe(13);

        // Every session is in the member's schedule, organised by the secretary.
        var memberEvents = await db.QueryAsync(d => d.EventAttendees.Where(a => a.AccountId == city.ZaiseiShuji.Id).Select(a => a.Event!.OrganizerId).ToListAsync());
        memberEvents.Count.ShouldBe(13);
        memberEvents.ShouldAllBe(id => id == city.SoumuShuji.Id);

        // One notification for the run, not one per session.
        (await db.QueryAsync(d => d.Notifications.CountAsync(n => n.RecipientId == city.ZaiseiShuji.Id && n.Kind == NotificationKinds.Meeting))).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Generate_OverGoldenWeek_MovesTheSessionAndSaysWhy(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (city, body) = await BodyAsync(db);
        var secretary = await ActorAsync(db, city.SoumuShuji);

        var result = await WithService(db, s => s.GenerateAsync(secretary, body.Id, new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31)));

        result.Moved.Single().ScheduledOn.ShouldBe(new DateOnly(2026, 5, 4));
        var moved = await db.QueryAsync(d => d.Set<Meeting>().SingleAsync(m => m.ScheduledOn == new DateOnly(2026, 5, 4)));
        Clock.TokyoDate(moved.StartsAt).ShouldBe(new DateOnly(2026, 5, 7));
        Clock.TokyoLocal(moved.StartsAt).Hour.ShouldBe(10);
        moved.MovedReason.ShouldBe("みどりの日");
    }

    [Theory, DatabaseData]
    public async Task MembershipChange_UpdatesFutureSessionsOnly(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (city, body) = await BodyAsync(db);
        var chair = await ActorAsync(db, city.SoumuKacho);
        await WithService(db, s => s.GenerateAsync(chair, body.Id, new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30)));

        var input = new MeetingBodyInput
        {
            Name = body.Name, Purpose = body.Purpose, ChairId = body.ChairId, SecretaryId = body.SecretaryId, Cadence = body.Cadence, Weekday = body.Weekday,
            AnchorDate = body.AnchorDate, StartTime = body.StartTime, DurationMinutes = body.DurationMinutes, Place = body.Place,
            Members = [new MemberInput(city.ShiminShuji.Id)],
        };
        await WithService(db, s => s.UpdateBodyAsync(chair, body.Id, input));

        var now = db.Clock.GetUtcNow();
        var sessions = await db.QueryAsync(d => d.Set<Meeting>().Include(m => m.Attendees).Where(m => m.BodyId == body.Id).ToListAsync());
        foreach (var m in sessions)
        {
            var ids = m.Attendees.Select(a => a.AccountId).ToList();
            if (m.StartsAt > now)
            {
                ids.ShouldContain(city.ShiminShuji.Id);
                ids.ShouldNotContain(city.ZaiseiShuji.Id);
            }
            else
            {
                ids.ShouldContain(city.ZaiseiShuji.Id);
                ids.ShouldNotContain(city.ShiminShuji.Id);
            }
        }

        var future = sessions.Where(m => m.StartsAt > now).Select(m => m.EventId!.Value).ToList();
        (await db.QueryAsync(d => d.EventAttendees.CountAsync(a => a.AccountId == city.ShiminShuji.Id && future.Contains(a.EventId)))).ShouldBe(future.Count);
        (await db.QueryAsync(d => d.EventAttendees.CountAsync(a => a.AccountId == city.ZaiseiShuji.Id && future.Contains(a.EventId)))).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task NonMember_SeesNoSession_InPageListWidgetOrSearch(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (city, body) = await BodyAsync(db);
        var secretary = await ActorAsync(db, city.SoumuShuji);
        var created = await WithService(db, s => s.GenerateAsync(secretary, body.Id, April1, new DateOnly(2026, 4, 30)));
        var meetingId = created.Created[0].Id;
        await WithService(db, s => s.AddAgendaItemAsync(secretary, meetingId, "電子申請の導入状況", "", null, 20));
        await WithService(db, s => s.AddMaterialsAsync(secretary, meetingId, null,
            [new MaterialUpload("資料1.pdf", "application/pdf", new MemoryStream(SampleFiles.JapanesePdf(["ペーパーレス化の推進計画"])))]));
        var now = db.Clock.GetUtcNow();

        async Task<(int List, int Next, int Hits, int FileHits)> SeenBy(BulletinPerson p) => await db.InScopeAsync(async sp =>
        {
            var reader = sp.GetRequiredService<MeetingReader>();
            var data = sp.GetRequiredService<AppDbContext>();
            var viewer = await SearchViewer.ForAccountAsync(data, p.Id);
            var hits = await new SearchIndex(data).QueryAsync(new SearchQuery("電子申請") { Module = SearchModules.Meeting }, viewer);
            var files = await new SearchIndex(data).QueryAsync(new SearchQuery("ペーパーレス") { Module = SearchModules.MeetingFile }, viewer);
            return ((await reader.ListAsync(p.Id, true, now)).Total, (await reader.NextAsync(p.Id, now)).Count, hits.Total, files.Total);
        });

        (await SeenBy(city.ZaiseiShuji)).ShouldBe((4, 4, 1, 1));
        (await SeenBy(city.ShiminShuji)).ShouldBe((0, 0, 0, 0));
        await Should.ThrowAsync<AccessDeniedException>(() => db.InScopeAsync(sp => sp.GetRequiredService<MeetingReader>().GetAsync(city.ShiminShuji.Id, meetingId)));
        (await db.InScopeAsync(sp => sp.GetRequiredService<MeetingService>().OpenMaterialAsync(city.ShiminShuji.Id, meetingId, 1))).ShouldBeNull();
    }

    [Theory, DatabaseData]
    public async Task Agenda_And_Attendance_FollowTheRules(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var (city, body) = await BodyAsync(db);
        var secretary = await ActorAsync(db, city.SoumuShuji);
        var member = await ActorAsync(db, city.ZaiseiShuji);
        var meetingId = (await WithService(db, s => s.GenerateAsync(secretary, body.Id, April1, new DateOnly(2026, 4, 10)))).Created[0].Id;

        await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.AddAgendaItemAsync(secretary, meetingId, "議題", "", city.ShiminShuji.Id, 10)));
        await Should.ThrowAsync<AccessDeniedException>(() => WithService(db, s => s.AddAgendaItemAsync(member, meetingId, "議題", "", null, 10)));
        var a = await WithService(db, s => s.AddAgendaItemAsync(secretary, meetingId, "進捗報告", "", city.ZaiseiShuji.Id, 20));
        var b = await WithService(db, s => s.AddAgendaItemAsync(secretary, meetingId, "意見交換", "", null, 30));
        await db.InScopeAsync(sp => sp.GetRequiredService<MeetingService>().MoveAgendaItemAsync(secretary, meetingId, b.Id, -1));

        await db.InScopeAsync(sp => sp.GetRequiredService<MeetingService>().SetAttendanceAsync(member, meetingId, city.ZaiseiShuji.Id, AttendanceState.Present));
        await Should.ThrowAsync<AccessDeniedException>(() => db.InScopeAsync(sp => sp.GetRequiredService<MeetingService>().SetAttendanceAsync(member, meetingId, city.SoumuKacho.Id, AttendanceState.Absent)));
        await db.InScopeAsync(sp => sp.GetRequiredService<MeetingService>().SetAttendanceAsync(secretary, meetingId, city.SoumuKacho.Id, AttendanceState.Absent));

        var detail = (await db.InScopeAsync(sp => sp.GetRequiredService<MeetingReader>().GetAsync(city.ZaiseiShuji.Id, meetingId)))!;
        detail.Meeting.AgendaItems.OrderBy(i => i.Position).Select(i => i.Title).ShouldBe(["意見交換", "進捗報告"]);
        detail.Meeting.AgendaMinutes.ShouldBe(50);
        detail.Attendees.Single(x => x.AccountId == city.ZaiseiShuji.Id).Attendance.ShouldBe(AttendanceState.Present);
        detail.Attendees.Single(x => x.AccountId == city.SoumuKacho.Id).Attendance.ShouldBe(AttendanceState.Absent);
        detail.CanManage.ShouldBeFalse();
        _ = a;
    }

    [Theory, DatabaseData]
    public async Task BadInput_IsRefusedInJapanese_AndWritesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var staff = await ActorAsync(db, city.ShiminShuji);
        var start = db.Clock.GetUtcNow().AddDays(1);

        MeetingInput Input(string title = "打合せ", string? url = null, int minutes = 60) =>
            new() { Title = title, StartsAt = start, EndsAt = start.AddMinutes(minutes), WebMeetingUrl = url, AttendeeIds = [city.ZaiseiShuji.Id] };

        (await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.CreateMeetingAsync(staff, Input(url: "javascript:alert(1)"))))).Message.ShouldContain("https://");
        (await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.CreateMeetingAsync(staff, Input(minutes: -30))))).Message.ShouldContain("終了は開始より後");
        (await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.CreateMeetingAsync(staff, Input(title: new string('会', 201)))))).Message.ShouldContain("200文字");
        (await db.QueryAsync(d => d.Set<Meeting>().CountAsync())).ShouldBe(0);
        (await db.QueryAsync(d => d.Events.CountAsync())).ShouldBe(0);

        var meeting = await WithService(db, s => s.CreateMeetingAsync(staff, Input(url: "https://meet.city.setouchi.example.jp/r/123")));
        meeting.SecretaryId.ShouldBe(city.ShiminShuji.Id);
        var ex = await Should.ThrowAsync<DomainException>(() => WithService(db, s => s.AddMaterialsAsync(staff, meeting.Id, null,
            [new MaterialUpload("ok.txt", "text/plain", new MemoryStream("メモ"u8.ToArray())), new MaterialUpload("run.exe", "application/octet-stream", new MemoryStream([1, 2, 3]))])));
        ex.Message.ShouldContain("資料にできない形式");
        (await db.QueryAsync(d => d.Attachments.CountAsync())).ShouldBe(0);
        (await db.QueryAsync(d => d.Set<MeetingMaterial>().CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Bodies_AreCreatedByManagers_NotByStaff(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var input = new MeetingBodyInput { Name = "分科会", Cadence = CadenceKind.AsNeeded, AnchorDate = April1 };

        await Should.ThrowAsync<AccessDeniedException>(async () => await WithService(db, async s => await s.CreateBodyAsync(await ActorAsync(db, city.ShiminShuji), input)));
        var body = await WithService(db, async s => await s.CreateBodyAsync(await ActorAsync(db, city.ShiminKacho), input));
        body.Id.ShouldBeGreaterThan(0);
        await Should.ThrowAsync<DomainException>(async () => await WithService(db, async s => await s.GenerateAsync(await ActorAsync(db, city.ShiminKacho), body.Id, April1, April1.AddMonths(3))));
    }

    [Theory, DatabaseData]
    public async Task Reschedule_MovesTheEvent_AndCancel_TakesItOut(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var staff = await ActorAsync(db, city.ShiminShuji);
        var start = db.Clock.GetUtcNow().AddDays(1);
        var meeting = await WithService(db, s => s.CreateMeetingAsync(staff, new MeetingInput { Title = "打合せ", StartsAt = start, EndsAt = start.AddHours(1), AttendeeIds = [city.ZaiseiShuji.Id] }));

        await WithService(db, s => s.UpdateMeetingAsync(staff, meeting.Id, new MeetingInput { Title = "打合せ", StartsAt = start.AddHours(2), EndsAt = start.AddHours(3) }));
        var e = await db.QueryAsync(d => d.Events.Include(x => x.Attendees).SingleAsync());
        e.StartsAt.ShouldBe(start.AddHours(2));
        e.Attendees.ShouldAllBe(a => a.StartsAt == start.AddHours(2));

        await db.InScopeAsync(sp => sp.GetRequiredService<MeetingService>().CancelMeetingAsync(staff, meeting.Id));
        (await db.QueryAsync(d => d.Events.SingleAsync())).IsCancelled.ShouldBeTrue();
        (await db.QueryAsync(d => d.Set<Meeting>().SingleAsync())).State.ShouldBe(MeetingState.Cancelled);
        (await db.QueryAsync(d => d.Notifications.CountAsync(n => n.RecipientId == city.ZaiseiShuji.Id && n.Kind == NotificationKinds.Meeting))).ShouldBe(3);
        await Should.ThrowAsync<DomainException>(() => db.InScopeAsync(sp => sp.GetRequiredService<MeetingService>().CancelMeetingAsync(staff, meeting.Id)));
    }
}
