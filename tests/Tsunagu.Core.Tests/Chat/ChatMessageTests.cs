using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Chat;

public sealed class ChatMessageTests
{
    [Theory, DatabaseData]
    public async Task Mentions_NotifyReaders_NeverSomeoneOutsideAPrivateChannel(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.ChatCityAsync();
        var secret = await db.CreateChannelAsync(city.Alice, new ChannelDraft(ChannelKind.Private, "内部") { MemberIds = [city.Bob] });
        await db.PostAsync(city.Alice, secret.Id, "@bob 確認お願いします。@dave さんにも @市民課 にも見せないでください");
        (await db.NotificationsAsync(city.Bob)).ShouldHaveSingleItem().Body.ShouldContain("確認お願いします");
        (await db.NotificationsAsync(city.Dave)).ShouldBeEmpty("dave is not a member: a mention must not leak the message");

        // A public channel: anyone may read it, so a mention reaches them; @部署名 reaches the department's members in the channel.
        var open = await db.CreateChannelAsync(city.Alice, new ChannelDraft(ChannelKind.Public, "全庁") { MemberIds = [city.Bob, city.Carol] });
        await db.PostAsync(city.Alice, open.Id, "＠dave さん、よろしく。@総務部 の皆さんも");
        (await db.NotificationsAsync(city.Dave)).ShouldHaveSingleItem().Title.ShouldContain("メンション");
        (await db.NotificationsAsync(city.Carol)).ShouldHaveSingleItem("財政課 is below 総務部");
        (await db.NotificationsAsync(city.Alice)).ShouldBeEmpty("the author is not told of their own message");
        (await db.NotificationsAsync(city.Bob)).Count.ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task DirectMessages_NotifyTheOthers_UnlessMuted_AndOpenOncePerPair(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.ChatCityAsync();
        var dm = await db.ConversationAsync(city.Alice, city.Bob);
        (await db.ConversationAsync(city.Bob, city.Alice)).Id.ShouldBe(dm.Id);
        await db.PostAsync(city.Alice, dm.Id, "お疲れさまです");
        (await db.NotificationsAsync(city.Bob)).ShouldHaveSingleItem().Title.ShouldBe("有村\u3000亜季 さんからのメッセージ");
        await db.ChatAsync(city.Bob, (s, v) => s.SetMutedAsync(v, dm.Id, true));
        await db.PostAsync(city.Alice, dm.Id, "もう一件");
        (await db.NotificationsAsync(city.Bob)).Count.ShouldBe(1);

        await Should.ThrowAsync<DomainException>(() => db.ConversationAsync(city.Alice));
        await Should.ThrowAsync<DomainException>(() => db.ConversationAsync(city.Alice, 9_999_999));
        var channel = await db.ConversationAsync(city.Alice, city.Bob, city.Carol);
        channel.Kind.ShouldBe(ChannelKind.Group);
        await Should.ThrowAsync<DomainException>(() => db.ChatAsync(city.Alice, (s, v) => s.AddMembersAsync(v, dm.Id, [city.Carol])));
    }

    [Theory, DatabaseData]
    public async Task ReadPositions_GiveUnreadCounts_AndReadReceipts_MovingOnlyForward(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.ChatCityAsync();
        var group = await db.ConversationAsync(city.Alice, city.Bob, city.Carol);
        var first = await db.PostAsync(city.Alice, group.Id, "一通目");
        var second = await db.PostAsync(city.Alice, group.Id, "二通目");
        var third = await db.PostAsync(city.Bob, group.Id, "三通目");

        async Task<int> Unread(int who) => (await db.ReadAsync(who, (r, v) => r.MyChannelsAsync(v))).Single(c => c.Id == group.Id).Unread;
        (await Unread(city.Alice)).ShouldBe(1, "her own messages are never unread");
        (await Unread(city.Bob)).ShouldBe(0, "posting reads everything before it");
        (await Unread(city.Carol)).ShouldBe(3);

        (await db.ChatAsync(city.Carol, (s, v) => s.MarkReadAsync(v, group.Id, second.Id))).ShouldBe(second.Id);
        (await db.ChatAsync(city.Carol, (s, v) => s.MarkReadAsync(v, group.Id, first.Id))).ShouldBe(second.Id, "never back");
        (await Unread(city.Carol)).ShouldBe(1);
        var page = (await db.ReadAsync(city.Alice, (r, v) => r.MessagesAsync(v, group.Id, null)))!;
        page.Messages.Select(m => m.ReadCount).ShouldBe([2, 2, 0], "Bob and Carol read the first two; nobody but Bob has read his own");
        (await db.ChatAsync(city.Carol, (s, v) => s.MarkReadAsync(v, group.Id, third.Id + 1000))).ShouldBe(third.Id, "never past the newest message");

        // One position per member: reading adds no rows.
        (await db.QueryAsync(c => c.Set<ChatMember>().CountAsync(m => m.ChannelId == group.Id))).ShouldBe(3);
    }

    [Theory, DatabaseData]
    public async Task EditAndDelete_KeepTheHistory_OnlyForTheAuthor_AndLeaveSearch(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.ChatCityAsync();
        var open = await db.CreateChannelAsync(city.Alice, new ChannelDraft(ChannelKind.Public, "お知らせ") { MemberIds = [city.Bob] });
        var fanout = new RecordingFanout();
        var message = await db.PostAsync(city.Alice, open.Id, "会議は10時からです", fanout: fanout);
        fanout.Pushes.ShouldHaveSingleItem().Push.Kind.ShouldBe(ChatPush.Posted);
        fanout.Pushes[0].AccountIds.ShouldBe([city.Alice, city.Bob], ignoreOrder: true);

        await Should.ThrowAsync<AccessDeniedException>(() => db.ChatAsync(city.Bob, (s, v) => s.EditAsync(v, message.Id, "乗っ取り")));
        await db.ChatAsync(city.Alice, (s, v) => s.EditAsync(v, message.Id, "会議は11時からです"), fanout);
        fanout.Pushes[^1].Push.Kind.ShouldBe(ChatPush.Edited);
        fanout.Pushes[^1].Push.Text.ShouldBe("会議は11時からです");
        await Should.ThrowAsync<DomainException>(() => db.ChatAsync(city.Alice, (s, v) => s.EditAsync(v, message.Id, "  会議は11時からです ")));
        (await db.SearchChatAsync(city.Bob, "11時")).ShouldHaveSingleItem();
        (await db.SearchChatAsync(city.Bob, "10時")).ShouldBeEmpty();

        await db.ChatAsync(city.Alice, (s, v) => s.DeleteAsync(v, message.Id), fanout);
        fanout.Pushes[^1].Push.ShouldSatisfyAllConditions(p => p.Kind.ShouldBe(ChatPush.Deleted), p => p.Text.ShouldBe(""));
        (await db.SearchChatAsync(city.Bob, "会議")).ShouldBeEmpty();
        var seen = (await db.ReadAsync(city.Bob, (r, v) => r.MessageAsync(v, open.Id, message.Id)))!;
        seen.IsDeleted.ShouldBeTrue();
        seen.Text.ShouldBe("");
        (await db.ReadAsync(city.Bob, (r, v) => r.HistoryAsync(v, open.Id, message.Id))).ShouldBeNull("only the author and administrators read the history");
        var history = (await db.ReadAsync(city.Alice, (r, v) => r.HistoryAsync(v, open.Id, message.Id)))!;
        history.Message.Text.ShouldBe("会議は11時からです");
        history.Revisions.Select(r => (r.Action, r.PreviousText)).ShouldBe([(ChatMessageRevision.Edited, "会議は10時からです"), (ChatMessageRevision.Deleted, "会議は11時からです")]);
        (await db.ReadAsync(city.Admin, (r, v) => r.HistoryAsync(v, open.Id, message.Id))).ShouldNotBeNull();
        (await db.QueryAsync(c => c.AuditEntries.CountAsync(a => a.Action == "chat.message.deleted"))).ShouldBe(1);
        await Should.ThrowAsync<DomainException>(() => db.ChatAsync(city.Alice, (s, v) => s.DeleteAsync(v, message.Id)));
    }

    [Theory, DatabaseData]
    public async Task Threads_CountReplies_AndRefuseNesting_EmptyText_AndArchivedChannels(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.ChatCityAsync();
        var open = await db.CreateChannelAsync(city.Alice, new ChannelDraft(ChannelKind.Public, "質問"));
        var root = await db.PostAsync(city.Alice, open.Id, "印刷機の予約はどこから？");
        var reply = await db.PostAsync(city.Bob, open.Id, "施設予約からです", root.Id);
        await db.PostAsync(city.Alice, open.Id, "ありがとう", root.Id);
        await Should.ThrowAsync<DomainException>(() => db.PostAsync(city.Bob, open.Id, "入れ子", reply.Id));
        await Should.ThrowAsync<DomainException>(() => db.PostAsync(city.Bob, open.Id, "   \n "));
        await Should.ThrowAsync<DomainException>(() => db.PostAsync(city.Bob, open.Id, new string('あ', ChatMessage.MaxTextLength + 1)));

        var thread = (await db.ReadAsync(city.Bob, (r, v) => r.ThreadAsync(v, open.Id, root.Id)))!;
        thread.Count.ShouldBe(3);
        thread[0].ReplyCount.ShouldBe(2);
        var top = (await db.ReadAsync(city.Bob, (r, v) => r.MessagesAsync(v, open.Id, null)))!;
        top.Messages.ShouldHaveSingleItem().Id.ShouldBe(root.Id);

        await db.ChatAsync(city.Alice, (s, v) => s.ArchiveAsync(v, open.Id, true));
        await Should.ThrowAsync<DomainException>(() => db.PostAsync(city.Bob, open.Id, "アーカイブ後"));
        (await db.QueryAsync(c => c.Set<ChatMessage>().CountAsync())).ShouldBe(3, "refused posts leave nothing behind");
    }
}
