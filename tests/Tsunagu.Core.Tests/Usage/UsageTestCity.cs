using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Tests.Usage;

/// <summary>Staff, events and reports for the usage tests; staff come in through the staff importer (it is quick for hundreds).</summary>
public static class UsageTestCity
{
    /// <summary>Fiscal year 2025 (令和7年度): 365 days, so the threshold is exactly N.</summary>
    public static readonly DateOnly From = new(2025, 4, 1);

    public static readonly DateOnly To = new(2026, 3, 31);

    /// <summary>Creates staff (login, department path) and their departments; returns login → account id.</summary>
    public static async Task<Dictionary<string, int>> StaffAsync(TestDatabase db, IEnumerable<(string Login, string Department)> staff)
    {
        var rows = staff.Select(s => new[] { s.Login, $"職員\u3000{s.Login}", "しょくいん", s.Department, "主事", "" }).ToList();
        await db.InScopeAsync(async sp =>
        {
            var importer = sp.GetRequiredService<StaffImporter>();
            var (parsed, errors) = StaffImporter.Parse(StaffCsv.Utf8(StaffCsv.Build(rows)), StaffImporter.ResolveEncoding(null));
            var plan = await importer.PlanAsync(parsed, errors);
            plan.Errors.ShouldBeEmpty();
            await importer.ApplyAsync(plan, Actor.System);
        });
        return await db.QueryAsync(c => c.Users.ToDictionaryAsync(a => a.UserName!, a => a.Id, StringComparer.Ordinal));
    }

    /// <summary>Tokyo wall-clock time as an instant.</summary>
    public static DateTimeOffset Tokyo(int year, int month, int day, int hour = 9, int minute = 0, int second = 0) =>
        Clock.FromTokyo(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified));

    /// <summary>Writes <paramref name="count"/> uses of a feature, one a day from <paramref name="first"/> (default 2025-04-01 09:00 Tokyo).</summary>
    public static Task EventsAsync(TestDatabase db, int accountId, string feature, int count, DateTimeOffset? first = null, string? source = null) =>
        db.InScopeAsync(async sp =>
        {
            var start = first ?? Tokyo(2025, 4, 1);
            var context = sp.GetRequiredService<AppDbContext>();
            await UsageCounts.AppendAsync(context, Enumerable.Range(0, count).Select(i => new UsageEvent(accountId, feature, "view", start.AddDays(i % 300), source)).ToList());
        });

    public static Task DeactivateAsync(TestDatabase db, int accountId, DateTimeOffset at) =>
        db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            var account = await context.Users.SingleAsync(a => a.Id == accountId);
            account.Deactivate(at);
            await context.SaveChangesAsync();
        });

    public static Task<UsageReport> ReportAsync(TestDatabase db, UsageReportOptions options) =>
        db.InScopeAsync(sp => sp.GetRequiredService<UsageReportService>().ReportAsync(options));

    public static Task<UsageReport> ReportAsync(TestDatabase db, int lowUseBelow = 50, params string[] excluded) =>
        ReportAsync(db, new UsageReportOptions(From, To) { LowUseBelow = lowUseBelow, ExcludedDepartments = excluded });

    public static UsageReportRow Row(this UsageReport report, string feature) =>
        report.Rows.Single(r => r.Feature == feature);

    public static string Login(int i) => string.Create(CultureInfo.InvariantCulture, $"u{i:0000}");
}
