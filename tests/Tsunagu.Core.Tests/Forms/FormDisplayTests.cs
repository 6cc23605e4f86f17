using System.Text.Json.Nodes;
using Tsunagu.Core.Forms;
using static Tsunagu.Core.Tests.Forms.FormSamples;

namespace Tsunagu.Core.Tests.Forms;

public class FormDisplayTests
{
    private static string Show(FieldType type, string json, Func<int, string?>? staff = null, Func<int, string?>? department = null) =>
        FormDisplay.Format(new FormField { Key = "k", Label = "項目", Type = type }, JsonNode.Parse(json), staff, department);

    [Theory]
    [InlineData(FieldType.Currency, "800000", "800,000円")]
    [InlineData(FieldType.Currency, "0", "0円")]
    [InlineData(FieldType.Number, "1234.5", "1,234.5")]
    [InlineData(FieldType.Number, "-3", "-3")]
    [InlineData(FieldType.Date, "\"2026-11-27\"", "令和8年11月27日")]
    [InlineData(FieldType.Date, "\"2019-04-30\"", "平成31年4月30日")]
    [InlineData(FieldType.DateRange, """{"from":"2026-04-01","to":"2026-04-03"}""", "令和8年4月1日〜令和8年4月3日")]
    [InlineData(FieldType.Checkbox, """["A","B"]""", "A、B")]
    [InlineData(FieldType.Text, "\"購入伺\"", "購入伺")]
    [InlineData(FieldType.File, "[1,2]", "2件")]
    [InlineData(FieldType.Table, """[{"a":1}]""", "")]
    [InlineData(FieldType.Text, "\"\"", "")]
    public void Format_ByType(FieldType type, string json, string expected) => Show(type, json).ShouldBe(expected);

    [Fact]
    public void Format_Null_IsEmpty() => FormDisplay.Format(new FormField { Type = FieldType.Currency }, null).ShouldBe("");

    [Fact]
    public void Format_FirstYearOfReiwa_IsReadable() => Show(FieldType.Date, "\"2019-05-01\"").ShouldBeOneOf("令和元年5月1日", "令和1年5月1日");

    [Fact]
    public void Format_StaffAndDepartment_UseResolvers()
    {
        Show(FieldType.Staff, "7", staff: id => id == 7 ? "瀬戸 花子" : null).ShouldBe("瀬戸 花子");
        Show(FieldType.Department, "12", department: id => id == 12 ? "総務課" : null).ShouldBe("総務課");
        Show(FieldType.Staff, "1234").ShouldBe("1234");
    }

    [Fact]
    public void Format_ComputedOverYen_IsShownInYen()
    {
        var schema = Purchase();

        FormDisplay.Format(schema.Find("total")!, JsonValue.Create(800000)).ShouldBe("800,000円");
        FormDisplay.Format(schema.Find("items")!.Columns.Single(c => c.Key == "subtotal"), JsonValue.Create(1500)).ShouldBe("1,500円");
    }

    [Fact]
    public void Format_ComputedWithExplicitNumberResult_HasNoYen()
    {
        var field = new FormField { Key = "rate", Label = "率", Type = FieldType.Computed, Formula = "1/3", ResultType = FieldType.Number };

        FormDisplay.Format(field, JsonValue.Create(1234.25m)).ShouldBe("1,234.25");
    }
}
