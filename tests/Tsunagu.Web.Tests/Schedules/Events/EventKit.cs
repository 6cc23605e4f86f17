using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Schedules.Events;

/// <summary>
/// What the event page tests set up for themselves in the shared demo city: staff and rooms of their own (so demo
/// events and other tests never stand in the way), events through the service, and days months ahead.
/// </summary>
public sealed class EventKit(TsunaguApp app)
{
    public TsunaguApp App { get; } = app;

    public sealed record Person(int Id, string Login, string Name);

    /// <summary>A new active member of staff who may sign in (password <see cref="TsunaguApp.Password"/>).</summary>
    public async Task<Person> StaffAsync(string purpose)
    {
        var login = Logins.Unique(purpose);
        var account = await App.CreateAccountAsync(login, Roles.Staff);
        return new Person(account.Id, login, account.DisplayName);
    }

    /// <summary>A room of its own (unique name), optionally needing approval.</summary>
    public Task<Facility> RoomAsync(string purpose, bool requiresApproval = false) =>
        App.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var room = new Facility
            {
                Name = $"試験室{purpose}{Guid.NewGuid():N}"[..Math.Min(40, purpose.Length + 15)],
                Kind = FacilityKind.Room,
                Capacity = 8,
                Location = "本庁舎9階",
                RequiresApproval = requiresApproval,
                IsActive = true,
            };
            db.Facilities.Add(room);
            await db.SaveChangesAsync();
            return room;
        });

    /// <summary>A working day about <paramref name="weeksAhead"/> weeks from now (never a weekend or holiday).</summary>
    public static DateOnly WorkingDay(int weeksAhead, DayOfWeek day = DayOfWeek.Tuesday)
    {
        var today = Clock.TokyoDate(TimeProvider.System.GetUtcNow());
        var date = today.AddDays(7 * weeksAhead);
        while (date.DayOfWeek != day)
        {
            date = date.AddDays(1);
        }

        while (!WorkingCalendar.Default.IsWorkingDay(date))
        {
            date = date.AddDays(7);
        }

        return date;
    }

    public Task<ScheduleEvent> CreateAsync(int organizerId, EventDraft draft) =>
        App.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var viewer = await ScheduleViewer.ForAccountAsync(db, organizerId);
            return await sp.GetRequiredService<ScheduleService>().CreateAsync(viewer, draft with { OrganizerId = organizerId });
        });

    public Task<ScheduleEvent> EventAsync(int id) =>
        App.QueryAsync(db => db.Events.AsNoTracking().Include(e => e.Attendees).SingleAsync(e => e.Id == id));

    public static EventDraft Draft(string title, DateOnly day, int startHour, int minutes = 60, params int[] attendees) => new()
    {
        Title = title,
        StartsAt = day.ToDateTime(new TimeOnly(startHour, 0)),
        EndsAt = day.ToDateTime(new TimeOnly(startHour, 0)).AddMinutes(minutes),
        AttendeeIds = attendees,
    };

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Key(DateOnly day, int hour) => day.ToDateTime(new TimeOnly(hour, 0)).ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);

    /// <summary>The fields of the event form for a one-hour meeting, to add to or override.</summary>
    public static List<KeyValuePair<string, string>> Form(string title, DateOnly day, string start = "10:00", string end = "11:00") =>
    [
        new("Input.Command", "save"),
        new("Input.Title", title),
        new("Input.Category", EventCategories.Meeting),
        new("Input.StartDate", Iso(day)),
        new("Input.StartTime", start),
        new("Input.EndDate", Iso(day)),
        new("Input.EndTime", end),
        new("Input.Visibility", "public"),
        new("Input.Repeat", "none"),
    ];

    public static List<KeyValuePair<string, string>> With(List<KeyValuePair<string, string>> fields, string name, params string[] values)
    {
        var result = fields.Where(f => f.Key != name).ToList();
        result.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
        return result;
    }

    /// <summary>Submits the new-event form; the response and its readable text.</summary>
    public static async Task<(HttpResponseMessage Response, string Text)> PostNewAsync(TestBrowser browser, IEnumerable<KeyValuePair<string, string>> fields, string page = "/schedule/events/new")
    {
        var response = await browser.SubmitAsync(page, f => f.Handler == "event-new", fields);
        return (response, Html.Readable(await response.Content.ReadAsStringAsync()));
    }

    public static async Task<(HttpResponseMessage Response, string Text)> PostEditAsync(TestBrowser browser, string page, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await browser.SubmitAsync(page, f => f.Handler == "event-edit", fields);
        return (response, Html.Readable(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Where a redirect goes, as a path and query (the app answers with an absolute address).</summary>
    public static string Target(HttpResponseMessage response)
    {
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    /// <summary>The words of a page without its tags, spaces collapsed: "参加 2" across &lt;span&gt; and &lt;strong&gt;.</summary>
    public static string Plain(string html) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " "), @"\s+", " ");

    /// <summary>The event a successful form post redirected to.</summary>
    public int CreatedId(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, string.Join("\n", App.Factory.Errors.All.TakeLast(2)));
        var path = Target(response);
        path.ShouldStartWith("/schedule/events/", customMessage: string.Join("\n", App.Factory.Errors.All.TakeLast(2)));
        return int.Parse(path["/schedule/events/".Length..].Split('?')[0], CultureInfo.InvariantCulture);
    }
}
