using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Identity;

public sealed class AccessTokenTests
{
    [Theory, DatabaseData]
    public async Task Create_ReturnsTsnSecret_AndStoresOnlyItsSha256(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.CreateStaffAsync("yamada.taro");

        var created = await CreateAsync(db, owner.Id, "集計スクリプト");

        created.Secret.ShouldStartWith("tsn_");
        created.Secret.Length.ShouldBeGreaterThan(40);
        var stored = await db.QueryAsync(c => c.AccessTokens.AsNoTracking().SingleAsync(t => t.Id == created.Id));
        stored.TokenHash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Secret))));
        stored.Hint.ShouldBe(created.Secret[^4..]);
        stored.Name.ShouldBe("集計スクリプト");
        stored.AccountId.ShouldBe(owner.Id);
        foreach (var text in new[] { stored.TokenHash, stored.Name, stored.Hint })
        {
            text.ShouldNotContain(created.Secret[4..12]);
        }

        (await db.QueryAsync(c => c.AuditEntries.CountAsync(e => e.Action == "token.created"))).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Authenticate_WithValidSecret_ReturnsOwner_AndTouchesLastUsed(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.CreateStaffAsync("yamada.taro");
        await db.CreateStaffAsync("suzuki.hanako");
        var created = await CreateAsync(db, owner.Id, "api");
        db.Clock.Advance(TimeSpan.FromMinutes(3));

        var account = await AuthenticateAsync(db, created.Secret);

        account.ShouldNotBeNull().Id.ShouldBe(owner.Id);
        account.UserName.ShouldBe("yamada.taro");
        (await db.QueryAsync(c => c.AccessTokens.Select(t => t.LastUsedAt).SingleAsync())).ShouldBe(TestDatabase.Start.AddMinutes(3));
    }

    [Theory, DatabaseData]
    public async Task Authenticate_WithUnknownOrMalformedSecret_ReturnsNull(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.CreateStaffAsync("yamada.taro");
        var created = await CreateAsync(db, owner.Id, "api");

        (await AuthenticateAsync(db, created.Secret[..^1] + (created.Secret[^1] == 'A' ? 'B' : 'A'))).ShouldBeNull();
        (await AuthenticateAsync(db, created.Secret[4..])).ShouldBeNull();
        (await AuthenticateAsync(db, "")).ShouldBeNull();
        (await AuthenticateAsync(db, "tsn_" + new string('x', 300))).ShouldBeNull();
    }

    [Theory, DatabaseData]
    public async Task Authenticate_WhenRevoked_ReturnsNull_AndRevokingTwiceIsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.CreateStaffAsync("yamada.taro");
        var created = await CreateAsync(db, owner.Id, "api");
        var actor = new Actor(owner.Id, "yamada.taro", null);

        await db.InScopeAsync(sp => sp.GetRequiredService<AccessTokenService>().RevokeAsync(created.Id, owner.Id, actor));

        (await AuthenticateAsync(db, created.Secret)).ShouldBeNull();
        (await db.QueryAsync(c => c.AccessTokens.Select(t => t.RevokedAt).SingleAsync())).ShouldBe(TestDatabase.Start);
        var second = await Should.ThrowAsync<DomainException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<AccessTokenService>().RevokeAsync(created.Id, owner.Id, actor)));
        second.Code.ShouldBe("token.already-revoked");
        (await db.QueryAsync(c => c.AuditEntries.CountAsync(e => e.Action == "token.revoked"))).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Revoke_SomeoneElsesToken_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.CreateStaffAsync("yamada.taro");
        var other = await db.CreateStaffAsync("suzuki.hanako");
        var created = await CreateAsync(db, owner.Id, "api");

        var refused = await Should.ThrowAsync<DomainException>(() =>
            db.InScopeAsync(sp => sp.GetRequiredService<AccessTokenService>().RevokeAsync(created.Id, other.Id, new Actor(other.Id, "suzuki.hanako", null))));

        refused.Code.ShouldBe("token.not-found");
        (await AuthenticateAsync(db, created.Secret)).ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task Authenticate_WhenExpired_ReturnsNull(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.CreateStaffAsync("yamada.taro");
        var created = await CreateAsync(db, owner.Id, "api", TestDatabase.Start.AddDays(30));

        db.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        (await AuthenticateAsync(db, created.Secret)).ShouldNotBeNull();
        db.Clock.Advance(TimeSpan.FromSeconds(1));
        (await AuthenticateAsync(db, created.Secret)).ShouldBeNull();
    }

    [Theory, DatabaseData]
    public async Task Create_WithExpiryInThePast_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.CreateStaffAsync("yamada.taro");

        var refused = await Should.ThrowAsync<DomainException>(() => CreateAsync(db, owner.Id, "api", TestDatabase.Start.AddMinutes(-1)));

        refused.Code.ShouldBe("token.expiry-past");
        (await db.QueryAsync(c => c.AccessTokens.CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Authenticate_WhenOwnerDeactivated_ReturnsNull(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var owner = await db.CreateStaffAsync("yamada.taro");
        var created = await CreateAsync(db, owner.Id, "api");

        await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeactivateStaffAsync(owner.Id, Actor.System));

        (await AuthenticateAsync(db, created.Secret)).ShouldBeNull();
    }

    private static Task<CreatedToken> CreateAsync(TestDatabase db, int accountId, string name, DateTimeOffset? expiresAt = null) =>
        db.InScopeAsync(sp => sp.GetRequiredService<AccessTokenService>().CreateAsync(accountId, name, expiresAt, new Actor(accountId, "owner", null)));

    private static Task<Account?> AuthenticateAsync(TestDatabase db, string secret) =>
        db.InScopeAsync(sp => sp.GetRequiredService<AccessTokenService>().AuthenticateAsync(secret));
}
