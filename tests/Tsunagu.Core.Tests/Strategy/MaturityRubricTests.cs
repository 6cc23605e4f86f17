using Tsunagu.Core.Strategy;

namespace Tsunagu.Core.Tests.Strategy;

/// <summary>The rubric in code is the seed's 「デジタル化レベル(指標)」, word for word (seed/setouchi-dx-strategy-r3.txt).</summary>
public sealed class MaturityRubricTests
{
    private static string[] SeedLines()
    {
        string? path = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && path is null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "seed", "setouchi-dx-strategy-r3.txt");
            if (File.Exists(candidate))
            {
                path = candidate;
            }
        }

        return File.ReadAllLines(path ?? "/work/shared/seed/setouchi-dx-strategy-r3.txt");
    }

    [Fact]
    public void Rubric_MatchesTheSeedTable_LevelByLevel()
    {
        var lines = SeedLines();
        var start = Array.FindIndex(lines, l => l.StartsWith("分類\tレベル\t状態の説明", StringComparison.Ordinal));
        start.ShouldBeGreaterThan(0);

        // 20 rows after the header: 4 axes × 5 levels, the axis name on the third row of its five.
        var rows = lines.Skip(start + 1).Take(20).Select(l => l.Split('\t')).ToList();
        MaturityRubric.Axes.Count.ShouldBe(4);
        for (var a = 0; a < 4; a++)
        {
            var axis = MaturityRubric.Axes[a];
            rows[(a * 5) + 2][0].ShouldBe(axis.Name);
            axis.Levels.Count.ShouldBe(5);
            for (var level = 1; level <= 5; level++)
            {
                var row = rows[(a * 5) + level - 1];
                row[1].ShouldBe(level.ToString(System.Globalization.CultureInfo.InvariantCulture));
                axis.Describe(level).ShouldBe(row[2]);
            }
        }
    }

    [Fact]
    public void SeedTarget_IsLevel4_ByTheEndOfFiscal2022()
    {
        var text = string.Join('\n', SeedLines());
        text.ShouldContain("22年度末までに、各レベルが レベル4に上がるように");
        MaturityRubric.SeedTargetLevel.ShouldBe(4);
        MaturityRubric.SeedTargetDate.ShouldBe(new DateOnly(2023, 3, 31));
    }

    [Theory]
    [InlineData(2021, 4, 1, "R3上期")]
    [InlineData(2021, 9, 30, "R3上期")]
    [InlineData(2021, 10, 1, "R3下期")]
    [InlineData(2022, 3, 31, "R3下期")]
    [InlineData(2026, 3, 31, "R7下期")]
    [InlineData(2026, 11, 27, "R8下期")]
    public void Period_OfADay_FollowsTheFiscalYear(int y, int m, int d, string label) =>
        RoadmapPeriod.Of(new DateOnly(y, m, d)).ShortLabel.ShouldBe(label);

    [Fact]
    public void Columns_AreTheSeedsTenHalves_ExtendedToTheNextHalfYear()
    {
        RoadmapPeriod.Columns(new DateOnly(2023, 5, 1)).Select(p => p.ShortLabel).ShouldBe(
            ["R3上期", "R3下期", "R4上期", "R4下期", "R5上期", "R5下期", "R6上期", "R6下期", "R7上期", "R7下期"]);
        var later = RoadmapPeriod.Columns(new DateOnly(2026, 11, 27));
        // Today (R8下期) and the next half-year to plan.
        later.Count.ShouldBe(13);
        later[^2].ShortLabel.ShouldBe("R8下期");
        later[^2].Starts.ShouldBe(new DateOnly(2026, 10, 1));
        later[^2].Ends.ShouldBe(new DateOnly(2027, 3, 31));
        later[^1].ShortLabel.ShouldBe("R9上期");
    }

    [Theory]
    [InlineData("2021-1", true)]
    [InlineData("2025-2", true)]
    [InlineData("2021-3", false)]
    [InlineData("2020-1", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    public void Period_Parse_RefusesWhatIsNotAHalfYear(string key, bool ok) =>
        RoadmapPeriod.TryParse(key, out _).ShouldBe(ok);

    [Fact]
    public void Editors_Default_IsTheDxOffice_AndAdminsAlways()
    {
        var editors = RoadmapEditors.Parse(null);
        var audit = Tsunagu.Core.Audit.Actor.System;
        editors.Allows(new StrategyActor(1, "moriya.misaki", "企画振興部/DX戦略室", new HashSet<string> { "Staff", "DxOffice" }, audit)).ShouldBeTrue();
        editors.Allows(new StrategyActor(2, "ikeda.takashi", "総務部/財政課", new HashSet<string> { "Staff" }, audit)).ShouldBeFalse();
        editors.Allows(new StrategyActor(3, "admin", null, new HashSet<string> { "SystemAdministrator" }, audit)).ShouldBeTrue();

        var configured = RoadmapEditors.Parse("department:総務部\naccount:sato.x");
        configured.Allows(new StrategyActor(2, "ikeda.takashi", "総務部/財政課", new HashSet<string> { "Staff" }, audit)).ShouldBeTrue();
        configured.Allows(new StrategyActor(4, "Sato.X", "市民部/市民課", new HashSet<string> { "Staff" }, audit)).ShouldBeTrue();
        configured.Allows(new StrategyActor(1, "moriya.misaki", "企画振興部/DX戦略室", new HashSet<string> { "Staff", "DxOffice" }, audit)).ShouldBeFalse();
        // 総務部 does not grant 総務部2 by prefix.
        configured.Allows(new StrategyActor(5, "x", "総務部2/課", new HashSet<string> { "Staff" }, audit)).ShouldBeFalse();
        RoadmapEditors.Parse(configured.Format()).Format().ShouldBe("department:総務部\naccount:sato.x");
    }
}
