using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Search;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Circulation;

/// <summary>The signed-in person acting on circulations.</summary>
public sealed record CirculationViewer(int AccountId, string Name, string? Address = null)
{
    public Actor Actor => new(AccountId, Name, Address);
}

/// <summary>A file sent with a new circulation.</summary>
public sealed record CircularFile(string FileName, string? ContentType, Stream Content);

/// <summary>What the sender wrote. <see cref="Recipients"/> is the list as <see cref="RecipientResolver"/> reads it.</summary>
public sealed record NewCircular(string Title, string? Body, CircularMode Mode, DateOnly DueDate, string Recipients)
{
    public IReadOnlyList<CircularFile> Files { get; init; } = [];
}

/// <summary>
/// Sends, confirms, reminds and cancels circulations. Each operation writes the circulation, its search entries, the
/// notifications (outbox) and the audit entry in one transaction. Confirmations that collide (two recipients of a
/// 同時 circulation at the same moment) are retried from the stored state, so both are recorded and exactly one of them
/// closes the circulation.
/// </summary>
public sealed partial class CirculationService(
    AppDbContext db,
    RecipientResolver resolver,
    NotificationService notifications,
    AuditLog audit,
    UsageRecorder usage,
    TimeProvider clock,
    ILogger<CirculationService> logger)
{
    public const string UsageFeature = "circulation";

    /// <summary>How often a confirmation is tried again after another one was saved first.</summary>
    public const int MaxAttempts = 8;

    /// <exception cref="DomainException">circulation.* (title, body, recipients, due date, files) and attachment.*.</exception>
    public async Task<Circular> SendAsync(CirculationViewer viewer, NewCircular input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.GetUtcNow();
        var resolution = await resolver.ResolveAsync(input.Recipients, viewer.AccountId, cancellationToken);
        if (!resolution.IsValid)
        {
            throw new DomainException("circulation.recipients", string.Join("\n", resolution.Errors));
        }

        var department = await db.Users.Where(a => a.Id == viewer.AccountId).Select(a => a.DepartmentId).FirstOrDefaultAsync(cancellationToken);
        var circular = Circular.Send(viewer.AccountId, department, input.Title, input.Body, input.Mode, input.DueDate, resolution.People.Select(p => p.Id).ToList(), now);
        if (input.Files.Count > Circular.MaxAttachments)
        {
            throw new DomainException("circulation.too-many-files", $"添付できるファイルは{Circular.MaxAttachments}件までです。");
        }

        // Every file is read and checked before anything is written.
        var attachments = new List<Attachment>();
        foreach (var file in input.Files)
        {
            attachments.Add(await AttachmentUpload.ReadAsync(SearchModules.Circulation, "", file.FileName, file.ContentType, file.Content, viewer.AccountId, now, cancellationToken));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(circular);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var attachment in attachments)
        {
            attachment.OwnerKey = Key(circular.Id);
            if (attachment.TextProblem is not null)
            {
                LogExtractionFailed(logger, attachment.FileName, circular.Id, attachment.TextProblem);
            }
        }

        db.Attachments.AddRange(attachments);
        await db.SaveChangesAsync(cancellationToken);
        await CirculationSearchContent.IndexAsync(db, circular, cancellationToken);
        var arrived = circular.Waiting.Select(r => r.AccountId).ToList();
        await notifications.NotifyAsync(arrived, NotificationKinds.Circulation, $"回覧: {circular.Title}", ArrivalBody(viewer.Name, circular), Url(circular.Id), cancellationToken);
        audit.Record(viewer.Actor, "circulation.sent", Target(circular.Id), string.Create(CultureInfo.InvariantCulture, $"{circular.Mode} recipients={circular.Recipients.Count} files={attachments.Count}"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        usage.Record(viewer.AccountId, UsageFeature, "send");
        return circular;
    }

    /// <summary>確認 with an optional comment. A collision with another confirmation is retried; never lost.</summary>
    /// <exception cref="DomainException">circulation.not-found and the refusals of <see cref="Circular.Confirm"/>.</exception>
    /// <exception cref="ConflictException">Still colliding after <see cref="MaxAttempts"/> tries.</exception>
    public async Task<ConfirmOutcome> ConfirmAsync(CirculationViewer viewer, int circularId, string? comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        for (var attempt = 1; ; attempt++)
        {
            var circular = await LoadVisibleAsync(viewer, circularId, cancellationToken);
            var outcome = circular.Confirm(viewer.AccountId, comment, clock.GetUtcNow());
            var sender = await db.Users.AsNoTracking().Where(a => a.Id == circular.SenderId).Select(a => a.DisplayName).FirstAsync(cancellationToken);
            if (outcome.Next is { } next)
            {
                await notifications.NotifyAsync([next.AccountId], NotificationKinds.Circulation, $"回覧: {circular.Title}", ArrivalBody(sender, circular), Url(circular.Id), cancellationToken);
            }

            if (outcome.Completed)
            {
                await notifications.NotifyAsync([circular.SenderId], NotificationKinds.Circulation, $"回覧完了: {circular.Title}",
                    string.Create(CultureInfo.InvariantCulture, $"回覧先の{circular.Recipients.Count}人全員が確認しました。"), Url(circular.Id), cancellationToken);
                audit.Record(viewer.Actor, "circulation.completed", Target(circular.Id));
            }

            await CirculationSearchContent.IndexAsync(db, circular, cancellationToken);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                db.ChangeTracker.Clear();
                if (attempt >= MaxAttempts)
                {
                    throw new ConflictException("他の人の確認と重なりました。もう一度「確認」を押してください。", ex);
                }

                LogRetry(logger, circularId, attempt);
                continue;
            }

            usage.Record(viewer.AccountId, UsageFeature, "confirm");
            return outcome;
        }
    }

    /// <summary>督促 by the sender: reminds each recipient whose turn has come and who has not been reminded today.</summary>
    /// <returns>How many were reminded now.</returns>
    /// <exception cref="DomainException">circulation.not-found, circulation.closed, circulation.cancelled, circulation.reminded-today.</exception>
    /// <exception cref="AccessDeniedException">Not the sender.</exception>
    public async Task<int> RemindAsync(CirculationViewer viewer, int circularId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var circular = await LoadVisibleAsync(viewer, circularId, cancellationToken);
        var waiting = circular.ToRemind(viewer.AccountId);
        var now = clock.GetUtcNow();
        var today = Clock.TokyoDate(now);
        var ids = waiting.Select(r => r.Id).ToList();
        var done = await db.Set<CircularReminder>().AsNoTracking().Where(m => ids.Contains(m.RecipientId) && m.Day == today).Select(m => m.RecipientId).ToListAsync(cancellationToken);
        var due = waiting.Where(r => !done.Contains(r.Id)).ToList();
        if (due.Count == 0)
        {
            throw new DomainException("circulation.reminded-today", "未確認の方には本日すでに督促しています。督促は1日1回までです。");
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var r in due)
            {
                db.Add(new CircularReminder { RecipientId = r.Id, Day = today, SentAt = Clock.Truncate(now), ByHand = true });
            }

            await db.SaveChangesAsync(cancellationToken);
            await notifications.NotifyAsync(due.Select(r => r.AccountId).ToList(), NotificationKinds.Circulation, $"督促: {circular.Title}",
                ReminderBody(viewer.Name, circular, today), Url(circular.Id), cancellationToken);
            audit.Record(viewer.Actor, "circulation.reminded", Target(circular.Id), string.Create(CultureInfo.InvariantCulture, $"recipients={due.Count}"));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsDuplicateKey(ex))
        {
            // The daily job reminded someone in the same moment: they have their reminder for today.
            db.ChangeTracker.Clear();
            throw new DomainException("circulation.reminded-today", "未確認の方には本日すでに督促しています。督促は1日1回までです。");
        }

        usage.Record(viewer.AccountId, UsageFeature, "remind");
        return due.Count;
    }

    /// <summary>取消 by the sender; those whose turn had come are told.</summary>
    /// <exception cref="DomainException">circulation.not-found, circulation.closed, circulation.cancelled.</exception>
    /// <exception cref="AccessDeniedException">Not the sender.</exception>
    /// <exception cref="ConflictException">A recipient confirmed at the same moment.</exception>
    public async Task CancelAsync(CirculationViewer viewer, int circularId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var circular = await LoadVisibleAsync(viewer, circularId, cancellationToken);
        var waiting = circular.Waiting.Select(r => r.AccountId).ToList();
        circular.Cancel(viewer.AccountId, clock.GetUtcNow());
        await notifications.NotifyAsync(waiting, NotificationKinds.Circulation, $"回覧取消: {circular.Title}", $"{viewer.Name}さんがこの回覧を取り消しました。確認は不要です。", Url(circular.Id), cancellationToken);
        audit.Record(viewer.Actor, "circulation.cancelled", Target(circular.Id));
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            db.ChangeTracker.Clear();
            throw new ConflictException("取り消す直前に回覧先の方が確認しました。最新の状態を確認してから、もう一度操作してください。", ex);
        }

        usage.Record(viewer.AccountId, UsageFeature, "cancel");
    }

    /// <summary>The circulation, tracked, if the viewer is its sender or a recipient; otherwise as if it did not exist.</summary>
    private async Task<Circular> LoadVisibleAsync(CirculationViewer viewer, int circularId, CancellationToken cancellationToken)
    {
        var circular = await db.Set<Circular>().Include(c => c.Recipients).FirstOrDefaultAsync(c => c.Id == circularId, cancellationToken);
        return circular is not null && circular.Involves(viewer.AccountId)
            ? circular
            : throw new DomainException("circulation.not-found", "回覧が見つかりません。");
    }

    internal static string ArrivalBody(string sender, Circular circular) =>
        string.Create(CultureInfo.InvariantCulture, $"{sender}さんからの回覧です。期限: {circular.DueDate:yyyy/MM/dd}。内容を確認して「確認」を押してください。");

    internal static string ReminderBody(string sender, Circular circular, DateOnly today) =>
        today > circular.DueDate
            ? string.Create(CultureInfo.InvariantCulture, $"{sender}さんからの回覧の期限({circular.DueDate:yyyy/MM/dd})が過ぎています。確認をお願いします。")
            : string.Create(CultureInfo.InvariantCulture, $"{sender}さんからの回覧の確認をお願いします。期限: {circular.DueDate:yyyy/MM/dd}。");

    public static string Url(int circularId) => string.Create(CultureInfo.InvariantCulture, $"/circulations/{circularId}");

    private static string Target(int circularId) => string.Create(CultureInfo.InvariantCulture, $"circulation:{circularId}");

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No text extracted from {FileName} attached to circulation {CircularId}: {Problem}")]
    private static partial void LogExtractionFailed(ILogger logger, string fileName, int circularId, string? problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Confirmation of circulation {CircularId} collided with another; attempt {Attempt} is retried.")]
    private static partial void LogRetry(ILogger logger, int circularId, int attempt);
}
