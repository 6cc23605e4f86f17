using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Notifications;

public sealed class NotificationServiceTests
{
    [Theory, DatabaseData]
    public async Task Notify_WritesNotificationAndOutbox_OnlyWithTheCallersSaveChanges(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var yamada = await db.CreateStaffAsync("yamada.taro", "yamada@city.example.jp");

        await using (var scope = db.Scope())
        {
            var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await scope.ServiceProvider.GetRequiredService<NotificationService>()
                .NotifyAsync([yamada.Id], NotificationKinds.Security, "新しいサインイン", "新しい端末からサインインしました。", "/account/security");

            (await db.QueryAsync(c => c.Notifications.CountAsync())).ShouldBe(0);
            (await db.QueryAsync(c => c.Outbox.CountAsync())).ShouldBe(0);

            scope.ServiceProvider.GetRequiredService<AuditLog>().Record(Actor.System, "signin.succeeded", $"account:{yamada.Id}");
            await context.SaveChangesAsync();
        }

        var notification = await db.QueryAsync(c => c.Notifications.SingleAsync());
        notification.RecipientId.ShouldBe(yamada.Id);
        notification.Kind.ShouldBe(NotificationKinds.Security);
        notification.Title.ShouldBe("新しいサインイン");
        notification.Url.ShouldBe("/account/security");
        notification.CreatedAt.ShouldBe(TestDatabase.Start);
        notification.ReadAt.ShouldBeNull();
        var outbox = await db.QueryAsync(c => c.Outbox.OrderBy(m => m.Id).ToListAsync());
        outbox.Select(m => m.Type).ShouldBe([NotificationService.PushType, NotificationService.EmailType], ignoreOrder: true);
        outbox.ShouldAllBe(m => m.ProcessedAt == null && m.Attempts == 0 && m.NextAttemptAt == TestDatabase.Start);
        var email = JsonSerializer.Deserialize<EmailPayload>(outbox.Single(m => m.Type == NotificationService.EmailType).Payload)!;
        email.To.ShouldBe("yamada@city.example.jp");
        email.Subject.ShouldBe("新しいサインイン");
        email.Body.ShouldBe("新しい端末からサインインしました。\n\n/account/security");
        (await db.InScopeAsync(sp => sp.GetRequiredService<NotificationService>().UnreadCountAsync(yamada.Id))).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Notify_WhenCallerRollsBack_LeavesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var yamada = await db.CreateStaffAsync("yamada.taro", "yamada@city.example.jp");

        await using (var scope = db.Scope())
        {
            var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<NotificationService>()
                .NotifyAsync([yamada.Id], NotificationKinds.Security, "t", "b", null);
            await context.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        (await db.QueryAsync(c => c.Notifications.CountAsync())).ShouldBe(0);
        (await db.QueryAsync(c => c.Outbox.CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Notify_RespectsPreferences_AndKindDefaults(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var mailOnly = await db.CreateStaffAsync("mail.only", "mail.only@city.example.jp");
        var defaults = await db.CreateStaffAsync("defaults", "defaults@city.example.jp");
        var nothing = await db.CreateStaffAsync("nothing", "nothing@city.example.jp");
        var noAddress = await db.CreateStaffAsync("no.address");
        var inactive = await db.CreateStaffAsync("inactive", "inactive@city.example.jp");
        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(inactive.Id, Actor.System));
        await db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            context.NotificationPreferences.AddRange(
                new NotificationPreference { AccountId = mailOnly.Id, Kind = NotificationKinds.System, InApp = false, Email = true },
                new NotificationPreference { AccountId = nothing.Id, Kind = NotificationKinds.System, InApp = false, Email = false },
                new NotificationPreference { AccountId = noAddress.Id, Kind = NotificationKinds.System, InApp = true, Email = true });
            await context.SaveChangesAsync();
        });
        int[] everyone = [mailOnly.Id, defaults.Id, nothing.Id, noAddress.Id, inactive.Id, defaults.Id];

        await db.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<NotificationService>().NotifyAsync(everyone, NotificationKinds.System, "メンテナンスのお知らせ", "本文", null);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });

        (await db.QueryAsync(c => c.Notifications.OrderBy(n => n.RecipientId).Select(n => n.RecipientId).ToListAsync()))
            .ShouldBe(new[] { defaults.Id, noAddress.Id }.Order());
        var outbox = await db.QueryAsync(c => c.Outbox.Select(m => new { m.Type, m.Payload }).ToListAsync());
        outbox.Count(m => m.Type == NotificationService.PushType).ShouldBe(2);
        outbox.Where(m => m.Type == NotificationService.EmailType)
            .Select(m => JsonSerializer.Deserialize<EmailPayload>(m.Payload)!.To)
            .ShouldBe(["mail.only@city.example.jp"]);
    }

    [Theory, DatabaseData]
    public async Task Notify_SecurityKind_MailsByDefault(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var yamada = await db.CreateStaffAsync("yamada.taro", "yamada@city.example.jp");
        await db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            context.NotificationPreferences.Add(new NotificationPreference { AccountId = yamada.Id, Kind = NotificationKinds.Security, InApp = true, Email = false });
            await context.SaveChangesAsync();
        });
        var suzuki = await db.CreateStaffAsync("suzuki.hanako", "suzuki@city.example.jp");

        await db.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<NotificationService>().NotifyAsync([yamada.Id, suzuki.Id], NotificationKinds.Security, "MFA", "b", null);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });

        var emails = await db.QueryAsync(c => c.Outbox.Where(m => m.Type == NotificationService.EmailType).Select(m => m.Payload).ToListAsync());
        emails.Select(p => JsonSerializer.Deserialize<EmailPayload>(p)!.To).ShouldBe(["suzuki@city.example.jp"]);
        (await db.QueryAsync(c => c.Notifications.CountAsync())).ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Notify_WithUnknownKind_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var yamada = await db.CreateStaffAsync("yamada.taro");

        await Should.ThrowAsync<ArgumentException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<NotificationService>().NotifyAsync([yamada.Id], "no-such-kind", "t", "b", null)));
    }

    [Theory, DatabaseData]
    public async Task Notify_WithTitleAndBodyLongerThanTheirColumns_StoresThemShortenedWithAnEllipsis(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var yamada = await db.CreateStaffAsync("yamada.taro", "yamada@city.example.jp");
        var title = "会議" + new string('議', 300) + "𠮷";
        var body = new string('本', 1998) + "𠮷𠮷";

        await db.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<NotificationService>().NotifyAsync([yamada.Id], NotificationKinds.Security, title, body, null);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });

        var notification = await db.QueryAsync(c => c.Notifications.SingleAsync());
        notification.Title.Length.ShouldBe(Notification.TitleLength);
        notification.Title.ShouldStartWith("会議議");
        notification.Title.ShouldEndWith("…");
        notification.Body.Length.ShouldBeLessThanOrEqualTo(Notification.BodyLength);
        notification.Body.ShouldEndWith("本…", customMessage: "a surrogate pair is never split");
        var email = JsonSerializer.Deserialize<EmailPayload>((await db.QueryAsync(c => c.Outbox.SingleAsync(m => m.Type == NotificationService.EmailType))).Payload)!;
        email.Subject.ShouldBe(notification.Title);
    }
}
