using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Bulletins;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Bulletins;

/// <summary>Required reading: one confirmation per reader however often (or however simultaneously) it is sent; the author's report.</summary>
public sealed class BulletinConfirmationTests
{
    [Theory, DatabaseData]
    public async Task Confirm_Twice_CountsOnce(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var post = await db.PostAsync(city.SoumuKacho, "情報セキュリティ点検", everyone: true, required: true);

        (await db.ConfirmAsync(city.ShiminShuji, post.Id)).ShouldBeTrue();
        (await db.ConfirmAsync(city.ShiminShuji, post.Id)).ShouldBeFalse();

        (await db.QueryAsync(d => d.Set<BulletinConfirmation>().CountAsync(c => c.PostId == post.Id))).ShouldBe(1);
        var report = (await db.GetAsync(city.SoumuKacho, post.Id))!.Report!;
        report.Confirmed.ShouldBe(1);
        report.Total.ShouldBe(6);
    }

    [Theory, DatabaseData]
    public async Task Confirm_ConcurrentlyBySamePerson_CountsOnce_WithoutAnError(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        for (var round = 0; round < 4; round++)
        {
            var post = await db.PostAsync(city.SoumuKacho, $"同時確認 {round}", everyone: true, required: true);
            var viewer = await db.ViewerAsync(city.ZaiseiShuji);
            using var start = new Barrier(4);
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().ConfirmAsync(viewer, post.Id));
            })));

            results.Count(r => r).ShouldBe(1);
            (await db.QueryAsync(d => d.Set<BulletinConfirmation>().CountAsync(c => c.PostId == post.Id))).ShouldBe(1);
            (await db.GetAsync(city.SoumuKacho, post.Id))!.Report!.Confirmed.ShouldBe(1);
        }
    }

    [Theory, DatabaseData]
    public async Task Confirm_ConcurrentlyByManyReaders_CountsEachOnce(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var post = await db.PostAsync(city.SoumuKacho, "全員確認", everyone: true, required: true);
        var readers = city.Everyone.Where(p => p != city.SoumuKacho).ToList();
        var viewers = new List<BulletinViewer>();
        foreach (var r in readers)
        {
            viewers.Add(await db.ViewerAsync(r));
        }

        using var start = new Barrier(viewers.Count * 2);
        await Task.WhenAll(viewers.Concat(viewers).Select(v => Task.Run(async () =>
        {
            start.SignalAndWait();
            await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().ConfirmAsync(v, post.Id));
        })));

        var report = (await db.GetAsync(city.SoumuKacho, post.Id))!.Report!;
        report.Confirmed.ShouldBe(6);
        report.Total.ShouldBe(6);
        report.Percent.ShouldBe(100);
    }

    [Theory, DatabaseData]
    public async Task Report_ListsTheAudienceWithConfirmedAndNot_AndThePercentage(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var post = await db.PostAsync(city.SoumuKacho, "総務部 要確認", departments: [city.Soumubu], required: true);

        await db.ConfirmAsync(city.JinjiShuji, post.Id);

        var detail = (await db.GetAsync(city.SoumuKacho, post.Id))!;
        var report = detail.Report!;
        report.Members.Select(m => m.AccountId).ShouldBe([city.SoumuShuji.Id, city.JinjiShuji.Id, city.ZaiseiKacho.Id, city.ZaiseiShuji.Id], ignoreOrder: true);
        report.Members.Single(m => m.AccountId == city.JinjiShuji.Id).ConfirmedAt.ShouldNotBeNull();
        report.Members.Single(m => m.AccountId == city.JinjiShuji.Id).Department.ShouldBe("総務部/総務課/人事係");
        report.Members.Count(m => m.ConfirmedAt is null).ShouldBe(3);
        report.Confirmed.ShouldBe(1);
        report.Percent.ShouldBe(25);

        // Readers see their own state, never the report.
        var reader = (await db.GetAsync(city.JinjiShuji, post.Id))!;
        reader.Report.ShouldBeNull();
        reader.Stats.ShouldBeNull();
        reader.ConfirmedAt.ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task Confirm_OfAPostThatDoesNotAskForIt_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var post = await db.PostAsync(city.SoumuKacho, "ただのお知らせ", everyone: true);

        (await Should.ThrowAsync<DomainException>(() => db.ConfirmAsync(city.ShiminShuji, post.Id))).Code.ShouldBe("bulletin.not-required");
    }

    [Theory, DatabaseData]
    public async Task Edit_KeepsConfirmations_UnlessTheAuthorAsksAgain_ThenTheAudienceIsNotifiedAgain(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var post = await db.PostAsync(city.SoumuKacho, "訓練の日程", departments: [city.Soumubu], required: true);
        await db.ConfirmAsync(city.ZaiseiShuji, post.Id);
        var category = await db.CategoryAsync();
        var author = await db.ViewerAsync(city.SoumuKacho);
        var notified = await db.QueryAsync(d => d.Notifications.CountAsync(n => n.Kind == NotificationKinds.Bulletin));
        notified.ShouldBe(4);

        await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().UpdateAsync(author, post.Id,
            new BulletinInput(category, "訓練の日程(誤字修正)", "本文です。", false, [city.Soumubu], [], false, true, null, null)));
        (await db.GetAsync(city.SoumuKacho, post.Id))!.Report!.Confirmed.ShouldBe(1);
        (await db.QueryAsync(d => d.Notifications.CountAsync(n => n.Kind == NotificationKinds.Bulletin))).ShouldBe(4);

        await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().UpdateAsync(author, post.Id,
            new BulletinInput(category, "訓練の日程(変更)", "日程が変わりました。", false, [city.Soumubu], [], false, true, null, null) { ResetConfirmations = true }));
        (await db.GetAsync(city.SoumuKacho, post.Id))!.Report!.Confirmed.ShouldBe(0);
        (await db.QueryAsync(d => d.Notifications.CountAsync(n => n.Kind == NotificationKinds.Bulletin))).ShouldBe(8);
    }

    [Theory, DatabaseData]
    public async Task Comment_NotifiesTheAuthor_AndViewsCountReadersOnce(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var post = await db.PostAsync(city.SoumuKacho, "意見募集", everyone: true);
        var reader = await db.ViewerAsync(city.ShiminShuji);
        await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().CommentAsync(reader, post.Id, "賛成です。"));
        await Should.ThrowAsync<DomainException>(() => db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().CommentAsync(reader, post.Id, "  ")));

        var notes = await db.QueryAsync(d => d.Notifications.Where(n => n.Kind == NotificationKinds.Bulletin).ToListAsync());
        notes.ShouldHaveSingleItem().RecipientId.ShouldBe(city.SoumuKacho.Id);

        foreach (var (who, times) in new[] { (city.ShiminShuji, 3), (city.ZaiseiShuji, 1), (city.SoumuKacho, 5) })
        {
            for (var i = 0; i < times; i++)
            {
                await db.InScopeAsync(sp => sp.GetRequiredService<BulletinService>().RecordViewAsync(who.Id, post.Id));
            }
        }

        var stats = (await db.GetAsync(city.SoumuKacho, post.Id))!.Stats!;
        stats.Readers.ShouldBe(2);
        stats.Views.ShouldBe(4);
        (await db.QueryAsync(d => d.Set<BulletinRead>().CountAsync(r => r.PostId == post.Id))).ShouldBe(3);
        (await db.ListAsync(city.ShiminShuji, BulletinShow.Unread)).Rows.ShouldNotContain(r => r.Id == post.Id);
        (await db.ListAsync(city.ShiminKacho, BulletinShow.Unread)).Rows.ShouldContain(r => r.Id == post.Id);
    }
}
