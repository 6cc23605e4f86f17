using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;

namespace Tsunagu.Core.Approvals;

/// <summary>
/// The two offices some shipped routes name: 総務課 (文書 — consulted on 非公開 起案) and 財政課 (予算執行 — decides
/// purchases). Department ids differ per city, so the templates are built for the city's own ids.
/// </summary>
public sealed record TemplateOffices(int? GeneralAffairsId, int? FinanceId)
{
    public const string GeneralAffairsName = "総務課";
    public const string FinanceName = "財政課";

    public static TemplateOffices None { get; } = new(null, null);

    /// <summary>The city's 総務課 and 財政課: the active department of that name nearest the top of the tree.</summary>
    public static async Task<TemplateOffices> FindAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var candidates = await db.Departments.AsNoTracking()
            .Where(d => d.IsActive && (d.Name == GeneralAffairsName || d.Name == FinanceName))
            .Select(d => new { d.Id, d.Name, d.Path })
            .ToListAsync(cancellationToken);

        // 消防本部/総務課 and 市民病院/事務部/総務課 exist too: the city's own is the shallowest one.
        int? Pick(string name) => candidates.Where(d => d.Name == name)
            .OrderBy(d => d.Path.Count(c => c == '/')).ThenBy(d => d.Id).Select(d => (int?)d.Id).FirstOrDefault();
        return new TemplateOffices(Pick(GeneralAffairsName), Pick(FinanceName));
    }
}

/// <summary>
/// The forms every city starts with (起案書, 出張命令・復命書, 休暇届, 時間外勤務命令, 物品購入伺). Installed at start-up
/// when a form with the same code is missing; an administrator's later edits are never overwritten.
/// </summary>
public static class FormTemplates
{
    public const string Kian = "kian";
    public const string Trip = "trip";
    public const string Leave = "leave";
    public const string Overtime = "overtime";
    public const string Purchase = "purchase";

    public static IReadOnlyList<string> Codes { get; } = [Kian, Trip, Leave, Overtime, Purchase];

    public static readonly IReadOnlyList<string> LeaveKinds = ["年次有給休暇", "夏季休暇", "特別休暇(慶弔)", "病気休暇", "子の看護休暇", "介護休暇"];

    public static readonly IReadOnlyList<string> BudgetItems = ["需用費(消耗品費)", "需用費(印刷製本費)", "備品購入費", "役務費", "委託料", "使用料及び賃借料"];

    /// <summary>
    /// Every template for a city with these offices. Without a 財政課 the purchase form is left out (its 決裁 goes
    /// there) and the 起案書 has no 総務課 合議; both come on a later start once the organisation is imported.
    /// </summary>
    public static IReadOnlyList<FormDesign> For(TemplateOffices offices)
    {
        ArgumentNullException.ThrowIfNull(offices);
        var forms = new List<FormDesign> { KianForm(offices.GeneralAffairsId), TripForm(), LeaveForm(), OvertimeForm() };
        if (offices.FinanceId is { } finance)
        {
            forms.Add(PurchaseForm(finance));
        }

        return forms;
    }

    /// <summary>Saves the templates whose code no form has yet; returns the codes installed.</summary>
    public static async Task<IReadOnlyList<string>> InstallMissingAsync(AppDbContext db, FormAdminService admin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(admin);
        var existing = await db.FormDefinitions.AsNoTracking().Select(f => f.Code).ToListAsync(cancellationToken);
        var missing = Codes.Except(existing, StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return [];
        }

        var installed = new List<string>();
        foreach (var design in For(await TemplateOffices.FindAsync(db, cancellationToken)).Where(d => missing.Contains(d.Code)))
        {
            await admin.SaveAsync(Actor.System, design, cancellationToken);
            installed.Add(design.Code);
        }

        return installed;
    }

    private static FormDesign KianForm(int? generalAffairs)
    {
        FormField[] fields =
        [
            Text("subject", "件名", required: true, max: 100),
            MultiLine("background", "起案理由・経緯", required: true, help: "起案に至った理由や経緯、根拠法令などを記入してください。"),
            MultiLine("content", "内容", required: true, help: "決定したい内容を具体的に記入してください。別紙がある場合は「別紙のとおり」とし、添付してください。"),
            new() { Key = "effective_date", Label = "施行予定日", Type = FieldType.Date },
            Choice("doc_class", "文書分類", FieldType.Select, required: true, ["庶務", "人事", "財務", "契約", "事業", "例規", "その他"]),
            Choice("disclosure", "公開区分", FieldType.Radio, required: true, ["公開", "部分公開", "非公開"],
                help: "情報公開条例による区分です。非公開とする場合は総務課(文書法制係)に合議します。"),
            new() { Key = "related_department", Label = "関係課", Type = FieldType.Department, Help = "関係する課があれば選んでください。" },
            new() { Key = "attachments", Label = "添付資料", Type = FieldType.File },
        ];
        var steps = new List<RouteStepDefinition>
        {
            Superior("係長", StepKind.Approval, "係長"),
            Superior("課長", StepKind.Approval, "課長"),
        };
        if (generalAffairs is { } id)
        {
            // 非公開 decisions are checked against the 情報公開条例 by the office that keeps the city's documents.
            steps.Add(new RouteStepDefinition
            {
                Name = "総務課 合議",
                Kind = StepKind.Consultation,
                Mode = StepMode.Any,
                Assignees = [new AssigneeRule { Kind = AssigneeKind.Department, DepartmentId = id, Position = "課長" }],
                When = When("""{"field":"disclosure","op":"eq","value":"非公開"}"""),
            });
        }

        steps.Add(Superior("部長 決裁", StepKind.Final, "部長"));
        return new FormDesign(Kian, "起案書", "庶務", "市の意思決定を求める一般的な起案文書です。係長・課長の承認を経て部長が決裁します。",
            RetentionClass.TenYears, Schema(fields, amount: null, title: "subject"), new RouteDefinition { Steps = steps })
        { SortOrder = 10 };
    }

    private static FormDesign TripForm()
    {
        FormField[] fields =
        [
            Text("purpose", "用務", required: true, max: 100),
            Text("destination", "用務地", required: true, max: 100),
            new() { Key = "period", Label = "期間", Type = FieldType.DateRange, Required = true },
            Choice("transport", "交通手段", FieldType.Checkbox, required: true, ["公用車", "鉄道", "バス", "航空機", "自家用車(承認済)", "徒歩・自転車"]),
            new() { Key = "estimated_cost", Label = "旅費概算", Type = FieldType.Currency, Required = true, Min = 0, Max = 10_000_000, Help = "旅費規程により算出した概算額です。" },
            new() { Key = "companion", Label = "同行者", Type = FieldType.Staff },
            MultiLine("report", "復命内容", required: false, help: "帰庁後に、用務の結果を記入して復命してください。"),
        ];
        var route = new RouteDefinition { Steps = [Superior("課長 決裁", StepKind.Final, "課長")] };
        return new FormDesign(Trip, "出張命令・復命書", "人事", "出張の命令を受け、帰庁後に復命する様式です。課長が決裁します。",
            RetentionClass.FiveYears, Schema(fields, amount: "estimated_cost", title: "purpose"), route)
        { SortOrder = 20 };
    }

    private static FormDesign LeaveForm()
    {
        var annual = """{"field":"kind","op":"eq","value":"年次有給休暇"}""";
        FormField[] fields =
        [
            Choice("kind", "休暇の種類", FieldType.Select, required: true, LeaveKinds),
            new() { Key = "period", Label = "期間", Type = FieldType.DateRange, Required = true },
            new()
            {
                Key = "hours", Label = "時間単位(時間)", Type = FieldType.Number, Min = 1, Max = 7,
                Help = "時間単位で取得する場合の時間数です(年5日分まで)。",
                VisibleWhen = Condition.FromJson(annual),
            },
            new()
            {
                Key = "reason", Label = "事由", Type = FieldType.MultiLine, MaxLength = 500,
                Help = "年次有給休暇以外は事由を記入してください。",
                RequiredWhen = Condition.FromJson($$"""{"not":{{annual}}}"""),
            },
            Text("contact", "休暇中の連絡先", required: false, max: 100),
        ];
        var route = new RouteDefinition
        {
            Steps =
            [
                Superior("係長 回覧", StepKind.Circulation, "係長"),
                Superior("課長 決裁", StepKind.Final, "課長"),
            ],
        };
        return new FormDesign(Leave, "休暇届", "人事", "年次有給休暇・特別休暇などの届出です。係長が確認し、課長が決裁します。",
            RetentionClass.ThreeYears, Schema(fields, amount: null, title: null), route)
        { SortOrder = 30 };
    }

    private static FormDesign OvertimeForm()
    {
        FormField[] fields =
        [
            new() { Key = "work_date", Label = "勤務日", Type = FieldType.Date, Required = true },
            Text("start_time", "開始時刻", required: true, max: 5, help: "24時間表記(例 17:30)"),
            Text("end_time", "終了時刻", required: true, max: 5, help: "24時間表記(例 20:00)"),
            new() { Key = "planned_hours", Label = "予定時間(時間)", Type = FieldType.Number, Required = true, Min = 0.5m, Max = 15 },
            Text("task", "業務内容", required: true, max: 100),
            MultiLine("reason", "理由", required: true, help: "勤務時間内に処理できない理由を記入してください。"),
        ];
        var route = new RouteDefinition { Steps = [Superior("課長 決裁", StepKind.Final, "課長")] };
        return new FormDesign(Overtime, "時間外勤務命令", "人事", "時間外勤務の事前命令です。課長が決裁します。",
            RetentionClass.FiveYears, Schema(fields, amount: null, title: "task"), route)
        { SortOrder = 40 };
    }

    /// <remarks>
    /// Route, after the 財務規則 of a city of this size: the requesting 課長 approves every purchase, the 部長 from
    /// 50万円, the 副市長 from 500万円; 財政課長 then decides (決裁) as the one who checks the 予算科目 and its balance
    /// before the 支出負担行為. So 10万円 goes 課長 → 決裁, 80万円 課長 → 部長 → 決裁, 600万円 adds the 副市長.
    /// A purchase filed by 財政課 itself skips its own 課長 only in the first step (the applicant never approves).
    /// </remarks>
    private static FormDesign PurchaseForm(int finance)
    {
        FormField[] fields =
        [
            Text("subject", "件名", required: true, max: 100),
            MultiLine("reason", "購入理由", required: true),
            new()
            {
                Key = "items", Label = "明細", Type = FieldType.Table, Required = true, MaxRows = 30,
                Columns =
                [
                    Text("name", "品名", required: true, max: 100),
                    Text("spec", "規格", required: false, max: 100),
                    new() { Key = "quantity", Label = "数量", Type = FieldType.Number, Required = true, Min = 1, Max = 100_000 },
                    Text("unit", "単位", required: true, max: 10),
                    new() { Key = "unit_price", Label = "単価", Type = FieldType.Currency, Required = true, Min = 0, Max = 100_000_000 },
                    new() { Key = "subtotal", Label = "金額", Type = FieldType.Computed, Formula = "quantity * unit_price" },
                ],
            },
            new() { Key = "total", Label = "合計", Type = FieldType.Computed, Formula = "sum(items.subtotal)", ResultType = FieldType.Currency },
            new() { Key = "delivery_date", Label = "納入希望日", Type = FieldType.Date },
            new()
            {
                Key = "quotation", Label = "見積書", Type = FieldType.File, Help = "合計が10万円以上の場合は見積書を添付してください。",
                RequiredWhen = Condition.FromJson("""{"field":"total","op":"gte","value":100000}"""),
            },
            Choice("budget_item", "予算科目", FieldType.Select, required: true, BudgetItems),
        ];
        var route = new RouteDefinition
        {
            Steps =
            [
                Superior("課長", StepKind.Approval, "課長"),
                Superior("部長", StepKind.Approval, "部長", """{"field":"total","op":"gte","value":500000}"""),
                Superior("副市長", StepKind.Approval, "副市長", """{"field":"total","op":"gte","value":5000000}"""),
                new RouteStepDefinition
                {
                    Name = "決裁",
                    Kind = StepKind.Final,
                    Mode = StepMode.Any,
                    Assignees = [new AssigneeRule { Kind = AssigneeKind.Department, DepartmentId = finance, Position = "課長" }],
                },
            ],
        };
        return new FormDesign(Purchase, "物品購入伺", "財務", "消耗品・備品などの購入伺です。金額に応じて部長・副市長の承認を経て、財政課長が決裁します。",
            RetentionClass.FiveYears, Schema(fields, amount: "total", title: "subject"), route)
        { SortOrder = 50 };
    }

    private static FormSchema Schema(FormField[] fields, string? amount, string? title) =>
        new() { Fields = [.. fields], AmountField = amount, TitleField = title };

    private static FormField Text(string key, string label, bool required, int max, string? help = null) =>
        new() { Key = key, Label = label, Type = FieldType.Text, Required = required, MaxLength = max, Help = help };

    private static FormField MultiLine(string key, string label, bool required, string? help = null) =>
        new() { Key = key, Label = label, Type = FieldType.MultiLine, Required = required, MaxLength = 2000, Help = help };

    private static FormField Choice(string key, string label, FieldType type, bool required, IEnumerable<string> options, string? help = null) =>
        new() { Key = key, Label = label, Type = type, Required = required, Options = [.. options], Help = help };

    private static RouteStepDefinition Superior(string name, StepKind kind, string position, string? when = null) => new()
    {
        Name = name,
        Kind = kind,
        Mode = StepMode.Any,
        Assignees = [new AssigneeRule { Kind = AssigneeKind.ApplicantSuperior, Position = position }],
        When = when is null ? null : When(when),
    };

    private static JsonNode When(string json) => JsonNode.Parse(json)!;
}
