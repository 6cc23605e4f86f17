using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Approvals;

public sealed class ApprovalEvidenceTests
{
    private static DateTimeOffset TokyoNoon(int year, int month, int day) => Clock.FromTokyo(new DateTime(year, month, day, 12, 0, 0, DateTimeKind.Unspecified));

    private static async Task<ApprovalRequest> ApprovedAsync(TestDatabase db, City city, string code = ApprovalTestData.PurchaseCode, string subject = "コピー用紙の購入", IReadOnlyList<NewFile>? files = null)
    {
        var request = await db.SaveAsync(city.V(city.Applicant), new SaveRequest(code, null, ApprovalTestData.Purchase(10_000, subject: subject))
        {
            Submit = true,
            Files = files ?? [],
        });
        await db.ActAsync(city.V(city.Kacho), request.Id, "approve", "確認しました");
        (await db.ActAsync(city.V(city.Kaikei), request.Id, "approve", "決裁します")).Status.ShouldBe(RequestStatus.Approved);
        return await db.RequestAsync(request.Id);
    }

    [Theory, DatabaseData]
    public async Task FinalApproval_FreezesTheContent_AndSetsTheDisposalDateByRetention(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.FormAsync("one-year", "1年保存", ApprovalTestData.PurchaseRoute(city), RetentionClass.OneYear);
        await db.FormAsync("permanent", "永年保存", ApprovalTestData.PurchaseRoute(city), RetentionClass.Permanent);

        db.Clock.SetUtcNow(TokyoNoon(2026, 11, 27));
        var fiveYears = await ApprovedAsync(db, city);
        db.Clock.SetUtcNow(TokyoNoon(2027, 3, 31));
        var oneYear = await ApprovedAsync(db, city, "one-year");
        var permanent = await ApprovedAsync(db, city, "permanent");

        fiveYears.ContentHash.ShouldNotBeNull().Length.ShouldBe(64);
        fiveYears.DisposalDate.ShouldBe(new DateOnly(2032, 3, 31));
        fiveYears.Number.ShouldBe($"2026-{fiveYears.Id:D6}");
        oneYear.DisposalDate.ShouldBe(new DateOnly(2028, 3, 31));
        oneYear.Number.ShouldBe($"2026-{oneYear.Id:D6}", "31 March is still fiscal 2026");
        permanent.ContentHash.ShouldNotBeNull();
        permanent.DisposalDate.ShouldBeNull();

        var verification = await db.VerifyAsync();
        verification.Intact.ShouldBeTrue(verification.Reason);
        verification.EvidenceProblems.ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task TamperingWithApprovedRequests_IsFound_AndNamesTheRequest(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var values = await ApprovedAsync(db, city, subject: "値を改ざん");
        var comment = await ApprovedAsync(db, city, subject: "コメントを改ざん");
        var deleted = await ApprovedAsync(db, city, subject: "履歴を削除");
        var file = await ApprovedAsync(db, city, subject: "添付を改ざん", files: [ApprovalTestData.TextFile("estimate", "見積書.txt", "見積金額 10,000円")]);
        var untouched = await ApprovedAsync(db, city, subject: "そのまま");
        var before = await db.VerifyAsync();
        before.Intact.ShouldBeTrue(before.Reason);
        var attachmentId = await db.QueryAsync(c => c.Attachments.Where(a => a.OwnerKey == file.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(a => a.Id).SingleAsync());

        await db.QueryAsync(c => c.Database.ExecuteSqlAsync($"""UPDATE "ApprovalRequests" SET "ValuesJson" = {values.ValuesJson.Replace("10000", "1000000", StringComparison.Ordinal)} WHERE "Id" = {values.Id}"""));
        await db.QueryAsync(c => c.Database.ExecuteSqlAsync($"""UPDATE "ApprovalActions" SET "Comment" = {"差し戻します"} WHERE "RequestId" = {comment.Id} AND "Sequence" = 2"""));
        await db.QueryAsync(c => c.Database.ExecuteSqlAsync($"""DELETE FROM "ApprovalActions" WHERE "RequestId" = {deleted.Id} AND "Sequence" = 3"""));
        await db.QueryAsync(c => c.Database.ExecuteSqlAsync($"""UPDATE "Attachments" SET "Content" = {System.Text.Encoding.UTF8.GetBytes("見積金額 99,000円")} WHERE "Id" = {attachmentId}"""));

        var after = await db.VerifyAsync();

        after.Intact.ShouldBeFalse();
        var problems = string.Join("\n", after.EvidenceProblems);
        foreach (var tampered in new[] { values, comment, deleted, file })
        {
            problems.ShouldContain(tampered.Number);
        }

        problems.ShouldNotContain(untouched.Number);
        after.EvidenceProblems.ShouldContain(p => p.Contains(values.Number, StringComparison.Ordinal) && p.Contains("決裁後に内容が変更", StringComparison.Ordinal));
        after.EvidenceProblems.ShouldContain(p => p.Contains(comment.Number, StringComparison.Ordinal) && p.Contains("履歴 2 番目", StringComparison.Ordinal));
        after.EvidenceProblems.ShouldContain(p => p.Contains(deleted.Number, StringComparison.Ordinal) && p.Contains("履歴 3 番目", StringComparison.Ordinal));
        after.Reason.ShouldNotBeNullOrWhiteSpace();
    }
}
