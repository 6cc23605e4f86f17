using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Requests;

namespace Tsunagu.Core.Meetings;

/// <summary>The minutes page's data: the session, the viewer's role, the minutes the viewer may read and their markup.</summary>
public sealed record MinutesPageData(
    int MeetingId,
    string MeetingTitle,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Place,
    string? ChairName,
    string? SecretaryName,
    bool IsChair,
    bool CanManage,
    MinutesView? Minutes,
    bool ExistsUnpublished,
    MinutesMarkupResult Markup,
    IReadOnlyList<MinutesActionItemView> ActionItems);

public sealed record MinutesView(int Id, string Text, MinutesStatus Status, int Version, DateTimeOffset UpdatedAt, string UpdatedByName, DateTimeOffset? SubmittedAt, DateTimeOffset? PublishedAt, string? PublishedByName, string? ReturnComment);

public sealed record MinutesActionItemView(int Id, int Position, string AssigneeName, bool IsDepartment, string Content, DateOnly? DueDate, int? WorkRequestId);

/// <summary>
/// Minutes of a session. The secretary and the chair (<see cref="MeetingAccess.CanManage"/>) write the draft and submit
/// it; only the chair approves or sends back. Drafts are seen by those two only; published minutes by everyone who may
/// open the session. Each change writes the minutes, search entry, notifications and audit entry in one transaction.
/// </summary>
public sealed class MinutesService(AppDbContext db, TimeProvider clock, NotificationService notifications, AuditLog audit, WorkRequestService requests)
{
    public const string ConflictMessage = "他の人が先にこの議事録を保存しました。あなたの変更はまだ保存されていません。下に残したあなたの文章を確認し、最新の内容に反映してからもう一度保存してください。";

    /// <summary>Null when there is no such session.</summary>
    /// <exception cref="AccessDeniedException">The viewer may not open the session.</exception>
    public async Task<MinutesPageData?> GetAsync(int viewerId, int meetingId, CancellationToken cancellationToken = default)
    {
        var meeting = await LoadMeetingAsync(meetingId, cancellationToken);
        if (meeting is null)
        {
            return null;
        }

        if (!MeetingAccess.CanView(meeting, viewerId))
        {
            throw new AccessDeniedException("この会議を見る権限がありません。");
        }

        var canManage = MeetingAccess.CanManage(meeting, viewerId);
        var minutes = await db.Set<MeetingMinutes>().AsNoTracking().Include(m => m.ActionItems)
            .FirstOrDefaultAsync(m => m.MeetingId == meetingId, cancellationToken);
        var visible = minutes is not null && (canManage || minutes.Status == MinutesStatus.Published) ? minutes : null;
        var names = await NamesAsync([meeting.ChairId, meeting.SecretaryId, visible?.UpdatedById, visible?.PublishedById], cancellationToken);
        MinutesView? view = visible is null ? null : new MinutesView(
            visible.Id, visible.Text, visible.Status, visible.Version, visible.UpdatedAt, names.GetValueOrDefault(visible.UpdatedById, ""),
            visible.SubmittedAt, visible.PublishedAt, visible.PublishedById is { } p ? names.GetValueOrDefault(p) : null, visible.ReturnComment);
        var markup = visible is null
            ? new MinutesMarkupResult([], [], [])
            : MinutesMarkup.Parse(visible.Text, await ContextAsync(meeting, visible.Text, cancellationToken));
        var items = visible?.ActionItems.OrderBy(a => a.Position)
            .Select(a => new MinutesActionItemView(a.Id, a.Position, a.AssigneeName, a.AssigneeAccountId is null, a.Content, a.DueDate, a.WorkRequestId))
            .ToList() ?? [];
        return new MinutesPageData(meeting.Id, meeting.Title, meeting.StartsAt, meeting.EndsAt, meeting.Place,
            meeting.ChairId is { } c ? names.GetValueOrDefault(c) : null, meeting.SecretaryId is { } s ? names.GetValueOrDefault(s) : null,
            meeting.ChairId == viewerId, canManage, view, minutes is not null && visible is null, markup, items);
    }

    /// <summary>Parses text against the session's people and the departments, as the page previews a draft.</summary>
    public async Task<MinutesMarkupResult> PreviewAsync(int viewerId, int meetingId, string? text, CancellationToken cancellationToken = default)
    {
        var meeting = await ManagedMeetingAsync(viewerId, meetingId, cancellationToken);
        return MinutesMarkup.Parse(text, await ContextAsync(meeting, text ?? "", cancellationToken));
    }

    /// <summary>議事録を作成: a draft generated from the session; when minutes exist already, those are kept.</summary>
    public async Task<int> CreateDraftAsync(int viewerId, int meetingId, CancellationToken cancellationToken = default)
    {
        var meeting = await ManagedMeetingAsync(viewerId, meetingId, cancellationToken);
        if (await db.Set<MeetingMinutes>().Where(m => m.MeetingId == meetingId).Select(m => (int?)m.Id).FirstOrDefaultAsync(cancellationToken) is { } existing)
        {
            return existing;
        }

        if (meeting.IsCancelled)
        {
            throw new DomainException("minutes.cancelled", "中止された会議の議事録は作成できません。");
        }

        var text = MinutesDraft.Generate(await DraftInputAsync(meeting, cancellationToken));
        var minutes = new MeetingMinutes(meeting.Id, text, viewerId, clock.GetUtcNow());
        db.Add(minutes);
        audit.Record(await ActorAsync(viewerId, cancellationToken), "minutes.created", Target(meetingId));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Both clicked 議事録を作成 at once: the first draft stands (unique on the session).
            db.ChangeTracker.Clear();
            return await db.Set<MeetingMinutes>().Where(m => m.MeetingId == meetingId).Select(m => (int?)m.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new ConflictException("議事録を作成できませんでした。もう一度お試しください。");
        }

        return minutes.Id;
    }

    /// <summary>Saves the draft's text. <paramref name="version"/> is the version the editor started from.</summary>
    /// <exception cref="ConflictException">Someone saved the draft since.</exception>
    public async Task SaveAsync(int viewerId, int meetingId, string? text, int version, CancellationToken cancellationToken = default)
    {
        await ManagedMeetingAsync(viewerId, meetingId, cancellationToken);
        var minutes = await TrackedAsync(meetingId, version, cancellationToken);
        minutes.Edit(text, viewerId, clock.GetUtcNow());
        await SaveAsync(cancellationToken);
    }

    /// <summary>承認依頼: saves the text (if given) and submits the draft to the chair, whom it notifies.</summary>
    /// <exception cref="DomainException">minutes.markup when a 【決定】/【対応】 line cannot be read; minutes.no-chair.</exception>
    public async Task SubmitAsync(int viewerId, int meetingId, string? text, int version, CancellationToken cancellationToken = default)
    {
        var meeting = await ManagedMeetingAsync(viewerId, meetingId, cancellationToken);
        var chairId = meeting.ChairId ?? throw new DomainException("minutes.no-chair", "議長が決まっていないため、承認を依頼できません。会議の設定で議長を決めてください。");
        var minutes = await TrackedAsync(meetingId, version, cancellationToken);
        var now = clock.GetUtcNow();
        if (text is not null)
        {
            minutes.Edit(text, viewerId, now);
        }

        await EnsureReadableAsync(meeting, minutes.Text, cancellationToken);
        minutes.Submit(viewerId, now);
        audit.Record(await ActorAsync(viewerId, cancellationToken), "minutes.submitted", Target(meetingId));
        await notifications.NotifyAsync([chairId], NotificationKinds.Minutes, $"議事録の承認依頼: {meeting.Title}",
            $"{MinutesDraft.When(meeting.StartsAt, meeting.EndsAt)} の議事録の承認をお願いします。", Url(meetingId), cancellationToken);
        await SaveAsync(cancellationToken);
    }

    /// <summary>差戻し by the chair, with a comment; notifies the secretary.</summary>
    public async Task SendBackAsync(int viewerId, int meetingId, string? comment, int version, CancellationToken cancellationToken = default)
    {
        var meeting = await ChairedMeetingAsync(viewerId, meetingId, cancellationToken);
        var minutes = await TrackedAsync(meetingId, version, cancellationToken);
        minutes.SendBack(comment, viewerId, clock.GetUtcNow());
        audit.Record(await ActorAsync(viewerId, cancellationToken), "minutes.sent-back", Target(meetingId), minutes.ReturnComment ?? "");
        var to = new[] { meeting.SecretaryId, minutes.CreatedById }.OfType<int>().Where(id => id != viewerId).Distinct().ToList();
        await notifications.NotifyAsync(to, NotificationKinds.Minutes, $"議事録の差戻し: {meeting.Title}", minutes.ReturnComment ?? "", Url(meetingId), cancellationToken);
        await SaveAsync(cancellationToken);
    }

    /// <summary>承認 by the chair: published to the participants (notified), searchable, action items fixed.</summary>
    public async Task ApproveAsync(int viewerId, int meetingId, int version, CancellationToken cancellationToken = default)
    {
        var meeting = await ChairedMeetingAsync(viewerId, meetingId, cancellationToken);
        var minutes = await TrackedAsync(meetingId, version, cancellationToken);
        var markup = await EnsureReadableAsync(meeting, minutes.Text, cancellationToken);
        var now = clock.GetUtcNow();
        minutes.Publish(markup.Actions, viewerId, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await MinutesSearchContent.IndexAsync(db, meeting, minutes, cancellationToken);
        audit.Record(await ActorAsync(viewerId, cancellationToken), "minutes.published", Target(meetingId),
            string.Create(CultureInfo.InvariantCulture, $"decisions={markup.Decisions.Count} actions={markup.Actions.Count}"));
        var readers = Participants(meeting).Where(id => id != viewerId).ToList();
        await notifications.NotifyAsync(readers, NotificationKinds.Minutes, $"議事録の公開: {meeting.Title}",
            $"{MinutesDraft.When(meeting.StartsAt, meeting.EndsAt)} の議事録が公開されました。", Url(meetingId), cancellationToken);
        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// 依頼にする: the action item becomes a request (to the person, or to the department named) from the viewer, in
    /// one step; a second conversion returns the first request. Returns the request's id.
    /// </summary>
    /// <exception cref="DomainException">minutes.item-not-found; the request's own refusals.</exception>
    /// <exception cref="ConflictException">Another conversion of the item is in progress.</exception>
    public async Task<int> ConvertToRequestAsync(int viewerId, int meetingId, int itemId, CancellationToken cancellationToken = default)
    {
        var meeting = await ManagedMeetingAsync(viewerId, meetingId, cancellationToken);
        var item = await (from a in db.Set<MinutesActionItem>().AsNoTracking()
                          join m in db.Set<MeetingMinutes>() on a.MinutesId equals m.Id
                          where a.Id == itemId && m.MeetingId == meetingId && m.Status == MinutesStatus.Published
                          select a).FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainException("minutes.item-not-found", "対応事項が見つかりません。");
        if (item.WorkRequestId is { } done)
        {
            return done;
        }

        // The request is written by its own service in its own transaction: the item is claimed first, so two clicks
        // (or two people) make one request; a claim left by a crash expires.
        var now = clock.GetUtcNow();
        var stale = now.AddMinutes(-2);
        var claimed = await db.Set<MinutesActionItem>()
            .Where(a => a.Id == itemId && a.WorkRequestId == null && (a.ConvertingSince == null || a.ConvertingSince < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ConvertingSince, now), cancellationToken);
        if (claimed == 0)
        {
            var current = await db.Set<MinutesActionItem>().AsNoTracking().Where(a => a.Id == itemId).Select(a => a.WorkRequestId).FirstAsync(cancellationToken);
            return current ?? throw new ConflictException("この対応事項はいま別の操作で依頼にしているところです。少し待ってから画面を更新してください。");
        }

        int requestId;
        try
        {
            var when = MinutesDraft.When(meeting.StartsAt, meeting.EndsAt);
            requestId = await requests.CreateAsync(viewerId, new NewWorkRequest
            {
                Subject = Cut(item.Content, 200),
                Details = $"{meeting.Title}（{when}）の議事録の対応事項です。\n担当：{item.AssigneeName}\n内容：{item.Content}"
                    + (item.DueDate is { } d ? $"\n期限：{d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : ""),
                ToAccountId = item.AssigneeAccountId,
                ToDepartmentId = item.AssigneeAccountId is null ? item.AssigneeDepartmentId : null,
                DueDate = item.DueDate,
                SourceKind = "minutes-action",
                SourceKey = item.Id.ToString(CultureInfo.InvariantCulture),
                SourceUrl = Url(meetingId),
            }, cancellationToken);
        }
        catch
        {
            await db.Set<MinutesActionItem>().Where(a => a.Id == itemId).ExecuteUpdateAsync(s => s.SetProperty(a => a.ConvertingSince, (DateTimeOffset?)null), CancellationToken.None);
            throw;
        }

        await db.Set<MinutesActionItem>().Where(a => a.Id == itemId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.WorkRequestId, requestId).SetProperty(a => a.ConvertingSince, (DateTimeOffset?)null), CancellationToken.None);
        return requestId;
    }

    public static string Url(int meetingId) => $"/meetings/{meetingId.ToString(CultureInfo.InvariantCulture)}/minutes";

    internal static IEnumerable<int> Participants(Meeting meeting) =>
        meeting.Attendees.Select(a => a.AccountId).Append(meeting.ChairId ?? 0).Append(meeting.SecretaryId ?? 0).Where(id => id > 0).Distinct();

    private async Task<MinutesMarkupResult> EnsureReadableAsync(Meeting meeting, string text, CancellationToken cancellationToken)
    {
        var markup = MinutesMarkup.Parse(text, await ContextAsync(meeting, text, cancellationToken));
        if (!markup.IsValid)
        {
            throw new DomainException("minutes.markup", "読み取れない行があります。" + string.Join(" ", markup.Errors.Select(e => e.Message)));
        }

        return markup;
    }

    private async Task<MinutesMarkupContext> ContextAsync(Meeting meeting, string text, CancellationToken cancellationToken)
    {
        var participants = Participants(meeting).ToList();
        var logins = text.Normalize(System.Text.NormalizationForm.FormKC).Split(['@', '\n', ' ', '/', '　'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length <= 64).Select(w => w.Trim().ToLowerInvariant()).Distinct().Take(500).ToList();
        var people = await db.Users.AsNoTracking()
            .Where(a => a.IsActive && (participants.Contains(a.Id) || logins.Contains(a.UserName!)))
            .Select(a => new { a.Id, a.UserName, a.DisplayName, a.DepartmentId })
            .ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().Where(d => d.IsActive)
            .Select(d => new MinutesDepartment(d.Id, d.Name, d.Path)).ToListAsync(cancellationToken);
        return new MinutesMarkupContext(
            people.Select(p => new MinutesPerson(p.Id, p.UserName ?? "", p.DisplayName, p.DepartmentId, participants.Contains(p.Id))).ToList(),
            departments,
            Clock.TokyoDate(meeting.StartsAt));
    }

    private async Task<MinutesDraftInput> DraftInputAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var ids = Participants(meeting).Concat(meeting.AgendaItems.Select(i => i.PresenterId ?? 0)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        var attachmentIds = meeting.Materials.Select(m => m.AttachmentId).ToList();
        var files = await db.Attachments.AsNoTracking().Where(a => attachmentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.FileName, cancellationToken);
        List<string> Named(AttendanceState state) => meeting.Attendees.Where(a => a.Attendance == state)
            .Select(a => names.GetValueOrDefault(a.AccountId, "")).Where(n => n.Length > 0).ToList();
        var items = meeting.AgendaItems.OrderBy(i => i.Position).Select(i => new MinutesDraftItem(
            i.Title,
            i.PresenterId is { } p ? names.GetValueOrDefault(p) : null,
            meeting.Materials.Where(m => m.AgendaItemId == i.Id).OrderBy(m => m.Position).Select(m => files.GetValueOrDefault(m.AttachmentId, "")).ToList())).ToList();
        var itemIds = meeting.AgendaItems.Select(i => i.Id).ToHashSet();
        var others = meeting.Materials.Where(m => m.AgendaItemId is not { } a || !itemIds.Contains(a)).OrderBy(m => m.Position)
            .Select(m => files.GetValueOrDefault(m.AttachmentId, "")).ToList();
        return new MinutesDraftInput(meeting.Title, meeting.StartsAt, meeting.EndsAt, meeting.Place,
            meeting.ChairId is { } c ? names.GetValueOrDefault(c) : null, meeting.SecretaryId is { } s ? names.GetValueOrDefault(s) : null,
            Named(AttendanceState.Present), Named(AttendanceState.Absent), Named(AttendanceState.Unknown), items, others);
    }

    private Task<Meeting?> LoadMeetingAsync(int meetingId, CancellationToken cancellationToken) =>
        db.Set<Meeting>().AsNoTracking().Include(m => m.Attendees).Include(m => m.AgendaItems).Include(m => m.Materials)
            .AsSplitQuery().FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken);

    private async Task<Meeting> ManagedMeetingAsync(int viewerId, int meetingId, CancellationToken cancellationToken)
    {
        var meeting = await LoadMeetingAsync(meetingId, cancellationToken) ?? throw new DomainException("meeting.not-found", "会議が見つかりません。");
        if (!MeetingAccess.CanManage(meeting, viewerId))
        {
            throw new AccessDeniedException("議事録は会議の事務局と議長だけが作成・編集できます。");
        }

        return meeting;
    }

    private async Task<Meeting> ChairedMeetingAsync(int viewerId, int meetingId, CancellationToken cancellationToken)
    {
        var meeting = await LoadMeetingAsync(meetingId, cancellationToken) ?? throw new DomainException("meeting.not-found", "会議が見つかりません。");
        if (meeting.ChairId != viewerId)
        {
            throw new AccessDeniedException("議事録の承認と差戻しは議長だけができます。");
        }

        return meeting;
    }

    private async Task<MeetingMinutes> TrackedAsync(int meetingId, int version, CancellationToken cancellationToken)
    {
        var minutes = await db.Set<MeetingMinutes>().FirstOrDefaultAsync(m => m.MeetingId == meetingId, cancellationToken)
            ?? throw new DomainException("minutes.not-found", "議事録がまだありません。");
        if (minutes.Version != version)
        {
            throw new ConflictException(ConflictMessage);
        }

        return minutes;
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConflictException(ConflictMessage, ex);
        }
    }

    private async Task<Dictionary<int, string>> NamesAsync(IEnumerable<int?> ids, CancellationToken cancellationToken)
    {
        var list = ids.OfType<int>().Distinct().ToList();
        return await db.Users.AsNoTracking().Where(a => list.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
    }

    private async Task<Actor> ActorAsync(int accountId, CancellationToken cancellationToken) =>
        new(accountId, await db.Users.Where(a => a.Id == accountId).Select(a => a.UserName ?? a.DisplayName).FirstAsync(cancellationToken), null);

    private static string Target(int meetingId) => $"meeting:{meetingId.ToString(CultureInfo.InvariantCulture)}";

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}
