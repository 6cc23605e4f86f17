using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Chat;

/// <summary>People and channels of a test's own in the shared demo city, so neither the demo chat nor other tests stand in the way.</summary>
public sealed class ChatKit(TsunaguApp app)
{
    public sealed record Person(int Id, string Login, string Name);

    public async Task<Person> StaffAsync(string purpose)
    {
        var login = Logins.Unique(purpose);
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        return new Person(account.Id, login, account.DisplayName);
    }

    public Task<ChatChannel> ChannelAsync(Person creator, ChannelKind kind, params Person[] members) =>
        app.InScopeAsync(async sp =>
        {
            var viewer = await ChatViewer.ForAccountAsync(sp.GetRequiredService<Core.Data.AppDbContext>(), creator.Id);
            var name = $"試験-{Guid.NewGuid():N}"[..16];
            return await sp.GetRequiredService<ChatService>().CreateChannelAsync(viewer, new ChannelDraft(kind, name) { MemberIds = members.Select(m => m.Id).ToList() });
        });

    public Task<ChatChannel> DirectAsync(Person me, params Person[] others) =>
        app.InScopeAsync(async sp =>
        {
            var viewer = await ChatViewer.ForAccountAsync(sp.GetRequiredService<Core.Data.AppDbContext>(), me.Id);
            return await sp.GetRequiredService<ChatService>().OpenConversationAsync(viewer, others.Select(o => o.Id).ToList());
        });

    public Task<ChatMessage> PostAsync(Person author, int channelId, string text, long? root = null) =>
        app.InScopeAsync(async sp =>
        {
            var viewer = await ChatViewer.ForAccountAsync(sp.GetRequiredService<Core.Data.AppDbContext>(), author.Id);
            return await sp.GetRequiredService<ChatService>().PostAsync(viewer, channelId, new MessageDraft(text, root));
        });
}
