namespace Tsunagu.Core.Strategy;

/// <summary>The four axes of the seed's デジタル化レベル(指標). The numbers are stored; never renumber them.</summary>
public enum MaturityAxis
{
    ItLiteracy = 1,
    InternalSystems = 2,
    Organization = 3,
    ImprovementMindset = 4,
}

/// <summary>One axis of the rubric: its name and the description of levels 1 to 5, quoted from the seed.</summary>
public sealed record MaturityAxisDefinition(MaturityAxis Axis, string Name, IReadOnlyList<string> Levels)
{
    public string Describe(int level) => level is >= MaturityRubric.MinLevel and <= MaturityRubric.MaxLevel ? Levels[level - 1] : "";
}

/// <summary>
/// The rubric of 瀬戸内市DX戦略方針 (令和3年度), 「デジタル化レベル(指標)について」, as data: the one place its text
/// lives (the pages and the tests read it from here). A test compares it with the seed document.
/// </summary>
public static class MaturityRubric
{
    public const int MinLevel = 1;
    public const int MaxLevel = 5;

    /// <summary>「22年度末までに、各レベルが レベル4に上がるように」: the seed's target.</summary>
    public const int SeedTargetLevel = 4;

    public static readonly DateOnly SeedTargetDate = new(2023, 3, 31);

    public static IReadOnlyList<MaturityAxisDefinition> Axes { get; } =
    [
        new(MaturityAxis.ItLiteracy, "ITリテラシー",
        [
            "パソコン/メール/GWなどの最低限の操作ができるITリテラシーが全庁レベルで備わっていない",
            "パソコン/メール/GWなどの最低限の操作ができるITリテラシーが全庁レベルで備わっている(そのための最低限の教育がある)",
            "パソコン/メール/GWの機能を全庁レベルで積極的に活用している(そのための教育がある)",
            "全庁レベルでデジタル化/DX推進に向けた教育や取り組みが計画されている(そのための教育や場がある)",
            "全庁レベルでデジタル化/DX推進に向けた教育や取り組みを実行中である",
        ]),
        new(MaturityAxis.InternalSystems, "庁内システム",
        [
            "メール/GWなどの最低限の情報系システムが全庁レベルで導入されていない",
            "メール/GWなどの最低限の情報系システムは導入されており、最低限の更新はされている",
            "メール/GWなどの最低限の情報系システムは導入されており、計画的に機能拡張がされている",
            "メール/GWに加えて、デジタル化/DX推進で利用できる基盤を計画中または一部導入されている",
            "メール/GWに加えて、デジタル化/DX推進で利用できる基盤が全庁レベルで導入されている",
        ]),
        new(MaturityAxis.Organization, "組織体制",
        [
            "情報化担当部署および情報担当要員が配置されていない",
            "情報化担当部署および情報担当要員が配置されているが、兼務等にて最低限の情報管理がされていない",
            "情報化担当部署および情報担当要員が配置されており、最低限の情報管理がされている",
            "全庁レベルでデジタル化/DX推進に向けた体制強化が計画されている",
            "全庁レベルでデジタル化/DX推進ができる体制を構築中または構築できている",
        ]),
        new(MaturityAxis.ImprovementMindset, "改善意識",
        [
            "現状庁内システム等業務に関する各種システムや業務自体に対する課題および改善意識がない",
            "現状庁内システム等業務に関わる各種システムや業務自体に対する課題は感じているが、具体的な課題を整理していない",
            "現状庁内システム等業務に関わる各種システムや業務自体に対する具体的な課題を改善案に落とし込みしている",
            "現状システムや業務に加えて、デジタル化/DX推進に必要な機能や新たな業務プロセスなどの提案が行われている",
            "現状システムや業務に加えて、デジタル化/DX推進に必要な機能や新たな業務プロセスなどの提案が実行されている",
        ]),
    ];

    public static MaturityAxisDefinition Of(MaturityAxis axis) => Axes.Single(a => a.Axis == axis);
}
