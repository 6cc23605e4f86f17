using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;

namespace Tsunagu.Core.Approvals;

/// <summary>A form as the designer edits it and as JSON export/import carries it.</summary>
public sealed record FormDesign(string Code, string Name, string Category, string Description, RetentionClass Retention, FormSchema Schema, RouteDefinition Route)
{
    public bool IsActive { get; init; } = true;

    public int SortOrder { get; init; }
}

/// <summary>
/// Creates and changes forms (様式). A change of fields or route becomes a new version; requests keep the version
/// they were filed on. Everything is validated before anything is written; every change is audited.
/// </summary>
public sealed class FormAdminService(AppDbContext db, TimeProvider clock, AuditLog audit)
{
    private static readonly JsonSerializerOptions ExportOptions = new(RouteDefinition.JsonOptions);

    public async Task<FormDefinition> SaveAsync(Actor actor, FormDesign design, CancellationToken cancellationToken = default)
    {
        var problems = Problems(design);
        if (problems.Count > 0)
        {
            throw new FormSchemaException(problems);
        }

        var now = Clock.Truncate(clock.GetUtcNow());
        var schemaJson = design.Schema.ToJson();
        var routeJson = design.Route.ToJson();
        var definition = await db.FormDefinitions.FirstOrDefaultAsync(f => f.Code == design.Code, cancellationToken);
        var current = definition is null ? null
            : await db.FormVersions.AsNoTracking().FirstOrDefaultAsync(v => v.FormDefinitionId == definition.Id && v.Number == definition.CurrentVersion, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (definition is null)
        {
            definition = new FormDefinition { Code = design.Code };
            db.FormDefinitions.Add(definition);
        }

        definition.Name = design.Name.Trim();
        definition.Category = design.Category.Trim();
        definition.Description = design.Description.Trim();
        definition.Retention = design.Retention;
        definition.IsActive = design.IsActive;
        definition.SortOrder = design.SortOrder;
        definition.UpdatedAt = now;
        var changed = current is null || current.SchemaJson != schemaJson || current.RouteJson != routeJson;
        if (changed)
        {
            definition.CurrentVersion++;
            definition.Versions.Add(new FormVersion { Number = definition.CurrentVersion, SchemaJson = schemaJson, RouteJson = routeJson, CreatedAt = now, CreatedById = actor.AccountId });
        }

        audit.Record(actor, current is null ? "form.created" : "form.updated", $"form:{definition.Code}", changed ? $"version {definition.CurrentVersion}" : "settings");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return definition;
    }

    public static IReadOnlyList<string> Problems(FormDesign design)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(design.Code) || design.Code.Length > FormDefinition.MaxCodeLength
            || !design.Code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            problems.Add($"様式コードは英小文字・数字・- _ の1〜{FormDefinition.MaxCodeLength}文字で入力してください。");
        }

        if (string.IsNullOrWhiteSpace(design.Name) || design.Name.Trim().Length > FormDefinition.MaxNameLength)
        {
            problems.Add($"様式名は1〜{FormDefinition.MaxNameLength}文字で入力してください。");
        }

        if (design.Category.Trim().Length > 40)
        {
            problems.Add("分類は40文字以内で入力してください。");
        }

        if (design.Description.Trim().Length > 1000)
        {
            problems.Add("説明は1000文字以内で入力してください。");
        }

        if (!Retention.IsValid((int)design.Retention))
        {
            problems.Add("保存期間は 1, 3, 5, 10, 30 年か永年です。");
        }

        problems.AddRange(design.Schema.Problems());
        if (design.Schema.Fields.Count == 0)
        {
            problems.Add("項目が1つもありません。");
        }

        problems.AddRange(design.Route.Problems(design.Schema));
        return problems;
    }

    public async Task<FormDesign> LoadAsync(string code, CancellationToken cancellationToken = default)
    {
        var definition = await db.FormDefinitions.AsNoTracking().FirstOrDefaultAsync(f => f.Code == code, cancellationToken)
            ?? throw new DomainException("approval.form-not-found", "様式が見つかりません。");
        var version = await db.FormVersions.AsNoTracking().FirstAsync(v => v.FormDefinitionId == definition.Id && v.Number == definition.CurrentVersion, cancellationToken);
        return new FormDesign(definition.Code, definition.Name, definition.Category, definition.Description, definition.Retention, FormSchema.FromJson(version.SchemaJson), RouteDefinition.FromJson(version.RouteJson))
        {
            IsActive = definition.IsActive,
            SortOrder = definition.SortOrder,
        };
    }

    /// <summary>The form as one JSON document, for another city or another environment.</summary>
    public static string Export(FormDesign design)
    {
        var json = new JsonObject
        {
            ["code"] = design.Code,
            ["name"] = design.Name,
            ["category"] = design.Category,
            ["description"] = design.Description,
            ["retentionYears"] = (int)design.Retention,
            ["isActive"] = design.IsActive,
            ["sortOrder"] = design.SortOrder,
            ["schema"] = JsonNode.Parse(design.Schema.ToJson()),
            ["route"] = JsonNode.Parse(design.Route.ToJson()),
        };
        return json.ToJsonString(ExportOptions);
    }

    /// <summary>Reads an exported form; every problem is reported at once, nothing is written here.</summary>
    public static FormDesign Import(string json)
    {
        try
        {
            var root = JsonNode.Parse(json) as JsonObject ?? throw new FormSchemaException(["JSON のオブジェクトではありません。"]);
            var retention = root["retentionYears"]?.GetValue<int>() ?? 5;
            var schema = FormSchema.FromJson(root["schema"]?.ToJsonString() ?? throw new FormSchemaException(["schema がありません。"]));
            var route = RouteDefinition.FromJson(root["route"]?.ToJsonString() ?? throw new FormSchemaException(["route がありません。"]));
            var design = new FormDesign(
                root["code"]?.GetValue<string>() ?? "",
                root["name"]?.GetValue<string>() ?? "",
                root["category"]?.GetValue<string>() ?? "",
                root["description"]?.GetValue<string>() ?? "",
                (RetentionClass)retention,
                schema,
                route)
            {
                IsActive = root["isActive"]?.GetValue<bool>() ?? true,
                SortOrder = root["sortOrder"]?.GetValue<int>() ?? 0,
            };
            var problems = Problems(design);
            return problems.Count == 0 ? design : throw new FormSchemaException(problems);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new FormSchemaException([$"様式の JSON を読めません: {ex.Message}"]);
        }
        catch (DomainException ex)
        {
            throw new FormSchemaException([ex.Message]);
        }
    }
}
