using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Usage;
using static Tsunagu.Core.Tests.Usage.UsageTestCity;

namespace Tsunagu.Core.Tests.Usage;

public sealed class UsageImportTests
{
    private const string Header = "login,feature,occurred_at";

    [Theory, DatabaseData]
    public async Task Import_WithBadLines_NamesEachLine_AndWritesNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await StaffAsync(db, [("a", "総務部/総務課"), ("b", "総務部/総務課")]);
        var csv = Header + "\r\n"
            + "a,電子メール,2020-04-01T09:00:00+09:00\r\n"   // 2 ok
            + "a,電子メール,2020-13-01T09:00:00+09:00\r\n"   // 3 no 13th month
            + "b,,2020-04-01 09:00\r\n"                       // 4 no feature
            + "ghost,掲示板,2020-04-01 09:00\r\n"             // 5 unknown login
            + "b,掲示板,2020-04-02 10:00\r\n"                 // 6 ok
            + "b,掲示板\r\n"                                  // 7 two columns
            + "b,掲示板,2020/04/02\r\n";                      // 8 not ISO 8601

        var plan = await PlanAsync(db, csv, null);

        plan.IsValid.ShouldBeFalse();
        plan.Errors.Select(e => e.Line).ShouldBe([3, 4, 5, 7, 8]);
        plan.Errors[0].Message.ShouldContain("occurred_at");
        plan.Errors[1].Message.ShouldContain("feature");
        plan.Errors[2].Message.ShouldContain("ghost");
        await Should.ThrowAsync<DomainException>(() => ApplyAsync(db, plan));
        (await db.QueryAsync(c => c.UsageEvents.CountAsync())).ShouldBe(0);
        (await db.QueryAsync(c => c.AuditEntries.CountAsync(e => e.Action == "usage.imported"))).ShouldBe(0);
    }

    [Theory]
    [InlineData("login,feature,date")]
    [InlineData("login,feature")]
    [InlineData("ログイン,機能,日時")]
    [InlineData("a,電子メール,2020-04-01T09:00:00+09:00")]
    public void Parse_WhenHeaderWrong_ReportsLine1(string header)
    {
        var (rows, errors) = UsageImporter.Parse(StaffCsv.Utf8(header + "\r\na,電子メール,2020-04-01 09:00\r\n"));

        errors.ShouldHaveSingleItem().Line.ShouldBe(1);
        errors[0].Message.ShouldContain("見出し");
        rows.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_EmptyFile_IsAnError()
    {
        var (_, errors) = UsageImporter.Parse(StaffCsv.Utf8(""));

        errors.ShouldHaveSingleItem().Message.ShouldContain("空");
    }

    [Fact]
    public void Parse_FeatureOf61Characters_IsAnError_60IsFine()
    {
        var csv = $"{Header}\r\na,{new string('機', 60)},2020-04-01 09:00\r\na,{new string('機', 61)},2020-04-01 09:00\r\n";

        var (rows, errors) = UsageImporter.Parse(StaffCsv.Utf8(csv));

        rows.ShouldHaveSingleItem().Line.ShouldBe(2);
        errors.ShouldHaveSingleItem().Line.ShouldBe(3);
    }

    [Theory]
    [InlineData("2020-04-01T09:30:00+09:00", "2020-04-01T00:30:00Z")]
    [InlineData("2020-04-01T00:30:00Z", "2020-04-01T00:30:00Z")]
    [InlineData("2020-03-31T20:30:00-04:00", "2020-04-01T00:30:00Z")]
    [InlineData("2020-04-01T09:30:00", "2020-04-01T00:30:00Z")]   // no offset: Tokyo
    [InlineData("2020-04-01 09:30", "2020-04-01T00:30:00Z")]
    [InlineData(" 2020-04-01 09:30:15.25 ", "2020-04-01T00:30:15.25Z")]
    [InlineData("2020-04-01T00:00:00", "2020-03-31T15:00:00Z")]
    public void ParseTimestamp_ReadsIso8601_AndTakesTokyoWhenThereIsNoOffset(string text, string utc)
    {
        UsageImporter.ParseTimestamp(text).ShouldBe(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
    }

    [Theory]
    [InlineData("2020-04-01")]
    [InlineData("2020/04/01 09:30")]
    [InlineData("2020-02-30T09:00:00")]
    [InlineData("2020-04-01T25:00:00")]
    [InlineData("2020-04-01T09:30:00+0900")]
    [InlineData("令和2年4月1日")]
    [InlineData("")]
    public void ParseTimestamp_WhenNotADateAndTime_IsNull(string text) =>
        UsageImporter.ParseTimestamp(text).ShouldBeNull();

    [Theory, DatabaseData]
    public async Task Import_Utf8WithBom_WritesEventsUnderTheSource_InUtc_WithAnAuditEntry(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var ids = await StaffAsync(db, [("yamada", "総務部/総務課")]);
        var csv = $"{Header}\r\n YAMADA ,\"庶務事務(勤怠管理)\",2020-04-01 09:30\r\nyamada,電子メール,2021-03-31T23:59:59+09:00\r\n";

        var plan = await db.InScopeAsync(sp =>
        {
            var (rows, errors) = UsageImporter.Parse(StaffCsv.Utf8(csv, bom: true));
            return sp.GetRequiredService<UsageImporter>().PlanAsync(rows, errors, " groupware ");
        });
        plan.Errors.ShouldBeEmpty();
        var result = await ApplyAsync(db, plan);

        result.ShouldBe(new UsageImportResult("groupware", 2, 1, 2, new DateTimeOffset(2020, 4, 1, 0, 30, 0, TimeSpan.Zero), new DateTimeOffset(2021, 3, 31, 14, 59, 59, TimeSpan.Zero)));
        var events = await db.QueryAsync(c => c.UsageEvents.OrderBy(e => e.OccurredAt).ToListAsync());
        events.Select(e => (e.AccountId, e.Feature, e.Action, e.Source, e.OccurredAt.UtcDateTime)).ShouldBe(
        [
            ((int?)ids["yamada"], "庶務事務(勤怠管理)", UsageImporter.ImportAction, "groupware", new DateTime(2020, 4, 1, 0, 30, 0, DateTimeKind.Utc)),
            (ids["yamada"], "電子メール", UsageImporter.ImportAction, "groupware", new DateTime(2021, 3, 31, 14, 59, 59, DateTimeKind.Utc)),
        ]);
        var audit = await db.QueryAsync(c => c.AuditEntries.SingleAsync(e => e.Action == "usage.imported"));
        audit.Target.ShouldBe("usage/groupware");
        audit.Details.ShouldContain("events+2");
    }

    [Theory, DatabaseData]
    public async Task Import_TheSameFileTwice_IsRefused_AnotherPeriodOrSourceImports(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        await StaffAsync(db, [("a", "総務部/総務課")]);
        var april = $"{Header}\r\na,電子メール,2020-04-01 09:00\r\na,電子メール,2020-04-30 18:00\r\n";
        var may = $"{Header}\r\na,電子メール,2020-05-01 09:00\r\n";
        await ApplyAsync(db, await PlanAsync(db, april, "groupware"));

        var again = await PlanAsync(db, april, "groupware");

        again.IsValid.ShouldBeFalse();
        again.Errors.ShouldHaveSingleItem().Message.ShouldContain("groupware");
        await ApplyAsync(db, await PlanAsync(db, may, "groupware"));
        await ApplyAsync(db, await PlanAsync(db, april, "other"));
        (await db.QueryAsync(c => c.UsageEvents.CountAsync())).ShouldBe(5);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890")]
    public void NormalizeSource_WhenEmptyOrTooLong_IsRefused(string source) =>
        Should.Throw<DomainException>(() => UsageImporter.NormalizeSource(source)).Code.ShouldBe("usage.source");

    [Fact]
    public void NormalizeSource_DefaultsToImport() =>
        UsageImporter.NormalizeSource(null).ShouldBe(UsageImporter.DefaultSource);

    private static Task<UsageImportPlan> PlanAsync(TestDatabase db, string csv, string? source) =>
        db.InScopeAsync(sp =>
        {
            var (rows, errors) = UsageImporter.Parse(StaffCsv.Utf8(csv));
            return sp.GetRequiredService<UsageImporter>().PlanAsync(rows, errors, source);
        });

    private static Task<UsageImportResult> ApplyAsync(TestDatabase db, UsageImportPlan plan) =>
        db.InScopeAsync(sp => sp.GetRequiredService<UsageImporter>().ApplyAsync(plan, Actor.System));
}
