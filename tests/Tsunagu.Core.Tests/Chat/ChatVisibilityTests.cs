using System.Globalization;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Chat;

public sealed class ChatVisibilityTests
{
    private static string Key(ChatMessage m) => m.Id.ToString(CultureInfo.InvariantCulture);

    [Theory, DatabaseData]
    public async Task PrivateChannel_DirectMessage_AndGroup_AreNeverReadOrFoundByOutsiders_EvenAdministrators(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.ChatCityAsync();
        var secret = await db.CreateChannelAsync(city.Alice, new ChannelDraft(ChannelKind.Private, "人事異動-内示") { MemberIds = [city.Bob] });
        var project = await db.CreateChannelAsync(city.Alice, new ChannelDraft(ChannelKind.Project, "共創チーム") { MemberIds = [city.Carol] });
        var dm = await db.ConversationAsync(city.Alice, city.Bob);
        var group = await db.ConversationAsync(city.Alice, city.Bob, city.Carol);
        var inSecret = await db.PostAsync(city.Alice, secret.Id, "内示の件は金曜まで秘密でお願いします");
        var inProject = await db.PostAsync(city.Carol, project.Id, "内示とは関係なく、共創チームの定例です");
        var inDm = await db.PostAsync(city.Bob, dm.Id, "内示の資料、机に置きました");
        var inGroup = await db.PostAsync(city.Carol, group.Id, "内示の後で飲み会しましょう");

        foreach (var outsider in new[] { city.Dave, city.Admin })
        {
            (await db.ReadAsync(outsider, (r, v) => r.ChannelAsync(v, secret.Id))).ShouldBeNull();
            (await db.ReadAsync(outsider, (r, v) => r.MessagesAsync(v, dm.Id, null))).ShouldBeNull();
            (await db.ReadAsync(outsider, (r, v) => r.ThreadAsync(v, group.Id, inGroup.Id))).ShouldBeNull();
            (await db.ReadAsync(outsider, (r, v) => r.MessageAsync(v, project.Id, inProject.Id))).ShouldBeNull();
            (await db.ReadAsync(outsider, (r, v) => r.MyChannelsAsync(v))).ShouldBeEmpty();
            (await db.SearchChatAsync(outsider, "内示")).ShouldBeEmpty();
            await Should.ThrowAsync<AccessDeniedException>(() => db.PostAsync(outsider, secret.Id, "のぞき見"));
            await Should.ThrowAsync<AccessDeniedException>(() => db.ChatAsync(outsider, (s, v) => s.MarkReadAsync(v, dm.Id, inDm.Id)));
        }

        // Carol is in the project and the group, not in the private channel or the DM.
        (await db.SearchChatAsync(city.Carol, "内示")).ShouldBe([Key(inProject), Key(inGroup)], ignoreOrder: true);
        (await db.SearchChatAsync(city.Bob, "内示")).ShouldBe([Key(inSecret), Key(inDm), Key(inGroup)], ignoreOrder: true);
        (await db.ReadAsync(city.Carol, (r, v) => r.MyChannelsAsync(v))).Select(c => c.Id).ShouldBe([project.Id, group.Id], ignoreOrder: true);
    }

    [Theory, DatabaseData]
    public async Task MembershipChanges_MoveSearchAccess_AndDepartmentChannels_FollowTheOrganisation(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.ChatCityAsync();
        var secret = await db.CreateChannelAsync(city.Alice, new ChannelDraft(ChannelKind.Private, "予算査定"));
        var message = await db.PostAsync(city.Alice, secret.Id, "査定資料を共有します");
        (await db.SearchChatAsync(city.Carol, "査定")).ShouldBeEmpty();

        await db.ChatAsync(city.Alice, (s, v) => s.AddMembersAsync(v, secret.Id, [city.Carol]));
        (await db.SearchChatAsync(city.Carol, "査定")).ShouldBe([Key(message)]);
        await db.ChatAsync(city.Carol, (s, v) => s.LeaveAsync(v, secret.Id));
        (await db.SearchChatAsync(city.Carol, "査定")).ShouldBeEmpty();
        (await db.ReadAsync(city.Carol, (r, v) => r.ChannelAsync(v, secret.Id))).ShouldBeNull();

        // 総務部's channel is read by 総務課 and 財政課 (units below it), not by 市民課.
        var admin = await db.V(city.Admin);
        var bu = await db.CreateChannelAsync(city.Admin, new ChannelDraft(ChannelKind.Department, "総務部") { DepartmentId = city.Somubu });
        var notice = await db.PostAsync(city.Carol, bu.Id, "部内の棚卸しは来週です");
        (await db.SearchChatAsync(city.Bob, "棚卸")).ShouldBe([Key(notice)]);
        (await db.SearchChatAsync(city.Dave, "棚卸")).ShouldBeEmpty();
        (await db.ReadAsync(city.Dave, (r, v) => r.ChannelAsync(v, bu.Id))).ShouldBeNull();
        await Should.ThrowAsync<AccessDeniedException>(() => db.PostAsync(city.Admin, bu.Id, "管理者でも部外者"));
        (await db.ReadAsync(city.Bob, (r, v) => r.MyChannelsAsync(v))).ShouldContain(c => c.Id == bu.Id && c.Unread == 1);

        // Only administrators create department channels.
        await Should.ThrowAsync<AccessDeniedException>(() => db.CreateChannelAsync(city.Alice, new ChannelDraft(ChannelKind.Department, "市民部") { DepartmentId = city.ShiminKa }));
        admin.IsAdministrator.ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task PublicChannel_IsReadByEveryStaffMember_AndPostingJoins(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.ChatCityAsync();
        var open = await db.CreateChannelAsync(city.Alice, new ChannelDraft(ChannelKind.Public, "dx推進", "DXの取り組みを共有"));
        var hello = await db.PostAsync(city.Alice, open.Id, "電子申請の勉強会を開きます");
        (await db.SearchChatAsync(city.Dave, "勉強会")).ShouldBe([Key(hello)]);
        (await db.ReadAsync(city.Dave, (r, v) => r.MessagesAsync(v, open.Id, null)))!.Messages.ShouldHaveSingleItem().Text.ShouldBe("電子申請の勉強会を開きます");
        (await db.ReadAsync(city.Dave, (r, v) => r.PublicToJoinAsync(v))).ShouldContain(c => c.Id == open.Id);

        await db.PostAsync(city.Dave, open.Id, "参加します");
        (await db.ReadAsync(city.Dave, (r, v) => r.MyChannelsAsync(v))).ShouldContain(c => c.Id == open.Id);
        (await db.ReadAsync(city.Dave, (r, v) => r.PublicToJoinAsync(v))).ShouldNotContain(c => c.Id == open.Id);
        await Should.ThrowAsync<DomainException>(() => db.CreateChannelAsync(city.Bob, new ChannelDraft(ChannelKind.Private, "#dx推進")));
    }
}
