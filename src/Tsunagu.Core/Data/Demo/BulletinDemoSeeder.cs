using System.Text;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Bulletins;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Data.Demo;

/// <summary>
/// The demo city's 掲示板 over the past five weeks: notices to all staff, to 部 and 課, to all 課長; a few pinned, a few
/// required reading with part of the audience confirmed (守屋 still has one to confirm), reads, comments and a file.
/// Deterministic relative to the day the demo is created.
/// </summary>
public sealed class BulletinDemoSeeder(AppDbContext db, TimeProvider clock)
{
    private sealed record Person(int Id, string Name, int? DepartmentId, string? Path, string? Position, int? PositionId, bool Staff);

    private sealed record Seed(
        int DaysAgo, int Hour, string Category, string AuthorUnit, string AuthorPosition, string Title, string Body,
        string[]? Departments = null, string[]? Positions = null, bool Pinned = false, bool Required = false,
        double ConfirmedShare = 0, int UntilDays = 0, string? File = null, string[]? Comments = null);

    private readonly Random _random = new(6060);

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Set<BulletinPost>().AnyAsync(cancellationToken))
        {
            return;
        }

        var now = Clock.Truncate(clock.GetUtcNow());
        var today = Clock.TokyoDate(now);
        var staffRole = await db.Roles.Where(r => r.Name == Roles.Staff).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var people = await db.Users.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Id)
            .Select(a => new Person(a.Id, a.DisplayName, a.DepartmentId, a.Department == null ? null : a.Department.Path, a.Position == null ? null : a.Position.Name, a.PositionId,
                db.UserRoles.Any(ur => ur.UserId == a.Id && ur.RoleId == staffRole)))
            .ToListAsync(cancellationToken);
        if (people.Count(p => p.Staff) < 10)
        {
            return;
        }

        var departments = await db.Departments.AsNoTracking().ToListAsync(cancellationToken);
        var byPath = departments.ToDictionary(d => d.Path, d => d.Id, StringComparer.Ordinal);
        var positions = await db.Positions.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Id, cancellationToken);
        var categories = await db.Set<BulletinCategory>().AsNoTracking().ToDictionaryAsync(c => c.Name, c => c.Id, cancellationToken);
        var meId = await db.Users.Where(a => a.UserName == DemoCityData.DemoStaffLogin).Select(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        var me = people.FirstOrDefault(p => p.Id == meId) ?? people.First(p => p.Staff);

        foreach (var seed in Seeds())
        {
            // 守屋 writes none of them, so searching her name finds only her own records.
            var author = people.FirstOrDefault(p => p.Id != meId && p.Path == seed.AuthorUnit && p.Position == seed.AuthorPosition)
                ?? people.FirstOrDefault(p => p.Id != meId && p.Path != null && p.Path.StartsWith(seed.AuthorUnit, StringComparison.Ordinal))
                ?? me;
            var at = Clock.FromTokyo(today.AddDays(-seed.DaysAgo).ToDateTime(new TimeOnly(seed.Hour, 5 * (seed.DaysAgo % 12))));
            if (at > now)
            {
                at = now.AddMinutes(-30 - seed.DaysAgo);
            }

            var post = new BulletinPost(author.Id, author.DepartmentId, at);
            DateTimeOffset? until = seed.UntilDays == 0 ? null : at.AddDays(seed.UntilDays);
            post.SetContent(categories[seed.Category], seed.Title, seed.Body, seed.Pinned, seed.Required, at, until, at);
            var deptIds = (seed.Departments ?? []).Where(byPath.ContainsKey).Select(p => byPath[p]).ToList();
            var posIds = (seed.Positions ?? []).Where(positions.ContainsKey).Select(p => positions[p]).ToList();
            post.SetAudience(deptIds.Count == 0 && posIds.Count == 0, deptIds, posIds);
            if (seed.Required && post.IsPublishedAt(now))
            {
                post.MarkNotified(at);
            }

            db.Add(post);
            await db.SaveChangesAsync(cancellationToken);

            var subtree = BulletinViewer.Descendants(departments, deptIds).ToHashSet();
            var members = people.Where(p => p.Staff && p.Id != author.Id
                && (post.ForEveryone || ((deptIds.Count == 0 || (p.DepartmentId is { } d && subtree.Contains(d))) && (posIds.Count == 0 || (p.PositionId is { } q && posIds.Contains(q))))))
                .ToList();
            var readShare = seed.Required ? Math.Min(1, seed.ConfirmedShare + 0.15) : 0.25 + (_random.NextDouble() * 0.45);
            foreach (var reader in members)
            {
                var confirmed = seed.Required && _random.NextDouble() < seed.ConfirmedShare;
                var read = confirmed || _random.NextDouble() < readShare;
                if (reader.Id == meId)
                {
                    // 守屋 has read what is older than a week, and confirms all but the newest required notice.
                    read = seed.DaysAgo > 7;
                    confirmed = seed.Required && seed.DaysAgo > 10;
                }

                if (!read && !confirmed)
                {
                    continue;
                }

                var first = at.AddMinutes(10 + _random.Next(60 * 24 * Math.Max(1, Math.Min(seed.DaysAgo, 5))));
                first = first > now ? now : first;
                db.Add(new BulletinRead { PostId = post.Id, AccountId = reader.Id, FirstReadAt = first, LastReadAt = first, Views = 1 + _random.Next(3) });
                if (confirmed)
                {
                    db.Add(new BulletinConfirmation { PostId = post.Id, AccountId = reader.Id, ConfirmedAt = first.AddMinutes(2) > now ? now : first.AddMinutes(2) });
                }
            }

            var commentAt = at;
            foreach (var text in seed.Comments ?? [])
            {
                var by = members.Count == 0 ? author : members[_random.Next(members.Count)];
                commentAt = commentAt.AddHours(2 + _random.Next(20));
                db.Add(new BulletinComment { PostId = post.Id, AuthorId = by.Id, Body = text, CreatedAt = commentAt > now ? now : commentAt });
            }

            if (seed.File is { } file)
            {
                using var content = new MemoryStream(Encoding.UTF8.GetBytes(file));
                var name = seed.Category == "研修" ? "研修日程.csv" : "資料.txt";
                db.Attachments.Add(await AttachmentUpload.ReadAsync(Search.SearchModules.Bulletin, BulletinSearchContent.Key(post.Id), name, "text/plain", content, author.Id, at, cancellationToken));
                await db.SaveChangesAsync(cancellationToken);
            }

            await BulletinSearchContent.IndexAsync(db, post, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private static IEnumerable<Seed> Seeds()
    {
        const string All = "全庁連絡", Hr = "人事", General = "総務・庶務", Training = "研修", System = "システム", Welfare = "福利厚生";
        const string Soumu = "総務部/総務課", Jinji = "総務部/総務課/人事係", Kiki = "総務部/危機管理課", Dx = "企画振興部/DX戦略室", Zaisei = "総務部/財政課";
        yield return new(2, 9, All, Soumu, "課長", "庁内における情報セキュリティ自己点検の実施について",
            "全職員を対象に、令和8年度の情報セキュリティ自己点検を実施します。\n\n1. 点検票(添付)の各項目を確認してください。\n2. 不明な点は **DX戦略室** までお問い合わせください。\n\n読み終えたら「確認しました」を押してください。",
            Pinned: true, Required: true, ConfirmedShare: 0.42, Comments: ["点検票の提出は各課でまとめて行えばよいでしょうか。", "各自での確認で結構です。提出は不要です。"]);
        yield return new(5, 10, All, Kiki, "課長", "総合防災訓練(シェイクアウト訓練)の実施について",
            "南海トラフ地震を想定した総合防災訓練を実施します。\n\n- 日時: 来週水曜日 10:00〜10:15\n- 内容: 緊急地震速報の訓練放送に合わせて、その場で身を守る行動をとってください。\n\n窓口業務中の職員は、来庁者への声かけをお願いします。",
            Pinned: true, Required: true, ConfirmedShare: 0.68);
        yield return new(12, 9, Hr, Jinji, "係長", "個人情報の取扱いに関する注意喚起",
            "他自治体で、個人情報を含む書類の誤送付が相次いでいます。送付前のダブルチェックを徹底してください。\n\n特に、**封入物の確認**と**宛名の読み合わせ**をお願いします。",
            Required: true, ConfirmedShare: 0.81);
        yield return new(3, 14, General, Soumu, "課長", "課長会議(定例)の資料について",
            "次回の課長会議の資料を掲載します。会議前に目を通しておいてください。\n\n議題: 来年度予算編成方針、庁舎の省エネルギー対策、窓口の混雑状況",
            Positions: ["課長"], Required: true, ConfirmedShare: 0.55, File: "議題,担当\n来年度予算編成方針,財政課\n庁舎の省エネルギー対策,契約管財課\n窓口の混雑状況,市民課\n");
        yield return new(1, 11, System, Dx, "課長", "グループウェア「つなぐ」の掲示板を使い始めました",
            "紙の回覧と旧掲示板に代えて、この掲示板を使います。\n\n- 要確認の掲示は、読んだら「確認しました」を押してください。\n- 分類で絞り込めます。\n- 質問はコメント欄へどうぞ。",
            Pinned: true, Comments: ["スマートフォンからも見られるのは助かります。", "要確認の一覧が出るのが便利ですね。"]);
        yield return new(4, 13, System, Dx, "課長", "週末のシステムメンテナンスによる停止のお知らせ",
            "土曜日 8:00〜17:00 は、基幹系システムのメンテナンスのため、住民情報システムと財務会計システムが使えません。", UntilDays: 10);
        yield return new(9, 10, System, Dx, "係長", "パスワードの定期変更は不要になりました",
            "国のガイドラインに合わせ、パスワードの定期変更を廃止しました。その代わり、**多要素認証(MFA)** の設定をお願いします。設定方法はアカウントの「セキュリティ」画面にあります。");
        yield return new(16, 15, System, Dx, "課長", "生成AIの利用に関するガイドライン(試行版)",
            "生成AIサービスの業務利用について、試行版のガイドラインを定めました。個人情報や非公開情報は入力しないでください。",
            Comments: ["議事録の要約に使ってもよいでしょうか。", "非公開の会議でなければ、ガイドラインの範囲で利用できます。"]);
        yield return new(6, 9, Hr, Jinji, "係長", "年末調整関係書類の提出について",
            "年末調整の書類は、期限までに人事係へ提出してください。電子申請を選んだ方は、申請画面から提出できます。");
        yield return new(20, 9, Hr, Jinji, "係長", "人事異動内示の日程について",
            "来年度の人事異動の内示日程をお知らせします。詳細は各所属長から連絡します。", Positions: ["部長", "課長"]);
        yield return new(26, 10, Hr, Jinji, "係長", "会計年度任用職員の募集(保育士・調理員)",
            "保健福祉部子育て支援課で、保育士と調理員を募集しています。知り合いに紹介できる方がいれば、人事係までお知らせください。");
        yield return new(8, 11, Training, Jinji, "係長", "新任係長研修の受講者募集",
            "新任係長を対象に、組織マネジメント研修を実施します。対象者は所属長を通じて申し込んでください。",
            Positions: ["係長"], File: "日程,会場,定員\n第1回,本庁舎 大会議室,30\n第2回,牛窓支所 会議室,20\n");
        yield return new(14, 14, Training, Dx, "課長", "DX推進リーダー研修(オンライン)のご案内",
            "各課1名のDX推進リーダーを対象に、業務改善とデータ活用の研修をオンラインで行います。");
        yield return new(22, 9, Training, Jinji, "係長", "メンタルヘルス・ラインケア研修(管理職向け)",
            "管理職を対象に、部下の不調に早く気づくためのラインケア研修を行います。", Positions: ["部長", "次長", "課長"]);
        yield return new(30, 10, Training, Jinji, "係長", "接遇研修の報告書を掲載しました",
            "先月の接遇研修の報告書を掲載します。窓口対応の参考にしてください。");
        yield return new(7, 12, Welfare, Jinji, "係長", "職員健康診断(追加日程)のお知らせ",
            "健康診断を受けていない職員のために、追加日程を設けました。対象の方は人事係まで連絡してください。");
        yield return new(18, 12, Welfare, Jinji, "係長", "職員互助会 保養施設の利用補助について",
            "互助会の保養施設利用補助の申請受付を始めました。1人年2泊まで補助します。");
        yield return new(33, 12, Welfare, Jinji, "係長", "インフルエンザ予防接種費用の助成",
            "職員のインフルエンザ予防接種費用を、1回2,000円まで助成します。領収書を添えて申請してください。");
        yield return new(10, 9, General, Zaisei, "課長", "来年度予算要求の締切について",
            "来年度当初予算の要求書は、財務会計システムで入力のうえ、期限までに財政課へ提出してください。",
            Positions: ["課長", "課長補佐"], Required: true, ConfirmedShare: 0.9);
        yield return new(11, 16, General, "総務部/契約管財課", "課長", "公用車の使用ルールの再確認",
            "公用車の鍵の返却忘れが続いています。使用後は必ず運行日誌に記入し、鍵を返却してください。");
        yield return new(15, 9, General, Soumu, "課長", "夏季の軽装(クールビズ)期間の終了",
            "クールビズ期間は今月末で終了します。来庁者への対応にふさわしい服装をお願いします。");
        yield return new(19, 10, General, "総務部/総務課/文書法制係", "係長", "文書の保存年限の見直しについて",
            "文書管理規程の改正に伴い、一部の文書の保存年限を見直しました。各課の文書担当者は確認してください。",
            Departments: ["総務部"]);
        yield return new(24, 9, General, Kiki, "課長", "災害時の職員参集メールの登録確認",
            "災害時の参集メールの登録内容を確認してください。異動や機種変更で届かなくなっている場合があります。",
            Required: true, ConfirmedShare: 0.95);
        yield return new(2, 16, General, Dx, "係長", "DX戦略室 今週の予定",
            "今週は窓口のオンライン化の打合せが続きます。急ぎの相談はチャットでどうぞ。", Departments: ["企画振興部/DX戦略室"]);
        yield return new(13, 10, General, "企画振興部/企画政策課", "課長", "総合計画 後期基本計画の庁内意見照会",
            "後期基本計画の素案について、企画振興部内の意見を募ります。コメント欄に記入してください。",
            Departments: ["企画振興部"], Comments: ["観光の指標は入込客数だけでなく、宿泊数も入れてはどうでしょう。"]);
        yield return new(17, 9, All, "市長公室/秘書広報課", "課長", "市長の年頭あいさつ(全文)",
            "市長から職員の皆さんへのメッセージです。「市民に寄り添い、つながる市役所を、皆さんと一緒につくっていきます。」");
        yield return new(21, 11, All, "市長公室/秘書広報課/広報係", "係長", "広報誌の表紙写真を募集しています",
            "市内の風景や行事の写真を募集しています。職員の皆さんの応募も歓迎します。", Comments: ["牛窓の夕日の写真を送ります!"]);
        yield return new(28, 9, All, "市民部/市民課", "課長", "マイナンバーカード出張申請窓口の応援依頼",
            "出張申請窓口の応援職員を募集しています。各課1名の推薦をお願いします。", Positions: ["課長"]);
        yield return new(35, 10, Hr, Jinji, "係長", "時間外勤務の上限管理について",
            "時間外勤務が月45時間を超えそうな場合は、事前に所属長へ相談してください。", Positions: ["部長", "次長", "課長", "課長補佐"]);
        yield return new(0, 8, All, Soumu, "課長", "庁舎エレベーターの点検(明日午前)",
            "明日 9:00〜11:00 は本庁舎のエレベーターが1基ずつ停止します。", UntilDays: 2);
    }
}
