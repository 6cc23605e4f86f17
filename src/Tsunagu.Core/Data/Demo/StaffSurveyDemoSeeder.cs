using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.StaffSurveys;

namespace Tsunagu.Core.Data.Demo;

/// <summary>
/// The seed's 「業務に対するアンケート」 (posted on 4/15, 36 of 38 units answered: 80 answers on 庁内業務, 92 on 庁外業務, 21
/// on digitalisation already done, 4 further requests), sent and closed this spring; and this week's 「テレワーク実施状況調査」,
/// answered so far by 15 units. Written through <see cref="StaffSurveyService"/> at each step's own moment; the answers are
/// built from small phrase tables in a fixed order, so every run yields the same data.
/// </summary>
public sealed class StaffSurveyDemoSeeder(AppDbContext db, TimeProvider clock)
{
    private sealed class ShiftedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    // The two units too busy to answer (as the seed's two departments): 税務課 in the tax season, 危機管理課.
    private static readonly string[] BusyUnits = ["総務部/税務課", "総務部/危機管理課"];

    // Units still to answer this week's telework survey (the demo logins' own units among them).
    private static readonly string[] TeleworkAnswered =
    [
        "市長公室/秘書広報課", "総務部/総務課", "総務部/契約管財課", "企画振興部/企画政策課", "企画振興部/観光課", "市民部/市民課",
        "市民部/環境課", "保健福祉部/福祉課", "保健福祉部/介護保険課", "産業建設部/商工課", "産業建設部/都市計画課", "上下水道部/下水道課",
        "会計課", "教育委員会/学校教育課", "監査委員事務局",
    ];

    private static readonly string[] InternalWork =
    [
        "休暇・時間外勤務の申請と承認", "起案文書の回議・決裁", "会議資料の印刷と配布", "庁内照会への回答の取りまとめ", "物品購入の伺いと支出命令",
        "出張命令と旅費の精算", "公用車の予約と運行記録", "予算要求資料の作成", "課内の予定・行事の共有", "文書の収受と発送の記録",
        "職員研修の申込みと受講管理", "庁内向け通知の回覧", "統計資料の集計", "議会答弁資料の作成", "契約書の作成と押印",
    ];

    private static readonly string[] ExternalWork =
    [
        "窓口での申請書の受付", "証明書の交付", "電話による問い合わせへの対応", "補助金の申請受付と審査", "施設の利用予約の受付",
        "各種届出の受付と入力", "相談の予約受付", "イベント・講座の参加申込み", "市民アンケートの実施と集計", "許可申請の受付と審査",
        "納付書の発行と収納の確認", "事業者からの報告の受付", "広報・お知らせの発信", "説明会の開催案内と出欠の把握", "現地調査の日程調整",
    ];

    private static readonly string[] InternalIssues =
    [
        "紙の様式に手書きし、押印して回しているため、決裁までに日数がかかる。",
        "同じ内容を複数の台帳に転記しており、転記漏れや誤りが起きやすい。",
        "メールと電話で個別に照会しており、回答の集計に手間がかかる。",
        "担当者しか状況が分からず、不在時に対応できない。",
        "印刷・配布の部数が多く、紙と作業時間の負担が大きい。",
        "共有フォルダの資料が探しにくく、最新版が分からない。",
    ];

    private static readonly string[] ExternalIssues =
    [
        "来庁が前提の手続きで、平日昼間に来られない市民から不満の声がある。",
        "申請書の記入漏れが多く、電話での確認や再提出のお願いが続いている。",
        "問い合わせが繁忙期に集中し、窓口と電話が混み合う。",
        "受付後に基幹システムへ手入力しており、二重入力になっている。",
        "紙の申請書を郵送でやり取りしており、受付から完了まで時間がかかる。",
        "予約の受付を電話だけで行っているため、空き状況を案内しにくい。",
    ];

    private static readonly string[] Requests =
    [
        "電子申請の様式を課で作成できるようにしてほしい。",
        "窓口にキャッシュレス決済を導入してほしい。",
        "庁内の照会・回答を一つの仕組みで集計できるようにしてほしい。",
        "タブレット端末を会議と現地調査で使えるようにしてほしい。",
    ];

    private static readonly string[] TeleworkComments =
    [
        "持ち帰れる業務が限られるため、資料の電子化を進めたい。",
        "窓口業務が中心のため、交代で実施できる日を決めて試している。",
        "端末の台数が足りず、希望者全員は実施できていない。",
        "",
        "",
    ];

    private readonly ShiftedClock _at = new();

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = Clock.Truncate(clock.GetUtcNow());
        var office = await db.Users.AsNoTracking().Where(a => a.UserName == "nakamura.tatsuya").Select(a => (int?)a.Id).SingleOrDefaultAsync(cancellationToken);
        if (office is null)
        {
            return;
        }

        var units = await SurveyUnits.LoadAsync(db, cancellationToken);
        var targets = units.Default;
        var members = await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null)
            .OrderBy(a => a.Position!.Rank).ThenBy(a => a.Id)
            .Select(a => new { a.Id, a.DepartmentId, a.DisplayName, Position = a.Position == null ? null : a.Position.Name })
            .ToListAsync(cancellationToken);
        // Each unit answers through one person: the first of its members below 課長 (the unit's survey contact).
        var contacts = targets.ToDictionary(u => u.Id, u => members.Where(m => units.UnitOf(m.DepartmentId)?.Id == u.Id).OrderBy(m => m.Position is "課長" or "部長" ? 1 : 0).ThenBy(m => m.Id).FirstOrDefault());
        var service = new StaffSurveyService(db, _at, new NotificationService(db, _at), new AuditLog(db, _at));
        var dx = await SurveyActor.ForAccountAsync(db, office.Value, null, cancellationToken);

        SurveyActor Contact(SurveyUnit unit)
        {
            var c = contacts[unit.Id]!;
            return new SurveyActor(c.Id, unit, c.Position, false, new Actor(c.Id, c.DisplayName, null));
        }

        // 「業務に対するアンケート」: sent on 4/15 of this fiscal year, answered within two weeks, closed after its deadline.
        var year = Clock.TokyoDate(now) is var today && today.Month >= 5 ? today.Year : today.Year - 1;
        var sent = Clock.FromTokyo(new DateTime(year, 4, 15, 9, 30, 0, DateTimeKind.Unspecified));
        var business = StaffSurveyTemplates.Find(StaffSurveyTemplates.Business)!;
        _at.Now = sent.AddMinutes(-30);
        var first = await service.CreateAsync(dx, new SurveyInput
        {
            Title = business.Name,
            Instructions = "DX戦略室では、各課の業務のデジタル化を進めるため、現在の業務と課題を把握したいと考えています。業務ごとに1件ずつ、庁内業務(職員どうしの業務)と庁外業務(市民・事業者向けの業務)を分けて回答してください。",
            Schema = business.Schema,
            Deadline = new DateOnly(year, 4, 30),
            AllowsSeveralAnswers = true,
        }, cancellationToken);
        _at.Now = sent;
        await service.SendAsync(dx, first.Id, cancellationToken);

        var answering = targets.Where(u => !BusyUnits.Contains(u.Path) && contacts[u.Id] is not null).ToList();
        // 80 answers on 庁内業務 and 92 on 庁外業務 from 36 units: two of each, a third for the first 8 and 20 units.
        var n = 0;
        var doneLeft = 21;
        var requestsLeft = Requests.Length;
        for (var i = 0; i < answering.Count; i++)
        {
            var unit = answering[i];
            var inside = i < 8 ? 3 : 2;
            var outside = i < 20 ? 3 : 2;
            for (var k = 0; k < inside + outside; k++, n++)
            {
                var isInside = k < inside;
                var work = isInside ? InternalWork[(i * 3 + k) % InternalWork.Length] : ExternalWork[(i * 5 + k) % ExternalWork.Length];
                var issue = isInside ? InternalIssues[(i + k) % InternalIssues.Length] : ExternalIssues[(i * 2 + k) % ExternalIssues.Length];
                // Every eighth answer reports work already digitised, 21 in all; 検討中 and 未着手 share the rest.
                var digital = doneLeft > 0 && n % 8 == 3 ? "実施済" : n % 3 == 0 ? "未着手" : "検討中";
                doneLeft -= digital == "実施済" ? 1 : 0;
                var values = new JsonObject
                {
                    ["area"] = isInside ? "庁内業務" : "庁外業務",
                    ["business"] = work,
                    ["issue"] = issue,
                    ["digital"] = digital,
                };
                if (requestsLeft > 0 && n % 43 == 20)
                {
                    values["request"] = Requests[Requests.Length - requestsLeft--];
                }

                _at.Now = sent.AddDays(1 + (i % 12)).AddMinutes(k * 7);
                await service.AnswerAsync(Contact(unit), first.Id, values, cancellationToken);
            }
        }

        _at.Now = Clock.FromTokyo(first.Deadline.AddDays(1).ToDateTime(new TimeOnly(9, 0)));
        await service.CloseAsync(dx, first.Id, cancellationToken);

        // 「テレワーク実施状況調査」: sent two days ago, due in a week, 15 units have answered.
        var telework = StaffSurveyTemplates.Find(StaffSurveyTemplates.Telework)!;
        var sentAt = now.AddDays(-2);
        _at.Now = sentAt.AddMinutes(-20);
        var second = await service.CreateAsync(dx, new SurveyInput
        {
            Title = telework.Name,
            Instructions = "テレワークの今後の環境整備の参考にするため、各課の実施状況を調査します。課ごとに1件、課長または庶務担当の方が回答してください。",
            Schema = telework.Schema,
            Deadline = Clock.TokyoDate(now).AddDays(7),
            AllowsSeveralAnswers = false,
        }, cancellationToken);
        _at.Now = sentAt;
        await service.SendAsync(dx, second.Id, cancellationToken);
        var j = 0;
        foreach (var unit in targets.Where(u => TeleworkAnswered.Contains(u.Path) && contacts[u.Id] is not null))
        {
            var status = StaffSurveyTemplates.TeleworkStates[j % 3];
            var values = new JsonObject
            {
                ["status"] = status,
                ["people"] = status == "実施していない" ? 0 : 1 + (j * 3 % 7),
                ["issues"] = new JsonArray([.. new[] { StaffSurveyTemplates.TeleworkIssues[j % 4], StaffSurveyTemplates.TeleworkIssues[(j + 1) % 3] }.Distinct().Select(x => (JsonNode)JsonValue.Create(x))]),
            };
            if (TeleworkComments[j % TeleworkComments.Length] is { Length: > 0 } comment)
            {
                values["comment"] = comment;
            }

            _at.Now = sentAt.AddHours(2 + (j * 3));
            await service.AnswerAsync(Contact(unit), second.Id, values, cancellationToken);
            j++;
        }
    }
}
