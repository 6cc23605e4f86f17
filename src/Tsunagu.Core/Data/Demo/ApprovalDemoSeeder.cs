using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Data.Demo;

/// <summary>
/// The demo city's e-approval, relative to the day the demo is created. Around DX戦略室 (守屋 美咲 and her 課長) the
/// requests go through <see cref="ApprovalService"/> at their own past moments, so history, audit chain, frozen
/// hashes and notifications are exactly what the app would have written: requests waiting for the 課長, one of
/// 守屋's in flight, one sent back, decided, rejected and withdrawn ones, a 代決 awaiting 後閲 and a 代理 for a
/// 課長 on leave. Behind them, a year of the whole city's requests is written with the same entity methods and
/// evidence in bulk (the service's one transaction per action would take minutes for thousands).
/// </summary>
public sealed partial class ApprovalDemoSeeder(AppDbContext db, TimeProvider clock, FormAdminService forms, RouteResolver routes, UsageRecorder usage)
{
    private sealed record Person(int Id, string Name, int DepartmentId, string DepartmentPath, string Position);

    private readonly Random _random = new(5050);
    private readonly ShiftedClock _at = new();
    private DateTimeOffset _now;
    private List<Person> _people = [];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        _now = Clock.Truncate(clock.GetUtcNow());
        await FormTemplates.InstallMissingAsync(db, forms, cancellationToken);
        _people = await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null && a.PositionId != null && !a.Department!.ExcludedFromUsage)
            .OrderBy(a => a.Id)
            .Select(a => new Person(a.Id, a.DisplayName, a.DepartmentId!.Value, a.Department!.Path, a.Position!.Name))
            .ToListAsync(cancellationToken);
        await SeedHistoryAsync(cancellationToken);
        await SeedStoriesAsync(cancellationToken);
    }

    private async Task SeedStoriesAsync(CancellationToken cancellationToken)
    {
        var meId = await db.Users.Where(a => a.UserName == DemoCityData.DemoStaffLogin).Select(a => a.Id).SingleAsync(cancellationToken);
        var me = _people.Single(p => p.Id == meId);
        var chief = Holder("企画振興部/DX戦略室", "課長");
        var director = Holder("企画振興部", "部長");
        var policyChief = Holder("企画振興部/企画政策課", "課長");
        var financeChief = Holder("総務部/財政課", "課長");
        var financeDeputy = Holder("総務部/財政課", "課長補佐");
        var team = _people.Where(p => p.DepartmentPath == "企画振興部/DX戦略室" && p.Position != "課長" && p.Id != me.Id).ToList();
        var policyTeam = _people.Where(p => p.DepartmentPath == "企画振興部/企画政策課" && p.Position != "課長").ToList();
        var clerk = _people.First(p => p.DepartmentPath == "市民部/市民課/住民係" && p.Position == "主事");
        var today = Clock.TokyoDate(_now);

        // 守屋's decided requests over the past months, each with its evidence.
        for (var m = 5; m >= 1; m--)
        {
            var day = WorkingDay(today.AddDays(-30 * m));
            var trip = await FileAsync(me, FormTemplates.Trip, Trip("システム標準化 説明会への出席", "岡山県庁", day.AddDays(7), 1, 2_480), At(day, 10));
            await ActAsync(chief, trip, "approve", At(day, 15), "気をつけて行ってきてください。");
        }

        var small = WorkingDay(today.AddDays(-45));
        var toner = await FileAsync(me, FormTemplates.Purchase, Purchase("DX戦略室 プリンタートナーの購入", [("トナーカートリッジ", "LPC3T35K 純正", 4, "本", 12_800)]), At(small, 9));
        await ActAsync(chief, toner, "approve", At(small, 11));
        await ActAsync(financeChief, toner, "approve", At(small.AddDays(1), 10));

        // Withdrawn: the seminar was cancelled.
        var cancelled = WorkingDay(today.AddDays(-20));
        var seminar = await FileAsync(me, FormTemplates.Trip, Trip("自治体DX推進セミナーへの参加", "東京都千代田区", cancelled.AddDays(14), 2, 46_200), At(cancelled, 14));
        await ActAsync(me, seminar, "withdraw", At(cancelled.AddDays(2), 9), "セミナーが中止になったため取り下げます。");

        // Rejected: a colleague's purchase the budget does not cover.
        var rejectedDay = WorkingDay(today.AddDays(-12));
        var chairs = await FileAsync(team[0], FormTemplates.Purchase, Purchase("打合せスペース用チェアの購入", [("ミーティングチェア", "肘なし・キャスター付", 8, "脚", 18_700)]), At(rejectedDay, 10));
        await ActAsync(chief, chairs, "reject", At(rejectedDay.AddDays(1), 16), "今年度の備品購入費に余裕がないため、来年度の予算要求で検討してください。");

        // 代決 with 後閲 pending: 部長 was on a trip; 企画政策課長 decided in their place.
        var tripDay = WorkingDay(today.AddDays(-8));
        db.Delegations.Add(new Delegation(director.Id, policyChief.Id, ActingAs.Substitute, tripDay, tripDay.AddDays(2), "部長出張中の代決(企画政策課長)", At(tripDay, 8)));
        await db.SaveChangesAsync(cancellationToken);
        var tablets = await FileAsync(team[1 % team.Count], FormTemplates.Purchase, Purchase("窓口用タブレット端末の購入(書かない窓口実証)", [("タブレット端末", "10.9インチ Wi-Fi 256GB", 6, "台", 98_800), ("保護ケース", "スタンド付", 6, "個", 4_950)]), At(tripDay.AddDays(-1), 15));
        await ActAsync(chief, tablets, "approve", At(tripDay, 9));
        await ActAsync(policyChief, tablets, "approve", At(tripDay, 13), "部長出張中のため代決します。", onBehalfOf: director.Id);
        await ActAsync(financeChief, tablets, "approve", At(tripDay.AddDays(1), 10));

        // In flight: 守屋's 80万円 purchase waits for 部長 after the 課長 approved.
        var inFlightDay = WorkingDay(today.AddDays(-3));
        var licences = await FileAsync(me, FormTemplates.Purchase, Purchase("RPAソフトウェア年間ライセンスの購入", [("RPAライセンス", "開発版 1年", 2, "式", 280_000), ("RPAライセンス", "実行版 1年", 4, "式", 60_000)]), At(inFlightDay, 10));
        await ActAsync(chief, licences, "approve", At(inFlightDay, 16), "費用対効果の試算を添えて部長に回します。");

        // Sent back to 守屋: the overtime order needs a reason a 課長 can accept.
        var sentBackDay = WorkingDay(today.AddDays(-1));
        var overtime = await FileAsync(me, FormTemplates.Overtime, Overtime(sentBackDay, "17:30", "20:00", 2.5m, "オンライン申請フォームの改修", "リリース作業のため"), At(sentBackDay, 15));
        await ActAsync(chief, overtime, "send-back", At(sentBackDay, 16), "理由をもう少し具体的に書いてください(リリースの日時、影響する手続など)。");

        // Waiting for the 課長 today: the team's requests.
        var recent = WorkingDay(today.AddDays(-1));
        await FileAsync(team[0], FormTemplates.Trip, Trip("デジタル庁 自治体向け説明会", "東京都千代田区", today.AddDays(10), 1, 42_360), At(recent, 9));
        await FileAsync(team[1 % team.Count], FormTemplates.Overtime, Overtime(today, "17:30", "19:30", 2, "住民向けアンケート集計", "回答期限が翌朝のため"), At(recent, 13));
        await FileAsync(team[2 % team.Count], FormTemplates.Purchase, Purchase("研修用ノートPCの周辺機器購入", [("USB-C ハブ", "HDMI・LAN対応", 5, "個", 5_480), ("ワイヤレスマウス", "静音", 5, "個", 2_180)]), At(recent, 16));

        // 代理: 企画政策課長 is on leave this week and the DX戦略室 課長 approves for them.
        db.Delegations.Add(new Delegation(policyChief.Id, chief.Id, ActingAs.Proxy, today.AddDays(-1), today.AddDays(4), "年次休暇中の代理承認", At(today.AddDays(-2), 17)));
        await db.SaveChangesAsync(cancellationToken);
        await FileAsync(policyTeam[0], FormTemplates.Trip, Trip("総合計画審議会 事前説明", "瀬戸内市役所 牛窓支所", today.AddDays(3), 1, 0), At(recent, 10));
        await FileAsync(policyTeam[1 % policyTeam.Count], FormTemplates.Overtime, Overtime(today, "17:30", "21:00", 3.5m, "議会答弁資料の作成", "一般質問の通告を受けたため"), At(recent, 14));

        // 財政課長 on leave too: their deputy approves for them (代理).
        db.Delegations.Add(new Delegation(financeChief.Id, financeDeputy.Id, ActingAs.Proxy, today, today.AddDays(2), "休暇中の代理", At(today.AddDays(-1), 17)));
        await db.SaveChangesAsync(cancellationToken); // FileAsync below starts from a clear change tracker

        // A 非公開 起案 from 市民課 waits on the 総務課 合議.
        var kianDay = WorkingDay(today.AddDays(-4));
        var kian = await FileAsync(clerk, FormTemplates.Kian, Kian("住民票の写し等交付事務における本人確認方法の変更について", "非公開"), At(kianDay, 10));
        await ActAsync(Holder("市民部/市民課/住民係", "係長"), kian, "approve", At(kianDay, 14));
        await ActAsync(Holder("市民部/市民課", "課長"), kian, "approve", At(kianDay.AddDays(1), 11));
        await db.SaveChangesAsync(cancellationToken);
    }

    private Person Holder(string path, string position) =>
        _people.FirstOrDefault(p => p.DepartmentPath == path && p.Position == position)
        ?? _people.First(p => p.DepartmentPath == path && p.Position != "課長");

    private async Task<int> FileAsync(Person applicant, string form, JsonObject values, DateTimeOffset at)
    {
        db.ChangeTracker.Clear();
        var total = values["items"] is JsonArray items ? items.Sum(i => i!["quantity"]!.GetValue<int>() * i["unit_price"]!.GetValue<long>()) : 0;
        NewFile[] files = total >= 100_000
            ? [new NewFile("quotation", "見積書.txt", "text/plain", new MemoryStream(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"御見積書\n{values["subject"]}\n合計 {total:N0}円(税込)\n有効期限 見積日から30日"))))]
            : [];
        var request = await Service(at).SaveAsync(Viewer(applicant), new SaveRequest(form, null, values) { Submit = true, Files = files });
        return request.Id;
    }

    private async Task ActAsync(Person actor, int requestId, string action, DateTimeOffset at, string? comment = null, int? onBehalfOf = null)
    {
        db.ChangeTracker.Clear();
        await Service(at).ActAsync(Viewer(actor), requestId, new ActionRequest(action, comment) { OnBehalfOf = onBehalfOf });
    }

    // The service at a past moment: its actions, audit entries and notifications carry that time.
    private ApprovalService Service(DateTimeOffset at)
    {
        _at.Now = at;
        return new ApprovalService(db, _at, new AuditLog(db, _at), new NotificationService(db, _at), routes, usage, NullLogger<ApprovalService>.Instance);
    }

    private static ApprovalViewer Viewer(Person p) => new(p.Id, p.Name, false);

    private DateTimeOffset At(DateOnly day, int hour) =>
        Min(Clock.FromTokyo(day.ToDateTime(new TimeOnly(hour, _random.Next(0, 60)))), _now.AddMinutes(-5));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateOnly WorkingDay(DateOnly day)
    {
        while (!WorkingCalendar.Default.IsWorkingDay(day))
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    private static JsonObject Trip(string purpose, string destination, DateOnly from, int days, long cost) => new()
    {
        ["purpose"] = purpose,
        ["destination"] = destination,
        ["period"] = new JsonObject { ["from"] = Iso(from), ["to"] = Iso(from.AddDays(days - 1)) },
        ["transport"] = new JsonArray(cost > 20_000 ? "鉄道" : "公用車"),
        ["estimated_cost"] = cost,
    };

    private static JsonObject Overtime(DateOnly day, string start, string end, decimal hours, string task, string reason) => new()
    {
        ["work_date"] = Iso(day),
        ["start_time"] = start,
        ["end_time"] = end,
        ["planned_hours"] = hours,
        ["task"] = task,
        ["reason"] = reason,
    };

    private static JsonObject Purchase(string subject, (string Name, string Spec, int Quantity, string Unit, long UnitPrice)[] items, string budget = "需用費(消耗品費)") => new()
    {
        ["subject"] = subject,
        ["reason"] = "業務に必要なため。",
        ["items"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject { ["name"] = i.Name, ["spec"] = i.Spec, ["quantity"] = i.Quantity, ["unit"] = i.Unit, ["unit_price"] = i.UnitPrice })]),
        ["budget_item"] = items.Sum(i => i.Quantity * i.UnitPrice) >= 100_000 ? "備品購入費" : budget,
    };

    private static JsonObject Kian(string subject, string disclosure) => new()
    {
        ["subject"] = subject,
        ["background"] = "なりすましによる不正取得を防止するため、国の通知を踏まえて本人確認の方法を見直す。",
        ["content"] = "別紙のとおり、窓口での本人確認書類の取扱いを変更したい。",
        ["doc_class"] = "事業",
        ["disclosure"] = disclosure,
    };

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class ShiftedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
