using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Accounts;

/// <summary>Per-address throttling of sign-in attempts (Tsunagu:SignIn:AttemptsPerAddressPerMinute, here 5).</summary>
public abstract class SignInThrottleTests(FreshCity app)
{
    private const string ThrottledText = "この端末からの試行が多すぎます";

    [Fact]
    public async Task MoreAttemptsThanTheLimitFromOneAddress_Are429_ForThatAddressOnly_UntilTheMinuteHasPassed()
    {
        using var guesser = app.NewBrowser();
        for (var attempt = 1; attempt <= FreshCity.AttemptsPerMinute; attempt++)
        {
            (await guesser.SignInAsync("nobody.here", "not-the-password-1")).StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"attempt {attempt}");
        }

        var throttled = await guesser.SignInAsync("nobody.here", "not-the-password-1");
        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        Html.Readable(await throttled.Content.ReadAsStringAsync()).ShouldContain(ThrottledText);

        // Even the right password: the address is not asked about its guess at all.
        var right = await guesser.SignInAsync(DemoCityData.AdminLogin, TsunaguApp.Password);
        right.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        guesser.HasAuthCookie.ShouldBeFalse();
        (await app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "signin.throttled" && e.Address == guesser.Address))).ShouldBe(2);

        // Another address is not held back.
        using var colleague = app.NewBrowser();
        (await colleague.SignInAsync(DemoCityData.AdminLogin, TsunaguApp.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        (await guesser.SignInAsync(DemoCityData.AdminLogin, TsunaguApp.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}

public sealed class SignInThrottleTests_Sqlite(SqliteFreshCity app) : SignInThrottleTests(app), IClassFixture<SqliteFreshCity>;

public sealed class SignInThrottleTests_PostgreSql(PostgreSqlFreshCity app) : SignInThrottleTests(app), IClassFixture<PostgreSqlFreshCity>;
