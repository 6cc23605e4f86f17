using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Requests;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Data.Demo;

/// <summary>
/// The demo city's requests between departments over the past two weeks, relative to the day the demo is created,
/// made through <see cref="WorkRequestService"/> at their own past moments (so history, notifications, search and
/// audit are what the app would have written). Around 企画振興部/DX戦略室: some wait on 守屋 美咲 (one overdue), some on
/// her department (for 課長 中村), one she watches, and every state appears at least once.
/// </summary>
public sealed class WorkRequestDemoSeeder(AppDbContext db, TimeProvider clock, UsageRecorder usage)
{
    private sealed record Person(int Id, string Name, string Login, int DepartmentId, string Path, string Position);

    private sealed class ShiftedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private const string Dx = "企画振興部/DX戦略室";
    private readonly ShiftedClock _at = new();
    private DateTimeOffset _now;
    private DateOnly _today;
    private List<Person> _people = [];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<WorkRequest>().AnyAsync(cancellationToken))
        {
            return;
        }

        _now = Clock.Truncate(clock.GetUtcNow());
        _today = Clock.TokyoDate(_now);
        _people = await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null && a.PositionId != null)
            .OrderBy(a => a.Id)
            .Select(a => new Person(a.Id, a.DisplayName, a.UserName!, a.DepartmentId!.Value, a.Department!.Path, a.Position!.Name))
            .ToListAsync(cancellationToken);
        var me = _people.FirstOrDefault(p => p.Login == DemoCityData.DemoStaffLogin);
        if (me is null)
        {
            return;
        }

        var dxChief = Holder(Dx, "課長");
        var dxTeam = _people.Where(p => p.Path == Dx && p.Id != me.Id && p.Id != dxChief.Id).ToList();
        var dxMate = dxTeam.Count > 0 ? dxTeam[0] : dxChief;
        var zaisei = First("総務部/財政課");
        var zaiseiChief = Holder("総務部/財政課", "課長");
        var shimin = First("市民部/市民課/住民係");
        var shiminChief = Holder("市民部/市民課", "課長");
        var bunsho = First("総務部/総務課/文書法制係");
        var jinji = First("総務部/総務課/人事係");
        var kikaku = First("企画振興部/企画政策課");
        var keiyaku = First("総務部/契約管財課");
        var kanko = First("企画振興部/観光課");
        var kiki = First("総務部/危機管理課");
        var zeimu = First("総務部/税務課/市民税係");

        // 依頼中, waiting on 守屋 (asked by name).
        await OpenAsync(bunsho, me, "電子決裁の利用状況に関する照会(回答依頼)",
            "県から電子決裁の利用状況について照会がありました。\n別紙の様式に、DX戦略室で把握している今年度上半期の利用件数を記入してください。", -2, 10, 4, WorkRequestPriority.Normal);

        // 対応中 and overdue, waiting on 守屋.
        var estimate = await OpenAsync(zaisei, me, "システム関連経費の見積書の提出",
            "来年度当初予算の査定に使います。ネットワーク更新とクラウド利用料の見積書(写し)を提出してください。", -8, 9, 5, WorkRequestPriority.High);
        await ActAsync(me, estimate, WorkRequestAction.Receive, null, -7, 10);
        await CommentAsync(me, estimate, "ネットワーク更新分は業者に再見積を依頼中です。届き次第提出します。", -4, 15);

        // 依頼中 to DX戦略室 without a person: waiting on the department (課長 中村 sees it in his widget).
        await OpenAsync(shimin, null, "窓口用タブレット端末の増設",
            "「書かない窓口」の試行に合わせ、住民係の窓口にタブレット端末を2台増設したいです。\n設置場所と必要な設定について相談させてください。", -1, 11, 6, WorkRequestPriority.Normal,
            to: Dept(Dx), watchers: [shiminChief.Id]);

        // DX戦略室 → 財政課: 対応中, overdue, with comments.
        var budget = await OpenAsync(me, null, "予算資料の提出依頼(DX推進事業)",
            "DX推進事業の予算要求資料について、財政課で取りまとめている前年度の執行実績の資料をご提供ください。", -9, 10, 3, WorkRequestPriority.Normal,
            to: Dept("総務部/財政課"));
        await ActAsync(zaiseiChief, budget, WorkRequestAction.Receive, null, -8, 9);
        await CommentAsync(zaiseiChief, budget, "決算見込みの確定を待っています。少しお待ちください。", -6, 14);
        await CommentAsync(me, budget, "承知しました。概数でも構いませんので、分かる範囲で先にいただけると助かります。", -5, 10);

        // 回答済 by DX戦略室: 企画政策課 is to complete it.
        var plan = await OpenAsync(kikaku, dxMate, "総合計画 進捗管理データの提供",
            "総合計画の進捗管理のため、DX戦略室所管の指標(オンライン申請件数、電子決裁率)の実績値をご提供ください。", -7, 9, 5, WorkRequestPriority.Normal);
        await ActAsync(dxMate, plan, WorkRequestAction.Receive, null, -6, 10);
        await ActAsync(dxMate, plan, WorkRequestAction.Answer, "オンライン申請件数は上半期で1,284件、電子決裁率は78.5%です。集計表を共有フォルダに置きました。", -3, 16);

        // 完了, with a comment.
        var training = await OpenAsync(dxChief, null, "DX研修の受講者名簿の提供",
            "12月のDX研修の案内に使います。各課の新任職員の名簿をご提供ください。", -12, 9, 4, WorkRequestPriority.Low,
            to: Dept("総務部/総務課/人事係"));
        await ActAsync(jinji, training, WorkRequestAction.Receive, null, -11, 10);
        await ActAsync(jinji, training, WorkRequestAction.Answer, "新任職員23名の名簿をお送りします(個人情報のため取扱いに注意してください)。", -9, 15);
        await ActAsync(dxChief, training, WorkRequestAction.Complete, "ありがとうございました。", -8, 9);

        // 差戻し: the answer came back for more; 契約管財課 works on it again.
        var contract = await OpenAsync(me, keiyaku, "クラウドサービス契約の更新手続き",
            "文書管理クラウドの契約が3月末で満了します。更新の手続きと必要書類を教えてください。", -10, 11, 2, WorkRequestPriority.Normal);
        await ActAsync(keiyaku, contract, WorkRequestAction.Receive, null, -9, 9);
        await ActAsync(keiyaku, contract, WorkRequestAction.Answer, "随意契約理由書と見積書を提出してください。様式は契約管財課のページにあります。", -6, 14);
        await ActAsync(me, contract, WorkRequestAction.Return, "随意契約理由書の記載例もいただけますか。前回の更新時の例があれば助かります。", -5, 10);

        // 取消.
        var analytics = await OpenAsync(kanko, null, "観光サイトのアクセス解析",
            "観光サイトの月別アクセス数を解析したいので、解析ツールの使い方を教えてください。", -8, 13, 7, WorkRequestPriority.Low, to: Dept(Dx));
        await ActAsync(kanko, analytics, WorkRequestAction.Cancel, "委託業者から月次報告を受けられることになったため、取り消します。", -6, 9);

        // 依頼中 between other departments, watched by 守屋.
        await OpenAsync(kiki, null, "防災アプリ導入の予算相談",
            "防災アプリの導入について、来年度予算での計上方法を相談させてください。DX戦略室にも情報共有します。", -3, 10, 8, WorkRequestPriority.Normal,
            to: Dept("総務部/財政課"), watchers: [me.Id]);

        // 完了: 総務課 → 市民課 照会の回答.
        var inquiry = await OpenAsync(bunsho, null, "庁内照会: 窓口の混雑状況(回答依頼)",
            "庁舎の案内表示の見直しのため、11月の窓口の混雑状況(時間帯別の来庁者数)をご回答ください。", -11, 9, 5, WorkRequestPriority.Normal,
            to: Dept("市民部/市民課"));
        await ActAsync(shimin, inquiry, WorkRequestAction.Receive, null, -10, 9);
        await ActAsync(shimin, inquiry, WorkRequestAction.Answer, "月曜午前と月末が混み合います。時間帯別の件数は別紙のとおりです。", -8, 11);
        await ActAsync(bunsho, inquiry, WorkRequestAction.Complete, null, -7, 9);

        // 回答済 to 守屋 as the requester: she completes or returns it.
        var kiosk = await OpenAsync(me, null, "書かない窓口 試行期間の来庁者数",
            "「書かない窓口」の効果測定のため、試行期間中の来庁者数と平均待ち時間の記録をご提供ください。", -6, 10, 6, WorkRequestPriority.Normal,
            to: Dept("市民部/市民課"));
        await ActAsync(shiminChief, kiosk, WorkRequestAction.Receive, null, -5, 9);
        await ActAsync(shiminChief, kiosk, WorkRequestAction.Answer, "試行期間の来庁者は612人、平均待ち時間は8分でした。記録表をお送りします。", -1, 15);

        // 完了, high priority.
        var outage = await OpenAsync(zeimu, null, "コンビニ交付の障害対応(至急)",
            "コンビニでの証明書交付が一部の店舗でできないとの問い合わせが続いています。状況の確認をお願いします。", -4, 9, 0, WorkRequestPriority.High, to: Dept(Dx));
        await ActAsync(dxMate, outage, WorkRequestAction.Receive, null, -4, 10);
        await ActAsync(dxMate, outage, WorkRequestAction.Answer, "委託先のシステム障害でした。11時に復旧し、全店舗で交付できることを確認しました。", -4, 13);
        await ActAsync(zeimu, outage, WorkRequestAction.Complete, "迅速な対応ありがとうございました。", -4, 15);

        // 依頼中 from 市民課 asked of DX 課長: overdue, on his desk.
        await OpenAsync(shiminChief, dxChief, "マイナンバーカード交付予約システムの改修相談",
            "交付予約の受付枠を土曜開庁日にも設定できるよう、改修の可否と費用の目安を教えてください。", -7, 14, 3, WorkRequestPriority.Normal);
    }

    private int Dept(string path) => _people.FirstOrDefault(p => p.Path == path)?.DepartmentId
        ?? _people.First(p => p.Path.StartsWith(path + "/", StringComparison.Ordinal)).DepartmentId;

    /// <summary>A request made <paramref name="days"/> working days ago at <paramref name="hour"/>, due <paramref name="dueDays"/> working days later.</summary>
    private async Task<int> OpenAsync(Person requester, Person? person, string subject, string details, int days, int hour, int dueDays,
        WorkRequestPriority priority, int? to = null, IReadOnlyList<int>? watchers = null)
    {
        var day = Day(_today, days);
        _at.Now = At(day, hour);
        var due = dueDays == 0 ? day : Forward(day, dueDays);
        var id = await Service().CreateAsync(requester.Id, new NewWorkRequest
        {
            Subject = subject,
            Details = details,
            ToAccountId = person?.Id,
            ToDepartmentId = to ?? person?.DepartmentId,
            DueDate = due,
            Priority = priority,
            WatcherIds = watchers ?? [],
        });
        db.ChangeTracker.Clear();
        return id;
    }

    private async Task ActAsync(Person who, int requestId, WorkRequestAction action, string? text, int days, int hour)
    {
        _at.Now = At(Day(_today, days), hour);
        await Service().ActAsync(who.Id, requestId, action, text, null);
        db.ChangeTracker.Clear();
    }

    private async Task CommentAsync(Person who, int requestId, string text, int days, int hour)
    {
        _at.Now = At(Day(_today, days), hour);
        await Service().CommentAsync(who.Id, requestId, text);
        db.ChangeTracker.Clear();
    }

    private WorkRequestService Service() =>
        new(db, new NotificationService(db, _at), new AuditLog(db, _at), usage, _at, NullLogger<WorkRequestService>.Instance);

    private Person Holder(string path, string position) =>
        _people.FirstOrDefault(p => p.Path == path && p.Position == position) ?? First(path);

    private Person First(string path) =>
        _people.FirstOrDefault(p => p.Path == path && p.Login != DemoCityData.DemoStaffLogin && p.Position is not ("課長" or "部長"))
        ?? _people.FirstOrDefault(p => p.Path == path && p.Login != DemoCityData.DemoStaffLogin)
        ?? _people.First(p => p.Path.StartsWith(path, StringComparison.Ordinal) && p.Login != DemoCityData.DemoStaffLogin);

    /// <summary>The working day <paramref name="offset"/> working days from <paramref name="today"/> (backwards for a negative offset).</summary>
    private static DateOnly Day(DateOnly today, int offset)
    {
        var day = today;
        for (var i = 0; i < -offset; i++)
        {
            do
            {
                day = day.AddDays(-1);
            }
            while (!WorkingCalendar.Default.IsWorkingDay(day));
        }

        return day;
    }

    private static DateOnly Forward(DateOnly from, int workingDays)
    {
        var day = from;
        for (var i = 0; i < workingDays; i++)
        {
            do
            {
                day = day.AddDays(1);
            }
            while (!WorkingCalendar.Default.IsWorkingDay(day));
        }

        return day;
    }

    /// <summary>The moment on <paramref name="day"/>, never later than half an hour before now (a demo made at 8:00 has no 10:00 yet).</summary>
    private DateTimeOffset At(DateOnly day, int hour)
    {
        var at = Clock.FromTokyo(day.ToDateTime(new TimeOnly(hour, 0)));
        var latest = _now.AddMinutes(-30);
        return at < latest ? at : latest;
    }
}
