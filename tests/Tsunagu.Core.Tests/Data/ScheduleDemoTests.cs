using System.Security.Cryptography;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Data;

public sealed class ScheduleDemoTests
{
    [Theory, DatabaseData]
    public async Task Seed_GivesTheDemoCityAWorkingWeek_OfEventsBookingsAndInvitations(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);

        await Bootstrapper.RunAsync(db.Services, demo: true, adminPassword: null);

        var now = db.Clock.GetUtcNow();
        var demoId = await db.QueryAsync(c => c.Users.Where(a => a.UserName == DemoCityData.DemoStaffLogin).Select(a => a.Id).SingleAsync());
        (await db.QueryAsync(c => c.Events.CountAsync())).ShouldBeGreaterThan(500);
        (await db.QueryAsync(c => c.Events.CountAsync(e => e.Recurrence != null))).ShouldBeGreaterThanOrEqualTo(3);
        (await db.QueryAsync(c => c.EventAttendees.CountAsync(a => a.AccountId == demoId && a.Response == AttendeeResponse.Pending))).ShouldBeGreaterThan(0);
        (await db.QueryAsync(c => c.Facilities.CountAsync(f => f.Kind == FacilityKind.Room))).ShouldBeGreaterThan(5);
        (await db.QueryAsync(c => c.FacilityBookings.CountAsync(b => b.Status == BookingStatus.Tentative))).ShouldBeGreaterThan(0);
        (await db.QueryAsync(c => c.ScheduleKeepers.CountAsync())).ShouldBeGreaterThan(0);
        (await db.QueryAsync(c => c.SearchEntries.CountAsync(e => e.Module == SearchModules.Schedule))).ShouldBe(await db.QueryAsync(c => c.Events.CountAsync()));
        (await db.QueryAsync(c => c.SearchEntries.CountAsync(e => e.Module == SearchModules.ScheduleFile))).ShouldBe(await db.QueryAsync(c => c.Attachments.CountAsync(a => a.Module == SearchModules.Schedule)));

        // This week is not empty for the demo person.
        var occurrences = await db.QueryAsync(async c =>
        {
            var viewer = await ScheduleViewer.ForAccountAsync(c, demoId);
            return (await new ScheduleReader(c).ForAccountsAsync(viewer, [demoId], now.AddDays(-7), now.AddDays(14)))[demoId];
        });
        occurrences.Count.ShouldBeGreaterThan(3);

        // The seed respects the rule the database enforces: no two active bookings of a facility overlap.
        var bookings = await db.QueryAsync(c => c.FacilityBookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed).ToListAsync());
        foreach (var group in bookings.GroupBy(b => b.FacilityId))
        {
            var ordered = group.OrderBy(b => b.StartsAt).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                ordered[i].StartsAt.ShouldBeGreaterThanOrEqualTo(ordered[i - 1].EndsAt);
            }
        }
    }

    [Theory, DatabaseData]
    public async Task Seed_AttachesReadableHandouts_ToTheComingMeetings_FoundBySearch(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);

        await Bootstrapper.RunAsync(db.Services, demo: true, adminPassword: null);

        var demoId = await db.QueryAsync(c => c.Users.Where(a => a.UserName == DemoCityData.DemoStaffLogin).Select(a => a.Id).SingleAsync());
        var files = await db.QueryAsync(c => c.Attachments.AsNoTracking().Where(a => a.Module == SearchModules.Schedule).OrderBy(a => a.Id).ToListAsync());
        files.Select(f => Path.GetExtension(f.FileName)).ShouldBe([".docx", ".xlsx", ".docx", ".pdf"]);
        foreach (var file in files)
        {
            file.Module.ShouldBe(SearchModules.Schedule);
            file.Size.ShouldBe(file.Content.Length);
            file.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(file.Content)));
            file.TextProblem.ShouldBeNull();
            file.Text.ShouldNotBeNullOrWhiteSpace();
            using var stream = new MemoryStream(file.Content);
            AttachmentText.Extract(stream, file.FileName).Text.ShouldBe(file.Text); // stored as the service would store it
        }

        // Real Office files: the SDK opens them and they validate.
        using (var agenda = WordprocessingDocument.Open(new MemoryStream(files[0].Content), false))
        {
            new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(agenda).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        }

        using (var list = SpreadsheetDocument.Open(new MemoryStream(files[1].Content), false))
        {
            new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(list).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        }

        files[0].FileName.ShouldStartWith("DX推進本部幹事会 次第");
        files[0].Text.ShouldContain("会議資料のペーパーレス化の全庁展開について");
        files[1].FileName.ShouldBe("資料1 電子申請 対象手続一覧.xlsx");
        files[1].Text.ShouldContain("罹災証明書の発行申請");
        files[1].Text.ShouldContain("介護保険負担限度額認定申請");
        files[3].Text.ShouldContain("約12,400枚から約3,100枚に減少");
        files[3].Content.AsSpan(0, 5).ToArray().ShouldBe("%PDF-"u8.ToArray());

        // On meetings the demo person can open, in the coming days.
        var owners = files.Select(f => int.Parse(f.OwnerKey, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var events = await db.QueryAsync(c => c.Events.AsNoTracking().Where(e => owners.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Title));
        owners.Select(id => events[id]).ShouldBe(["DX推進本部幹事会", "DX推進本部幹事会", "電子申請 導入検討会", "庁議"]);
        var listed = await db.InScopeAsync(async sp =>
        {
            var viewer = await ScheduleViewer.ForAccountAsync(sp.GetRequiredService<AppDbContext>(), demoId);
            return await sp.GetRequiredService<EventAttachmentService>().ListAsync(viewer, owners[1]);
        });
        listed.Select(a => a.FileName).ShouldBe([files[0].FileName, files[1].FileName]);
        listed.ShouldAllBe(a => a.HasText);

        // A word inside the Excel list finds it for the demo person, who attends the meeting.
        var searcher = await db.QueryAsync(c => SearchViewer.ForAccountAsync(c, demoId));
        var results = await db.InScopeAsync(sp => sp.GetRequiredService<SearchIndex>().QueryAsync(new SearchQuery("介護保険負担限度額") { PageSize = 50 }, searcher));
        var hit = results.Items.Where(h => h.Module == SearchModules.ScheduleFile).ShouldHaveSingleItem();
        hit.Title.ShouldBe("資料1 電子申請 対象手続一覧.xlsx");
        hit.Url.ShouldBe($"/schedule/events/{owners[1]}");
        (await db.InScopeAsync(sp => sp.GetRequiredService<SearchIndex>().QueryAsync(new SearchQuery("印刷枚数"), searcher)))
            .Items.Where(h => h.Module == SearchModules.ScheduleFile).Select(h => h.Title).ShouldBe([files[3].FileName]);
    }
}
