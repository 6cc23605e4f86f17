using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;
using static Tsunagu.Core.Tests.Search.SearchIndexTests;

namespace Tsunagu.Core.Tests.Search;

/// <summary>The default order ranks only the newest matches (docs/decisions/0004-search-index.md); FullRelevance ranks all.</summary>
public sealed class SearchOrderTests
{
    private static readonly DateTimeOffset Day = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private static SearchItem[] Documents() =>
    [
        Doc("old-title", "防災会議の開催", "次回の定例について。", at: Day.AddDays(1)),
        Doc("mid-body", "定例", "防災会議の資料を確認します。", at: Day.AddDays(2)),
        Doc("new-title", "防災会議のお知らせ", "次回の定例について。", at: Day.AddDays(3)),
        Doc("newer-body", "連絡", "防災会議について連絡します。", at: Day.AddDays(4)),
        Doc("newest-body", "案内", "防災会議の案内を送ります。", at: Day.AddDays(5)),
        Doc("undated-title", "防災会議の名簿"),
    ];

    [Theory, DatabaseData]
    public async Task Default_RanksTheNewestMatches_BestFirst_ThenTheOlderOnesNewestFirst(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await IndexAsync(db, Documents());

        var results = await SearchAsync(db, "防災会議", refine: q => q with { RelevanceWindow = 3 });

        results.Total.ShouldBe(6); // counted exactly, not just the window
        var keys = results.Items.Select(i => i.Key).ToList();
        keys[0].ShouldBe("new-title"); // the best-ranked of the three newest
        keys.Take(3).Order(StringComparer.Ordinal).ShouldBe(["new-title", "newer-body", "newest-body"]);
        keys.Skip(3).ShouldBe(["mid-body", "old-title", "undated-title"]); // outside the window: by date, undated last
        results.Items[0].Score.ShouldBeGreaterThan(results.Items[1].Score);

        // Paging crosses the window's edge without gaps or repeats.
        var paged = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            paged.AddRange((await SearchAsync(db, "防災会議", refine: q => q with { RelevanceWindow = 3, PageSize = 2, Page = page })).Items.Select(i => i.Key));
        }

        paged.ShouldBe(keys);

        // With the default window every match here is ranked: the three title hits first.
        var ranked = await SearchAsync(db, "防災会議");
        ranked.Items.Take(3).Select(i => i.Key).Order(StringComparer.Ordinal).ShouldBe(["new-title", "old-title", "undated-title"]);
    }

    [Theory, DatabaseData]
    public async Task FullRelevance_RanksEveryMatch_AndNewestOrdersByDate(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await IndexAsync(db, Documents());

        var full = await SearchAsync(db, "防災会議", refine: q => q with { Order = SearchOrder.FullRelevance, RelevanceWindow = 3 });
        full.Total.ShouldBe(6);
        full.Items.Take(3).Select(i => i.Key).Order(StringComparer.Ordinal).ShouldBe(["new-title", "old-title", "undated-title"]);

        var newest = await SearchAsync(db, "防災会議", refine: q => q with { Order = SearchOrder.Newest });
        newest.Items.Select(i => i.Key).ShouldBe(["newest-body", "newer-body", "new-title", "mid-body", "old-title", "undated-title"]);
        newest.Items.ShouldAllBe(i => i.Score > 0);
    }
}
