using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Meetings;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Attachments;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Meetings;

/// <summary>
/// One session of 進捗定例会 in 総務課: a chair, a secretary, a present and an absent member, a PDF paper under the
/// first agenda item; and people outside it (an outsider of the same department, a member of 企画課).
/// </summary>
internal sealed record MinutesCity(int MeetingId, int MaterialId, int Chair, int Secretary, int Member, int Absent, int Outsider, int Planner, int PlanningId);

internal static class MinutesTestData
{
    public static async Task<MinutesCity> MinutesCityAsync(this TestDatabase db, string prefix = "m")
    {
        var chair = await db.CreateStaffAsync($"{prefix}.chair", position: "課長");
        var secretary = await db.CreateStaffAsync($"{prefix}.sec");
        var member = await db.CreateStaffAsync($"{prefix}.member");
        var absent = await db.CreateStaffAsync($"{prefix}.absent");
        var outsider = await db.CreateStaffAsync($"{prefix}.out");
        var (planningId, planner) = await db.InScopeAsync(async sp =>
        {
            var organization = sp.GetRequiredService<OrganizationService>();
            var database = sp.GetRequiredService<AppDbContext>();
            var parent = await database.Departments.SingleOrDefaultAsync(d => d.Path == "企画部")
                ?? await organization.CreateDepartmentAsync("企画部", "部", null, Actor.System);
            var unit = await database.Departments.SingleOrDefaultAsync(d => d.Path == "企画部/企画課")
                ?? await organization.CreateDepartmentAsync("企画課", "課", parent.Id, Actor.System);
            var position = await database.Positions.Where(p => p.Name == "主事").Select(p => p.Id).SingleAsync();
            var account = await organization.CreateStaffAsync(new StaffInput($"{prefix}.plan", $"企画\u3000{prefix}", "きかく", unit.Id, position, null), Actor.System);
            return (unit.Id, account.Id);
        });

        var (meetingId, materialId) = await db.InScopeAsync(async sp =>
        {
            var database = sp.GetRequiredService<AppDbContext>();
            var starts = new DateTimeOffset(2026, 4, 6, 1, 0, 0, TimeSpan.Zero); // 10:00 in Tokyo
            var meeting = new Meeting("進捗定例会", starts, starts.AddHours(1), null, chair.Id, secretary.Id, TestDatabase.Start) { Place = "第1会議室" };
            meeting.Attendees.Add(new MeetingAttendee { AccountId = chair.Id, Attendance = AttendanceState.Present });
            meeting.Attendees.Add(new MeetingAttendee { AccountId = secretary.Id, Attendance = AttendanceState.Present });
            meeting.Attendees.Add(new MeetingAttendee { AccountId = member.Id, Attendance = AttendanceState.Present });
            meeting.Attendees.Add(new MeetingAttendee { AccountId = absent.Id, Attendance = AttendanceState.Absent });
            meeting.AgendaItems.Add(new MeetingAgendaItem { Position = 1, Title = "システム更新の進捗", PresenterId = member.Id, DurationMinutes = 20 });
            meeting.AgendaItems.Add(new MeetingAgendaItem { Position = 2, Title = "来年度予算", DurationMinutes = 20 });
            database.Add(meeting);
            await database.SaveChangesAsync();
            using var pdf = new MemoryStream(SampleFiles.Pdf(["Progress report", "page one"], ["page two"]));
            var attachment = await AttachmentUpload.ReadAsync(SearchModules.Meeting, meeting.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "進捗報告.pdf", "application/pdf", pdf, secretary.Id, TestDatabase.Start);
            database.Attachments.Add(attachment);
            await database.SaveChangesAsync();
            var material = new MeetingMaterial { MeetingId = meeting.Id, AgendaItemId = meeting.AgendaItems[0].Id, AttachmentId = attachment.Id, Position = 1 };
            database.Add(material);
            await database.SaveChangesAsync();
            return (meeting.Id, material.Id);
        });

        return new MinutesCity(meetingId, materialId, chair.Id, secretary.Id, member.Id, absent.Id, outsider.Id, planner, planningId);
    }

    public static Task<T> MinutesAsync<T>(this TestDatabase db, Func<MinutesService, Task<T>> action) =>
        db.InScopeAsync(sp => action(sp.GetRequiredService<MinutesService>()));

    public static Task MinutesAsync(this TestDatabase db, Func<MinutesService, Task> action) =>
        db.InScopeAsync(sp => action(sp.GetRequiredService<MinutesService>()));

    public static Task<T> NotesAsync<T>(this TestDatabase db, Func<MaterialNoteService, Task<T>> action) =>
        db.InScopeAsync(sp => action(sp.GetRequiredService<MaterialNoteService>()));

    public static Task NotesAsync(this TestDatabase db, Func<MaterialNoteService, Task> action) =>
        db.InScopeAsync(sp => action(sp.GetRequiredService<MaterialNoteService>()));

    public static Task<MeetingMinutes> StoredMinutesAsync(this TestDatabase db, int meetingId) =>
        db.QueryAsync(d => d.Set<MeetingMinutes>().AsNoTracking().Include(m => m.ActionItems).SingleAsync(m => m.MeetingId == meetingId));

    /// <summary>Draft with the given text, submitted and approved by the chair.</summary>
    public static async Task PublishAsync(this TestDatabase db, MinutesCity city, string text)
    {
        await db.MinutesAsync(s => s.CreateDraftAsync(city.Secretary, city.MeetingId));
        var version = (await db.StoredMinutesAsync(city.MeetingId)).Version;
        await db.MinutesAsync(s => s.SubmitAsync(city.Secretary, city.MeetingId, text, version));
        version = (await db.StoredMinutesAsync(city.MeetingId)).Version;
        await db.MinutesAsync(s => s.ApproveAsync(city.Chair, city.MeetingId, version));
    }

    public static Task<SearchResults> SearchAsync(this TestDatabase db, int accountId, string text) =>
        db.InScopeAsync(async sp =>
        {
            var database = sp.GetRequiredService<AppDbContext>();
            var viewer = await SearchViewer.ForAccountAsync(database, accountId);
            return await sp.GetRequiredService<SearchIndex>().QueryAsync(new SearchQuery(text) { Module = SearchModules.Minutes }, viewer);
        });
}
