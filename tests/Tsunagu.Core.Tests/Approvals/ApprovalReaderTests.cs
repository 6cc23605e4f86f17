using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;
using static Tsunagu.Core.Tests.Schedules.ScheduleTestData;

namespace Tsunagu.Core.Tests.Approvals;

public sealed class ApprovalReaderTests
{
    private static List<int> Ids(RequestPage page) => page.Rows.Select(r => r.Id).ToList();

    [Theory, DatabaseData]
    public async Task InboxTabs_Waiting_Delegated_Mine_Done(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.AddDelegationAsync(city.Kacho, city.Colleague, ActingAs.Proxy, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 3));
        await db.AddDelegationAsync(city.Kaikei, city.Bucho, ActingAs.Substitute, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30));
        var first = await db.FileAsync(city, 100_000, subject: "一件目");
        var second = await db.FileAsync(city, 100_000, subject: "二件目");
        var draft = await db.SaveAsync(city.V(city.Applicant), new SaveRequest(ApprovalTestData.PurchaseCode, null, ApprovalTestData.Purchase(5_000, subject: "下書き")));

        Ids(await db.InboxAsync(city.V(city.Kacho), InboxTab.Waiting)).ShouldBe([first.Id, second.Id], ignoreOrder: true);
        Ids(await db.InboxAsync(city.V(city.Kaikei), InboxTab.Waiting)).ShouldBeEmpty("the final step is not open yet");
        var delegated = await db.InboxAsync(city.V(city.Colleague), InboxTab.Delegated);
        Ids(delegated).ShouldBe([first.Id, second.Id], ignoreOrder: true);
        delegated.Rows.ShouldAllBe(r => r.ForName == "職員\u3000kacho");
        var mine = await db.InboxAsync(city.V(city.Applicant), InboxTab.Mine);
        Ids(mine).ShouldBe([first.Id, second.Id, draft.Id], ignoreOrder: true);
        mine.Rows.Single(r => r.Id == draft.Id).Number.ShouldStartWith("下書き-");
        mine.Rows.Single(r => r.Id == first.Id).StepName.ShouldBe("課長");

        // 代決 by 部長 for 会計課長 on the first; the second is still with 課長.
        await db.ApproveAsync(city, city.Kacho, first.Id);
        Ids(await db.InboxAsync(city.V(city.Bucho), InboxTab.Delegated)).ShouldBe([first.Id]);
        await db.ActAsync(city.V(city.Bucho), first.Id, "approve");

        Ids(await db.InboxAsync(city.V(city.Kacho), InboxTab.Waiting)).ShouldBe([second.Id]);
        Ids(await db.InboxAsync(city.V(city.Kacho), InboxTab.Done)).ShouldBe([first.Id]);
        Ids(await db.InboxAsync(city.V(city.Bucho), InboxTab.Done)).ShouldBe([first.Id]);
        var owed = await db.InboxAsync(city.V(city.Kaikei), InboxTab.Waiting);
        owed.Rows.ShouldHaveSingleItem().Id.ShouldBe(first.Id);
        owed.Rows[0].PostReview.ShouldBeTrue();
        var counts = await db.InScopeAsync(sp => sp.GetRequiredService<ApprovalReader>().CountsAsync(city.V(city.Kaikei)));
        counts.PostReviews.ShouldBe(1);
        (await db.InboxAsync(city.V(city.Applicant), InboxTab.Mine)).Rows.Single(r => r.Id == first.Id).Status.ShouldBe(RequestStatus.Approved);

        // After the delegation ends, the delegate no longer sees the delegator's requests.
        db.Clock.Advance(TimeSpan.FromDays(5));
        Ids(await db.InboxAsync(city.V(city.Colleague), InboxTab.Delegated)).ShouldBeEmpty();
        Ids(await db.InboxAsync(city.V(city.Outsider), InboxTab.Waiting)).ShouldBeEmpty();
        Ids(await db.InboxAsync(city.V(city.Outsider), InboxTab.Done)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task CanSee_OnlyParticipants_DelegatesOfAnOpenAssignee_AndAdministrators_DraftsOnlyTheApplicant(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.AddDelegationAsync(city.Kacho, city.Colleague, ActingAs.Proxy, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 3));
        var request = await db.FileAsync(city, 100_000);
        var draft = await db.SaveAsync(city.V(city.Applicant), new SaveRequest(ApprovalTestData.PurchaseCode, null, ApprovalTestData.Purchase(5_000)));

        (await db.CanSeeAsync(city.V(city.Outsider), request.Id)).ShouldBeFalse();
        (await db.CanSeeAsync(city.V(city.Bucho), request.Id)).ShouldBeFalse("部長 is not on a 100,000円 route");
        (await db.CanSeeAsync(city.V(city.Applicant), request.Id)).ShouldBeTrue();
        (await db.CanSeeAsync(city.V(city.Kacho), request.Id)).ShouldBeTrue();
        (await db.CanSeeAsync(city.V(city.Kaikei), request.Id)).ShouldBeTrue("the final approver is on the route");
        (await db.CanSeeAsync(city.V(city.Colleague), request.Id)).ShouldBeTrue("delegate of the open 課長");
        (await db.CanSeeAsync(city.AdminViewer, request.Id)).ShouldBeTrue();
        (await db.CanSeeAsync(city.V(city.Applicant), draft.Id)).ShouldBeTrue();
        (await db.CanSeeAsync(city.V(city.Kacho), draft.Id)).ShouldBeFalse();
        (await db.CanSeeAsync(city.AdminViewer, draft.Id)).ShouldBeFalse();
        (await db.CanSeeAsync(city.V(city.Outsider), request.Id + 1000)).ShouldBeFalse();
        await Should.ThrowAsync<AccessDeniedException>(() => db.InScopeAsync(sp => sp.GetRequiredService<ApprovalReader>().GetAsync(city.V(city.Outsider), request.Id)));
        (await db.InScopeAsync(sp => sp.GetRequiredService<ApprovalReader>().GetAsync(city.V(city.Kacho), request.Id))).Steps.Count.ShouldBe(2);

        // Once 課長 has approved, the delegate's reach ends (the assignment is no longer open); acting made 課長 a participant for good.
        await db.ApproveAsync(city, city.Kacho, request.Id);
        (await db.CanSeeAsync(city.V(city.Colleague), request.Id)).ShouldBeFalse();
        (await db.CanSeeAsync(city.V(city.Kacho), request.Id)).ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task Find_FiltersByFormStatusApplicantDepartmentPeriodAndAmount_OutsidersGetNothing(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var other = await db.FormAsync("other", "その他伺", ApprovalTestData.PurchaseRoute(city));
        var purchaseId = (await db.QueryAsync(c => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(c.FormDefinitions, f => f.Code == ApprovalTestData.PurchaseCode))).Id;
        var april = await db.FileAsync(city, 100_000, subject: "四月");
        db.Clock.SetUtcNow(Clock.FromTokyo(new DateTime(2026, 5, 20, 10, 0, 0, DateTimeKind.Unspecified)));
        var may = await db.FileAsync(city, 800_000, subject: "五月");
        var otherForm = await db.FileAsync(city, 3_000, code: "other", subject: "別様式");
        await db.StaffAsync("shimin-kacho", "市民部/市民課", "課長");
        var byOutsider = await db.FileAsync(city, 50_000, subject: "市民課から", applicant: city.Outsider);
        await db.ActAsync(city.V(city.Kacho), april.Id, "reject", "不要");
        var admin = city.AdminViewer;

        Ids(await db.FindAsync(admin, new RequestFilter())).ShouldBe([byOutsider.Id, otherForm.Id, may.Id, april.Id]);
        Ids(await db.FindAsync(admin, new RequestFilter { FormDefinitionId = other.Id })).ShouldBe([otherForm.Id]);
        Ids(await db.FindAsync(admin, new RequestFilter { FormDefinitionId = purchaseId })).ShouldBe([byOutsider.Id, may.Id, april.Id]);
        Ids(await db.FindAsync(admin, new RequestFilter { Status = RequestStatus.Rejected })).ShouldBe([april.Id]);
        Ids(await db.FindAsync(admin, new RequestFilter { Applicant = "gaibu" })).ShouldBe([byOutsider.Id]);
        Ids(await db.FindAsync(admin, new RequestFilter { DepartmentId = city.SomuKa })).ShouldBe([otherForm.Id, may.Id, april.Id]);
        Ids(await db.FindAsync(admin, new RequestFilter { From = new DateOnly(2026, 4, 1), To = new DateOnly(2026, 4, 30) })).ShouldBe([april.Id]);
        Ids(await db.FindAsync(admin, new RequestFilter { From = new DateOnly(2026, 5, 20) })).ShouldBe([byOutsider.Id, otherForm.Id, may.Id]);
        Ids(await db.FindAsync(admin, new RequestFilter { AmountMin = 50_000, AmountMax = 100_000 })).ShouldBe([byOutsider.Id, april.Id]);
        var page = await db.FindAsync(admin, new RequestFilter { PageSize = 2, Page = 2 });
        page.Total.ShouldBe(4);
        Ids(page).ShouldBe([may.Id, april.Id]);

        // Everyone else sees only what they take part in.
        Ids(await db.FindAsync(city.V(city.Bucho), new RequestFilter())).ShouldBe([may.Id]);
        Ids(await db.FindAsync(city.V(city.Applicant), new RequestFilter())).ShouldBe([otherForm.Id, may.Id, april.Id]);
        var outsider = await db.FindAsync(city.V(city.Outsider), new RequestFilter { FormDefinitionId = purchaseId });
        Ids(outsider).ShouldBe([byOutsider.Id]);
        (await db.FindAsync(city.V(city.Outsider), new RequestFilter { Applicant = "shinsei" })).Total.ShouldBe(0);
        (await db.FindAsync(city.V(city.Colleague), new RequestFilter())).Total.ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Search_FindsARequestForAParticipant_NotForAnOutsider(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var request = await db.SaveAsync(city.V(city.Applicant), new SaveRequest(ApprovalTestData.PurchaseCode, null, ApprovalTestData.Purchase(30_000, subject: "防災倉庫の備品購入", item: "折りたたみ担架"))
        {
            Submit = true,
            Files = [ApprovalTestData.TextFile("estimate", "見積書.txt", "アルミ製簡易担架 3台 見積金額")],
        });

        foreach (var insider in new[] { city.Applicant, city.Kacho, city.Kaikei })
        {
            var hits = (await SearchAsync(db, insider, "担架")).Items;
            hits.ShouldContain(h => h.Module == SearchModules.Approval && h.Url == $"/approvals/{request.Id}");
            hits.ShouldContain(h => h.Module == SearchModules.ApprovalFile && h.Title == "見積書.txt");
        }

        (await SearchAsync(db, city.Kacho, "防災倉庫")).Items.ShouldContain(h => h.Module == SearchModules.Approval);
        await ShouldFindNothingAsync(db, city.Outsider, "担架");
        await ShouldFindNothingAsync(db, city.Bucho, "防災倉庫");

        // A draft is found by its applicant only.
        await db.SaveAsync(city.V(city.Applicant), new SaveRequest(ApprovalTestData.PurchaseCode, null, ApprovalTestData.Purchase(1_000, subject: "庁用車タイヤ交換")));
        (await SearchAsync(db, city.Applicant, "タイヤ")).Items.ShouldContain(h => h.Module == SearchModules.Approval);
        await ShouldFindNothingAsync(db, city.Kacho, "タイヤ");

        // After a rebuild from the database, the same.
        await RebuildAsync(db);
        (await SearchAsync(db, city.Kaikei, "担架")).Items.ShouldContain(h => h.Module == SearchModules.Approval);
        await ShouldFindNothingAsync(db, city.Outsider, "担架");
    }
}
