using Tsunagu.Core.Data;

namespace Tsunagu.Core.Search;

/// <summary>
/// A module's searchable content, read back from its own tables for <see cref="SearchRebuilder"/>. Each feature that
/// indexes something registers one (<c>services.AddSingleton&lt;ISearchSource, MySource&gt;()</c>); the rebuild
/// owns exactly the modules its sources name and removes their entries that no longer have a record.
/// </summary>
public interface ISearchSource
{
    IReadOnlyCollection<string> Modules { get; }

    /// <summary>How many items <see cref="ReadAllAsync"/> will yield (for progress).</summary>
    Task<int> CountAsync(AppDbContext db, CancellationToken cancellationToken);

    /// <summary>Every item that should be in the index now, streamed without tracking.</summary>
    IAsyncEnumerable<SearchItem> ReadAllAsync(AppDbContext db, CancellationToken cancellationToken);
}
