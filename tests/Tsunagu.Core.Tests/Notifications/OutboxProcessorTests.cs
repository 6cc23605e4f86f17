using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Notifications;

public sealed class OutboxProcessorTests
{
    [Theory, DatabaseData]
    public async Task ProcessBatch_SendsEachMessageOnce_AndMarksItProcessed(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var yamada = await db.CreateStaffAsync("yamada.taro", "yamada@city.example.jp");
        var suzuki = await db.CreateStaffAsync("suzuki.hanako", "suzuki@city.example.jp");
        await db.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<NotificationService>().NotifyAsync([yamada.Id, suzuki.Id], NotificationKinds.Security, "新しいサインイン", "本文", "/account/security");
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        var mail = new RecordingMailSender();
        var realtime = new RecordingRealtimeNotifier();
        var processor = Processor(db, mail, realtime);
        db.Clock.Advance(TimeSpan.FromSeconds(1));

        (await processor.ProcessBatchAsync(CancellationToken.None)).ShouldBe(4);
        (await processor.ProcessBatchAsync(CancellationToken.None)).ShouldBe(0);
        db.Clock.Advance(TimeSpan.FromHours(1));
        (await processor.ProcessBatchAsync(CancellationToken.None)).ShouldBe(0);

        mail.Sent.Select(m => m.To).ShouldBe(["yamada@city.example.jp", "suzuki@city.example.jp"], ignoreOrder: true);
        mail.Sent.ShouldAllBe(m => m.Subject == "新しいサインイン" && m.Body == "本文\n\n/account/security");
        realtime.Published.ShouldBe([yamada.Id, suzuki.Id], ignoreOrder: true);
        var outbox = await db.QueryAsync(c => c.Outbox.AsNoTracking().ToListAsync());
        outbox.ShouldAllBe(m => m.ProcessedAt == TestDatabase.Start.AddSeconds(1) && m.Attempts == 0 && m.LastError == null);
    }

    [Theory, DatabaseData]
    public async Task ProcessBatch_WhenMailFails_RecordsTheError_AndRetriesLater(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await AddEmailsAsync(db, 1);
        var mail = new RecordingMailSender { FailuresLeft = 1 };
        var processor = Processor(db, mail, new RecordingRealtimeNotifier());

        (await processor.ProcessBatchAsync(CancellationToken.None)).ShouldBe(1);

        var failed = await db.QueryAsync(c => c.Outbox.AsNoTracking().SingleAsync());
        failed.ProcessedAt.ShouldBeNull();
        failed.Attempts.ShouldBe(1);
        failed.LastError.ShouldBe("SMTP server unavailable");
        failed.NextAttemptAt.ShouldBeGreaterThan(TestDatabase.Start);
        mail.Sent.ShouldBeEmpty();

        (await processor.ProcessBatchAsync(CancellationToken.None)).ShouldBe(0);
        db.Clock.Advance(TimeSpan.FromSeconds(30));
        (await processor.ProcessBatchAsync(CancellationToken.None)).ShouldBe(0);
        mail.Sent.ShouldBeEmpty();

        // Past both the 1-minute back-off and the 5-minute claim of the failed attempt.
        db.Clock.Advance(TimeSpan.FromMinutes(6));
        (await processor.ProcessBatchAsync(CancellationToken.None)).ShouldBe(1);

        mail.Sent.ShouldHaveSingleItem().To.ShouldBe("staff1@city.example.jp");
        var sent = await db.QueryAsync(c => c.Outbox.AsNoTracking().SingleAsync());
        sent.ProcessedAt.ShouldBe(TestDatabase.Start.AddMinutes(6).AddSeconds(30));
        sent.Attempts.ShouldBe(1);
        sent.LastError.ShouldBeNull();
        (await processor.ProcessBatchAsync(CancellationToken.None)).ShouldBe(0);
        mail.Sent.Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task ProcessBatch_WhenFailingEveryTime_BacksOffAndGivesUpAfterTenAttempts(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await AddEmailsAsync(db, 1);
        var mail = new RecordingMailSender { FailuresLeft = int.MaxValue };
        var processor = Processor(db, mail, new RecordingRealtimeNotifier());

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            (await processor.ProcessBatchAsync(CancellationToken.None)).ShouldBe(1, $"attempt {attempt}");
            db.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        }

        db.Clock.Advance(TimeSpan.FromDays(365));
        (await processor.ProcessBatchAsync(CancellationToken.None)).ShouldBe(0);
        var message = await db.QueryAsync(c => c.Outbox.AsNoTracking().SingleAsync());
        message.Attempts.ShouldBe(10);
        message.ProcessedAt.ShouldBeNull();
        message.LastError.ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task ProcessBatch_TwoProcessorsAtOnce_NeverSendTheSameMessageTwice(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await AddEmailsAsync(db, 60);
        var mail = new RecordingMailSender { Delay = TimeSpan.FromMilliseconds(2) };
        var first = Processor(db, mail, new RecordingRealtimeNotifier());
        var second = Processor(db, mail, new RecordingRealtimeNotifier());

        var handled = await Task.WhenAll(Task.Run(() => DrainAsync(first)), Task.Run(() => DrainAsync(second)));

        handled.Sum().ShouldBe(60);
        mail.Sent.Count.ShouldBe(60);
        mail.Sent.Select(m => m.To).Distinct().Count().ShouldBe(60);
        (await db.QueryAsync(c => c.Outbox.CountAsync(m => m.ProcessedAt == null))).ShouldBe(0);
    }

    private static async Task<int> DrainAsync(OutboxProcessor processor)
    {
        var total = 0;
        int handled;
        while ((handled = await processor.ProcessBatchAsync(CancellationToken.None)) > 0)
        {
            total += handled;
        }

        return total;
    }

    private static OutboxProcessor Processor(TestDatabase db, IMailSender mail, IRealtimeNotifier realtime) =>
        new(db.Services.GetRequiredService<IServiceScopeFactory>(), mail, realtime, db.Clock, NullLogger<OutboxProcessor>.Instance);

    private static Task AddEmailsAsync(TestDatabase db, int count) =>
        db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            for (var i = 1; i <= count; i++)
            {
                var payload = JsonSerializer.Serialize(new EmailPayload($"staff{i}@city.example.jp", $"件名{i}", "本文"));
                context.Outbox.Add(new OutboxMessage(NotificationService.EmailType, payload, db.Clock.GetUtcNow()));
            }

            await context.SaveChangesAsync();
        });
}
