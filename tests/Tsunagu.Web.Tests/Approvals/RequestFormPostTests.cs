using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Tsunagu.Core.Forms;
using Tsunagu.Web.Features.Approvals;

namespace Tsunagu.Web.Tests.Approvals;

/// <summary>A posted form becomes the JSON values the validator reads: tables, checkboxes, date ranges, kept files.</summary>
public sealed class RequestFormPostTests
{
    private static readonly FormSchema Schema = FormSchema.FromJson("""
        {
          "fields": [
            { "key": "title", "label": "件名", "type": "text" },
            { "key": "period", "label": "期間", "type": "dateRange" },
            { "key": "means", "label": "交通手段", "type": "checkbox", "options": ["鉄道", "バス", "公用車"] },
            { "key": "files", "label": "添付", "type": "file" },
            { "key": "items", "label": "明細", "type": "table", "columns": [
                { "key": "name", "label": "品名", "type": "text" },
                { "key": "quantity", "label": "数量", "type": "number" },
                { "key": "price", "label": "単価", "type": "currency" },
                { "key": "subtotal", "label": "小計", "type": "computed", "formula": "quantity * price" }
            ] }
          ]
        }
        """);

    private static FormCollection Form(params (string Key, string[] Values)[] fields) =>
        new(fields.ToDictionary(f => f.Key, f => new StringValues(f.Values), StringComparer.Ordinal));

    [Fact]
    public void ToValues_ReadsEveryKindOfField_InTheShapeTheValidatorExpects()
    {
        var values = FormPost.ToValues(Schema, Form(
            ("v.title", ["出張"]),
            ("v.period.from", ["2026-12-01"]),
            ("v.period.to", ["2026-12-02"]),
            ("v.means", ["鉄道", "バス"]),
            ("v.files", ["11", "12"]),
            ("v.files.remove", ["12"]),
            ("v.items[0].name", ["封筒"]),
            ("v.items[0].quantity", ["3"]),
            ("v.items[0].price", ["120"]),
            ("v.items[0].subtotal", ["999999"]),
            ("v.items[1].name", [""]),
            ("v.items[2].name", ["切手"]),
            ("v.items[3].name", [""]),
            ("v.items[4].name", [""])));

        values["title"]!.GetValue<string>().ShouldBe("出張");
        values["period"]!["from"]!.GetValue<string>().ShouldBe("2026-12-01");
        values["period"]!["to"]!.GetValue<string>().ShouldBe("2026-12-02");
        values["means"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["鉄道", "バス"]);
        values["files"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["11"]);
        var rows = values["items"]!.AsArray();
        // A blank row in the middle keeps its place (errors name rows by position); blank rows at the end are dropped;
        // a computed cell is never taken from the post.
        rows.Count.ShouldBe(3);
        rows[0]!["name"]!.GetValue<string>().ShouldBe("封筒");
        rows[0]!.AsObject().ContainsKey("subtotal").ShouldBeFalse();
        rows[1]!.AsObject().Count.ShouldBe(0);
        rows[2]!["name"]!.GetValue<string>().ShouldBe("切手");
    }

    [Fact]
    public void ToValues_ThenValidate_ComputesTheTable_AndFindsTheRowOfAMistake()
    {
        var values = FormPost.ToValues(Schema, Form(
            ("v.items[0].name", ["封筒"]),
            ("v.items[0].quantity", ["3"]),
            ("v.items[0].price", ["120"]),
            ("v.items[1].name", ["切手"]),
            ("v.items[1].quantity", ["二"])));

        var check = FormValidator.Validate(Schema, values, [], null);

        check.Errors.Keys.ShouldContain("items[1].quantity");
        ((JsonObject)check.Values["items"]![0]!)["subtotal"]!.GetValue<decimal>().ShouldBe(360m);
    }

    [Fact]
    public void ToValues_OfAnEmptyPost_IsEmptyButForTablesAndFiles()
    {
        var values = FormPost.ToValues(Schema, Form());

        values.ContainsKey("title").ShouldBeFalse();
        values.ContainsKey("period").ShouldBeFalse();
        values["items"]!.AsArray().Count.ShouldBe(0);
        values["files"]!.AsArray().Count.ShouldBe(0);
    }
}
