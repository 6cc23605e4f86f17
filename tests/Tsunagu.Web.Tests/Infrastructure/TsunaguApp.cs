using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Usage;

namespace Tsunagu.Web.Tests.Infrastructure;

/// <summary>
/// One running app on its own database (a SQLite file in its own data folder, or a new PostgreSQL database),
/// shared by the tests of a class or collection. Tests that change shared state (lock an account, change a
/// setting) create their own accounts or use a fixture of their own.
/// </summary>
public abstract class TsunaguApp(DatabaseKind kind, bool demo) : IAsyncLifetime
{
    /// <summary>The demo city's password, also given to the accounts tests create and to the lone administrator.</summary>
    public const string Password = DemoCitySeeder.DemoPassword;

    private static int s_addresses;
    private TsunaguFactory? _factory;

    public DatabaseKind Kind { get; } = kind;

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "tsunagu-web-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The PostgreSQL database's connection string; null on SQLite.</summary>
    public string? ConnectionString { get; private set; }

    public TsunaguFactory Factory => _factory ?? throw new InvalidOperationException("The app has not started.");

    public IServiceProvider Services => Factory.Services;

    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        if (Kind == DatabaseKind.PostgreSql)
        {
            ConnectionString = await PostgresServer.CreateDatabaseAsync(PostgresServer.NewDatabaseName("app"));
        }

        var settings = TsunaguFactory.Settings(Kind, DataPath, ConnectionString, demo);
        Configure(settings);
        _factory = new TsunaguFactory(settings, ConfigureServices);
        // Starting the host runs Program, which migrates and seeds before it starts listening.
        await Task.Run(() => _factory.Services);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (ConnectionString is not null)
        {
            await PostgresServer.DropDatabaseAsync(ConnectionString);
        }

        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>An address from the IPv6 documentation range, different for every browser.</summary>
    public static string NewAddress() =>
        string.Create(CultureInfo.InvariantCulture, $"2001:db8::{Interlocked.Increment(ref s_addresses):x}");

    public TestBrowser NewBrowser() => new(Factory, NewAddress());

    public async Task<TestBrowser> SignedInAsync(string login, string password = Password)
    {
        var browser = NewBrowser();
        var response = await browser.SignInAsync(login, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"sign-in as {login}: {Html.Readable(await response.Content.ReadAsStringAsync())}");
        browser.HasAuthCookie.ShouldBeTrue();
        return browser;
    }

    /// <summary>A client for the API: no cookies, no redirects, optionally a bearer token.</summary>
    public HttpClient ApiClient(string? token = null)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Reads through a fresh context, so nothing the app has cached is seen.</summary>
    public Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query) => InScopeAsync(sp => query(sp.GetRequiredService<AppDbContext>()));

    public Task<int> AccountIdAsync(string login) => QueryAsync(db => db.Users.Where(a => a.UserName == login).Select(a => a.Id).SingleAsync());

    public async Task<CreatedToken> CreateTokenAsync(string login, string name = "test")
    {
        var id = await AccountIdAsync(login);
        return await InScopeAsync(sp => sp.GetRequiredService<AccessTokenService>().CreateAsync(id, name, null, Actor.System));
    }

    /// <summary>Creates an active account with <see cref="Password"/> and exactly the given roles.</summary>
    public Task<Account> CreateAccountAsync(string login, params string[] roles) =>
        InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var account = new Account
            {
                UserName = login,
                DisplayName = $"試験\u3000{login}",
                Kana = "しけん",
                CreatedAt = Clock.Truncate(sp.GetRequiredService<TimeProvider>().GetUtcNow()),
                LockoutEnabled = true,
            };
            var created = await users.CreateAsync(account, Password);
            created.Succeeded.ShouldBeTrue(string.Join(' ', created.Errors.Select(e => e.Description)));
            if (roles.Length > 0)
            {
                (await users.AddToRolesAsync(account, roles)).Succeeded.ShouldBeTrue();
            }

            return account;
        });

    /// <summary>Writes the queued usage events now (the recorder batches them in the background).</summary>
    public Task DrainUsageAsync() => Services.GetRequiredService<UsageFlushService>().DrainAsync(CancellationToken.None);
}

/// <summary>The demo city (828 staff and the administrator, all with <see cref="TsunaguApp.Password"/>), on SQLite.</summary>
public sealed class SqliteDemoCity() : TsunaguApp(DatabaseKind.Sqlite, demo: true);

/// <summary>The demo city on PostgreSQL.</summary>
public sealed class PostgreSqlDemoCity() : TsunaguApp(DatabaseKind.PostgreSql, demo: true);

[CollectionDefinition(Name)]
public sealed class SqliteDemoCityDefinition : ICollectionFixture<SqliteDemoCity>
{
    public const string Name = "Demo city on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlDemoCityDefinition : ICollectionFixture<PostgreSqlDemoCity>
{
    public const string Name = "Demo city on PostgreSQL";
}
