using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Features.Schedules.Views;
using Tsunagu.Web.Tests.Infrastructure;
using static Tsunagu.Web.Tests.Schedules.Views.ScheduleViewData;

namespace Tsunagu.Web.Tests.Schedules.Views;

/// <summary>Custom groups (マイグループ): their owner creates, fills, renames and deletes them; nobody else sees them.</summary>
public abstract class ScheduleGroupPagesTests(TsunaguApp app)
{
    [Fact]
    public async Task Owner_CreatesAGroup_AddsAndRemovesMembers_RenamesAndDeletesIt()
    {
        var login = Logins.Unique("groups");
        var owner = await app.CreateAccountAsync(login, Roles.Staff);
        using var browser = await app.SignedInAsync(login);
        var (list, listText) = await browser.GetTextAsync("/schedule/groups");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        listText.ShouldContain("マイグループはまだありません");

        var name = Unique("防災チーム");
        var created = await browser.SubmitAsync("/schedule/groups", f => f.Handler == "create-group", [new("Input.Name", name)]);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, string.Join("\n", app.Factory.Errors.All.TakeLast(2)));
        var id = await app.QueryAsync(db => db.ScheduleGroups.Where(g => g.OwnerId == owner.Id && g.Name == name).Select(g => g.Id).SingleAsync());
        PathOf(created).ShouldBe($"/schedule/groups/{id}?created=1");

        // Find a colleague by furigana, full-width or not, and add her.
        var page = $"/schedule/groups/{id}";
        var (search, searchText) = await browser.GetTextAsync(page + "?q=" + Uri.EscapeDataString("もりや　みさき"));
        search.StatusCode.ShouldBe(HttpStatusCode.OK);
        searchText.ShouldContain("守屋\u3000美咲");
        var moriya = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        var added = await browser.SubmitAsync(page + "?q=" + Uri.EscapeDataString("moriya.misaki"), f => f.Handler == $"add-{moriya}", []);
        added.StatusCode.ShouldBe(HttpStatusCode.OK, string.Join("\n", app.Factory.Errors.All.TakeLast(2)));
        var addedText = Html.Readable(await added.Content.ReadAsStringAsync());
        addedText.ShouldContain("守屋\u3000美咲さんを追加しました。");
        (await MemberIdsAsync(id)).ShouldBe([moriya]);

        // The group week view shows her row.
        var (week, weekText) = await browser.GetTextAsync($"/schedule/group?group={id}");
        week.StatusCode.ShouldBe(HttpStatusCode.OK);
        weekText.ShouldContain("守屋\u3000美咲");
        weekText.ShouldContain("企画振興部 › DX戦略室");

        var renamed = Unique("防災・減災チーム");
        var rename = await browser.SubmitAsync(page, f => f.Handler == "rename-group", [new("Rename.Name", renamed)]);
        rename.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.QueryAsync(db => db.ScheduleGroups.Where(g => g.Id == id).Select(g => g.Name).SingleAsync())).ShouldBe(renamed);

        var remove = await browser.SubmitAsync(page, f => f.Handler == $"remove-{moriya}", []);
        remove.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await MemberIdsAsync(id)).ShouldBeEmpty();

        var delete = await browser.SubmitAsync(page, f => f.Handler == "delete-group", []);
        delete.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        PathOf(delete).ShouldBe("/schedule/groups?deleted=1");
        (await app.QueryAsync(db => db.ScheduleGroups.AnyAsync(g => g.Id == id))).ShouldBeFalse();
        var (_, afterText) = await browser.GetTextAsync("/schedule/groups?deleted=1");
        afterText.ShouldContain("グループを削除しました。");
    }

    [Fact]
    public async Task Create_WithoutAName_SaysWhyIn400()
    {
        var login = Logins.Unique("groupsbad");
        await app.CreateAccountAsync(login, Roles.Staff);
        using var browser = await app.SignedInAsync(login);

        var response = await browser.SubmitAsync("/schedule/groups", f => f.Handler == "create-group", [new("Input.Name", "   ")]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await response.Content.ReadAsStringAsync()).ShouldContain("グループ名を1〜60文字で入力してください。");
    }

    [Fact]
    public async Task AnotherPersonsGroup_IsNotFound_AndCannotBeChanged()
    {
        var ownerLogin = Logins.Unique("groupowner");
        var owner = await app.CreateAccountAsync(ownerLogin, Roles.Staff);
        var name = Unique("人事異動検討");
        var id = await app.InScopeAsync(sp => Store(sp).CreateAsync(owner.Id, name));
        var moriya = await app.AccountIdAsync(DemoCityData.DemoStaffLogin);
        await app.InScopeAsync(sp => Store(sp).AddMemberAsync(owner.Id, id, moriya));

        using var browser = await app.SignedInAsync(DemoCityData.DemoStaffLogin);
        var (response, text) = await browser.GetTextAsync($"/schedule/groups/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        text.ShouldNotContain(name);

        // Their own page lists only their own groups.
        var (_, listText) = await browser.GetTextAsync("/schedule/groups");
        listText.ShouldNotContain(name);

        // Her own group's delete form, token and all, posted to the other group's address changes nothing.
        var mine = await app.InScopeAsync(sp => Store(sp).CreateAsync(moriya, Unique("自分用")));
        var html = await browser.Client.GetStringAsync(new Uri($"/schedule/groups/{mine}", UriKind.Relative));
        var form = Html.Forms(html).Single(f => f.Handler == "delete-group");
        using (var content = new FormUrlEncodedContent(form.Hidden))
        {
            var post = await browser.Client.PostAsync(new Uri($"/schedule/groups/{id}", UriKind.Relative), content);
            ((int)post.StatusCode).ShouldBeInRange(400, 499);
            Html.Readable(await post.Content.ReadAsStringAsync()).ShouldNotContain(name);
        }

        (await app.QueryAsync(db => db.ScheduleGroups.AnyAsync(g => g.Id == id))).ShouldBeTrue();
        (await MemberIdsAsync(id)).ShouldBe([moriya]);
    }

    [Fact]
    public async Task AddMember_BeyondTheLimit_IsRefusedWithAJapaneseMessage()
    {
        var login = Logins.Unique("groupfull");
        var owner = await app.CreateAccountAsync(login, Roles.Staff);
        var staff = await app.QueryAsync(db => db.Users.Where(a => a.IsActive && a.DepartmentId != null).OrderBy(a => a.Id).Select(a => a.Id).Take(ScheduleGroup.MaxMembers + 1).ToListAsync());
        var id = await app.InScopeAsync(sp => Store(sp).CreateAsync(owner.Id, "全員"));
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.ScheduleGroupMembers.AddRange(staff.Take(ScheduleGroup.MaxMembers).Select((a, i) => new ScheduleGroupMember { GroupId = id, AccountId = a, SortOrder = i + 1 }));
            await db.SaveChangesAsync();
        });

        var refusal = await Should.ThrowAsync<DomainException>(() => app.InScopeAsync(sp => Store(sp).AddMemberAsync(owner.Id, id, staff[^1])));
        refusal.Message.ShouldBe("1つのグループのメンバーは100人までです。");

        var again = await Should.ThrowAsync<DomainException>(() => app.InScopeAsync(sp => Store(sp).AddMemberAsync(owner.Id, id, staff[0])));
        again.Message.ShouldBe("その職員はすでにこのグループのメンバーです。");
    }

    [Theory]
    [InlineData("守屋美咲")]
    [InlineData("守屋　美咲")]
    [InlineData("もりや")]
    [InlineData("ＭＯＲＩＹＡ.misaki")]
    public async Task SearchStaff_FindsByNameReadingOrLogin_IgnoringSpacesAndWidth(string query)
    {
        var found = await app.InScopeAsync(sp => Store(sp).SearchStaffAsync(query));

        found.Select(f => f.Login).ShouldContain(DemoCityData.DemoStaffLogin);
    }

    private static string PathOf(HttpResponseMessage redirect) => new Uri(new Uri("http://localhost"), redirect.Headers.Location!).PathAndQuery;

    private static ScheduleGroupStore Store(IServiceProvider sp) => new(sp.GetRequiredService<AppDbContext>(), TimeProvider.System);

    private Task<List<int>> MemberIdsAsync(int groupId) =>
        app.QueryAsync(db => db.ScheduleGroupMembers.Where(m => m.GroupId == groupId).Select(m => m.AccountId).ToListAsync());
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class ScheduleGroupPagesTests_Sqlite(SqliteDemoCity app) : ScheduleGroupPagesTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class ScheduleGroupPagesTests_PostgreSql(PostgreSqlDemoCity app) : ScheduleGroupPagesTests(app);
