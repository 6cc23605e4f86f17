using System.Text.Json.Nodes;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Approvals;

public sealed class ApprovalInputTests
{
    [Theory, DatabaseData]
    public async Task InvalidValues_AreRefusedWithJapaneseMessages_AndNothingIsWritten(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var before = await db.RowsAsync();
        var values = new JsonObject
        {
            ["subject"] = "",
            ["category"] = "食料品",
            ["items"] = new JsonArray(new JsonObject { ["name"] = "コピー用紙", ["quantity"] = 0, ["unit_price"] = "千円" }),
        };

        var invalid = await Should.ThrowAsync<FormInvalidException>(() => db.SaveAsync(city.V(city.Applicant), new SaveRequest(ApprovalTestData.PurchaseCode, null, values)
        {
            Submit = true,
            Files = [ApprovalTestData.TextFile("estimate", "見積書.txt", "見積")],
        }));

        invalid.Errors.Keys.ShouldContain("subject");
        invalid.Errors["subject"].ShouldContain("件名");
        invalid.Errors.Keys.ShouldContain("category");
        invalid.Errors["category"].ShouldContain("選択肢にない");
        invalid.Errors.Keys.ShouldContain(k => k.StartsWith("items[0].", StringComparison.Ordinal));
        invalid.Errors.Values.ShouldAllBe(m => m.Any(c => c >= '\u3040'));
        (await db.RowsAsync()).ShouldBe(before);

        // A draft saved without submitting is validated too.
        await Should.ThrowAsync<FormInvalidException>(() => db.SaveAsync(city.V(city.Applicant), new SaveRequest(ApprovalTestData.PurchaseCode, null, values)));
        (await db.RowsAsync()).ShouldBe(before);
    }

    [Theory, DatabaseData]
    public async Task InvalidEditOfASentBackRequest_KeepsItAsItWas(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var request = await db.FileAsync(city, 100_000);
        await db.ActAsync(city.V(city.Kacho), request.Id, "send-back", "数量を確認してください");
        var before = await db.RowsAsync();

        await Should.ThrowAsync<FormInvalidException>(() => db.SaveAsync(city.V(city.Applicant), new SaveRequest(ApprovalTestData.PurchaseCode, request.Id, ApprovalTestData.Purchase(-5))
        {
            Submit = true,
            Files = [ApprovalTestData.TextFile("estimate", "見積書.txt", "見積")],
        }));

        (await db.RowsAsync()).ShouldBe(before);
        var stored = await db.RequestAsync(request.Id);
        stored.Status.ShouldBe(RequestStatus.SentBack);
        stored.Amount.ShouldBe(100_000);
        stored.Round.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task UnknownForm_UnknownAction_UnknownFileField_TooLongComment_AreRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var before = await db.RowsAsync();

        var form = await Should.ThrowAsync<DomainException>(() => db.SaveAsync(city.V(city.Applicant), new SaveRequest("no-such-form", null, ApprovalTestData.Purchase(1)) { Submit = true }));
        form.Code.ShouldBe("approval.form-not-found");
        form.Message.ShouldContain("様式");
        var field = await Should.ThrowAsync<DomainException>(() => db.SaveAsync(city.V(city.Applicant), new SaveRequest(ApprovalTestData.PurchaseCode, null, ApprovalTestData.Purchase(1))
        {
            Files = [ApprovalTestData.TextFile("photo", "写真.txt", "x")],
        }));
        field.Code.ShouldBe("approval.unknown-file-field");
        (await db.RowsAsync()).ShouldBe(before);

        var request = await db.FileAsync(city, 1_000);
        var rows = await db.RowsAsync();
        (await Should.ThrowAsync<DomainException>(() => db.ActAsync(city.V(city.Kacho), request.Id, "delete-everything"))).Code.ShouldBe("approval.unknown-action");
        (await Should.ThrowAsync<DomainException>(() => db.ActAsync(city.V(city.Kacho), request.Id, "approve", new string('あ', ApprovalRequest.MaxCommentLength + 1)))).Code.ShouldBe("approval.comment-too-long");
        (await Should.ThrowAsync<DomainException>(() => db.ActAsync(city.V(city.Kacho), request.Id, "approve", clientKey: new string('k', 65)))).Code.ShouldBe("approval.invalid-key");
        (await db.RowsAsync()).ShouldBe(rows);
        (await db.RequestAsync(request.Id)).StepSummary().ShouldBe(["課長:Active", "決裁:Waiting"]);
    }

    [Theory, DatabaseData]
    public async Task ARouteThatResolvesToNobody_IsRefusedWithoutARequest(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        await db.FormAsync("vacant", "空席ルート", new RouteDefinition
        {
            Steps = [ApprovalTestData.Superior("課長", "課長"), new RouteStepDefinition
            {
                Name = "決裁",
                Kind = StepKind.Final,
                Mode = StepMode.Any,
                Assignees = [new AssigneeRule { Kind = AssigneeKind.Department, DepartmentId = city.ShiminKa, Position = "部長" }],
            }],
        });
        var before = await db.RowsAsync();

        var refusal = await Should.ThrowAsync<DomainException>(() => db.FileAsync(city, 1_000, code: "vacant"));

        refusal.Code.ShouldBe("approval.route-unresolved");
        refusal.Message.ShouldContain("決裁");
        (await db.RowsAsync()).ShouldBe(before);

        // 市民課 has no 課長: the request is never sent to another department's 課長 instead.
        var vacant = await db.FileAsync(city, 1_000, applicant: city.Outsider);
        (await db.RequestAsync(vacant.Id)).CurrentSteps.SelectMany(s => s.Assignments).Select(a => a.AssigneeId).ShouldNotContain(city.Kacho);
    }
}
