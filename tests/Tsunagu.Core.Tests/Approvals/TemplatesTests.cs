using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Tests.Forms;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Tests.Schedules;

namespace Tsunagu.Core.Tests.Approvals;

public sealed class TemplatesTests
{
    private static readonly TemplateOffices Offices = new(GeneralAffairsId: 3, FinanceId: 9);

    public static TheoryData<string> Codes() => [.. FormTemplates.Codes];

    [Theory, MemberData(nameof(Codes))]
    public void EveryTemplate_HasNoProblems_AndRoundTripsThroughExportAndImport(string code)
    {
        var design = FormTemplates.For(Offices).Single(d => d.Code == code);

        FormAdminService.Problems(design).ShouldBeEmpty();
        var imported = FormAdminService.Import(FormAdminService.Export(design));
        imported.Schema.ToJson().ShouldBe(design.Schema.ToJson());
        imported.Route.ToJson().ShouldBe(design.Route.ToJson());
        (imported.Name, imported.Category, imported.Retention).ShouldBe((design.Name, design.Category, design.Retention));
    }

    [Fact]
    public void WithoutAFinanceOffice_ThePurchaseFormWaits_AndTheKianHasNoConsultation()
    {
        var designs = FormTemplates.For(TemplateOffices.None);

        designs.Select(d => d.Code).ShouldBe([FormTemplates.Kian, FormTemplates.Trip, FormTemplates.Leave, FormTemplates.Overtime]);
        designs.Single(d => d.Code == FormTemplates.Kian).Route.Steps.ShouldNotContain(s => s.Kind == StepKind.Consultation);
        designs.ShouldAllBe(d => FormAdminService.Problems(d).Count == 0);
    }

    [Fact]
    public void Leave_AsksAReasonUnlessAnnual_AndHoursOnlyForAnnual()
    {
        var schema = FormTemplates.For(Offices).Single(d => d.Code == FormTemplates.Leave).Schema;
        var period = """{"from":"2026-12-01","to":"2026-12-01"}""";

        FormSamples.Check(schema, $$"""{"kind":"年次有給休暇","period":{{period}},"hours":2}""").IsValid.ShouldBeTrue();
        var sick = FormSamples.Check(schema, $$"""{"kind":"病気休暇","period":{{period}}}""");
        sick.Errors.Keys.ShouldBe(["reason"]);
        FormSamples.Check(schema, $$"""{"kind":"病気休暇","period":{{period}},"reason":"通院のため","hours":2}""").Values.ContainsKey("hours").ShouldBeFalse();
    }

    [Fact]
    public void Purchase_TotalsItsLines_AndWantsAQuotationFrom100000Yen()
    {
        var schema = FormTemplates.For(Offices).Single(d => d.Code == FormTemplates.Purchase).Schema;

        var check = FormSamples.Check(schema, Purchase(100_000).ToJsonString());

        check.Amount.ShouldBe(100_000m);
        check.Errors.Keys.ShouldBe(["quotation"]);
        FormSamples.Check(schema, Purchase(99_999).ToJsonString()).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite, 100_000, new[] { "課長", "決裁" })]
    [InlineData(DatabaseKind.Sqlite, 800_000, new[] { "課長", "部長", "決裁" })]
    [InlineData(DatabaseKind.Sqlite, 6_000_000, new[] { "課長", "部長", "副市長", "決裁" })]
    [InlineData(DatabaseKind.PostgreSql, 100_000, new[] { "課長", "決裁" })]
    [InlineData(DatabaseKind.PostgreSql, 800_000, new[] { "課長", "部長", "決裁" })]
    [InlineData(DatabaseKind.PostgreSql, 6_000_000, new[] { "課長", "部長", "副市長", "決裁" })]
    public async Task PurchaseRoute_GrowsWithTheAmount_AndEndsWithTheFinanceChief(DatabaseKind database, int total, string[] expected)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var applicant = await db.StaffAsync("shinsei", "市民部/市民課/住民係", "主事");
        var chief = await db.StaffAsync("kacho", "市民部/市民課", "課長");
        var director = await db.StaffAsync("bucho", "市民部", "部長");
        var vice = await db.StaffAsync("fukushicho", "市長公室", "副市長");
        var finance = await db.StaffAsync("zaisei", "総務部/財政課", "課長");
        await db.StaffAsync("somu", "総務部/総務課", "課長");
        var installed = await db.InScopeAsync(sp => FormTemplates.InstallMissingAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<FormAdminService>()));
        installed.ShouldBe(FormTemplates.Codes);

        var steps = await db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            var design = await sp.GetRequiredService<FormAdminService>().LoadAsync(FormTemplates.Purchase);
            var check = FormValidator.Validate(design.Schema, Purchase(total), [], "主事");
            var applicantContext = await ApplicantContext.LoadAsync(context, applicant, CancellationToken.None);
            return await sp.GetRequiredService<RouteResolver>().ResolveAsync(design.Route, check, applicantContext, new Dictionary<int, int>());
        });

        steps.Select(s => s.Name).ShouldBe(expected);
        steps[0].Assignees.Single().AccountId.ShouldBe(chief);
        steps[^1].Kind.ShouldBe(StepKind.Final);
        steps[^1].Assignees.Single().AccountId.ShouldBe(finance);
        if (total >= 500_000)
        {
            steps[1].Assignees.Single().AccountId.ShouldBe(director);
        }

        if (total >= 5_000_000)
        {
            steps[2].Assignees.Single().AccountId.ShouldBe(vice);
        }

        // A second start installs nothing and keeps the first version.
        (await db.InScopeAsync(sp => FormTemplates.InstallMissingAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<FormAdminService>()))).ShouldBeEmpty();
        (await db.QueryAsync(c => c.FormVersions.CountAsync())).ShouldBe(FormTemplates.Codes.Count);
    }

    private static JsonObject Purchase(int total) => new()
    {
        ["subject"] = "テスト購入",
        ["reason"] = "業務に必要なため",
        ["items"] = new JsonArray(new JsonObject { ["name"] = "品物", ["quantity"] = 1, ["unit"] = "個", ["unit_price"] = total }),
        ["budget_item"] = FormTemplates.BudgetItems[0],
    };
}
