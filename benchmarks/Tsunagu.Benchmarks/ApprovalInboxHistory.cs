using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Benchmarks;

internal sealed record ApprovalPerson(int Id, string Name, int DepartmentId, string Path, string Position)
{
    public string Section => string.Join('/', Path.Split('/').Take(2));

    public string Division => Path.Split('/')[0];
}

/// <summary>The demo city as the approval generator sees it: staff, who holds which post where, the shipped forms.</summary>
internal sealed class ApprovalCity
{
    private static readonly string[] Heads = ["課長", "部長", "副市長", "市長", "室長", "次長", "所長", "局長", "館長", "園長", "参事", "教育長", "会計管理者", "院長", "消防長", "署長"];

    public required List<ApprovalPerson> People { get; init; }

    public required List<ApprovalPerson> Applicants { get; init; }

    public required double[] Weights { get; init; }

    public required Dictionary<string, int> Forms { get; init; }

    public required Dictionary<string, int> Versions { get; init; }

    public required Dictionary<string, RetentionClass> Retention { get; init; }

    public required string GeneralAffairsPath { get; init; }

    public required string FinancePath { get; init; }

    /// <summary>The 課長 whose inbox is measured.</summary>
    public required ApprovalPerson Chief { get; init; }

    /// <summary>The chief's 部長, who delegated to the chief.</summary>
    public required ApprovalPerson Director { get; init; }

    /// <summary>A member of staff with about 250 requests over the period.</summary>
    public required ApprovalPerson Applicant { get; init; }

    public static async Task<ApprovalCity> LoadAsync(AppDbContext db, int totalRequests)
    {
        var people = await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null)
            .OrderBy(a => a.Id)
            .Select(a => new ApprovalPerson(a.Id, a.DisplayName, a.DepartmentId!.Value, a.Department!.Path, a.Position == null ? "" : a.Position.Name))
            .ToListAsync();
        people = people.Where(p => !p.Path.StartsWith("消防本部", StringComparison.Ordinal) && !p.Path.StartsWith("市民病院", StringComparison.Ordinal)).ToList();
        var definitions = await db.FormDefinitions.AsNoTracking().ToListAsync();
        var versions = await db.FormVersions.AsNoTracking().ToListAsync();
        var offices = await TemplateOffices.FindAsync(db);
        var paths = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Path);

        // Applicants: everyone who is not a head of something; a weight 0.6–1.4 so some file more than others.
        var applicants = people.Where(p => !Heads.Contains(p.Position) && p.Position != "係長").ToList();
        var random = new Random(11);
        var weights = applicants.Select(_ => 0.6 + (0.8 * random.NextDouble())).ToArray();
        var perWeight = totalRequests / weights.Sum();
        var chiefs = people.Where(p => p.Position == "課長" && p.Path.Contains('/', StringComparison.Ordinal)).ToList();

        // The measured 課長: the 課 whose expected requests are nearest 4,000, with a 部長 above.
        var (chief, _) = chiefs
            .Select(c => (c, Expected: applicants.Select((a, i) => (a, i)).Where(x => x.a.Section == c.Path).Sum(x => weights[x.i]) * perWeight))
            .Where(x => people.Any(p => p.Position == "部長" && p.Path == x.c.Division))
            .OrderBy(x => Math.Abs(x.Expected - 4_000)).First();
        var director = people.First(p => p.Position == "部長" && p.Path == chief.Division);
        var applicant = applicants.Select((a, i) => (a, i)).Where(x => x.a.Section != chief.Path)
            .OrderBy(x => Math.Abs((weights[x.i] * perWeight) - 250)).First().a;
        return new ApprovalCity
        {
            People = people,
            Applicants = applicants,
            Weights = weights,
            Forms = definitions.ToDictionary(d => d.Code, d => d.Id, StringComparer.Ordinal),
            Versions = definitions.ToDictionary(d => d.Code, d => versions.Where(v => v.FormDefinitionId == d.Id).Max(v => v.Id), StringComparer.Ordinal),
            Retention = definitions.ToDictionary(d => d.Code, d => d.Retention, StringComparer.Ordinal),
            GeneralAffairsPath = offices.GeneralAffairsId is { } ga ? paths[ga] : "",
            FinancePath = offices.FinanceId is { } fi ? paths[fi] : "",
            Chief = chief,
            Director = director,
            Applicant = applicant,
        };
    }

    /// <summary>The nearest holder of the position from the person's own unit upwards (as ApplicantSuperior resolves).</summary>
    public ApprovalPerson? Superior(ApprovalPerson person, string position)
    {
        var parts = person.Path.Split('/');
        for (var n = parts.Length; n >= 1; n--)
        {
            var path = string.Join('/', parts.Take(n));
            var holder = People.FirstOrDefault(p => p.Path == path && p.Position == position);
            if (holder is not null)
            {
                return holder;
            }
        }

        return position == "副市長" ? People.FirstOrDefault(p => p.Position == position) : null;
    }

    public ApprovalPerson? Holder(string path, string position) => People.FirstOrDefault(p => p.Path == path && p.Position == position);
}

/// <summary>
/// Writes years of requests with the entity methods, batch by batch: add and save the requests (for their ids), play
/// their history in memory (submit, approvals, now and then a rejection, a withdrawal or a send-back and resubmission),
/// save again, clear the change tracker. No audit chain, no search index, no attachments.
/// </summary>
internal sealed class ApprovalHistory(ApprovalCity city, DateTimeOffset now, int years, int perYear)
{
    private const int Batch = 1000;
    private readonly Random _random = new(2026);
    private readonly Dictionary<(int, string, int), IReadOnlyList<ResolvedStep>> _routes = [];

    private enum Fate
    {
        Approve,
        Reject,
        Withdraw,
        SendBackThenApprove,
        Open,
        OpenAtChief,
        OpenAtDirector,
    }

    public async Task<int> WriteAsync(IServiceProvider provider)
    {
        var today = Clock.TokyoDate(now);
        var days = new List<DateOnly>();
        for (var day = today.AddYears(-years); day <= today; day = day.AddDays(1))
        {
            if (WorkingCalendar.Default.IsWorkingDay(day))
            {
                days.Add(day);
            }
        }

        var total = years * perYear;
        var cumulative = new double[city.Weights.Length];
        var sum = 0.0;
        for (var i = 0; i < cumulative.Length; i++)
        {
            sum += city.Weights[i];
            cumulative[i] = sum;
        }

        // The plan, oldest first.
        var plan = new List<(DateTimeOffset At, ApprovalPerson Applicant, string Form, Fate Fate)>(total);
        for (var n = 0; n < total; n++)
        {
            var day = days[(int)((long)n * days.Count / total)];
            var index = Array.BinarySearch(cumulative, _random.NextDouble() * sum);
            var applicant = city.Applicants[index < 0 ? ~index : index];
            var roll = _random.Next(100);
            var form = roll < 30 ? FormTemplates.Leave : roll < 50 ? FormTemplates.Overtime : roll < 65 ? FormTemplates.Trip : roll < 85 ? FormTemplates.Purchase : FormTemplates.Kian;
            if (!city.Forms.ContainsKey(form))
            {
                form = FormTemplates.Trip;
            }

            var fate = _random.Next(100) switch
            {
                < 85 => Fate.Approve,
                < 92 => Fate.Reject,
                < 96 => Fate.Withdraw,
                _ => Fate.SendBackThenApprove,
            };
            var at = Clock.FromTokyo(day).AddHours(8 + (9 * _random.NextDouble()));
            plan.Add((at > now ? now.AddMinutes(-1) : at, applicant, form, fate));
        }

        // Open: everything of the last 3 working days; the chief's 課's last 20 wait for the chief; the rest of the
        // chief's 部 from the last 10 working days waits for the 部長 when its route has a 部長 step.
        var openFrom = Clock.FromTokyo(days[^3]);
        var directorFrom = Clock.FromTokyo(days[^10]);
        var atChief = 0;
        for (var n = plan.Count - 1; n >= 0; n--)
        {
            var p = plan[n];
            if (p.Applicant.Section == city.Chief.Path && atChief < 20)
            {
                plan[n] = p with { Fate = Fate.OpenAtChief };
                atChief++;
            }
            else if (p.At >= directorFrom && p.Applicant.Division == city.Director.Path && p.Applicant.Section != city.Chief.Path && p.Form is FormTemplates.Kian)
            {
                plan[n] = p with { Fate = Fate.OpenAtDirector };
            }
            else if (p.At >= openFrom)
            {
                plan[n] = p with { Fate = Fate.Open };
            }
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Delegations.Add(new Delegation(city.Director.Id, city.Chief.Id, ActingAs.Proxy, today.AddDays(-3), today.AddDays(10), "出張のため", now));
            await db.SaveChangesAsync();
        }

        var written = 0;
        foreach (var chunk in plan.Chunk(Batch))
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var accounts = await db.Users.ToDictionaryAsync(a => a.Id);
            var versions = await db.FormVersions.ToDictionaryAsync(v => v.Id);
            var batch = new List<(ApprovalRequest Request, DateTimeOffset At, ApprovalPerson Applicant, string Form, Fate Fate)>(chunk.Length);
            foreach (var (at, applicant, form, fate) in chunk)
            {
                var (title, values, amount) = Content(form, at);
                var request = new ApprovalRequest(versions[city.Versions[form]], city.Forms[form], accounts[applicant.Id], city.Retention[form], at.AddMinutes(-5));
                request.Edit(title, values, amount, at.AddMinutes(-5));
                db.ApprovalRequests.Add(request);
                batch.Add((request, at, applicant, form, fate));
            }

            await db.SaveChangesAsync();
            foreach (var (request, at, applicant, form, fate) in batch)
            {
                Play(request, at, applicant, form, fate);
            }

            await db.SaveChangesAsync();
            written += batch.Count;
            if (written % 20_000 == 0)
            {
                Console.Error.WriteLine($"  {written:N0} requests written");
            }
        }

        return written;
    }

    private (string Title, string Values, decimal? Amount) Content(string form, DateTimeOffset at)
    {
        var day = Clock.TokyoDate(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        switch (form)
        {
            case FormTemplates.Purchase:
                var amount = (decimal)Math.Round(Math.Exp(Math.Log(3_000) + (_random.NextDouble() * (Math.Log(8_000_000) - Math.Log(3_000)))));
                return ("物品購入伺 " + day, new JsonObject { ["total"] = amount, ["purpose"] = "業務用" }.ToJsonString(), amount);
            case FormTemplates.Trip:
                var cost = (decimal)(2_000 + _random.Next(80_000));
                return ("出張命令 " + day, new JsonObject { ["cost"] = cost, ["place"] = "岡山県庁" }.ToJsonString(), cost);
            case FormTemplates.Kian:
                var closed = _random.Next(100) < 20;
                return ("委託業務の実施について", new JsonObject { ["subject"] = "委託業務の実施について", ["disclosure"] = closed ? "非公開" : "公開" }.ToJsonString(), null);
            case FormTemplates.Leave:
                return ("休暇届 " + day, new JsonObject { ["kind"] = "年次有給休暇", ["from"] = day }.ToJsonString(), null);
            default:
                return ("時間外勤務命令 " + day, new JsonObject { ["date"] = day, ["task"] = "議会資料の作成" }.ToJsonString(), null);
        }
    }

    /// <summary>The shipped route of the form, resolved for the applicant the way RouteResolver would (cached per 課).</summary>
    private IReadOnlyList<ResolvedStep> Route(ApprovalPerson applicant, string form, ApprovalRequest request)
    {
        var band = form switch
        {
            FormTemplates.Purchase => request.Amount >= 5_000_000 ? 2 : request.Amount >= 500_000 ? 1 : 0,
            FormTemplates.Kian => request.ValuesJson.Contains("非公開", StringComparison.Ordinal) ? 1 : 0,
            _ => 0,
        };
        if (_routes.TryGetValue((applicant.DepartmentId, form, band), out var cached))
        {
            return cached;
        }

        var steps = new List<ResolvedStep>();
        void Add(string name, StepKind kind, ApprovalPerson? person)
        {
            if (person is not null && person.Id != applicant.Id && steps.All(s => s.Assignees[0].AccountId != person.Id))
            {
                steps.Add(new ResolvedStep(name, kind, StepMode.Any, 1, [new ResolvedAssignee(person.Id, person.Name)]));
            }
        }

        switch (form)
        {
            case FormTemplates.Kian:
                Add("係長", StepKind.Approval, city.Superior(applicant, "係長"));
                Add("課長", StepKind.Approval, city.Superior(applicant, "課長"));
                if (band == 1)
                {
                    Add("総務課 合議", StepKind.Consultation, city.Holder(city.GeneralAffairsPath, "課長"));
                }

                Add("部長 決裁", StepKind.Final, city.Superior(applicant, "部長"));
                break;
            case FormTemplates.Purchase:
                Add("課長", StepKind.Approval, city.Superior(applicant, "課長"));
                if (band >= 1)
                {
                    Add("部長", StepKind.Approval, city.Superior(applicant, "部長"));
                }

                if (band >= 2)
                {
                    Add("副市長", StepKind.Approval, city.Superior(applicant, "副市長"));
                }

                Add("決裁", StepKind.Final, city.Holder(city.FinancePath, "課長"));
                break;
            case FormTemplates.Leave:
                Add("係長 回覧", StepKind.Circulation, city.Superior(applicant, "係長"));
                Add("課長 決裁", StepKind.Final, city.Superior(applicant, "課長"));
                break;
            default:
                Add("課長 決裁", StepKind.Final, city.Superior(applicant, "課長"));
                break;
        }

        if (steps.Count == 0)
        {
            Add("部長 決裁", StepKind.Final, city.Superior(applicant, "部長"));
        }

        _routes[(applicant.DepartmentId, form, band)] = steps;
        return steps;
    }

    private void Play(ApprovalRequest request, DateTimeOffset at, ApprovalPerson applicant, string form, Fate fate)
    {
        var route = Route(applicant, form, request);
        var me = new Actor(applicant.Id, applicant.Name, null);
        var time = at;
        DateTimeOffset Next()
        {
            time = time.AddMinutes(5 + _random.Next(60 * 30));
            return time > now ? now : time;
        }

        request.Submit(route, me, null, null, time);
        var stepCount = route.Count;
        int Approvals(int count)
        {
            var done = 0;
            for (var i = 0; i < count && request.Status == RequestStatus.InProgress; i++)
            {
                var assignee = request.ActiveStep!.Assignments[0];
                request.Approve(new Actor(assignee.AssigneeId, assignee.AssigneeName, null), assignee.AssigneeId, ActingAs.Self, null, null, Next());
                done++;
            }

            return done;
        }

        int ApproveUntil(string name)
        {
            var done = 0;
            while (request.Status == RequestStatus.InProgress && request.ActiveStep is { } step && !step.Name.StartsWith(name, StringComparison.Ordinal))
            {
                done += Approvals(1);
            }

            return done;
        }

        switch (fate)
        {
            case Fate.Approve:
                Approvals(stepCount);
                break;
            case Fate.Reject:
            {
                // Rejected on a random approval/decision step after the ones before it approved.
                var candidates = route.Select((s, i) => (s, i)).Where(x => x.s.Kind is StepKind.Approval or StepKind.Final).Select(x => x.i).ToList();
                var at2 = candidates[_random.Next(candidates.Count)];
                Approvals(at2);
                var assignee = request.ActiveStep!.Assignments[0];
                request.Reject(new Actor(assignee.AssigneeId, assignee.AssigneeName, null), assignee.AssigneeId, ActingAs.Self, "予算の範囲を超えるため", null, Next());
                break;
            }

            case Fate.Withdraw:
                Approvals(_random.Next(stepCount));
                request.Withdraw(me, "内容を見直すため", null, Next());
                break;
            case Fate.SendBackThenApprove:
            {
                var candidates = route.Select((s, i) => (s, i)).Where(x => x.s.Kind is StepKind.Approval or StepKind.Final).Select(x => x.i).ToList();
                Approvals(candidates[_random.Next(candidates.Count)]);
                var assignee = request.ActiveStep!.Assignments[0];
                request.SendBack(new Actor(assignee.AssigneeId, assignee.AssigneeName, null), assignee.AssigneeId, ActingAs.Self, SendBackTarget.Applicant, "金額を確認してください", null, Next());
                request.Edit(request.Title, request.ValuesJson, request.Amount, Next());
                request.Submit(route, me, "修正しました", null, Next());
                Approvals(stepCount);
                break;
            }

            case Fate.Open:
                Approvals(_random.Next(stepCount));
                break;
            case Fate.OpenAtChief:
                ApproveUntil("課長");
                break;
            case Fate.OpenAtDirector:
                ApproveUntil("部長");
                break;
        }

        if (request.Status == RequestStatus.Approved)
        {
            request.Freeze(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(request.Id))), Clock.TokyoDate(request.DecidedAt!.Value));
        }
        else if (request.IsClosed)
        {
            request.SetDisposal(Clock.TokyoDate(request.DecidedAt!.Value));
        }
    }
}
