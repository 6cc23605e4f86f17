using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Meetings;
using Tsunagu.Web.Tests.Infrastructure;
using Xunit;

namespace Tsunagu.Web.Tests.Meetings;

/// <summary>The meeting pages, forms, downloads and API as people use them: members see the session, nobody else sees any of it.</summary>
public abstract class MeetingPagesTests(TsunaguApp app)
{
    private sealed record Person(int Id, string Login);

    private sealed record Session(int MeetingId, int MaterialId, string Title, string Agenda, Person Secretary, Person Member, Person Outsider)
    {
        public string Page => $"/meetings/{Inv(MeetingId)}";
    }

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<Person> StaffAsync(string purpose)
    {
        var login = Logins.Unique(purpose);
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        return new Person(account.Id, login);
    }

    private static MeetingActor Actor(Person p, bool manager = false) => new(p.Id, false, manager, new Actor(p.Id, p.Login, null));

    /// <summary>An ad-hoc meeting tomorrow with one agenda item and a text paper, made through the service.</summary>
    private async Task<Session> SessionAsync(string purpose)
    {
        var secretary = await StaffAsync($"{purpose}s");
        var member = await StaffAsync($"{purpose}m");
        var outsider = await StaffAsync($"{purpose}o");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var title = $"試験会議{tag}";
        var agenda = $"秘匿議題{tag}";
        return await app.InScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<MeetingService>();
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            var starts = new DateTimeOffset(now.Year, now.Month, now.Day, 1, 0, 0, TimeSpan.Zero).AddDays(1);
            var meeting = await service.CreateMeetingAsync(Actor(secretary), new MeetingInput
            {
                Title = title, StartsAt = starts, EndsAt = starts.AddHours(1), Place = "第3会議室", AttendeeIds = [member.Id],
            });
            await service.AddAgendaItemAsync(Actor(secretary), meeting.Id, agenda, "", member.Id, 15);
            using var text = new MemoryStream(Encoding.UTF8.GetBytes($"資料本文{tag}"));
            var added = await service.AddMaterialsAsync(Actor(secretary), meeting.Id, null, [new MaterialUpload($"資料{tag}.txt", "text/plain", text)]);
            return new Session(meeting.Id, added[0].Id, title, agenda, secretary, member, outsider);
        });
    }

    private static async Task<Dictionary<string, string>> TokenAsync(TestBrowser browser, string page)
    {
        var html = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        return Html.Forms(html).First(f => f.Hidden.ContainsKey("__RequestVerificationToken")).Hidden
            .Where(h => h.Key == "__RequestVerificationToken").ToDictionary(h => h.Key, h => h.Value);
    }

    private Task<int> MaterialCountAsync(int meetingId) => app.QueryAsync(db => db.Set<MeetingMaterial>().CountAsync(m => m.MeetingId == meetingId));

    [Fact]
    public async Task Pages_RenderForTheSecretaryAndAMember()
    {
        var s = await SessionAsync("mp");
        using var secretary = await app.SignedInAsync(s.Secretary.Login);
        using var member = await app.SignedInAsync(s.Member.Login);

        foreach (var browser in new[] { secretary, member })
        {
            var (page, text) = await browser.GetTextAsync(s.Page);
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            text.ShouldContain(s.Title);
            text.ShouldContain(s.Agenda);
            (await browser.GetTextAsync("/meetings")).Text.ShouldContain(s.Title);
            (await browser.GetAsync("/meetings/bodies")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var download = await browser.GetAsync($"{s.Page}/materials/{Inv(s.MaterialId)}/download");
            download.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // Only the secretary prepares it: the member has no edit form.
        (await member.GetTextAsync(s.Page)).Text.ShouldNotContain("議題を追加");
        (await secretary.GetAsync("/meetings/new")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Outsider_SeesNothingOfTheMeeting_InPagesApiDownloadsOrSearch()
    {
        var s = await SessionAsync("mo");
        using var outsider = await app.SignedInAsync(s.Outsider.Login);

        var page = await outsider.GetAsync(s.Page);
        page.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        var html = Html.Readable(await page.Content.ReadAsStringAsync());
        html.ShouldNotContain(s.Title);
        html.ShouldNotContain(s.Agenda);
        (await outsider.GetAsync($"{s.Page}/materials/{Inv(s.MaterialId)}/download")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var path in new[] { "/meetings", "/meetings?show=past", "/", "/meetings/bodies" })
        {
            var (_, text) = await outsider.GetTextAsync(path);
            text.ShouldNotContain(s.Title);
        }

        using var api = app.ApiClient((await app.CreateTokenAsync(s.Outsider.Login)).Secret);
        (await api.GetAsync(new Uri($"/api/v1/meetings/{Inv(s.MeetingId)}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Html.Readable(await api.GetStringAsync(new Uri("/api/v1/meetings", UriKind.Relative))).ShouldNotContain(s.Title);
        foreach (var q in new[] { s.Title, s.Agenda })
        {
            using var results = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/v1/search?q=" + Uri.EscapeDataString(q), UriKind.Relative)));
            results.RootElement.GetProperty("total").GetInt32().ShouldBe(0);
        }

        // The member finds it by its agenda.
        using var memberApi = app.ApiClient((await app.CreateTokenAsync(s.Member.Login)).Secret);
        using var found = JsonDocument.Parse(await memberApi.GetStringAsync(new Uri("/api/v1/search?q=" + Uri.EscapeDataString(s.Agenda), UriKind.Relative)));
        found.RootElement.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task BodyPage_ShowsAnOutsiderTheDatesOnly()
    {
        var secretary = await StaffAsync("mbs");
        var outsider = await StaffAsync("mbo");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var bodyId = await app.InScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<MeetingService>();
            var today = DateOnly.FromDateTime(sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            var body = await service.CreateBodyAsync(Actor(secretary, manager: true), new MeetingBodyInput
            {
                Name = $"試験定例会{tag}", Purpose = "試験", SecretaryId = secretary.Id, Cadence = CadenceKind.Weekly, Weekday = DayOfWeek.Wednesday,
                AnchorDate = today, Members = [new(secretary.Id)],
            });
            var generated = await service.GenerateAsync(Actor(secretary, manager: true), body.Id, today, today.AddDays(21));
            await service.AddAgendaItemAsync(Actor(secretary), generated.Created[0].Id, $"秘匿議題{tag}", "", null, 10);
            return body.Id;
        });
        using var browser = await app.SignedInAsync(outsider.Login);

        var (response, text) = await browser.GetTextAsync($"/meetings/bodies/{Inv(bodyId)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain($"試験定例会{tag}");
        text.ShouldNotContain($"秘匿議題{tag}");
    }

    [Fact]
    public async Task StaffBelowManager_CannotCreateABody_ThePostIsRefused()
    {
        var staff = await StaffAsync("mbn");
        using var browser = await app.SignedInAsync(staff.Login);
        var name = $"非許可会議体{Guid.NewGuid():N}"[..16];

        (await browser.GetTextAsync("/meetings/bodies/new")).Text.ShouldNotContain("name=\"name\"");
        var token = await TokenAsync(browser, "/meetings/new");
        using var content = new FormUrlEncodedContent(token.Concat([
            new("_handler", "meeting-body"), new("name", name), new("cadence", "1"), new("weekday", "1"), new("anchor", "2026-12-01"),
            new("start", "10:00"), new("duration", "60"), new("members", Inv(staff.Id)), new("cmd", "save"),
        ]));
        var response = await browser.Client.PostAsync(new Uri("/meetings/bodies/new", UriKind.Relative), content);

        ((int)response.StatusCode).ShouldBeInRange(400, 499);
        (await app.QueryAsync(db => db.Set<MeetingBody>().AnyAsync(b => b.Name == name))).ShouldBeFalse();
    }

    [Theory]
    [InlineData("ftp://example.jp/x", "10:00", "11:00", "Web会議のURL")]
    [InlineData("", "11:00", "10:00", "終了は開始より後の時刻にしてください。")]
    [InlineData("", "10:00", "11:00", "会議名は1〜200文字で入力してください。")]
    public async Task NewMeeting_BadInput_SaysWhyInJapanese_AndWritesNothing(string url, string start, string end, string message)
    {
        var staff = await StaffAsync("mnb");
        using var browser = await app.SignedInAsync(staff.Login);
        var title = message.StartsWith("会議名", StringComparison.Ordinal) ? new string('長', Meeting.MaxTitleLength + 1) : $"不正入力{Guid.NewGuid():N}"[..16];

        var response = await browser.SubmitAsync("/meetings/new", f => f.Handler == "meeting-new",
            [new("title", title), new("date", "2026-12-10"), new("start", start), new("end", end), new("place", ""), new("url", url), new("cmd", "save")]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await response.Content.ReadAsStringAsync()).ShouldContain(message);
        (await app.QueryAsync(db => db.Set<Meeting>().AnyAsync(m => m.SecretaryId == staff.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task Upload_DisallowedType_IsRefusedWithAMessage_AndWritesNothing()
    {
        var s = await SessionAsync("mu");
        using var secretary = await app.SignedInAsync(s.Secretary.Login);
        var token = await TokenAsync(secretary, s.Page);
        using var form = new MultipartFormDataContent();
        foreach (var (k, v) in token)
        {
            form.Add(new StringContent(v), k);
        }

        var file = new ByteArrayContent([0x4d, 0x5a, 0x90, 0x00]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "files", "tool.exe");

        var response = await secretary.Client.PostAsync(new Uri($"{s.Page}/materials", UriKind.Relative), form);

        ((int)response.StatusCode).ShouldBeInRange(300, 399);
        var (_, text) = await secretary.GetTextAsync(response.Headers.Location!.OriginalString);
        text.ShouldContain("「tool.exe」は資料にできない形式です。");
        (await MaterialCountAsync(s.MeetingId)).ShouldBe(1);
    }

    [Fact]
    public async Task Posts_WithoutTheAntiforgeryToken_AreRefused()
    {
        var s = await SessionAsync("ma");
        using var secretary = await app.SignedInAsync(s.Secretary.Login);
        using var content = new FormUrlEncodedContent([new("title", "偽の議題"), new("minutes", "10")]);

        var response = await secretary.Client.PostAsync(new Uri($"{s.Page}/agenda", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.QueryAsync(db => db.Set<MeetingAgendaItem>().CountAsync(i => i.MeetingId == s.MeetingId))).ShouldBe(1);
    }

    [Fact]
    public async Task Secretary_EditsTheAttendees_ScheduleAndSearchFollow()
    {
        var s = await SessionAsync("me");
        var joiner = await StaffAsync("mej");
        using var secretary = await app.SignedInAsync(s.Secretary.Login);

        var found = await secretary.SubmitAsync(s.Page, f => f.Action == $"{s.Page}/edit",
            [new("title", s.Title), new("date", "2026-12-10"), new("start", "10:00"), new("end", "11:00"), new("attendees", Inv(s.Member.Id)),
             new("picker", "1"), new("q", joiner.Login), new("cmd", "find")]);
        found.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, picker) = await secretary.GetTextAsync(found.Headers.Location!.OriginalString);
        picker.ShouldContain(joiner.Login);

        var saved = await secretary.SubmitAsync(s.Page, f => f.Action == $"{s.Page}/edit",
            [new("title", s.Title), new("date", "2026-12-10"), new("start", "10:00"), new("end", "11:00"), new("attendees", Inv(joiner.Id)), new("picker", "1"), new("cmd", "save")]);

        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var attendees = await app.QueryAsync(db => db.Set<MeetingAttendee>().Where(a => a.MeetingId == s.MeetingId).Select(a => a.AccountId).ToListAsync());
        attendees.ShouldBe([s.Secretary.Id, joiner.Id], ignoreOrder: true);
        var eventPeople = await app.QueryAsync(db => (from m in db.Set<Meeting>()
                                                      join a in db.EventAttendees on m.EventId equals a.EventId
                                                      where m.Id == s.MeetingId
                                                      select a.AccountId).ToListAsync());
        eventPeople.ShouldContain(joiner.Id);
        eventPeople.ShouldNotContain(s.Member.Id);
        using var memberBrowser = await app.SignedInAsync(s.Member.Login);
        (await memberBrowser.GetAsync(s.Page)).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        using var joinerApi = app.ApiClient((await app.CreateTokenAsync(joiner.Login)).Secret);
        using var results = JsonDocument.Parse(await joinerApi.GetStringAsync(new Uri("/api/v1/search?q=" + Uri.EscapeDataString(s.Agenda), UriKind.Relative)));
        results.RootElement.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
        using var memberApi = app.ApiClient((await app.CreateTokenAsync(s.Member.Login)).Secret);
        using var gone = JsonDocument.Parse(await memberApi.GetStringAsync(new Uri("/api/v1/search?q=" + Uri.EscapeDataString(s.Agenda), UriKind.Relative)));
        gone.RootElement.GetProperty("total").GetInt32().ShouldBe(0);
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class MeetingPagesTests_Sqlite(SqliteDemoCity app) : MeetingPagesTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class MeetingPagesTests_PostgreSql(PostgreSqlDemoCity app) : MeetingPagesTests(app);
