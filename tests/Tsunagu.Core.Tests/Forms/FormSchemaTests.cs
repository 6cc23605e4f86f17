using Tsunagu.Core.Forms;
using static Tsunagu.Core.Tests.Forms.FormSamples;

namespace Tsunagu.Core.Tests.Forms;

public class FormSchemaTests
{
    private static FormField Text(string key, string label = "項目") => new() { Key = key, Label = label, Type = FieldType.Text };

    private static IReadOnlyList<string> ProblemsOf(params FormField[] fields) => new FormSchema { Fields = [.. fields] }.Problems();

    [Fact]
    public void FromJson_PurchaseSchema_HasNoProblems()
    {
        var schema = Purchase();

        schema.Problems().ShouldBeEmpty();
        schema.AllFields().Select(f => f.Key).ShouldBe(["subject", "category", "other_reason", "delivery", "items", "total", "estimate", "note"]);
        schema.Find("items")!.Columns.Count.ShouldBe(4);
        schema.Find("other_reason")!.VisibleWhen.ShouldBeOfType<FieldCondition>();
    }

    [Fact]
    public void ToJson_RoundTrips_RichSchema()
    {
        var json = Purchase().ToJson();

        var again = FormSchema.FromJson(json).ToJson();

        again.ShouldBe(json);
        json.ShouldContain("\"type\": \"multiLine\"");
        json.ShouldContain("\"label\": \"件名\"");
        json.ShouldContain("\"formula\": \"sum(items.subtotal)\"");
        json.ShouldContain("\"visibleWhen\": {");
    }

    [Fact]
    public void ToJson_OmitsNullsEmptyListsAndFalse()
    {
        var json = Single(Text("subject", "件名")).ToJson();

        json.ShouldNotContain("null");
        json.ShouldNotContain("options");
        json.ShouldNotContain("required");
        json.ShouldNotContain("amountField");
    }

    [Fact]
    public void FromJson_Malformed_ThrowsFormSchemaException()
    {
        var e = Should.Throw<FormSchemaException>(() => FormSchema.FromJson("{\"fields\": [ {"));

        e.Problems.ShouldHaveSingleItem().ShouldStartWith("フォーム定義のJSONが正しくありません");
    }

    [Fact]
    public void FromJson_MisspelledProperty_IsRefused()
    {
        Should.Throw<FormSchemaException>(() => FormSchema.FromJson("""{"fields":[{"key":"a","label":"件名","type":"text","requird":true}]}"""));
    }

    [Fact]
    public void FromJson_WithProblems_ThrowsWithAllProblems()
    {
        var e = Should.Throw<FormSchemaException>(() => FormSchema.FromJson("""{"fields":[{"key":"A","label":"件名","type":"text"},{"key":"k","label":"区分","type":"select"}]}"""));

        e.Problems.Count.ShouldBe(2);
        e.Message.ShouldContain("選択肢がありません");
    }

    [Fact]
    public void Problems_EmptySchema_IsReported() =>
        new FormSchema().Problems().ShouldHaveSingleItem().ShouldBe("項目が1つもありません。");

    [Theory]
    [InlineData("Subject")]
    [InlineData("1st")]
    [InlineData("件名")]
    [InlineData("a-b")]
    [InlineData("")]
    [InlineData("a2345678901234567890123456789012345678901")]
    public void Problems_BadKey_IsReported(string key) =>
        ProblemsOf(Text(key)).ShouldHaveSingleItem().ShouldContain("英小文字で始まる");

    [Fact]
    public void Problems_KeyOfFortyCharacters_IsAccepted() => ProblemsOf(Text("a234567890123456789012345678901234567890")).ShouldBeEmpty();

    [Fact]
    public void Problems_DuplicateKey_IsReported() =>
        ProblemsOf(Text("a"), Text("a")).ShouldHaveSingleItem().ShouldBe("キー「a」が重複しています。");

    [Fact]
    public void Problems_SameKeyInTableAndTopLevel_IsAllowed()
    {
        var table = new FormField { Key = "items", Label = "明細", Type = FieldType.Table, Columns = [Text("name", "品名")] };

        ProblemsOf(Text("name", "名前"), table).ShouldBeEmpty();
    }

    [Fact]
    public void Problems_LabelMissingOrTooLong_IsReported()
    {
        ProblemsOf(Text("a", "")).ShouldHaveSingleItem().ShouldContain("名前は1〜60文字");
        ProblemsOf(Text("a", new string('あ', 61))).ShouldHaveSingleItem().ShouldContain("名前は1〜60文字");
    }

    [Fact]
    public void Problems_ChoiceWithoutOptions_AndDuplicateOptions_AreReported()
    {
        ProblemsOf(new FormField { Key = "k", Label = "区分", Type = FieldType.Radio }).ShouldHaveSingleItem().ShouldBe("項目「区分」の選択肢がありません。");
        ProblemsOf(new FormField { Key = "k", Label = "区分", Type = FieldType.Checkbox, Options = ["A", "A"] }).ShouldHaveSingleItem().ShouldContain("重複");
    }

    [Fact]
    public void Problems_ForbiddenColumnTypes_AreReported()
    {
        var table = new FormField
        {
            Key = "items",
            Label = "明細",
            Type = FieldType.Table,
            Columns = [new() { Key = "who", Label = "担当", Type = FieldType.Staff }, new() { Key = "att", Label = "添付", Type = FieldType.File }],
        };

        ProblemsOf(table).Count.ShouldBe(2);
    }

    [Fact]
    public void Problems_TableWithoutColumns_IsReported() =>
        ProblemsOf(new FormField { Key = "items", Label = "明細", Type = FieldType.Table }).ShouldHaveSingleItem().ShouldBe("表「明細」に列がありません。");

    [Fact]
    public void Problems_MinAboveMax_IsReported() =>
        ProblemsOf(new FormField { Key = "n", Label = "数量", Type = FieldType.Number, Min = 10, Max = 1 }).ShouldHaveSingleItem().ShouldContain("最小値が最大値より大きく");

    [Fact]
    public void Problems_FormulaWithUnknownField_IsReported() =>
        ProblemsOf(new FormField { Key = "t", Label = "合計", Type = FieldType.Computed, Formula = "price * 2" })
            .ShouldHaveSingleItem().ShouldBe("計算項目「合計」の計算式にある「price」という項目はありません。");

    [Fact]
    public void Problems_FormulaOnTextField_IsReported() =>
        ProblemsOf(Text("name", "氏名"), new FormField { Key = "t", Label = "合計", Type = FieldType.Computed, Formula = "name + 1" })
            .ShouldHaveSingleItem().ShouldContain("数値の項目ではありません");

    [Fact]
    public void Problems_FormulaSyntaxError_IsReported() =>
        ProblemsOf(new FormField { Key = "t", Label = "合計", Type = FieldType.Computed, Formula = "1 + (2" })
            .ShouldHaveSingleItem().ShouldContain("「)」がありません");

    [Fact]
    public void Problems_ComputedWithoutFormula_IsReported() =>
        ProblemsOf(new FormField { Key = "t", Label = "合計", Type = FieldType.Computed }).ShouldHaveSingleItem().ShouldContain("計算式がありません");

    [Fact]
    public void Problems_SumOfUnknownColumn_IsReported()
    {
        var schema = Purchase();
        schema.Find("total")!.Formula = "sum(items.price)";

        schema.Problems().ShouldHaveSingleItem().ShouldContain("「items.price」という列はありません");
    }

    [Fact]
    public void Problems_CycleBetweenComputedFields_IsReported()
    {
        var problems = ProblemsOf(
            new FormField { Key = "a", Label = "A", Type = FieldType.Computed, Formula = "b + 1" },
            new FormField { Key = "b", Label = "B", Type = FieldType.Computed, Formula = "a * 2" });

        problems.ShouldHaveSingleItem().ShouldBe("計算式が循環しています: a → b → a");
    }

    [Fact]
    public void Problems_CycleThroughTableColumn_IsReported()
    {
        var schema = Purchase();
        schema.Find("items")!.Columns.Single(c => c.Key == "subtotal").Formula = "quantity * total";

        schema.Problems().ShouldHaveSingleItem().ShouldContain("循環");
    }

    [Fact]
    public void Problems_AmountFieldNotNumeric_IsReported()
    {
        var schema = Purchase();
        schema.AmountField = "subject";

        schema.Problems().ShouldHaveSingleItem().ShouldBe("金額項目「件名」は数値・金額・計算のいずれかの項目にしてください。");
    }

    [Fact]
    public void Problems_UnknownAmountAndTitleFields_AreReported()
    {
        var schema = Purchase();
        schema.AmountField = "nope";
        schema.TitleField = "total";

        schema.Problems().ShouldBe(["金額項目「nope」が見つかりません。", "件名項目「合計」は1行テキストの項目にしてください。"]);
    }

    [Fact]
    public void Problems_ConditionOnUnknownField_IsReported()
    {
        var field = Text("a", "件名");
        field.VisibleWhen = new FieldCondition("missing", ConditionOp.NotEmpty);

        ProblemsOf(field).ShouldHaveSingleItem().ShouldBe("項目「件名」の表示条件: 条件の項目「missing」が見つかりません。");
    }
}
