using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Usage;
using Tsunagu.Web.Components;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Features.Api;
using Tsunagu.Web.Features.Chat.Realtime;
using Tsunagu.Web.Features.Portal;

namespace Tsunagu.Web.Hosting;

public static class TsunaguServices
{
    public static readonly CultureInfo[] SupportedCultures = [new("ja-JP"), new("en")];

    public static WebApplicationBuilder AddTsunagu(this WebApplicationBuilder builder)
    {
        var options = TsunaguOptions.From(builder.Configuration, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(options.DataPath);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);

        services.AddDbContextFactory<AppDbContext>(o => options.Database.Apply(o));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddTsunaguCore();
        services.AddChatRealtime();
        var hours = builder.Configuration.GetSection("Tsunagu:Schedule").Get<WorkingHours>() ?? WorkingHours.Default;
        hours.Validate();
        services.AddSingleton(hours);
        services.AddScoped<IcsInterop>();
        services.AddScoped<CalendarFeedService>();
        services.AddScoped<ReminderScheduler>();
        services.AddHostedService<Features.Schedules.Sync.ReminderService>();
        services.AddHostedService<Features.Circulation.CirculationReminderService>();

        AddIdentity(builder, options);
        AddRealtime(services, options);

        var mail = builder.Configuration.GetSection("Tsunagu:Mail").Get<MailSettings>() ?? new MailSettings();
        if (!Path.IsPathRooted(mail.PickupFolder))
        {
            mail.PickupFolder = Path.Combine(options.DataPath, mail.PickupFolder);
        }

        services.AddSingleton(mail);
        services.AddSingleton<IMailSender>(string.IsNullOrWhiteSpace(mail.SmtpHost) ? new PickupFolderMailSender(mail) : new SmtpMailSender(mail));
        services.AddHostedService<UsageFlushService>();
        services.AddSingleton<UsageFlushService>(sp => sp.GetServices<IHostedService>().OfType<UsageFlushService>().Single());
        services.AddHostedService<OutboxProcessor>();

        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("ja-JP");
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        // Japanese text goes out as characters, not as &#x...; entities (a third of the page weight otherwise).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddAntiforgery(o => o.Cookie.Name = "tsunagu.af");
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Tsunagu API";
            doc.Info.Description = "つなぐ(デジタル市役所)の API。個人用アクセストークンを Authorization: Bearer で送ります。";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<PortalWidgets>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<Features.Admin.SettingsService>();
        services.AddScoped<Features.Admin.AdminScope>();
        services.AddSingleton<Features.Admin.ImportStaging>();
        services.AddMemoryCache();
        return builder;
    }

    private static void AddIdentity(WebApplicationBuilder builder, TsunaguOptions options)
    {
        var services = builder.Services;
        var signIn = builder.Configuration.GetSection("Tsunagu:SignIn");
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthSchemes.Smart;
                o.DefaultChallengeScheme = AuthSchemes.Smart;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(AuthSchemes.Smart, "Cookie or token", o => o.ForwardDefaultSelector = AuthSchemes.Select)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AuthSchemes.Token, null)
            .AddIdentityCookies(cookies =>
            {
                cookies.ApplicationCookie?.Configure(c =>
                {
                    c.Cookie.Name = "tsunagu.auth";
                    c.Cookie.HttpOnly = true;
                    c.Cookie.SameSite = SameSiteMode.Lax;
                    c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    c.LoginPath = "/account/login";
                    c.LogoutPath = "/account/logout";
                    c.AccessDeniedPath = "/error/403";
                    c.ExpireTimeSpan = TimeSpan.FromHours(10);
                    c.SlidingExpiration = true;
                    c.Events = new CookieEvents();
                });
                cookies.TwoFactorUserIdCookie?.Configure(c => c.Cookie.Name = "tsunagu.2fa");
            });

        services.AddIdentityCore<Account>(o =>
            {
                builder.Configuration.GetSection("Tsunagu:Password").Bind(o.Password);
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789._-";
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = signIn.GetValue("MaxFailedAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(signIn.GetValue("LockoutMinutes", 15));
                o.SignIn.RequireConfirmedAccount = true;
                DatabaseSettings.ConfigureIdentityStore(o);
            })
            .AddRoles<IdentityRole<int>>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<TsunaguClaimsFactory>();
        services.AddScoped<IUserConfirmation<Account>, ActiveAccountConfirmation>();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));
        services.AddDataProtection()
            .SetApplicationName("Tsunagu")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataPath, "keys")));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Staff, Roles.SystemAdministrator))
            .AddPolicy(Policies.OrganizationAdmin, p => p.RequireRole(Roles.SystemAdministrator, Roles.DepartmentAdministrator))
            .AddPolicy(Policies.SystemAdmin, p => p.RequireRole(Roles.SystemAdministrator))
            .AddPolicy(Policies.DxOffice, p => p.RequireRole(Roles.SystemAdministrator, Roles.DxOffice));
    }

    private static void AddRealtime(IServiceCollection services, TsunaguOptions options)
    {
        var signalR = services.AddSignalR();
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            services.AddSingleton<IRealtimeNotifier, InProcessRealtimeNotifier>();
            return;
        }

        var multiplexer = ConnectionMultiplexer.Connect(options.Redis);
        services.AddSingleton<IConnectionMultiplexer>(multiplexer);
        signalR.AddStackExchangeRedis(o => o.ConnectionFactory = _ => Task.FromResult<IConnectionMultiplexer>(multiplexer));
        services.AddSingleton<IRealtimeNotifier, RedisRealtimeNotifier>();
    }
}

public static class Policies
{
    public const string Staff = "Staff";
    public const string OrganizationAdmin = "OrganizationAdmin";
    public const string SystemAdmin = "SystemAdmin";
    public const string DxOffice = "DxOffice";
}
