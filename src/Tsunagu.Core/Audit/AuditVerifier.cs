using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Audit;

public sealed record AuditVerification(bool Intact, long EntriesChecked, long? BrokenSequence, long? BrokenId, string? Reason)
{
    /// <summary>Records whose evidence in the chain no longer matches them (an approved document changed).</summary>
    public IReadOnlyList<string> EvidenceProblems { get; init; } = [];
}

/// <summary>
/// Walks the chain in sequence order and names the first entry that does not fit; then asks each module with
/// evidence in the chain (<see cref="IEvidenceCheck"/>) whether its records still match it.
/// </summary>
public sealed class AuditVerifier(AppDbContext db, IEnumerable<IEvidenceCheck> evidence)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var chain = await VerifyChainAsync(cancellationToken);
        var problems = new List<string>();
        foreach (var check in evidence)
        {
            problems.AddRange((await check.CheckAsync(cancellationToken)).Select(p => $"{check.Name}: {p}"));
        }

        return problems.Count == 0 ? chain : chain with { Intact = false, EvidenceProblems = problems, Reason = chain.Reason ?? problems[0] };
    }

    private async Task<AuditVerification> VerifyChainAsync(CancellationToken cancellationToken)
    {
        var expectedPrevious = AuditEntry.GenesisHash;
        long expectedSequence = 1;
        long count = 0;
        long lastId = 0;
        const int batch = 2000;
        while (true)
        {
            var page = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence >= expectedSequence)
                .OrderBy(e => e.Sequence)
                .Take(batch)
                .ToListAsync(cancellationToken);
            foreach (var entry in page)
            {
                if (entry.Sequence != expectedSequence)
                {
                    return new(false, count, expectedSequence, lastId, $"連番 {expectedSequence} の記録がありません(削除された可能性があります)。");
                }

                if (!string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
                {
                    return new(false, count, entry.Sequence, entry.Id, "直前の記録のハッシュと一致しません(挿入または削除の可能性があります)。");
                }

                if (!string.Equals(entry.ComputeHash(), entry.Hash, StringComparison.Ordinal))
                {
                    return new(false, count, entry.Sequence, entry.Id, "内容がハッシュと一致しません(改ざんの可能性があります)。");
                }

                expectedPrevious = entry.Hash;
                expectedSequence++;
                lastId = entry.Id;
                count++;
            }

            if (page.Count < batch)
            {
                break;
            }
        }

        // An entry that sits outside the sequence (e.g. inserted with a duplicate or negative number) is a break too.
        var total = await db.AuditEntries.LongCountAsync(cancellationToken);
        if (total != count)
        {
            var stray = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence < 1 || e.Sequence >= expectedSequence)
                .OrderBy(e => e.Id)
                .Select(e => new { e.Id, e.Sequence })
                .FirstOrDefaultAsync(cancellationToken);
            return new(false, count, stray?.Sequence, stray?.Id, "連鎖の外にある記録があります(挿入の可能性があります)。");
        }

        return new(true, count, null, null, null);
    }
}
