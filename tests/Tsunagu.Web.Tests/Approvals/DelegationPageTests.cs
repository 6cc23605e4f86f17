using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Approvals;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Approvals;

/// <summary>/approvals/delegations: giving a delegation, the delegate seeing the 委任分, revoking it; each audited.</summary>
public abstract class DelegationPageTests(InboxCity app)
{
    [Fact]
    public async Task Create_ThenTheDelegateSeesTheDelegatedTab_ThenRevoke_AndBothAreAudited()
    {
        var applicant = await app.NewStaffAsync("dp-app");
        var approver = await app.NewStaffAsync("dp-appr");
        var final = await app.NewStaffAsync("dp-final");
        var deputy = await app.NewStaffAsync("dp-deputy", "代理\u3000太郎", "だいり たろう");
        var form = await app.NewFormAsync(InboxCity.Unique("起案"), [approver.Id], final.Id);
        var subject = InboxCity.Unique("道路補修の起案");
        await app.FileAsync(applicant, form, subject);
        var today = Tsunagu.Core.Clock.TokyoDate(TimeProvider.System.GetUtcNow());
        using var browser = await app.SignedInAsync(approver.Login);

        var created = await browser.SubmitAsync($"/approvals/delegations?who={deputy.Login}", f => f.Handler == "create",
        [
            new("DelegateId", Id(deputy.Id)), new("Kind", "proxy"),
            new("ValidFrom", Iso(today)), new("ValidUntil", Iso(today.AddDays(2))), new("Note", "出張のため"),
        ]);

        var text = Html.Readable(await created.Content.ReadAsStringAsync());
        created.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        text.ShouldContain($"{deputy.Name}さんに委任しました");
        var saved = await app.QueryAsync(db => db.Delegations.SingleAsync(d => d.DelegatorId == approver.Id));
        saved.DelegateId.ShouldBe(deputy.Id);
        saved.Kind.ShouldBe(ActingAs.Proxy);
        saved.ValidUntil.ShouldBe(today.AddDays(2));
        saved.Note.ShouldBe("出張のため");
        (await app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "delegation.created" && e.Target == $"delegation:{Id(saved.Id)}"))).ShouldBe(1);

        using var deputyBrowser = await app.SignedInAsync(deputy.Login);
        var delegated = (await deputyBrowser.GetTextAsync("/approvals?tab=delegated")).Text;
        delegated.ShouldContain(subject);
        delegated.ShouldContain($"{approver.Name}さんの代理");
        var received = (await deputyBrowser.GetTextAsync("/approvals/delegations")).Text;
        received.ShouldContain(approver.Name);
        received.ShouldContain("代理承認");

        var revoked = await browser.SubmitAsync("/approvals/delegations", f => f.Handler == "revoke", [new("RevokeId", Id(saved.Id))]);

        revoked.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Readable(await revoked.Content.ReadAsStringAsync()).ShouldContain("取り消しました");
        (await app.QueryAsync(db => db.Delegations.Where(d => d.Id == saved.Id).Select(d => d.RevokedAt).SingleAsync())).ShouldNotBeNull();
        (await app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "delegation.revoked" && e.Target == $"delegation:{Id(saved.Id)}"))).ShouldBe(1);
        (await deputyBrowser.GetTextAsync("/approvals?tab=delegated")).Text.ShouldNotContain(subject);
    }

    [Fact]
    public async Task Create_WithBadInput_SaysWhy_AndSavesNothing()
    {
        var me = await app.NewStaffAsync("dp-bad");
        var other = await app.NewStaffAsync("dp-other");
        var today = Tsunagu.Core.Clock.TokyoDate(TimeProvider.System.GetUtcNow());
        using var browser = await app.SignedInAsync(me.Login);

        var backwards = await browser.SubmitAsync($"/approvals/delegations?who={other.Login}", f => f.Handler == "create",
            [new("DelegateId", Id(other.Id)), new("Kind", "substitute"), new("ValidFrom", Iso(today.AddDays(3))), new("ValidUntil", Iso(today))]);
        backwards.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Html.Readable(await backwards.Content.ReadAsStringAsync()).ShouldContain("期間の終了日は開始日以降にしてください");

        var noKind = await browser.SubmitAsync($"/approvals/delegations?who={other.Login}", f => f.Handler == "create",
            [new("DelegateId", Id(other.Id)), new("Kind", "boss"), new("ValidFrom", Iso(today)), new("ValidUntil", Iso(today))]);
        noKind.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await app.QueryAsync(db => db.Delegations.CountAsync(d => d.DelegatorId == me.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task Revoke_SomeoneElsesDelegation_IsNotFound_AndKeepsIt()
    {
        var owner = await app.NewStaffAsync("dp-owner");
        var deputy = await app.NewStaffAsync("dp-dep");
        var intruder = await app.NewStaffAsync("dp-intruder");
        await app.DelegateAsync(owner, deputy, ActingAs.Proxy);
        var id = await app.QueryAsync(db => db.Delegations.Where(d => d.DelegatorId == owner.Id).Select(d => d.Id).SingleAsync());
        await app.DelegateAsync(intruder, deputy, ActingAs.Proxy);
        using var browser = await app.SignedInAsync(intruder.Login);

        var response = await browser.SubmitAsync("/approvals/delegations", f => f.Handler == "revoke", [new("RevokeId", Id(id))]);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.Delegations.Where(d => d.Id == id).Select(d => d.RevokedAt).SingleAsync())).ShouldBeNull();
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed class DelegationPageTests_Sqlite(SqliteInboxCity app) : DelegationPageTests(app), IClassFixture<SqliteInboxCity>;

public sealed class DelegationPageTests_PostgreSql(PostgreSqlInboxCity app) : DelegationPageTests(app), IClassFixture<PostgreSqlInboxCity>;
