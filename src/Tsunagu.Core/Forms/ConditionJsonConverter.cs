using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tsunagu.Core.Forms;

/// <summary>Hand-written because the shapes are told apart by which key is present, not by a type discriminator.</summary>
internal sealed class ConditionJsonConverter : JsonConverter<Condition>
{
    private static readonly Dictionary<string, ConditionOp> Ops = Enum.GetValues<ConditionOp>()
        .ToDictionary(Condition.OpName, op => op, StringComparer.Ordinal);

    public override Condition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromNode(JsonNode.Parse(ref reader));

    public override void Write(Utf8JsonWriter writer, Condition value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        value.ToNode().WriteTo(writer, options);
    }

    internal static Condition FromNode(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            throw new JsonException("条件はオブジェクトで指定してください。");
        }

        if (obj.TryGetPropertyValue("all", out var all) || obj.TryGetPropertyValue("any", out all))
        {
            var isAll = obj.ContainsKey("all");
            OnlyKeys(obj, isAll ? "all" : "any");
            if (all is not JsonArray list)
            {
                throw new JsonException($"「{(isAll ? "all" : "any")}」には条件の配列を指定してください。");
            }

            var children = list.Select(FromNode).ToList();
            return isAll ? new AllCondition(children) : new AnyCondition(children);
        }

        if (obj.TryGetPropertyValue("not", out var inner))
        {
            OnlyKeys(obj, "not");
            return new NotCondition(FromNode(inner));
        }

        if (obj.TryGetPropertyValue("field", out var field))
        {
            OnlyKeys(obj, "field", "op", "value");
            var key = field is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new JsonException("「field」には項目のキーを指定してください。");
            return new FieldCondition(key, ReadOp(obj), obj["value"]);
        }

        if (obj.TryGetPropertyValue("applicant", out var applicant))
        {
            OnlyKeys(obj, "applicant", "op", "value");
            var subjectName = (applicant as JsonValue)?.GetValueKind() == JsonValueKind.String ? applicant!.GetValue<string>() : null;
            return subjectName switch
            {
                "department" => new ApplicantCondition(ApplicantSubject.Department, ReadOp(obj), obj["value"]),
                "position" => new ApplicantCondition(ApplicantSubject.Position, ReadOp(obj), obj["value"]),
                _ => throw new JsonException("「applicant」には department か position を指定してください。"),
            };
        }

        throw new JsonException("条件には all, any, not, field, applicant のいずれかを指定してください。");
    }

    private static ConditionOp ReadOp(JsonObject obj) =>
        obj["op"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && Ops.TryGetValue(v.GetValue<string>(), out var op)
            ? op
            : throw new JsonException($"演算子「{obj["op"]?.ToJsonString()}」は使えません。");

    private static void OnlyKeys(JsonObject obj, params string[] keys)
    {
        var extra = obj.Select(p => p.Key).FirstOrDefault(k => !keys.Contains(k, StringComparer.Ordinal));
        if (extra is not null)
        {
            throw new JsonException($"条件に不明なキー「{extra}」があります。");
        }
    }
}
