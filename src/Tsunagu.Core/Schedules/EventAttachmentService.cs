using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Data;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Schedules;

/// <summary>
/// 会議資料: files attached to an event (a series keeps them on the series). Whoever may see the event's details may
/// list and download them; its organiser, the people who keep the organiser's schedule and its attendees may add
/// them; the person who added a file, the organiser and their keepers may remove it. Text found in a file is indexed
/// under the event's permissions, in the same transaction as the file.
/// </summary>
public sealed partial class EventAttachmentService(AppDbContext db, ScheduleReader reader, TimeProvider clock, ILogger<EventAttachmentService> logger)
{
    public const int MaxPerEvent = 20;

    public async Task<IReadOnlyList<AttachmentInfo>> ListAsync(ScheduleViewer viewer, int eventId, CancellationToken cancellationToken = default)
    {
        var e = await FindEventAsync(eventId, cancellationToken);
        if (!await reader.CanSeeDetailsAsync(viewer, e, cancellationToken))
        {
            return [];
        }

        var key = Key(e.Id);
        return await db.Attachments.AsNoTracking()
            .Where(a => a.Module == SearchModules.Schedule && a.OwnerKey == key)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => new AttachmentInfo(a.Id, a.FileName, a.ContentType, a.Size, a.CreatedAt, a.CreatedById, a.CreatedBy!.DisplayName, a.Text != "", a.TextProblem))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether the viewer may add files to the event (the page shows the upload form only then).</summary>
    public async Task<bool> CanAddAsync(ScheduleViewer viewer, int eventId, CancellationToken cancellationToken = default)
    {
        var e = await FindEventAsync(eventId, cancellationToken);
        return !e.IsCancelled && await MayAddAsync(viewer, e, cancellationToken);
    }

    /// <exception cref="DomainException">attachment.invalid-name, attachment.empty, attachment.too-large, attachment.too-many, schedule.not-found, schedule.cancelled.</exception>
    /// <exception cref="AccessDeniedException">The viewer is neither organiser, keeper nor attendee.</exception>
    public async Task<AttachmentInfo> AddAsync(ScheduleViewer viewer, int eventId, string fileName, string? contentType, Stream content, CancellationToken cancellationToken = default)
    {
        var e = await FindEventAsync(eventId, cancellationToken);
        if (e.IsCancelled)
        {
            throw new DomainException("schedule.cancelled", "この予定は取り消されています。");
        }

        if (!await MayAddAsync(viewer, e, cancellationToken))
        {
            throw new AccessDeniedException("Only the organiser, their keepers and the attendees add files to an event.");
        }

        var attachment = await AttachmentUpload.ReadAsync(SearchModules.Schedule, Key(e.Id), fileName, contentType, content, viewer.AccountId, clock.GetUtcNow(), cancellationToken);
        var key = attachment.OwnerKey;
        if (await db.Attachments.CountAsync(a => a.Module == SearchModules.Schedule && a.OwnerKey == key, cancellationToken) >= MaxPerEvent)
        {
            throw new DomainException("attachment.too-many", $"1つの予定に添付できる資料は{MaxPerEvent}件までです。");
        }

        if (attachment.TextProblem is not null)
        {
            LogExtractionFailed(logger, attachment.FileName, e.Id, attachment.TextProblem);
        }

        db.Attachments.Add(attachment);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await ScheduleSearchContent.IndexEventAsync(db, await EventWithAttendeesAsync(e.Id, cancellationToken), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var by = await db.Users.Where(u => u.Id == viewer.AccountId).Select(u => u.DisplayName).FirstAsync(cancellationToken);
        return new AttachmentInfo(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size, attachment.CreatedAt, attachment.CreatedById, by, attachment.Text.Length > 0, attachment.TextProblem);
    }

    /// <exception cref="DomainException">attachment.not-found.</exception>
    /// <exception cref="AccessDeniedException">The viewer may not see the event's details.</exception>
    public async Task<AttachmentFile> OpenAsync(ScheduleViewer viewer, int attachmentId, CancellationToken cancellationToken = default)
    {
        var (attachment, e) = await FindAttachmentAsync(attachmentId, cancellationToken);
        if (!await reader.CanSeeDetailsAsync(viewer, e, cancellationToken))
        {
            throw new AccessDeniedException("The event's details are not the viewer's to see.");
        }

        var content = await db.Attachments.AsNoTracking().Where(a => a.Id == attachment.Id).Select(a => a.Content).FirstAsync(cancellationToken);
        return new AttachmentFile(attachment.FileName, attachment.ContentType, content, attachment.Sha256);
    }

    /// <summary>Removes a file and its search entry; returns the event it belonged to.</summary>
    /// <exception cref="DomainException">attachment.not-found.</exception>
    /// <exception cref="AccessDeniedException">The viewer neither added the file nor acts for the organiser.</exception>
    public async Task<int> DeleteAsync(ScheduleViewer viewer, int attachmentId, CancellationToken cancellationToken = default)
    {
        var (attachment, e) = await FindAttachmentAsync(attachmentId, cancellationToken);
        if (attachment.CreatedById != viewer.AccountId && !viewer.ActsFor(e.OrganizerId))
        {
            throw new AccessDeniedException("Only who added a file, or the organiser, removes it.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Attachments.Where(a => a.Id == attachment.Id).ExecuteDeleteAsync(cancellationToken);
        await SearchIndex.RemoveAsync(db, SearchModules.ScheduleFile, Key(attachment.Id), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return e.Id;
    }

    private async Task<ScheduleEvent> FindEventAsync(int eventId, CancellationToken cancellationToken) =>
        await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, cancellationToken)
            ?? throw new DomainException("schedule.not-found", "予定が見つかりません。");

    private async Task<ScheduleEvent> EventWithAttendeesAsync(int eventId, CancellationToken cancellationToken) =>
        await db.Events.AsNoTracking().Include(x => x.Attendees).FirstAsync(x => x.Id == eventId, cancellationToken);

    private async Task<(Attachment Attachment, ScheduleEvent Event)> FindAttachmentAsync(int attachmentId, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && a.Module == SearchModules.Schedule)
            .Select(a => new Attachment { Id = a.Id, OwnerKey = a.OwnerKey, FileName = a.FileName, ContentType = a.ContentType, Sha256 = a.Sha256, CreatedById = a.CreatedById })
            .FirstOrDefaultAsync(cancellationToken);
        var missing = new DomainException("attachment.not-found", "資料が見つかりません。");
        if (attachment is null || !int.TryParse(attachment.OwnerKey, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var eventId))
        {
            throw missing;
        }

        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, cancellationToken) ?? throw missing;
        return (attachment, e);
    }

    private async Task<bool> MayAddAsync(ScheduleViewer viewer, ScheduleEvent e, CancellationToken cancellationToken)
    {
        if (viewer.ActsFor(e.OrganizerId))
        {
            return true;
        }

        var ids = e.SeriesMasterId is { } master ? new[] { e.Id, master } : [e.Id];
        return await db.EventAttendees.AnyAsync(a => a.AccountId == viewer.AccountId && ids.Contains(a.EventId), cancellationToken);
    }

    private static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No text extracted from {FileName} attached to event {EventId}: {Problem}")]
    private static partial void LogExtractionFailed(ILogger logger, string fileName, int eventId, string? problem);
}
