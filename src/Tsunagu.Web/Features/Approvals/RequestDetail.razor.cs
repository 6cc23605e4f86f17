using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Forms;

namespace Tsunagu.Web.Features.Approvals;

/// <summary>
/// One request: header, values, route with each assignee's state, history, and a panel with only the actions the
/// viewer can take now. The actions post to <see cref="ApprovalPageEndpoints"/>, which come back here with a message.
/// </summary>
public partial class RequestDetail
{
    [Parameter]
    public int Id { get; set; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "done")]
    private string? Done { get; set; }

    private sealed record DelegatedApproval(int AccountId, string Name, bool Substitute);

    private sealed class ActionPanel
    {
        public string? Approve { get; set; }

        public string VerbKey { get; set; } = "Action.Approve";

        public bool IsCirculation { get; set; }

        public bool CanSendBackPrevious { get; set; }

        public List<DelegatedApproval> Delegations { get; } = [];

        public bool PostReview { get; set; }

        public bool Edit { get; set; }

        public bool PullBack { get; set; }

        public bool Withdraw { get; set; }

        public bool DeleteDraft { get; set; }

        public bool Reroute { get; set; }

        public bool ApplicantActions => Edit || PullBack || Withdraw || DeleteDraft;

        public bool Any => Approve is not null || Delegations.Count > 0 || PostReview || ApplicantActions;
    }

    private ApprovalRequest? _request;
    private FormSchema? _schema;
    private JsonObject _values = [];
    private FormLookups _lookups = FormLookups.Empty;
    private FormLookups _staff = FormLookups.Empty;
    private List<ApprovalStep> _steps = [];
    private List<ApprovalStep> _rerouteSteps = [];
    private ActionPanel _panel = new();
    private string? _notice;
    private string? _flashError;

    private string IdText => Id.ToString(CultureInfo.InvariantCulture);

    protected override async Task OnInitializedAsync()
    {
        if (!await Db.ApprovalRequests.AnyAsync(r => r.Id == Id))
        {
            HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var viewer = await ApprovalViewerFactory.ForAsync(Db, Me, HttpContext);
        var request = await Reader.GetAsync(viewer, Id);
        _schema = FormSchema.FromJson(request.FormVersion!.SchemaJson);
        _values = JsonNode.Parse(request.ValuesJson) as JsonObject ?? [];
        _lookups = await FormLookupsLoader.ForReadAsync(Db, Id, _values);
        _steps = [.. request.CurrentSteps];
        _request = request;
        _notice = Done is { Length: > 0 and <= 40 } done && ApprovalPageEndpoints.Notices.Contains(done) ? T[$"Done.{done}"].Value : null;
        _flashError = ApprovalPageEndpoints.TakeFlash(HttpContext);
        await BuildPanelAsync(viewer, request);
    }

    private async Task BuildPanelAsync(ApprovalViewer viewer, ApprovalRequest request)
    {
        var panel = new ActionPanel();
        var active = request.Status == RequestStatus.InProgress ? request.ActiveStep : null;
        if (active is not null)
        {
            panel.IsCirculation = active.Kind == StepKind.Circulation;
            panel.VerbKey = ApprovalFormat.ApproveKey(active.Kind);
            panel.CanSendBackPrevious = request.CurrentSteps.Any(s => s.Order < active.Order);
            var pending = active.Assignments.Where(a => a.Decision == Decision.Pending).ToList();
            if (pending.Any(a => a.AssigneeId == viewer.AccountId))
            {
                panel.Approve = panel.VerbKey;
            }

            var others = pending.Where(a => a.AssigneeId != viewer.AccountId).Select(a => a.AssigneeId).ToList();
            if (others.Count > 0)
            {
                var today = Clock.TokyoDate(Time.GetUtcNow());
                var delegations = await Db.Delegations.AsNoTracking()
                    .Where(d => d.DelegateId == viewer.AccountId && others.Contains(d.DelegatorId) && d.RevokedAt == null && d.ValidFrom <= today && d.ValidUntil >= today)
                    .ToListAsync();
                foreach (var d in delegations.DistinctBy(d => d.DelegatorId))
                {
                    var name = pending.First(a => a.AssigneeId == d.DelegatorId).AssigneeName;
                    panel.Delegations.Add(new DelegatedApproval(d.DelegatorId, name, d.Kind == ActingAs.Substitute));
                }
            }
        }

        panel.PostReview = request.Steps.SelectMany(s => s.Assignments).Any(a => a.AssigneeId == viewer.AccountId && a.PostReviewPending);
        if (request.ApplicantId == viewer.AccountId)
        {
            panel.Edit = request.IsEditable;
            panel.PullBack = active is not null && active.Assignments.All(a => a.Decision == Decision.Pending);
            panel.Withdraw = !request.IsClosed && request.Status != RequestStatus.Draft;
            panel.DeleteDraft = request.Status == RequestStatus.Draft && request.Actions.Count == 0;
        }

        panel.Reroute = viewer.IsAdministrator && request.Status == RequestStatus.InProgress;
        if (panel.Reroute)
        {
            _rerouteSteps = [.. request.CurrentSteps.Where(s => s.Status is StepStatus.Waiting or StepStatus.Active)];
            _staff = await FormLookupsLoader.ForEditAsync(Db, null);
        }

        _panel = panel;
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static string Mark(Decision decision) => decision switch
    {
        Decision.Approved or Decision.Acknowledged => "✓",
        Decision.Rejected => "✕",
        Decision.SentBack => "↩",
        Decision.Pending => "…",
        _ => "–",
    };

    /// <summary>「田中(代理: 佐藤)」 when someone else acted for the assignee.</summary>
    private string Who(ApprovalAssignment a) => a.ActingAs switch
    {
        ActingAs.Proxy => T["Detail.ActedByProxy", a.AssigneeName, a.ActedByName ?? ""],
        ActingAs.Substitute => T["Detail.ActedBySubstitute", a.AssigneeName, a.ActedByName ?? ""],
        _ => a.AssigneeName,
    };
}
