using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Bulletins;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Usage;

/// <summary>A notice and how many people opened it (to date) and how often.</summary>
public sealed record NoticeReads(int PostId, string Title, DateTimeOffset PublishFrom, int Readers, int Views);

/// <summary>Uses of one feature's pages and endpoints in a period (views and actions together), and by how many people.</summary>
public sealed record PageUses(string Feature, int Uses, int People);

/// <summary>Content usage of a period: notices most read and never read, and page uses per feature.</summary>
public sealed record ContentUsageReport(int Notices, IReadOnlyList<NoticeReads> MostRead, IReadOnlyList<NoticeReads> NeverRead, IReadOnlyList<PageUses> Pages);

/// <summary>
/// What was read. Notices: the bulletin board keeps one row per (notice, reader) with a view counter
/// (<see cref="BulletinRead"/>), not a row per view, so a notice's readers and views are counted to date, for the
/// notices published in the period, and only for notices addressed to everyone (a restricted notice's title is not the
/// DX office's to see). Pages: Tsunagu's own uses per feature from the daily and monthly counts (ADR 0010; grouping the
/// events themselves would read tens of millions of rows a year). Attachment downloads are
/// not recorded and are not reported. See docs/decisions/0011-usage-page.md.
/// </summary>
public sealed class ContentUsageService(AppDbContext db)
{
    public const int Listed = 10;

    public async Task<ContentUsageReport> ReportAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var start = Clock.FromTokyo(from);
        var end = Clock.FromTokyo(to.AddDays(1));
        var notices = await db.Set<BulletinPost>().AsNoTracking()
            .Where(p => p.ForEveryone && p.PublishFrom >= start && p.PublishFrom < end)
            .Select(p => new
            {
                p.Id,
                p.Title,
                p.PublishFrom,
                Readers = db.Set<BulletinRead>().Count(r => r.PostId == p.Id),
                Views = db.Set<BulletinRead>().Where(r => r.PostId == p.Id).Sum(r => (int?)r.Views) ?? 0,
            })
            .ToListAsync(cancellationToken);
        var rows = notices.Select(n => new NoticeReads(n.Id, n.Title, n.PublishFrom, n.Readers, n.Views)).ToList();
        var mostRead = rows.Where(n => n.Readers > 0).OrderByDescending(n => n.Readers).ThenByDescending(n => n.Views).ThenBy(n => n.PostId).Take(Listed).ToList();
        var neverRead = rows.Where(n => n.Readers == 0).OrderByDescending(n => n.PublishFrom).ThenBy(n => n.PostId).Take(Listed).ToList();

        var counts = await UsageCounts.PerAccountAsync(db, from, to, UsageCounts.OwnSource, cancellationToken);
        var pages = counts.GroupBy(c => c.Feature, StringComparer.Ordinal)
            .Select(g => new PageUses(g.Key, g.Sum(c => c.Count), g.Count()))
            .OrderByDescending(p => p.Uses)
            .ThenBy(p => p.Feature, StringComparer.Ordinal)
            .ToList();
        return new ContentUsageReport(rows.Count, mostRead, neverRead, pages);
    }
}
