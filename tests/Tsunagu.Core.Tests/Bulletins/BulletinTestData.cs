using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Bulletins;
using Tsunagu.Core.Data;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Bulletins;

public sealed record BulletinPerson(int Id, string Login, int DepartmentId, int PositionId);

/// <summary>
/// A small city: 総務部 with 総務課 (and its 人事係) and 財政課; 市民部 with 市民課. People are named by place and
/// position: <c>Soumu課長</c> is the 課長 of 総務課.
/// </summary>
public sealed class BulletinCity
{
    public required int Soumubu { get; init; }
    public required int SoumuKa { get; init; }
    public required int Jinji { get; init; }
    public required int Zaisei { get; init; }
    public required int Shimin { get; init; }
    public required int KachoPosition { get; init; }
    public required int ShujiPosition { get; init; }
    public required BulletinPerson SoumuKacho { get; init; }
    public required BulletinPerson SoumuShuji { get; init; }
    public required BulletinPerson JinjiShuji { get; init; }
    public required BulletinPerson ZaiseiKacho { get; init; }
    public required BulletinPerson ZaiseiShuji { get; init; }
    public required BulletinPerson ShiminKacho { get; init; }
    public required BulletinPerson ShiminShuji { get; init; }

    public IReadOnlyList<BulletinPerson> Everyone => [SoumuKacho, SoumuShuji, JinjiShuji, ZaiseiKacho, ZaiseiShuji, ShiminKacho, ShiminShuji];
}

public static class BulletinTestData
{
    public static async Task<BulletinCity> CityAsync(this TestDatabase db) =>
        await db.InScopeAsync(async sp =>
        {
            var org = sp.GetRequiredService<OrganizationService>();
            var data = sp.GetRequiredService<AppDbContext>();
            var soumubu = await org.CreateDepartmentAsync("総務部", "部", null, Actor.System);
            var soumuka = await org.CreateDepartmentAsync("総務課", "課", soumubu.Id, Actor.System);
            var jinji = await org.CreateDepartmentAsync("人事係", "係", soumuka.Id, Actor.System);
            var zaisei = await org.CreateDepartmentAsync("財政課", "課", soumubu.Id, Actor.System);
            var shiminbu = await org.CreateDepartmentAsync("市民部", "部", null, Actor.System);
            var shimin = await org.CreateDepartmentAsync("市民課", "課", shiminbu.Id, Actor.System);
            var kacho = await data.Positions.Where(p => p.Name == "課長").Select(p => p.Id).SingleAsync();
            var shuji = await data.Positions.Where(p => p.Name == "主事").Select(p => p.Id).SingleAsync();

            async Task<BulletinPerson> Person(string login, int department, int position)
            {
                var account = await org.CreateStaffAsync(new StaffInput(login, $"職員\u3000{login}", "しょくいん", department, position, null), Actor.System);
                return new BulletinPerson(account.Id, login, department, position);
            }

            return new BulletinCity
            {
                Soumubu = soumubu.Id, SoumuKa = soumuka.Id, Jinji = jinji.Id, Zaisei = zaisei.Id, Shimin = shimin.Id,
                KachoPosition = kacho, ShujiPosition = shuji,
                SoumuKacho = await Person("soumu.kacho", soumuka.Id, kacho),
                SoumuShuji = await Person("soumu.shuji", soumuka.Id, shuji),
                JinjiShuji = await Person("jinji.shuji", jinji.Id, shuji),
                ZaiseiKacho = await Person("zaisei.kacho", zaisei.Id, kacho),
                ZaiseiShuji = await Person("zaisei.shuji", zaisei.Id, shuji),
                ShiminKacho = await Person("shimin.kacho", shimin.Id, kacho),
                ShiminShuji = await Person("shimin.shuji", shimin.Id, shuji),
            };
        });

    public static Task<BulletinViewer> ViewerAsync(this TestDatabase db, BulletinPerson person, bool admin = false) =>
        db.QueryAsync(data => BulletinViewer.ForAccountAsync(data, person.Id, admin));

    public static async Task<int> CategoryAsync(this TestDatabase db) =>
        await db.QueryAsync(data => data.Set<BulletinCategory>().OrderBy(c => c.SortOrder).Select(c => c.Id).FirstAsync());

    public static async Task<BulletinPost> PostAsync(
        this TestDatabase db, BulletinPerson author, string title, bool everyone = false, int[]? departments = null, int[]? positions = null,
        bool required = false, DateTimeOffset? from = null, DateTimeOffset? until = null, string body = "本文です。")
    {
        var category = await db.CategoryAsync();
        var viewer = await db.ViewerAsync(author);
        return await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().CreateAsync(viewer,
            new BulletinInput(category, title, body, everyone, departments ?? [], positions ?? [], false, required, from, until)));
    }

    public static Task<BulletinPage> ListAsync(this TestDatabase db, BulletinPerson person, BulletinShow show = BulletinShow.All) =>
        db.InScopeAsync(async sp => await sp.GetRequiredService<BulletinReader>().ListAsync(await db.ViewerAsync(person), new BulletinFilter(Show: show, PageSize: 100)));

    public static Task<BulletinDetail?> GetAsync(this TestDatabase db, BulletinPerson person, int postId, bool admin = false) =>
        db.InScopeAsync(async sp => await sp.GetRequiredService<BulletinReader>().GetAsync(await db.ViewerAsync(person, admin), postId));

    public static Task<bool> ConfirmAsync(this TestDatabase db, BulletinPerson person, int postId) =>
        db.InScopeAsync(async sp => await sp.GetRequiredService<BulletinService>().ConfirmAsync(await db.ViewerAsync(person), postId));

    public static Task<SearchResults> SearchAsync(this TestDatabase db, BulletinPerson person, string text) =>
        db.InScopeAsync(async sp =>
        {
            var data = sp.GetRequiredService<AppDbContext>();
            return await new SearchIndex(data).QueryAsync(new SearchQuery(text), await SearchViewer.ForAccountAsync(data, person.Id));
        });
}
