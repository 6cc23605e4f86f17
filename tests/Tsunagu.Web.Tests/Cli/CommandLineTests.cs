using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Text;
using Tsunagu.Web.Features.Api;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Cli;

/// <summary>
/// The CLI verbs read their settings from environment variables, which belong to the whole process: these tests
/// run alone, after every other collection, and put the variables back afterwards.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CommandLineDefinition
{
    public const string Name = "Command line (process environment)";
}

public sealed record CliRun(int ExitCode, string Out, string Error);

/// <summary>import-staff, create-token, audit-verify and friends, each test on a database of its own.</summary>
public abstract class CommandLineTests(DatabaseKind kind) : CliTestBase(kind, "cli")
{
    [Fact]
    public async Task UnknownVerb_Is2_WithTheUsage()
    {
        var run = await RunAsync("frobnicate");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("Unknown command: frobnicate");
        run.Error.ShouldContain("import-staff");
    }

    [Fact]
    public async Task Help_Is0()
    {
        var run = await RunAsync("help");
        run.ExitCode.ShouldBe(0);
        run.Out.ShouldContain("audit-verify");
    }

    [Fact]
    public async Task ImportStaff_WithBadRows_ImportsNothing_AndNamesEachBadLine_ThenTheFixedFileImportsEveryRow()
    {
        var rows = StaffFile.Rows("cli", 803);
        var good = rows.Select(r => r.ToArray()).ToList();
        rows[99][4] = "社長";          // an unknown position, line 101
        rows[399][1] = "";             // no name, line 401
        rows[749][0] = "Bad Login!";   // not a login, line 751
        var bad = StaffFile.Write(Folder, "bad.csv", rows);

        var refused = await RunAsync("import-staff", bad);

        refused.ExitCode.ShouldBe(1);
        foreach (var line in new[] { 101, 401, 751 })
        {
            refused.Error.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"{bad}:{line}:"));
        }

        refused.Error.ShouldContain("3 件のエラー");
        (await CountAsync(db => db.Users.CountAsync())).ShouldBe(0);
        (await CountAsync(db => db.Departments.CountAsync())).ShouldBe(0);
        (await CountAsync(db => db.AuditEntries.CountAsync(e => e.Action == "staff.imported"))).ShouldBe(0);

        var fixedFile = StaffFile.Write(Folder, "fixed.csv", good);
        var imported = await RunAsync("import-staff", fixedFile);

        imported.ExitCode.ShouldBe(0, imported.Error);
        imported.Out.ShouldContain("新規 803");
        (await CountAsync(db => db.Users.CountAsync())).ShouldBe(803);
        (await CountAsync(db => db.UserRoles.CountAsync())).ShouldBe(803);
        (await CountAsync(db => db.Users.CountAsync(a => a.UserName == "cli0100" && a.Position!.Name == "主事" && a.Department!.Path == "総務部/財政課"))).ShouldBe(1);
    }

    [Fact]
    public async Task ImportStaff_TheSameFileAgain_ChangesNothing()
    {
        var file = StaffFile.Write(Folder, "staff.csv", StaffFile.Rows("again", 50));
        (await RunAsync("import-staff", file)).ExitCode.ShouldBe(0);
        var auditBefore = await CountAsync(db => db.AuditEntries.CountAsync());

        var rerun = await RunAsync("import-staff", file);

        rerun.ExitCode.ShouldBe(0, rerun.Error);
        rerun.Out.ShouldContain("新規 0 / 更新 0 / 変更なし 50");
        (await CountAsync(db => db.Users.CountAsync())).ShouldBe(50);
        (await CountAsync(db => db.AuditEntries.CountAsync())).ShouldBe(auditBefore);
    }

    [Fact]
    public async Task ImportStaff_ShiftJisFile_NeedsTheEncodingOption()
    {
        var file = StaffFile.Write(Folder, "sjis.csv", StaffFile.Rows("sjis", 12), CsvText.ShiftJis);

        var asUtf8 = await RunAsync("import-staff", file);
        asUtf8.ExitCode.ShouldBe(1);
        asUtf8.Error.ShouldContain("shift_jis");
        (await CountAsync(db => db.Users.CountAsync())).ShouldBe(0);

        var asShiftJis = await RunAsync("import-staff", file, "--encoding", "shift_jis");
        asShiftJis.ExitCode.ShouldBe(0, asShiftJis.Error);
        (await CountAsync(db => db.Users.CountAsync())).ShouldBe(12);
        var name = await QueryAsync(db => db.Users.Where(a => a.UserName == "sjis0002").Select(a => a.DisplayName + "/" + a.Kana).SingleAsync());
        name.ShouldBe("難波\u3000太郎/なんば たろう");
    }

    [Fact]
    public async Task ImportStaff_WithAnUnknownEncoding_IsAUsageError()
    {
        var file = StaffFile.Write(Folder, "staff.csv", StaffFile.Rows("enc", 2));
        (await RunAsync("import-staff", file, "--encoding", "ebcdic")).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task CreateToken_PrintsATokenThatWorksAsBearer()
    {
        (await RunAsync("seed-demo")).ExitCode.ShouldBe(0);

        var run = await RunAsync("create-token", "--login", DemoCityData.AdminLogin, "--name", "ci");

        run.ExitCode.ShouldBe(0, run.Error);
        var token = run.Out.Trim();
        token.ShouldStartWith("tsn_");
        await using var factory = new TsunaguFactory(TsunaguFactory.Settings(Kind, Folder, ConnectionString, demo: false));
        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var me = await api.GetFromJsonAsync<MeDto>(new Uri("/api/v1/me", UriKind.Relative));
        me!.Login.ShouldBe(DemoCityData.AdminLogin);
        me.Roles.ShouldContain(Tsunagu.Core.Identity.Roles.SystemAdministrator);
    }

    [Fact]
    public async Task CreateToken_ForAnUnknownLogin_Is1()
    {
        (await RunAsync("migrate")).ExitCode.ShouldBe(0);
        var run = await RunAsync("create-token", "--login", "nobody", "--name", "ci");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldNotContain("tsn_");
    }

    [Fact]
    public async Task SeedDemo_OnADatabaseWithPeople_Is1()
    {
        (await RunAsync("seed-demo")).ExitCode.ShouldBe(0);
        (await RunAsync("seed-demo")).ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task AuditVerify_IsIntact_UntilOneByteOfOneEntryChanges_ThenNamesThatEntry()
    {
        foreach (var batch in new[] { "a", "b", "c" })
        {
            (await RunAsync("import-staff", StaffFile.Write(Folder, $"{batch}.csv", StaffFile.Rows(batch, 3)))).ExitCode.ShouldBe(0);
        }

        var intact = await RunAsync("audit-verify");
        intact.ExitCode.ShouldBe(0, intact.Error);
        intact.Out.ShouldContain("intact: 3 entries");

        var second = await QueryAsync(db => db.AuditEntries.Where(e => e.Sequence == 2).Select(e => new { e.Id, e.Sequence }).SingleAsync());
        await QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE \"AuditEntries\" SET \"Details\" = replace(\"Details\", 'staff+3', 'staff+4') WHERE \"Id\" = {0}", second.Id));

        var broken = await RunAsync("audit-verify");

        broken.ExitCode.ShouldBe(1);
        broken.Error.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"sequence {second.Sequence} (id {second.Id})"));
    }

    /// <summary>A count, or 0 when the verb never got as far as creating the tables.</summary>
    private Task<int> CountAsync(Func<AppDbContext, Task<int>> query) => QueryAsync(query);
}

[Collection(CommandLineDefinition.Name)]
public sealed class CommandLineTests_Sqlite() : CommandLineTests(DatabaseKind.Sqlite);

[Collection(CommandLineDefinition.Name)]
public sealed class CommandLineTests_PostgreSql() : CommandLineTests(DatabaseKind.PostgreSql);
