using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Circulation;

/// <summary>受信 (確認待ち / 受け取った回覧) and 送信 (自分が出した回覧).</summary>
public enum CircularTab
{
    Waiting,
    Received,
    Sent,
}

/// <summary>One line of a list: progress for the sender, the viewer's own state for a recipient.</summary>
public sealed record CircularRow(
    int Id,
    string Title,
    string SenderName,
    CircularMode Mode,
    CircularState State,
    DateOnly DueDate,
    DateTimeOffset CreatedAt,
    int Confirmed,
    int Total,
    DateTimeOffset? MyArrivedAt,
    DateTimeOffset? MyConfirmedAt)
{
    public bool IsOverdue(DateOnly today) => State == CircularState.InProgress && today > DueDate;
}

public sealed record CircularPage(IReadOnlyList<CircularRow> Rows, int Total, int Page, int PageSize);

/// <summary>For the portal: what waits for me (and how much of it is overdue), and my circulations in progress.</summary>
public sealed record CircularCounts(int Waiting, int Overdue, int SentInProgress);

/// <summary>A recipient as the page lists them.</summary>
public sealed record RecipientLine(int AccountId, string Name, string? Department, int Position, DateTimeOffset? ArrivedAt, DateTimeOffset? ConfirmedAt, string? Comment);

/// <summary>Everything the circulation page shows.</summary>
public sealed record CircularView(Circular Circular, string SenderName, string? SenderDepartment, IReadOnlyList<RecipientLine> Recipients, IReadOnlyList<AttachmentInfo> Attachments)
{
    public RecipientLine? Me(int accountId) => Recipients.FirstOrDefault(r => r.AccountId == accountId);

    public bool IsMyTurn(int accountId) =>
        Circular.State == CircularState.InProgress && Me(accountId) is { ArrivedAt: not null, ConfirmedAt: null };
}

/// <summary>Reads circulations for the people involved; to anyone else a circulation does not exist.</summary>
public sealed class CirculationReader(AppDbContext db)
{
    public const int PageSize = 20;

    public async Task<CircularPage> ListAsync(int accountId, CircularTab tab, int page = 1, int pageSize = PageSize, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        var circulars = db.Set<Circular>().AsNoTracking();
        IQueryable<CircularRow> rows;
        int total;
        if (tab == CircularTab.Sent)
        {
            var mine = circulars.Where(c => c.SenderId == accountId);
            total = await mine.CountAsync(cancellationToken);
            rows = mine.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
                .Select(c => new CircularRow(c.Id, c.Title, c.Sender!.DisplayName, c.Mode, c.State, c.DueDate, c.CreatedAt,
                    c.Recipients.Count(r => r.ConfirmedAt != null), c.Recipients.Count, null, null));
        }
        else
        {
            var inProgress = CircularState.InProgress;
            var mine = db.Set<CircularRecipient>().AsNoTracking().Where(r => r.AccountId == accountId);
            mine = tab == CircularTab.Waiting
                ? mine.Where(r => r.ArrivedAt != null && r.ConfirmedAt == null && r.Circular!.State == inProgress)
                : mine.Where(r => r.ArrivedAt == null || r.ConfirmedAt != null || r.Circular!.State != inProgress);
            total = await mine.CountAsync(cancellationToken);
            var ordered = tab == CircularTab.Waiting
                ? mine.OrderBy(r => r.Circular!.DueDate).ThenBy(r => r.ArrivedAt).ThenBy(r => r.CircularId)
                : mine.OrderByDescending(r => r.Circular!.CreatedAt).ThenByDescending(r => r.CircularId);
            rows = ordered.Select(r => new CircularRow(r.CircularId, r.Circular!.Title, r.Circular.Sender!.DisplayName, r.Circular.Mode, r.Circular.State, r.Circular.DueDate, r.Circular.CreatedAt,
                r.Circular.Recipients.Count(x => x.ConfirmedAt != null), r.Circular.Recipients.Count, r.ArrivedAt, r.ConfirmedAt));
        }

        var list = await rows.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new CircularPage(list, total, page, pageSize);
    }

    public async Task<CircularCounts> CountsAsync(int accountId, DateOnly today, CancellationToken cancellationToken = default)
    {
        var inProgress = CircularState.InProgress;
        var waiting = db.Set<CircularRecipient>().AsNoTracking()
            .Where(r => r.AccountId == accountId && r.ArrivedAt != null && r.ConfirmedAt == null && r.Circular!.State == inProgress);
        return new CircularCounts(
            await waiting.CountAsync(cancellationToken),
            await waiting.CountAsync(r => r.Circular!.DueDate < today, cancellationToken),
            await db.Set<Circular>().CountAsync(c => c.SenderId == accountId && c.State == inProgress, cancellationToken));
    }

    /// <summary>Whether the account sent it or is among its recipients.</summary>
    public Task<bool> CanSeeAsync(int accountId, int circularId, CancellationToken cancellationToken = default) =>
        db.Set<Circular>().AnyAsync(c => c.Id == circularId && (c.SenderId == accountId || c.Recipients.Any(r => r.AccountId == accountId)), cancellationToken);

    /// <summary>The circulation for its sender or a recipient; null for anyone else and when there is none.</summary>
    public async Task<CircularView?> GetAsync(int accountId, int circularId, CancellationToken cancellationToken = default)
    {
        if (!await CanSeeAsync(accountId, circularId, cancellationToken))
        {
            return null;
        }

        var circular = await db.Set<Circular>().AsNoTracking().Include(c => c.Recipients).FirstAsync(c => c.Id == circularId, cancellationToken);
        var sender = await db.Users.AsNoTracking().Where(a => a.Id == circular.SenderId)
            .Select(a => new { a.DisplayName, Department = a.Department == null ? null : a.Department.Name }).FirstAsync(cancellationToken);
        var ids = circular.Recipients.Select(r => r.AccountId).ToList();
        var people = await db.Users.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.DisplayName, Department = a.Department == null ? null : a.Department.Name })
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        var recipients = circular.Recipients.OrderBy(r => r.Position)
            .Select(r => new RecipientLine(r.AccountId, people[r.AccountId].DisplayName, people[r.AccountId].Department, r.Position, r.ArrivedAt, r.ConfirmedAt, r.Comment))
            .ToList();
        var key = circularId.ToString(CultureInfo.InvariantCulture);
        var files = await db.Attachments.AsNoTracking()
            .Where(a => a.Module == SearchModules.Circulation && a.OwnerKey == key)
            .OrderBy(a => a.Id)
            .Select(a => new AttachmentInfo(a.Id, a.FileName, a.ContentType, a.Size, a.CreatedAt, a.CreatedById, a.CreatedBy!.DisplayName, a.Text != "", a.TextProblem))
            .ToListAsync(cancellationToken);
        return new CircularView(circular, sender.DisplayName, sender.Department, recipients, files);
    }

    /// <summary>An attached file for the sender or a recipient; null for anyone else and when there is none.</summary>
    public async Task<AttachmentFile?> OpenAttachmentAsync(int accountId, int attachmentId, CancellationToken cancellationToken = default)
    {
        var file = await db.Attachments.AsNoTracking().Where(a => a.Id == attachmentId && a.Module == SearchModules.Circulation)
            .Select(a => new { a.OwnerKey, a.FileName, a.ContentType, a.Sha256 }).FirstOrDefaultAsync(cancellationToken);
        if (file is null || !int.TryParse(file.OwnerKey, NumberStyles.None, CultureInfo.InvariantCulture, out var circularId)
            || !await CanSeeAsync(accountId, circularId, cancellationToken))
        {
            return null;
        }

        var content = await db.Attachments.AsNoTracking().Where(a => a.Id == attachmentId).Select(a => a.Content).FirstAsync(cancellationToken);
        return new AttachmentFile(file.FileName, file.ContentType, content, file.Sha256);
    }
}
