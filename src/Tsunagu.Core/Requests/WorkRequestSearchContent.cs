using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Requests;

/// <summary>
/// Requests in the search index, found under <see cref="WorkRequestAccess"/>'s rule: the parties and watchers by
/// account, the members of the requesting and the target department by department, and the managers (課長以上) of the
/// parties' departments and their ancestors by account, resolved when the request is indexed (every change of the
/// request re-indexes it; after staff moves the `reindex` command brings the manager rules up to date). Files attached
/// are found under the same rule. Comments and the answer are part of the body.
/// </summary>
public sealed class WorkRequestSearchContent : ISearchSource
{
    public IReadOnlyCollection<string> Modules { get; } = [SearchModules.WorkRequest, SearchModules.WorkRequestFile];

    /// <summary>Indexes the request and its files; <paramref name="request"/> needs its watchers and events. The caller saves.</summary>
    public static async Task IndexAsync(AppDbContext db, WorkRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lookups = await Lookups.LoadAsync(db, cancellationToken);
        var key = WorkRequestService.Key(request.Id);
        var files = await db.Attachments.AsNoTracking().Where(a => a.Module == SearchModules.WorkRequest && a.OwnerKey == key)
            .Select(a => new FileText(a.Id, a.FileName, a.Text)).ToListAsync(cancellationToken);
        var item = Item(request, lookups);
        await SearchIndex.IndexAsync(db, item, cancellationToken);
        foreach (var file in files)
        {
            await SearchIndex.IndexAsync(db, FileItem(file, item), cancellationToken);
        }
    }

    public async Task<int> CountAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Set<WorkRequest>().CountAsync(cancellationToken)
        + await db.Attachments.CountAsync(a => a.Module == SearchModules.WorkRequest, cancellationToken);

    public async IAsyncEnumerable<SearchItem> ReadAllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lookups = await Lookups.LoadAsync(db, cancellationToken);
        var lastId = 0;
        while (true)
        {
            var batch = await db.Set<WorkRequest>().AsNoTracking().Include(r => r.Watchers).Include(r => r.Events)
                .Where(r => r.Id > lastId).OrderBy(r => r.Id).Take(200).AsSplitQuery().ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            var keys = batch.Select(r => WorkRequestService.Key(r.Id)).ToList();
            var files = (await db.Attachments.AsNoTracking()
                .Where(a => a.Module == SearchModules.WorkRequest && keys.Contains(a.OwnerKey))
                .Select(a => new { a.OwnerKey, File = new FileText(a.Id, a.FileName, a.Text) })
                .ToListAsync(cancellationToken)).ToLookup(f => f.OwnerKey, f => f.File);
            foreach (var r in batch)
            {
                var item = Item(r, lookups);
                yield return item;
                foreach (var file in files[item.Key])
                {
                    yield return FileItem(file, item);
                }
            }

            lastId = batch[^1].Id;
        }
    }

    /// <summary>Who may find a request (see the class comment).</summary>
    internal static IReadOnlyList<SearchAccess> Access(WorkRequest r, Lookups lookups)
    {
        var accounts = new HashSet<int> { r.RequesterId };
        accounts.UnionWith(new[] { r.ToAccountId, r.AssigneeId }.OfType<int>());
        accounts.UnionWith(r.Watchers.Select(w => w.AccountId));
        var partyDepartments = new HashSet<int> { r.ToDepartmentId };
        if (r.RequesterDepartmentId is { } rd)
        {
            partyDepartments.Add(rd);
        }

        foreach (var id in accounts)
        {
            if (lookups.People.TryGetValue(id, out var p) && p.DepartmentId is { } d)
            {
                partyDepartments.Add(d);
            }
        }

        var managers = partyDepartments.SelectMany(lookups.Tree.SelfAndAbove).Distinct().SelectMany(d => lookups.Managers[d]);
        accounts.UnionWith(managers);
        var access = new List<SearchAccess> { SearchAccess.Department(r.ToDepartmentId) };
        if (r.RequesterDepartmentId is { } requesterDepartment)
        {
            access.Add(SearchAccess.Department(requesterDepartment));
        }

        access.AddRange(accounts.Order().Select(SearchAccess.Account));
        return access.Distinct().ToList();
    }

    private static SearchItem Item(WorkRequest r, Lookups lookups)
    {
        var body = new StringBuilder();
        body.Append("依頼 ").Append(lookups.Name(r.RequesterId)).Append(' ').Append(lookups.Department(r.RequesterDepartmentId))
            .Append(" → ").Append(lookups.Department(r.ToDepartmentId));
        if (r.ToAccountId is { } to)
        {
            body.Append(' ').Append(lookups.Name(to));
        }

        body.Append('\n').Append(r.Details);
        foreach (var e in r.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Where(e => !string.IsNullOrWhiteSpace(e.Text) && e.Kind != WorkRequestEventKind.Assigned))
        {
            body.Append('\n').Append(e.Text);
        }

        var key = WorkRequestService.Key(r.Id);
        return new SearchItem(SearchModules.WorkRequest, key, r.Subject, body.ToString(), WorkRequestService.Url(r.Id), r.CreatedAt, r.RequesterDepartmentId ?? r.ToDepartmentId, Access(r, lookups));
    }

    private sealed record FileText(int Id, string FileName, string Text);

    private static SearchItem FileItem(FileText file, SearchItem request) =>
        new(SearchModules.WorkRequestFile, WorkRequestService.Key(file.Id), file.FileName, $"{request.Title}\n{file.Text}", request.Url, request.OccurredAt, request.DepartmentId, request.Access);

    internal sealed record Person(string Name, int? DepartmentId);

    /// <summary>Names, departments and managers of the whole city, read once per index call or rebuild.</summary>
    internal sealed record Lookups(IReadOnlyDictionary<int, Person> People, IReadOnlyDictionary<int, string> Departments, DepartmentTree Tree, ILookup<int, int> Managers)
    {
        public string Name(int id) => People.TryGetValue(id, out var p) ? p.Name : "";

        public string Department(int? id) => id is { } d && Departments.TryGetValue(d, out var n) ? n : "";

        public static async Task<Lookups> LoadAsync(AppDbContext db, CancellationToken cancellationToken)
        {
            var rank = await WorkRequestScope.ManagerRankAsync(db, cancellationToken) ?? int.MinValue;
            var people = await db.Users.AsNoTracking()
                .Select(a => new { a.Id, a.DisplayName, a.DepartmentId, a.IsActive, Rank = a.Position == null ? (int?)null : a.Position.Rank })
                .ToListAsync(cancellationToken);
            var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
            var managers = people.Where(p => p.IsActive && p.DepartmentId is not null && p.Rank is { } r && r <= rank).ToLookup(p => p.DepartmentId!.Value, p => p.Id);
            return new Lookups(people.ToDictionary(p => p.Id, p => new Person(p.DisplayName, p.DepartmentId)), departments, await DepartmentTree.LoadAsync(db, cancellationToken), managers);
        }
    }
}
