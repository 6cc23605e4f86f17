using System.Text.Json.Nodes;
using Tsunagu.Core.Forms;

namespace Tsunagu.Core.Tests.Forms;

public class FormulaTests
{
    private static decimal Eval(string formula, string values = "{}") =>
        Formula.Parse(formula).Evaluate(JsonNode.Parse(values)!.AsObject());

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("24 / 4 / 2", 3)]
    [InlineData("-2 * 3", -6)]
    [InlineData("2 - -3", 5)]
    [InlineData("-(1 + 2)", -3)]
    [InlineData("1.5 * 2", 3)]
    public void Evaluate_FollowsPrecedence(string formula, decimal expected) => Eval(formula).ShouldBe(expected);

    [Theory]
    [InlineData("round(2.5)", 3)]
    [InlineData("round(-2.5)", -3)]
    [InlineData("round(1.235, 2)", 1.24)]
    [InlineData("floor(2.7)", 2)]
    [InlineData("ceil(2.1)", 3)]
    [InlineData("min(3, 1, 2)", 1)]
    [InlineData("max(3, 7)", 7)]
    public void Evaluate_Functions(string formula, decimal expected) => Eval(formula).ShouldBe(expected);

    [Fact]
    public void Evaluate_DivisionByZero_IsZero() => Eval("10 / (a - a)", """{"a": 3}""").ShouldBe(0);

    [Fact]
    public void Evaluate_MissingAndBlankValues_CountAsZero() => Eval("a + b + 1", """{"b": ""}""").ShouldBe(1);

    [Fact]
    public void Evaluate_NumbersTypedAsStrings_AreRead() => Eval("a * 2", """{"a": "1,500"}""").ShouldBe(3000);

    [Fact]
    public void Evaluate_SumAndCount_OverTableRows() =>
        Eval("sum(items.subtotal) + count(items)", """{"items":[{"subtotal":100},{"subtotal":250},{}]}""").ShouldBe(353);

    [Fact]
    public void Parse_FullWidthFormula_IsNormalised() => Eval("１＋２").ShouldBe(3);

    [Fact]
    public void Parse_ListsReferences()
    {
        var formula = Formula.Parse("round(a * b) + sum(items.subtotal) + count(rows) + a");

        formula.References.ShouldBe(["a", "b"]);
        formula.ColumnReferences.ShouldBe([("items", "subtotal")]);
        formula.TableReferences.ShouldBe(["items", "rows"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 +")]
    [InlineData("(1")]
    [InlineData("a b")]
    [InlineData("exec(1)")]
    [InlineData("items.subtotal")]
    [InlineData("round(1, 2, 3)")]
    [InlineData("min(1)")]
    [InlineData("a; drop")]
    [InlineData("1..2")]
    public void Parse_Invalid_ThrowsFormatExceptionInJapanese(string formula) =>
        Should.Throw<FormatException>(() => Formula.Parse(formula)).Message.ShouldContain("計算式");

    [Fact]
    public void Parse_DeeplyNested_IsRefusedNotStackOverflow() =>
        Should.Throw<FormatException>(() => Formula.Parse(new string('(', 10000) + "1" + new string(')', 10000)));
}
