using Tsunagu.Core.Forms;

namespace Tsunagu.Core.StaffSurveys;

/// <summary>A ready question set the DX office starts a survey from; the questions are a <see cref="FormSchema"/>.</summary>
public sealed record StaffSurveyTemplate(string Code, string Name, string Description, bool AllowsSeveralAnswers, FormSchema Schema);

/// <summary>
/// The question sets a survey can be made from. The form engine validates and renders them; a survey keeps its own
/// copy of the schema, so changing a set later never changes a survey already sent (ADR 0013).
/// </summary>
public static class StaffSurveyTemplates
{
    public const string Business = "business";
    public const string Telework = "telework";
    public const string Opinion = "opinion";

    public static readonly string[] Areas = ["庁内業務", "庁外業務"];
    public static readonly string[] DigitalStates = ["実施済", "検討中", "未着手"];
    public static readonly string[] TeleworkStates = ["実施している", "一部で実施している", "実施していない"];
    public static readonly string[] TeleworkIssues = ["端末・回線が足りない", "紙の決裁・押印が残る", "持ち出せない情報が多い", "勤務管理が難しい", "特になし"];

    public static IReadOnlyList<StaffSurveyTemplate> All { get; } =
    [
        new(Business, "業務に対するアンケート", "業務ごとに、庁内業務か庁外業務か、現状の課題とデジタル化の取り組み状況を尋ねます。1つの課から業務の数だけ回答できます。", true, Schema(
        [
            Field("area", "区分", FieldType.Radio, true, Areas, help: "職員どうしの業務は庁内業務、市民・事業者向けの業務は庁外業務です。"),
            Field("business", "業務名", FieldType.Text, true, maxLength: 100),
            Field("issue", "現状の課題", FieldType.MultiLine, true, maxLength: 1000),
            Field("digital", "デジタル化の取り組み状況", FieldType.Radio, true, DigitalStates),
            Field("request", "要望", FieldType.MultiLine, false, maxLength: 1000, help: "DX戦略室への要望があれば記入してください。"),
        ])),
        new(Telework, "テレワーク実施状況調査", "課ごとのテレワークの実施状況と課題を尋ねます。1つの課から1件回答します。", false, Schema(
        [
            Field("status", "テレワークの実施状況", FieldType.Radio, true, TeleworkStates),
            Field("people", "この1か月に実施した職員数(人)", FieldType.Number, true, min: 0, max: 500),
            Field("issues", "実施上の課題(複数選択可)", FieldType.Checkbox, false, TeleworkIssues),
            Field("comment", "意見・要望", FieldType.MultiLine, false, maxLength: 1000),
        ])),
        new(Opinion, "意見募集(自由記述)", "1つの設問に自由に記述してもらいます。", false, Schema(
        [
            Field("opinion", "ご意見", FieldType.MultiLine, true, maxLength: 2000),
        ])),
    ];

    public static StaffSurveyTemplate? Find(string? code) => All.FirstOrDefault(t => t.Code == code);

    private static FormSchema Schema(FormField[] fields) => FormSchema.FromJson(new FormSchema { Fields = [.. fields] }.ToJson());

    private static FormField Field(string key, string label, FieldType type, bool required, string[]? options = null, int? maxLength = null, decimal? min = null, decimal? max = null, string? help = null) => new()
    {
        Key = key,
        Label = label,
        Type = type,
        Required = required,
        Options = options is null ? [] : [.. options],
        MaxLength = maxLength,
        Min = min,
        Max = max,
        Help = help,
    };
}
