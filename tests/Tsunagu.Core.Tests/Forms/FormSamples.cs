using System.Text.Json.Nodes;
using Tsunagu.Core.Forms;

namespace Tsunagu.Core.Tests.Forms;

internal static class FormSamples
{
    public const string PurchaseJson = """
        {
          "fields": [
            { "key": "subject", "label": "件名", "type": "text", "required": true },
            { "key": "category", "label": "区分", "type": "select", "required": true, "options": ["消耗品", "備品", "その他"] },
            { "key": "other_reason", "label": "その他の理由", "type": "multiLine", "visibleWhen": { "field": "category", "op": "eq", "value": "その他" }, "requiredWhen": { "field": "category", "op": "eq", "value": "その他" } },
            { "key": "delivery", "label": "納期", "type": "date" },
            { "key": "items", "label": "明細", "type": "table", "required": true, "maxRows": 5, "columns": [
                { "key": "name", "label": "品名", "type": "text", "required": true },
                { "key": "quantity", "label": "数量", "type": "number", "required": true, "min": 1 },
                { "key": "unit_price", "label": "単価", "type": "currency", "required": true },
                { "key": "subtotal", "label": "小計", "type": "computed", "formula": "quantity * unit_price" }
            ] },
            { "key": "total", "label": "合計", "type": "computed", "formula": "sum(items.subtotal)" },
            { "key": "estimate", "label": "見積書", "type": "file", "requiredWhen": { "field": "total", "op": "gte", "value": 100000 } },
            { "key": "note", "label": "備考", "type": "multiLine", "help": "特記事項があれば記入してください。" }
          ],
          "amountField": "total",
          "titleField": "subject"
        }
        """;

    public static FormSchema Purchase() => FormSchema.FromJson(PurchaseJson);

    public static FormSchema Single(FormField field) => new() { Fields = [field] };

    public static FormCheck Check(FormSchema schema, string inputJson, IReadOnlyList<int>? departments = null, string? position = null) =>
        FormValidator.Validate(schema, JsonNode.Parse(inputJson)!.AsObject(), departments ?? [], position);

    public static FormCheck CheckOne(FormField field, JsonNode? value)
    {
        var input = new JsonObject { [field.Key] = value };
        return FormValidator.Validate(Single(field), input, [], null);
    }

    public static ConditionContext Context(string valuesJson, IReadOnlyList<int>? departments = null, string? position = null) =>
        new(JsonNode.Parse(valuesJson)!.AsObject(), departments ?? [], position);
}
