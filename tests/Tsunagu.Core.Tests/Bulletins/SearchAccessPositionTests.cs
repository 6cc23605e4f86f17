using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Bulletins;

/// <summary>The position-based search access kinds: a position anywhere, a position within a department and the units below it.</summary>
public sealed class SearchAccessPositionTests
{
    [Theory, DatabaseData]
    public async Task PositionRules_AdmitHoldersOnly_AndDepartmentPositionIncludesSubUnits(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.InScopeAsync(async sp =>
        {
            var data = sp.GetRequiredService<AppDbContext>();
            await SearchIndex.IndexAsync(data, new SearchItem("test", "p", "職位あて告知", "", "/x/p", null, null, [SearchAccess.Position(city.ShujiPosition)]));
            await SearchIndex.IndexAsync(data, new SearchItem("test", "dp", "総務部主事あて告知", "", "/x/dp", null, null, [SearchAccess.DepartmentPosition(city.Soumubu, city.ShujiPosition)]));
            await data.SaveChangesAsync();
        });

        async Task<string[]> Keys(BulletinPerson person) => (await db.SearchAsync(person, "告知")).Items.Select(h => h.Key).Order().ToArray();

        (await Keys(city.JinjiShuji)).ShouldBe(["dp", "p"]);
        (await Keys(city.ZaiseiShuji)).ShouldBe(["dp", "p"]);
        (await Keys(city.ShiminShuji)).ShouldBe(["p"]);
        (await Keys(city.ZaiseiKacho)).ShouldBeEmpty();
        (await Keys(city.ShiminKacho)).ShouldBeEmpty();

        // A viewer without a position (as before the change) matches neither.
        var noPosition = await db.QueryAsync(async d => (await SearchViewer.ForAccountAsync(d, city.JinjiShuji.Id)) with { PositionId = null });
        (await db.QueryAsync(d => new SearchIndex(d).QueryAsync(new SearchQuery("告知"), noPosition))).Total.ShouldBe(0);
    }
}
