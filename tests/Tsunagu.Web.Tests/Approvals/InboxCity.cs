using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Forms;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Approvals;

/// <summary>
/// A city with only its administrator, where each test makes its own staff and its own form (until the shipped
/// templates exist), so one test's requests never show in another's inbox.
/// </summary>
public abstract class InboxCity(DatabaseKind kind) : TsunaguApp(kind, demo: false)
{
    /// <summary>Holds actions back until both of two have loaded the request, so they really race.</summary>
    public RaceGate Gate { get; } = new();

    protected override void Configure(Dictionary<string, string?> settings) => settings["Tsunagu:AdminPassword"] = Password;

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureDbContext<Tsunagu.Core.Data.AppDbContext>(o => o.AddInterceptors(Gate), ServiceLifetime.Singleton);

    public sealed record Staff(int Id, string Login, string Name);

    public async Task<Staff> NewStaffAsync(string purpose, string? name = null, string? kana = null)
    {
        var login = Logins.Unique(purpose);
        var account = await CreateAccountAsync(login, Roles.Staff);
        var display = name ?? $"試験\u3000{login}";
        await QueryAsync(db => db.Users.Where(a => a.Id == account.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.DisplayName, display).SetProperty(a => a.Kana, kana ?? "しけん")));
        return new Staff(account.Id, login, display);
    }

    /// <summary>
    /// A form of the test's own: 件名 (required), 金額, 備考; its route goes to <paramref name="first"/> (any one of them)
    /// and then to <paramref name="final"/> for the decision.
    /// </summary>
    public async Task<string> NewFormAsync(string name, IReadOnlyList<int> first, int final)
    {
        var code = "t-" + Guid.NewGuid().ToString("N")[..12];
        var schema = FormSchema.FromJson("""
            {
              "fields": [
                { "key": "subject", "label": "件名", "type": "text", "required": true },
                { "key": "amount", "label": "金額", "type": "currency" },
                { "key": "note", "label": "備考", "type": "multiLine" }
              ],
              "amountField": "amount",
              "titleField": "subject"
            }
            """);
        var people = string.Join(',', first.Select(id => string.Create(CultureInfo.InvariantCulture, $$"""{ "kind": "person", "accountId": {{id}} }""")));
        var route = RouteDefinition.FromJson(string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "steps": [
                { "name": "係長", "kind": "approval", "mode": "any", "assignees": [ {{people}} ] },
                { "name": "課長決裁", "kind": "final", "mode": "all", "assignees": [ { "kind": "person", "accountId": {{final}} } ] }
              ]
            }
            """));
        await InScopeAsync(sp => sp.GetRequiredService<FormAdminService>().SaveAsync(Actor.System,
            new FormDesign(code, name, "試験", "", RetentionClass.FiveYears, schema, route)));
        return code;
    }

    public async Task<int> FileAsync(Staff applicant, string form, string subject, long? amount = null, bool submit = true, string? note = null) =>
        await InScopeAsync(async sp =>
        {
            var values = new JsonObject { ["subject"] = subject };
            if (amount is { } a)
            {
                values["amount"] = a;
            }

            if (note is not null)
            {
                values["note"] = note;
            }

            var saved = await sp.GetRequiredService<ApprovalService>().SaveAsync(Viewer(applicant), new SaveRequest(form, null, values) { Submit = submit });
            return saved.Id;
        });

    public Task<ActionResult> ActAsync(Staff who, int requestId, string action, string? target = null, int? onBehalfOf = null) =>
        InScopeAsync(sp => sp.GetRequiredService<ApprovalService>().ActAsync(Viewer(who), requestId, new ActionRequest(action, "試験") { Target = target, OnBehalfOf = onBehalfOf }));

    public Task DelegateAsync(Staff from, Staff to, ActingAs kind) =>
        InScopeAsync(async sp =>
        {
            var today = Tsunagu.Core.Clock.TokyoDate(sp.GetRequiredService<TimeProvider>().GetUtcNow());
            await sp.GetRequiredService<DelegationService>().CreateAsync(Viewer(from), to.Id, kind, today, today.AddDays(3), "出張のため");
        });

    public static ApprovalViewer Viewer(Staff staff) => new(staff.Id, staff.Name, false);

    public static string Unique(string text) => $"{text}{Guid.NewGuid().ToString("N")[..6]}";
}

public sealed class SqliteInboxCity() : InboxCity(DatabaseKind.Sqlite);

public sealed class PostgreSqlInboxCity() : InboxCity(DatabaseKind.PostgreSql);

/// <summary>
/// When armed for N parties, a transaction begun by a context that has loaded an approval request waits until N of
/// them have: each has read the same version, so only one can write it.
/// </summary>
public sealed class RaceGate : DbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _seen = [];
    private Barrier? _barrier;

    public void Arm(int parties) => _barrier = new Barrier(parties);

    public void Disarm() => _barrier = null;

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (_barrier is { } barrier && eventData.Context is { } context
            && context.ChangeTracker.Entries<ApprovalRequest>().Any()
            && _seen.TryAdd(context, new object()))
        {
            await Task.Run(() => barrier.SignalAndWait(TimeSpan.FromSeconds(15)), cancellationToken);
        }

        return result;
    }
}
