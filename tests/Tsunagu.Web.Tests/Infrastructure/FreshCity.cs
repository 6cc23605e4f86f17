using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Tsunagu.Web.Tests.Infrastructure;

/// <summary>
/// A city with only its administrator (admin / <see cref="TsunaguApp.Password"/>), a clock the test moves and a
/// sign-in throttle of <see cref="AttemptsPerMinute"/> per address, for tests that change what every request sees
/// (the MFA requirement, the throttle). Each test class gets its own.
/// </summary>
public abstract class FreshCity(DatabaseKind kind) : TsunaguApp(kind, demo: false)
{
    public const int AttemptsPerMinute = 5;

    /// <summary>Starts at the real time, so cookies and data protection keys agree with it, and moves only when told.</summary>
    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Tsunagu:AdminPassword"] = Password;
        settings["Tsunagu:SignIn:AttemptsPerAddressPerMinute"] = AttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

public sealed class SqliteFreshCity() : FreshCity(DatabaseKind.Sqlite);

public sealed class PostgreSqlFreshCity() : FreshCity(DatabaseKind.PostgreSql);
