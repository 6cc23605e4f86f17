using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Search;

/// <summary>
/// Rebuilds the index from the database (DESIGN principle 1): every source's items are written in short transactions
/// of <see cref="BatchSize"/>, so readers and writers wait at most for one batch while it runs; entries of the sources'
/// modules that no longer have a record are removed at the end.
/// </summary>
public sealed class SearchRebuilder(IDbContextFactory<AppDbContext> contexts, IEnumerable<ISearchSource> sources)
{
    public const int BatchSize = 500;

    /// <summary>Returns the number of items indexed.</summary>
    public async Task<int> RebuildAsync(IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var reader = await contexts.CreateDbContextAsync(cancellationToken);
        await SearchSchema.EnsureAsync(reader, cancellationToken);
        var total = 0;
        foreach (var source in sources)
        {
            total += await source.CountAsync(reader, cancellationToken);
        }

        var done = 0;
        progress?.Report((0, total));
        foreach (var source in sources)
        {
            var seen = source.Modules.ToDictionary(m => m, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
            var batch = new List<SearchItem>(BatchSize);
            await foreach (var item in source.ReadAllAsync(reader, cancellationToken))
            {
                seen[item.Module].Add(item.Key);
                batch.Add(item);
                if (batch.Count == BatchSize)
                {
                    done += await WriteAsync(batch, cancellationToken);
                    progress?.Report((done, Math.Max(done, total)));
                }
            }

            done += await WriteAsync(batch, cancellationToken);
            progress?.Report((done, Math.Max(done, total)));
            foreach (var (module, keys) in seen)
            {
                await RemoveStaleAsync(module, keys, cancellationToken);
            }
        }

        return done;
    }

    private async Task<int> WriteAsync(List<SearchItem> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await SearchIndex.IndexManyAsync(db, batch, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    private async Task RemoveStaleAsync(string module, HashSet<string> keep, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stale = (await db.SearchEntries.AsNoTracking().Where(e => e.Module == module).Select(e => new { e.Id, e.Key }).ToListAsync(cancellationToken))
            .Where(e => !keep.Contains(e.Key)).Select(e => e.Id).ToList();
        foreach (var chunk in stale.Chunk(BatchSize))
        {
            await db.SearchEntries.Where(e => chunk.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
