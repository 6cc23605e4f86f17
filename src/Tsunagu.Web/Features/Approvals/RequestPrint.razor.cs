using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Forms;

namespace Tsunagu.Web.Features.Approvals;

/// <summary>
/// The request as a document to file or print (見読性): city, form, number, dates, the values, a row of stamps (one per
/// approver of the final round, in order), the decision date, the content hash and how long it is kept.
/// </summary>
public partial class RequestPrint
{
    [Parameter]
    public int Id { get; set; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    private sealed record Stamp(string Step, string FamilyName, string Date, string? Acting, string Label);

    private ApprovalRequest? _request;
    private FormSchema? _schema;
    private JsonObject _values = [];
    private FormLookups _lookups = FormLookups.Empty;
    private List<Stamp> _stamps = [];
    private string? _city;

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
        _city = await Settings.MunicipalityNameAsync();
        _stamps = [.. request.CurrentSteps
            .SelectMany(s => s.Assignments.Where(a => a.Decision is Decision.Approved && a.ActedAt is not null).OrderBy(a => a.ActedAt).Select(a => (Step: s, Assignment: a)))
            .Select(x => ToStamp(x.Step, x.Assignment))];
        _request = request;
    }

    private Stamp ToStamp(ApprovalStep step, ApprovalAssignment a)
    {
        var actor = a.ActedByName ?? a.AssigneeName;
        var acting = a.ActingAs switch
        {
            ActingAs.Proxy => T["Print.Proxy"].Value,
            ActingAs.Substitute => T["Print.Substitute"].Value,
            _ => null,
        };
        var date = ApprovalFormat.StampDate(a.ActedAt!.Value);
        var label = acting is null
            ? T["Print.StampLabel", step.Name, actor, ApprovalFormat.Date(a.ActedAt.Value)].Value
            : T["Print.StampLabelActing", step.Name, actor, ApprovalFormat.Date(a.ActedAt.Value), acting, a.AssigneeName].Value;
        return new Stamp(step.Name, ApprovalFormat.FamilyName(actor), date, acting, label);
    }
}
