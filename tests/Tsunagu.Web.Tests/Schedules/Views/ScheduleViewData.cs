using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Schedules.Views;

/// <summary>What the view tests need, made through the schedule services as a person would make it.</summary>
internal static class ScheduleViewData
{
    /// <summary>A week of February 2027 with a national holiday on Thursday (建国記念の日).</summary>
    public static readonly DateOnly Monday = new(2027, 2, 8);

    public static Task<ScheduleEvent> CreateEventAsync(
        this TsunaguApp app,
        int organizerId,
        string title,
        DateTime start,
        DateTime end,
        EventVisibility visibility = EventVisibility.Public,
        string category = EventCategories.Meeting,
        bool allDay = false,
        string? recurrence = null,
        string place = "",
        params int[] attendees) =>
        app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var viewer = await ScheduleViewer.ForAccountAsync(db, organizerId);
            return await sp.GetRequiredService<ScheduleService>().CreateAsync(viewer, new EventDraft
            {
                Title = title,
                StartsAt = start,
                EndsAt = end,
                IsAllDay = allDay,
                Visibility = visibility,
                Category = category,
                Recurrence = recurrence,
                Place = place,
                OrganizerId = organizerId,
                AttendeeIds = attendees,
            });
        });

    public static DateTime At(DateOnly day, int hour, int minute = 0) => day.ToDateTime(new TimeOnly(hour, minute));

    /// <summary>Active colleagues in the same unit as the person, other than them.</summary>
    public static Task<List<(int Id, string Name)>> ColleaguesOfAsync(this TsunaguApp app, int accountId) =>
        app.QueryAsync(async db =>
        {
            var departmentId = await db.Users.Where(a => a.Id == accountId).Select(a => a.DepartmentId).SingleAsync();
            var rows = await db.Users.Where(a => a.DepartmentId == departmentId && a.IsActive && a.Id != accountId)
                .OrderBy(a => a.Id).Select(a => new { a.Id, a.DisplayName }).ToListAsync();
            return rows.Select(r => (r.Id, r.DisplayName)).ToList();
        });

    public static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 8)];
}
