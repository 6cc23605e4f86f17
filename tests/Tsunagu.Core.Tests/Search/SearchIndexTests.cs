using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Search;

public sealed class SearchIndexTests
{
    private static readonly SearchViewer Staff = new(1, [Roles.Staff], []);

    internal static SearchItem Doc(string key, string title, string body = "", IReadOnlyList<SearchAccess>? access = null,
        string module = "notice", int? department = null, DateTimeOffset? at = null) =>
        new(module, key, title, body, $"/{module}/{key}", at, department, access ?? [SearchAccess.All]);

    internal static Task IndexAsync(TestDatabase db, params SearchItem[] items) =>
        db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            await SearchIndex.IndexManyAsync(context, items);
            await context.SaveChangesAsync();
        });

    internal static Task<SearchResults> SearchAsync(TestDatabase db, string text, SearchViewer? viewer = null, Func<SearchQuery, SearchQuery>? refine = null) =>
        db.InScopeAsync(sp => sp.GetRequiredService<SearchIndex>().QueryAsync((refine ?? (q => q))(new SearchQuery(text)), viewer ?? Staff));

    private static async Task<string[]> KeysAsync(TestDatabase db, string text, SearchViewer? viewer = null) =>
        (await SearchAsync(db, text, viewer)).Items.Select(i => i.Key).Order(StringComparer.Ordinal).ToArray();

    [Theory, DatabaseData]
    public async Task OneAndTwoCharacterWords_FindWhatContainsThem_AndNeverScatteredCharacters(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await IndexAsync(db,
            Doc("budget", "総務課の予算会議", "来年度の予算について"),
            Doc("scattered", "会社の議事録", "予定と算数の課題"),
            Doc("section", "課長会", "定例"),
            Doc("other", "お知らせ", "防災訓練"));

        (await KeysAsync(db, "課")).ShouldBe(["budget", "scattered", "section"]);
        (await KeysAsync(db, "予算")).ShouldBe(["budget"]);
        (await KeysAsync(db, "会議")).ShouldBe(["budget"]);
        (await KeysAsync(db, "会")).ShouldBe(["budget", "scattered", "section"]);
        (await KeysAsync(db, "課長会")).ShouldBe(["section"]);
        (await KeysAsync(db, "議事")).ShouldBe(["scattered"]);
        (await SearchAsync(db, "会議")).Total.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task WidthCaseKanaAndVariantKanji_AreFolded_BothWays(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await IndexAsync(db,
            Doc("variant", "髙橋 部長", "ｶﾀｶﾅ表記 ＡＢＣ計画 第１２３号"),
            Doc("standard", "高橋 課長", "カタカナ abc 123"));

        foreach (var query in new[] { "高橋", "髙橋", "カタカナ", "ｶﾀｶﾅ", "かたかな", "abc", "ＡＢＣ", "123", "１２３" })
        {
            (await KeysAsync(db, query)).ShouldBe(["standard", "variant"], query);
        }

        (await KeysAsync(db, "abc計画")).ShouldBe(["variant"]);
    }

    [Theory, DatabaseData]
    public async Task SeveralWords_MustAllMatch(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await IndexAsync(db,
            Doc("both", "予算会議のお知らせ", "会場は第1会議室"),
            Doc("one", "予算の説明", "説明会"),
            Doc("split", "予算", "会議"));

        (await KeysAsync(db, "予算 会議")).ShouldBe(["both", "split"]);
        (await KeysAsync(db, "予算　会議室")).ShouldBe(["both"]);
        (await KeysAsync(db, "予算 防災")).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task PhraseTokensInTheWrongContext_AreNotHits_AndNotCounted(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        // Same tokens at adjacent positions, different separator: only the exact text may be found.
        await IndexAsync(db, Doc("comma", "総務課、DX担当"), Doc("dot", "総務課・DX担当"), Doc("boundary", "総務課", "DX担当"));

        var results = await SearchAsync(db, "総務課・dx");

        results.Items.Select(i => i.Key).ShouldBe(["dot"]);
        results.Total.ShouldBe(1);
        results.Facets.Modules.ShouldBe([new FacetCount("notice", "notice", 1)]);
    }

    [Theory, DatabaseData]
    public async Task Permissions_HideEntries_FromItemsTotalsAndFacets(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await IndexAsync(db,
            Doc("all", "予算 全員", access: [SearchAccess.All], department: 10),
            Doc("staff-role", "予算 職員", access: [SearchAccess.Role(Roles.Staff)], department: 10),
            Doc("admin-role", "予算 管理者", access: [SearchAccess.Role(Roles.SystemAdministrator)], department: 20),
            Doc("dept-parent", "予算 総務部", access: [SearchAccess.Department(10)], department: 10),
            Doc("dept-other", "予算 市民部", access: [SearchAccess.Department(30)], department: 30),
            Doc("account-me", "予算 本人", access: [SearchAccess.Account(7)], module: "schedule"),
            Doc("account-other", "予算 他人", access: [SearchAccess.Account(8)], module: "schedule", department: 30),
            Doc("mixed", "予算 どちらか", access: [SearchAccess.Account(8), SearchAccess.Department(11)], module: "schedule"));

        // A 総務課 (11) member, whose ancestors include 総務部 (10).
        var member = new SearchViewer(7, [Roles.Staff], [11, 10]);
        var results = await SearchAsync(db, "予算", member);
        results.Items.Select(i => i.Key).Order(StringComparer.Ordinal).ShouldBe(["account-me", "all", "dept-parent", "mixed", "staff-role"]);
        results.Total.ShouldBe(5);
        results.Facets.Modules.ShouldBe([new FacetCount("notice", "notice", 3), new FacetCount("schedule", "schedule", 2)]);
        results.Facets.Departments.Select(f => (f.Value, f.Count)).ShouldBe([("10", 3)]);

        var partner = new SearchViewer(99, [Roles.Partner], []);
        (await KeysAsync(db, "予算", partner)).ShouldBe(["all"]);
        var admin = new SearchViewer(8, [Roles.SystemAdministrator], [30]);
        (await KeysAsync(db, "予算", admin)).ShouldBe(["account-other", "admin-role", "all", "dept-other", "mixed"]);
        // Counting what one may not see is leaking it too.
        (await SearchAsync(db, "他人", member)).Total.ShouldBe(0);
        var hidden = await SearchAsync(db, "他人", member);
        hidden.Facets.Modules.ShouldBeEmpty();
        hidden.Facets.Departments.ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task DepartmentAccess_ReachesMembersOfSubUnits_ThroughTheirAncestors(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var member = await db.CreateStaffAsync("soumu");
        var (bu, ka) = await db.QueryAsync(async c => (await c.Departments.SingleAsync(d => d.Path == "総務部"), await c.Departments.SingleAsync(d => d.Path == "総務部/総務課")));
        await IndexAsync(db,
            Doc("bu", "部内限定のお知らせ", access: [SearchAccess.Department(bu.Id)]),
            Doc("ka", "課内限定のお知らせ", access: [SearchAccess.Department(ka.Id)]),
            Doc("elsewhere", "他部署限定のお知らせ", access: [SearchAccess.Department(ka.Id + 1000)]));

        var viewer = await db.QueryAsync(c => SearchViewer.ForAccountAsync(c, member.Id));

        viewer.DepartmentIds.ShouldBe([ka.Id, bu.Id]);
        viewer.Roles.ShouldBe([Roles.Staff]);
        (await KeysAsync(db, "限定", viewer)).ShouldBe(["bu", "ka"]);
    }

    [Theory, DatabaseData]
    public async Task Ranking_PutsATitleHitAboveABodyOnlyHit(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await IndexAsync(db,
            Doc("body", "定例のお知らせ", "次回は防災会議の資料を確認します。よろしくお願いします。"),
            Doc("title", "防災会議の開催", "次回の定例について。よろしくお願いします。"));

        var results = await SearchAsync(db, "防災会議");

        results.Items.Select(i => i.Key).ShouldBe(["title", "body"]);
        results.Items[0].Score.ShouldBeGreaterThan(results.Items[1].Score);
        results.Items[0].TitleSegments.ShouldBe([new("防災会議", true), new("の開催", false)]);
        results.Items[1].Snippet.ShouldContain(new SnippetSegment("防災会議", true));
    }

    [Theory, DatabaseData]
    public async Task Facets_CountEachDimensionWithTheOtherFilters_AndPagesSplitTheRest(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var april = new DateTimeOffset(2026, 4, 10, 3, 0, 0, TimeSpan.Zero);
        var items = Enumerable.Range(0, 25).Select(i => Doc(
            i.ToString("00", CultureInfo.InvariantCulture),
            $"予算資料 {i}",
            module: i % 5 == 0 ? "bulletin" : "notice",
            department: i % 2 == 0 ? 1 : 2,
            at: i < 20 ? april : new DateTimeOffset(2026, 4, 30, 16, 0, 0, TimeSpan.Zero))).ToArray(); // 5月1日 01:00 in Tokyo
        await IndexAsync(db, items);
        await IndexAsync(db, Doc("timeless", "予算資料 名簿"));

        var all = await SearchAsync(db, "予算資料", refine: q => q with { PageSize = 10, Page = 3, Order = SearchOrder.Newest });
        all.Total.ShouldBe(26);
        all.Items.Count.ShouldBe(6);
        all.Items[^1].Key.ShouldBe("timeless"); // undated last when newest first
        all.Facets.Modules.ShouldBe([new("notice", "notice", 21), new("bulletin", "bulletin", 5)]);
        all.Facets.Departments.Select(f => (f.Value, f.Count)).ShouldBe([("1", 13), ("2", 12)]);
        all.Facets.Periods.ShouldBe([new("2026-05", "2026-05", 5), new("2026-04", "2026-04", 20)]);

        var pages = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            pages.AddRange((await SearchAsync(db, "予算資料", refine: q => q with { PageSize = 10, Page = page })).Items.Select(i => i.Key));
        }

        pages.Distinct().Count().ShouldBe(26);

        var filtered = await SearchAsync(db, "予算資料", refine: q => q with
        {
            Module = "bulletin",
            From = new DateTimeOffset(2026, 4, 30, 15, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 5, 31, 15, 0, 0, TimeSpan.Zero),
        });
        filtered.Items.Select(i => i.Key).ShouldBe(["20"]);
        filtered.Total.ShouldBe(1);
        // The module facet ignores the module filter (but not the period), so the other choice stays visible.
        filtered.Facets.Modules.ShouldBe([new("notice", "notice", 4), new("bulletin", "bulletin", 1)]);
        filtered.Facets.Periods.ShouldBe([new("2026-05", "2026-05", 1), new("2026-04", "2026-04", 4)]);
        (await SearchAsync(db, "予算資料", refine: q => q with { DepartmentId = 2 })).Total.ShouldBe(12);
    }

    [Theory, DatabaseData]
    public async Task Index_IsWrittenInTheCallersTransaction_ARollbackLeavesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);

        await db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            await SearchIndex.IndexAsync(context, Doc("rolled-back", "取り消された予算"));
            await context.SaveChangesAsync();
            // Visible inside the transaction, through the same connection.
            (await sp.GetRequiredService<SearchIndex>().QueryAsync(new SearchQuery("予算"), Staff)).Total.ShouldBe(1);
            await transaction.RollbackAsync();
        });

        (await SearchAsync(db, "予算")).Total.ShouldBe(0);
        (await db.QueryAsync(c => c.SearchEntries.CountAsync())).ShouldBe(0);
        (await db.QueryAsync(c => c.Set<SearchEntryAccess>().CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task IndexTwice_Updates_AndRemove_Removes(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await IndexAsync(db, Doc("1", "旧い件名", access: [SearchAccess.Role(Roles.Staff), SearchAccess.Account(5)]));

        await IndexAsync(db, Doc("1", "新しい件名", access: [SearchAccess.Role(Roles.Staff), SearchAccess.Department(3)]));

        (await db.QueryAsync(c => c.SearchEntries.CountAsync())).ShouldBe(1);
        (await db.QueryAsync(c => c.Set<SearchEntryAccess>().Select(a => a.Kind + ":" + a.Value).OrderBy(s => s).ToListAsync()))
            .ShouldBe(["department:3", "role:Staff"]);
        (await KeysAsync(db, "新しい")).ShouldBe(["1"]);
        (await KeysAsync(db, "旧い")).ShouldBeEmpty();

        // Index twice in one unit of work is one entry too.
        await db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            await SearchIndex.IndexAsync(context, Doc("2", "一回目"));
            await SearchIndex.IndexAsync(context, Doc("2", "二回目"));
            await context.SaveChangesAsync();
        });
        (await KeysAsync(db, "二回目")).ShouldBe(["2"]);
        (await KeysAsync(db, "一回目")).ShouldBeEmpty();

        await db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            await SearchIndex.RemoveAsync(context, "notice", "1");
            await SearchIndex.RemoveAsync(context, "notice", "missing");
            await context.SaveChangesAsync();
        });

        (await KeysAsync(db, "件名")).ShouldBeEmpty();
        (await db.QueryAsync(c => c.SearchEntries.Select(e => e.Key).ToListAsync())).ShouldBe(["2"]);
        (await db.QueryAsync(c => c.Set<SearchEntryAccess>().CountAsync())).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task EmptyOrPunctuationOnlyQueries_FindNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await IndexAsync(db, Doc("1", "予算"));

        (await SearchAsync(db, "")).Total.ShouldBe(0);
        (await SearchAsync(db, "、。・")).Total.ShouldBe(0);
        (await KeysAsync(db, "「予算」")).ShouldBe(["1"]);
        (await KeysAsync(db, "\"予算\" OR *")).ShouldBeEmpty(); // no query syntax: OR is a word the entry lacks
    }

    [Theory, DatabaseData]
    public async Task EnsureSchema_IsIdempotent_AndRestoresWhatAMigrationDropped(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await IndexAsync(db, Doc("1", "予算"));

        await db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            await SearchSchema.EnsureAsync(context);
            if (database == DatabaseKind.Sqlite)
            {
                await context.Database.ExecuteSqlRawAsync("DROP TRIGGER SearchEntries_fts_insert");
            }
        });
        if (database == DatabaseKind.Sqlite)
        {
            await IndexAsync(db, Doc("2", "予算書")); // written while the trigger is missing
        }

        await db.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Database.MigrateAsync()); // its seeding hook runs EnsureAsync
        await IndexAsync(db, Doc("3", "予算案"));

        (await KeysAsync(db, "予算")).ShouldBe(database == DatabaseKind.Sqlite ? ["1", "2", "3"] : ["1", "3"]);
    }
}
