using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Search;
using Tsunagu.Core.Tests.Infrastructure;
using Tsunagu.Core.Tests.Schedules;

namespace Tsunagu.Core.Tests.Approvals;

/// <summary>
/// A small city for e-approval tests: 総務部 (部長) → 総務課 (課長, the applicant and a colleague), 会計課 (its 課長 takes
/// the final 決裁), 市長公室 (副市長), 市民部/市民課 (an outsider), and an administrator.
/// </summary>
internal sealed record City(int Applicant, int Colleague, int Kacho, int Bucho, int FukuShicho, int Kaikei, int Outsider, int Admin, int SomuKa, int ShiminKa)
{
    public ApprovalViewer V(int id) => new(id, Name(id), IsAdministrator: id == Admin);

    public ApprovalViewer AdminViewer => V(Admin);

    public static string Name(int id) => string.Create(CultureInfo.InvariantCulture, $"職員{id}");
}

internal static class ApprovalTestData
{
    public const string PurchaseCode = "purchase";

    /// <summary>物品購入伺: items (quantity × unit price), total = sum, the amount; a file field for the estimate.</summary>
    public const string PurchaseSchemaJson = """
        {
          "fields": [
            { "key": "subject", "label": "件名", "type": "text", "required": true },
            { "key": "category", "label": "区分", "type": "select", "required": true, "options": ["消耗品", "備品", "その他"] },
            { "key": "items", "label": "明細", "type": "table", "required": true, "maxRows": 5, "columns": [
                { "key": "name", "label": "品名", "type": "text", "required": true },
                { "key": "quantity", "label": "数量", "type": "number", "required": true, "min": 1 },
                { "key": "unit_price", "label": "単価", "type": "currency", "required": true },
                { "key": "subtotal", "label": "小計", "type": "computed", "formula": "quantity * unit_price" }
            ] },
            { "key": "total", "label": "合計", "type": "computed", "formula": "sum(items.subtotal)" },
            { "key": "estimate", "label": "見積書", "type": "file" },
            { "key": "note", "label": "備考", "type": "multiLine" }
          ],
          "amountField": "total",
          "titleField": "subject"
        }
        """;

    public static RouteStepDefinition Superior(string name, string position, StepKind kind = StepKind.Approval, string? when = null) => new()
    {
        Name = name,
        Kind = kind,
        Mode = StepMode.Any,
        Assignees = [new AssigneeRule { Kind = AssigneeKind.ApplicantSuperior, Position = position }],
        When = when is null ? null : JsonNode.Parse(when),
    };

    public static RouteStepDefinition People(string name, StepKind kind, StepMode mode, int? required, params int[] ids) => new()
    {
        Name = name,
        Kind = kind,
        Mode = mode,
        RequiredCount = required,
        Assignees = ids.Select(id => new AssigneeRule { Kind = AssigneeKind.Person, AccountId = id }).ToList(),
    };

    public static RouteStepDefinition Final(City city) => People("決裁", StepKind.Final, StepMode.Any, null, city.Kaikei);

    /// <summary>課長 → 部長 (500,000円以上) → 副市長 (5,000,000円以上) → 決裁 (会計課長).</summary>
    public static RouteDefinition PurchaseRoute(City city) => new()
    {
        Steps =
        [
            Superior("課長", "課長"),
            Superior("部長", "部長", when: """{"field":"total","op":"gte","value":500000}"""),
            Superior("副市長", "副市長", when: """{"field":"total","op":"gte","value":5000000}"""),
            Final(city),
        ],
    };

    public static async Task<City> CityAsync(this TestDatabase db)
    {
        var applicant = await db.StaffAsync("shinsei", "総務部/総務課", "主事");
        var colleague = await db.StaffAsync("doryo", "総務部/総務課", "主任");
        var kacho = await db.StaffAsync("kacho", "総務部/総務課", "課長");
        var bucho = await db.StaffAsync("bucho", "総務部", "部長");
        var fuku = await db.StaffAsync("fuku", "市長公室", "副市長");
        var kaikei = await db.StaffAsync("kaikei", "会計課", "課長");
        var outsider = await db.StaffAsync("gaibu", "市民部/市民課", "主事");
        var admin = await db.StaffAsync("kanri", "市民部/市民課", "主事");
        var somuKa = await db.DepartmentAsync("総務部/総務課");
        var shiminKa = await db.DepartmentAsync("市民部/市民課");
        var city = new City(applicant, colleague, kacho, bucho, fuku, kaikei, outsider, admin, somuKa, shiminKa);
        await db.FormAsync(PurchaseCode, "物品購入伺", PurchaseRoute(city));
        return city;
    }

    public static Task<FormDefinition> FormAsync(this TestDatabase db, string code, string name, RouteDefinition route, RetentionClass retention = RetentionClass.FiveYears, string schemaJson = PurchaseSchemaJson) =>
        db.InScopeAsync(sp => sp.GetRequiredService<FormAdminService>().SaveAsync(
            Actor.System, new FormDesign(code, name, "財務", "", retention, FormSchema.FromJson(schemaJson), route)));

    /// <summary>Values of one line: <paramref name="quantity"/> × <paramref name="unitPrice"/>.</summary>
    public static JsonObject Purchase(long unitPrice, int quantity = 1, string subject = "コピー用紙の購入", string item = "コピー用紙A4") => new()
    {
        ["subject"] = subject,
        ["category"] = "消耗品",
        ["items"] = new JsonArray(new JsonObject { ["name"] = item, ["quantity"] = quantity, ["unit_price"] = unitPrice }),
        ["note"] = "至急",
    };

    public static Task<ApprovalRequest> SaveAsync(this TestDatabase db, ApprovalViewer viewer, SaveRequest save) =>
        db.InScopeAsync(sp => sp.GetRequiredService<ApprovalService>().SaveAsync(viewer, save));

    /// <summary>Files a 物品購入伺 of <paramref name="unitPrice"/> × <paramref name="quantity"/> as the applicant.</summary>
    public static Task<ApprovalRequest> FileAsync(this TestDatabase db, City city, long unitPrice, int quantity = 1, string code = PurchaseCode, string subject = "コピー用紙の購入", int? applicant = null, IReadOnlyDictionary<int, int>? choices = null) =>
        db.SaveAsync(city.V(applicant ?? city.Applicant), new SaveRequest(code, null, Purchase(unitPrice, quantity, subject))
        {
            Submit = true,
            Choices = choices ?? new Dictionary<int, int>(),
        });

    public static Task<ActionResult> ActAsync(this TestDatabase db, ApprovalViewer viewer, int requestId, string action, string? comment = null, string? target = null, int? onBehalfOf = null, string? clientKey = null) =>
        db.InScopeAsync(sp => sp.GetRequiredService<ApprovalService>().ActAsync(viewer, requestId, new ActionRequest(action, comment)
        {
            Target = target,
            OnBehalfOf = onBehalfOf,
            ClientKey = clientKey,
        }));

    public static Task<ActionResult> ApproveAsync(this TestDatabase db, City city, int approver, int requestId, string? comment = null) =>
        db.ActAsync(city.V(approver), requestId, "approve", comment);

    public static Task<ApprovalRequest> RequestAsync(this TestDatabase db, int requestId) =>
        db.QueryAsync(c => c.ApprovalRequests.AsNoTracking()
            .Include(r => r.Steps).ThenInclude(s => s.Assignments)
            .Include(r => r.Actions)
            .Include(r => r.Participants)
            .AsSplitQuery()
            .SingleAsync(r => r.Id == requestId));

    /// <summary>The current round's steps as "name:status", in order.</summary>
    public static IReadOnlyList<string> StepSummary(this ApprovalRequest request) =>
        request.CurrentSteps.Select(s => $"{s.Name}:{s.Status}").ToList();

    public static IReadOnlyList<string> StepNames(this ApprovalRequest request) => request.CurrentSteps.Select(s => s.Name).ToList();

    public static IReadOnlyList<ActionKind> History(this ApprovalRequest request) => request.Actions.OrderBy(a => a.Sequence).Select(a => a.Kind).ToList();

    public static Task AddDelegationAsync(this TestDatabase db, int delegator, int @delegate, ActingAs kind, DateOnly from, DateOnly until) =>
        db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            context.Delegations.Add(new Delegation(delegator, @delegate, kind, from, until, "出張", TestDatabase.Start));
            await context.SaveChangesAsync();
        });

    public static Task<AuditVerification> VerifyAsync(this TestDatabase db) =>
        db.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync());

    public static Task<RequestPage> InboxAsync(this TestDatabase db, ApprovalViewer viewer, InboxTab tab) =>
        db.InScopeAsync(sp => sp.GetRequiredService<ApprovalReader>().InboxAsync(viewer, tab));

    public static Task<RequestPage> FindAsync(this TestDatabase db, ApprovalViewer viewer, RequestFilter filter) =>
        db.InScopeAsync(sp => sp.GetRequiredService<ApprovalReader>().FindAsync(viewer, filter));

    public static Task<bool> CanSeeAsync(this TestDatabase db, ApprovalViewer viewer, int requestId) =>
        db.InScopeAsync(sp => sp.GetRequiredService<ApprovalReader>().CanSeeAsync(viewer, requestId));

    public static Task<int> ExecuteSqlAsync(this TestDatabase db, string sql) =>
        db.QueryAsync(c => c.Database.ExecuteSqlRawAsync(sql));

    public static NewFile TextFile(string fieldKey, string name, string text) =>
        new(fieldKey, name, "text/plain", new MemoryStream(Encoding.UTF8.GetBytes(text)));

    public static Task<(int Requests, int Attachments, int Actions, int Audit)> RowsAsync(this TestDatabase db) =>
        db.QueryAsync(async c => (
            await c.ApprovalRequests.CountAsync(),
            await c.Attachments.CountAsync(a => a.Module == SearchModules.Approval),
            await c.ApprovalActions.CountAsync(),
            await c.AuditEntries.CountAsync()));
}
