using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Meetings;

/// <summary>A paper as the viewer shows it (no bytes): its session, its agenda item, the other papers and the extracted text.</summary>
public sealed record PaperView(
    int MeetingId,
    string MeetingTitle,
    DateTimeOffset StartsAt,
    int MaterialId,
    int AttachmentId,
    string FileName,
    string ContentType,
    long Size,
    string? AgendaItemTitle,
    string Text,
    string? TextProblem,
    IReadOnlyList<PaperLink> Papers)
{
    public bool IsPdf => string.Equals(ContentType, "application/pdf", StringComparison.OrdinalIgnoreCase)
        || FileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);
}

public sealed record PaperLink(int MaterialId, string FileName);

/// <summary>A personal note as its author sees it.</summary>
public sealed record MaterialNoteView(int Id, int? Page, string Text, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// Papers of a session for the viewer (who may open them: <see cref="MeetingAccess.CanView"/>) and the personal notes
/// on them. Every note query is filtered by author: another person's note is "not found", whoever asks.
/// </summary>
public sealed class MaterialNoteService(AppDbContext db, TimeProvider clock)
{
    /// <summary>How many notes one person keeps on one paper.</summary>
    public const int MaxNotesPerPaper = 200;

    /// <summary>Null when the session or the paper (in that session) does not exist.</summary>
    /// <exception cref="AccessDeniedException">The viewer may not open the session.</exception>
    public async Task<PaperView?> GetPaperAsync(int viewerId, int meetingId, int materialId, CancellationToken cancellationToken = default)
    {
        var (meeting, material) = await FindAsync(viewerId, meetingId, materialId, cancellationToken);
        if (meeting is null || material is null)
        {
            return null;
        }

        var file = await db.Attachments.AsNoTracking().Where(a => a.Id == material.AttachmentId)
            .Select(a => new { a.Id, a.FileName, a.ContentType, a.Size, a.Text, a.TextProblem }).FirstAsync(cancellationToken);
        var attachmentIds = meeting.Materials.Select(m => m.AttachmentId).ToList();
        var names = await db.Attachments.AsNoTracking().Where(a => attachmentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.FileName, cancellationToken);
        var itemPositions = meeting.AgendaItems.ToDictionary(i => i.Id, i => i.Position);
        var papers = meeting.Materials
            .OrderBy(m => m.AgendaItemId is { } i && itemPositions.TryGetValue(i, out var p) ? p : int.MaxValue).ThenBy(m => m.Position).ThenBy(m => m.Id)
            .Select(m => new PaperLink(m.Id, names.GetValueOrDefault(m.AttachmentId, ""))).ToList();
        var item = meeting.AgendaItems.FirstOrDefault(i => i.Id == material.AgendaItemId)?.Title;
        return new PaperView(meeting.Id, meeting.Title, meeting.StartsAt, material.Id, file.Id, file.FileName, file.ContentType, file.Size, item, file.Text, file.TextProblem, papers);
    }

    /// <summary>The paper's bytes; null when the session or paper does not exist.</summary>
    /// <exception cref="AccessDeniedException">The viewer may not open the session.</exception>
    public async Task<AttachmentFile?> OpenAsync(int viewerId, int meetingId, int materialId, CancellationToken cancellationToken = default)
    {
        var (meeting, material) = await FindAsync(viewerId, meetingId, materialId, cancellationToken);
        if (meeting is null || material is null)
        {
            return null;
        }

        return await db.Attachments.AsNoTracking().Where(a => a.Id == material.AttachmentId)
            .Select(a => new AttachmentFile(a.FileName, a.ContentType, a.Content, a.Sha256)).FirstAsync(cancellationToken);
    }

    /// <summary>The viewer's own notes on the paper, by page then time. Nobody else's, whatever the viewer's role.</summary>
    public async Task<IReadOnlyList<MaterialNoteView>> ListMineAsync(int viewerId, int meetingId, int materialId, CancellationToken cancellationToken = default)
    {
        var (meeting, material) = await FindAsync(viewerId, meetingId, materialId, cancellationToken);
        if (meeting is null || material is null)
        {
            return [];
        }

        return await Mine(viewerId).Where(n => n.MaterialId == materialId)
            .OrderBy(n => n.Page == null ? 0 : 1).ThenBy(n => n.Page).ThenBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .Select(n => new MaterialNoteView(n.Id, n.Page, n.Text, n.CreatedAt, n.UpdatedAt))
            .ToListAsync(cancellationToken);
    }

    /// <exception cref="DomainException">paper.not-found, note.* (empty, too long, page, too many).</exception>
    public async Task<int> AddAsync(int viewerId, int meetingId, int materialId, int? page, string? text, CancellationToken cancellationToken = default)
    {
        var (meeting, material) = await FindAsync(viewerId, meetingId, materialId, cancellationToken);
        if (meeting is null || material is null)
        {
            throw new DomainException("paper.not-found", "資料が見つかりません。");
        }

        if (await Mine(viewerId).CountAsync(n => n.MaterialId == materialId, cancellationToken) >= MaxNotesPerPaper)
        {
            throw new DomainException("note.too-many", $"1つの資料に書けるメモは{MaxNotesPerPaper}件までです。");
        }

        var note = new MaterialNote(materialId, viewerId, page, text, clock.GetUtcNow());
        db.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        return note.Id;
    }

    /// <exception cref="DomainException">note.not-found (also for someone else's note), note.*.</exception>
    public async Task UpdateAsync(int viewerId, int meetingId, int materialId, int noteId, int? page, string? text, CancellationToken cancellationToken = default)
    {
        var note = await OwnNoteAsync(viewerId, meetingId, materialId, noteId, cancellationToken);
        note.Change(page, text, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <exception cref="DomainException">note.not-found (also for someone else's note).</exception>
    public async Task DeleteAsync(int viewerId, int meetingId, int materialId, int noteId, CancellationToken cancellationToken = default)
    {
        var note = await OwnNoteAsync(viewerId, meetingId, materialId, noteId, cancellationToken);
        db.Remove(note);
        await db.SaveChangesAsync(cancellationToken);
    }

    private IQueryable<MaterialNote> Mine(int viewerId) => db.Set<MaterialNote>().Where(n => n.AuthorId == viewerId);

    private async Task<MaterialNote> OwnNoteAsync(int viewerId, int meetingId, int materialId, int noteId, CancellationToken cancellationToken)
    {
        var (meeting, material) = await FindAsync(viewerId, meetingId, materialId, cancellationToken);
        var note = meeting is null || material is null
            ? null
            : await Mine(viewerId).FirstOrDefaultAsync(n => n.Id == noteId && n.MaterialId == materialId, cancellationToken);
        return note ?? throw new DomainException("note.not-found", "メモが見つかりません。");
    }

    private async Task<(Meeting? Meeting, MeetingMaterial? Material)> FindAsync(int viewerId, int meetingId, int materialId, CancellationToken cancellationToken)
    {
        var meeting = await db.Set<Meeting>().AsNoTracking().Include(m => m.Attendees).Include(m => m.Materials).Include(m => m.AgendaItems)
            .AsSplitQuery().FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return (null, null);
        }

        if (!MeetingAccess.CanView(meeting, viewerId))
        {
            throw new AccessDeniedException("この会議の資料を見る権限がありません。");
        }

        return (meeting, meeting.Materials.FirstOrDefault(m => m.Id == materialId));
    }
}
