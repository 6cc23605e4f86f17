using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Facilities;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Schedules.Api;

/// <summary>/api/v1/facilities and /api/v1/facility-bookings: booking, conflicts (also under concurrency), listing.</summary>
public abstract class FacilityBookingApiTests(TsunaguApp app)
{
    private const string Bookings = "/api/v1/facility-bookings";

    [Fact]
    public async Task Book_OneHundredConcurrentRequestsForTheSameSlot_GiveOne201And99Conflicts()
    {
        var facility = await TestFacilities.CreateAsync(app, "同時予約室");
        using var me = await ApiCaller.CreateAsync(app, "apirace");
        (await me.GetAsync("/api/v1/facilities")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = new { facilityId = facility, startsAt = "2030-07-01T10:00", endsAt = "2030-07-01T11:00", purpose = "同時予約の試験" };

        using var start = new ManualResetEventSlim();
        var requests = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await me.PostAsync(Bookings, body);
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(requests);

        var statuses = responses.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        var summary = string.Join(", ", statuses.Select(s => $"{(int)s.Key}×{s.Value}")) + "\n" + string.Join("\n", app.Factory.Errors.All.TakeLast(3));
        statuses.GetValueOrDefault(HttpStatusCode.Created).ShouldBe(1, summary);
        statuses.GetValueOrDefault(HttpStatusCode.Conflict).ShouldBe(99, summary);
        var winner = await ApiCaller.ReadAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).Take(10))
        {
            var problem = await ApiCaller.ProblemAsync(conflict, HttpStatusCode.Conflict);
            problem.GetProperty("code").GetString().ShouldBe("booking.conflict");
            problem.GetProperty("conflicts").EnumerateArray().Single().GetProperty("bookingId").GetInt32().ShouldBe(winner.GetProperty("id").GetInt32());
        }

        (await app.QueryAsync(db => db.FacilityBookings.CountAsync(b => b.FacilityId == facility))).ShouldBe(1);
    }

    [Fact]
    public async Task Book_ReturnsTheBooking_WhichTheListsShow()
    {
        var facility = await TestFacilities.CreateAsync(app, "一覧確認室");
        using var me = await ApiCaller.CreateAsync(app, "apibook");

        var response = await me.PostAsync(Bookings, new { facilityId = facility, startsAt = "2030-07-02T13:00", endsAt = "2030-07-02T15:00", purpose = "説明会の準備" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var booking = await ApiCaller.ReadAsync(response);
        var id = booking.GetProperty("id").GetInt32();
        response.Headers.Location!.OriginalString.ShouldBe($"{Bookings}/{id}");
        booking.GetProperty("status").GetString().ShouldBe("confirmed");
        booking.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(TestFacilities.Tokyo(2030, 7, 2, 13, 0));
        booking.GetProperty("bookedBy").GetProperty("login").GetString().ShouldBe(me.Login);
        (await me.JsonAsync($"{Bookings}/{id}")).GetProperty("purpose").GetString().ShouldBe("説明会の準備");
        var list = await me.JsonAsync($"{Bookings}?facility={facility}&from=2030-07-01&to=2030-07-31");
        list.EnumerateArray().Select(b => b.GetProperty("id").GetInt32()).ShouldBe([id]);
        var facilities = await me.JsonAsync("/api/v1/facilities");
        var mine = facilities.EnumerateArray().Single(f => f.GetProperty("id").GetInt32() == facility);
        mine.GetProperty("kind").GetString().ShouldBe("room");
        mine.GetProperty("attributes").EnumerateArray().Select(a => a.GetString()).ShouldBe(["プロジェクター"]);
    }

    [Fact]
    public async Task Book_AFacilityThatNeedsApproval_IsTentative()
    {
        var facility = await TestFacilities.CreateAsync(app, "承認制の部屋", requiresApproval: true);
        using var me = await ApiCaller.CreateAsync(app, "apitent");

        var response = await me.PostAsync(Bookings, new { facilityId = facility, startsAt = "2030-07-03T09:00", endsAt = "2030-07-03T10:00", purpose = "面談" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ApiCaller.ReadAsync(response)).GetProperty("status").GetString().ShouldBe("tentative");
    }

    [Fact]
    public async Task Event_WithARoomAlreadyBooked_Is409WithTheConflictingBooking()
    {
        var facility = await TestFacilities.CreateAsync(app, "重複確認室");
        using var first = await ApiCaller.CreateAsync(app, "apifirst");
        using var second = await ApiCaller.CreateAsync(app, "apisecond");
        var booked = await first.PostAsync(Bookings, new { facilityId = facility, startsAt = "2030-07-04T10:00", endsAt = "2030-07-04T12:00", purpose = "研修" });
        var bookingId = (await ApiCaller.ReadAsync(booked)).GetProperty("id").GetInt32();

        var response = await second.PostAsync("/api/v1/schedule/events", new
        {
            title = "係会議",
            startsAt = "2030-07-04T11:00",
            endsAt = "2030-07-04T12:00",
            facilities = new[] { facility },
        });

        var problem = await ApiCaller.ProblemAsync(response, HttpStatusCode.Conflict);
        problem.GetProperty("title").GetString()!.ShouldContain("すでに予約があります");
        var conflict = problem.GetProperty("conflicts").EnumerateArray().Single();
        conflict.GetProperty("bookingId").GetInt32().ShouldBe(bookingId);
        conflict.GetProperty("purpose").GetString().ShouldBe("研修");
        conflict.GetProperty("status").GetString().ShouldBe("confirmed");
        (await app.QueryAsync(db => db.Events.AnyAsync(e => e.Title == "係会議" && e.OrganizerId == second.Id))).ShouldBeFalse();
    }

    [Theory]
    [InlineData("{\"startsAt\":\"2030-07-05T10:00\",\"endsAt\":\"2030-07-05T11:00\",\"purpose\":\"x\"}", "facilityId")]
    [InlineData("{\"facilityId\":{0},\"startsAt\":\"10時\",\"endsAt\":\"2030-07-05T11:00\",\"purpose\":\"x\"}", "startsAt")]
    [InlineData("{\"facilityId\":{0},\"startsAt\":\"2030-07-05\",\"endsAt\":\"2030-07-05T11:00\",\"purpose\":\"x\"}", "startsAt")]
    [InlineData("{\"facilityId\":{0},\"startsAt\":\"0001-01-01T00:00\",\"endsAt\":\"2030-07-05T11:00\",\"purpose\":\"x\"}", "startsAt")]
    [InlineData("{\"facilityId\":{0},\"startsAt\":\"2030-07-05T11:00\",\"endsAt\":\"2030-07-05T10:00\",\"purpose\":\"x\"}", "終了は開始より後")]
    [InlineData("{\"facilityId\":{0},\"startsAt\":\"2030-07-05T10:00\",\"endsAt\":\"2030-07-05T11:00\",\"purpose\":\"\"}", "利用目的")]
    [InlineData("{\"facilityId\":987654321,\"startsAt\":\"2030-07-05T10:00\",\"endsAt\":\"2030-07-05T11:00\",\"purpose\":\"x\"}", "施設が見つかりません")]
    [InlineData("{\"facilityId\":\"three\"}", "JSON")]
    public async Task Book_WithBadInput_Is400ProblemDetails(string json, string mentioned)
    {
        var facility = await TestFacilities.CreateAsync(app, "入力確認室");
        using var me = await ApiCaller.CreateAsync(app, "apibookbad");

        var response = await me.PostRawAsync(Bookings, json.Replace("{0}", facility.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        (await ApiCaller.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("title").GetString()!.ShouldContain(mentioned);
        (await app.QueryAsync(db => db.FacilityBookings.CountAsync(b => b.FacilityId == facility))).ShouldBe(0);
    }

    [Fact]
    public async Task Bookings_OfAPrivateEvent_ShowOthersOnlyThatTheRoomIsTaken_AndUnknownIdsAre404()
    {
        var facility = await TestFacilities.CreateAsync(app, "非公開確認室");
        using var owner = await ApiCaller.CreateAsync(app, "apiprivroom");
        using var other = await ApiCaller.CreateAsync(app, "apilook");
        var created = await owner.PostAsync("/api/v1/schedule/events", new
        {
            title = "人事面談",
            visibility = "private",
            startsAt = "2030-07-08T10:00",
            endsAt = "2030-07-08T11:00",
            facilities = new[] { facility },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var seen = await other.JsonAsync($"{Bookings}?facility={facility}&from=2030-07-08&to=2030-07-08");
        var own = await owner.JsonAsync($"{Bookings}?facility={facility}&from=2030-07-08&to=2030-07-08");

        seen.EnumerateArray().Single().GetProperty("isMasked").GetBoolean().ShouldBeTrue();
        seen.GetRawText().ShouldNotContain("人事面談");
        own.EnumerateArray().Single().GetProperty("purpose").GetString().ShouldBe("人事面談");
        await ApiCaller.ProblemAsync(await other.GetAsync($"{Bookings}/987654321"), HttpStatusCode.NotFound);
        await ApiCaller.ProblemAsync(await other.GetAsync($"{Bookings}?facility=abc"), HttpStatusCode.BadRequest);
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class FacilityBookingApiTests_Sqlite(SqliteDemoCity app) : FacilityBookingApiTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class FacilityBookingApiTests_PostgreSql(PostgreSqlDemoCity app) : FacilityBookingApiTests(app);
