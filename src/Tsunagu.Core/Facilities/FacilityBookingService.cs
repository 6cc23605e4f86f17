using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Core.Facilities;

/// <summary>An active booking that stands in the way of a new one.</summary>
public sealed record BookingConflict(
    int BookingId, int FacilityId, string FacilityName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, BookingStatus Status, string Purpose, string BookedBy);

/// <summary>The facility is already booked for (part of) the time asked for. Maps to 409 in the API.</summary>
public sealed class BookingConflictException : Exception
{
    public BookingConflictException(IReadOnlyList<BookingConflict> conflicts)
        : base(Describe(conflicts))
    {
        Conflicts = conflicts;
    }

    public BookingConflictException()
        : this([])
    {
    }

    public BookingConflictException(string message)
        : base(message)
    {
        Conflicts = [];
    }

    public BookingConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        Conflicts = [];
    }

    public IReadOnlyList<BookingConflict> Conflicts { get; } = [];

    private static string Describe(IReadOnlyList<BookingConflict> conflicts)
    {
        if (conflicts.Count == 0)
        {
            return "施設はその時間すでに予約されています。";
        }

        var first = conflicts[0];
        var local = Clock.ToTokyo(first.StartsAt);
        var more = conflicts.Count > 1 ? $" ほか{conflicts.Count - 1}件" : "";
        return $"{first.FacilityName}は {local:M/d HH:mm}〜{Clock.ToTokyo(first.EndsAt):HH:mm} にすでに予約があります({first.Purpose}){more}。";
    }
}

public sealed record FacilitySlot(int FacilityId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>Books facilities, alone or for events, and lets their managers confirm or decline 仮予約.</summary>
public sealed class FacilityBookingService(AppDbContext db, TimeProvider clock, NotificationService notifications, AuditLog audit)
{
    /// <summary>Active bookings overlapping any of the wanted slots (ignoring those of <paramref name="ignoreEventIds"/>).</summary>
    public async Task<IReadOnlyList<BookingConflict>> FindConflictsAsync(
        IReadOnlyCollection<FacilitySlot> wanted, IReadOnlyCollection<int>? ignoreEventIds = null, CancellationToken cancellationToken = default)
    {
        if (wanted.Count == 0)
        {
            return [];
        }

        var ignore = ignoreEventIds?.ToList() ?? [];
        var facilityIds = wanted.Select(w => w.FacilityId).Distinct().ToList();

        // PostgreSQL takes instants in UTC only; a caller's +09:00 is the same instant.
        var from = wanted.Min(w => w.StartsAt).ToUniversalTime();
        var to = wanted.Max(w => w.EndsAt).ToUniversalTime();

        // A booking lasts at most MaxDuration (ValidateSlot; the SQLite trigger refuses longer ones): an index range.
        var earliest = from - ScheduleEvent.MaxDuration;
        var candidates = await db.FacilityBookings.AsNoTracking()
            .Where(b => facilityIds.Contains(b.FacilityId) && (b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed)
                && b.StartsAt >= earliest && b.StartsAt < to && b.EndsAt > from && (b.EventId == null || !ignore.Contains(b.EventId.Value)))
            .Select(b => new { b.Id, b.FacilityId, FacilityName = b.Facility!.Name, b.StartsAt, b.EndsAt, b.Status, b.Purpose, Visibility = b.Event == null ? EventVisibility.Public : b.Event.Visibility, BookedBy = b.BookedBy!.DisplayName })
            .ToListAsync(cancellationToken);
        var byFacility = wanted.ToLookup(w => w.FacilityId);
        return candidates
            .Where(c => byFacility[c.FacilityId].Any(w => c.StartsAt < w.EndsAt && c.EndsAt > w.StartsAt))
            .OrderBy(c => c.StartsAt)
            .Select(c => new BookingConflict(c.Id, c.FacilityId, c.FacilityName, c.StartsAt, c.EndsAt, c.Status,
                c.Visibility == EventVisibility.Private ? ScheduleReader.MaskedTitle : c.Purpose, c.Visibility == EventVisibility.Private ? "" : c.BookedBy))
            .ToList();
    }

    /// <summary>Books a facility without an event (a car for an afternoon). 201 or <see cref="BookingConflictException"/>.</summary>
    public async Task<FacilityBooking> BookAsync(int actorId, int facilityId, DateTimeOffset start, DateTimeOffset end, string purpose, CancellationToken cancellationToken = default)
    {
        var facility = await db.Facilities.FirstOrDefaultAsync(f => f.Id == facilityId && f.IsActive, cancellationToken)
            ?? throw new DomainException("facility.not-found", "施設が見つかりません。");
        start = start.ToUniversalTime();
        end = end.ToUniversalTime();
        ValidateSlot(start, end);
        var text = (purpose ?? "").Trim();
        if (text.Length == 0 || text.Length > FacilityBooking.MaxPurposeLength)
        {
            throw new DomainException("booking.invalid-purpose", $"利用目的を1〜{FacilityBooking.MaxPurposeLength}文字で入力してください。");
        }

        if (!await db.Users.AnyAsync(a => a.Id == actorId && a.IsActive, cancellationToken))
        {
            throw new DomainException("booking.unknown-account", "予約する職員が見つかりません。");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var booking = NewBooking(facility, null, start, end, text, actorId);
        db.FacilityBookings.Add(booking);
        await SaveBookingsAsync([new FacilitySlot(facility.Id, start, end)], null, cancellationToken);
        await NotifyManagersAsync([booking], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return booking;
    }

    public static void ValidateSlot(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new DomainException("booking.invalid-time", "終了は開始より後にしてください。");
        }

        if (start < Clock.FromTokyo(ScheduleEvent.FirstDay) || end > Clock.FromTokyo(ScheduleEvent.LastDay.AddDays(1)))
        {
            throw new DomainException("booking.invalid-time", ScheduleEvent.OutOfRangeMessage);
        }

        if (end - start > ScheduleEvent.MaxDuration)
        {
            throw new DomainException("booking.too-long", "1回の予約は31日以内にしてください。");
        }
    }

    internal FacilityBooking NewBooking(Facility facility, ScheduleEvent? e, DateTimeOffset start, DateTimeOffset end, string purpose, int actorId) => new()
    {
        FacilityId = facility.Id,
        Facility = facility,
        Event = e,
        StartsAt = start.ToUniversalTime(),
        EndsAt = end.ToUniversalTime(),
        Purpose = purpose.Length > FacilityBooking.MaxPurposeLength ? purpose[..FacilityBooking.MaxPurposeLength] : purpose,
        BookedById = actorId,
        Status = facility.RequiresApproval ? BookingStatus.Tentative : BookingStatus.Confirmed,
        CreatedAt = Clock.Truncate(clock.GetUtcNow()),
    };

    /// <summary>
    /// Saves pending bookings: refuses with the conflicts found beforehand, and turns the database's own refusal (a
    /// concurrent booking won the race) into the same exception.
    /// </summary>
    internal async Task SaveBookingsAsync(IReadOnlyCollection<FacilitySlot> slots, IReadOnlyCollection<int>? ignoreEventIds, CancellationToken cancellationToken)
    {
        await LockFacilitiesAsync(slots, cancellationToken);
        var conflicts = await FindConflictsAsync(slots, ignoreEventIds, cancellationToken);
        if (conflicts.Count > 0)
        {
            throw new BookingConflictException(conflicts);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (FacilitySchema.IsOverlapViolation(ex))
        {
            throw new BookingConflictException(await ConflictsAfterRaceAsync(slots, ignoreEventIds, cancellationToken));
        }
    }

    /// <summary>
    /// On PostgreSQL, makes bookers of the same facility take turns for the rest of the transaction (a row lock on the
    /// facility, taken in id order so two bookers never wait for each other): the check then sees the booking that came
    /// first, instead of both inserting and leaving the exclusion constraint to pick one, which can also end in a
    /// deadlock error. The constraint still holds the rule; SQLite needs no lock (its transactions write one at a time).
    /// </summary>
    private async Task LockFacilitiesAsync(IReadOnlyCollection<FacilitySlot> slots, CancellationToken cancellationToken)
    {
        if (slots.Count == 0 || !db.IsPostgreSql || db.Database.CurrentTransaction is null)
        {
            return;
        }

        var ids = slots.Select(s => s.FacilityId).Distinct().Order().ToArray();
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Facilities" WHERE "Id" = ANY({ids}) ORDER BY "Id" FOR NO KEY UPDATE""", cancellationToken);
    }

    private async Task<IReadOnlyList<BookingConflict>> ConflictsAfterRaceAsync(IReadOnlyCollection<FacilitySlot> slots, IReadOnlyCollection<int>? ignoreEventIds, CancellationToken cancellationToken)
    {
        // What was being written decides what stood in the way (the caller's slots may not name every row).
        slots = [.. slots, .. db.ChangeTracker.Entries<FacilityBooking>()
            .Where(x => x.State is EntityState.Added or EntityState.Modified && x.Entity.IsActive)
            .Select(x => new FacilitySlot(x.Entity.FacilityId, x.Entity.StartsAt, x.Entity.EndsAt))];

        // The failed statement aborted the transaction on PostgreSQL: end it, then read the booking that won the race.
        if (db.Database.CurrentTransaction is { } transaction)
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        return await FindConflictsAsync(slots, ignoreEventIds, cancellationToken);
    }

    /// <summary>Tells the managing unit that 仮予約 wait for them.</summary>
    internal async Task NotifyManagersAsync(IReadOnlyCollection<FacilityBooking> bookings, CancellationToken cancellationToken)
    {
        foreach (var group in bookings.Where(b => b.Status == BookingStatus.Tentative && b.Facility?.ManagerDepartmentId is not null).GroupBy(b => b.Facility!))
        {
            var managers = await ManagerIdsAsync(group.Key, cancellationToken);
            var first = group.OrderBy(b => b.StartsAt).First();
            var count = group.Count() > 1 ? $"(全{group.Count()}回)" : "";
            await notifications.NotifyAsync(managers, NotificationKinds.Facility,
                $"{group.Key.Name}の仮予約があります",
                $"{Clock.ToTokyo(first.StartsAt):yyyy/MM/dd HH:mm}〜 {PurposeForManagers(first)}{count}。確定またはお断りしてください。",
                "/facilities/approvals", cancellationToken);
        }
    }

    /// <summary>The managers decide on the slot, not on the meeting: a private event's title stays with its attendees.</summary>
    private static string PurposeForManagers(FacilityBooking booking) =>
        booking.Event is { Visibility: EventVisibility.Private } ? ScheduleReader.MaskedTitle : booking.Purpose;

    public async Task<IReadOnlyList<int>> ManagerIdsAsync(Facility facility, CancellationToken cancellationToken = default)
    {
        if (facility.ManagerDepartmentId is not { } departmentId)
        {
            return [];
        }

        var path = await db.Departments.Where(d => d.Id == departmentId).Select(d => d.Path).FirstAsync(cancellationToken);
        var prefix = path + "/";
        return await db.Users.Where(a => a.IsActive && a.Department != null && (a.DepartmentId == departmentId || a.Department.Path.StartsWith(prefix)))
            .Select(a => a.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Managers of a facility: members of its managing unit, and system administrators.</summary>
    public async Task<bool> CanManageAsync(int accountId, bool isSystemAdministrator, Facility facility, CancellationToken cancellationToken = default) =>
        isSystemAdministrator || (await ManagerIdsAsync(facility, cancellationToken)).Contains(accountId);

    public Task<FacilityBooking> ConfirmAsync(Actor actor, bool isSystemAdministrator, int bookingId, CancellationToken cancellationToken = default) =>
        DecideAsync(actor, isSystemAdministrator, bookingId, confirm: true, "", cancellationToken);

    public Task<FacilityBooking> DeclineAsync(Actor actor, bool isSystemAdministrator, int bookingId, string note, CancellationToken cancellationToken = default) =>
        DecideAsync(actor, isSystemAdministrator, bookingId, confirm: false, note, cancellationToken);

    private async Task<FacilityBooking> DecideAsync(Actor actor, bool isSystemAdministrator, int bookingId, bool confirm, string note, CancellationToken cancellationToken)
    {
        var booking = await db.FacilityBookings.Include(b => b.Facility).FirstOrDefaultAsync(b => b.Id == bookingId, cancellationToken)
            ?? throw new DomainException("booking.not-found", "予約が見つかりません。");
        if (actor.AccountId is not { } actorId || !await CanManageAsync(actorId, isSystemAdministrator, booking.Facility!, cancellationToken))
        {
            throw new AccessDeniedException("Only the facility's managers decide its bookings.");
        }

        var now = Clock.Truncate(clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // A series books one row per occurrence; the manager decides the series at once.
        var siblings = booking.EventId is { } eventId
            ? await db.FacilityBookings.Where(b => b.EventId == eventId && b.FacilityId == booking.FacilityId && b.Status == BookingStatus.Tentative).ToListAsync(cancellationToken)
            : [booking];
        if (!siblings.Contains(booking))
        {
            siblings.Add(booking);
        }

        foreach (var b in siblings)
        {
            if (confirm)
            {
                b.Confirm(actorId, now);
            }
            else
            {
                b.Decline(actorId, note ?? "", now);
            }
        }

        var verb = confirm ? "確定しました(本予約)" : "お断りしました";
        var url = booking.EventId is { } id ? $"/schedule/events/{id}" : "/facilities/bookings";
        await notifications.NotifyAsync([booking.BookedById], NotificationKinds.Facility,
            $"{booking.Facility!.Name}の予約を{verb}",
            $"{Clock.ToTokyo(booking.StartsAt):yyyy/MM/dd HH:mm}〜 {booking.Purpose}{(string.IsNullOrWhiteSpace(note) ? "" : $"\n{note}")}",
            url, cancellationToken);
        audit.Record(actor, confirm ? "facility.booking.confirmed" : "facility.booking.declined", $"booking:{booking.Id}", $"{booking.Facility.Name} x{siblings.Count} {note}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return booking;
    }

    /// <summary>Cancels a booking made alone (event bookings go with their event).</summary>
    public async Task CancelAsync(int actorId, bool isSystemAdministrator, int bookingId, CancellationToken cancellationToken = default)
    {
        var booking = await db.FacilityBookings.Include(b => b.Facility).FirstOrDefaultAsync(b => b.Id == bookingId, cancellationToken)
            ?? throw new DomainException("booking.not-found", "予約が見つかりません。");
        if (booking.BookedById != actorId && !await CanManageAsync(actorId, isSystemAdministrator, booking.Facility!, cancellationToken))
        {
            throw new AccessDeniedException("Only the person who booked, or a manager, cancels a booking.");
        }

        if (booking.EventId is not null)
        {
            throw new DomainException("booking.belongs-to-event", "予定に付いた予約は、予定の編集で取り消してください。");
        }

        booking.Cancel();
        await db.SaveChangesAsync(cancellationToken);
    }
}
