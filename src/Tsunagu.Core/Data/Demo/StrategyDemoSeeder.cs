using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Strategy;

namespace Tsunagu.Core.Data.Demo;

/// <summary>
/// The DX strategy's measurements for the demo city: the seed's target (level 4 on every axis by the end of FY2022),
/// the city-wide assessment of the strategy's first edition (2021-05-12) and later ones that show progress, two
/// departments' own assessments, and the seed's 全体戦略スケジュール(案) with statuses as they stand today. The seed's
/// own scores were a figure that did not survive into the text, so the first assessment's levels are the demo's
/// reading of its 評価 (「DX以前にデジタル化がまだまだ進んでいない状況」): level 2 on every axis.
/// </summary>
public sealed class StrategyDemoSeeder(AppDbContext db, TimeProvider clock)
{
    private const string Dx = "DX戦略室";

    private static readonly (string Measure, string? Sub, string Owner, (int From, int To, string Activity)[] Cells)[] Schedule =
    [
        ("自治体の情報システム標準化・共通化", null, Dx, [(4, 9, "標準仕様に基づき、既存システム改修")]),
        ("マイナンバーカードの普及促進", null, "市民課(共同)", [(0, 3, "普及促進活動"), (4, 9, "継続して普及促進")]),
        ("自治体の行政手続きのオンライン化", null, "各課(共同)", [(0, 3, "ガイドラインに基づき、準備"), (4, 9, "随時稼働")]),
        ("自治体のAI/RPAの利用推進", "各種業務デジタル化", "各課(原課)", [(1, 1, "調査検討"), (2, 3, "トライアンドエラー"), (4, 9, "浸透・拡大(トライアンドエラーは継続)")]),
        ("自治体のAI/RPAの利用推進", "環境の整備", Dx, [(0, 1, "整備"), (2, 2, "増強"), (4, 4, "増強"), (6, 6, "増強"), (8, 8, "増強")]),
        ("テレワークの推進", "デジタルコミュニケーション/電子決裁", Dx, [(0, 9, "浸透・拡大(トライアンドエラーは継続)")]),
        ("テレワークの推進", "各種業務デジタル化", "各課(原課)", [(0, 0, "調査検討"), (1, 3, "トライアンドエラー"), (4, 9, "浸透・拡大(トライアンドエラーは継続)")]),
        ("セキュリティ対策の徹底", "環境の整備", Dx, [(0, 1, "調査検討"), (2, 2, "整備"), (5, 5, "見直し"), (7, 7, "見直し"), (9, 9, "見直し")]),
        ("組織体制の整備", "体制の整備", Dx, [(0, 1, "整備"), (2, 2, "見直し"), (4, 4, "見直し"), (6, 6, "見直し"), (8, 8, "見直し")]),
        ("地域社会のデジタル化", "自治体-市民とのデジタルによるつながり強化", "地域振興課(共同)", [(0, 1, "調査検討"), (2, 9, "浸透・拡大(トライアンドエラーは継続)")]),
        ("デジタルデバイド対策", "デジタル化定着化支援・教育支援", Dx, [(0, 9, "勉強会")]),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.RoadmapMeasures.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = Clock.Truncate(clock.GetUtcNow());
        var today = Clock.TokyoDate(now);
        var chief = await db.Users.AsNoTracking().Where(a => a.UserName == "nakamura.tatsuya").Select(a => new { a.Id, a.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().Where(d => d.Path == "総務部/財政課" || d.Path == "産業建設部/建設課")
            .ToDictionaryAsync(d => d.Path, d => d.Id, cancellationToken);

        foreach (var axis in MaturityRubric.Axes)
        {
            db.MaturityTargets.Add(new MaturityTarget(axis.Axis, MaturityRubric.SeedTargetLevel, MaturityRubric.SeedTargetDate));
        }

        void Assess(int? departmentId, DateOnly on, int? assessorId, string assessor, params (int Level, string Evidence)[] s)
        {
            if (on > today)
            {
                return;
            }

            var scores = MaturityRubric.Axes.Select((a, i) => new MaturityScoreInput(a.Axis, s[i].Level, s[i].Evidence)).ToList();
            db.MaturityAssessments.Add(MaturityAssessment.Record(departmentId, on, today, assessorId, assessor, scores, now));
        }

        Assess(null, new DateOnly(2021, 5, 12), null, "DX戦略室(瀬戸内市DX戦略方針 第1.0版)",
            (2, "庁内グループウェアは活用されておらず、Officeファイルも座席表/名簿などの更新・参照にとどまる。"),
            (2, "メール/GWは導入済みだが、最低限の更新にとどまり、計画的な機能拡張はされていない。"),
            (2, "情報担当は兼務が中心で、DX戦略室を設置して体制を整え始めた段階。"),
            (2, "庁内業務に関しての取り組みは、特定部門のみ行っている状況。"));
        Assess(null, new DateOnly(2023, 3, 24), chief?.Id, chief?.DisplayName ?? Dx,
            (3, "職員向け勉強会を半期ごとに開催し、GWのスケジュール・設備予約の利用が定着した。"),
            (4, "電子決裁とチャットを試行導入し、RPAの実行環境を整備した。"),
            (4, "DX推進本部と各課のDX推進リーダーを置く体制強化を計画し、一部を開始した。"),
            (3, "各課の課題を棚卸しし、改善案として整理した(業務改善提案 42件)。"));
        Assess(null, new DateOnly(2025, 3, 21), chief?.Id, chief?.DisplayName ?? Dx,
            (4, "全職員向けの研修計画を策定し、階層別研修にDXの回を設けた。"),
            (4, "つなぐ(デジタル市役所)を全庁に導入。基幹系の標準化対応は改修中。"),
            (4, "DX推進リーダーを全課に配置。見直しを毎年度実施。"),
            (4, "各課からの新たな業務プロセスの提案が年間30件を超えた。"));
        Assess(null, new DateOnly(2026, 10, 16), chief?.Id, chief?.DisplayName ?? Dx,
            (5, "研修と勉強会を計画どおり実施中。受講率 92%。"),
            (4, "標準化対応は一部システムの移行が令和8年度にずれ込んでいる。"),
            (5, "DX推進本部・幹事会・各課リーダーの体制が定着し、運営している。"),
            (4, "提案の実行は進んでいるが、効果検証まで至ったものは一部。"));
        if (departments.TryGetValue("総務部/財政課", out var finance))
        {
            Assess(finance, new DateOnly(2025, 10, 10), chief?.Id, chief?.DisplayName ?? Dx,
                (3, "予算編成資料の共有はGW上で行うが、紙の回覧も残る。"), (3, "予算編成システムとの連携は未着手。"),
                (3, "課内のDX推進リーダーを1名配置。"), (3, "予算要求の様式統一を改善案として整理済み。"));
            Assess(finance, new DateOnly(2026, 10, 9), chief?.Id, chief?.DisplayName ?? Dx,
                (4, "全員が電子決裁で起案。課内勉強会を計画。"), (4, "予算要求の集計をRPAで一部自動化。"),
                (4, "リーダーを2名に増員する計画。"), (4, "予算要求様式の電子化を提案し、試行中。"));
        }

        if (departments.TryGetValue("産業建設部/建設課", out var construction))
        {
            Assess(construction, new DateOnly(2026, 10, 13), chief?.Id, chief?.DisplayName ?? Dx,
                (3, "現場写真の共有はタブレットで行うが、事務所内の活用に差がある。"), (3, "工事台帳は個別のExcelが中心。"),
                (3, "DX推進リーダーを1名配置。"), (4, "現場でのマルチメディア活用による効率化を提案。"));
        }

        await db.SaveChangesAsync(cancellationToken);

        var columns = RoadmapPeriod.Columns(today);
        var parents = new Dictionary<string, RoadmapMeasure>(StringComparer.Ordinal);
        var order = 0;
        var rows = new List<(RoadmapMeasure Measure, string Owner, (int From, int To, string Activity)[] Cells)>();
        foreach (var (title, sub, owner, cells) in Schedule)
        {
            if (!parents.TryGetValue(title, out var parent))
            {
                parent = new RoadmapMeasure(title, null, ++order);
                parents[title] = parent;
                db.RoadmapMeasures.Add(parent);
            }

            if (sub is null)
            {
                rows.Add((parent, owner, cells));
                continue;
            }

            var child = new RoadmapMeasure(sub, parent, rows.Count(r => r.Measure.Parent == parent) + 1);
            db.RoadmapMeasures.Add(child);
            rows.Add((child, owner, cells));
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var (measure, owner, cells) in rows)
        {
            foreach (var (from, to, activity) in cells)
            {
                for (var i = from; i <= to; i++)
                {
                    var period = columns[i];
                    var cell = new RoadmapCell(measure.Id, period);
                    cell.Update(activity, StatusOf(period, today), owner, "", today, Dx, now);
                    db.RoadmapCells.Add(cell);
                }
            }
        }

        // After the seed's horizon (R7下期) the city carries on: the half-years up to today, and the next one's 勉強会.
        var standard = rows.First(r => r.Measure.Title == "自治体の情報システム標準化・共通化").Measure;
        var divide = rows.First(r => r.Measure.Title == "デジタル化定着化支援・教育支援").Measure;
        foreach (var period in columns.Skip(10))
        {
            if (period.Starts <= today)
            {
                Add(standard, period, "移行困難システムの標準準拠システムへの移行", StatusOf(period, today), Dx);
            }

            Add(divide, period, "勉強会", StatusOf(period, today), Dx);
        }

        // The one late item of the plan, as many cities had it: standardisation slipped into the next year.
        var lastStandard = db.RoadmapCells.Local.FirstOrDefault(c => c.MeasureId == standard.Id && c.FiscalYear == RoadmapPeriod.LastFiscalYear && c.Half == 2);
        lastStandard?.Update(lastStandard.Activity, RoadmapStatus.Delayed, Dx, "一部システムの移行が令和8年度にずれ込み(移行困難システムとして国に申請)。", today, Dx, now);

        new AuditLog(db, clock).Record(Actor.System, "demo.strategy-seeded", "strategy", $"{rows.Count} roadmap rows");
        await db.SaveChangesAsync(cancellationToken);

        void Add(RoadmapMeasure measure, RoadmapPeriod period, string activity, RoadmapStatus status, string owner)
        {
            var cell = new RoadmapCell(measure.Id, period);
            cell.Update(activity, status, owner, "", today, Dx, now);
            db.RoadmapCells.Add(cell);
        }
    }

    /// <summary>Past half-years are done; one that holds today is under way; later ones have not begun.</summary>
    private static RoadmapStatus StatusOf(RoadmapPeriod period, DateOnly today) =>
        period.Ends < today ? RoadmapStatus.Done : period.Starts <= today ? RoadmapStatus.InProgress : RoadmapStatus.NotStarted;
}
