using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Circulation;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Tests.Schedules;

namespace Tsunagu.Core.Tests.Circulation;

/// <summary>総務課 (the sender and three colleagues), 人事係 below it (one), and 市民課 (an outsider).</summary>
internal sealed record Office(int Sender, int A, int B, int C, int Sub, int Outsider)
{
    public CirculationViewer V(int id) => new(id, id == Sender ? "差出人" : $"職員{id}");
}

internal static class CirculationTestData
{
    public static async Task<Office> OfficeAsync(this TestDatabase db) => new(
        await db.StaffAsync("sashidashi", "総務部/総務課", "課長"),
        await db.StaffAsync("akiyama", "総務部/総務課", "主事"),
        await db.StaffAsync("baba", "総務部/総務課", "主事"),
        await db.StaffAsync("chiba", "総務部/総務課", "主事"),
        await db.StaffAsync("jinji", "総務部/総務課/人事係", "主事"),
        await db.StaffAsync("gaibu", "市民部/市民課", "主事"));

    public static Task<Circular> SendAsync(this TestDatabase db, Office office, string recipients, CircularMode mode = CircularMode.AllAtOnce, string title = "年末年始の庁舎管理について", string body = "年末年始の閉庁期間中の当番をお知らせします。", int days = 7, params CircularFile[] files) =>
        db.InScopeAsync(sp => sp.GetRequiredService<CirculationService>().SendAsync(office.V(office.Sender),
            new NewCircular(title, body, mode, Clock.TokyoDate(db.Clock.GetUtcNow()).AddDays(days), recipients) { Files = files }));

    public static Task<ConfirmOutcome> ConfirmAsync(this TestDatabase db, Office office, int who, int circularId, string? comment = null) =>
        db.InScopeAsync(sp => sp.GetRequiredService<CirculationService>().ConfirmAsync(office.V(who), circularId, comment));

    public static Task<Circular> LoadAsync(this TestDatabase db, int id) =>
        db.QueryAsync(c => c.Set<Circular>().AsNoTracking().Include(x => x.Recipients).SingleAsync(x => x.Id == id));

    public static Task<List<Notification>> NotificationsAsync(this TestDatabase db) =>
        db.QueryAsync(c => c.Notifications.AsNoTracking().Where(n => n.Kind == NotificationKinds.Circulation).OrderBy(n => n.Id).ToListAsync());

    public static CircularFile TextFile(string name, string text) => new(name, "text/plain", new MemoryStream(Encoding.UTF8.GetBytes(text)));

    public static string Logins(params string[] logins) => string.Join("\n", logins);
}
