using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Data.Demo;

/// <summary>
/// The demo city's chat this week, written through <see cref="ChatService"/> at each message's own moment (so search
/// entries, notifications of mentions and direct messages, and read positions are what the app would have written):
/// department channels (DX戦略室, 企画振興部, 市民課), the public #全庁お知らせ and #dx推進, the project channel
/// #共創チーム, a private channel, direct messages and a group for 守屋 美咲, with threads and mentions, and a few
/// messages she has not read yet. A private channel she is not in (#人事-内示) shows that it stays hidden from her.
/// </summary>
public sealed class ChatDemoSeeder(AppDbContext db, TimeProvider clock, UsageRecorder usage)
{
    private sealed record Person(int Id, string Login, string DepartmentPath, string Position);

    private sealed class ShiftedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly ShiftedClock _at = new();
    private DateTimeOffset _now;
    private List<Person> _people = [];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        _now = Clock.Truncate(clock.GetUtcNow());
        _people = await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null && a.PositionId != null)
            .OrderBy(a => a.Id).Select(a => new Person(a.Id, a.UserName!, a.Department!.Path, a.Position!.Name)).ToListAsync(cancellationToken);
        if (_people.Count == 0 || !_people.Any(p => p.Login == DemoCityData.DemoStaffLogin))
        {
            return;
        }

        var adminId = await db.Users.Where(a => a.UserName == DemoCityData.AdminLogin).Select(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        var admin = await ChatViewer.ForAccountAsync(db, adminId, cancellationToken);
        var me = _people.Single(p => p.Login == DemoCityData.DemoStaffLogin);
        var chief = Holder("企画振興部/DX戦略室", "課長");
        var director = Holder("企画振興部", "部長");
        var dx = Unit("企画振興部/DX戦略室").Where(p => p.Id != me.Id && p.Id != chief.Id).ToList();
        var policy = Unit("企画振興部/企画政策課");
        var tourism = Unit("企画振興部/観光課");
        var citizens = Unit("市民部/市民課/住民係");
        var general = Unit("総務部/総務課/人事係");
        var it = dx[0];
        var senior = dx.Count > 1 ? dx[1] : dx[0];
        var clerk = citizens.First(p => p.Position == "主事");
        var planner = policy.First(p => p.Position is "主任" or "主査" or "主事");
        var guide = tourism.First(p => p.Position is "主任" or "主事");
        var hr = general.First(p => p.Position is "係長" or "主査" or "主任");

        var departmentIds = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Path, d => d.Id, cancellationToken);

        // Channels, a week and a half ago.
        _at.Now = WorkingDay(8, 9, 0);
        var chat = Service();
        var dxRoom = await chat.CreateChannelAsync(admin, new ChannelDraft(ChannelKind.Department, "dx戦略室", "DX戦略室の連絡用") { DepartmentId = departmentIds["企画振興部/DX戦略室"] }, cancellationToken);
        var kikaku = await chat.CreateChannelAsync(admin, new ChannelDraft(ChannelKind.Department, "企画振興部", "部内の連絡・共有") { DepartmentId = departmentIds["企画振興部"] }, cancellationToken);
        var shimin = await chat.CreateChannelAsync(admin, new ChannelDraft(ChannelKind.Department, "市民課", "窓口の連絡用") { DepartmentId = departmentIds["市民部/市民課"] }, cancellationToken);
        var everyone = _people.Where((p, i) => i % 12 == 0).Select(p => p.Id).Concat([me.Id, chief.Id, director.Id, hr.Id]).Distinct().ToList();
        var notices = await chat.CreateChannelAsync(await Viewer(hr), new ChannelDraft(ChannelKind.Public, "全庁お知らせ", "全職員向けの連絡(システム停止・庁舎管理など)") { MemberIds = everyone }, cancellationToken);
        var dxPublic = await chat.CreateChannelAsync(await Viewer(chief), new ChannelDraft(ChannelKind.Public, "dx推進", "DXの取り組み・小さな改善の共有。誰でも参加できます")
        {
            MemberIds = [me.Id, it.Id, senior.Id, planner.Id, guide.Id, clerk.Id, hr.Id, director.Id],
        }, cancellationToken);
        var team = await chat.CreateChannelAsync(await Viewer(chief), new ChannelDraft(ChannelKind.Project, "共創チーム", "DX推進 共創チーム(書かない窓口・オンライン申請の拡大)")
        {
            MemberIds = [me.Id, it.Id, planner.Id, clerk.Id, guide.Id],
        }, cancellationToken);
        var network = await chat.CreateChannelAsync(await Viewer(chief), new ChannelDraft(ChannelKind.Private, "庁内ネットワーク更改", "更改の調達・スケジュール(関係者のみ)")
        {
            MemberIds = [me.Id, it.Id, hr.Id],
        }, cancellationToken);
        var personnel = await chat.CreateChannelAsync(await Viewer(hr), new ChannelDraft(ChannelKind.Private, "人事-内示", "内示の準備(人事係のみ)")
        {
            MemberIds = general.Select(p => p.Id).ToList(),
        }, cancellationToken);
        var dmChief = await chat.OpenConversationAsync(await Viewer(me), [chief.Id], cancellationToken);
        var dmClerk = await chat.OpenConversationAsync(await Viewer(clerk), [me.Id], cancellationToken);
        var lunch = await chat.OpenConversationAsync(await Viewer(planner), [me.Id, guide.Id], cancellationToken);

        // Earlier this week.
        await Post(chief, dxRoom, 4, 8, 41, "おはようございます。今週の予定です。水曜午後は部長レクがあります。資料の準備をお願いします。");
        var lecture = await Post(me, dxRoom, 4, 9, 5, "承知しました。電子申請の利用状況のグラフを更新しておきます。");
        await Reply(chief, dxRoom, lecture, 4, 9, 12, "ありがとう。前年同月との比較もあると分かりやすいです。");
        await Reply(me, dxRoom, lecture, 4, 9, 20, "前年同月比も入れます。たたき台は火曜中に共有します。");
        await Post(it, dxRoom, 3, 13, 30, "庁内Wi-Fiのアクセスポイント交換、今日の17時から3階で作業します。");
        await Post(senior, dxRoom, 3, 16, 2, "来月のRPA研修、申込が12名になりました。会場を大会議室に変更します。");

        await Post(director, kikaku, 4, 10, 0, "部内各課へ。来年度予算の要求資料は金曜までに企画政策課へ提出してください。");
        await Post(planner, kikaku, 3, 11, 15, "@dx戦略室 の皆さん、DX関連の要求はまとめて一つの資料にしてもらえると助かります。");
        await Post(chief, kikaku, 3, 11, 40, "了解です。DX戦略室でまとめて提出します。");

        await Post(clerk, shimin, 3, 8, 30, "本日はマイナンバーカードの交付予約が多いです。窓口の応援をお願いします。");

        await Post(hr, notices, 4, 8, 30, "【お知らせ】今週土曜 9:00〜12:00 は庁舎の電気設備点検のため、庁内システムが停止します。");
        var drill = await Post(hr, notices, 2, 9, 0, "防災訓練は来週火曜 10:00 からです。各課1名以上の参加をお願いします。詳細: https://city.setouchi.example.jp/bousai");
        await Reply(guide, notices, drill, 2, 9, 30, "観光課は2名参加します。");

        var kaizen = await Post(senior, dxPublic, 4, 15, 0, "会議録の文字起こしをAIで試しました。30分の会議が約5分で下書きになります。");
        await Reply(guide, dxPublic, kaizen, 4, 15, 20, "観光課でも試したいです。使い方の資料はありますか？");
        await Reply(me, dxPublic, kaizen, 4, 15, 45, "@" + guide.Login + " 手順書を作ったので共有します。来週の勉強会でも紹介します。");
        await Post(clerk, dxPublic, 2, 12, 10, "市民課で「書かない窓口」の試行を始めました。転入の手続きで記入がほぼなくなりました。");

        var agenda = await Post(chief, team, 3, 10, 0, "共創チーム第3回の議題案です。① 書かない窓口の試行結果 ② オンライン申請の対象拡大 ③ 市民アンケート");
        await Reply(planner, team, agenda, 3, 10, 25, "③ のアンケートは企画政策課で設問案を作ります。");
        await Reply(me, team, agenda, 3, 11, 0, "② は対象候補の手続きを20件ほど洗い出しておきます。");
        await Post(clerk, team, 2, 14, 0, "試行の数字です。転入の平均待ち時間 35分 → 22分、記入の手間についての苦情 0件でした。");

        await Post(it, network, 3, 17, 30, "更改の仕様書案ができました。見積依頼は来週の予定です。");
        await Post(hr, network, 2, 9, 45, "人事異動に伴う端末の移設は4月1日の朝に集中します。作業の順番を相談させてください。");
        await Post(hr, personnel, 2, 8, 50, "内示の名簿は金曜に確定します。取扱注意でお願いします。");

        await Post(chief, dmChief, 3, 18, 5, "今日の部長レクの資料、分かりやすかったです。お疲れさま。");
        await Post(me, dmChief, 3, 18, 20, "ありがとうございます。いただいたご意見は明日反映します。");
        await Post(clerk, dmClerk, 2, 16, 40, "書かない窓口の画面、職員からの評判がいいです。来週のアンケートの件で少し相談できますか？");
        await Post(me, dmClerk, 2, 17, 0, "もちろんです。木曜の午後はいかがでしょう。");
        await Post(planner, lunch, 2, 11, 50, "今日のお昼、食堂の日替わりはカレーだそうです。");
        await Post(guide, lunch, 2, 11, 52, "行きます！");
        await Post(me, lunch, 2, 11, 55, "12時10分に食堂前で。");

        // 守屋 reads everything up to yesterday evening; her colleagues read most of it.
        _at.Now = WorkingDay(1, 18, 0);
        foreach (var channel in new[] { dxRoom, kikaku, notices, dxPublic, team, network, dmChief, dmClerk, lunch })
        {
            await MarkAllRead(me, channel);
        }

        foreach (var (person, channel) in new[] { (chief, dxRoom), (it, dxRoom), (senior, dxRoom), (chief, team), (planner, team), (clerk, team), (chief, dmChief), (clerk, dmClerk), (planner, lunch), (guide, lunch), (it, network) })
        {
            await MarkAllRead(person, channel);
        }

        // Today: what 守屋 has not read yet.
        await PostToday(chief, dxRoom, 95, "@" + me.Login + " 午後の部長レク、15時からに変更になりました。資料は印刷なしで画面共有でお願いします。");
        await PostToday(it, dxRoom, 60, "3階のWi-Fi、交換が終わりました。つながりにくい場所があれば教えてください。");
        await PostToday(clerk, team, 80, "第3回の会議室、2階の共創スペースを押さえました。");
        await PostToday(guide, team, 40, "観光課からはオンライン申請の候補に「ロケ撮影の許可申請」を出したいです。");
        await PostToday(planner, team, 25, "@" + me.Login + " 対象手続きの洗い出し、企画政策課の分も送りますね。");
        await PostToday(chief, dmChief, 30, "明日の午前、15分ほど時間をもらえますか？来年度の体制の相談です。");
        await PostToday(hr, notices, 120, "【お知らせ】本日12時から13時まで、庶務事務システムの更新のため勤怠の入力ができません。");
    }

    private ChatService Service() =>
        new(db, new NotificationService(db, _at), new AuditLog(db, _at), usage, new NullChatFanout(), _at, NullLogger<ChatService>.Instance);

    private Task<ChatViewer> Viewer(Person person) => ChatViewer.ForAccountAsync(db, person.Id);

    private Person Holder(string path, string position) =>
        _people.FirstOrDefault(p => p.DepartmentPath == path && p.Position == position) ?? Unit(path).First();

    private List<Person> Unit(string path) => _people.Where(p => p.DepartmentPath == path || p.DepartmentPath.StartsWith(path + "/", StringComparison.Ordinal)).ToList();

    /// <summary>The working day (Monday to Friday) that many working days before today, at the Tokyo time given.</summary>
    private DateTimeOffset WorkingDay(int daysBack, int hour, int minute)
    {
        var day = Clock.TokyoDate(_now);
        for (var i = 0; i < daysBack;)
        {
            day = day.AddDays(-1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                i++;
            }
        }

        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(9)).ToUniversalTime();
        return at < _now ? at : _now.AddMinutes(-daysBack - 1);
    }

    private async Task<ChatMessage> Post(Person author, ChatChannel channel, int daysBack, int hour, int minute, string text)
    {
        _at.Now = WorkingDay(daysBack, hour, minute);
        return await Service().PostAsync(await Viewer(author), channel.Id, new MessageDraft(text));
    }

    private async Task Reply(Person author, ChatChannel channel, ChatMessage root, int daysBack, int hour, int minute, string text)
    {
        _at.Now = WorkingDay(daysBack, hour, minute);
        await Service().PostAsync(await Viewer(author), channel.Id, new MessageDraft(text, root.Id));
    }

    private async Task PostToday(Person author, ChatChannel channel, int minutesAgo, string text)
    {
        _at.Now = _now.AddMinutes(-minutesAgo);
        await Service().PostAsync(await Viewer(author), channel.Id, new MessageDraft(text));
    }

    private async Task MarkAllRead(Person person, ChatChannel channel) =>
        await Service().MarkReadAsync(await Viewer(person), channel.Id, long.MaxValue);
}
