using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Usage;
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
          usage-import FILE [--source NAME]         import a legacy system's usage from CSV (login,feature,occurred_at) as
                                                    a baseline; NAME defaults to "import", the same file twice is refused
          usage-report --from YYYY-MM-DD --to YYYY-MM-DD [--low-use-below N] [--exclude-department NAME]...
                       [--format table|csv] [--source NAME]
                                                    unused and low-use accounts per feature (low use: fewer than N uses a
                                                    year, default 50, prorated for shorter periods; table is the default)
          usage-rebuild                             recompute the usage report's daily and monthly counts from the events
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
            "usage-import" => UsageImportAsync,
            "usage-report" => UsageReportAsync,
            "usage-rebuild" => UsageRebuildAsync,
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

    /// <summary>Options given once; when one is repeated the last value counts (as these verbs always did).</summary>
    private static Dictionary<string, string> Options(string[] args, int positional, params string[] allowed) =>
        RepeatableOptions(args, positional, allowed).ToDictionary(o => o.Key, o => o.Value[^1], StringComparer.Ordinal);

    /// <summary>Every value of every option, in order, for verbs whose options may repeat (--exclude-department A --exclude-department B).</summary>
    private static Dictionary<string, List<string>> RepeatableOptions(string[] args, int positional, params string[] allowed)
    {
        if (args.Length < positional || args.Take(positional).Any(a => a.StartsWith("--", StringComparison.Ordinal)))
        {
            throw new UsageException("Missing argument.");
        }

        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = positional; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !allowed.Contains(name[2..]) || i + 1 >= args.Length)
            {
                throw new UsageException($"Unexpected argument: {name}");
            }

            if (!options.TryGetValue(name[2..], out var values))
            {
                options[name[2..]] = values = [];
            }

            values.Add(args[++i]);
        }

        return options;
    }

    /// <summary>The one value of an option that must not repeat, or null when it is absent.</summary>
    private static string? OneValue(Dictionary<string, List<string>> options, string name) =>
        !options.TryGetValue(name, out var values) ? null
        : values.Count == 1 ? values[0]
        : throw new UsageException($"--{name} can be given only once.");

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

    private static async Task<int> UsageRebuildAsync(IServiceProvider services, string[] args)
    {
        Options(args, 0);
        await MigrateOnlyAsync(services);
        await using var scope = services.CreateAsyncScope();
        var interactive = !Console.IsOutputRedirected;
        var progress = new Progress<(DateOnly Day, DateOnly Last)>(p =>
        {
            if (interactive)
            {
                Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r{p.Day:yyyy-MM-dd} / {p.Last:yyyy-MM-dd}"));
            }
        });
        var events = await UsageCounts.RebuildAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), progress);
        if (interactive)
        {
            Console.WriteLine();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Usage counts rebuilt from {events} events."));
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

    private static async Task<int> UsageImportAsync(IServiceProvider services, string[] args)
    {
        var options = Options(args, 1, "source");
        var path = args[0];
        string source;
        try
        {
            source = UsageImporter.NormalizeSource(options.GetValueOrDefault("source"));
        }
        catch (DomainException ex)
        {
            throw new UsageException(ex.Message);
        }

        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"ファイルが見つかりません: {path}");
            return 1;
        }

        await MigrateOnlyAsync(services);
        await using var scope = services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<UsageImporter>();
        UsageImportPlan plan;
        await using (var stream = File.OpenRead(path))
        {
            var (rows, errors) = UsageImporter.Parse(stream);
            plan = await importer.PlanAsync(rows, errors, source);
        }

        if (!plan.IsValid)
        {
            foreach (var error in plan.Errors)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}:{error.Line}: {error.Message}"));
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{plan.Errors.Count} 件のエラーがあるため、何も取り込みませんでした。"));
            return 1;
        }

        var result = await importer.ApplyAsync(plan, Actor.System with { Name = "usage-import" });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"取り込み完了: 利用記録 {result.Events} 件(職員 {result.Accounts} 名、機能 {result.Features} 種、取り込み元 {result.Source}、{Clock.TokyoDate(result.First!.Value):yyyy-MM-dd}〜{Clock.TokyoDate(result.Last!.Value):yyyy-MM-dd})"));
        return 0;
    }

    private static async Task<int> UsageReportAsync(IServiceProvider services, string[] args)
    {
        var options = RepeatableOptions(args, 0, "from", "to", "low-use-below", "exclude-department", "format", "source");
        var from = Date(options, "from");
        var to = Date(options, "to");
        if (from > to)
        {
            throw new UsageException("--from must not be after --to.");
        }

        var lowUseBelow = UsageReportOptions.DefaultLowUseBelow;
        if (OneValue(options, "low-use-below") is { } n)
        {
            lowUseBelow = int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= 1_000_000
                ? parsed
                : throw new UsageException("--low-use-below must be a whole number from 1 to 1000000.");
        }

        var format = OneValue(options, "format") ?? "table";
        if (format is not ("table" or "csv"))
        {
            throw new UsageException("--format must be table or csv.");
        }

        string? source = null;
        if (OneValue(options, "source") is { } s)
        {
            try
            {
                source = UsageImporter.NormalizeSource(s);
            }
            catch (DomainException ex)
            {
                throw new UsageException(ex.Message);
            }
        }

        var report = new UsageReportOptions(from, to)
        {
            LowUseBelow = lowUseBelow,
            ExcludedDepartments = options.GetValueOrDefault("exclude-department") ?? [],
            Source = source,
        };

        await MigrateOnlyAsync(services);
        await using var scope = services.CreateAsyncScope();
        UsageReport result;
        try
        {
            result = await scope.ServiceProvider.GetRequiredService<UsageReportService>().ReportAsync(report);
        }
        catch (DomainException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }

        Console.Write(format == "csv" ? UsageReportText.Csv(result) : UsageReportText.Table(result));
        return 0;
    }

    private static DateOnly Date(Dictionary<string, List<string>> options, string name) =>
        OneValue(options, name) is not { } value
            ? throw new UsageException($"usage-report needs --{name} YYYY-MM-DD.")
            : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new UsageException($"--{name} must be a date written YYYY-MM-DD: {value}");
}
