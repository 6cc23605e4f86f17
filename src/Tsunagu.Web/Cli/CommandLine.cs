using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Cli;

/// <summary>
/// Administrative verbs: <c>dotnet run --project src/Tsunagu.Web -- VERB</c>. They use the same configuration
/// (appsettings, Tsunagu__* and ConnectionStrings__* environment variables) as the app.
/// Exit codes: 0 success, 1 the operation failed or found a problem, 2 usage error.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        つなぐ Tsunagu — commands

          dotnet run --project src/Tsunagu.Web                      start the app (http://localhost:5080)
          dotnet run --project src/Tsunagu.Web -- VERB [options]

        Verbs:
          migrate                                   apply database migrations and standard setup
          seed-demo                                 fill an empty database with the demo city
          import-staff FILE [--encoding shift_jis]  import staff from CSV (login,name,kana,department,position,email)
          create-token --login L --name N [--days D]
                                                    create a personal access token (printed once)
          audit-verify                              verify the audit log's hash chain
          reindex                                   rebuild the search index from the database (the app may keep running)
          help                                      show this text

        Settings come from appsettings.json and environment variables, e.g. Tsunagu__DataPath,
        Database__Provider=PostgreSql with ConnectionStrings__Tsunagu.
        """;

    public static async Task<int> RunAsync(string verb, string[] args)
    {
        if (verb is "help" or "--help" or "-h")
        {
            Console.WriteLine(Usage);
            return 0;
        }

        Func<IServiceProvider, string[], Task<int>>? command = verb switch
        {
            "migrate" => MigrateAsync,
            "seed-demo" => SeedDemoAsync,
            "import-staff" => ImportStaffAsync,
            "create-token" => CreateTokenAsync,
            "audit-verify" => AuditVerifyAsync,
            "reindex" => ReindexAsync,
            _ => null,
        };
        if (command is null)
        {
            return UsageError($"Unknown command: {verb}");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddTsunagu();
        await using var app = builder.Build();
        try
        {
            return await command(app.Services, args);
        }
        catch (UsageException ex)
        {
            return UsageError(ex.Message);
        }
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine();
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private sealed class UsageException(string message) : Exception(message);

    private static Dictionary<string, string> Options(string[] args, int positional, params string[] allowed)
    {
        if (args.Length < positional)
        {
            throw new UsageException("Missing argument.");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = positional; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !allowed.Contains(name[2..]) || i + 1 >= args.Length)
            {
                throw new UsageException($"Unexpected argument: {name}");
            }

            options[name[2..]] = args[++i];
        }

        return options;
    }

    private static async Task MigrateOnlyAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<OrganizationService>().EnsureStandardSetupAsync();
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, string[] args)
    {
        Options(args, 0);
        await MigrateOnlyAsync(services);
        Console.WriteLine("Migrations applied.");
        return 0;
    }

    private static async Task<int> SeedDemoAsync(IServiceProvider services, string[] args)
    {
        Options(args, 0);
        await MigrateOnlyAsync(services);
        await using var scope = services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<DemoCitySeeder>().SeedAsync();
        }
        catch (DomainException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }

        Console.WriteLine($"Demo city seeded: {DemoCityData.Staff.Count} staff. Sign in as {DemoCityData.AdminLogin} / {DemoCitySeeder.DemoPassword}.");
        return 0;
    }

    private static async Task<int> ImportStaffAsync(IServiceProvider services, string[] args)
    {
        var options = Options(args, 1, "encoding");
        var path = args[0];
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"ファイルが見つかりません: {path}");
            return 1;
        }

        System.Text.Encoding encoding;
        try
        {
            encoding = StaffImporter.ResolveEncoding(options.GetValueOrDefault("encoding"));
        }
        catch (DomainException ex)
        {
            throw new UsageException(ex.Message);
        }

        await MigrateOnlyAsync(services);
        await using var scope = services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<StaffImporter>();
        await using var stream = File.OpenRead(path);
        var (rows, errors) = StaffImporter.Parse(stream, encoding);
        var plan = await importer.PlanAsync(rows, errors);
        if (!plan.IsValid)
        {
            foreach (var error in plan.Errors)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}:{error.Line}: {error.Message}"));
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{plan.Errors.Count} 件のエラーがあるため、何も取り込みませんでした。"));
            return 1;
        }

        var result = await importer.ApplyAsync(plan, Actor.System with { Name = "import-staff" });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"取り込み完了: 職員 新規 {result.StaffCreated} / 更新 {result.StaffUpdated} / 変更なし {result.Unchanged}、部署 新規 {result.DepartmentsCreated}"));
        return 0;
    }

    private static async Task<int> CreateTokenAsync(IServiceProvider services, string[] args)
    {
        var options = Options(args, 0, "login", "name", "days");
        if (!options.TryGetValue("login", out var login) || !options.TryGetValue("name", out var name))
        {
            throw new UsageException("create-token needs --login and --name.");
        }

        int? days = null;
        if (options.TryGetValue("days", out var d))
        {
            days = int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 3650
                ? parsed
                : throw new UsageException("--days must be a whole number from 1 to 3650.");
        }

        await MigrateOnlyAsync(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var normalised = login.Trim().ToLowerInvariant();
        var account = await db.Users.SingleOrDefaultAsync(a => a.UserName == normalised);
        if (account is null || !account.IsActive)
        {
            Console.Error.WriteLine($"有効なアカウントがありません: {login}");
            return 1;
        }

        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        try
        {
            var token = await scope.ServiceProvider.GetRequiredService<AccessTokenService>()
                .CreateAsync(account.Id, name, days is null ? null : clock.GetUtcNow().AddDays(days.Value), Actor.System with { Name = "create-token" });
            Console.WriteLine(token.Secret);
            return 0;
        }
        catch (DomainException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static async Task<int> ReindexAsync(IServiceProvider services, string[] args)
    {
        Options(args, 0);
        await MigrateOnlyAsync(services);
        var interactive = !Console.IsOutputRedirected;
        var progress = new Progress<(int Done, int Total)>(p =>
        {
            const int width = 30;
            var filled = p.Total == 0 ? width : (int)((long)p.Done * width / p.Total);
            var line = string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', width - filled)}] {p.Done}/{p.Total}");
            if (interactive)
            {
                Console.Write("\r" + line);
            }
        });
        var count = await services.GetRequiredService<Tsunagu.Core.Search.SearchRebuilder>().RebuildAsync(progress);
        if (interactive)
        {
            Console.WriteLine();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Search index rebuilt: {count} entries."));
        return 0;
    }

    private static async Task<int> AuditVerifyAsync(IServiceProvider services, string[] args)
    {
        Options(args, 0);
        await MigrateOnlyAsync(services);
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync();
        if (result.Intact)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Audit log intact: {result.EntriesChecked} entries verified."));
            return 0;
        }

        if (result.BrokenSequence is not null)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Audit log BROKEN at entry sequence {result.BrokenSequence} (id {result.BrokenId}): {result.Reason}"));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.EntriesChecked} entries before it verified."));
        }
        else
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Audit chain intact ({result.EntriesChecked} entries), but records no longer match their evidence:"));
        }

        foreach (var problem in result.EvidenceProblems)
        {
            Console.Error.WriteLine($"  {problem}");
        }

        return 1;
    }
}
