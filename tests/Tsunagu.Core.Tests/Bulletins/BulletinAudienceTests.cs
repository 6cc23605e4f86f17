using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Bulletins;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Bulletins;

/// <summary>Who sees a post: its audience (departments with their sub-units, positions, both), its author, administrators; nobody else, not even in search.</summary>
public sealed class BulletinAudienceTests
{
    [Theory, DatabaseData]
    public async Task DepartmentPost_ReachesSubUnits_AndOutsidersSeeNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var post = await db.PostAsync(city.SoumuKacho, "総務部の書庫整理について", departments: [city.Soumubu], body: "書庫の鍵は総務課で預かります。");

        foreach (var reader in new[] { city.SoumuShuji, city.JinjiShuji, city.ZaiseiKacho, city.ZaiseiShuji })
        {
            (await db.ListAsync(reader)).Rows.Select(r => r.Id).ShouldContain(post.Id, reader.Login);
            (await db.GetAsync(reader, post.Id)).ShouldNotBeNull(reader.Login);
            (await db.SearchAsync(reader, "書庫整理")).Total.ShouldBe(1, reader.Login);
        }

        foreach (var outsider in new[] { city.ShiminKacho, city.ShiminShuji })
        {
            var list = await db.ListAsync(outsider);
            list.Rows.ShouldNotContain(r => r.Id == post.Id);
            list.Total.ShouldBe(0);
            list.Unread.ShouldBe(0);
            (await db.GetAsync(outsider, post.Id)).ShouldBeNull();
            var hits = await db.SearchAsync(outsider, "書庫整理");
            hits.Total.ShouldBe(0);
            hits.Facets.Modules.ShouldBeEmpty();
            (await db.SearchAsync(outsider, "鍵")).Items.ShouldNotContain(h => h.Module == SearchModules.Bulletin);
            await Should.ThrowAsync<DomainException>(() => db.ConfirmAsync(outsider, post.Id));
        }
    }

    [Theory, DatabaseData]
    public async Task DepartmentAndPosition_ReachOnlyHoldersOfThePositionInTheDepartment(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var post = await db.PostAsync(city.SoumuKacho, "総務部の課長会議", departments: [city.Soumubu], positions: [city.KachoPosition]);

        var readers = new List<string>();
        foreach (var person in city.Everyone.Where(p => p != city.SoumuKacho))
        {
            if ((await db.GetAsync(person, post.Id)) is not null)
            {
                readers.Add(person.Login);
            }

            (await db.SearchAsync(person, "課長会議")).Total.ShouldBe(person == city.ZaiseiKacho ? 1 : 0, person.Login);
        }

        readers.ShouldBe(["zaisei.kacho"]);
    }

    [Theory, DatabaseData]
    public async Task PositionOnly_ReachesHoldersInEveryDepartment(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var post = await db.PostAsync(city.SoumuKacho, "全課長あて 予算説明", positions: [city.KachoPosition]);

        (await db.GetAsync(city.ShiminKacho, post.Id)).ShouldNotBeNull();
        (await db.GetAsync(city.ShiminShuji, post.Id)).ShouldBeNull();
        (await db.SearchAsync(city.ShiminKacho, "予算説明")).Total.ShouldBe(1);
        (await db.SearchAsync(city.ShiminShuji, "予算説明")).Total.ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Audience_IsResolvedWhenRead_SoStaffWhoMoveSeeTheirNewPlacesPosts(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var post = await db.PostAsync(city.ShiminKacho, "市民課の窓口当番表", departments: [city.Shimin], required: true);
        (await db.GetAsync(city.SoumuShuji, post.Id)).ShouldBeNull();

        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().UpdateStaffAsync(city.SoumuShuji.Id,
            new StaffInput(city.SoumuShuji.Login, $"職員\u3000{city.SoumuShuji.Login}", "しょくいん", city.Shimin, city.ShujiPosition, null), Actor.System));

        (await db.GetAsync(city.SoumuShuji, post.Id)).ShouldNotBeNull();
        (await db.SearchAsync(city.SoumuShuji, "窓口当番表")).Total.ShouldBe(1);
        var report = (await db.GetAsync(city.ShiminKacho, post.Id))!.Report!;
        report.Members.Select(m => m.AccountId).ShouldBe([city.ShiminShuji.Id, city.SoumuShuji.Id], ignoreOrder: true);
    }

    [Theory, DatabaseData]
    public async Task PublishWindow_OutsideIt_OnlyTheAuthorAndAdministratorsSee_AndThePublisherOpensAndClosesIt(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var start = db.Clock.GetUtcNow();
        var post = await db.PostAsync(city.SoumuKacho, "来週からの新しい勤務表", everyone: true, required: true, from: start.AddDays(1), until: start.AddDays(3));

        (await db.GetAsync(city.ShiminShuji, post.Id)).ShouldBeNull();
        (await db.SearchAsync(city.ShiminShuji, "勤務表")).Total.ShouldBe(0);
        (await db.GetAsync(city.SoumuKacho, post.Id)).ShouldNotBeNull();
        (await db.GetAsync(city.ShiminShuji, post.Id, admin: true)).ShouldNotBeNull();
        (await db.QueryAsync(d => d.Notifications.CountAsync(n => n.Kind == NotificationKinds.Bulletin))).ShouldBe(0);

        db.Clock.Advance(TimeSpan.FromDays(1));
        (await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().PublishDueAsync())).ShouldBe(1);
        (await db.GetAsync(city.ShiminShuji, post.Id)).ShouldNotBeNull();
        (await db.SearchAsync(city.ShiminShuji, "勤務表")).Total.ShouldBe(1);
        (await db.QueryAsync(d => d.Notifications.Where(n => n.Kind == NotificationKinds.Bulletin).Select(n => n.RecipientId).ToListAsync()))
            .ShouldBe(city.Everyone.Where(p => p != city.SoumuKacho).Select(p => p.Id), ignoreOrder: true);
        (await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().PublishDueAsync())).ShouldBe(0);

        db.Clock.Advance(TimeSpan.FromDays(2));
        (await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().PublishDueAsync())).ShouldBe(1);
        (await db.GetAsync(city.ShiminShuji, post.Id)).ShouldBeNull();
        (await db.SearchAsync(city.ShiminShuji, "勤務表")).Total.ShouldBe(0);
        (await db.SearchAsync(city.SoumuKacho, "勤務表")).Total.ShouldBe(1);
        (await db.QueryAsync(d => d.Notifications.CountAsync(n => n.Kind == NotificationKinds.Bulletin))).ShouldBe(6);
    }

    [Theory, DatabaseData]
    public async Task Files_AreFoundByTheAudienceOnly(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var category = await db.CategoryAsync();
        var viewer = await db.ViewerAsync(city.ShiminKacho);
        using var file = new MemoryStream("窓口の混雑予測 月曜午前がピーク"u8.ToArray());
        await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().CreateAsync(viewer,
            new BulletinInput(category, "市民課の資料", "資料を添付します。", false, [city.Shimin], [], false, false, null, null)
            {
                Files = [new BulletinFileUpload("混雑予測.txt", "text/plain", file)],
            }));

        var hit = (await db.SearchAsync(city.ShiminShuji, "混雑予測")).Items.ShouldHaveSingleItem();
        hit.Module.ShouldBe(SearchModules.BulletinFile);
        (await db.SearchAsync(city.SoumuShuji, "混雑予測")).Total.ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Staff_PostOnlyToTheirOwnDepartment_ManagersAnywhere(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();

        (await Should.ThrowAsync<DomainException>(() => db.PostAsync(city.SoumuShuji, "全員へ", everyone: true))).Code.ShouldBe("bulletin.everyone-not-allowed");
        (await Should.ThrowAsync<DomainException>(() => db.PostAsync(city.SoumuShuji, "市民課へ", departments: [city.Shimin]))).Code.ShouldBe("bulletin.department-not-allowed");
        (await Should.ThrowAsync<DomainException>(() => db.PostAsync(city.SoumuShuji, "総務部へ", departments: [city.Soumubu]))).Code.ShouldBe("bulletin.department-not-allowed");
        (await db.PostAsync(city.SoumuShuji, "総務課と人事係へ", departments: [city.SoumuKa, city.Jinji])).Id.ShouldBePositive();
        (await db.PostAsync(city.SoumuKacho, "全員へ", everyone: true)).Id.ShouldBePositive();
        (await db.PostAsync(city.SoumuKacho, "市民課へ", departments: [city.Shimin])).Id.ShouldBePositive();
        (await Should.ThrowAsync<DomainException>(() => db.PostAsync(city.SoumuKacho, "宛先なし"))).Code.ShouldBe("bulletin.audience-required");
        (await Should.ThrowAsync<DomainException>(() => db.PostAsync(city.SoumuKacho, " ", everyone: true))).Code.ShouldBe("bulletin.title-required");
        var now = db.Clock.GetUtcNow();
        (await Should.ThrowAsync<DomainException>(() => db.PostAsync(city.SoumuKacho, "逆転", everyone: true, from: now.AddDays(2), until: now.AddDays(1)))).Code.ShouldBe("bulletin.invalid-window");
        (await db.QueryAsync(d => d.Set<BulletinPost>().CountAsync())).ShouldBe(3);
    }

    [Theory, DatabaseData]
    public async Task Edit_ByOthers_IsRefused_AndAdministratorsMayEdit(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var post = await db.PostAsync(city.SoumuKacho, "総務部へのお知らせ", departments: [city.Soumubu]);
        var category = await db.CategoryAsync();
        var input = new BulletinInput(category, "書き換え", "本文", false, [city.Soumubu], [], false, false, null, null);

        var colleague = await db.ViewerAsync(city.ZaiseiKacho);
        await Should.ThrowAsync<AccessDeniedException>(() => db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().UpdateAsync(colleague, post.Id, input)));
        var outsider = await db.ViewerAsync(city.ShiminKacho);
        (await Should.ThrowAsync<DomainException>(() => db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().UpdateAsync(outsider, post.Id, input)))).Code.ShouldBe("bulletin.not-found");
        var admin = await db.ViewerAsync(city.ShiminShuji, admin: true);
        await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().UpdateAsync(admin, post.Id, input));
        (await db.GetAsync(city.ZaiseiShuji, post.Id))!.Post.Title.ShouldBe("書き換え");
    }
}
