using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Data.Demo;

public sealed partial class ApprovalDemoSeeder
{
    /// <summary>About 1,000 requests over the past year: enough for lists, search and filters to look lived-in,
    /// while the first start stays quick (the five-year scale is the benchmark's, not the demo's).</summary>
    public const int HistoryPerWorkingDay = 4;

    private const int Batch = 400;

    private static readonly string[] RankAndFile = ["主事", "主任", "主査", "技師"];

    private static readonly string[] TripPurposes = ["県主催 担当者会議", "事務研修への参加", "先進地視察", "国庫補助事業の事前協議", "県民局との協議", "広域連携会議"];
    private static readonly string[] TripPlaces = ["岡山県庁", "岡山市", "備前県民局", "広島市", "高松市", "東京都千代田区"];
    private static readonly string[] OvertimeTasks = ["議会資料の作成", "窓口繁忙期の事務処理", "予算要求資料の作成", "イベント準備", "システム更新作業", "災害対応準備", "統計調査の集計"];
    private static readonly (string Name, string Spec, string Unit, int Price)[] Goods =
    [
        ("コピー用紙", "A4 500枚×5冊", "箱", 3_280), ("トナーカートリッジ", "純正品", "本", 14_800), ("ファイル", "A4 2穴", "冊", 320),
        ("付箋", "75×75mm", "パック", 680), ("事務用椅子", "肘付き", "脚", 32_000), ("ノートPC", "14インチ 業務用", "台", 168_000),
        ("プロジェクター", "3500lm", "台", 89_000), ("公用車タイヤ", "155/65R14", "本", 9_800), ("防災用保存水", "2L×6本", "箱", 1_200),
        ("書庫", "スチール 両開き", "台", 64_000), ("案内看板", "A型 屋外用", "台", 23_500), ("測量機器校正", "トータルステーション", "式", 1_350_000),
    ];

    private static readonly string[] KianSubjects = ["事務処理要領の改正について", "委託業務の実施について", "補助金の交付決定について", "広報掲載について", "協定の締結について", "規則の一部改正について"];

    /// <summary>A year of the city's requests, written with the entity methods and their evidence, batch by batch.</summary>
    private async Task SeedHistoryAsync(CancellationToken cancellationToken)
    {
        var definitions = await db.FormDefinitions.AsNoTracking().ToDictionaryAsync(f => f.Code, StringComparer.Ordinal, cancellationToken);
        var versions = await db.FormVersions.ToDictionaryAsync(v => v.FormDefinitionId, cancellationToken);
        var schemas = definitions.Values.ToDictionary(d => d.Code, d => FormSchema.FromJson(versions[d.Id].SchemaJson), StringComparer.Ordinal);
        var sectionUnits = (await db.Departments.AsNoTracking().Where(d => d.Kind == "係").Select(d => d.Id).ToListAsync(cancellationToken)).ToHashSet();
        var applicants = _people.Where(p => RankAndFile.Contains(p.Position)).ToList();
        var accounts = await db.Users.Where(a => applicants.Select(p => p.Id).Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var routeCache = new Dictionary<(string, int, string), IReadOnlyList<ResolvedStep>>();
        var audit = new AuditLog(db, _at);
        var today = Clock.TokyoDate(_now);
        var plan = new List<(DateTimeOffset At, Person Applicant, string Form)>();
        for (var day = today.AddYears(-1); day < today; day = day.AddDays(1))
        {
            if (!WorkingCalendar.Default.IsWorkingDay(day))
            {
                continue;
            }

            for (var i = 0; i < HistoryPerWorkingDay; i++)
            {
                var applicant = applicants[_random.Next(applicants.Count)];
                var inSection = sectionUnits.Contains(applicant.DepartmentId);
                var roll = _random.Next(100);

                // 休暇届 and 起案書 go through a 係長, so only people in a 係 file them here.
                var form = roll < 30 ? (inSection ? FormTemplates.Leave : FormTemplates.Overtime)
                    : roll < 55 ? FormTemplates.Overtime
                    : roll < 75 ? FormTemplates.Trip
                    : roll < 92 ? (definitions.ContainsKey(FormTemplates.Purchase) ? FormTemplates.Purchase : FormTemplates.Trip)
                    : inSection ? FormTemplates.Kian : FormTemplates.Trip;
                plan.Add((At(day, 8 + _random.Next(9)), applicant, form));
            }
        }

        foreach (var chunk in plan.Chunk(Batch))
        {
            var batch = new List<(ApprovalRequest Request, DateTimeOffset At, Person Applicant, IReadOnlyList<ResolvedStep> Route)>();
            foreach (var (at, applicant, form) in chunk)
            {
                var definition = definitions[form];
                var check = FormValidator.Validate(schemas[form], Values(form, Clock.TokyoDate(at)), [], applicant.Position);
                if (!check.IsValid)
                {
                    throw new InvalidOperationException($"demo {form}: {string.Join(' ', check.Errors.Values)}");
                }

                var band = form switch
                {
                    FormTemplates.Purchase => check.Amount >= 5_000_000 ? "vice" : check.Amount >= 500_000 ? "director" : "",
                    FormTemplates.Kian => check.Values["disclosure"]?.GetValue<string>() ?? "",
                    _ => "",
                };
                if (!routeCache.TryGetValue((form, applicant.DepartmentId, band), out var route))
                {
                    var context = new ApplicantContext(applicant.Id, await ChainAsync(applicant.DepartmentId, cancellationToken), applicant.Position);
                    route = await routes.ResolveAsync(RouteDefinition.FromJson(versions[definition.Id].RouteJson), check, context, new Dictionary<int, int>(), cancellationToken);
                    routeCache[(form, applicant.DepartmentId, band)] = route;
                }

                var request = new ApprovalRequest(versions[definition.Id], definition.Id, accounts[applicant.Id], definition.Retention, at);
                request.Edit(string.IsNullOrWhiteSpace(check.Title) ? definition.Name : check.Title!, check.Values.ToJsonString(), check.Amount, at);
                db.ApprovalRequests.Add(request);
                batch.Add((request, at, applicant, route));
            }

            await db.SaveChangesAsync(cancellationToken); // ids: every action's hash covers its request's id
            foreach (var (request, at, applicant, route) in batch)
            {
                Play(request, Code(definitions, request.FormDefinitionId), at, applicant, route, audit);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            foreach (var a in accounts.Values)
            {
                db.Attach(a);
            }

            foreach (var v in versions.Values)
            {
                db.Attach(v);
            }
        }

        // The search index, as the rebuild command writes it.
        var items = new List<SearchItem>();
        await foreach (var item in new ApprovalSearchContent().ReadAllAsync(db, cancellationToken))
        {
            items.Add(item);
            if (items.Count == 1000)
            {
                await SearchIndex.IndexManyAsync(db, items, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                items.Clear();
            }
        }

        await SearchIndex.IndexManyAsync(db, items, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private static string Code(Dictionary<string, FormDefinition> definitions, int id) => definitions.Values.First(d => d.Id == id).Code;

    /// <summary>Moves one request through its route as its approvers would have: most decided, a few still open.</summary>
    private void Play(ApprovalRequest request, string code, DateTimeOffset at, Person applicant, IReadOnlyList<ResolvedStep> route, AuditLog audit)
    {
        var actor = new Actor(applicant.Id, applicant.Name, null);
        var t = at;
        var appended = 0;
        void Evidence(Actor who)
        {
            _at.Now = t;
            ApprovalEvidence.Record(audit, who, request, request.Actions.Skip(appended));
            appended = request.Actions.Count;
        }

        request.Submit(route, actor, null, null, t);
        Evidence(actor);
        var age = (_now - at).TotalDays;
        var roll = _random.Next(100);
        if (roll < 3)
        {
            t = Later(t);
            request.Withdraw(actor, "内容を見直すため取り下げます。", null, t);
            request.SetDisposal(Clock.TokyoDate(t));
            Evidence(actor);
            return;
        }

        while (request.ActiveStep is { } step)
        {
            t = Later(t);
            if (t > _now.AddMinutes(-10) || (age < 10 && _random.Next(100) < 35))
            {
                return; // still waiting: the recent ones are the open inboxes of the city
            }

            var assignment = step.Assignments.First(a => a.Decision == Decision.Pending);
            var who = new Actor(assignment.AssigneeId, assignment.AssigneeName, null);
            if (roll is >= 3 and < 5 && step.Kind is StepKind.Approval or StepKind.Final)
            {
                request.Reject(who, assignment.AssigneeId, ActingAs.Self, "今回は見送りとします。", null, t);
                request.SetDisposal(Clock.TokyoDate(t));
                Evidence(who);
                return;
            }

            if (request.Approve(who, assignment.AssigneeId, ActingAs.Self, null, null, t))
            {
                Evidence(who);
                request.Freeze(ApprovalEvidence.ContentHash(request, code, request.FormVersion!.Number, []), Clock.TokyoDate(t));
                ApprovalEvidence.RecordFrozen(audit, who, request);
                return;
            }

            Evidence(who);
        }
    }

    private DateTimeOffset Later(DateTimeOffset t) => t.AddMinutes(30 + _random.Next(60 * 30));

    private async Task<IReadOnlyList<int>> ChainAsync(int departmentId, CancellationToken cancellationToken)
    {
        _parents ??= await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ParentId, cancellationToken);
        var chain = new List<int>();
        for (int? id = departmentId; id is { } current && !chain.Contains(current); id = _parents.GetValueOrDefault(current))
        {
            chain.Add(current);
        }

        return chain;
    }

    private Dictionary<int, int?>? _parents;

    private JsonObject Values(string form, DateOnly day)
    {
        switch (form)
        {
            case FormTemplates.Leave:
                var kind = FormTemplates.LeaveKinds[_random.Next(100) < 70 ? 0 : 1 + _random.Next(FormTemplates.LeaveKinds.Count - 1)];
                var leave = new JsonObject
                {
                    ["kind"] = kind,
                    ["period"] = new JsonObject { ["from"] = Iso(day.AddDays(3)), ["to"] = Iso(day.AddDays(3 + _random.Next(3))) },
                    ["contact"] = "携帯電話",
                };
                if (kind != FormTemplates.LeaveKinds[0])
                {
                    leave["reason"] = "家族の事情のため";
                }

                return leave;
            case FormTemplates.Overtime:
                var hours = 1 + _random.Next(8) * 0.5m;
                return Overtime(day, "17:30", "21:00", hours, OvertimeTasks[_random.Next(OvertimeTasks.Length)], "期限までに処理する必要があるため");
            case FormTemplates.Trip:
                var place = _random.Next(TripPlaces.Length);
                return Trip(TripPurposes[_random.Next(TripPurposes.Length)], TripPlaces[place], day.AddDays(7), 1 + (place == 5 ? 1 : 0), place == 5 ? 48_000 : 1_000 + (place * 1_500));
            case FormTemplates.Purchase:
                // Under 10万円, so no 見積書 is needed; the larger purchases are among the stories above.
                var count = 1 + _random.Next(3);
                var lines = Enumerable.Range(0, count).Select(_ => Goods[_random.Next(Goods.Length)]).Where(g => g.Price < 20_000).DefaultIfEmpty(Goods[0])
                    .Select(g => (g.Name, g.Spec, 1 + _random.Next(2), g.Unit, (long)g.Price)).ToArray(); // at most 3 × 2 × 14,800円
                return Purchase($"{lines[0].Name}の購入", lines);
            default:
                return Kian(KianSubjects[_random.Next(KianSubjects.Length)], _random.Next(100) < 15 ? "非公開" : "公開");
        }
    }
}
