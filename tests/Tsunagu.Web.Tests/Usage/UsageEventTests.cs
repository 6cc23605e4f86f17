using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Usage;

/// <summary>Every use of a feature becomes a usage event (DESIGN principle 7); a refused request is not a use.</summary>
public abstract class UsageEventTests(TsunaguApp app)
{
    [Fact]
    public async Task OpeningThePortalAndTheNotifications_RecordsAUsageEventForEach()
    {
        var login = Logins.Unique("usage");
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        using var browser = await app.SignedInAsync(login);

        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/notifications")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/admin/staff")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var events = await EventsAsync(account.Id, expected: 2);
        events.ShouldBe([("notifications", "view"), ("portal", "view")], ignoreOrder: true);
    }

    [Fact]
    public async Task ApiCalls_AreRecordedAsTheApiFeature()
    {
        var login = Logins.Unique("usageapi");
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        using var api = app.ApiClient((await app.CreateTokenAsync(login)).Secret);

        (await api.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await EventsAsync(account.Id, expected: 1)).ShouldBe([("api", "view")]);
    }

    /// <summary>
    /// Drains the recorder, then waits briefly: events the background flush has already taken off the queue are
    /// written by it, not by DrainAsync.
    /// </summary>
    private async Task<List<(string Feature, string Action)>> EventsAsync(int accountId, int expected)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(10);
        while (true)
        {
            await app.DrainUsageAsync();
            var rows = await app.QueryAsync(db => db.UsageEvents.Where(e => e.AccountId == accountId).Select(e => new { e.Feature, e.Action }).ToListAsync());
            if (rows.Count >= expected || TimeProvider.System.GetUtcNow() > deadline)
            {
                // A moment more, so an unexpected extra event would be seen too.
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                await app.DrainUsageAsync();
                rows = await app.QueryAsync(db => db.UsageEvents.Where(e => e.AccountId == accountId).Select(e => new { e.Feature, e.Action }).ToListAsync());
                return rows.Select(r => (r.Feature, r.Action)).ToList();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}

[Collection(SqliteDemoCityDefinition.Name)]
public sealed class UsageEventTests_Sqlite(SqliteDemoCity app) : UsageEventTests(app);

[Collection(PostgreSqlDemoCityDefinition.Name)]
public sealed class UsageEventTests_PostgreSql(PostgreSqlDemoCity app) : UsageEventTests(app);
