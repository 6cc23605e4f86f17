using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Cli;

/// <summary>
/// usage-import and usage-report end to end. Six staff from import-staff (u0001–u0006; u0002 and u0005 in 市民部,
/// u0001 and u0004 in 総務部/財政課, u0003 and u0006 in 総務部/総務課) and a legacy year, fiscal 2025.
/// </summary>
public abstract class UsageCommandTests(DatabaseKind kind) : CliTestBase(kind, "usage")
{
    [Fact]
    public async Task UsageImport_ThenUsageReport_PrintsTheExactCsv()
    {
        await StaffAsync();
        var file = Write("legacy.csv", LegacyLines());

        var imported = await RunAsync("usage-import", file, "--source", "groupware");

        imported.ExitCode.ShouldBe(0, imported.Error);
        imported.Out.ShouldContain("利用記録 104 件");
        imported.Out.ShouldContain("取り込み元 groupware");

        var report = await RunAsync("usage-report", "--from", "2025-04-01", "--to", "2026-03-31", "--exclude-department", "市民部", "--format", "csv");

        report.ExitCode.ShouldBe(0, report.Error);
        report.Out.ShouldBe(
            "feature,active_accounts,unused,unused_rate,low_use,low_use_rate\r\n" +
            "掲示板,4,3,75,4,100\r\n" +
            "電子メール,4,2,50,3,75\r\n" +
            "(all features),4,1,25,3,75\r\n");
    }

    [Fact]
    public async Task UsageReport_RepeatedExcludeDepartment_LeavesOutEach()
    {
        await StaffAsync();
        (await RunAsync("usage-import", Write("legacy.csv", LegacyLines()))).ExitCode.ShouldBe(0);

        var report = await RunAsync("usage-report", "--from", "2025-04-01", "--to", "2026-03-31",
            "--exclude-department", "市民部", "--exclude-department", "総務部/財政課", "--format", "csv", "--source", "import");

        report.ExitCode.ShouldBe(0, report.Error);
        // Only u0003 (49 uses of mail) and u0006 (none) are left; 掲示板 was used by excluded staff only.
        report.Out.ShouldBe(
            "feature,active_accounts,unused,unused_rate,low_use,low_use_rate\r\n" +
            "電子メール,2,1,50,2,100\r\n" +
            "(all features),2,1,50,2,100\r\n");
    }

    [Fact]
    public async Task UsageReport_Table_HasJapaneseHeadings()
    {
        await StaffAsync();
        (await RunAsync("usage-import", Write("legacy.csv", LegacyLines()))).ExitCode.ShouldBe(0);

        var report = await RunAsync("usage-report", "--from", "2025-04-01", "--to", "2025-09-30", "--low-use-below", "100");

        report.ExitCode.ShouldBe(0, report.Error);
        report.Out.ShouldContain("対象アカウント数: 6名");
        report.Out.ShouldContain("年間 100 回未満(この期間では 50.14 回未満)");
        report.Out.ShouldContain("未利用者数(率)");
        // Over the half year the threshold is 50.14: u0001's 50 uses are low use too, so all six are; u0005 and u0006 used nothing.
        var all = report.Out.Split('\n').Single(l => l.StartsWith("(全機能)", StringComparison.Ordinal));
        string.Join(' ', all.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ShouldBe("(全機能) 6 2名 (33%) 6名 (100%)");
    }

    [Fact]
    public async Task UsageImport_MalformedFile_WritesNothing_AndNamesEachBadLine()
    {
        await StaffAsync();
        var lines = LegacyLines();
        lines[2] = "u0001,電子メール,2025-04-31 09:00";   // line 3: no 31 April
        lines[10] = "u0001,,2025-04-02 09:00";             // line 11: no feature
        lines[50] = "ghost,掲示板,2025-04-02 09:00";       // line 51: nobody of that login
        var file = Write("bad.csv", lines);

        var refused = await RunAsync("usage-import", file);

        refused.ExitCode.ShouldBe(1);
        foreach (var line in new[] { 3, 11, 51 })
        {
            refused.Error.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"{file}:{line}:"));
        }

        refused.Error.ShouldContain("ghost");
        refused.Error.ShouldContain("3 件のエラー");
        (await QueryAsync(db => db.UsageEvents.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task UsageImport_BadHeader_Is1_AndTheSameFileTwice_IsRefused()
    {
        await StaffAsync();
        var badHeader = Path.Combine(Folder, "header.csv");
        await File.WriteAllTextAsync(badHeader, "user,feature,date\r\nu0001,電子メール,2025-04-01 09:00\r\n");
        var header = await RunAsync("usage-import", badHeader);
        header.ExitCode.ShouldBe(1);
        header.Error.ShouldContain($"{badHeader}:1:");

        var file = Write("legacy.csv", LegacyLines());
        (await RunAsync("usage-import", file)).ExitCode.ShouldBe(0);
        var again = await RunAsync("usage-import", file);

        again.ExitCode.ShouldBe(1);
        again.Error.ShouldContain("二重取り込み");
        (await QueryAsync(db => db.UsageEvents.CountAsync())).ShouldBe(104);
    }

    [Theory]
    [InlineData("usage-report|--to|2026-03-31")]
    [InlineData("usage-report|--from|2025-04-01")]
    [InlineData("usage-report|--from|2025/04/01|--to|2026-03-31")]
    [InlineData("usage-report|--from|2026-04-01|--to|2026-03-31")]
    [InlineData("usage-report|--from|2025-04-01|--to|2026-03-31|--format|xml")]
    [InlineData("usage-report|--from|2025-04-01|--to|2026-03-31|--low-use-below|0")]
    [InlineData("usage-report|--from|2025-04-01|--from|2025-05-01|--to|2026-03-31")]
    [InlineData("usage-report|--from|2025-04-01|--to|2026-03-31|--colour|red")]
    [InlineData("usage-import")]
    [InlineData("usage-import|--source|x")]
    [InlineData("usage-import|file.csv|--source| ")]
    public async Task BadArguments_Are2_WithTheUsage(string arguments)
    {
        var run = await RunAsync(arguments.Split('|'));

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        run.Error.ShouldContain("usage-report --from");
    }

    [Fact]
    public async Task UsageReport_UnknownDepartment_Is1_InJapanese()
    {
        await StaffAsync();

        var run = await RunAsync("usage-report", "--from", "2025-04-01", "--to", "2026-03-31", "--exclude-department", "消防本部");

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("除外する部署「消防本部」が見つかりません");
    }

    [Fact]
    public async Task UsageImport_MissingFile_Is1()
    {
        var run = await RunAsync("usage-import", Path.Combine(Folder, "nowhere.csv"));

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("ファイルが見つかりません");
    }

    private async Task StaffAsync()
    {
        var staff = await RunAsync("import-staff", StaffFile.Write(Folder, "staff.csv", StaffFile.Rows("u", 6)));
        staff.ExitCode.ShouldBe(0, staff.Error);
    }

    /// <summary>u0001 mail ×50, u0002 mail ×3 and board ×1, u0003 mail ×49, u0004 board ×1: 104 lines after the header.</summary>
    private static List<string> LegacyLines()
    {
        var lines = new List<string> { "login,feature,occurred_at" };
        void Add(string login, string feature, int count)
        {
            var first = new DateOnly(2025, 4, 1);
            for (var i = 0; i < count; i++)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{login},{feature},{first.AddDays(i * 3):yyyy-MM-dd}T09:00:00+09:00"));
            }
        }

        Add("u0001", "電子メール", 50);
        Add("u0002", "電子メール", 3);
        Add("u0002", "掲示板", 1);
        Add("u0003", "電子メール", 49);
        Add("u0004", "掲示板", 1);
        return lines;
    }

    /// <summary>UTF-8 with BOM, as Excel saves it.</summary>
    private string Write(string name, List<string> lines)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n", new UTF8Encoding(true));
        return path;
    }

}

[Collection(CommandLineDefinition.Name)]
public sealed class UsageCommandTests_Sqlite() : UsageCommandTests(DatabaseKind.Sqlite);

[Collection(CommandLineDefinition.Name)]
public sealed class UsageCommandTests_PostgreSql() : UsageCommandTests(DatabaseKind.PostgreSql);
