using System.Text.Json.Nodes;
using Tsunagu.Core.Forms;
using static Tsunagu.Core.Tests.Forms.FormSamples;

namespace Tsunagu.Core.Tests.Forms;

public class FormValidatorTests
{
    private const string ValidPurchase = """
        {
          "subject": "  プリンタートナーの購入  ",
          "category": "消耗品",
          "delivery": "2026/4/1",
          "items": [
            { "name": "トナー（黒）", "quantity": "3", "unit_price": "１２，５００円" },
            { "name": "", "quantity": "", "unit_price": "" },
            { "name": "用紙", "quantity": 10, "unit_price": 4380 }
          ],
          "unknown": "dropped"
        }
        """;

    private static FormField Field(FieldType type, string label = "項目", bool required = false) =>
        new() { Key = "f", Label = label, Type = type, Required = required, Options = type is FieldType.Select or FieldType.Radio or FieldType.Checkbox ? ["A", "B", "C"] : [] };

    [Fact]
    public void Validate_PurchaseRequest_ComputesSubtotalsTotalAndAmount()
    {
        var check = Check(Purchase(), ValidPurchase);

        check.IsValid.ShouldBeTrue(string.Join(" / ", check.Errors.Values));
        check.Title.ShouldBe("プリンタートナーの購入");
        check.Amount.ShouldBe(81300m);
        var items = check.Values["items"]!.AsArray();
        items.Count.ShouldBe(2);
        items[0]!["subtotal"]!.GetValue<long>().ShouldBe(37500);
        items[0]!["unit_price"]!.GetValue<long>().ShouldBe(12500);
        check.Values["total"]!.GetValue<long>().ShouldBe(81300);
        check.Values["total"]!.GetValue<decimal>().ShouldBe(81300m);
        check.Values.ToJsonString().ShouldContain("\"total\":81300");
        check.Values["delivery"]!.GetValue<string>().ShouldBe("2026-04-01");
        check.Values.ContainsKey("unknown").ShouldBeFalse();
        check.Values.ContainsKey("note").ShouldBeFalse();
    }

    [Fact]
    public void Validate_WhenRequiredTextMissing_ReportsJapaneseMessage()
    {
        var check = Check(Purchase(), """{"category":"消耗品","items":[{"name":"a","quantity":1,"unit_price":1}]}""");

        check.IsValid.ShouldBeFalse();
        check.Errors.ShouldBe(new Dictionary<string, string> { ["subject"] = "「件名」を入力してください。" });
    }

    [Fact]
    public void Validate_WhenRequiredTableEmpty_AsksForOneRow()
    {
        var check = Check(Purchase(), """{"subject":"x","category":"消耗品","items":[{"name":" ","quantity":""}]}""");

        check.Errors["items"].ShouldBe("「明細」を1行以上入力してください。");
    }

    [Fact]
    public void Validate_WhenRowCellMissing_NamesRowAndColumn()
    {
        var check = Check(Purchase(), """{"subject":"x","category":"消耗品","items":[{"name":"a","quantity":1,"unit_price":1},{"name":"b","quantity":1,"unit_price":1},{"name":"c","unit_price":100}]}""");

        check.Errors.ShouldBe(new Dictionary<string, string> { ["items[2].quantity"] = "明細 3行目の「数量」を入力してください。" });
    }

    [Fact]
    public void Validate_WhenRowCellInvalid_NamesRowAndColumn()
    {
        var check = Check(Purchase(), """{"subject":"x","category":"消耗品","items":[{"name":"a","quantity":0,"unit_price":1.5}]}""");

        check.Errors["items[0].quantity"].ShouldBe("明細 1行目の「数量」は1以上で入力してください。");
        check.Errors["items[0].unit_price"].ShouldBe("明細 1行目の「単価」は0以上の整数(円)で入力してください。");
    }

    [Fact]
    public void Validate_WhenTooManyRows_ReportsLimit()
    {
        var rows = string.Join(",", Enumerable.Range(1, 6).Select(i => $$"""{"name":"n{{i}}","quantity":1,"unit_price":1}"""));

        var check = Check(Purchase(), $$"""{"subject":"x","category":"消耗品","items":[{{rows}}]}""");

        check.Errors["items"].ShouldBe("明細は5行までです。");
    }

    [Fact]
    public void Validate_DefaultMaxRowsIs50()
    {
        var table = new FormField { Key = "items", Label = "明細", Type = FieldType.Table, Columns = [new() { Key = "n", Label = "数", Type = FieldType.Number }] };
        var rows = new JsonArray([.. Enumerable.Range(1, 51).Select(i => (JsonNode)new JsonObject { ["n"] = i })]);

        CheckOne(table, rows).Errors["items"].ShouldBe("明細は50行までです。");
    }

    [Fact]
    public void Validate_HiddenField_IsRemovedAndNotRequired()
    {
        var check = Check(Purchase(), """{"subject":"x","category":"消耗品","other_reason":"書いたけど隠れる","items":[{"name":"a","quantity":1,"unit_price":1}]}""");

        check.IsValid.ShouldBeTrue();
        check.Values.ContainsKey("other_reason").ShouldBeFalse();
    }

    [Fact]
    public void Validate_RequiredWhen_AppliesWhenVisible()
    {
        var check = Check(Purchase(), """{"subject":"x","category":"その他","items":[{"name":"a","quantity":1,"unit_price":1}]}""");

        check.Errors.ShouldBe(new Dictionary<string, string> { ["other_reason"] = "「その他の理由」を入力してください。" });
    }

    [Fact]
    public void Validate_RequiredWhen_SeesComputedTotal()
    {
        var check = Check(Purchase(), """{"subject":"x","category":"備品","items":[{"name":"机","quantity":2,"unit_price":"50,000"}]}""");

        check.Errors.ShouldBe(new Dictionary<string, string> { ["estimate"] = "「見積書」を添付してください。" });

        var withFile = Check(Purchase(), """{"subject":"x","category":"備品","items":[{"name":"机","quantity":2,"unit_price":"50,000"}],"estimate":[41,"42",41]}""");
        withFile.IsValid.ShouldBeTrue();
        withFile.FileIds.ShouldBe([41, 42]);
    }

    [Fact]
    public void Validate_ApplicantCondition_ControlsVisibility()
    {
        var secret = new FormField { Key = "budget_code", Label = "予算コード", Type = FieldType.Text, Required = true, VisibleWhen = Condition.FromJson("""{"applicant":"department","op":"in","value":[12]}""") };
        var schema = Single(secret);

        Check(schema, "{}", [31, 20, 12]).Errors.ShouldContainKey("budget_code");
        Check(schema, "{}", [40, 14]).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Validate_ColumnCondition_SeesItsRow()
    {
        var schema = new FormSchema
        {
            Fields =
            [
                new()
                {
                    Key = "trips",
                    Label = "行程",
                    Type = FieldType.Table,
                    Columns =
                    [
                        new() { Key = "mode", Label = "交通手段", Type = FieldType.Select, Options = ["電車", "自家用車"], Required = true },
                        new() { Key = "km", Label = "距離", Type = FieldType.Number, RequiredWhen = Condition.FromJson("""{"field":"mode","op":"eq","value":"自家用車"}""") },
                    ],
                },
            ],
        };

        var check = Check(schema, """{"trips":[{"mode":"電車"},{"mode":"自家用車"}]}""");

        check.Errors.ShouldBe(new Dictionary<string, string> { ["trips[1].km"] = "行程 2行目の「距離」を入力してください。" });
    }

    [Theory]
    [InlineData("800000", 800000)]
    [InlineData("\"800,000\"", 800000)]
    [InlineData("\"８００，０００円\"", 800000)]
    [InlineData("\" 1,234 円 \"", 1234)]
    [InlineData("\"¥5,000\"", 5000)]
    [InlineData("\"0\"", 0)]
    public void Validate_CurrencyInput_IsNormalisedToInteger(string json, long expected)
    {
        var check = CheckOne(Field(FieldType.Currency, "金額"), JsonNode.Parse(json));

        check.IsValid.ShouldBeTrue();
        check.Values["f"]!.GetValue<long>().ShouldBe(expected);
    }

    [Theory]
    [InlineData("100.5")]
    [InlineData("-1")]
    [InlineData("\"abc\"")]
    [InlineData("\"1,2,3\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    public void Validate_CurrencyInvalid_ReportsJapaneseMessage(string json) =>
        CheckOne(Field(FieldType.Currency, "金額"), JsonNode.Parse(json)).Errors["f"].ShouldBe("「金額」は0以上の整数(円)で入力してください。");

    [Fact]
    public void Validate_CurrencyNegative_AllowedWhenMinIsNegative()
    {
        var field = Field(FieldType.Currency, "調整額");
        field.Min = -10000;

        CheckOne(field, JsonValue.Create("-5,000")).Values["f"]!.GetValue<long>().ShouldBe(-5000);
        CheckOne(field, JsonValue.Create(-20000)).Errors["f"].ShouldBe("「調整額」は-10,000円以上で入力してください。");
    }

    [Theory]
    [InlineData("\"1,234.5\"", 1234.5)]
    [InlineData("\"１２．５\"", 12.5)]
    [InlineData("\"−3\"", -3)]
    [InlineData("2.50", 2.5)]
    public void Validate_NumberInput_IsNormalised(string json, decimal expected)
    {
        var check = CheckOne(Field(FieldType.Number, "数量"), JsonNode.Parse(json));

        check.IsValid.ShouldBeTrue();
        FormDisplay.Format(Field(FieldType.Number), check.Values["f"]).ShouldBe(expected.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Validate_NumberOutOfRange_ReportsRange()
    {
        var field = Field(FieldType.Number, "人数");
        field.Min = 1;
        field.Max = 100;

        CheckOne(field, JsonValue.Create(101)).Errors["f"].ShouldBe("「人数」は1から100までの範囲で入力してください。");
        CheckOne(field, JsonValue.Create("十")).Errors["f"].ShouldBe("「人数」は数値で入力してください。");
    }

    [Fact]
    public void Validate_TextTooLong_ReportsLimit()
    {
        CheckOne(Field(FieldType.MultiLine, "備考"), JsonValue.Create(new string('あ', 4001))).Errors["f"].ShouldBe("「備考」は4000文字以内で入力してください。");
        CheckOne(Field(FieldType.Text, "件名"), JsonValue.Create(new string('a', 201))).Errors["f"].ShouldBe("「件名」は200文字以内で入力してください。");
    }

    [Fact]
    public void Validate_TextLength_CountsCharactersNotUtf16Units() =>
        CheckOne(new FormField { Key = "f", Label = "氏名", Type = FieldType.Text, MaxLength = 3 }, JsonValue.Create("𠮷野家")).IsValid.ShouldBeTrue();

    [Fact]
    public void Validate_TextIsTrimmedButNotNormalised()
    {
        var check = CheckOne(Field(FieldType.Text), JsonValue.Create("　ＡＢＣ１ "));

        check.Values["f"]!.GetValue<string>().ShouldBe("ＡＢＣ１");
    }

    [Fact]
    public void Validate_SingleLineText_RefusesLineBreaks() =>
        CheckOne(Field(FieldType.Text, "件名"), JsonValue.Create("一行目\n二行目")).Errors["f"].ShouldBe("「件名」に改行は入力できません。");

    [Fact]
    public void Validate_MultiLine_KeepsLineBreaksAsLf() =>
        CheckOne(Field(FieldType.MultiLine), JsonValue.Create("a\r\nb")).Values["f"]!.GetValue<string>().ShouldBe("a\nb");

    [Theory]
    [InlineData("2026-11-27", "2026-11-27")]
    [InlineData("2026/4/1", "2026-04-01")]
    [InlineData("２０２６／４／１", "2026-04-01")]
    [InlineData("1900-01-01", "1900-01-01")]
    public void Validate_DateInput_IsNormalised(string input, string expected) =>
        CheckOne(Field(FieldType.Date), JsonValue.Create(input)).Values["f"]!.GetValue<string>().ShouldBe(expected);

    [Theory]
    [InlineData("2026-02-30", "「日付」は正しい日付(例: 2026-04-01)で入力してください。")]
    [InlineData("令和8年4月1日", "「日付」は正しい日付(例: 2026-04-01)で入力してください。")]
    [InlineData("2100-01-01", "「日付」は1900年から2099年までの日付で入力してください。")]
    [InlineData("1899-12-31", "「日付」は1900年から2099年までの日付で入力してください。")]
    public void Validate_DateInvalid_ReportsJapaneseMessage(string input, string message) =>
        CheckOne(Field(FieldType.Date, "日付"), JsonValue.Create(input)).Errors["f"].ShouldBe(message);

    [Fact]
    public void Validate_DateRange_NormalisesBothEnds()
    {
        var check = CheckOne(Field(FieldType.DateRange, "期間"), JsonNode.Parse("""{"from":"2026/4/1","to":"2026-04-03"}"""));

        check.Values["f"]!.ToJsonString().ShouldBe("""{"from":"2026-04-01","to":"2026-04-03"}""");
    }

    [Fact]
    public void Validate_DateRangeReversed_ReportsOrder() =>
        CheckOne(Field(FieldType.DateRange, "期間"), JsonNode.Parse("""{"from":"2026-04-03","to":"2026-04-01"}""")).Errors["f"].ShouldBe("「期間」の開始日は終了日以前にしてください。");

    [Fact]
    public void Validate_DateRangeHalfFilled_AsksForBoth() =>
        CheckOne(Field(FieldType.DateRange, "期間"), JsonNode.Parse("""{"from":"2026-04-03","to":""}""")).Errors["f"].ShouldBe("「期間」の開始日と終了日を入力してください。");

    [Fact]
    public void Validate_RequiredDateRangeBlank_IsRequired() =>
        CheckOne(Field(FieldType.DateRange, "期間", required: true), JsonNode.Parse("""{"from":"","to":""}""")).Errors["f"].ShouldBe("「期間」を入力してください。");

    [Theory]
    [InlineData(FieldType.Select)]
    [InlineData(FieldType.Radio)]
    public void Validate_ChoiceNotInOptions_IsRefused(FieldType type)
    {
        CheckOne(Field(type, "区分"), JsonValue.Create("Z")).Errors["f"].ShouldBe("「区分」の選択肢にない値です。");
        CheckOne(Field(type, "区分"), JsonValue.Create("B")).Values["f"]!.GetValue<string>().ShouldBe("B");
    }

    [Fact]
    public void Validate_RequiredSelectMissing_AsksToChoose() =>
        CheckOne(Field(FieldType.Select, "区分", required: true), null).Errors["f"].ShouldBe("「区分」を選択してください。");

    [Fact]
    public void Validate_Checkbox_KeepsOptionOrderAndDropsDuplicates() =>
        CheckOne(Field(FieldType.Checkbox), JsonNode.Parse("""["C","A","C"]""")).Values["f"]!.ToJsonString().ShouldBe("""["A","C"]""");

    [Fact]
    public void Validate_CheckboxSingleString_IsAccepted() =>
        CheckOne(Field(FieldType.Checkbox), JsonValue.Create("B")).Values["f"]!.ToJsonString().ShouldBe("""["B"]""");

    [Fact]
    public void Validate_CheckboxUnknownOption_IsRefused() =>
        CheckOne(Field(FieldType.Checkbox, "区分"), JsonNode.Parse("""["A","X"]""")).Errors["f"].ShouldBe("「区分」の選択肢にない値です。");

    [Fact]
    public void Validate_RequiredCheckboxEmpty_IsRequired() =>
        CheckOne(Field(FieldType.Checkbox, "区分", required: true), new JsonArray()).Errors["f"].ShouldBe("「区分」を選択してください。");

    [Fact]
    public void Validate_StaffAndDepartment_AreCollected()
    {
        var schema = new FormSchema
        {
            Fields =
            [
                new() { Key = "owner", Label = "担当者", Type = FieldType.Staff },
                new() { Key = "dept", Label = "担当課", Type = FieldType.Department },
            ],
        };

        var check = Check(schema, """{"owner":"105","dept":12}""");

        check.IsValid.ShouldBeTrue();
        check.StaffIds.ShouldBe([105]);
        check.DepartmentIds.ShouldBe([12]);
        check.Values["owner"]!.GetValue<int>().ShouldBe(105);
        check.Values["owner"]!.GetValue<long>().ShouldBe(105);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("1.5")]
    [InlineData("[1,2]")]
    [InlineData("\"山田\"")]
    public void Validate_StaffInvalid_IsRefused(string json) =>
        CheckOne(Field(FieldType.Staff, "担当者"), JsonNode.Parse(json)).Errors["f"].ShouldBe("「担当者」の指定が正しくありません。");

    [Fact]
    public void Validate_FileInvalid_IsRefused() =>
        CheckOne(Field(FieldType.File, "添付"), JsonNode.Parse("""[1,"x"]""")).Errors["f"].ShouldBe("「添付」の指定が正しくありません。");

    [Fact]
    public void Validate_ComputedInput_IsIgnored()
    {
        var check = Check(Purchase(), """{"subject":"x","category":"消耗品","items":[{"name":"a","quantity":2,"unit_price":100,"subtotal":999999}],"total":5}""");

        check.Values["total"]!.GetValue<long>().ShouldBe(200);
        check.Amount.ShouldBe(200m);
    }

    [Fact]
    public void Validate_CurrencyComputed_RoundsHalfAwayFromZero()
    {
        var schema = new FormSchema
        {
            Fields =
            [
                new() { Key = "price", Label = "税抜", Type = FieldType.Currency },
                new() { Key = "tax", Label = "消費税", Type = FieldType.Computed, Formula = "price * 0.1" },
                new() { Key = "ratio", Label = "比率", Type = FieldType.Computed, Formula = "price / 8", ResultType = FieldType.Number },
            ],
        };

        var check = Check(schema, """{"price":"1,005"}""");

        check.Values["tax"]!.GetValue<long>().ShouldBe(101);
        check.Values["ratio"]!.GetValue<decimal>().ShouldBe(125.625m);
    }

    [Fact]
    public void Validate_ComputedFromComputed_EvaluatesInDependencyOrder()
    {
        // Declared in reverse order on purpose.
        var schema = new FormSchema
        {
            Fields =
            [
                new() { Key = "grand", Label = "総計", Type = FieldType.Computed, Formula = "net + tax" },
                new() { Key = "tax", Label = "税", Type = FieldType.Computed, Formula = "floor(net * 0.1)" },
                new() { Key = "net", Label = "税抜", Type = FieldType.Computed, Formula = "a * 2" },
                new() { Key = "a", Label = "数", Type = FieldType.Number },
            ],
        };

        Check(schema, """{"a":"50.5"}""").Values["grand"]!.GetValue<decimal>().ShouldBe(111m);
    }

    [Fact]
    public void Validate_HiddenInput_DoesNotCountInComputedTotal()
    {
        var schema = new FormSchema
        {
            Fields =
            [
                new() { Key = "kind", Label = "種別", Type = FieldType.Radio, Options = ["通常", "特別"] },
                new() { Key = "extra", Label = "加算", Type = FieldType.Currency, VisibleWhen = Condition.FromJson("""{"field":"kind","op":"eq","value":"特別"}""") },
                new() { Key = "base", Label = "基本", Type = FieldType.Currency },
                new() { Key = "sum", Label = "計", Type = FieldType.Computed, Formula = "base + extra" },
            ],
        };

        Check(schema, """{"kind":"通常","base":100,"extra":50}""").Values["sum"]!.GetValue<long>().ShouldBe(100);
        Check(schema, """{"kind":"特別","base":100,"extra":50}""").Values["sum"]!.GetValue<long>().ShouldBe(150);
    }

    [Fact]
    public void Validate_HugeNumbers_ReportErrorInsteadOfThrowing()
    {
        var schema = new FormSchema
        {
            Fields =
            [
                new() { Key = "a", Label = "数", Type = FieldType.Number },
                new() { Key = "b", Label = "二乗", Type = FieldType.Computed, Formula = "a * a * a" },
            ],
        };

        var check = Check(schema, """{"a":"79,000,000,000,000,000,000"}""");

        check.Errors["b"].ShouldBe("「二乗」を計算できません(値が大きすぎます)。");
    }

    [Fact]
    public void Validate_TableNotArray_IsRefused() =>
        Check(Purchase(), """{"subject":"x","category":"消耗品","items":"oops"}""").Errors["items"].ShouldBe("「明細」の形式が正しくありません。");
}
