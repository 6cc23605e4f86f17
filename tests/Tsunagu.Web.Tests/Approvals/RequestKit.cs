using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Approvals;

/// <summary>
/// What the request page tests set up in the shared demo city: people of their own and a form of their own (件名,
/// 金額, 目的, 添付), routed to named approvers, so neither the demo data nor other tests stand in the way.
/// </summary>
public sealed class RequestKit(TsunaguApp app)
{
    public TsunaguApp App { get; } = app;

    public sealed record Person(int Id, string Login, string Name);

    public async Task<Person> StaffAsync(string purpose)
    {
        var login = Logins.Unique(purpose);
        var account = await App.CreateAccountAsync(login, Roles.Staff);
        return new Person(account.Id, login, account.DisplayName);
    }

    /// <summary>A new active form whose one step (決裁) goes to <paramref name="approvers"/> (any one of them decides when <paramref name="any"/>).</summary>
    public Task<string> FormAsync(bool any, params Person[] approvers) =>
        App.InScopeAsync(async sp =>
        {
            var code = $"t-{Guid.NewGuid():N}"[..20];
            var schema = FormSchema.FromJson("""
                {
                  "fields": [
                    { "key": "title", "label": "件名", "type": "text", "required": true },
                    { "key": "amount", "label": "金額", "type": "currency", "required": true },
                    { "key": "purpose", "label": "目的", "type": "multiLine" },
                    { "key": "files", "label": "添付", "type": "file" }
                  ],
                  "amountField": "amount",
                  "titleField": "title"
                }
                """);
            var route = new RouteDefinition
            {
                Steps =
                [
                    new RouteStepDefinition
                    {
                        Name = "決裁",
                        Kind = StepKind.Final,
                        Mode = any ? StepMode.Any : StepMode.All,
                        Assignees = [.. approvers.Select(a => new AssigneeRule { Kind = AssigneeKind.Person, AccountId = a.Id })],
                    },
                ],
            };
            await sp.GetRequiredService<FormAdminService>().SaveAsync(Actor.System, new FormDesign(code, "試験用の伺い", "試験", "ページの試験に使う様式です。", RetentionClass.FiveYears, schema, route));
            return code;
        });

    /// <summary>Files a request through the service (with one attachment), as the applicant would on the page.</summary>
    public Task<int> FileAsync(Person applicant, string code, string title, bool withFile = false) =>
        App.InScopeAsync(async sp =>
        {
            var viewer = new ApprovalViewer(applicant.Id, applicant.Name, false);
            var files = withFile ? new[] { new NewFile("files", "見積書.txt", "text/plain", new MemoryStream(Encoding.UTF8.GetBytes("見積金額 12,000円"))) } : [];
            var request = await sp.GetRequiredService<ApprovalService>().SaveAsync(viewer, new SaveRequest(code, null, new JsonObject
            {
                ["title"] = title,
                ["amount"] = 12000,
                ["purpose"] = "業務用",
            })
            { Files = files, Submit = true });
            return request.Id;
        });

    public Task<ApprovalRequest> RequestAsync(int id) =>
        App.QueryAsync(db => db.ApprovalRequests.AsNoTracking().Include(r => r.Actions).SingleAsync(r => r.Id == id));

    public Task<int> AttachmentIdAsync(int requestId) =>
        App.QueryAsync(db => db.Attachments.Where(a => a.Module == "approval" && a.OwnerKey == requestId.ToString(CultureInfo.InvariantCulture)).Select(a => a.Id).SingleAsync());

    public static string Target(HttpResponseMessage response)
    {
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    public int RequestId(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, string.Join("\n", App.Factory.Errors.All.TakeLast(2)));
        var path = Target(response);
        path.ShouldStartWith("/approvals/");
        return int.Parse(path["/approvals/".Length..].Split('?')[0], CultureInfo.InvariantCulture);
    }
}
