using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;
using static Tsunagu.Core.Tests.Search.SearchIndexTests;

namespace Tsunagu.Core.Tests.Search;

public sealed class FoundationSearchTests
{
    private static readonly SearchViewer Staff = new(1, [Roles.Staff], []);

    private static async Task<List<SearchHit>> HitsAsync(TestDatabase db, string text, string? module = null, SearchViewer? viewer = null) =>
        (await SearchAsync(db, text, viewer, q => q with { Module = module, PageSize = 100 })).Items.ToList();

    [Theory, DatabaseData]
    public async Task DemoCity_FindsStaffByNameKanaAndVariant_AndDepartments_ButNotForPartners(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(database);
        await Bootstrapper.RunAsync(db.Services, demo: true, adminPassword: null);
        var moriyaId = await db.QueryAsync(c => c.Users.Where(a => a.UserName == DemoCityData.DemoStaffLogin).Select(a => a.Id).SingleAsync());
        var viewer = await db.QueryAsync(c => SearchViewer.ForAccountAsync(c, moriyaId));

        var moriya = await HitsAsync(db, "守屋", SearchModules.Staff, viewer);
        moriya.ShouldContain(h => h.Key == moriyaId.ToString(System.Globalization.CultureInfo.InvariantCulture) && h.Url == "/directory?q=moriya.misaki");
        moriya.ShouldAllBe(h => h.Title.StartsWith("守屋", StringComparison.Ordinal));

        // Across modules what names her and is hers to read is found too (her approval requests, her chats, the
        // circulations she is on); the module-level tests prove nobody else finds those.
        var everywhere = await HitsAsync(db, "守屋", viewer: viewer);
        everywhere.ShouldContain(h => h.Module == SearchModules.Staff && h.Key == moriyaId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        everywhere.ShouldAllBe(h => h.Module == SearchModules.Staff || h.Module == SearchModules.Approval || h.Module == SearchModules.Chat || h.Module == SearchModules.Circulation || h.Module == SearchModules.WorkRequest || h.Module == SearchModules.Minutes);
        (await HitsAsync(db, "もりや　みさき", viewer: viewer)).Select(h => h.Title).ShouldContain("守屋\u3000美咲");
        (await HitsAsync(db, "ﾓﾘﾔ", SearchModules.Staff, viewer)).Count.ShouldBe(moriya.Count);
        (await HitsAsync(db, "moriya.misaki", SearchModules.Staff, viewer)).Count.ShouldBe(1); // mentions (@moriya.misaki) in chats are found too
        (await HitsAsync(db, "高橋", SearchModules.Staff, viewer)).ShouldContain(h => h.Title.StartsWith("髙橋", StringComparison.Ordinal));

        var departments = await HitsAsync(db, "総務課", SearchModules.Department, viewer);
        departments.Select(h => h.Title).ShouldContain("総務課");
        departments[0].Title.ShouldBe("総務課"); // the unit itself ranks above its 係
        (await SearchAsync(db, "総務課", viewer)).Facets.Modules.Select(f => f.Value).ShouldBe([SearchModules.Staff, SearchModules.Department], ignoreOrder: true);

        (await db.QueryAsync(c => c.SearchEntries.CountAsync(e => e.Module == SearchModules.Staff))).ShouldBe(829);
        // A partner account finds no one in the directory and no department (entries addressed to the account itself,
        // such as its own requests, are another matter).
        var partner = new SearchViewer(moriyaId, [Roles.Partner], []);
        (await HitsAsync(db, "守屋", SearchModules.Staff, partner)).ShouldBeEmpty();
        (await SearchAsync(db, "総務課", partner)).Total.ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task OrganisationChanges_KeepTheDirectoryIndexCurrent(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var tanaka = await db.CreateStaffAsync("tanaka");
        (await HitsAsync(db, "tanaka")).Select(h => h.Title).ShouldBe(["職員\u3000tanaka"]);
        (await HitsAsync(db, "総務課", SearchModules.Department)).Select(h => h.Title).ShouldBe(["総務課"]);

        await db.InScopeAsync(async sp =>
        {
            var organization = sp.GetRequiredService<OrganizationService>();
            var context = sp.GetRequiredService<AppDbContext>();
            var department = await context.Departments.SingleAsync(d => d.Path == "総務部/総務課");
            var position = await context.Positions.SingleAsync(p => p.Name == "係長");
            await organization.UpdateStaffAsync(tanaka.Id, new StaffInput("tanaka", "田中　一郎", "たなか いちろう", department.Id, position.Id, null), Actor.System);
        });
        (await HitsAsync(db, "田中")).Select(h => h.Title).ShouldBe(["田中　一郎"]);
        (await HitsAsync(db, "係長")).Count.ShouldBe(1);
        (await HitsAsync(db, "職員")).ShouldBeEmpty();

        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(tanaka.Id, Actor.System));
        (await HitsAsync(db, "田中")).ShouldBeEmpty();
        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().ReactivateStaffAsync(tanaka.Id, Actor.System));
        (await HitsAsync(db, "田中")).Count.ShouldBe(1);

        var ka = await db.QueryAsync(c => c.Departments.SingleAsync(d => d.Path == "総務部/総務課"));
        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().RenameDepartmentAsync(ka.ParentId!.Value, "管理部", Actor.System));
        // The renamed 部, the 課 below it (its path changed) and its staff (their department path) are all current.
        (await HitsAsync(db, "管理部", SearchModules.Department)).Select(h => h.Title).ShouldBe(["管理部", "総務課"]);
        (await HitsAsync(db, "管理部/総務課", SearchModules.Staff)).Select(h => h.Title).ShouldBe(["田中　一郎"]);
        (await HitsAsync(db, "総務部")).ShouldBeEmpty();

        var newParent = await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().CreateDepartmentAsync("企画部", "部", null, Actor.System));
        (await HitsAsync(db, "企画部")).Select(h => h.Title).ShouldBe(["企画部"]);
        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().MoveDepartmentAsync(ka.Id, newParent.Id, Actor.System));
        (await HitsAsync(db, "企画部/総務課")).Select(h => h.Title).ShouldBe(["総務課", "田中　一郎"], ignoreOrder: true);
    }

    [Theory, DatabaseData]
    public async Task StaffImport_IndexesNewDepartmentsAndStaff_InItsTransaction(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var csv = StaffCsv.Build(StaffCsv.Rows(30));

        await db.InScopeAsync(async sp =>
        {
            var importer = sp.GetRequiredService<StaffImporter>();
            var (rows, errors) = StaffImporter.Parse(StaffCsv.Utf8(csv), Encoding.UTF8);
            await importer.ApplyAsync(await importer.PlanAsync(rows, errors), Actor.System);
        });

        (await db.QueryAsync(c => c.SearchEntries.CountAsync(e => e.Module == SearchModules.Staff))).ShouldBe(30);
        (await db.QueryAsync(c => c.SearchEntries.CountAsync(e => e.Module == SearchModules.Department)))
            .ShouldBe(await db.QueryAsync(c => c.Departments.CountAsync()));
        (await HitsAsync(db, "staff0007")).Count.ShouldBe(1);
        (await HitsAsync(db, "人事係", SearchModules.Department)).Select(h => h.Title).ShouldBe(["人事係"]);

        // Re-importing with a changed name updates the entry.
        var rows2 = StaffCsv.Rows(30);
        rows2[6][1] = "難波\u3000次郎";
        await db.InScopeAsync(async sp =>
        {
            var importer = sp.GetRequiredService<StaffImporter>();
            var (rows, errors) = StaffImporter.Parse(StaffCsv.Utf8(StaffCsv.Build(rows2)), Encoding.UTF8);
            await importer.ApplyAsync(await importer.PlanAsync(rows, errors), Actor.System);
        });
        (await HitsAsync(db, "難波　次郎")).Select(h => h.Login()).ShouldBe(["staff0007"]);
    }

    [Theory, DatabaseData]
    public async Task Rebuild_RestoresADeletedIndex_AndDropsEntriesWithoutARecord(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await db.CreateStaffAsync("yamada");
        await db.CreateStaffAsync("suzuki");
        await db.QueryAsync(c => c.SearchEntries.ExecuteDeleteAsync());
        await IndexAsync(db, new SearchItem(SearchModules.Staff, "9999", "退職した人", "", "/", null, null, FoundationSearchContent.DirectoryAccess));
        await IndexAsync(db, Doc("keep", "他の機能の記事")); // a module no source owns is left alone
        (await HitsAsync(db, "yamada")).ShouldBeEmpty();

        var reports = new List<(int Done, int Total)>();
        var count = await db.InScopeAsync(sp => sp.GetRequiredService<SearchRebuilder>().RebuildAsync(new SynchronousProgress(reports.Add)));

        count.ShouldBe(4); // 総務部, 総務課, two staff
        reports[^1].ShouldBe((4, 4));
        (await HitsAsync(db, "yamada")).Count.ShouldBe(1);
        (await HitsAsync(db, "総務課", SearchModules.Department)).Count.ShouldBe(1);
        (await HitsAsync(db, "退職")).ShouldBeEmpty();
        (await HitsAsync(db, "記事")).Count.ShouldBe(1);

        // Running it again changes nothing.
        (await db.InScopeAsync(sp => sp.GetRequiredService<SearchRebuilder>().RebuildAsync())).ShouldBe(4);
        (await db.QueryAsync(c => c.SearchEntries.CountAsync())).ShouldBe(5);
    }

    private sealed class SynchronousProgress(Action<(int, int)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}

internal static class SearchHitExtensions
{
    /// <summary>A staff entry's login, from its URL.</summary>
    public static string Login(this SearchHit hit) => hit.Url["/directory?q=".Length..];
}
