using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly Actor Clerk = new(7, "yamada.taro", "192.0.2.10");

    [Theory, DatabaseData]
    public async Task WriteAsync_ChainsEntriesInSequence_AndVerifiesIntact(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await WriteEntriesAsync(db, 5);

        var entries = await db.QueryAsync(c => c.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        entries.Select(e => e.Sequence).ShouldBe([1L, 2, 3, 4, 5]);
        entries[0].PreviousHash.ShouldBe(AuditEntry.GenesisHash);
        for (var i = 1; i < entries.Count; i++)
        {
            entries[i].PreviousHash.ShouldBe(entries[i - 1].Hash);
        }

        entries.Select(e => e.Hash).Distinct().Count().ShouldBe(5);
        entries.ShouldAllBe(e => e.Hash.Length == 64);
        entries[2].Actor.ShouldBe("yamada.taro");
        entries[2].Address.ShouldBe("192.0.2.10");
        entries[2].OccurredAt.ShouldBe(TestDatabase.Start.AddSeconds(3));

        var result = await VerifyAsync(db);
        result.ShouldBe(new AuditVerification(true, 5, null, null, null));
    }

    [Theory, DatabaseData]
    public async Task Verify_WhenOneCharacterOfDetailsChanged_NamesThatEntry(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await WriteEntriesAsync(db, 5);
        var target = await EntryAsync(db, 3);

        await ExecuteAsync(db, """UPDATE "AuditEntries" SET "Details" = {0} WHERE "Sequence" = {1}""", "amount=1001", 3L);
        (await EntryAsync(db, 3)).Details.ShouldBe("amount=1001");

        var result = await VerifyAsync(db);
        result.Intact.ShouldBeFalse();
        result.BrokenSequence.ShouldBe(3);
        result.BrokenId.ShouldBe(target.Id);
        result.EntriesChecked.ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Verify_WhenOneCharacterOfActorChanged_NamesThatEntry(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await WriteEntriesAsync(db, 5);
        var target = await EntryAsync(db, 4);

        await ExecuteAsync(db, """UPDATE "AuditEntries" SET "Actor" = {0} WHERE "Sequence" = {1}""", "yamada.tarO", 4L);

        var result = await VerifyAsync(db);
        result.Intact.ShouldBeFalse();
        result.BrokenSequence.ShouldBe(4);
        result.BrokenId.ShouldBe(target.Id);
    }

    [Theory, DatabaseData]
    public async Task Verify_WhenMiddleEntryDeleted_NamesTheMissingSequence(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await WriteEntriesAsync(db, 5);

        await ExecuteAsync(db, """DELETE FROM "AuditEntries" WHERE "Sequence" = {0}""", 3L);

        var result = await VerifyAsync(db);
        result.Intact.ShouldBeFalse();
        result.BrokenSequence.ShouldBe(3);
        result.EntriesChecked.ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Verify_WhenRowWithForgedHashAppended_NamesThatEntry(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await WriteEntriesAsync(db, 5);

        // A well-placed forgery: right sequence, right previous hash, but a hash that is not over its content.
        await ExecuteAsync(
            db,
            """
            INSERT INTO "AuditEntries" ("Sequence", "OccurredAt", "ActorId", "Actor", "Action", "Target", "Details", "Address", "PreviousHash", "Hash")
            SELECT 6, "OccurredAt", "ActorId", "Actor", 'approval.approved', "Target", 'forged', "Address", "Hash", {0}
            FROM "AuditEntries" WHERE "Sequence" = 5
            """,
            new string('a', 64));
        var forged = await EntryAsync(db, 6);

        var result = await VerifyAsync(db);
        result.Intact.ShouldBeFalse();
        result.BrokenSequence.ShouldBe(6);
        result.BrokenId.ShouldBe(forged.Id);
        result.EntriesChecked.ShouldBe(5);
    }

    [Theory, DatabaseData]
    public async Task Verify_WhenRowInsertedOutsideTheSequence_NamesThatEntry(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await WriteEntriesAsync(db, 3);

        await ExecuteAsync(
            db,
            """
            INSERT INTO "AuditEntries" ("Sequence", "OccurredAt", "ActorId", "Actor", "Action", "Target", "Details", "Address", "PreviousHash", "Hash")
            SELECT 0, "OccurredAt", "ActorId", "Actor", "Action", "Target", "Details", "Address", "PreviousHash", "Hash"
            FROM "AuditEntries" WHERE "Sequence" = 1
            """);
        var stray = await EntryAsync(db, 0);

        var result = await VerifyAsync(db);
        result.Intact.ShouldBeFalse();
        result.BrokenSequence.ShouldBe(0);
        result.BrokenId.ShouldBe(stray.Id);
    }

    [Theory, DatabaseData]
    public async Task SaveChanges_WhenAuditEntryModified_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await WriteEntriesAsync(db, 2);

        await using (var scope = db.Scope())
        {
            var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var entry = await context.AuditEntries.SingleAsync(e => e.Sequence == 1);
            context.Entry(entry).Property(e => e.Details).CurrentValue = "rewritten";
            await Should.ThrowAsync<InvalidOperationException>(() => context.SaveChangesAsync());
            Should.Throw<InvalidOperationException>(() => context.SaveChanges());
        }

        (await EntryAsync(db, 1)).Details.ShouldBe("amount=1000");
        (await VerifyAsync(db)).Intact.ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task SaveChanges_WhenAuditEntryDeleted_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await WriteEntriesAsync(db, 2);

        await using (var scope = db.Scope())
        {
            var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            context.AuditEntries.Remove(await context.AuditEntries.SingleAsync(e => e.Sequence == 2));
            await Should.ThrowAsync<InvalidOperationException>(() => context.SaveChangesAsync());
        }

        (await db.QueryAsync(c => c.AuditEntries.CountAsync())).ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task WriteAsync_FromConcurrentWriters_BuildsOneGapFreeChain(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);

        var writers = Enumerable.Range(1, 4).Select(writer => Task.Run(async () =>
        {
            await using var scope = db.Scope();
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            for (var i = 1; i <= 25; i++)
            {
                await audit.WriteAsync(new Actor(writer, $"writer{writer}", null), "test.concurrent", $"writer:{writer}", $"n={i}");
            }
        }));
        await Task.WhenAll(writers);

        var sequences = await db.QueryAsync(c => c.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        sequences.ShouldBe(Enumerable.Range(1, 100).Select(i => (long)i));
        var perWriter = await db.QueryAsync(c => c.AuditEntries.GroupBy(e => e.Target).Select(g => g.Count()).ToListAsync());
        perWriter.ShouldBe([25, 25, 25, 25]);
        (await VerifyAsync(db)).ShouldBe(new AuditVerification(true, 100, null, null, null));
    }

    [Theory, DatabaseData]
    public async Task Record_IsWrittenInTheCallersTransaction_AndDiscardedWithIt(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await WriteEntriesAsync(db, 1);

        await using (var scope = db.Scope())
        {
            var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            scope.ServiceProvider.GetRequiredService<AuditLog>().Record(Clerk, "test.rolled-back", "x");
            await context.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await WriteEntriesAsync(db, 1);
        (await db.QueryAsync(c => c.AuditEntries.Select(e => e.Action).ToListAsync())).ShouldNotContain("test.rolled-back");
        (await VerifyAsync(db)).ShouldBe(new AuditVerification(true, 2, null, null, null));
    }

    private static async Task WriteEntriesAsync(TestDatabase db, int count)
    {
        var already = await db.QueryAsync(c => c.AuditEntries.CountAsync());
        for (var i = already + 1; i <= already + count; i++)
        {
            db.Clock.Advance(TimeSpan.FromSeconds(1));
            var n = i;
            await db.InScopeAsync(sp => sp.GetRequiredService<AuditLog>()
                .WriteAsync(Clerk, "approval.approved", $"approval:{n}", $"amount={999 + n}"));
        }
    }

    private static Task<AuditEntry> EntryAsync(TestDatabase db, long sequence) =>
        db.QueryAsync(c => c.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == sequence));

    private static Task<AuditVerification> VerifyAsync(TestDatabase db) =>
        db.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync());

    private static Task<int> ExecuteAsync(TestDatabase db, string sql, params object[] parameters) =>
        db.QueryAsync(c => c.Database.ExecuteSqlRawAsync(sql, parameters));
}
