using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Approvals;

/// <summary>
/// Requests in the search index: found only by the people on their route (applicant, assignees of every round,
/// whoever acted) and administrators; drafts only by their applicant. Files attached are found under the same rule.
/// </summary>
public sealed class ApprovalSearchContent : ISearchSource
{
    public IReadOnlyCollection<string> Modules { get; } = [SearchModules.Approval, SearchModules.ApprovalFile];

    public static async Task IndexAsync(AppDbContext db, ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        var applicant = await db.Users.AsNoTracking().Where(a => a.Id == request.ApplicantId).Select(a => a.DisplayName).FirstAsync(cancellationToken);
        var schemaJson = request.FormVersion?.SchemaJson ?? await db.FormVersions.Where(v => v.Id == request.FormVersionId).Select(v => v.SchemaJson).FirstAsync(cancellationToken);
        var formName = request.FormDefinition?.Name ?? await db.FormDefinitions.Where(f => f.Id == request.FormDefinitionId).Select(f => f.Name).FirstAsync(cancellationToken);
        var key = Key(request.Id);
        var files = await db.Attachments.AsNoTracking().Where(a => a.Module == SearchModules.Approval && a.OwnerKey == key)
            .Select(a => new FileText(a.Id, a.FileName, a.Text)).ToListAsync(cancellationToken);
        var item = Item(request, request.Participants.Select(p => p.AccountId), applicant, formName, schemaJson, request.Actions.Select(a => a.Comment));
        await SearchIndex.IndexAsync(db, item, cancellationToken);
        foreach (var file in files)
        {
            await SearchIndex.IndexAsync(db, FileItem(file, item), cancellationToken);
        }
    }

    public async Task<int> CountAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.ApprovalRequests.CountAsync(cancellationToken)
        + await db.Attachments.CountAsync(a => a.Module == SearchModules.Approval, cancellationToken);

    public async IAsyncEnumerable<SearchItem> ReadAllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = await db.Users.AsNoTracking().Select(a => new { a.Id, a.DisplayName }).ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        var forms = await db.FormDefinitions.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Name, cancellationToken);
        var schemas = await db.FormVersions.AsNoTracking().ToDictionaryAsync(v => v.Id, v => v.SchemaJson, cancellationToken);
        var lastId = 0;
        while (true)
        {
            var batch = await db.ApprovalRequests.AsNoTracking().Include(r => r.Participants).Include(r => r.Actions)
                .Where(r => r.Id > lastId).OrderBy(r => r.Id).Take(300).AsSplitQuery().ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            var keys = batch.Select(r => Key(r.Id)).ToList();
            var files = (await db.Attachments.AsNoTracking()
                .Where(a => a.Module == SearchModules.Approval && keys.Contains(a.OwnerKey))
                .Select(a => new { a.OwnerKey, File = new FileText(a.Id, a.FileName, a.Text) })
                .ToListAsync(cancellationToken)).ToLookup(f => f.OwnerKey, f => f.File);
            foreach (var r in batch)
            {
                var item = Item(r, r.Participants.Select(p => p.AccountId), names.GetValueOrDefault(r.ApplicantId, ""), forms.GetValueOrDefault(r.FormDefinitionId, ""), schemas[r.FormVersionId], r.Actions.Select(a => a.Comment));
                yield return item;
                foreach (var file in files[item.Key])
                {
                    yield return FileItem(file, item);
                }
            }

            lastId = batch[^1].Id;
        }
    }

    private sealed record FileText(int Id, string FileName, string Text);

    private static SearchItem FileItem(FileText file, SearchItem request) =>
        new(SearchModules.ApprovalFile, Key(file.Id), file.FileName, $"{request.Title}\n{file.Text}", request.Url, request.OccurredAt, request.DepartmentId, request.Access);

    private static SearchItem Item(ApprovalRequest r, IEnumerable<int> participants, string applicant, string formName, string schemaJson, IEnumerable<string> comments)
    {
        IReadOnlyList<SearchAccess> access = r.Status == RequestStatus.Draft
            ? [SearchAccess.Account(r.ApplicantId)]
            : participants.Append(r.ApplicantId).Distinct().Select(SearchAccess.Account).Append(SearchAccess.Role(Roles.SystemAdministrator)).ToList();
        var body = new StringBuilder();
        body.Append(r.Number).Append(' ').Append(formName).Append(' ').Append(applicant).Append('\n');
        body.Append(ValuesText(schemaJson, r.ValuesJson));
        foreach (var comment in comments.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            body.Append('\n').Append(comment);
        }

        return new SearchItem(SearchModules.Approval, Key(r.Id), r.Title, body.ToString(), $"/approvals/{Key(r.Id)}", r.SubmittedAt ?? r.CreatedAt, r.ApplicantDepartmentId, access);
    }

    /// <summary>The values as text, label by label, for the index (tables row by row).</summary>
    public static string ValuesText(string schemaJson, string valuesJson)
    {
        FormSchema schema;
        JsonObject values;
        try
        {
            schema = FormSchema.FromJson(schemaJson);
            values = JsonNode.Parse(valuesJson) as JsonObject ?? [];
        }
        catch (Exception ex) when (ex is FormSchemaException or System.Text.Json.JsonException)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var field in schema.AllFields())
        {
            if (field.Type == FieldType.Table && values[field.Key] is JsonArray rows)
            {
                foreach (var row in rows.OfType<JsonObject>())
                {
                    text.AppendJoin(' ', field.Columns.Select(c => FormDisplay.Format(c, row[c.Key]))).Append('\n');
                }
            }
            else if (field.Type is not FieldType.File and not FieldType.Staff and not FieldType.Department)
            {
                var shown = FormDisplay.Format(field, values[field.Key]);
                if (shown.Length > 0)
                {
                    text.Append(field.Label).Append(": ").Append(shown).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}
