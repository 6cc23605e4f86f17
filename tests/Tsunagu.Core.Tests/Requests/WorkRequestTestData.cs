using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Requests;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Tests.Schedules;

namespace Tsunagu.Core.Tests.Requests;

/// <summary>
/// Two 部 and their 課: DX戦略室 (under 企画振興部) asks 財政課 (under 総務部), with a watcher in 市民課 (under 市民部).
/// 総務課長 and 環境課 are near but unrelated.
/// </summary>
internal sealed record City(
    int Requester, int RequesterMate, int DxChief, int KikakuBucho,
    int Target, int TargetMate, int TargetSub, int ZaiseiChief, int SomuBucho,
    int Watcher, int ShiminChief, int ShiminBucho,
    int Outsider, int SiblingChief, int OtherChief, int ZaiseiDepartment, int DxDepartment)
{
    public IEnumerable<(string Who, int Id, bool Sees)> Matrix() =>
    [
        ("依頼者", Requester, true), ("依頼元の同僚", RequesterMate, true), ("依頼元の課長", DxChief, true), ("依頼元の部長", KikakuBucho, true),
        ("依頼先の担当者", Target, true), ("依頼先の同僚", TargetMate, true), ("依頼先の係員", TargetSub, true), ("依頼先の課長", ZaiseiChief, true), ("依頼先の部長", SomuBucho, true),
        ("ウォッチする人", Watcher, true), ("ウォッチする人の課長", ShiminChief, true), ("ウォッチする人の部長", ShiminBucho, true),
        ("無関係の職員", Outsider, false), ("隣の課の課長", SiblingChief, false), ("無関係の課長", OtherChief, false),
    ];
}

internal static class WorkRequestTestData
{
    public static async Task<City> CityAsync(this TestDatabase db)
    {
        var requester = await db.StaffAsync("irai", "企画振興部/DX戦略室");
        var mate = await db.StaffAsync("irai.mate", "企画振興部/DX戦略室");
        var dxChief = await db.StaffAsync("dx.kacho", "企画振興部/DX戦略室", "課長");
        var kikakuBucho = await db.StaffAsync("kikaku.bucho", "企画振興部", "部長");
        var target = await db.StaffAsync("zaisei", "総務部/財政課");
        var targetMate = await db.StaffAsync("zaisei.mate", "総務部/財政課");
        var targetSub = await db.StaffAsync("zaisei.kakari", "総務部/財政課/財政係");
        var zaiseiChief = await db.StaffAsync("zaisei.kacho", "総務部/財政課", "課長");
        var somuBucho = await db.StaffAsync("somu.bucho", "総務部", "部長");
        var watcher = await db.StaffAsync("shimin", "市民部/市民課");
        var shiminChief = await db.StaffAsync("shimin.kacho", "市民部/市民課", "課長");
        var shiminBucho = await db.StaffAsync("shimin.bucho", "市民部", "部長");
        var outsider = await db.StaffAsync("kankyo", "市民部/環境課");
        var siblingChief = await db.StaffAsync("somu.kacho", "総務部/総務課", "課長");
        var otherChief = await db.StaffAsync("kankyo.kacho", "市民部/環境課", "課長");
        return new City(requester, mate, dxChief, kikakuBucho, target, targetMate, targetSub, zaiseiChief, somuBucho, watcher, shiminChief, shiminBucho,
            outsider, siblingChief, otherChief, await db.DepartmentAsync("総務部/財政課"), await db.DepartmentAsync("企画振興部/DX戦略室"));
    }

    public static DateOnly Today(this TestDatabase db) => Clock.TokyoDate(db.Clock.GetUtcNow());

    public static Task<int> AskAsync(this TestDatabase db, City city, string subject = "予算資料の提出依頼", int? toAccount = null, int days = 7, IReadOnlyList<int>? watchers = null, params WorkRequestFile[] files) =>
        db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestService>().CreateAsync(city.Requester, new NewWorkRequest
        {
            Subject = subject,
            Details = "前年度の執行実績の資料をご提供ください。",
            ToDepartmentId = city.ZaiseiDepartment,
            ToAccountId = toAccount,
            DueDate = db.Today().AddDays(days),
            WatcherIds = watchers ?? [],
            Files = files,
        }));

    public static Task<WorkRequest> ActAsync(this TestDatabase db, int who, int id, WorkRequestAction action, string? text = null, int? version = null) =>
        db.InScopeAsync(sp => sp.GetRequiredService<WorkRequestService>().ActAsync(who, id, action, text, version));

    public static Task<WorkRequest> LoadAsync(this TestDatabase db, int id) =>
        db.QueryAsync(c => c.Set<WorkRequest>().AsNoTracking().Include(r => r.Events).Include(r => r.Watchers).SingleAsync(r => r.Id == id));

    public static Task<WorkRequestScope> ScopeAsync(this TestDatabase db, int accountId) =>
        db.QueryAsync(c => WorkRequestScope.ForAccountAsync(c, accountId));

    public static Task<List<Notification>> NotificationsAsync(this TestDatabase db) =>
        db.QueryAsync(c => c.Notifications.AsNoTracking().Where(n => n.Kind == NotificationKinds.WorkRequest).OrderBy(n => n.Id).ToListAsync());

    public static WorkRequestFile TextFile(string name, string text) => new(name, "text/plain", new MemoryStream(Encoding.UTF8.GetBytes(text)));
}
