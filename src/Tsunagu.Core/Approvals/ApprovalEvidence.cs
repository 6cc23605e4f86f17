using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Approvals;

/// <summary>
/// The tamper evidence of e-approval. Each action's hash (which covers the previous action's) and, on final approval,
/// the hash of the frozen content are written into the audit chain in the same transaction; <see cref="CheckAsync"/>
/// recomputes both from the tables, so a changed value, comment, file or deleted history is found and named.
/// </summary>
public sealed class ApprovalEvidence(AppDbContext db) : IEvidenceCheck
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    public const string AuditActionPrefix = "approval.";
    public const string FrozenAction = "approval.frozen";

    public string Name => "電子決裁";

    public static string Target(int requestId) => string.Create(CultureInfo.InvariantCulture, $"approval-request:{requestId}");

    /// <summary>Audit entries for the actions appended since the last save, and for the freeze if there was one.</summary>
    public static void Record(AuditLog audit, Actor actor, ApprovalRequest request, IEnumerable<ApprovalAction> appended)
    {
        foreach (var action in appended)
        {
            var details = new JsonObject { ["seq"] = action.Sequence, ["hash"] = action.Hash, ["number"] = request.Number };
            audit.Record(actor, AuditActionPrefix + ActionKey(action.Kind), Target(request.Id), details.ToJsonString());
        }
    }

    public static void RecordFrozen(AuditLog audit, Actor actor, ApprovalRequest request)
    {
        var details = new JsonObject { ["hash"] = request.ContentHash, ["number"] = request.Number };
        audit.Record(actor, FrozenAction, Target(request.Id), details.ToJsonString());
    }

    public static string ActionKey(ActionKind kind) => kind switch
    {
        ActionKind.Submit => "submit",
        ActionKind.Resubmit => "resubmit",
        ActionKind.Approve => "approve",
        ActionKind.Acknowledge => "acknowledge",
        ActionKind.Reject => "reject",
        ActionKind.SendBack => "send-back",
        ActionKind.PullBack => "pull-back",
        ActionKind.Withdraw => "withdraw",
        ActionKind.PostReview => "post-review",
        ActionKind.Reroute => "reroute",
        _ => kind.ToString(),
    };

    /// <summary>
    /// SHA-256 over the content as decided: form and version, title, applicant, values, files (name and hash), and
    /// the final round's decisions. Approved documents may not change after this.
    /// </summary>
    public static string ContentHash(ApprovalRequest request, string formCode, int formVersion, IEnumerable<(int Id, string FileName, string Sha256)> files)
    {
        var content = new JsonObject
        {
            ["form"] = formCode,
            ["formVersion"] = formVersion,
            ["id"] = request.Id,
            ["title"] = request.Title,
            ["applicant"] = request.ApplicantId,
            ["department"] = request.ApplicantDepartmentId,
            ["amount"] = request.Amount,
            ["values"] = request.ValuesJson,
            ["files"] = new JsonArray(files.OrderBy(f => f.Id).Select(f => (JsonNode)new JsonObject { ["id"] = f.Id, ["name"] = f.FileName, ["sha256"] = f.Sha256 }).ToArray()),
            ["decisions"] = new JsonArray(request.CurrentSteps.Select(s => (JsonNode)new JsonObject
            {
                ["step"] = s.Name,
                ["kind"] = s.Kind.ToString(),
                ["assignments"] = new JsonArray(s.Assignments.OrderBy(a => a.AssigneeId).Select(a => (JsonNode)new JsonObject
                {
                    ["assignee"] = a.AssigneeId,
                    ["decision"] = a.Decision.ToString(),
                    ["by"] = a.ActedById,
                    ["as"] = a.ActingAs.ToString(),
                    ["at"] = a.ActedAt?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
                }).ToArray()),
            }).ToArray()),
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToJsonString())));
    }

    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var recorded = new Dictionary<(int Request, int Seq), string>();
        var frozen = new Dictionary<int, string>();
        var entries = db.AuditEntries.AsNoTracking()
            .Where(e => e.Action.StartsWith(AuditActionPrefix) && e.Target.StartsWith("approval-request:"))
            .Select(e => new { e.Action, e.Target, e.Details })
            .AsAsyncEnumerable();
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            if (!int.TryParse(e.Target.AsSpan("approval-request:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var requestId))
            {
                continue;
            }

            var details = JsonNode.Parse(e.Details)?.AsObject();
            var hash = details?["hash"]?.GetValue<string>() ?? "";
            if (e.Action == FrozenAction)
            {
                frozen[requestId] = hash;
            }
            else if (details?["seq"] is { } seq)
            {
                recorded[(requestId, seq.GetValue<int>())] = hash;
            }
        }

        var requests = await db.ApprovalRequests.AsNoTracking()
            .Select(r => new { r.Id, r.SubmittedAt, r.Status, r.ContentHash, r.LastActionHash })
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        string Name(int id) => requests.TryGetValue(id, out var r) && r.SubmittedAt is { } at ? ApprovalRequest.FormatNumber(at, id) : $"id {id}";

        var seen = new HashSet<(int, int)>();
        var previous = new Dictionary<int, (int Seq, string Hash)>();
        var ids = requests.Keys.Order().ToList();

        // Request by request, each one's history in sequence order (insert order of ids is not guaranteed).
        foreach (var chunk in ids.Chunk(500))
        {
            var batch = await db.ApprovalActions.AsNoTracking().Where(a => chunk.Contains(a.RequestId))
                .OrderBy(a => a.RequestId).ThenBy(a => a.Sequence).ToListAsync(cancellationToken);
            foreach (var action in batch)
            {
                var key = (action.RequestId, action.Sequence);
                seen.Add(key);
                var expectedPrevious = previous.TryGetValue(action.RequestId, out var p) ? p.Hash : Genesis;
                var expectedSeq = previous.TryGetValue(action.RequestId, out var q) ? q.Seq + 1 : 1;
                if (action.Sequence != expectedSeq || action.PreviousHash != expectedPrevious)
                {
                    problems.Add($"申請 {Name(action.RequestId)}: 履歴 {expectedSeq} 番目が欠けているか、順序が変わっています。");
                }
                else if (action.ComputeHash() != action.Hash || !recorded.TryGetValue(key, out var audited) || audited != action.Hash)
                {
                    problems.Add($"申請 {Name(action.RequestId)}: 履歴 {action.Sequence} 番目({action.ActorName}・{action.Kind})が監査記録と一致しません(改ざんの可能性があります)。");
                }

                previous[action.RequestId] = (action.Sequence, action.Hash);
            }
        }

        foreach (var key in recorded.Keys.Where(k => !seen.Contains(k)).OrderBy(k => k.Request).ThenBy(k => k.Seq))
        {
            problems.Add($"申請 {Name(key.Request)}: 監査記録にある履歴 {key.Seq} 番目がありません(削除の可能性があります)。");
        }

        foreach (var (id, tail) in previous)
        {
            if (requests.TryGetValue(id, out var r) && r.LastActionHash != tail.Hash)
            {
                problems.Add($"申請 {Name(id)}: 最後の履歴のハッシュが申請と一致しません。");
            }
        }

        foreach (var (requestId, hash) in frozen)
        {
            var current = await FrozenContentHashAsync(requestId, cancellationToken);
            if (current is null)
            {
                problems.Add($"申請 {Name(requestId)}: 決裁済みの申請がありません(削除の可能性があります)。");
            }
            else if (current != hash)
            {
                problems.Add($"申請 {Name(requestId)}: 決裁後に内容が変更されています(決裁時のハッシュと一致しません)。");
            }
        }

        foreach (var r in requests.Values.Where(r => r.Status == RequestStatus.Approved && !frozen.ContainsKey(r.Id)))
        {
            problems.Add($"申請 {Name(r.Id)}: 決裁済みですが、決裁時のハッシュが監査記録にありません。");
        }

        return problems;
    }

    /// <summary>The content hash recomputed from the tables now; null if the request is gone.</summary>
    public async Task<string?> FrozenContentHashAsync(int requestId, CancellationToken cancellationToken = default)
    {
        var request = await db.ApprovalRequests.AsNoTracking()
            .Include(r => r.Steps).ThenInclude(s => s.Assignments)
            .Include(r => r.FormVersion).ThenInclude(v => v!.Definition)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return null;
        }

        var files = await FilesAsync(db, requestId, cancellationToken);
        return ContentHash(request, request.FormVersion!.Definition!.Code, request.FormVersion.Number, files);
    }

    public static async Task<List<(int Id, string FileName, string Sha256)>> FilesAsync(AppDbContext db, int requestId, CancellationToken cancellationToken)
    {
        var key = requestId.ToString(CultureInfo.InvariantCulture);
        return (await db.Attachments.AsNoTracking().Where(a => a.Module == SearchModules.Approval && a.OwnerKey == key)
                .Select(a => new { a.Id, a.FileName, a.Sha256, a.Content }).ToListAsync(cancellationToken))
            .Select(a => (a.Id, a.FileName, Convert.ToHexStringLower(SHA256.HashData(a.Content)))).ToList();
    }
}
