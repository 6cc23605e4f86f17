using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Search;

/// <summary>
/// The search index. Writes go into the caller's <see cref="AppDbContext"/> and are saved by the caller's
/// SaveChanges, in the caller's transaction (DESIGN principle 1). Queries filter by permission, check exactness and
/// count facets in SQL, so nothing the viewer may not open shows up, not even as a count (docs/decisions/0004).
/// </summary>
public sealed class SearchIndex(AppDbContext db)
{
    private const int KeyBatch = 500;

    /// <summary>Adds or updates the entry for <c>(item.Module, item.Key)</c> and its access rules; the caller saves.</summary>
    public static Task IndexAsync(AppDbContext db, SearchItem item, CancellationToken cancellationToken = default) =>
        IndexManyAsync(db, [item], cancellationToken);

    /// <summary>As <see cref="IndexAsync"/> for many items, with one lookup per module and 500 keys.</summary>
    public static async Task IndexManyAsync(AppDbContext db, IReadOnlyCollection<SearchItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(items);
        foreach (var module in items.GroupBy(i => i.Module, StringComparer.Ordinal))
        {
            var byKey = new Dictionary<string, SearchItem>(StringComparer.Ordinal);
            foreach (var item in module)
            {
                byKey[item.Key] = item; // the last one wins, as two Index calls in a row would
            }

            var existing = await FindAsync(db, module.Key, byKey.Keys.ToList(), cancellationToken);
            foreach (var (key, item) in byKey)
            {
                if (!existing.TryGetValue(key, out var entry))
                {
                    entry = new SearchEntry { Module = item.Module, Key = item.Key };
                    db.SearchEntries.Add(entry);
                }

                Apply(entry, item);
            }
        }
    }

    /// <summary>Removes the entry (and its access rules) if there is one; the caller saves.</summary>
    public static async Task RemoveAsync(AppDbContext db, string module, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if ((await FindAsync(db, module, [key], cancellationToken)).TryGetValue(key, out var entry))
        {
            db.SearchEntries.Remove(entry);
        }
    }

    private static async Task<Dictionary<string, SearchEntry>> FindAsync(AppDbContext db, string module, List<string> keys, CancellationToken cancellationToken)
    {
        var found = db.SearchEntries.Local.Where(e => e.Module == module && keys.Contains(e.Key)).ToDictionary(e => e.Key, StringComparer.Ordinal);
        var missing = keys.Where(k => !found.ContainsKey(k)).ToList();
        foreach (var chunk in missing.Chunk(KeyBatch))
        {
            var loaded = await db.SearchEntries.Include(e => e.Access).Where(e => e.Module == module && chunk.Contains(e.Key)).ToListAsync(cancellationToken);
            foreach (var entry in loaded)
            {
                found[entry.Key] = entry;
            }
        }

        return found;
    }

    private static void Apply(SearchEntry entry, SearchItem item)
    {
        var title = Truncate(item.Title.Trim(), 400);
        var body = Truncate(item.Body, SearchEntry.MaxBodyLength);
        var normalizedTitle = JapaneseTokenizer.Normalize(title);
        var normalizedBody = JapaneseTokenizer.Normalize(body);
        entry.Title = title;
        entry.Body = body;
        entry.Url = item.Url;
        entry.OccurredAt = item.OccurredAt is { } at ? Clock.Truncate(at) : null;
        entry.DepartmentId = item.DepartmentId;
        entry.SearchText = normalizedTitle + "\n" + normalizedBody;
        entry.TitleTokens = JapaneseTokenizer.TokenString(normalizedTitle);
        entry.BodyTokens = JapaneseTokenizer.TokenString(normalizedBody);

        var wanted = item.Access.Distinct().ToHashSet();
        foreach (var stale in entry.Access.Where(a => !wanted.Contains(new SearchAccess(a.Kind, a.Value))).ToList())
        {
            entry.Access.Remove(stale);
        }

        foreach (var rule in wanted.Where(w => !entry.Access.Any(a => a.Kind == w.Kind && a.Value == w.Value)))
        {
            entry.Access.Add(new SearchEntryAccess { Kind = rule.Kind, Value = rule.Value });
        }
    }

    private static string Truncate(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        return char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }

    /// <summary>
    /// Every query word must occur, contiguously after normalisation, in the title or body of an entry the viewer may
    /// open. Total and facets count exactly those entries.
    /// </summary>
    public async Task<SearchResults> QueryAsync(SearchQuery query, SearchViewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(viewer);
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Clamp(query.PageSize, 1, SearchQuery.MaxPageSize);
        var words = JapaneseTokenizer.QueryWords(query.Text);
        if (words.Count == 0)
        {
            return SearchResults.Empty(page, pageSize);
        }

        var sql = new SearchSql(db.IsPostgreSql);
        var commandText = sql.Build(words, query, viewer, page, pageSize);
        var counts = new List<(int Part, string? Value, int Count)>();
        var ranked = new List<(int Id, double Score)>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = commandText;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var (name, value) in sql.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var part = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                if (part == SearchSql.PagePart)
                {
                    ranked.Add((Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture), Convert.ToDouble(reader.GetValue(4), CultureInfo.InvariantCulture)));
                }
                else
                {
                    counts.Add((part, reader.IsDBNull(1) ? null : reader.GetString(1), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture)));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var total = counts.Where(c => c.Part == SearchSql.TotalPart).Sum(c => c.Count);
        var ids = ranked.Select(r => r.Id).ToList();
        var entries = await db.SearchEntries.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        var hits = ranked.Where(r => entries.ContainsKey(r.Id)).Select(r =>
        {
            var e = entries[r.Id];
            return new SearchHit(e.Module, e.Key, e.Title, Snippets.Highlight(e.Title, words), Snippets.Excerpt(e.Body, words), e.Url, e.OccurredAt, e.DepartmentId, r.Score);
        }).ToList();

        var departmentIds = counts.Where(c => c.Part == SearchSql.DepartmentPart && c.Value is not null)
            .Select(c => int.Parse(c.Value!, CultureInfo.InvariantCulture)).ToList();
        var departmentPaths = await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Path, cancellationToken);
        var facets = new SearchFacets(
            counts.Where(c => c.Part == SearchSql.ModulePart).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)
                .Select(c => new FacetCount(c.Value!, c.Value!, c.Count)).ToList(),
            counts.Where(c => c.Part == SearchSql.DepartmentPart && c.Value is not null).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)
                .Select(c => new FacetCount(c.Value!, departmentPaths.GetValueOrDefault(int.Parse(c.Value!, CultureInfo.InvariantCulture), c.Value!), c.Count)).ToList(),
            counts.Where(c => c.Part == SearchSql.PeriodPart && c.Value is not null).OrderByDescending(c => c.Value, StringComparer.Ordinal)
                .Select(c => new FacetCount(c.Value!, c.Value!, c.Count)).ToList());
        return new SearchResults(total, hits, facets, page, pageSize, words);
    }
}

/// <summary>
/// The query as one SQL statement per provider: full-text candidates, the exactness check (normalised text contains
/// each word) and the permission filter in one materialised set, then the total, three facets and one page of it.
/// </summary>
internal sealed class SearchSql(bool postgreSql)
{
    public const int TotalPart = 0;
    public const int ModulePart = 1;
    public const int DepartmentPart = 2;
    public const int PeriodPart = 3;
    public const int PagePart = 4;

    public List<(string Name, object Value)> Parameters { get; } = [];

    private string Add(object value)
    {
        var name = "@p" + Parameters.Count.ToString(CultureInfo.InvariantCulture);
        Parameters.Add((name, value));
        return name;
    }

    public string Build(IReadOnlyList<string> words, SearchQuery query, SearchViewer viewer, int page, int pageSize)
    {
        var match = Add(MatchExpression(words));
        var exact = string.Join(" AND ", words.Select(w => postgreSql ? $"strpos(e.\"SearchText\", {Add(w)}) > 0" : $"instr(e.\"SearchText\", {Add(w)}) > 0"));
        var access = new StringBuilder($"a.\"Kind\" = '{SearchAccess.AllKind}' OR (a.\"Kind\" = '{SearchAccess.AccountKind}' AND a.\"Value\" = {Add(viewer.AccountId.ToString(CultureInfo.InvariantCulture))})");
        if (viewer.Roles.Count > 0)
        {
            access.Append(CultureInfo.InvariantCulture, $" OR (a.\"Kind\" = '{SearchAccess.RoleKind}' AND a.\"Value\" IN ({string.Join(", ", viewer.Roles.Select(r => Add(r)))}))");
        }

        if (viewer.DepartmentIds.Count > 0)
        {
            access.Append(CultureInfo.InvariantCulture, $" OR (a.\"Kind\" = '{SearchAccess.DepartmentKind}' AND a.\"Value\" IN ({string.Join(", ", viewer.DepartmentIds.Select(d => Add(d.ToString(CultureInfo.InvariantCulture))))}))");
        }

        if (viewer.PositionId is { } position)
        {
            var positionText = position.ToString(CultureInfo.InvariantCulture);
            access.Append(CultureInfo.InvariantCulture, $" OR (a.\"Kind\" = '{SearchAccess.PositionKind}' AND a.\"Value\" = {Add(positionText)})");
            if (viewer.DepartmentIds.Count > 0)
            {
                access.Append(CultureInfo.InvariantCulture, $" OR (a.\"Kind\" = '{SearchAccess.DepartmentPositionKind}' AND a.\"Value\" IN ({string.Join(", ", viewer.DepartmentIds.Select(d => Add(SearchAccess.DepartmentPositionValue(d, position))))}))");
            }
        }

        var module = query.Module is null ? "1 = 1" : $"\"Module\" = {Add(query.Module)}";
        var department = query.DepartmentId is null ? "1 = 1" : $"\"DepartmentId\" = {Add(query.DepartmentId.Value)}";
        var period = "1 = 1";
        if (query.From is { } from)
        {
            period += $" AND \"OccurredAt\" >= {Add(Timestamp(from))}";
        }

        if (query.To is { } to)
        {
            period += $" AND \"OccurredAt\" < {Add(Timestamp(to))}";
        }

        var (source, score, filter) = postgreSql
            ? ("\"SearchEntries\" e CROSS JOIN to_tsquery('simple', " + match + ") q", "ts_rank_cd(e.\"SearchVector\", q)", "e.\"SearchVector\" @@ q")
            : ($"\"{SearchSchema.FtsTable}\" JOIN \"SearchEntries\" e ON e.\"Id\" = \"{SearchSchema.FtsTable}\".rowid", $"-bm25(\"{SearchSchema.FtsTable}\", 4.0, 1.0)", $"\"{SearchSchema.FtsTable}\" MATCH {match}");
        var month = postgreSql
            ? "to_char(\"OccurredAt\" AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM')"
            : "strftime('%Y-%m', \"OccurredAt\" / 1000000 + 32400, 'unixepoch')";
        var take = Add(pageSize);
        var skip = Add((page - 1) * pageSize);
        var filters = $"{module} AND {department} AND {period}";
        const string byDate = "\"OccurredAt\" DESC NULLS LAST, \"Id\" DESC";
        const string byScore = "\"Score\" DESC, \"OccurredAt\" DESC NULLS LAST, \"Id\" DESC";

        string candidates, pageSql, extraCtes = "";
        if (query.Order == SearchOrder.FullRelevance)
        {
            // Every hit is ranked: time grows with the number of hits.
            candidates = $"CAST({score} AS REAL) AS \"Score\"";
            pageSql = $"""
                SELECT * FROM (
                    SELECT {PagePart} AS "Part", CAST(NULL AS TEXT) AS "Value", CAST(NULL AS INTEGER) AS "Count", "Id", "Score"
                    FROM m WHERE {filters}
                    ORDER BY {byScore} LIMIT {take} OFFSET {skip}) AS p
                """;
        }
        else
        {
            // Only a window of the newest hits is ranked (Newest: just the page, for the score it shows), so the cost
            // does not grow with the number of hits beyond counting them.
            candidates = "CAST(0 AS REAL) AS \"Score\"";
            var newest = query.Order == SearchOrder.Newest;
            var windowSize = Math.Clamp(query.RelevanceWindow, 1, SearchQuery.MaxRelevanceWindow);
            var window = newest
                ? $"SELECT \"Id\", \"OccurredAt\" FROM m WHERE {filters} ORDER BY {byDate} LIMIT {take} OFFSET {skip}"
                : $"SELECT \"Id\", \"OccurredAt\" FROM m WHERE {filters} ORDER BY {byDate} LIMIT {Add(windowSize)}";
            var scored = postgreSql
                ? $"""
                    SELECT w."Id" AS "Id", w."OccurredAt" AS "OccurredAt", CAST(ts_rank_cd(e."SearchVector", q) AS REAL) AS "Score"
                    FROM w JOIN "SearchEntries" e ON e."Id" = w."Id" CROSS JOIN to_tsquery('simple', {match}) q
                    """
                : """SELECT w."Id" AS "Id", w."OccurredAt" AS "OccurredAt", COALESCE(f."Score", 0) AS "Score" FROM w LEFT JOIN f ON f."Id" = w."Id" """;

            // SQLite: bm25() only works where the FTS5 MATCH drives the scan, so score the rowid range the window spans
            // (materialised, or the planner looks rows up by rowid and bm25 fails). Entries are mostly indexed in date
            // order, so the range is close to the window; an old entry re-indexed lately widens it.
            var fts = postgreSql ? "" : $"""
                , f AS MATERIALIZED (
                    SELECT "{SearchSchema.FtsTable}".rowid AS "Id", CAST({score} AS REAL) AS "Score" FROM "{SearchSchema.FtsTable}"
                    WHERE {filter} AND "{SearchSchema.FtsTable}".rowid >= (SELECT MIN("Id") FROM w) AND "{SearchSchema.FtsTable}".rowid <= (SELECT MAX("Id") FROM w))
                """;
            string ordered;
            if (newest)
            {
                ordered = $"SELECT \"Id\", \"Score\" FROM s ORDER BY {byDate}";
            }
            else if ((long)page * pageSize <= windowSize)
            {
                ordered = $"SELECT \"Id\", \"Score\" FROM s ORDER BY {byScore} LIMIT {take} OFFSET {skip}";
            }
            else
            {
                // Past the ranked window: the older hits, newest first.
                ordered = $"""
                    SELECT "Id", "Score" FROM (
                        SELECT "Id", "OccurredAt", "Score", 0 AS "Band" FROM s
                        UNION ALL SELECT "Id", "OccurredAt", CAST(0 AS REAL), 1 FROM m WHERE {filters} AND "Id" NOT IN (SELECT "Id" FROM w)) AS b
                    ORDER BY "Band", {byScore} LIMIT {take} OFFSET {skip}
                    """;
            }

            pageSql = $"""
                SELECT * FROM (
                    SELECT {PagePart} AS "Part", CAST(NULL AS TEXT) AS "Value", CAST(NULL AS INTEGER) AS "Count", "Id", "Score"
                    FROM ({ordered}) AS o) AS p
                """;
            extraCtes = $"""
                , w AS MATERIALIZED ({window}){fts},
                s AS MATERIALIZED ({scored})
                """;
        }

        return $"""
            WITH m AS MATERIALIZED (
                SELECT e."Id" AS "Id", e."Module" AS "Module", e."DepartmentId" AS "DepartmentId", e."OccurredAt" AS "OccurredAt", {candidates}
                FROM {source}
                WHERE {filter} AND {exact}
                  AND EXISTS (SELECT 1 FROM "SearchEntryAccess" a WHERE a."EntryId" = e."Id" AND ({access}))
            ){extraCtes}
            SELECT {TotalPart} AS "Part", CAST(NULL AS TEXT) AS "Value", CAST(COUNT(*) AS INTEGER) AS "Count", CAST(NULL AS INTEGER) AS "Id", CAST(NULL AS REAL) AS "Score"
                FROM m WHERE {filters}
            UNION ALL SELECT {ModulePart}, "Module", CAST(COUNT(*) AS INTEGER), NULL, NULL FROM m WHERE {department} AND {period} GROUP BY "Module"
            UNION ALL SELECT {DepartmentPart}, CAST("DepartmentId" AS TEXT), CAST(COUNT(*) AS INTEGER), NULL, NULL FROM m
                WHERE "DepartmentId" IS NOT NULL AND {module} AND {period} GROUP BY "DepartmentId"
            UNION ALL SELECT {PeriodPart}, {month}, CAST(COUNT(*) AS INTEGER), NULL, NULL FROM m
                WHERE "OccurredAt" IS NOT NULL AND {module} AND {department} GROUP BY 2
            UNION ALL {pageSql}
            """;
    }

    private object Timestamp(DateTimeOffset value) =>
        postgreSql ? value.ToUniversalTime() : new UtcMicrosecondsConverter().ConvertToProvider(value)!;

    /// <summary>Each word is a phrase over its tokens (adjacent positions); words are ANDed.</summary>
    private string MatchExpression(IReadOnlyList<string> words)
    {
        var phrases = words.Select(w =>
        {
            var tokens = JapaneseTokenizer.TokenizeQueryWord(w);
            return postgreSql
                ? "(" + string.Join(" <-> ", tokens.Select(t => $"'{t.Text}'" + (t.Prefix ? ":*" : ""))) + ")"
                : string.Join(" + ", tokens.Select(t => $"\"{t.Text}\"" + (t.Prefix ? " *" : "")));
        });
        return string.Join(postgreSql ? " & " : " AND ", phrases);
    }
}
