using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Search;

public static class SearchModules
{
    public const string Staff = "staff";
    public const string Department = "department";
    public const string Schedule = "schedule";
    public const string Facility = "facility";

    /// <summary>Files attached to events (会議資料): one entry per file, found under the event's permissions.</summary>
    public const string ScheduleFile = "schedule-file";

    /// <summary>E-approval requests, found by those on the route (and administrators).</summary>
    public const string Approval = "approval";

    /// <summary>Files attached to approval requests, under the request's permissions.</summary>
    public const string ApprovalFile = "approval-file";

    /// <summary>Bulletin posts (掲示板), found by their audience.</summary>
    public const string Bulletin = "bulletin";

    /// <summary>Files attached to bulletin posts, under the post's audience.</summary>
    public const string BulletinFile = "bulletin-file";

    /// <summary>Circulations (回覧板), found by the sender and the recipients.</summary>
    public const string Circulation = "circulation";

    /// <summary>Files attached to circulations, under the circulation's permissions.</summary>
    public const string CirculationFile = "circulation-file";

    /// <summary>Chat messages, found by the channel's members (everyone for a public channel).</summary>
    public const string Chat = "chat";

    /// <summary>Meetings (会議), found by the body's members and the meeting's attendees.</summary>
    public const string Meeting = "meeting";

    /// <summary>Meeting papers (会議資料), under the meeting's permissions.</summary>
    public const string MeetingFile = "meeting-file";

    /// <summary>Published minutes (議事録), found by the meeting's members and attendees.</summary>
    public const string Minutes = "minutes";

    /// <summary>Requests between departments (依頼), found by the parties, the watchers and their managers.</summary>
    public const string WorkRequest = "request";

    /// <summary>Files attached to requests, under the request's permissions.</summary>
    public const string WorkRequestFile = "request-file";
}

/// <summary>One rule of who may find an entry. An entry is found if any of its rules admits the viewer.</summary>
public readonly record struct SearchAccess(string Kind, string Value)
{
    public const string AllKind = "all";
    public const string RoleKind = "role";
    public const string DepartmentKind = "department";
    public const string AccountKind = "account";
    public const string PositionKind = "position";
    public const string DepartmentPositionKind = "department-position";

    /// <summary>Everyone signed in (partners included).</summary>
    public static SearchAccess All { get; } = new(AllKind, "");

    public static SearchAccess Role(string role) => new(RoleKind, role);

    /// <summary>Members of the department and of every unit below it (a notice for 総務部 reaches 総務課).</summary>
    public static SearchAccess Department(int departmentId) => new(DepartmentKind, departmentId.ToString(CultureInfo.InvariantCulture));

    public static SearchAccess Account(int accountId) => new(AccountKind, accountId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Holders of the position (職位), wherever they work.</summary>
    public static SearchAccess Position(int positionId) => new(PositionKind, positionId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Holders of the position in the department or a unit below it (総務部の課長 includes 総務課長).</summary>
    public static SearchAccess DepartmentPosition(int departmentId, int positionId) =>
        new(DepartmentPositionKind, DepartmentPositionValue(departmentId, positionId));

    internal static string DepartmentPositionValue(int departmentId, int positionId) =>
        string.Create(CultureInfo.InvariantCulture, $"{departmentId}:{positionId}");
}

/// <summary>What a module hands to <see cref="SearchIndex.IndexAsync"/>: the record as the searcher should see it.</summary>
public sealed record SearchItem(
    string Module,
    string Key,
    string Title,
    string Body,
    string Url,
    DateTimeOffset? OccurredAt,
    int? DepartmentId,
    IReadOnlyList<SearchAccess> Access);

public enum SearchOrder
{
    /// <summary>
    /// The default: relevance within the newest matches. The newest <see cref="SearchQuery.RelevanceWindow"/> matches
    /// (undated entries count as oldest) are ranked (BM25 on SQLite, ts_rank_cd on PostgreSQL; title hits weigh more;
    /// newest first among equals); the older matches follow them, newest first. Ranking costs time per ranked hit, so
    /// this keeps a word found in most documents fast (docs/decisions/0004-search-index.md).
    /// </summary>
    Relevance,

    /// <summary>Newest first (undated last), ties by the most recently indexed; no ranking.</summary>
    Newest,

    /// <summary>Every match ranked; slow for very common words in a large index. On request only.</summary>
    FullRelevance,
}

public sealed record SearchQuery(string Text)
{
    public string? Module { get; init; }

    public int? DepartmentId { get; init; }

    /// <summary>Inclusive lower bound of <see cref="SearchEntry.OccurredAt"/>.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound of <see cref="SearchEntry.OccurredAt"/>.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;

    public SearchOrder Order { get; init; } = SearchOrder.Relevance;

    /// <summary>How many of the newest matches <see cref="SearchOrder.Relevance"/> ranks (clamped to 1–10,000).</summary>
    public int RelevanceWindow { get; init; } = DefaultRelevanceWindow;

    public const int DefaultRelevanceWindow = 1000;

    public const int MaxRelevanceWindow = 10_000;

    public const int MaxPageSize = 100;
}

/// <summary>The person searching: what they may open decides what they find.</summary>
public sealed record SearchViewer(int AccountId, IReadOnlyCollection<string> Roles, IReadOnlyCollection<int> DepartmentIds, int? PositionId = null)
{
    /// <summary>The account's roles, its position, and its department with every ancestor (a 総務部 notice reaches a 総務課 member).</summary>
    public static async Task<SearchViewer> ForAccountAsync(AppDbContext db, int accountId, CancellationToken cancellationToken = default)
    {
        var account = await db.Users.Where(a => a.Id == accountId).Select(a => new { a.DepartmentId, a.PositionId }).SingleOrDefaultAsync(cancellationToken);
        var departmentId = account?.DepartmentId;
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == accountId
                           select r.Name!).ToListAsync(cancellationToken);
        var departments = new List<int>();
        if (departmentId is not null)
        {
            var parents = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ParentId, cancellationToken);
            for (int? id = departmentId; id is not null && !departments.Contains(id.Value); id = parents.GetValueOrDefault(id.Value))
            {
                departments.Add(id.Value);
            }
        }

        return new SearchViewer(accountId, roles, departments, account?.PositionId);
    }
}

/// <summary>A piece of a title or snippet; <see cref="IsMatch"/> pieces are the query words (render them in &lt;mark&gt;).</summary>
public readonly record struct SnippetSegment(string Text, bool IsMatch);

public sealed record SearchHit(
    string Module,
    string Key,
    string Title,
    IReadOnlyList<SnippetSegment> TitleSegments,
    IReadOnlyList<SnippetSegment> Snippet,
    string Url,
    DateTimeOffset? OccurredAt,
    int? DepartmentId,
    double Score);

/// <summary>A facet value: module name, department id or period (yyyy-MM, Tokyo time) with a label for display.</summary>
public sealed record FacetCount(string Value, string Label, int Count);

/// <summary>Each facet counts the matches with the other facets' filters applied, not its own, so every choice stays visible.</summary>
public sealed record SearchFacets(IReadOnlyList<FacetCount> Modules, IReadOnlyList<FacetCount> Departments, IReadOnlyList<FacetCount> Periods)
{
    public static SearchFacets Empty { get; } = new([], [], []);
}

public sealed record SearchResults(int Total, IReadOnlyList<SearchHit> Items, SearchFacets Facets, int Page, int PageSize, IReadOnlyList<string> Words)
{
    public static SearchResults Empty(int page, int pageSize) => new(0, [], SearchFacets.Empty, page, pageSize, []);
}
