using System.Text.Json.Nodes;
using Tsunagu.Core.Forms;
using static Tsunagu.Core.Tests.Forms.FormSamples;

namespace Tsunagu.Core.Tests.Forms;

public class ConditionTests
{
    private static bool Eval(string condition, string values, IReadOnlyList<int>? departments = null, string? position = null) =>
        Condition.FromJson(condition).Evaluate(Context(values, departments, position));

    [Theory]
    [InlineData("gte", 500000, true)]
    [InlineData("gt", 500000, false)]
    [InlineData("lte", 500000, true)]
    [InlineData("lt", 500001, true)]
    [InlineData("eq", 500000, true)]
    [InlineData("ne", 500000, false)]
    public void Field_NumericComparisons(string op, int value, bool expected) =>
        Eval($$"""{"field":"amount","op":"{{op}}","value":{{value}}}""", """{"amount":500000}""").ShouldBe(expected);

    [Fact]
    public void Field_ComparisonWithBlank_IsFalse()
    {
        Eval("""{"field":"amount","op":"gte","value":0}""", "{}").ShouldBeFalse();
        Eval("""{"field":"amount","op":"lt","value":0}""", "{}").ShouldBeFalse();
    }

    [Fact]
    public void Field_DatesCompareChronologically() =>
        Eval("""{"field":"day","op":"lt","value":"2026-04-01"}""", """{"day":"2026-03-31"}""").ShouldBeTrue();

    [Fact]
    public void Field_InAndNotIn()
    {
        Eval("""{"field":"kind","op":"in","value":["備品","その他"]}""", """{"kind":"備品"}""").ShouldBeTrue();
        Eval("""{"field":"kind","op":"notIn","value":["備品","その他"]}""", """{"kind":"備品"}""").ShouldBeFalse();
        Eval("""{"field":"kind","op":"notIn","value":["備品"]}""", "{}").ShouldBeTrue();
    }

    [Fact]
    public void Field_ContainsOnCheckboxAndText()
    {
        Eval("""{"field":"tags","op":"contains","value":"公用車"}""", """{"tags":["出張","公用車"]}""").ShouldBeTrue();
        Eval("""{"field":"tags","op":"contains","value":"公用"}""", """{"tags":["出張","公用車"]}""").ShouldBeFalse();
        Eval("""{"field":"memo","op":"contains","value":"至急"}""", """{"memo":"本件は至急対応"}""").ShouldBeTrue();
    }

    [Fact]
    public void Field_EmptyAndNotEmpty()
    {
        Eval("""{"field":"memo","op":"empty"}""", """{"memo":"  "}""").ShouldBeTrue();
        Eval("""{"field":"tags","op":"empty"}""", """{"tags":[]}""").ShouldBeTrue();
        Eval("""{"field":"memo","op":"notEmpty"}""", """{"memo":"x"}""").ShouldBeTrue();
    }

    [Fact]
    public void AllAnyNot_Combine()
    {
        const string condition = """{"all":[{"field":"a","op":"gte","value":10},{"any":[{"field":"b","op":"eq","value":"x"},{"not":{"field":"c","op":"empty"}}]}]}""";

        Eval(condition, """{"a":10,"b":"x"}""").ShouldBeTrue();
        Eval(condition, """{"a":10,"c":"y"}""").ShouldBeTrue();
        Eval(condition, """{"a":10}""").ShouldBeFalse();
        Eval(condition, """{"a":9,"b":"x"}""").ShouldBeFalse();
    }

    [Fact]
    public void Applicant_Department_MatchesAncestor()
    {
        const string condition = """{"applicant":"department","op":"in","value":[12,13]}""";

        // 係 31 under 課 20 under 部 12
        Eval(condition, "{}", [31, 20, 12]).ShouldBeTrue();
        Eval(condition, "{}", [32, 21, 14]).ShouldBeFalse();
        Eval("""{"applicant":"department","op":"notIn","value":[12]}""", "{}", [31, 20, 12]).ShouldBeFalse();
    }

    [Fact]
    public void Applicant_Position_InAndEq()
    {
        Eval("""{"applicant":"position","op":"in","value":["課長","部長"]}""", "{}", null, "課長").ShouldBeTrue();
        Eval("""{"applicant":"position","op":"eq","value":"部長"}""", "{}", null, "課長").ShouldBeFalse();
        Eval("""{"applicant":"position","op":"ne","value":"部長"}""", "{}", null, "課長").ShouldBeTrue();
        Eval("""{"applicant":"position","op":"in","value":["課長"]}""", "{}", null, null).ShouldBeFalse();
    }

    [Fact]
    public void Json_RoundTrips()
    {
        const string json = """{"all":[{"field":"amount","op":"gte","value":500000},{"any":[{"applicant":"department","op":"in","value":[12,13]},{"applicant":"position","op":"notIn","value":["課長"]}]},{"not":{"field":"memo","op":"empty"}}]}""";

        Condition.FromJson(json).ToJson().ShouldBe(json);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"field":"a","op":"between","value":1}""")]
    [InlineData("""{"field":"a","op":"eq","value":1,"extra":2}""")]
    [InlineData("""{"applicant":"age","op":"eq","value":1}""")]
    [InlineData("""{"all":{"field":"a","op":"empty"}}""")]
    [InlineData("""{"something":1}""")]
    [InlineData("{")]
    public void FromJson_Invalid_ThrowsFormSchemaException(string json) =>
        Should.Throw<FormSchemaException>(() => Condition.FromJson(json));

    [Fact]
    public void Describe_InJapanese_WithLabelsAndDepartmentNames()
    {
        var condition = Condition.FromJson("""{"all":[{"field":"amount","op":"gte","value":500000},{"any":[{"applicant":"department","op":"in","value":[12,13]},{"applicant":"position","op":"eq","value":"課長"}]}]}""");
        Func<string, string?> label = key => key == "amount" ? "金額" : null;
        Func<int, string?> department = id => id == 12 ? "総務課" : null;

        condition.Describe(label, department).ShouldBe("金額 が 500,000 以上 かつ (所属 が 総務課、13(配下を含む) のいずれか または 職位 が 課長)");
        condition.Describe(label).ShouldContain("所属 が 12、13(配下を含む)");
    }

    [Fact]
    public void Describe_NotAndEmpty() =>
        Condition.FromJson("""{"not":{"field":"memo","op":"empty"}}""").Describe(_ => "備考").ShouldBe("(備考 が 未入力) ではない");

    [Fact]
    public void Problems_OpNotValidForFieldType_IsReported()
    {
        var schema = Purchase();

        new FieldCondition("subject", ConditionOp.Gte, JsonValue.Create(1)).Problems(schema).ShouldHaveSingleItem().ShouldContain("演算子「gte」は使えません");
        new FieldCondition("items", ConditionOp.Eq, JsonValue.Create(1)).Problems(schema).ShouldHaveSingleItem().ShouldContain("使えません");
    }

    [Fact]
    public void Problems_ValueOfWrongKind_IsReported()
    {
        var schema = Purchase();

        Condition.FromJson("""{"field":"total","op":"gte","value":"たくさん"}""").Problems(schema).ShouldHaveSingleItem().ShouldContain("数値ではありません");
        Condition.FromJson("""{"field":"category","op":"eq","value":"食品"}""").Problems(schema).ShouldHaveSingleItem().ShouldContain("選択肢にありません");
        Condition.FromJson("""{"field":"category","op":"in","value":"備品"}""").Problems(schema).ShouldHaveSingleItem().ShouldContain("形式が正しくありません");
        Condition.FromJson("""{"applicant":"department","op":"in","value":["総務課"]}""").Problems(schema).ShouldHaveSingleItem();
        Condition.FromJson("""{"applicant":"department","op":"gte","value":1}""").Problems(schema).ShouldHaveSingleItem();
    }

    [Fact]
    public void Problems_UnknownField_IsReported() =>
        Condition.FromJson("""{"any":[{"field":"nope","op":"empty"}]}""").Problems(Purchase()).ShouldBe(["条件の項目「nope」が見つかりません。"]);

    [Fact]
    public void Problems_ValidCondition_HasNone() =>
        Condition.FromJson("""{"all":[{"field":"total","op":"gte","value":500000},{"field":"category","op":"in","value":["備品"]},{"applicant":"position","op":"eq","value":"課長"}]}""")
            .Problems(Purchase()).ShouldBeEmpty();
}
