using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Meetings;

/// <summary>A paper being uploaded.</summary>
public sealed record MaterialUpload(string FileName, string? ContentType, Stream Content);

/// <summary>What one run of "create the next sessions" did.</summary>
public sealed record GenerationResult(IReadOnlyList<Meeting> Created, IReadOnlyList<CadenceOccurrence> Moved, IReadOnlyList<CadenceOccurrence> Dropped, int AlreadyThere);

/// <summary>What a person fills in for a single session (an ad-hoc meeting, or one session of a body that meets 随時).</summary>
public sealed record MeetingInput
{
    public string? Title { get; init; }

    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset EndsAt { get; init; }

    public string? Place { get; init; }

    public string? WebMeetingUrl { get; init; }

    public IReadOnlyList<int> AttendeeIds { get; init; } = [];

    /// <summary>A body's session: its members attend, its chair and secretary run it.</summary>
    public int? BodyId { get; init; }
}

/// <summary>
/// Meeting bodies, their sessions, agendas, attendance and papers. Every write is one transaction: the session, its
/// schedule event, the search index, notifications and the audit entry.
/// </summary>
public sealed class MeetingService(AppDbContext db, TimeProvider clock, NotificationService notifications, AuditLog audit)
{
    public const string UsageFeature = "meeting";

    /// <summary>Papers a session accepts: what the browser can show (PDF, text) and the Office files the city uses.</summary>
    public static readonly IReadOnlyList<string> PaperExtensions = [".pdf", ".docx", ".xlsx", ".pptx", ".txt", ".csv"];

    public const int GenerationMonths = 3;

    // ---- bodies ----

    public async Task<MeetingBody> CreateBodyAsync(MeetingActor actor, MeetingBodyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (!actor.CanCreateBodies)
        {
            throw new AccessDeniedException("Only organisation administrators and 課長 or above create meeting bodies.");
        }

        var now = Now();
        var body = new MeetingBody(now);
        body.Define(input, now);
        await CheckPeopleAsync(input, cancellationToken);
        body.SetMembers(input.Members);
        db.Add(body);
        audit.Record(actor.Audit, "meeting.body-created", "meeting-body", body.Name);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return body;
    }

    /// <summary>Edits a body. Its future sessions follow its members (joiners are added, leavers removed) and its chair and secretary.</summary>
    public async Task<MeetingBody> UpdateBodyAsync(MeetingActor actor, int bodyId, MeetingBodyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var body = await BodyAsync(bodyId, cancellationToken);
        if (!actor.CanEdit(body))
        {
            throw new AccessDeniedException("Only the body's chair, secretary, managers and administrators edit it.");
        }

        var now = Now();
        body.Define(input, now);
        await CheckPeopleAsync(input, cancellationToken);
        body.SetMembers(input.Members);
        audit.Record(actor.Audit, "meeting.body-updated", "meeting-body", $"{body.Id}: {body.Name}");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await FollowBodyAsync(actor, body, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return body;
    }

    /// <summary>
    /// Creates the sessions the cadence calls for from <paramref name="from"/> to <paramref name="toInclusive"/> (Tokyo dates)
    /// that do not exist yet, each in the attendees' schedules. Running it again creates nothing twice. The members get
    /// one notification for the run, not one per session.
    /// </summary>
    public async Task<GenerationResult> GenerateAsync(MeetingActor actor, int bodyId, DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var body = await BodyAsync(bodyId, cancellationToken);
        if (!actor.CanEdit(body))
        {
            throw new AccessDeniedException("Only who may edit the body creates its sessions.");
        }

        if (body.Cadence == CadenceKind.AsNeeded)
        {
            throw new DomainException("meeting.as-needed", "随時開催の会議体は、開催を1回ずつ登録してください。");
        }

        if (toInclusive < from || toInclusive > from.AddMonths(12))
        {
            throw new DomainException("meeting.generation-range", "作成する期間は1年以内で指定してください。");
        }

        var occurrences = MeetingCadence.Between(body.Rule, from, toInclusive);
        var days = occurrences.Select(o => o.ScheduledOn).ToList();
        var existing = await db.Set<Meeting>().Where(m => m.BodyId == body.Id && m.ScheduledOn != null && days.Contains(m.ScheduledOn.Value))
            .Select(m => m.ScheduledOn!.Value).ToListAsync(cancellationToken);
        var now = Now();
        var created = new List<Meeting>();
        var attendees = body.AttendeeIds();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var o in occurrences.Where(o => !o.IsDropped && !existing.Contains(o.ScheduledOn)))
        {
            var meeting = Meeting.FromCadence(body, o, now);
            meeting.SetAttendees(attendees);
            db.Add(meeting);
            created.Add(meeting);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var meeting in created)
            {
                await MeetingCalendar.SyncAsync(db, meeting, actor.AccountId, now, cancellationToken);
                await MeetingSearchContent.IndexAsync(db, meeting.Id, cancellationToken);
            }

            if (created.Count > 0)
            {
                var first = created.Min(m => m.StartsAt);
                await notifications.NotifyAsync(attendees.Where(id => id != actor.AccountId).ToList(), NotificationKinds.Meeting,
                    $"開催予定の登録: {body.Name}", $"{created.Count}回分の開催を登録しました(初回 {Stamp(first)})。", $"/meetings/bodies/{Key(body.Id)}", cancellationToken);
                audit.Record(actor.Audit, "meeting.sessions-generated", "meeting-body", $"{body.Id}: {created.Count}");
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("同じ会議体の開催が同時に作成されました。画面を読み込み直して確認してください。");
        }

        return new GenerationResult(created, occurrences.Where(o => o.IsMoved).ToList(), occurrences.Where(o => o.IsDropped).ToList(),
            occurrences.Count(o => !o.IsDropped && existing.Contains(o.ScheduledOn)));
    }

    // ---- sessions ----

    /// <summary>An ad-hoc meeting (its creator is the secretary), or one session of a body (its members attend).</summary>
    public async Task<Meeting> CreateMeetingAsync(MeetingActor actor, MeetingInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var now = Now();
        Meeting meeting;
        if (input.BodyId is { } bodyId)
        {
            var body = await BodyAsync(bodyId, cancellationToken);
            if (!actor.CanEdit(body))
            {
                throw new AccessDeniedException("Only who may edit the body adds its sessions.");
            }

            meeting = new Meeting(body.Name, input.StartsAt, input.EndsAt, body.Id, body.ChairId, body.SecretaryId ?? actor.AccountId, now);
            meeting.Describe(input.Title, input.StartsAt, input.EndsAt, input.Place, input.WebMeetingUrl);
            meeting.SetAttendees(body.AttendeeIds().Concat(input.AttendeeIds));
        }
        else
        {
            meeting = new Meeting("", input.StartsAt, input.EndsAt, null, null, actor.AccountId, now);
            meeting.Describe(input.Title, input.StartsAt, input.EndsAt, input.Place, input.WebMeetingUrl);
            meeting.SetAttendees(input.AttendeeIds.Append(actor.AccountId));
        }

        await CheckAccountsAsync(meeting.Attendees.Select(a => a.AccountId).ToList(), cancellationToken);
        if (meeting.Attendees.Count > MeetingBody.MaxMembers)
        {
            throw new DomainException("meeting.too-many-members", $"出席者は{MeetingBody.MaxMembers}人までです。");
        }

        db.Add(meeting);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await MeetingCalendar.SyncAsync(db, meeting, actor.AccountId, now, cancellationToken);
        await MeetingSearchContent.IndexAsync(db, meeting.Id, cancellationToken);
        await notifications.NotifyAsync(meeting.Attendees.Select(a => a.AccountId).Where(id => id != actor.AccountId).ToList(), NotificationKinds.Meeting,
            $"会議の招集: {meeting.Title}", $"{Stamp(meeting.StartsAt)} {meeting.Place}".Trim(), Href(meeting.Id), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return meeting;
    }

    /// <summary>Edits title, time, place and link; a new time moves the schedule event and tells the attendees.</summary>
    public async Task<Meeting> UpdateMeetingAsync(MeetingActor actor, int meetingId, MeetingInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var meeting = await ManagedAsync(actor, meetingId, cancellationToken);
        var timeChanged = meeting.StartsAt != input.StartsAt || meeting.EndsAt != input.EndsAt;
        meeting.Describe(input.Title, input.StartsAt, input.EndsAt, input.Place, input.WebMeetingUrl);
        // An ad-hoc meeting's attendees are whom its secretary invites (a body's sessions follow the body's members);
        // an empty list means "unchanged", as the time-and-place form does not send them.
        var invited = new List<int>();
        if (meeting.BodyId is null && input.AttendeeIds.Count > 0)
        {
            var before = meeting.Attendees.Select(a => a.AccountId).ToList();
            meeting.SetAttendees(input.AttendeeIds.Append(meeting.SecretaryId ?? actor.AccountId));
            await CheckAccountsAsync(meeting.Attendees.Select(a => a.AccountId).ToList(), cancellationToken);
            if (meeting.Attendees.Count > MeetingBody.MaxMembers)
            {
                throw new DomainException("meeting.too-many-members", $"出席者は{MeetingBody.MaxMembers}人までです。");
            }

            invited = meeting.Attendees.Select(a => a.AccountId).Where(id => !before.Contains(id) && id != actor.AccountId).ToList();
        }

        var now = Now();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await MeetingCalendar.SyncAsync(db, meeting, actor.AccountId, now, cancellationToken);
        await MeetingSearchContent.IndexAsync(db, meeting.Id, cancellationToken);
        if (timeChanged)
        {
            await NotifyAttendeesAsync(actor, meeting, $"日時の変更: {meeting.Title}", $"新しい日時 {Stamp(meeting.StartsAt)}", cancellationToken);
        }

        if (invited.Count > 0)
        {
            await notifications.NotifyAsync(invited, NotificationKinds.Meeting, $"会議の招集: {meeting.Title}", $"{Stamp(meeting.StartsAt)} {meeting.Place}".Trim(), Href(meeting.Id), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return meeting;
    }

    /// <summary>Cancels a session (中止): it stays on record, leaves the schedules and the search, and the attendees are told.</summary>
    public async Task CancelMeetingAsync(MeetingActor actor, int meetingId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var meeting = await ManagedAsync(actor, meetingId, cancellationToken);
        var now = Now();
        meeting.Cancel(now);
        audit.Record(actor.Audit, "meeting.cancelled", "meeting", $"{meeting.Id}: {meeting.Title}");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await MeetingCalendar.SyncAsync(db, meeting, actor.AccountId, now, cancellationToken);
        await MeetingSearchContent.IndexAsync(db, meeting.Id, cancellationToken);
        await NotifyAttendeesAsync(actor, meeting, $"会議の中止: {meeting.Title}", $"{Stamp(meeting.StartsAt)} の会議は中止になりました。", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task<MeetingAgendaItem> AddAgendaItemAsync(MeetingActor actor, int meetingId, string? title, string? description, int? presenterId, int minutes, CancellationToken cancellationToken = default) =>
        ChangeAgendaAsync(actor, meetingId, m => m.AddAgendaItem(title, description, presenterId, minutes), cancellationToken);

    public Task UpdateAgendaItemAsync(MeetingActor actor, int meetingId, int itemId, string? title, string? description, int? presenterId, int minutes, CancellationToken cancellationToken = default) =>
        ChangeAgendaAsync(actor, meetingId, m => { m.UpdateAgendaItem(itemId, title, description, presenterId, minutes); return 0; }, cancellationToken);

    public Task MoveAgendaItemAsync(MeetingActor actor, int meetingId, int itemId, int direction, CancellationToken cancellationToken = default) =>
        ChangeAgendaAsync(actor, meetingId, m => { m.MoveAgendaItem(itemId, direction); return 0; }, cancellationToken);

    public Task RemoveAgendaItemAsync(MeetingActor actor, int meetingId, int itemId, CancellationToken cancellationToken = default) =>
        ChangeAgendaAsync(actor, meetingId, m => { m.RemoveAgendaItem(itemId); return 0; }, cancellationToken);

    public async Task SetAttendanceAsync(MeetingActor actor, int meetingId, int accountId, AttendanceState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var meeting = await VisibleAsync(actor, meetingId, cancellationToken);
        meeting.SetAttendance(actor.AccountId, accountId, state);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds papers to the session or one of its items: all of them or none, with their text indexed under the session's permissions.</summary>
    public async Task<IReadOnlyList<MeetingMaterial>> AddMaterialsAsync(MeetingActor actor, int meetingId, int? agendaItemId, IReadOnlyList<MaterialUpload> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(files);
        var meeting = await ManagedAsync(actor, meetingId, cancellationToken);
        meeting.EnsureOpen();
        if (files.Count == 0)
        {
            throw new DomainException("meeting.no-file", "資料のファイルを選んでください。");
        }

        if (agendaItemId is { } itemId && meeting.AgendaItems.All(i => i.Id != itemId))
        {
            throw new DomainException("meeting.item-not-found", "議題が見つかりません。");
        }

        if (meeting.Materials.Count + files.Count > Meeting.MaxMaterials)
        {
            throw new DomainException("meeting.too-many-materials", $"1つの会議の資料は{Meeting.MaxMaterials}件までです。");
        }

        foreach (var f in files)
        {
            var extension = Path.GetExtension(f.FileName ?? "").ToLowerInvariant();
            if (!PaperExtensions.Contains(extension))
            {
                throw new DomainException("meeting.file-type", $"「{Path.GetFileName(f.FileName)}」は資料にできない形式です。PDF・Word(docx)・Excel(xlsx)・PowerPoint(pptx)・テキスト・CSV のファイルを選んでください。");
            }
        }

        var now = Now();
        var attachments = new List<Attachment>();
        foreach (var f in files)
        {
            attachments.Add(await AttachmentUpload.ReadAsync(SearchModules.Meeting, Key(meeting.Id), f.FileName, f.ContentType, f.Content, actor.AccountId, now, cancellationToken));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Attachments.AddRange(attachments);
        await db.SaveChangesAsync(cancellationToken);
        var position = meeting.Materials.Count == 0 ? 0 : meeting.Materials.Max(m => m.Position);
        var added = attachments.Select(a => new MeetingMaterial { MeetingId = meeting.Id, AgendaItemId = agendaItemId, AttachmentId = a.Id, Position = ++position }).ToList();
        meeting.Materials.AddRange(added);
        await db.SaveChangesAsync(cancellationToken);
        await MeetingSearchContent.IndexAsync(db, meeting.Id, cancellationToken);
        var names = string.Join("、", attachments.Select(a => a.FileName));
        await NotifyAttendeesAsync(actor, meeting, $"資料の追加: {meeting.Title}", names.Length > 300 ? names[..300] : names, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task RemoveMaterialAsync(MeetingActor actor, int meetingId, int materialId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var meeting = await ManagedAsync(actor, meetingId, cancellationToken);
        var material = meeting.Materials.FirstOrDefault(m => m.Id == materialId)
            ?? throw new DomainException("meeting.material-not-found", "資料が見つかりません。");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        meeting.Materials.Remove(material);
        await db.SaveChangesAsync(cancellationToken);
        await db.Attachments.Where(a => a.Id == material.AttachmentId).ExecuteDeleteAsync(cancellationToken);
        await MeetingSearchContent.RemoveFileAsync(db, material.AttachmentId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A paper's bytes for whoever may see the session; null when the paper or the right to it is missing.</summary>
    public async Task<AttachmentFile?> OpenMaterialAsync(int accountId, int meetingId, int materialId, CancellationToken cancellationToken = default)
    {
        var visible = await db.Set<Meeting>().Where(m => m.Id == meetingId).Where(MeetingAccess.VisibleTo(accountId)).AnyAsync(cancellationToken);
        if (!visible)
        {
            return null;
        }

        return await (from m in db.Set<MeetingMaterial>()
                      join a in db.Attachments on m.AttachmentId equals a.Id
                      where m.Id == materialId && m.MeetingId == meetingId
                      select new AttachmentFile(a.FileName, a.ContentType, a.Content, a.Sha256)).FirstOrDefaultAsync(cancellationToken);
    }

    // ---- helpers ----

    private async Task<T> ChangeAgendaAsync<T>(MeetingActor actor, int meetingId, Func<Meeting, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var meeting = await ManagedAsync(actor, meetingId, cancellationToken);
        var result = change(meeting);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await MeetingSearchContent.IndexAsync(db, meeting.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>The body's sessions still to come follow its members, chair and secretary; past ones keep who was there.</summary>
    private async Task FollowBodyAsync(MeetingActor actor, MeetingBody body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var future = await Tracked().Where(m => m.BodyId == body.Id && m.StartsAt > now && m.State == MeetingState.Scheduled).ToListAsync(cancellationToken);
        var attendees = body.AttendeeIds();
        foreach (var meeting in future)
        {
            meeting.Assign(body.ChairId, body.SecretaryId ?? meeting.SecretaryId);
            meeting.SetAttendees(attendees);
            await db.SaveChangesAsync(cancellationToken);
            await MeetingCalendar.SyncAsync(db, meeting, actor.AccountId, now, cancellationToken);
            await MeetingSearchContent.IndexAsync(db, meeting.Id, cancellationToken);
        }
    }

    private IQueryable<Meeting> Tracked() =>
        db.Set<Meeting>().AsSplitQuery().Include(m => m.Attendees).Include(m => m.AgendaItems).Include(m => m.Materials);

    private async Task<Meeting> VisibleAsync(MeetingActor actor, int meetingId, CancellationToken cancellationToken)
    {
        var meeting = await Tracked().FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken)
            ?? throw new DomainException("meeting.not-found", "会議が見つかりません。");
        if (!MeetingAccess.CanView(meeting, actor.AccountId))
        {
            throw new AccessDeniedException("The meeting is not the viewer's to see.");
        }

        return meeting;
    }

    private async Task<Meeting> ManagedAsync(MeetingActor actor, int meetingId, CancellationToken cancellationToken)
    {
        var meeting = await VisibleAsync(actor, meetingId, cancellationToken);
        if (!MeetingAccess.CanManage(meeting, actor.AccountId))
        {
            throw new AccessDeniedException("Only the chair and the secretary prepare the meeting.");
        }

        return meeting;
    }

    private async Task<MeetingBody> BodyAsync(int bodyId, CancellationToken cancellationToken) =>
        await db.Set<MeetingBody>().Include(b => b.Members).FirstOrDefaultAsync(b => b.Id == bodyId, cancellationToken)
            ?? throw new DomainException("meeting.body-not-found", "会議体が見つかりません。");

    private async Task CheckPeopleAsync(MeetingBodyInput input, CancellationToken cancellationToken)
    {
        var ids = input.Members.Select(m => m.AccountId)
            .Concat(input.ChairId is { } c ? [c] : []).Concat(input.SecretaryId is { } s ? [s] : []).Distinct().ToList();
        await CheckAccountsAsync(ids, cancellationToken);
    }

    private async Task CheckAccountsAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToList();
        var found = await db.Users.CountAsync(a => distinct.Contains(a.Id) && a.IsActive, cancellationToken);
        if (found != distinct.Count)
        {
            throw new DomainException("meeting.unknown-person", "構成員・出席者に、存在しないか無効な職員が含まれています。");
        }
    }

    private async Task NotifyAttendeesAsync(MeetingActor actor, Meeting meeting, string title, string body, CancellationToken cancellationToken)
    {
        var recipients = meeting.Attendees.Select(a => a.AccountId)
            .Concat(meeting.ChairId is { } c ? [c] : []).Concat(meeting.SecretaryId is { } s ? [s] : [])
            .Where(id => id != actor.AccountId).Distinct().ToList();
        await notifications.NotifyAsync(recipients, NotificationKinds.Meeting, title, body, Href(meeting.Id), cancellationToken);
    }

    private DateTimeOffset Now() => Clock.Truncate(clock.GetUtcNow());

    public static string Href(int meetingId) => $"/meetings/{Key(meetingId)}";

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");

    private static string Stamp(DateTimeOffset at) => Clock.ToTokyo(at).ToString("M月d日(ddd) H:mm", Japanese);
}
