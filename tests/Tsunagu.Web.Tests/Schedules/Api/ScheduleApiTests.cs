using System.Net;
using System.Text.Json;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Schedules.Api;

/// <summary>/api/v1/schedule: events, occurrences of series, privacy, organiser-only edits, answers and free time.</summary>
public abstract class ScheduleApiTests(TsunaguApp app)
{
    private const string Events = "/api/v1/schedule/events";
    private static readonly string[] Nobody = ["no.such.person"];

    [Fact]
    public async Task Create_Returns201WithLocation_AndTheEventReadsBack()
    {
        using var me = await ApiCaller.CreateAsync(app, "apicreate");
        using var colleague = await ApiCaller.CreateAsync(app, "apiguest");

        var response = await me.PostAsync(Events, new
        {
            title = "予算ヒアリング",
            place = "第3会議室",
            notes = "資料は前日までに",
            category = "meeting",
            startsAt = "2030-06-04T10:00",
            endsAt = "2030-06-04T11:30",
            reminderMinutes = 15,
            attendees = new[] { colleague.Login },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        location.ShouldStartWith("/api/v1/schedule/events/");
        var read = await me.GetAsync(location);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        read.Headers.ETag.ShouldNotBeNull();
        var e = await ApiCaller.ReadAsync(read);
        e.GetProperty("title").GetString().ShouldBe("予算ヒアリング");
        e.GetProperty("category").GetString().ShouldBe(EventCategories.Meeting);
        e.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(TestFacilities.Tokyo(2030, 6, 4, 10, 0));
        e.GetProperty("endsAt").GetDateTimeOffset().ShouldBe(TestFacilities.Tokyo(2030, 6, 4, 11, 30));
        e.GetProperty("isMasked").GetBoolean().ShouldBeFalse();
        e.GetProperty("organizer").GetProperty("login").GetString().ShouldBe(me.Login);
        e.GetProperty("attendees").EnumerateArray().Select(a => (a.GetProperty("login").GetString(), a.GetProperty("response").GetString()))
            .ShouldBe([(me.Login, "accepted"), (colleague.Login, "pending")], ignoreOrder: true);
    }

    [Fact]
    public async Task Create_WithBadInput_Is400ProblemDetails_InJapanese()
    {
        using var me = await ApiCaller.CreateAsync(app, "apibad");

        var unparseable = await ApiCaller.ProblemAsync(await me.PostAsync(Events, new { title = "x", startsAt = "来週の月曜", endsAt = "2030-06-04T11:00" }), HttpStatusCode.BadRequest);
        var backwards = await ApiCaller.ProblemAsync(await me.PostAsync(Events, new { title = "逆", startsAt = "2030-06-04T11:00", endsAt = "2030-06-04T10:00" }), HttpStatusCode.BadRequest);
        var noTitle = await ApiCaller.ProblemAsync(await me.PostAsync(Events, new { startsAt = "2030-06-04T10:00", endsAt = "2030-06-04T11:00" }), HttpStatusCode.BadRequest);
        var stranger = await ApiCaller.ProblemAsync(await me.PostAsync(Events, new { title = "x", startsAt = "2030-06-04T10:00", endsAt = "2030-06-04T11:00", attendees = Nobody }), HttpStatusCode.BadRequest);
        var rule = await ApiCaller.ProblemAsync(await me.PostAsync(Events, new { title = "x", startsAt = "2030-06-04T10:00", endsAt = "2030-06-04T11:00", recurrence = "FREQ=HOURLY" }), HttpStatusCode.BadRequest);
        var category = await ApiCaller.ProblemAsync(await me.PostAsync(Events, new { title = "x", category = "宴会", startsAt = "2030-06-04T10:00", endsAt = "2030-06-04T11:00" }), HttpStatusCode.BadRequest);
        var broken = await me.PostRawAsync(Events, "{\"title\": ");

        unparseable.GetProperty("title").GetString()!.ShouldContain("startsAt");
        backwards.GetProperty("title").GetString().ShouldBe("終了は開始より後にしてください。");
        backwards.GetProperty("code").GetString().ShouldBe("schedule.invalid-time");
        noTitle.GetProperty("title").GetString()!.ShouldContain("件名");
        stranger.GetProperty("title").GetString()!.ShouldContain("no.such.person");
        rule.GetProperty("title").GetString()!.ShouldContain("FREQ");
        category.GetProperty("title").GetString()!.ShouldContain("宴会");
        ((int)broken.StatusCode).ShouldBe(400);
        (await ApiCaller.ReadAsync(await me.GetAsync($"{Events}?from=2030-06-01&to=2030-06-30"))).GetProperty("people")[0].GetProperty("occurrences").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task List_ShowsEachOccurrenceOfASeries_AndMasksSomeoneElsesPrivateEvent()
    {
        using var owner = await ApiCaller.CreateAsync(app, "apiowner");
        using var other = await ApiCaller.CreateAsync(app, "apiother");
        await CreateAsync(owner, new { title = "週次定例", startsAt = "2030-06-03T09:00", endsAt = "2030-06-03T09:30", recurrence = "FREQ=WEEKLY;BYDAY=MO;COUNT=3" });
        await CreateAsync(owner, new { title = "人間ドック", place = "市民病院", visibility = "private", category = "leave", startsAt = "2030-06-05T13:00", endsAt = "2030-06-05T17:00" });

        var seen = await other.JsonAsync($"{Events}?from=2030-06-01&to=2030-06-30&account={owner.Login}");
        var own = await owner.JsonAsync($"{Events}?from=2030-06-01&to=2030-06-30");

        var person = seen.GetProperty("people").EnumerateArray().Single();
        person.GetProperty("person").GetProperty("login").GetString().ShouldBe(owner.Login);
        var occurrences = person.GetProperty("occurrences").EnumerateArray().ToList();
        occurrences.Select(o => o.GetProperty("title").GetString()).ShouldBe(["週次定例", ScheduleReader.MaskedTitle, "週次定例", "週次定例"]);
        occurrences.Where(o => o.GetProperty("title").GetString() == "週次定例").Select(o => o.GetProperty("at").GetString())
            .ShouldBe(["20300603T0900", "20300610T0900", "20300617T0900"]);
        var masked = occurrences[1];
        masked.GetProperty("isMasked").GetBoolean().ShouldBeTrue();
        masked.GetProperty("place").GetString().ShouldBe("");
        seen.GetRawText().ShouldNotContain("人間ドック");
        seen.GetRawText().ShouldNotContain("市民病院");
        own.GetRawText().ShouldContain("人間ドック");
    }

    [Fact]
    public async Task Get_OfSomeoneElsesPrivateEvent_ShowsOnlyThatTheTimeIsTaken()
    {
        using var owner = await ApiCaller.CreateAsync(app, "apiprivate");
        using var other = await ApiCaller.CreateAsync(app, "apipeek");
        var id = await CreateAsync(owner, new { title = "極秘の打合せ", notes = "人事案件", visibility = "private", startsAt = "2030-06-06T10:00", endsAt = "2030-06-06T11:00" });

        var e = await other.JsonAsync($"{Events}/{id}");

        e.GetProperty("isMasked").GetBoolean().ShouldBeTrue();
        e.GetProperty("title").GetString().ShouldBe(ScheduleReader.MaskedTitle);
        e.GetProperty("notes").GetString().ShouldBe("");
        e.GetProperty("attendees").GetArrayLength().ShouldBe(0);
        e.GetRawText().ShouldNotContain("極秘");
        e.GetRawText().ShouldNotContain("人事案件");
    }

    [Fact]
    public async Task Get_OfAnOccurrence_AndOfWhatDoesNotExist()
    {
        using var me = await ApiCaller.CreateAsync(app, "apiget");
        var id = await CreateAsync(me, new { title = "朝会", startsAt = "2030-06-03T08:30", endsAt = "2030-06-03T08:45", recurrence = "FREQ=DAILY;COUNT=5" });

        var third = await me.JsonAsync($"{Events}/{id}?at=20300605T0830");
        var notAnOccurrence = await me.GetAsync($"{Events}/{id}?at=20300605T0900");
        var badKey = await me.GetAsync($"{Events}/{id}?at=tomorrow");
        var unknown = await me.GetAsync($"{Events}/987654321");

        third.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(TestFacilities.Tokyo(2030, 6, 5, 8, 30));
        third.GetProperty("at").GetString().ShouldBe("20300605T0830");
        third.GetProperty("recurrence").GetString().ShouldBe("FREQ=DAILY;COUNT=5");
        await ApiCaller.ProblemAsync(notAnOccurrence, HttpStatusCode.NotFound);
        (await ApiCaller.ProblemAsync(badKey, HttpStatusCode.BadRequest)).GetProperty("title").GetString()!.ShouldContain("yyyyMMddTHHmm");
        await ApiCaller.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_WithTheCurrentVersion_Succeeds_AndAStaleOneIsRefused()
    {
        using var me = await ApiCaller.CreateAsync(app, "apiput");
        var id = await CreateAsync(me, new { title = "打合せ", startsAt = "2030-06-07T10:00", endsAt = "2030-06-07T11:00" });
        var etag = (await me.GetAsync($"{Events}/{id}")).Headers.ETag!.Tag;
        var edit = new { title = "打合せ(場所変更)", place = "第5会議室", startsAt = "2030-06-07T10:00", endsAt = "2030-06-07T11:00" };

        var first = await me.PutAsync($"{Events}/{id}", edit, ifMatch: etag);
        var staleIfMatch = await me.PutAsync($"{Events}/{id}", edit, ifMatch: etag);
        var staleVersion = await me.PutAsync($"{Events}/{id}", new { title = "x", startsAt = "2030-06-07T10:00", endsAt = "2030-06-07T11:00", version = 1 });

        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        first.Headers.ETag!.Tag.ShouldNotBe(etag);
        (await ApiCaller.ReadAsync(first)).GetProperty("place").GetString().ShouldBe("第5会議室");
        (await ApiCaller.ProblemAsync(staleIfMatch, HttpStatusCode.PreconditionFailed)).GetProperty("code").GetString().ShouldBe("schedule.stale");
        (await ApiCaller.ProblemAsync(staleVersion, HttpStatusCode.Conflict)).GetProperty("title").GetString()!.ShouldContain("先に更新");
        (await me.JsonAsync($"{Events}/{id}")).GetProperty("title").GetString().ShouldBe("打合せ(場所変更)");
    }

    [Fact]
    public async Task UpdateAndDelete_BySomeoneOtherThanTheOrganiser_Are403_AndUnknownIdsAre404()
    {
        using var owner = await ApiCaller.CreateAsync(app, "apimine");
        using var other = await ApiCaller.CreateAsync(app, "apinotmine");
        var id = await CreateAsync(owner, new { title = "課内会議", startsAt = "2030-06-07T14:00", endsAt = "2030-06-07T15:00", attendees = new[] { other.Login } });
        var edit = new { title = "乗っ取り", startsAt = "2030-06-07T14:00", endsAt = "2030-06-07T15:00" };

        var put = await other.PutAsync($"{Events}/{id}", edit);
        var delete = await other.DeleteAsync($"{Events}/{id}");
        var putUnknown = await owner.PutAsync($"{Events}/987654321", edit);
        var deleteUnknown = await owner.DeleteAsync($"{Events}/987654321");
        var badScope = await owner.DeleteAsync($"{Events}/{id}?scope=some");

        (await ApiCaller.ProblemAsync(put, HttpStatusCode.Forbidden)).GetProperty("title").GetString()!.ShouldContain("主催者");
        await ApiCaller.ProblemAsync(delete, HttpStatusCode.Forbidden);
        await ApiCaller.ProblemAsync(putUnknown, HttpStatusCode.NotFound);
        await ApiCaller.ProblemAsync(deleteUnknown, HttpStatusCode.NotFound);
        (await ApiCaller.ProblemAsync(badScope, HttpStatusCode.BadRequest)).GetProperty("title").GetString()!.ShouldContain("scope");
        (await owner.JsonAsync($"{Events}/{id}")).GetProperty("title").GetString().ShouldBe("課内会議");
    }

    [Fact]
    public async Task Delete_OfOneOccurrence_LeavesTheRestOfTheSeries()
    {
        using var me = await ApiCaller.CreateAsync(app, "apidel");
        var id = await CreateAsync(me, new { title = "勉強会", startsAt = "2030-06-03T16:00", endsAt = "2030-06-03T17:00", recurrence = "FREQ=WEEKLY;COUNT=3" });

        var one = await me.DeleteAsync($"{Events}/{id}?at=20300610T1600&scope=one");
        var single = await CreateAsync(me, new { title = "単発", startsAt = "2030-06-04T16:00", endsAt = "2030-06-04T17:00" });
        var whole = await me.DeleteAsync($"{Events}/{single}");

        one.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        whole.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var list = await me.JsonAsync($"{Events}?from=2030-06-01&to=2030-06-30");
        list.GetProperty("people")[0].GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("at").GetString())
            .ShouldBe(["20300603T1600", "20300617T1600"]);
        await ApiCaller.ProblemAsync(await me.GetAsync($"{Events}/{id}?at=20300610T1600"), HttpStatusCode.NotFound);
        await ApiCaller.ProblemAsync(await me.GetAsync($"{Events}/{single}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Response_ByAnInvitee_IsSeenByTheOrganiser_AndOthersCannotAnswer()
    {
        using var organizer = await ApiCaller.CreateAsync(app, "apiorg");
        using var invitee = await ApiCaller.CreateAsync(app, "apiinv");
        using var outsider = await ApiCaller.CreateAsync(app, "apiout");
        var id = await CreateAsync(organizer, new { title = "検討会", startsAt = "2030-06-10T13:00", endsAt = "2030-06-10T14:00", attendees = new[] { invitee.Login } });

        var answer = await invitee.PostAsync($"{Events}/{id}/response", new { response = "declined" });
        var notInvited = await outsider.PostAsync($"{Events}/{id}/response", new { response = "accepted" });
        var nonsense = await invitee.PostAsync($"{Events}/{id}/response", new { response = "maybe" });
        var unknown = await invitee.PostAsync($"{Events}/987654321/response", new { response = "accepted" });

        answer.StatusCode.ShouldBe(HttpStatusCode.NoContent, await answer.Content.ReadAsStringAsync());
        (await ApiCaller.ProblemAsync(notInvited, HttpStatusCode.Forbidden)).GetProperty("title").GetString()!.ShouldContain("招待されていない");
        (await ApiCaller.ProblemAsync(nonsense, HttpStatusCode.BadRequest)).GetProperty("title").GetString()!.ShouldContain("accepted");
        await ApiCaller.ProblemAsync(unknown, HttpStatusCode.NotFound);
        var e = await organizer.JsonAsync($"{Events}/{id}");
        e.GetProperty("attendees").EnumerateArray().Single(a => a.GetProperty("login").GetString() == invitee.Login)
            .GetProperty("response").GetString().ShouldBe("declined");
    }

    [Fact]
    public async Task FreeSlots_SkipTheTimesPeopleAreBusy()
    {
        using var a = await ApiCaller.CreateAsync(app, "apifreea");
        using var b = await ApiCaller.CreateAsync(app, "apifreeb");
        // Monday 3 June 2030: a is out all morning, b has a meeting from 13:00 to 15:00.
        await CreateAsync(a, new { title = "外出", category = "out", startsAt = "2030-06-03T08:30", endsAt = "2030-06-03T12:00" });
        await CreateAsync(b, new { title = "会議", startsAt = "2030-06-03T13:00", endsAt = "2030-06-03T15:00" });

        var result = await a.JsonAsync($"/api/v1/schedule/free-slots?attendees={a.Login},{b.Login}&from=2030-06-03&to=2030-06-03&minutes=60");

        result.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("login").GetString()).ShouldBe([a.Login, b.Login]);
        var slots = result.GetProperty("slots").EnumerateArray().ToList();
        var best = slots[0];
        best.GetProperty("everyoneFree").GetBoolean().ShouldBeTrue();
        best.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(TestFacilities.Tokyo(2030, 6, 3, 15, 0));
        best.GetProperty("endsAt").GetDateTimeOffset().ShouldBe(TestFacilities.Tokyo(2030, 6, 3, 16, 0));
        var partly = slots.Where(s => !s.GetProperty("everyoneFree").GetBoolean()).ToList();
        partly.ShouldNotBeEmpty();
        partly.ShouldAllBe(s => s.GetProperty("busy").GetArrayLength() == 1);
    }

    [Theory]
    [InlineData("attendees={0}&from=2030-06-03&to=2030-06-07&minutes=abc", "minutes")]
    [InlineData("attendees={0}&from=2030-06-03&to=2030-06-07&minutes=1000", "所要時間")]
    [InlineData("attendees={0}&from=2030/06/03", "from")]
    [InlineData("attendees={0}&from=2030-06-10&to=2030-06-03", "期間")]
    [InlineData("attendees={0}&departments=x", "departments")]
    [InlineData("attendees=no.such.person", "no.such.person")]
    [InlineData("attendees={0}&maxBusy=99", "maxBusy")]
    [InlineData("from=2030-06-03", "参加者")]
    [InlineData("attendees={0}&from=2150-01-05", "from")]
    public async Task FreeSlots_WithBadInput_Is400ProblemDetails(string query, string mentioned)
    {
        using var me = await ApiCaller.CreateAsync(app, "apifreebad");

        var response = await me.GetAsync("/api/v1/schedule/free-slots?" + query.Replace("{0}", me.Login, StringComparison.Ordinal));

        (await ApiCaller.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("title").GetString()!.ShouldContain(mentioned);
    }

    [Fact]
    public async Task List_WithABadRange_Is400()
    {
        using var me = await ApiCaller.CreateAsync(app, "apirange");

        await ApiCaller.ProblemAsync(await me.GetAsync($"{Events}?from=yesterday"), HttpStatusCode.BadRequest);
        await ApiCaller.ProblemAsync(await me.GetAsync($"{Events}?from=2030-01-01&to=2030-12-31"), HttpStatusCode.BadRequest);
        await ApiCaller.ProblemAsync(await me.GetAsync($"{Events}?account=no.such.person"), HttpStatusCode.BadRequest);
        await ApiCaller.ProblemAsync(await me.GetAsync($"{Events}?from=9999-12-31"), HttpStatusCode.BadRequest);
        await ApiCaller.ProblemAsync(await me.GetAsync($"{Events}/1?at=00010101T0000"), HttpStatusCode.BadRequest);
        await ApiCaller.ProblemAsync(await me.GetAsync($"{Events}/1?at=99991231T2359"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OpenApi_DescribesTheScheduleApi_WithItsRequestBodies()
    {
        using var me = await ApiCaller.CreateAsync(app, "apidoc");

        var document = await me.JsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        paths.TryGetProperty("/api/v1/schedule/free-slots", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/facility-bookings", out _).ShouldBeTrue();
        var create = paths.GetProperty("/api/v1/schedule/events").GetProperty("post");
        create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText().ShouldContain("\"startsAt\"");
        paths.GetProperty("/api/v1/facility-bookings").GetProperty("post").GetProperty("requestBody").GetRawText().ShouldContain("\"facilityId\"");
    }

    private static async Task<int> CreateAsync(ApiCaller caller, object body)
    {
        var response = await caller.PostAsync(Events, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await ApiCaller.ReadAsync(response)).GetProperty("id").GetInt32();
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class ScheduleApiTests_Sqlite(SqliteDemoCity app) : ScheduleApiTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class ScheduleApiTests_PostgreSql(PostgreSqlDemoCity app) : ScheduleApiTests(app);
