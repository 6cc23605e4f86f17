using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Meetings;
using Tsunagu.Core.Search;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Minutes;

/// <summary>A session of its own in the shared demo city: chair, secretary, a member, an outsider, a PDF and a text paper.</summary>
public sealed class MinutesKit(TsunaguApp app)
{
    public sealed record Person(int Id, string Login, string Name);

    public sealed record Session(int MeetingId, int PdfId, int TextId, Person Chair, Person Secretary, Person Member, Person Outsider)
    {
        public string Minutes => $"/meetings/{Inv(MeetingId)}/minutes";

        public string Paper(int materialId) => $"/meetings/{Inv(MeetingId)}/materials/{Inv(materialId)}";
    }

    public static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    public async Task<Person> StaffAsync(string purpose)
    {
        var login = Logins.Unique(purpose);
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        return new Person(account.Id, login, account.DisplayName);
    }

    public async Task<Session> SessionAsync(string purpose)
    {
        var chair = await StaffAsync($"{purpose}c");
        var secretary = await StaffAsync($"{purpose}s");
        var member = await StaffAsync($"{purpose}m");
        var outsider = await StaffAsync($"{purpose}o");
        return await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            var meeting = new Meeting("試験の定例会", now.AddDays(-1), now.AddDays(-1).AddHours(1), null, chair.Id, secretary.Id, now) { Place = "第2会議室" };
            foreach (var p in new[] { chair, secretary, member })
            {
                meeting.Attendees.Add(new MeetingAttendee { AccountId = p.Id, Attendance = AttendanceState.Present });
            }

            meeting.AgendaItems.Add(new MeetingAgendaItem { Position = 1, Title = "試験の議題", PresenterId = member.Id, DurationMinutes = 15 });
            db.Add(meeting);
            await db.SaveChangesAsync();
            var key = Inv(meeting.Id);
            using var pdf = new MemoryStream(Pdf());
            var pdfFile = await AttachmentUpload.ReadAsync(SearchModules.Meeting, key, "試験資料.pdf", "application/pdf", pdf, secretary.Id, now);
            using var text = new MemoryStream(Encoding.UTF8.GetBytes("予算の概要\n前年度比 3% 増"));
            var textFile = await AttachmentUpload.ReadAsync(SearchModules.Meeting, key, "概要.txt", "text/plain", text, secretary.Id, now);
            db.Attachments.AddRange(pdfFile, textFile);
            await db.SaveChangesAsync();
            var pdfMaterial = new MeetingMaterial { MeetingId = meeting.Id, AgendaItemId = meeting.AgendaItems[0].Id, AttachmentId = pdfFile.Id, Position = 1 };
            var textMaterial = new MeetingMaterial { MeetingId = meeting.Id, AttachmentId = textFile.Id, Position = 2 };
            db.AddRange(pdfMaterial, textMaterial);
            await db.SaveChangesAsync();
            return new Session(meeting.Id, pdfMaterial.Id, textMaterial.Id, chair, secretary, member, outsider);
        });
    }

    public Task<MeetingMinutes?> MinutesAsync(int meetingId) =>
        app.QueryAsync(db => db.Set<MeetingMinutes>().AsNoTracking().FirstOrDefaultAsync(m => m.MeetingId == meetingId));

    /// <summary>The two-page PDF the meeting's paper is.</summary>
    public static byte[] Pdf() => Tsunagu.Tests.Shared.TestPdf.TwoPages();
}
