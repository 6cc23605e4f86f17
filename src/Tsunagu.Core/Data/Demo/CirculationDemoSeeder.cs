using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Circulation;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Data.Demo;

/// <summary>
/// The demo city's 回覧板 over the past weeks, relative to the day the demo is created: circulations sent through
/// <see cref="CirculationService"/> at their own past moments (so notifications, search entries and audit are what
/// the app would have written) around 企画振興部/DX戦略室. 守屋 美咲 has some waiting for her (one of them overdue),
/// has confirmed others, and has two of her own: one in progress, one completed with comments.
/// </summary>
public sealed class CirculationDemoSeeder(AppDbContext db, TimeProvider clock, UsageRecorder usage)
{
    private sealed record Person(int Id, string Name, string Login, string Path, string Position);

    private const string Dx = "企画振興部/DX戦略室";
    private readonly Random _random = new(6060);
    private readonly ShiftedClock _at = new();
    private DateTimeOffset _now;
    private List<Person> _people = [];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Set<Circular>().AnyAsync(cancellationToken))
        {
            return;
        }

        _now = Clock.Truncate(clock.GetUtcNow());
        _people = await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null && a.PositionId != null)
            .OrderBy(a => a.Id)
            .Select(a => new Person(a.Id, a.DisplayName, a.UserName!, a.Department!.Path, a.Position!.Name))
            .ToListAsync(cancellationToken);
        var me = _people.Single(p => p.Login == DemoCityData.DemoStaffLogin);
        var today = Clock.TokyoDate(_now);
        var dxChief = Holder(Dx, "課長");
        var team = _people.Where(p => p.Path == Dx && p.Id != me.Id && p.Id != dxChief.Id).ToList();
        var jinji = First("総務部/総務課/人事係");
        var bunsho = First("総務部/総務課/文書法制係");
        var kiki = First("総務部/危機管理課");
        var zaisei = First("総務部/財政課");
        var keiyaku = First("総務部/契約管財課");
        var kikaku = Holder("企画振興部/企画政策課", "課長");
        var koho = First("市長公室/秘書広報課/広報係");
        var kanko = First("企画振興部/観光課");
        var chiiki = First("企画振興部/地域振興課");
        var zeimu = First("総務部/税務課/市民税係");
        string Lines(IEnumerable<Person> people) => string.Join("\n", people.Select(p => p.Login));
        var dxAll = Lines(team.Prepend(me).Prepend(dxChief));

        // Completed, weeks ago.
        var c1 = await SendAsync(bunsho, "文書管理規程の一部改正について", "文書管理規程の一部を改正し、12月1日から施行します。\n主な改正点は、電子決裁文書の保存期間の考え方と、紙文書の廃棄手続きです。\n改正後の規程を添付しますので、課内で共有してください。",
            CircularMode.AllAtOnce, Day(today, -27), 10, 7, "企画振興部", ("文書管理規程_新旧対照表.txt", "文書管理規程 新旧対照表\n第12条 保存期間 電子決裁文書は原本として保存する\n第18条 廃棄 廃棄の際は文書管理責任者の確認を得る"));
        await ConfirmAsync(c1, Day(today, -27), 13, everyone: true, comments: ["課内で共有しました。", "", "承知しました。"]);

        var c2 = await SendAsync(kiki, "11月 総合防災訓練の実施結果", "11月に実施した総合防災訓練の結果をまとめました。\n参集訓練では、発災から1時間以内の参集率が78%でした。\n次回に向けた改善点を添付の報告書で確認してください。",
            CircularMode.AllAtOnce, Day(today, -21), 9, 5, Dx + "\n企画振興部/企画政策課");
        await ConfirmAsync(c2, Day(today, -21), 11, everyone: true, comments: ["安否確認システムの登録を見直します。"]);

        var c3 = await SendAsync(jinji, "ストレスチェック実施のお知らせ", "今年度のストレスチェックを実施します。\n回答期間中に、配布するURLから回答してください。結果は本人にのみ通知されます。",
            CircularMode.AllAtOnce, Day(today, -18), 14, 7, Dx);
        await ConfirmAsync(c3, Day(today, -17), 9, everyone: true);

        var c4 = await SendAsync(keiyaku, "公用車の利用ルール改定について", "公用車の予約は施設予約システムから行うよう変更します。\n鍵の受け渡しは従来どおり契約管財課の窓口です。給油は残量が半分を切ったら行ってください。",
            CircularMode.AllAtOnce, Day(today, -15), 10, 5, "企画振興部");
        await ConfirmAsync(c4, Day(today, -15), 13, everyone: true, comments: ["", "了解しました。", ""]);

        var c5 = await SendAsync(koho, "広報せとうち1月号 原稿の確認依頼", "1月号に掲載する各課の原稿案です。\n担当記事の内容に誤りがないか確認し、修正があればコメントに記入してください。",
            CircularMode.InOrder, Day(today, -13), 9, 4, Lines([dxChief, me, team[0 % team.Count]]));
        await ConfirmAsync(c5, Day(today, -13), 11, everyone: true, comments: ["DX戦略室の記事、問題ありません。", "「書かない窓口」の開始日を1月6日に修正してください。", ""]);

        var c6 = await SendAsync(me, "オンライン申請 操作マニュアル(案)の確認", "市民向けオンライン申請の操作マニュアル(案)を作成しました。\n分かりにくい表現がないか、順に確認をお願いします。",
            CircularMode.InOrder, Day(today, -10), 10, 5, Lines([team[0 % team.Count], team[1 % team.Count], dxChief]), ("操作マニュアル案.txt", "オンライン申請 操作マニュアル(案)\n1. マイナンバーカードでログインします\n2. 申請する手続きを選びます\n3. 内容を入力して送信します"));
        await ConfirmAsync(c6, Day(today, -10), 14, everyone: true, comments: ["スクリーンショットの差し替えをお願いします。", "手順3に入力例があると分かりやすいです。", "修正後、公開に向けて進めてください。"]);

        var c7 = await SendAsync(chiiki, "地域おこし協力隊 活動報告会のご案内", "地域おこし協力隊の活動報告会を開催します。\n日時: 来週水曜 14時から 場所: 市民会館 小ホール\n関心のある方はぜひご参加ください。",
            CircularMode.AllAtOnce, Day(today, -8), 15, 5, "企画振興部");
        await ConfirmAsync(c7, Day(today, -8), 16, everyone: true);

        var c8 = await SendAsync(dxChief, "庁内LAN機器更新に伴う停止のお知らせ", "庁内LANのスイッチ更新のため、土曜日の9時から17時まで庁内ネットワークが停止します。\n当日出勤予定の方は、事前に危機管理課へ連絡してください。",
            CircularMode.AllAtOnce, Day(today, -7), 9, 3, dxAll, ("停止スケジュール.txt", "停止スケジュール\n9:00 停止開始\n12:00 本庁舎の切替完了\n17:00 全拠点の復旧確認"));
        await ConfirmAsync(c8, Day(today, -7), 10, everyone: true, comments: ["", "", "当日出勤します。連絡済みです。"]);

        // Cancelled: the event was called off.
        var c9 = await SendAsync(kanko, "観光イベント応援職員の募集", "せとうち冬まつりの応援職員を募集します。\n希望者はコメント欄に参加可能な日を記入してください。",
            CircularMode.AllAtOnce, Day(today, -6), 11, 5, "企画振興部");
        await ConfirmAsync(c9, Day(today, -6), 13, count: 2, comments: ["土曜日なら参加できます。"]);
        await CancelAsync(kanko, c9, Day(today, -5), 10);

        // Overdue: 守屋 has not confirmed (due three working days ago).
        var overdueDay = Day(today, -9);
        var c10 = await SendAsync(zaisei, "令和9年度 予算要求の提出について", "令和9年度当初予算の要求書を、期限までに財政課へ提出してください。\n今年度から、要求書は電子決裁で提出します。様式は添付のとおりです。",
            CircularMode.AllAtOnce, overdueDay, 9, Math.Max(0, Day(today, -3).DayNumber - overdueDay.DayNumber), dxAll, ("予算要求書様式.csv", "事業名,要求額,前年度額,増減理由\nDX推進事業,,,\n"));
        await ConfirmAsync(c10, overdueDay, 10, count: Math.Max(1, team.Count), except: me.Id, comments: ["提出しました。"]);

        // In progress, waiting for 守屋.
        var c11 = await SendAsync(jinji, "年末年始の勤務体制について", "年末年始(12月29日〜1月3日)の閉庁期間中の当番表です。\n当番の方は、緊急連絡先を人事係に提出してください。",
            CircularMode.AllAtOnce, Day(today, -3), 9, 7, "企画振興部");
        await ConfirmAsync(c11, Day(today, -3), 10, count: 5, except: me.Id, comments: ["", "当番の日程、了解しました。"]);

        var c12 = await SendAsync(dxChief, "情報セキュリティ研修資料の確認", "来月の全職員向け情報セキュリティ研修の資料です。\n順番に目を通し、気づいた点をコメントしてください。",
            CircularMode.InOrder, Day(today, -2), 10, 5, Lines([team[0 % team.Count], me, team[1 % team.Count]]), ("研修資料_標的型メール.txt", "情報セキュリティ研修\n標的型メールの見分け方\n添付ファイルを開く前に差出人を確認する"));
        await ConfirmAsync(c12, Day(today, -2), 14, count: 1, comments: ["事例のスライドを1枚追加するとよいと思います。"]);

        var c13 = await SendAsync(zeimu, "マイナンバー取扱い研修の受講について", "特定個人情報を取り扱う職員は、年度内に研修を受講してください。\n受講後、この回覧で「確認」を押してください。",
            CircularMode.AllAtOnce, Day(today, -1), 13, 10, Dx);
        await ConfirmAsync(c13, Day(today, -1), 15, count: 1, except: me.Id);

        // 守屋 has confirmed this one; others have not yet.
        var c14 = await SendAsync(kikaku, "総合計画審議会の開催について", "第3回総合計画審議会を開催します。\n各課の施策評価シートを審議会の1週間前までに提出してください。",
            CircularMode.AllAtOnce, Day(today, -4), 9, 6, "企画振興部/企画政策課\n" + Dx);
        await ConfirmOneAsync(c14, me, Day(today, -4), 11, "DX戦略室分は作成中です。");
        await ConfirmAsync(c14, Day(today, -4), 14, count: 3, except: me.Id);

        // 守屋's own, in progress.
        var c15 = await SendAsync(me, "庁内チャット試行運用のご案内", "来月から、企画振興部で庁内チャットの試行運用を始めます。\n使い方の説明会を開催しますので、都合のよい回に参加してください。\n不明な点はDX戦略室 守屋までお問い合わせください。",
            CircularMode.AllAtOnce, Day(today, -1), 10, 7, "企画振興部/企画政策課\n" + Lines(team));
        await ConfirmAsync(c15, Day(today, -1), 11, count: 4, comments: ["説明会に参加します。", "", "スマートフォンでも使えますか?"]);
        db.ChangeTracker.Clear();
    }

    private async Task<int> SendAsync(Person sender, string title, string body, CircularMode mode, DateOnly day, int hour, int dueDays, string recipients, params (string Name, string Text)[] files)
    {
        _at.Now = At(day, hour);
        var circular = await Service().SendAsync(new CirculationViewer(sender.Id, sender.Name), new NewCircular(title, body, mode, day.AddDays(dueDays), recipients)
        {
            Files = files.Select(f => new CircularFile(f.Name, f.Name.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "text/plain", new MemoryStream(Encoding.UTF8.GetBytes(f.Text)))).ToList(),
        });
        db.ChangeTracker.Clear();
        return circular.Id;
    }

    /// <summary>Recipients confirm one after the other from <paramref name="day"/> <paramref name="hour"/>: everyone, or the first <paramref name="count"/> whose turn comes.</summary>
    private async Task ConfirmAsync(int circularId, DateOnly day, int hour, bool everyone = false, int count = 0, int? except = null, IReadOnlyList<string>? comments = null)
    {
        var at = At(day, hour);
        var done = 0;
        while (everyone || done < count)
        {
            var next = await db.Set<CircularRecipient>().AsNoTracking()
                .Where(r => r.CircularId == circularId && r.ArrivedAt != null && r.ConfirmedAt == null && r.AccountId != except && r.Circular!.State == CircularState.InProgress)
                .OrderBy(r => r.Position).Select(r => r.AccountId).FirstOrDefaultAsync();
            if (next == 0)
            {
                return;
            }

            at = Min(at.AddMinutes(_random.Next(7, 150)), _now.AddMinutes(-5));
            var comment = comments is { Count: > 0 } && done < comments.Count ? comments[done] : null;
            _at.Now = at;
            await Service().ConfirmAsync(new CirculationViewer(next, ""), circularId, string.IsNullOrEmpty(comment) ? null : comment);
            db.ChangeTracker.Clear();
            done++;
        }
    }

    private async Task ConfirmOneAsync(int circularId, Person who, DateOnly day, int hour, string? comment)
    {
        _at.Now = At(day, hour);
        await Service().ConfirmAsync(new CirculationViewer(who.Id, who.Name), circularId, comment);
        db.ChangeTracker.Clear();
    }

    private async Task CancelAsync(Person sender, int circularId, DateOnly day, int hour)
    {
        _at.Now = At(day, hour);
        await Service().CancelAsync(new CirculationViewer(sender.Id, sender.Name), circularId);
        db.ChangeTracker.Clear();
    }

    private CirculationService Service() =>
        new(db, new RecipientResolver(db), new NotificationService(db, _at), new AuditLog(db, _at), usage, _at, NullLogger<CirculationService>.Instance);

    private Person Holder(string path, string position) =>
        _people.FirstOrDefault(p => p.Path == path && p.Position == position) ?? First(path);

    private Person First(string path) =>
        _people.FirstOrDefault(p => p.Path == path && p.Login != DemoCityData.DemoStaffLogin)
        ?? _people.First(p => p.Path.StartsWith(path, StringComparison.Ordinal) && p.Login != DemoCityData.DemoStaffLogin);

    /// <summary>The working day <paramref name="offset"/> days from today (a weekend or holiday moves to the day before).</summary>
    private static DateOnly Day(DateOnly today, int offset)
    {
        var day = today.AddDays(offset);
        while (!WorkingCalendar.Default.IsWorkingDay(day))
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    private DateTimeOffset At(DateOnly day, int hour) =>
        Min(Clock.FromTokyo(day.ToDateTime(new TimeOnly(hour, _random.Next(0, 60)))), _now.AddMinutes(-30));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed class ShiftedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
