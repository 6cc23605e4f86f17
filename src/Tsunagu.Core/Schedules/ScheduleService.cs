using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Notifications;

namespace Tsunagu.Core.Schedules;

/// <summary>What a person fills in for an event. Times are Tokyo wall-clock; for all-day events only the dates count
/// and <see cref="EndsAt"/> is the last day (inclusive).</summary>
public sealed record EventDraft
{
    public string Title { get; init; } = "";

    public string Place { get; init; } = "";

    public string Notes { get; init; } = "";

    public string Category { get; init; } = EventCategories.Meeting;

    public DateTime StartsAt { get; init; }

    public DateTime EndsAt { get; init; }

    public bool IsAllDay { get; init; }

    public EventVisibility Visibility { get; init; }

    /// <summary>RRULE text; null or empty for a single event.</summary>
    public string? Recurrence { get; init; }

    public int? ReminderMinutes { get; init; }

    /// <summary>Whose schedule it goes in; the actor or someone whose schedule the actor keeps.</summary>
    public int OrganizerId { get; init; }

    public IReadOnlyList<int> AttendeeIds { get; init; } = [];

    /// <summary>Whole units invited: their active members (and of the units below) become attendees.</summary>
    public IReadOnlyList<int> DepartmentIds { get; init; } = [];

    public IReadOnlyList<int> FacilityIds { get; init; } = [];
}

/// <summary>Which occurrences an edit or deletion of a series touches.</summary>
public enum EditScope
{
    /// <summary>Only the occurrence asked for.</summary>
    One,

    /// <summary>The occurrence and the ones after it.</summary>
    Following,

    /// <summary>The whole series.</summary>
    All,
}

/// <summary>Creates, edits, cancels and answers events; books their facilities in the same transaction.</summary>
public sealed class ScheduleService(AppDbContext db, TimeProvider clock, NotificationService notifications, FacilityBookingService bookings)
{
    public static readonly IReadOnlyList<int> ReminderChoices = [5, 10, 15, 30, 60, 1440];

    public const int MaxAttendees = 1000;

    /// <summary>A series that books facilities must end within this span, so its bookings can be written out.</summary>
    public static readonly TimeSpan MaxBookedSeriesSpan = TimeSpan.FromDays(366);

    public async Task<ScheduleEvent> CreateAsync(ScheduleViewer actor, EventDraft draft, CancellationToken cancellationToken = default)
    {
        EnsureActsFor(actor, draft.OrganizerId);
        var shape = Validate(draft);
        var attendeeIds = await ResolveAttendeesAsync(draft, [], cancellationToken);
        var facilities = await LoadFacilitiesAsync(draft.FacilityIds, cancellationToken);
        var now = Clock.Truncate(clock.GetUtcNow());

        var e = new ScheduleEvent { CreatedById = actor.AccountId, CreatedAt = now };
        Apply(e, draft, shape, now);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Events.Add(e);
        SyncAttendees(e, draft.OrganizerId, attendeeIds, timeChanged: true, now);
        var added = await SyncBookingsAsync(e, facilities, actor.AccountId, [], [], cancellationToken);
        await ScheduleSearchContent.IndexEventAsync(db, e, cancellationToken);
        await bookings.NotifyManagersAsync(added, cancellationToken);
        await NotifyInviteesAsync(e, attendeeIds.Keys.Where(id => id != actor.AccountId && id != e.OrganizerId).ToList(), "予定への招待", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return e;
    }

    /// <summary>
    /// Edits an event. For a series, <paramref name="occurrence"/> names the occurrence (its start in the series) and
    /// <paramref name="scope"/> how far the edit reaches; the draft's times are those of that occurrence (for
    /// <see cref="EditScope.All"/>, of the series' first occurrence). Answers are asked again when the time changes.
    /// Facility bookings that still fit are kept (a 本予約 stays confirmed); the others are released and new ones made.
    /// </summary>
    public async Task<ScheduleEvent> UpdateAsync(
        ScheduleViewer actor, int eventId, DateTimeOffset? occurrence, EditScope scope, EventDraft draft, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        occurrence = occurrence?.ToUniversalTime();
        var e = await LoadForEditAsync(actor, eventId, cancellationToken);
        if (expectedVersion is { } version && version != e.Version)
        {
            throw Stale();
        }

        if (e.SeriesMasterId is { } masterId && scope != EditScope.One)
        {
            return await UpdateAsync(actor, masterId, e.OriginalStartsAt, scope, draft, null, cancellationToken);
        }

        var wholeEvent = !e.IsSeriesMaster || scope == EditScope.All || (scope == EditScope.Following && occurrence == e.StartsAt);
        var at = DateTimeOffset.MinValue;
        var sameRule = false;
        if (!wholeEvent)
        {
            at = occurrence ?? throw new DomainException("schedule.occurrence-required", "繰り返し予定のどの回かを指定してください。");
            EnsureOccurrence(e, at);
            if (scope == EditScope.Following)
            {
                (draft, sameRule) = ContinueSeries(e, at, draft);
            }
        }

        draft = draft with { OrganizerId = e.OrganizerId };
        var shape = Validate(draft);
        if (shape.Rule is not null && (e.IsOverride || (!wholeEvent && scope == EditScope.One)))
        {
            throw new DomainException("schedule.override-recurrence", "1回分だけの変更では、繰り返しは設定できません。");
        }

        var attendeeIds = await ResolveAttendeesAsync(draft, e.Attendees.Select(a => a.AccountId).ToList(), cancellationToken);
        var facilities = await LoadFacilitiesAsync(draft.FacilityIds, cancellationToken);
        var now = Clock.Truncate(clock.GetUtcNow());

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            ScheduleEvent target;
            List<FacilityBooking> added;
            if (wholeEvent)
            {
                var timeChanged = e.StartsAt != shape.Start || e.EndsAt != shape.End || e.Recurrence != shape.Rule;
                var keptOverrides = e.IsSeriesMaster
                    ? await KeepMatchingOverridesAsync(e, shape, afterOnly: null, newMaster: null, now, cancellationToken)
                    : [];
                Apply(e, draft, shape, now);
                SyncAttendees(e, e.OrganizerId, attendeeIds, timeChanged, now);
                added = await SyncBookingsAsync(e, facilities, actor.AccountId, keptOverrides, [], cancellationToken);
                target = e;
            }
            else if (scope == EditScope.One)
            {
                var existing = await db.Events.Include(x => x.Attendees).FirstOrDefaultAsync(x => x.SeriesMasterId == e.Id && x.OriginalStartsAt == at, cancellationToken);
                if (existing is { IsCancelled: true })
                {
                    throw new DomainException("schedule.cancelled", "この回は取り消されています。");
                }

                // Answers carry over from the series while the occurrence keeps the series' time.
                var asInSeries = shape.Start == at && shape.Duration == e.Duration;
                var timeChanged = existing is null ? !asInSeries : existing.StartsAt != shape.Start || existing.EndsAt != shape.End;
                target = existing ?? new ScheduleEvent { CreatedById = actor.AccountId, CreatedAt = now, SeriesMasterId = e.Id, OriginalStartsAt = at };
                Apply(target, draft, shape, now);
                if (existing is null)
                {
                    db.Events.Add(target);
                }

                SyncAttendees(target, e.OrganizerId, attendeeIds, timeChanged, now, keepFrom: asInSeries ? e : null);
                var adoptable = await ActiveBookingsAsync(e.Id, at, onlyAt: true, cancellationToken);
                added = await SyncBookingsAsync(target, facilities, actor.AccountId, [], adoptable, cancellationToken);
            }
            else
            {
                // This and following: the old series ends before the occurrence; a new series starts with the edit.
                var timeChanged = shape.Start != at || shape.Duration != e.Duration || !sameRule;
                var keepFrom = timeChanged ? null : e;
                EndSeriesBefore(e, at, now);

                target = new ScheduleEvent { CreatedById = actor.AccountId, CreatedAt = now };
                Apply(target, draft, shape, now);
                db.Events.Add(target);
                var carried = await KeepMatchingOverridesAsync(e, shape, afterOnly: at, newMaster: target, now, cancellationToken);
                SyncAttendees(target, e.OrganizerId, attendeeIds, timeChanged, now, keepFrom);
                var adoptable = await ActiveBookingsAsync(e.Id, at, onlyAt: false, cancellationToken);
                added = await SyncBookingsAsync(target, facilities, actor.AccountId, carried, adoptable, cancellationToken);
                await ScheduleSearchContent.IndexEventAsync(db, e, cancellationToken);
            }

            await ScheduleSearchContent.IndexEventAsync(db, target, cancellationToken);
            await bookings.NotifyManagersAsync(added, cancellationToken);
            await NotifyInviteesAsync(target, target.Attendees.Select(a => a.AccountId).Where(id => id != actor.AccountId && id != target.OrganizerId).ToList(), "予定の変更", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return target;
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale();
        }
    }

    /// <summary>Cancels an event, one occurrence of a series, or an occurrence and those after it.</summary>
    public async Task CancelAsync(ScheduleViewer actor, int eventId, DateTimeOffset? occurrence, EditScope scope, CancellationToken cancellationToken = default)
    {
        occurrence = occurrence?.ToUniversalTime();
        var e = await LoadForEditAsync(actor, eventId, cancellationToken);
        if (e.SeriesMasterId is { } masterId && scope != EditScope.One)
        {
            await CancelAsync(actor, masterId, e.OriginalStartsAt, scope, cancellationToken);
            return;
        }

        var wholeEvent = !e.IsSeriesMaster || scope == EditScope.All || (scope == EditScope.Following && occurrence == e.StartsAt);
        var at = DateTimeOffset.MinValue;
        if (!wholeEvent)
        {
            at = occurrence ?? throw new DomainException("schedule.occurrence-required", "繰り返し予定のどの回かを指定してください。");
            EnsureOccurrence(e, at);
        }

        var now = Clock.Truncate(clock.GetUtcNow());
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var notifyIds = e.Attendees.Select(a => a.AccountId).Where(id => id != actor.AccountId && id != e.OrganizerId).ToList();
            if (wholeEvent)
            {
                MarkCancelled(e, now);
                await CancelBookingsAsync(e.Id, from: null, cancellationToken);
                await ScheduleSearchContent.IndexEventAsync(db, e, cancellationToken);

                // Changed occurrences go with their series: their own bookings and index entries too.
                await RemoveOverridesAsync(e, from: null, now, cancellationToken);
                await NotifyInviteesAsync(e, notifyIds, "予定の取り消し", cancellationToken);
            }
            else if (scope == EditScope.One)
            {
                var existing = await db.Events.Include(x => x.Attendees).FirstOrDefaultAsync(x => x.SeriesMasterId == e.Id && x.OriginalStartsAt == at, cancellationToken);
                var o = existing ?? new ScheduleEvent
                {
                    SeriesMasterId = e.Id,
                    OriginalStartsAt = at,
                    Title = e.Title,
                    Category = e.Category,
                    Visibility = e.Visibility,
                    OrganizerId = e.OrganizerId,
                    CreatedById = actor.AccountId,
                    CreatedAt = now,
                    StartsAt = at,
                    EndsAt = at + e.Duration,
                    SeriesEndsAt = at + e.Duration,
                    IsAllDay = e.IsAllDay,
                };
                if (existing is null)
                {
                    db.Events.Add(o);
                }

                MarkCancelled(o, now);
                await CancelBookingsAsync(e.Id, at, cancellationToken, onlyAt: true);
                if (existing is not null)
                {
                    await CancelBookingsAsync(existing.Id, null, cancellationToken);
                    await ScheduleSearchContent.IndexEventAsync(db, existing, cancellationToken);
                }

                await NotifyInviteesAsync(e, notifyIds, "予定の取り消し(一部の回)", cancellationToken);
            }
            else
            {
                EndSeriesBefore(e, at, now);

                await RemoveOverridesAsync(e, from: at, now, cancellationToken);
                await CancelBookingsAsync(e.Id, at, cancellationToken);
                await NotifyInviteesAsync(e, notifyIds, "予定の取り消し(一部の回)", cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale();
        }
    }

    /// <summary>An attendee answers. For a series the answer holds for every occurrence without its own answer.</summary>
    public async Task RespondAsync(int accountId, int eventId, AttendeeResponse response, CancellationToken cancellationToken = default)
    {
        if (response == AttendeeResponse.Pending || !Enum.IsDefined(response))
        {
            throw new DomainException("schedule.invalid-response", "参加・不参加・未定のいずれかで回答してください。");
        }

        var attendee = await db.EventAttendees.Include(a => a.Event).FirstOrDefaultAsync(a => a.EventId == eventId && a.AccountId == accountId, cancellationToken)
            ?? throw new AccessDeniedException("Only invitees answer an invitation.");
        if (attendee.Event!.IsCancelled)
        {
            throw new DomainException("schedule.cancelled", "この予定は取り消されています。");
        }

        var now = Clock.Truncate(clock.GetUtcNow());
        attendee.Response = response;
        attendee.RespondedAt = now;
        if (attendee.Event.OrganizerId != accountId)
        {
            var name = await db.Users.Where(a => a.Id == accountId).Select(a => a.DisplayName).FirstAsync(cancellationToken);
            var answer = response switch { AttendeeResponse.Accepted => "参加", AttendeeResponse.Declined => "不参加", _ => "未定" };
            await notifications.NotifyAsync([attendee.Event.OrganizerId], NotificationKinds.Schedule,
                $"{name}さんが「{attendee.Event.Title}」に{answer}と回答しました", "", $"/schedule/events/{eventId}", cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static void EnsureActsFor(ScheduleViewer actor, int organizerId)
    {
        if (!actor.ActsFor(organizerId))
        {
            throw new AccessDeniedException("Only the organiser or someone who keeps their schedule edits it.");
        }
    }

    private async Task<ScheduleEvent> LoadForEditAsync(ScheduleViewer actor, int eventId, CancellationToken cancellationToken)
    {
        var e = await db.Events.Include(x => x.Attendees).FirstOrDefaultAsync(x => x.Id == eventId, cancellationToken)
            ?? throw new DomainException("schedule.not-found", "予定が見つかりません。");
        EnsureActsFor(actor, e.OrganizerId);
        if (e.IsCancelled)
        {
            throw new DomainException("schedule.cancelled", "この予定は取り消されています。");
        }

        return e;
    }

    private static void EnsureOccurrence(ScheduleEvent master, DateTimeOffset at)
    {
        var rule = RecurrenceRule.Parse(master.Recurrence!);
        var local = Clock.TokyoLocal(at);
        if (!rule.Occurrences(Clock.TokyoLocal(master.StartsAt), master.Duration, local, local.AddMinutes(1)).Any(o => o == local))
        {
            throw new DomainException("schedule.no-such-occurrence", "指定された回はこの繰り返し予定にありません。");
        }
    }

    /// <summary>Whether <paramref name="at"/> starts an occurrence of the series <paramref name="rule"/> started at <paramref name="seriesStart"/>.</summary>
    private static bool IsOccurrence(string rule, DateTimeOffset seriesStart, TimeSpan duration, DateTimeOffset at)
    {
        var local = Clock.TokyoLocal(at);
        return RecurrenceRule.Parse(rule).Occurrences(Clock.TokyoLocal(seriesStart), duration, local, local.AddMinutes(1)).Any(o => o == local);
    }

    private static DomainException Stale() =>
        new("schedule.stale", "この予定は他の人が先に更新しました。画面を開き直してから、もう一度編集してください。");

    /// <summary>
    /// "This and following" with the series' own rule (the form shows it unchanged): a COUNT then means the occurrences
    /// left, not as many again. Returns whether the rule was left as it was.
    /// </summary>
    private static (EventDraft Draft, bool SameRule) ContinueSeries(ScheduleEvent master, DateTimeOffset at, EventDraft draft)
    {
        if (!RecurrenceRule.TryParse(draft.Recurrence, out var wanted, out _) || !string.Equals(wanted.ToString(), master.Recurrence, StringComparison.Ordinal))
        {
            return (draft, false);
        }

        if (wanted.Count is not { } total)
        {
            return (draft, true);
        }

        var before = RecurrenceRule.Parse(master.Recurrence!).EndingBefore(Clock.TokyoLocal(master.StartsAt), Clock.TokyoLocal(at)).Count ?? 0;
        return total > before ? (draft with { Recurrence = wanted.WithCount(total - before).ToString() }, true) : (draft, true);
    }

    private sealed record Shape(DateTimeOffset Start, DateTimeOffset End, string? Rule, DateTimeOffset SeriesEnd)
    {
        public TimeSpan Duration => End - Start;
    }

    /// <summary>Checks the draft and returns its instants; every refusal is a Japanese message.</summary>
    private static Shape Validate(EventDraft draft)
    {
        var title = (draft.Title ?? "").Trim();
        if (title.Length == 0 || title.Length > ScheduleEvent.MaxTitleLength)
        {
            throw new DomainException("schedule.invalid-title", $"件名を1〜{ScheduleEvent.MaxTitleLength}文字で入力してください。");
        }

        if ((draft.Place ?? "").Length > ScheduleEvent.MaxPlaceLength)
        {
            throw new DomainException("schedule.invalid-place", $"場所は{ScheduleEvent.MaxPlaceLength}文字以内で入力してください。");
        }

        if ((draft.Notes ?? "").Length > ScheduleEvent.MaxNotesLength)
        {
            throw new DomainException("schedule.invalid-notes", $"メモは{ScheduleEvent.MaxNotesLength}文字以内で入力してください。");
        }

        if (!EventCategories.All.Contains(draft.Category))
        {
            throw new DomainException("schedule.invalid-category", "区分を一覧から選んでください。");
        }

        if (!Enum.IsDefined(draft.Visibility))
        {
            throw new DomainException("schedule.invalid-visibility", "公開範囲を選んでください。");
        }

        if (draft.ReminderMinutes is { } reminder && !ReminderChoices.Contains(reminder))
        {
            throw new DomainException("schedule.invalid-reminder", "リマインダーは一覧から選んでください。");
        }

        if (draft.AttendeeIds.Count + draft.DepartmentIds.Count > MaxAttendees)
        {
            throw new DomainException("schedule.too-many-attendees", $"参加者は{MaxAttendees}人までです。");
        }

        if (!ScheduleEvent.IsInRange(draft.StartsAt) || !ScheduleEvent.IsInRange(draft.EndsAt))
        {
            throw new DomainException("schedule.invalid-time", ScheduleEvent.OutOfRangeMessage);
        }

        DateTime startLocal, endLocal;
        if (draft.IsAllDay)
        {
            startLocal = draft.StartsAt.Date;
            endLocal = draft.EndsAt.Date.AddDays(1);
        }
        else
        {
            startLocal = TrimSeconds(draft.StartsAt);
            endLocal = TrimSeconds(draft.EndsAt);
        }

        if (!ScheduleEvent.IsInRange(endLocal))
        {
            throw new DomainException("schedule.invalid-time", ScheduleEvent.OutOfRangeMessage);
        }

        if (endLocal <= startLocal)
        {
            throw new DomainException("schedule.invalid-time", "終了は開始より後にしてください。");
        }

        if (endLocal - startLocal > ScheduleEvent.MaxDuration)
        {
            throw new DomainException("schedule.too-long", "1つの予定は31日以内にしてください。長い期間は繰り返しで登録してください。");
        }

        var start = Clock.FromTokyo(startLocal);
        var end = Clock.FromTokyo(endLocal);
        if (string.IsNullOrWhiteSpace(draft.Recurrence))
        {
            return new Shape(start, end, null, end);
        }

        if (!RecurrenceRule.TryParse(draft.Recurrence, out var rule, out var error))
        {
            throw new DomainException("schedule.invalid-recurrence", error ?? "繰り返しの指定が正しくありません。");
        }

        if (ScheduleEvent.SeriesRangeProblem(rule!, startLocal, endLocal - startLocal) is { } problem)
        {
            throw new DomainException("schedule.invalid-recurrence", problem);
        }

        var seriesEnd = SeriesEnd(rule!, start, end - start);
        if (draft.FacilityIds.Count > 0 && (seriesEnd == ScheduleEvent.EndOfTime || seriesEnd - start > MaxBookedSeriesSpan))
        {
            throw new DomainException("schedule.booked-series-too-long", "施設を予約する繰り返し予定は、終了日か回数を指定し、1年以内にしてください。");
        }

        if (draft.FacilityIds.Count > 0)
        {
            // A facility is held once at a time: occurrences that overlap each other cannot all hold it.
            var starts = rule!.Occurrences(Clock.TokyoLocal(start), end - start, Clock.TokyoLocal(start), Clock.TokyoLocal(seriesEnd)).ToList();
            if (starts.Zip(starts.Skip(1)).Any(pair => pair.Second < pair.First + (end - start)))
            {
                throw new DomainException("schedule.booked-series-overlaps", "施設を予約する繰り返し予定は、前の回が終わってから次の回が始まるようにしてください。");
            }
        }

        return new Shape(start, end, rule!.ToString(), seriesEnd);
    }

    private static DateTime TrimSeconds(DateTime value) => new(value.Year, value.Month, value.Day, value.Hour, value.Minute, 0, DateTimeKind.Unspecified);

    /// <summary>This and following, or cancelling from an occurrence on: the series ends just before <paramref name="at"/>.</summary>
    private static void EndSeriesBefore(ScheduleEvent e, DateTimeOffset at, DateTimeOffset now)
    {
        var ending = RecurrenceRule.Parse(e.Recurrence!).EndingBefore(Clock.TokyoLocal(e.StartsAt), Clock.TokyoLocal(at));
        e.Recurrence = ending.ToString();
        e.SeriesEndsAt = SeriesEnd(ending, e.StartsAt, e.Duration);
        e.UpdatedAt = now;
        e.Version++;
        foreach (var a in e.Attendees)
        {
            a.EndsAt = e.SeriesEndsAt;
        }
    }

    private static DateTimeOffset SeriesEnd(RecurrenceRule rule, DateTimeOffset start, TimeSpan duration) =>
        rule.LastOccurrence(Clock.TokyoLocal(start)) is { } last ? Clock.FromTokyo(last) + duration : ScheduleEvent.EndOfTime;

    private static void Apply(ScheduleEvent e, EventDraft draft, Shape shape, DateTimeOffset now)
    {
        e.Title = draft.Title.Trim();
        e.Place = (draft.Place ?? "").Trim();
        e.Notes = (draft.Notes ?? "").Trim();
        e.Category = draft.Category;
        e.StartsAt = shape.Start;
        e.EndsAt = shape.End;
        e.IsAllDay = draft.IsAllDay;
        e.Visibility = draft.Visibility;
        e.Recurrence = shape.Rule;
        e.SeriesEndsAt = shape.SeriesEnd;
        e.ReminderMinutes = draft.ReminderMinutes;
        e.OrganizerId = draft.OrganizerId;
        e.UpdatedAt = now;
        e.Version++;
    }

    /// <summary>Attendees by id, with the unit they were invited through (if any).</summary>
    /// <remarks>
    /// <paramref name="alreadyAttending"/> may include people who have since left: an event stays editable with them on it
    /// (they are no longer notified), but nobody inactive is invited anew.
    /// </remarks>
    private async Task<Dictionary<int, int?>> ResolveAttendeesAsync(EventDraft draft, IReadOnlyList<int> alreadyAttending, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, int?>();
        var ids = draft.AttendeeIds.Append(draft.OrganizerId).Distinct().ToList();
        var kept = alreadyAttending.Intersect(ids).ToList();
        var found = await db.Users.Where(a => ids.Contains(a.Id) && (a.IsActive || kept.Contains(a.Id))).Select(a => a.Id).ToListAsync(cancellationToken);
        if (found.Count != ids.Count)
        {
            throw new DomainException("schedule.unknown-attendee", "参加者に、存在しないか無効な職員が含まれています。");
        }

        foreach (var id in found)
        {
            result[id] = null;
        }

        foreach (var departmentId in draft.DepartmentIds.Distinct())
        {
            var path = await db.Departments.Where(d => d.Id == departmentId && d.IsActive).Select(d => d.Path).FirstOrDefaultAsync(cancellationToken)
                ?? throw new DomainException("schedule.unknown-department", "参加部署に、存在しないか廃止された部署が含まれています。");
            var prefix = path + "/";
            var members = await db.Users.Where(a => a.IsActive && a.Department != null && (a.DepartmentId == departmentId || a.Department.Path.StartsWith(prefix)))
                .Select(a => a.Id).ToListAsync(cancellationToken);
            foreach (var member in members)
            {
                result.TryAdd(member, departmentId);
            }
        }

        if (result.Count > MaxAttendees)
        {
            throw new DomainException("schedule.too-many-attendees", $"参加者は{MaxAttendees}人までです。");
        }

        return result;
    }

    private async Task<List<Facility>> LoadFacilitiesAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToList();
        var list = await db.Facilities.Where(f => distinct.Contains(f.Id) && f.IsActive).ToListAsync(cancellationToken);
        if (list.Count != distinct.Count)
        {
            throw new DomainException("facility.not-found", "施設に、存在しないか利用停止中のものが含まれています。");
        }

        return list;
    }

    private static void SyncAttendees(ScheduleEvent e, int organizerId, Dictionary<int, int?> wanted, bool timeChanged, DateTimeOffset now, ScheduleEvent? keepFrom = null)
    {
        foreach (var stale in e.Attendees.Where(a => !wanted.ContainsKey(a.AccountId)).ToList())
        {
            e.Attendees.Remove(stale);
        }

        foreach (var (accountId, via) in wanted)
        {
            var attendee = e.Attendees.FirstOrDefault(a => a.AccountId == accountId);
            if (attendee is null)
            {
                var previous = keepFrom?.Attendees.FirstOrDefault(a => a.AccountId == accountId);
                attendee = new EventAttendee { AccountId = accountId, ViaDepartmentId = via, Response = previous?.Response ?? AttendeeResponse.Pending, RespondedAt = previous?.RespondedAt };
                e.Attendees.Add(attendee);
            }
            else if (timeChanged)
            {
                attendee.Response = AttendeeResponse.Pending;
                attendee.RespondedAt = null;
            }

            if (accountId == organizerId)
            {
                attendee.Response = AttendeeResponse.Accepted;
                attendee.RespondedAt ??= now;
            }
        }

        foreach (var a in e.Attendees)
        {
            a.StartsAt = e.StartsAt;
            a.EndsAt = e.SeriesEndsAt;
            a.IsSeries = e.IsSeriesMaster;
            a.IsCancelled = e.IsCancelled;
        }
    }

    private static void MarkCancelled(ScheduleEvent e, DateTimeOffset now)
    {
        e.IsCancelled = true;
        e.UpdatedAt = now;
        e.Version++;
        foreach (var a in e.Attendees)
        {
            a.IsCancelled = true;
        }
    }

    /// <summary>
    /// Makes the event hold each facility for each of its occurrences (except those in <paramref name="skip"/>, which
    /// changed occurrences stand in for). Bookings already right, the event's own or <paramref name="adoptable"/> ones of
    /// the series it came from, are kept as they are (a 本予約 stays confirmed); the others are released before new ones are
    /// written, so that moving within one's own slot never conflicts with oneself. Returns the new bookings.
    /// </summary>
    private async Task<List<FacilityBooking>> SyncBookingsAsync(
        ScheduleEvent e, List<Facility> facilities, int actorId, HashSet<DateTimeOffset> skip, List<FacilityBooking> adoptable, CancellationToken cancellationToken)
    {
        var occurrences = facilities.Count == 0
            ? []
            : e.IsSeriesMaster
                ? RecurrenceRule.Parse(e.Recurrence!).Occurrences(Clock.TokyoLocal(e.StartsAt), e.Duration, Clock.TokyoLocal(e.StartsAt), Clock.TokyoLocal(e.SeriesEndsAt))
                    .Select(Clock.FromTokyo).Where(s => !skip.Contains(s)).Select(s => (Start: s, End: s + e.Duration)).ToList()
                : [(e.StartsAt, e.EndsAt)];
        var held = e.Id == 0 ? [] : await ActiveBookingsAsync(e.Id, null, onlyAt: false, cancellationToken);
        var candidates = held.Concat(adoptable).Distinct().ToList();
        var missing = new List<(Facility Facility, DateTimeOffset Start, DateTimeOffset End)>();
        var purpose = BookingPurpose(e.Title);
        foreach (var facility in facilities)
        {
            foreach (var (start, end) in occurrences)
            {
                var match = candidates.FirstOrDefault(b => b.FacilityId == facility.Id && b.StartsAt == start && b.EndsAt == end);
                if (match is null)
                {
                    missing.Add((facility, start, end));
                    continue;
                }

                candidates.Remove(match);
                match.Event = e;
                match.Purpose = purpose;
            }
        }

        foreach (var released in candidates)
        {
            released.Status = BookingStatus.Cancelled;
        }

        // Written now so the database sees the freed slots before new bookings are inserted.
        await db.SaveChangesAsync(cancellationToken);
        var added = missing.Select(m => bookings.NewBooking(m.Facility, e, m.Start, m.End, e.Title, actorId)).ToList();
        db.FacilityBookings.AddRange(added);
        await bookings.SaveBookingsAsync(missing.Select(m => new FacilitySlot(m.Facility.Id, m.Start, m.End)).ToList(), null, cancellationToken);
        return added;
    }

    private static string BookingPurpose(string title) =>
        title.Length > FacilityBooking.MaxPurposeLength ? title[..FacilityBooking.MaxPurposeLength] : title;

    /// <summary>Active bookings of an event: all, those from <paramref name="from"/> on, or only the one at it.</summary>
    private async Task<List<FacilityBooking>> ActiveBookingsAsync(int eventId, DateTimeOffset? from, bool onlyAt, CancellationToken cancellationToken)
    {
        var query = db.FacilityBookings.Where(b => b.EventId == eventId && (b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed));
        if (from is { } f)
        {
            query = onlyAt ? query.Where(b => b.StartsAt == f) : query.Where(b => b.StartsAt >= f);
        }

        return await query.ToListAsync(cancellationToken);
    }

    /// <summary>
    /// After the series' time or rule changed (or from <paramref name="afterOnly"/> on, for a split): changed and
    /// cancelled occurrences whose original start is still an occurrence of the new shape stay exceptions of it (moved
    /// to <paramref name="newMaster"/> for a split); the others no longer belong anywhere and are let go, so they can
    /// neither hide a new occurrence nor linger as a stray event. Returns the original starts of those kept.
    /// </summary>
    private async Task<HashSet<DateTimeOffset>> KeepMatchingOverridesAsync(
        ScheduleEvent master, Shape shape, DateTimeOffset? afterOnly, ScheduleEvent? newMaster, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = db.Events.Include(x => x.Attendees).Where(x => x.SeriesMasterId == master.Id);
        if (afterOnly is { } from)
        {
            query = query.Where(x => x.OriginalStartsAt >= from);
        }

        var kept = new HashSet<DateTimeOffset>();
        foreach (var o in await query.ToListAsync(cancellationToken))
        {
            var original = o.OriginalStartsAt!.Value;

            // The occurrence a split starts from is the edit itself: its old exception goes.
            var matches = original != afterOnly && shape.Rule is not null && IsOccurrence(shape.Rule, shape.Start, shape.Duration, original);
            if (matches)
            {
                kept.Add(original);
                if (newMaster is not null)
                {
                    o.SeriesMaster = newMaster;
                }

                continue;
            }

            if (!o.IsCancelled)
            {
                MarkCancelled(o, now);
                await CancelBookingsAsync(o.Id, null, cancellationToken);
                await ScheduleSearchContent.IndexEventAsync(db, o, cancellationToken);
            }

            o.SeriesMasterId = null;
            o.OriginalStartsAt = null;
        }

        return kept;
    }

    private async Task CancelBookingsAsync(int eventId, DateTimeOffset? from, CancellationToken cancellationToken, bool onlyAt = false)
    {
        var query = db.FacilityBookings.Where(b => b.EventId == eventId && (b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed));
        if (from is { } f)
        {
            query = onlyAt ? query.Where(b => b.StartsAt == f) : query.Where(b => b.StartsAt >= f);
        }

        foreach (var booking in await query.ToListAsync(cancellationToken))
        {
            booking.Status = BookingStatus.Cancelled;
        }

        // Written now so the database sees the freed slots before new bookings of the same event are inserted.
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task RemoveOverridesAsync(ScheduleEvent master, DateTimeOffset? from, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = db.Events.Include(x => x.Attendees).Where(x => x.SeriesMasterId == master.Id && !x.IsCancelled);
        if (from is { } f)
        {
            query = query.Where(x => x.OriginalStartsAt >= f);
        }

        foreach (var o in await query.ToListAsync(cancellationToken))
        {
            MarkCancelled(o, now);
            await CancelBookingsAsync(o.Id, null, cancellationToken);
            await ScheduleSearchContent.IndexEventAsync(db, o, cancellationToken);
        }
    }

    private async Task NotifyInviteesAsync(ScheduleEvent e, List<int> recipientIds, string what, CancellationToken cancellationToken)
    {
        if (recipientIds.Count == 0)
        {
            return;
        }

        var local = Clock.ToTokyo(e.StartsAt);
        var when = e.IsAllDay ? $"{local:yyyy/MM/dd} 終日" : $"{local:yyyy/MM/dd HH:mm}〜{Clock.ToTokyo(e.EndsAt):HH:mm}";
        await notifications.NotifyAsync(recipientIds, NotificationKinds.Schedule, $"{what}: {e.Title}", $"{when} {e.Place}".Trim(), $"/schedule/events/{e.Id}", cancellationToken);
    }
}
