using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;

namespace Tsunagu.Core.Approvals;

/// <summary>The applicant as route conditions and relative assignees see them.</summary>
public sealed record ApplicantContext(int AccountId, IReadOnlyList<int> DepartmentIds, string? Position)
{
    public static async Task<ApplicantContext> LoadAsync(AppDbContext db, int accountId, CancellationToken cancellationToken)
    {
        var person = await db.Users.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.DepartmentId, Position = a.Position == null ? null : a.Position.Name })
            .FirstAsync(cancellationToken);
        var chain = new List<int>();
        if (person.DepartmentId is { } departmentId)
        {
            var parents = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ParentId, cancellationToken);
            for (int? id = departmentId; id is { } current && !chain.Contains(current); id = parents.GetValueOrDefault(current))
            {
                chain.Add(current);
            }
        }

        return new ApplicantContext(accountId, chain, person.Position);
    }
}

/// <summary>
/// Turns a form's route into the people it goes to for one request: conditional steps are kept or dropped by the
/// form's values and the applicant, and relative assignees (the applicant's 課長) become persons. The applicant never
/// approves their own request: a step that would go only to them is dropped.
/// </summary>
public sealed class RouteResolver(AppDbContext db)
{
    /// <param name="choices">For <see cref="AssigneeKind.ApplicantChoice"/> steps: route step index (0-based) → chosen account.</param>
    /// <exception cref="DomainException">approval.route-unresolved: a step has nobody to go to, or a choice is missing or not permitted.</exception>
    public async Task<IReadOnlyList<ResolvedStep>> ResolveAsync(RouteDefinition route, FormCheck check, ApplicantContext applicant, IReadOnlyDictionary<int, int> choices, CancellationToken cancellationToken = default)
    {
        var context = new ConditionContext(check.Values, applicant.DepartmentIds, applicant.Position);
        var resolved = new List<ResolvedStep>();
        for (var index = 0; index < route.Steps.Count; index++)
        {
            var step = route.Steps[index];
            if (step.ParseWhen() is { } condition && !condition.Evaluate(context))
            {
                continue;
            }

            var people = new List<ResolvedAssignee>();
            var levelAbsent = 0;
            foreach (var rule in step.Assignees)
            {
                var found = await ResolveRuleAsync(step, index, rule, applicant, choices, cancellationToken);
                if (found is null)
                {
                    levelAbsent++;
                    continue;
                }

                people.AddRange(found);
            }

            // The applicant's unit has no such level above it (a 室 without 係, so no 係長): the step does not apply.
            if (people.Count == 0 && levelAbsent == step.Assignees.Count && step.Kind != StepKind.Final)
            {
                continue;
            }

            var assignees = people.DistinctBy(p => p.AccountId).Where(p => p.AccountId != applicant.AccountId).ToList();
            if (assignees.Count == 0)
            {
                if (people.Count > 0)
                {
                    continue; // only the applicant: they do not approve their own request
                }

                throw new DomainException("approval.route-unresolved", $"回付先「{step.Name}」に該当する職員が見つかりません。管理者に連絡してください。");
            }

            resolved.Add(new ResolvedStep(step.Name, step.Kind, step.Mode, step.RequiredCount ?? 1, assignees));
        }

        if (resolved.Count == 0)
        {
            throw new DomainException("approval.route-unresolved", "回付先が1人もいません。管理者に連絡してください。");
        }

        return resolved;
    }

    private async Task<IReadOnlyList<ResolvedAssignee>?> NearestAboveAsync(ApplicantContext applicant, int rank, CancellationToken cancellationToken)
    {
        var chain = applicant.DepartmentIds.ToList();
        var above = await db.Users.AsNoTracking()
            .Where(a => a.IsActive && a.DepartmentId != null && chain.Contains(a.DepartmentId.Value) && a.Position != null && a.Position.Rank < rank && a.Id != applicant.AccountId)
            .Select(a => new { a.Id, a.DisplayName, DepartmentId = a.DepartmentId!.Value, a.Position!.Rank })
            .ToListAsync(cancellationToken);
        foreach (var departmentId in chain)
        {
            var here = above.Where(a => a.DepartmentId == departmentId).OrderByDescending(a => a.Rank).ThenBy(a => a.Id).ToList();
            if (here.Count > 0)
            {
                return here.Where(a => a.Rank == here[0].Rank).Select(a => new ResolvedAssignee(a.Id, a.DisplayName)).ToList();
            }
        }

        return null;
    }

    /// <returns>The people; null when a relative rule names a level the applicant's unit does not have.</returns>
    private async Task<IReadOnlyList<ResolvedAssignee>?> ResolveRuleAsync(RouteStepDefinition step, int index, AssigneeRule rule, ApplicantContext applicant, IReadOnlyDictionary<int, int> choices, CancellationToken cancellationToken)
    {
        var active = db.Users.AsNoTracking().Where(a => a.IsActive);
        switch (rule.Kind)
        {
            case AssigneeKind.Person:
                return await active.Where(a => a.Id == rule.AccountId).Select(a => new ResolvedAssignee(a.Id, a.DisplayName)).ToListAsync(cancellationToken);
            case AssigneeKind.Department:
                return await active.Where(a => a.DepartmentId == rule.DepartmentId && (rule.Position == null || a.Position!.Name == rule.Position))
                    .OrderBy(a => a.Position!.Rank).ThenBy(a => a.Kana)
                    .Select(a => new ResolvedAssignee(a.Id, a.DisplayName)).ToListAsync(cancellationToken);
            case AssigneeKind.ApplicantSuperior:
                var holders = await active.Where(a => a.Position!.Name == rule.Position)
                    .Select(a => new { a.Id, a.DisplayName, a.DepartmentId }).ToListAsync(cancellationToken);
                foreach (var departmentId in applicant.DepartmentIds)
                {
                    var here = holders.Where(h => h.DepartmentId == departmentId).ToList();
                    if (here.Count > 0)
                    {
                        return here.Select(h => new ResolvedAssignee(h.Id, h.DisplayName)).ToList();
                    }
                }

                var positions = await db.Positions.AsNoTracking().Where(p => p.Name == rule.Position || p.Name == applicant.Position)
                    .Select(p => new { p.Name, p.Rank, p.IsExecutive }).ToListAsync(cancellationToken);
                var wanted = positions.FirstOrDefault(p => p.Name == rule.Position);
                if (wanted is { IsExecutive: true })
                {
                    // Above the department tree (副市長, 市長): whoever holds the position.
                    return holders.OrderBy(h => h.Id).Take(1).Select(h => new ResolvedAssignee(h.Id, h.DisplayName)).ToList();
                }

                // Never a holder outside the applicant's own line (another department's 課長). An applicant at or above
                // the position (a 部長 filing passes no 課長 step) goes through it themselves, so the step is dropped
                // like a step of only the applicant; otherwise the applicant's line has no such level (a 室 without
                // 係 has no 係長) and a step of only such rules is dropped too — unless it is the 決裁.
                var own = positions.FirstOrDefault(p => p.Name == applicant.Position);
                if (wanted is not null && own is not null && own.Rank <= wanted.Rank)
                {
                    return [new ResolvedAssignee(applicant.AccountId, "")];
                }

                // The 決裁 cannot be skipped: without that post in the line, the nearest post above it decides
                // (a 室 led directly by its 部長).
                return step.Kind == StepKind.Final && wanted is not null ? await NearestAboveAsync(applicant, wanted.Rank, cancellationToken) : null;
            case AssigneeKind.ApplicantChoice:
                if (!choices.TryGetValue(index, out var chosen))
                {
                    throw new DomainException("approval.route-unresolved", $"「{step.Name}」の回付先を選んでください。");
                }

                if (!rule.Choices.Contains(chosen))
                {
                    throw new DomainException("approval.route-unresolved", $"「{step.Name}」の回付先に選べない職員です。");
                }

                return await active.Where(a => a.Id == chosen).Select(a => new ResolvedAssignee(a.Id, a.DisplayName)).ToListAsync(cancellationToken);
            default:
                return [];
        }
    }
}
