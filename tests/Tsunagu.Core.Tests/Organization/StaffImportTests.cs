using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Organization;

public sealed class StaffImportTests
{
    private static readonly Actor Admin = new(null, "admin", "192.0.2.1");

    // Lines in the file (header = line 1, row i of the list = line i + 2) of the three bad rows.
    private static readonly int[] BadLines = [101, 402, 803];

    [Theory, DatabaseData]
    public async Task Import_WhenThreeOf803RowsAreBad_NamesExactlyThoseLines_AndWritesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var before = await CountsAsync(db);

        var (plan, _) = await PlanAsync(db, StaffCsv.Utf8(StaffCsv.Build(RowsWithThreeBad())), "utf-8");

        plan.IsValid.ShouldBeFalse();
        plan.Errors.Select(e => e.Line).ShouldBe(BadLines);
        plan.Errors[0].Message.ShouldContain("login");
        plan.Errors[1].Message.ShouldContain("大臣");
        plan.Errors[2].Message.ShouldContain("email");
        await Should.ThrowAsync<DomainException>(() => ApplyAsync(db, plan));
        (await CountsAsync(db)).ShouldBe(before);
    }

    [Theory, DatabaseData]
    public async Task Import_WhenFileFixed_ImportsAll803_AndReimportChangesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var csv = StaffCsv.Build(StaffCsv.Rows(803));

        var (plan, _) = await PlanAsync(db, StaffCsv.Utf8(csv), "utf-8");
        plan.Errors.ShouldBeEmpty();
        plan.NewStaff.Count.ShouldBe(803);
        var result = await ApplyAsync(db, plan);

        result.StaffCreated.ShouldBe(803);
        result.StaffUpdated.ShouldBe(0);
        result.DepartmentsCreated.ShouldBe(16); // 8 leaf paths and their 8 missing ancestors
        var counts = await CountsAsync(db);
        counts.Users.ShouldBe(803);
        var staffRole = await db.QueryAsync(c => c.Roles.Where(r => r.Name == Roles.Staff).Select(r => r.Id).SingleAsync());
        (await db.QueryAsync(c => c.UserRoles.CountAsync(r => r.RoleId == staffRole))).ShouldBe(803);
        var row = StaffCsv.Row(417);
        var imported = await db.QueryAsync(c => c.Users.Include(a => a.Department).Include(a => a.Position).SingleAsync(a => a.UserName == row[0]));
        imported.DisplayName.ShouldBe(row[1]);
        imported.Kana.ShouldBe(row[2]);
        imported.Department!.Path.ShouldBe(row[3]);
        imported.Position!.Name.ShouldBe(row[4]);
        imported.Email.ShouldBe(row[5]);
        imported.NormalizedUserName.ShouldBe(row[0].ToUpperInvariant());

        var (again, _) = await PlanAsync(db, StaffCsv.Utf8(csv), "utf-8");
        var second = await ApplyAsync(db, again);

        second.ShouldBe(new StaffImportResult(0, 0, 0, 803));
        (await CountsAsync(db)).ShouldBe(counts);
    }

    [Theory, DatabaseData]
    public async Task Import_WhenOneRowChanged_UpdatesOnlyThatAccount(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var rows = StaffCsv.Rows(20);
        await ImportAsync(db, StaffCsv.Build(rows));
        var audited = await db.QueryAsync(c => c.AuditEntries.CountAsync());

        rows[4] = [rows[4][0], rows[4][1], rows[4][2], "総務部/新設課", "係長", ""];
        var (plan, _) = await PlanAsync(db, StaffCsv.Utf8(StaffCsv.Build(rows)), "utf-8");
        var result = await ApplyAsync(db, plan);

        result.ShouldBe(new StaffImportResult(1, 0, 1, 19));
        var account = await db.QueryAsync(c => c.Users.Include(a => a.Department).Include(a => a.Position).SingleAsync(a => a.UserName == rows[4][0]));
        account.Department!.Path.ShouldBe("総務部/新設課");
        account.Position!.Name.ShouldBe("係長");
        account.Email.ShouldBeNull();
        (await db.QueryAsync(c => c.AuditEntries.CountAsync())).ShouldBe(audited + 1);
    }

    [Theory, DatabaseData]
    public async Task Import_ShiftJisFile_WithShiftJisEncoding_KeepsJapaneseNames(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var csv = StaffCsv.Build(
        [
            ["watanabe.mariko", "渡邊\u3000真理子", "わたなべ まりこ", "市民部/市民課/戸籍係", "主任", "watanabe.mariko@city.example.jp"],
            ["saito.ryo", "齋藤\u3000涼", "サイトウ リョウ", "市民部/市民課/戸籍係", "主事", ""],
        ]);

        var (plan, _) = await PlanAsync(db, StaffCsv.ShiftJis(csv), "shift_jis");
        plan.Errors.ShouldBeEmpty();
        await ApplyAsync(db, plan);

        var names = await db.QueryAsync(c => c.Users.OrderBy(a => a.UserName).Select(a => new { a.DisplayName, a.Kana, Department = a.Department!.Path }).ToListAsync());
        names.Select(n => n.DisplayName).ShouldBe(["齋藤\u3000涼", "渡邊\u3000真理子"]);
        names.Select(n => n.Kana).ShouldBe(["サイトウ リョウ", "わたなべ まりこ"]);
        names.ShouldAllBe(n => n.Department == "市民部/市民課/戸籍係");
    }

    [Fact]
    public void Parse_ShiftJisFileReadAsUtf8_IsAnError_NotMojibake()
    {
        var csv = StaffCsv.Build([["watanabe.mariko", "渡邊\u3000真理子", "わたなべ まりこ", "市民部/市民課", "主任", ""]]);

        var (rows, errors) = StaffImporter.Parse(StaffCsv.ShiftJis(csv), StaffImporter.ResolveEncoding("utf-8"));

        errors.ShouldHaveSingleItem().Message.ShouldContain("shift_jis");
        rows.ShouldAllBe(r => !r.Name.Contains('\uFFFD') && !r.Name.Contains("渡邊"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("utf-8")]
    [InlineData("UTF8")]
    public void Parse_Utf8WithBom_ReadsHeaderAndNames(string? encoding)
    {
        var csv = StaffCsv.Build([["yamada.taro", "山田\u3000太郎", "やまだ たろう", "総務部/総務課", "主事", ""]]);

        var (rows, errors) = StaffImporter.Parse(StaffCsv.Utf8(csv, bom: true), StaffImporter.ResolveEncoding(encoding));

        errors.ShouldBeEmpty();
        rows.ShouldHaveSingleItem().ShouldBe(new StaffRow(2, "yamada.taro", "山田\u3000太郎", "やまだ たろう", "総務部/総務課", "主事", ""));
    }

    [Fact]
    public void ResolveEncoding_WhenUnknown_IsRefused()
    {
        Should.Throw<DomainException>(() => StaffImporter.ResolveEncoding("euc-jp")).Code.ShouldBe("import.encoding");
        StaffImporter.ResolveEncoding("SJIS").CodePage.ShouldBe(932);
    }

    [Theory]
    [InlineData("login,name,kana,dept,position,email")]
    [InlineData("login,name,kana,department,position")]
    [InlineData("氏名,ふりがな,所属,職位,メール,ログイン")]
    public void Parse_WhenHeaderWrong_ReportsLine1(string header)
    {
        var csv = StaffCsv.Build(StaffCsv.Rows(3), header);

        var (rows, errors) = StaffImporter.Parse(StaffCsv.Utf8(csv), Encoding.UTF8);

        errors.ShouldHaveSingleItem().Line.ShouldBe(1);
        errors[0].Message.ShouldContain("見出し");
        rows.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_WhenRowHasWrongNumberOfColumns_NamesItsLine()
    {
        var csv = StaffCsv.Header + "\r\n" + string.Join(',', StaffCsv.Row(1)) + "\r\nsato,佐藤,さとう,総務部\r\n";

        var (rows, errors) = StaffImporter.Parse(StaffCsv.Utf8(csv), Encoding.UTF8);

        rows.Select(r => r.Line).ShouldBe([2]);
        errors.ShouldHaveSingleItem().Line.ShouldBe(3);
    }

    [Fact]
    public void Parse_WhenQuoteNeverClosed_IsAnError()
    {
        var csv = StaffCsv.Header + "\r\n" + "yamada,\"山田 太郎,やまだ,総務部,主事,\r\n";

        var (_, errors) = StaffImporter.Parse(StaffCsv.Utf8(csv), Encoding.UTF8);

        errors.ShouldHaveSingleItem().Message.ShouldContain("2 行目");
    }

    [Theory, DatabaseData]
    public async Task Plan_WhenPositionUnknown_NamesLineAndPosition(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var rows = StaffCsv.Rows(3);
        rows[1][4] = "名誉市民";

        var (plan, _) = await PlanAsync(db, StaffCsv.Utf8(StaffCsv.Build(rows)), null);

        var error = plan.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(3);
        error.Message.ShouldContain("名誉市民");
    }

    [Theory, DatabaseData]
    public async Task Plan_WhenLoginRepeatedInFile_NamesBothLines(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var rows = StaffCsv.Rows(10);
        rows[7][0] = "STAFF0003"; // staff0003 is on line 4; the same login once lower-cased

        var (plan, _) = await PlanAsync(db, StaffCsv.Utf8(StaffCsv.Build(rows)), null);

        var error = plan.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(9);
        error.Message.ShouldContain("staff0003");
        error.Message.ShouldContain("4 行目");
    }

    [Theory, DatabaseData]
    public async Task Import_WhenDepartmentPathIsNew_CreatesTheMissingDepartmentUnderItsParent(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var somu = await db.InScopeAsync(sp => sp.GetRequiredService<OrganizationService>().CreateDepartmentAsync("総務部", "部", null, Admin));
        var csv = StaffCsv.Build([["kimura.ken", "木村\u3000健", "きむら けん", " 総務部 / 新設課 ", "主事", ""]]);

        var (plan, _) = await PlanAsync(db, StaffCsv.Utf8(csv), null);
        plan.NewDepartments.ShouldBe(["総務部/新設課"]);
        var result = await ApplyAsync(db, plan);

        result.DepartmentsCreated.ShouldBe(1);
        var created = await db.QueryAsync(c => c.Departments.SingleAsync(d => d.Path == "総務部/新設課"));
        created.ParentId.ShouldBe(somu.Id);
        created.Name.ShouldBe("新設課");
        created.Kind.ShouldBe("課");
        (await db.QueryAsync(c => c.Departments.CountAsync())).ShouldBe(2);
        (await db.QueryAsync(c => c.Users.Where(a => a.UserName == "kimura.ken").Select(a => a.DepartmentId).SingleAsync())).ShouldBe(created.Id);
    }

    [Theory, DatabaseData]
    public async Task Import_QuotedFieldsWithCommasAndNewlines_KeepPhysicalLineNumbers(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var csv =
            "login,name,kana,department,position,email\r\n" +
            "yamada.taro,\"山田, 太郎\",やまだ たろう,総務部/総務課,主事,\r\n" +
            "suzuki.hanako,\"鈴木\r\n花子\",すずき はなこ,\"総務部/総務課\",\"主任\",\"suzuki@city.example.jp\"\r\n" +
            "sato.ichiro,\"佐藤 \"\"一郎\"\"\",さとう いちろう,総務部/総務課,大臣,\r\n" +
            "tanaka.jiro,田中 次郎,たなか じろう,総務部/総務課,主事,not-an-email\r\n";

        var (plan, rows) = await PlanAsync(db, StaffCsv.Utf8(csv), null);

        rows.Select(r => r.Line).ShouldBe([2, 3, 5, 6]);
        rows[0].Name.ShouldBe("山田, 太郎");
        rows[1].Name.ShouldBe("鈴木\r\n花子");
        rows[2].Name.ShouldBe("佐藤 \"一郎\"");
        plan.Errors.Select(e => e.Line).ShouldBe([5, 6]);
    }

    private static List<string[]> RowsWithThreeBad()
    {
        var rows = StaffCsv.Rows(803);
        rows[BadLines[0] - 2][0] = "Yamada Taro!";
        rows[BadLines[1] - 2][4] = "大臣";
        rows[BadLines[2] - 2][5] = "not-an-email";
        return rows;
    }

    private static Task<(StaffImportPlan Plan, List<StaffRow> Rows)> PlanAsync(TestDatabase db, Stream file, string? encoding) =>
        db.InScopeAsync(async sp =>
        {
            var (rows, errors) = StaffImporter.Parse(file, StaffImporter.ResolveEncoding(encoding));
            return (await sp.GetRequiredService<StaffImporter>().PlanAsync(rows, errors), rows);
        });

    private static Task<StaffImportResult> ApplyAsync(TestDatabase db, StaffImportPlan plan) =>
        db.InScopeAsync(sp => sp.GetRequiredService<StaffImporter>().ApplyAsync(plan, Admin));

    private static async Task ImportAsync(TestDatabase db, string csv)
    {
        var (plan, _) = await PlanAsync(db, StaffCsv.Utf8(csv), null);
        plan.Errors.ShouldBeEmpty();
        await ApplyAsync(db, plan);
    }

    private static Task<(int Users, int Departments, int UserRoles, int Audit)> CountsAsync(TestDatabase db) =>
        db.QueryAsync(async (AppDbContext c) => (
            await c.Users.CountAsync(),
            await c.Departments.CountAsync(),
            await c.UserRoles.CountAsync(),
            await c.AuditEntries.CountAsync()));
}
