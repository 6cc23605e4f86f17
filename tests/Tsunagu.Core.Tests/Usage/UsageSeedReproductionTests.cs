using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Usage;
using static Tsunagu.Core.Tests.Usage.UsageTestCity;

namespace Tsunagu.Core.Tests.Usage;

/// <summary>
/// The seed city's measurement of its old groupware (seed/setouchi-dx-strategy-r3.txt, 利用状況サマリ): 605 counted
/// accounts once the fire department and the hospital (223) are left out. A legacy year is generated so that each
/// feature has exactly the seed's unused and low-use accounts, imported through the CSV importer, and reported.
/// </summary>
public sealed class UsageSeedReproductionTests
{
    private const int Counted = 605;
    private const int Firefighters = 150;
    private const int HospitalStaff = 73;
    private const int NoUseAtAll = 75;
    private const string Mail = "電子メール";

    // feature, unused (rate), low use (rate), as the seed prints them.
    private static readonly (string Feature, int Unused, int UnusedRate, int LowUse, int LowUseRate)[] Seed =
    [
        (Mail, 78, 13, 185, 31),
        ("掲示板", 97, 16, 199, 33),
        ("施設予約", 197, 33, 366, 60),
        ("スケジュール", 264, 44, 557, 92),
        ("三役", 306, 51, 558, 92),
        ("電子会議室", 461, 76, 604, 100),
        ("回覧板", 258, 43, 489, 81),
        ("電子決裁", 281, 46, 496, 82),
        ("庶務事務(勤怠管理)", 119, 20, 251, 41),
    ];

    private static readonly DateOnly FiscalYearStart = new(2020, 4, 1);

    [Theory, DatabaseData]
    public async Task SeedTable_ImportedAsABaseline_IsReproducedByTheReport(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        string[] departments = ["総務部/総務課", "市民部/市民課/住民係", "産業建設部/建設課"];
        var staff = Enumerable.Range(0, Counted).Select(i => (Login(i), departments[i % departments.Length]))
            .Concat(Enumerable.Range(0, Firefighters).Select(i => (Other("f", i), i % 3 == 0 ? "消防本部" : "消防本部/消防署/警防課")))
            .Concat(Enumerable.Range(0, HospitalStaff).Select(i => (Other("h", i), "市民病院/医事課")));
        await StaffAsync(db, staff);
        var (csv, totals) = LegacyYear();

        var result = await db.InScopeAsync(async sp =>
        {
            var importer = sp.GetRequiredService<UsageImporter>();
            var (rows, errors) = UsageImporter.Parse(new MemoryStream(new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray()));
            var plan = await importer.PlanAsync(rows, errors, "groupware");
            plan.Errors.ShouldBeEmpty();
            return await importer.ApplyAsync(plan, Actor.System);
        });
        result.Accounts.ShouldBe(Counted + Firefighters + HospitalStaff - NoUseAtAll + 1); // + account 0, outside the year only

        var report = await ReportAsync(db, new UsageReportOptions(FiscalYearStart, new DateOnly(2021, 3, 31))
        {
            ExcludedDepartments = ["消防本部", "市民病院"],
            Source = "groupware",
            Features = Seed.Select(s => s.Feature).ToList(),
        });

        report.ActiveAccounts.ShouldBe(Counted);
        report.Features.Select(r => r.Feature).ShouldBe(Seed.Select(s => s.Feature)); // 消防指令 was used by excluded staff only
        foreach (var (feature, unused, unusedRate, lowUse, lowUseRate) in Seed)
        {
            report.Row(feature).ShouldBe(new UsageReportRow(feature, Counted, unused, unusedRate, lowUse, lowUseRate));
        }

        // The seed's 全機能未利用者数 75 (12%). Low use of everything: the accounts whose total is below 50, counted
        // from the generated file (0–181: low in every feature; nobody else is low in all nine).
        var allLow = totals.Count(t => t < 50);
        allLow.ShouldBe(182);
        report.AllFeatures.ShouldBe(new UsageReportRow(UsageReport.AllFeaturesName, Counted, NoUseAtAll, 12, allLow, 30));
    }

    /// <summary>
    /// Per feature, the counted accounts in an order: the first <c>unused</c> have no event, the next up to <c>low use</c>
    /// have one, the rest exactly 50. Accounts 0–74 come first for every feature, so they are the 75 who used nothing;
    /// 電子メール (78 unused) takes its other three from the end of the list, so 75–77 use mail and nothing is unused by
    /// more than those 75. Excluded staff get a mail and a 消防指令 event each, and account 0 two events just outside the year.
    /// </summary>
    private static (string Csv, int[] Totals) LegacyYear()
    {
        var totals = new int[Counted];
        var csv = new StringBuilder("login,feature,occurred_at\r\n");
        for (var f = 0; f < Seed.Length; f++)
        {
            var (feature, unused, _, lowUse, _) = Seed[f];
            var order = feature == Mail
                ? Enumerable.Range(0, NoUseAtAll).Concat(Enumerable.Range(Counted - 3, 3)).Concat(Enumerable.Range(NoUseAtAll, Counted - 3 - NoUseAtAll)).ToArray()
                : Enumerable.Range(0, Counted).ToArray();
            for (var position = unused; position < Counted; position++)
            {
                var account = order[position];
                var uses = position < lowUse ? 1 : 50;
                totals[account] += uses;
                for (var k = 0; k < uses; k++)
                {
                    var day = FiscalYearStart.AddDays(((account * 7) + (f * 11) + (k * 7)) % 365);
                    var hour = 8 + (k % 10);
                    // Half the lines carry an offset; the others are Tokyo wall-clock time, as the importer assumes.
                    var at = (account + k) % 2 == 0
                        ? string.Create(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd}T{hour:00}:15:00+09:00")
                        : string.Create(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd} {hour:00}:15");
                    csv.Append(CultureInfo.InvariantCulture, $"{Login(account)},{feature},{at}\r\n");
                }
            }
        }

        for (var i = 0; i < Firefighters + HospitalStaff; i++)
        {
            var login = i < Firefighters ? Other("f", i) : Other("h", i - Firefighters);
            csv.Append(CultureInfo.InvariantCulture, $"{login},{Mail},2020-06-01T10:00:00+09:00\r\n");
            csv.Append(CultureInfo.InvariantCulture, $"{login},消防指令,2020-06-02 10:00\r\n");
        }

        csv.Append(CultureInfo.InvariantCulture, $"{Login(0)},{Mail},2020-03-31T23:59:59+09:00\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"{Login(0)},{Mail},2021-04-01 00:00\r\n");
        return (csv.ToString(), totals);
    }

    private static string Other(string prefix, int i) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:0000}");
}
