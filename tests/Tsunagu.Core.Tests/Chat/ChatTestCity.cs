using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Tests.Chat;

/// <summary>
/// A small city for chat: 総務部 with 総務課 (Alice, Bob) and 財政課 (Carol); 市民部/市民課 (Dave, the outsider);
/// an administrator in 市民課 too, to show administrators get no way into private conversations.
/// </summary>
internal sealed record ChatCity(int Alice, int Bob, int Carol, int Dave, int Admin, int Somubu, int SomuKa, int ZaiseiKa, int ShiminKa);

/// <summary>Records what would be pushed to live clients.</summary>
internal sealed class RecordingFanout : IChatFanout
{
    public List<(IReadOnlyCollection<int> AccountIds, ChatPush Push)> Pushes { get; } = [];

    public Task PushAsync(IReadOnlyCollection<int> accountIds, ChatPush push, CancellationToken cancellationToken)
    {
        Pushes.Add((accountIds.ToList(), push));
        return Task.CompletedTask;
    }
}

internal static class ChatTestData
{
    public static async Task<ChatCity> ChatCityAsync(this TestDatabase db) =>
        await db.InScopeAsync(async sp =>
        {
            var organization = sp.GetRequiredService<OrganizationService>();
            var context = sp.GetRequiredService<AppDbContext>();
            var bu = await organization.CreateDepartmentAsync("総務部", "部", null, Actor.System);
            var somu = await organization.CreateDepartmentAsync("総務課", "課", bu.Id, Actor.System);
            var zaisei = await organization.CreateDepartmentAsync("財政課", "課", bu.Id, Actor.System);
            var shiminBu = await organization.CreateDepartmentAsync("市民部", "部", null, Actor.System);
            var shimin = await organization.CreateDepartmentAsync("市民課", "課", shiminBu.Id, Actor.System);
            var position = await context.Positions.Where(p => p.Name == "主事").Select(p => p.Id).FirstAsync();
            async Task<int> Staff(string login, string name, int department) =>
                (await organization.CreateStaffAsync(new StaffInput(login, name, "しょくいん", department, position, null), Actor.System)).Id;
            var admin = await Staff("admin.chat", "管理\u3000者", shimin.Id);
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Tsunagu.Core.Identity.Account>>();
            await users.AddToRoleAsync((await users.FindByIdAsync(admin.ToString(System.Globalization.CultureInfo.InvariantCulture)))!, Tsunagu.Core.Identity.Roles.SystemAdministrator);
            return new ChatCity(
                await Staff("alice", "有村\u3000亜季", somu.Id),
                await Staff("bob", "坂本\u3000文也", somu.Id),
                await Staff("carol", "川井\u3000香織", zaisei.Id),
                await Staff("dave", "土井\u3000大輔", shimin.Id),
                admin, bu.Id, somu.Id, zaisei.Id, shimin.Id);
        });

    public static Task<ChatViewer> V(this TestDatabase db, int accountId) =>
        db.QueryAsync(context => ChatViewer.ForAccountAsync(context, accountId));

    public static async Task<ChatChannel> CreateChannelAsync(this TestDatabase db, int creator, ChannelDraft draft)
    {
        var viewer = await db.V(creator);
        return await db.InScopeAsync(sp => sp.GetRequiredService<ChatService>().CreateChannelAsync(viewer, draft));
    }

    public static async Task<ChatChannel> ConversationAsync(this TestDatabase db, int me, params int[] others)
    {
        var viewer = await db.V(me);
        return await db.InScopeAsync(sp => sp.GetRequiredService<ChatService>().OpenConversationAsync(viewer, others));
    }

    public static async Task<ChatMessage> PostAsync(this TestDatabase db, int author, int channelId, string text, long? threadRootId = null, RecordingFanout? fanout = null)
    {
        var viewer = await db.V(author);
        db.Clock.Advance(TimeSpan.FromSeconds(1));
        return await db.InScopeAsync(sp => Service(sp, fanout).PostAsync(viewer, channelId, new MessageDraft(text, threadRootId)));
    }

    public static async Task<T> ChatAsync<T>(this TestDatabase db, int accountId, Func<ChatService, ChatViewer, Task<T>> action, RecordingFanout? fanout = null)
    {
        var viewer = await db.V(accountId);
        return await db.InScopeAsync(sp => action(Service(sp, fanout), viewer));
    }

    public static async Task ChatAsync(this TestDatabase db, int accountId, Func<ChatService, ChatViewer, Task> action)
    {
        var viewer = await db.V(accountId);
        await db.InScopeAsync(sp => action(sp.GetRequiredService<ChatService>(), viewer));
    }

    public static async Task<T> ReadAsync<T>(this TestDatabase db, int accountId, Func<ChatReader, ChatViewer, Task<T>> read)
    {
        var viewer = await db.V(accountId);
        return await db.InScopeAsync(sp => read(sp.GetRequiredService<ChatReader>(), viewer));
    }

    /// <summary>Chat hits for the word, as the account would find them.</summary>
    public static Task<List<string>> SearchChatAsync(this TestDatabase db, int accountId, string word) =>
        db.QueryAsync(async context =>
        {
            var viewer = await SearchViewer.ForAccountAsync(context, accountId);
            var results = await new SearchIndex(context).QueryAsync(new SearchQuery(word) { Module = SearchModules.Chat }, viewer);
            return results.Items.Select(i => i.Key).ToList();
        });

    public static Task<List<Notification>> NotificationsAsync(this TestDatabase db, int accountId) =>
        db.QueryAsync(context => context.Notifications.AsNoTracking().Where(n => n.RecipientId == accountId && n.Kind == NotificationKinds.Chat).ToListAsync());

    private static ChatService Service(IServiceProvider sp, RecordingFanout? fanout) => fanout is null
        ? sp.GetRequiredService<ChatService>()
        : new ChatService(
            sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<NotificationService>(), sp.GetRequiredService<AuditLog>(),
            sp.GetRequiredService<UsageRecorder>(), fanout, sp.GetRequiredService<TimeProvider>(), NullLogger<ChatService>.Instance);
}
