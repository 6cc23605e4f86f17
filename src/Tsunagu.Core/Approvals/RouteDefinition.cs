using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Tsunagu.Core.Forms;

namespace Tsunagu.Core.Approvals;

/// <summary>承認 (approve), 合議 (parallel consultation), 回覧 (acknowledge only), 決裁 (the final decision).</summary>
public enum StepKind
{
    Approval,
    Consultation,
    Circulation,
    Final,
}

/// <summary>How many of a step's assignees must approve: all of them, any one, or <c>RequiredCount</c> of them.</summary>
public enum StepMode
{
    All,
    Any,
    Count,
}

public enum AssigneeKind
{
    /// <summary>A named person.</summary>
    Person,

    /// <summary>
    /// The holder of a position above the applicant (課長, 部長): the nearest department from the applicant's own
    /// upwards that has an active holder; for 三役 (副市長), a holder anywhere. An applicant at or above the position
    /// skips the step, and so does an applicant whose line has no holder (a 室 without 係 has no 係長) — except on
    /// the 決裁 step, which then goes to the nearest post above it in the applicant's line.
    /// </summary>
    ApplicantSuperior,

    /// <summary>The members of a department, optionally only those of one position (財政課の課長).</summary>
    Department,

    /// <summary>The applicant picks one person from a permitted list when filing.</summary>
    ApplicantChoice,
}

public sealed class AssigneeRule
{
    public AssigneeKind Kind { get; set; }

    public int? AccountId { get; set; }

    public string? Position { get; set; }

    public int? DepartmentId { get; set; }

    /// <summary><see cref="AssigneeKind.ApplicantChoice"/>: the accounts the applicant may choose from.</summary>
    public List<int> Choices { get; set; } = [];
}

public sealed class RouteStepDefinition
{
    public string Name { get; set; } = "";

    public StepKind Kind { get; set; }

    public StepMode Mode { get; set; }

    /// <summary>For <see cref="StepMode.Count"/>.</summary>
    public int? RequiredCount { get; set; }

    public List<AssigneeRule> Assignees { get; set; } = [];

    /// <summary>A <see cref="Condition"/> (JSON) under which the step is part of the route; none: always.</summary>
    public JsonNode? When { get; set; }

    public Condition? ParseWhen() => When is null ? null : Condition.FromJson(When.ToJsonString());
}

/// <summary>A form's route (回付ルート): steps in order, each possibly conditional.</summary>
public sealed class RouteDefinition
{
    public const int MaxSteps = 20;

    public List<RouteStepDefinition> Steps { get; set; } = [];

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static RouteDefinition FromJson(string json)
    {
        RouteDefinition? route;
        try
        {
            route = JsonSerializer.Deserialize<RouteDefinition>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new DomainException("route.invalid-json", $"回付ルートの JSON を読めません: {ex.Message}");
        }

        return route ?? throw new DomainException("route.invalid-json", "回付ルートが空です。");
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Japanese messages for everything wrong with the route against its form's fields.</summary>
    public IReadOnlyList<string> Problems(FormSchema schema)
    {
        var problems = new List<string>();
        if (Steps.Count == 0)
        {
            problems.Add("回付ルートに段階が1つもありません。");
        }

        if (Steps.Count > MaxSteps)
        {
            problems.Add($"回付ルートの段階は{MaxSteps}までです。");
        }

        if (Steps.Count > 0 && Steps[^1].Kind != StepKind.Final)
        {
            problems.Add("最後の段階は「決裁」にしてください。");
        }

        if (Steps.Count(s => s.Kind == StepKind.Final) > 1)
        {
            problems.Add("「決裁」の段階は1つだけにしてください。");
        }

        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var label = $"{i + 1}段目「{step.Name}」";
            if (string.IsNullOrWhiteSpace(step.Name) || step.Name.Length > 40)
            {
                problems.Add($"{i + 1}段目の名前を1〜40文字で入力してください。");
            }

            if (step.Assignees.Count == 0)
            {
                problems.Add($"{label}に承認者がいません。");
            }

            if (step.Mode == StepMode.Count && (step.RequiredCount is not > 0))
            {
                problems.Add($"{label}の必要人数を1以上にしてください。");
            }

            foreach (var rule in step.Assignees)
            {
                var missing = rule.Kind switch
                {
                    AssigneeKind.Person => rule.AccountId is null,
                    AssigneeKind.ApplicantSuperior => string.IsNullOrWhiteSpace(rule.Position),
                    AssigneeKind.Department => rule.DepartmentId is null,
                    AssigneeKind.ApplicantChoice => rule.Choices.Count == 0,
                    _ => true,
                };
                if (missing)
                {
                    problems.Add($"{label}の承認者の指定が不完全です。");
                }
            }

            if (step.When is not null)
            {
                try
                {
                    problems.AddRange(step.ParseWhen()!.Problems(schema).Select(p => $"{label}の条件: {p}"));
                }
                catch (Exception ex) when (ex is FormSchemaException or JsonException or DomainException or ArgumentException or InvalidOperationException or NotSupportedException)
                {
                    problems.Add($"{label}の条件を読めません: {ex.Message}");
                }
            }
        }

        return problems;
    }
}
