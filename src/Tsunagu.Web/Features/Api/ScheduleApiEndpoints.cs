using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Schedules;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Api;

public sealed record PersonDto(int Id, string Login, string Name);

/// <summary>One occurrence in someone's schedule. <see cref="At"/> names an occurrence of a series (?at=).</summary>
public sealed record OccurrenceDto(
    int EventId, string? At, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsAllDay, string Title, string Category, string CategoryKey,
    string Place, string Visibility, bool IsMasked, bool IsRecurring, int? OrganizerId, string Response, string Url);

public sealed record PersonScheduleDto(PersonDto Person, IReadOnlyList<OccurrenceDto> Occurrences);

public sealed record ScheduleDto(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<PersonScheduleDto> People);

public sealed record AttendeeDto(int Id, string Login, string Name, string Response, int? ViaDepartmentId);

public sealed record EventBookingDto(int Id, int FacilityId, string FacilityName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status);

/// <summary>An event (or one occurrence of a series) as the caller may see it; masked details are empty.</summary>
public sealed record ScheduleEventDto(
    int Id, int? SeriesMasterId, string? At, string Title, string Place, string Notes, string Category, string CategoryKey,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsAllDay, string Visibility, bool IsMasked, string? Recurrence, string? RecurrenceText,
    int? ReminderMinutes, PersonDto? Organizer, int Version, IReadOnlyList<AttendeeDto> Attendees, IReadOnlyList<EventBookingDto> Facilities);

/// <summary>
/// An event to create or the new state of one (PUT replaces everything). Times are Tokyo wall-clock
/// (2026-12-01T10:00) or carry an offset; an all-day event gives dates, endsAt being its last day.
/// </summary>
public sealed record ScheduleEventRequest
{
    public string? Title { get; init; }

    public string? Place { get; init; }

    public string? Notes { get; init; }

    /// <summary>会議, 出張 … or their keys (meeting, trip …).</summary>
    public string? Category { get; init; }

    public string? StartsAt { get; init; }

    public string? EndsAt { get; init; }

    public bool IsAllDay { get; init; }

    /// <summary>public or private.</summary>
    public string? Visibility { get; init; }

    /// <summary>RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=10.</summary>
    public string? Recurrence { get; init; }

    public int? ReminderMinutes { get; init; }

    /// <summary>Login of the person whose event it is (default: the caller).</summary>
    public string? Organizer { get; init; }

    /// <summary>Logins of the invitees.</summary>
    public IReadOnlyList<string>? Attendees { get; init; }

    /// <summary>Departments whose members are invited.</summary>
    public IReadOnlyList<int>? Departments { get; init; }

    public IReadOnlyList<int>? Facilities { get; init; }

    /// <summary>For PUT: the version read (instead of If-Match).</summary>
    public int? Version { get; init; }
}

public sealed record ScheduleResponseRequest(string? Response);

public sealed record FreeSlotDto(DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset LatestStart, bool EveryoneFree, IReadOnlyList<PersonDto> Busy);

public sealed record FreeSlotsDto(DateOnly From, DateOnly To, int Minutes, IReadOnlyList<PersonDto> People, IReadOnlyList<int> FacilityIds, IReadOnlyList<FreeSlotDto> Slots);

public sealed record FacilityDto(int Id, string Name, string Kind, int? GroupId, string? Group, int? Capacity, string Location, IReadOnlyList<string> Attributes, bool RequiresApproval);

public sealed record FacilityBookingRequest(int? FacilityId, string? StartsAt, string? EndsAt, string? Purpose);

public sealed record FacilityBookingDto(
    int Id, int FacilityId, string FacilityName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string Purpose, bool IsMasked, int? EventId, PersonDto? BookedBy);

public sealed record BookingConflictDto(int BookingId, int FacilityId, string FacilityName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string Purpose, string BookedBy);

/// <summary>
/// /api/v1/schedule and the facility API: the same rules as the pages (privacy, organiser-only edits, no double
/// booking). Refusals are problem details with the Japanese message as title and a machine code.
/// </summary>
public static class ScheduleApiEndpoints
{
    public const int MaxListDays = 92;
    public const int MaxPeople = 50;
    public const int MaxBookings = 2000;

    public static IEndpointRouteBuilder MapScheduleApiEndpoints(this IEndpointRouteBuilder app)
    {
        var schedule = app.MapGroup("/api/v1/schedule").RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("schedule")).DisableAntiforgery().WithTags("Schedule");
        schedule.MapGet("/events", ListEventsAsync).WithName("ListScheduleEvents")
            .WithSummary("予定の一覧(期間内の各回。from/to は日付か日時、account はログインIDか職員ID、カンマ区切り)");
        schedule.MapGet("/events/{id:int}", GetEventAsync).WithName("GetScheduleEvent").WithSummary("予定の詳細(繰り返しの1回は ?at=yyyyMMddTHHmm)");
        schedule.MapPost("/events", CreateEventAsync).JsonBody<ScheduleEventRequest>().WithName("CreateScheduleEvent").WithSummary("予定を登録する");
        schedule.MapPut("/events/{id:int}", UpdateEventAsync).JsonBody<ScheduleEventRequest>().WithName("UpdateScheduleEvent")
            .WithSummary("予定を変更する(?at=&scope=one|following|all、If-Match または version で競合を検出)");
        schedule.MapDelete("/events/{id:int}", CancelEventAsync).WithName("CancelScheduleEvent").WithSummary("予定を取り消す(?at=&scope=)");
        schedule.MapPost("/events/{id:int}/response", RespondAsync).JsonBody<ScheduleResponseRequest>().WithName("RespondToScheduleEvent").WithSummary("招待に回答する(accepted・declined・tentative)");
        schedule.MapGet("/free-slots", FreeSlotsAsync).WithName("FindFreeSlots")
            .WithSummary("空き時間検索(attendees=ログインID, departments=部署ID, facilities=施設ID, from/to=日付, minutes)");

        var facilities = app.MapGroup("/api/v1").RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute("facility")).DisableAntiforgery().WithTags("Facilities");
        facilities.MapGet("/facilities", ListFacilitiesAsync).WithName("ListFacilities").WithSummary("施設(会議室・公用車・備品)の一覧");
        facilities.MapGet("/facility-bookings", ListBookingsAsync).WithName("ListFacilityBookings").WithSummary("施設予約の一覧(facility, from, to)");
        facilities.MapGet("/facility-bookings/{id:int}", GetBookingAsync).WithName("GetFacilityBooking").WithSummary("施設予約");
        facilities.MapPost("/facility-bookings", BookAsync).JsonBody<FacilityBookingRequest>().WithName("BookFacility").WithSummary("施設を予約する(重なる予約があれば 409)");
        return app;
    }

    // ---- events ----

    private static async Task<Results<Ok<ScheduleDto>, ProblemHttpResult>> ListEventsAsync(
        CurrentUser me, AppDbContext db, ScheduleReader reader, TimeProvider clock, string? from, string? to, string? account, CancellationToken cancellationToken)
    {
        if (Range(from, to, clock, MaxListDays) is not { } range)
        {
            return RangeProblem();
        }

        var people = await PeopleAsync(db, account, me.RequiredId, cancellationToken);
        if (people.Problem is { } problem)
        {
            return problem;
        }

        var viewer = await ScheduleViewer.ForAccountAsync(db, me.RequiredId, cancellationToken);
        var schedule = await reader.ForAccountsAsync(viewer, people.List.Select(p => p.Id).ToList(), range.From, range.To, cancellationToken);
        return TypedResults.Ok(new ScheduleDto(range.From, range.To, people.List
            .Select(p => new PersonScheduleDto(p, schedule[p.Id].Select(ToDto).ToList()))
            .ToList()));
    }

    private static async Task<Results<Ok<ScheduleEventDto>, ProblemHttpResult>> GetEventAsync(
        int id, string? at, CurrentUser me, AppDbContext db, ScheduleReader reader, HttpContext http, CancellationToken cancellationToken)
    {
        DateTimeOffset? occurrence = null;
        if (at is not null && (occurrence = OccurrenceKey.Parse(at)) is null)
        {
            return Problem(400, "at は yyyyMMddTHHmm の形(例: 20261201T1000)で指定してください。", "schedule.invalid-occurrence");
        }

        var viewer = await ScheduleViewer.ForAccountAsync(db, me.RequiredId, cancellationToken);
        var (dto, problem) = await DetailAsync(db, reader, viewer, id, occurrence, cancellationToken);
        if (dto is null)
        {
            return problem!;
        }

        http.Response.Headers.ETag = ETag(dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<ScheduleEventDto>, ProblemHttpResult>> CreateEventAsync(
        CurrentUser me, AppDbContext db, ScheduleReader reader, ScheduleService service, HttpContext http, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await ApiBodies.ReadJsonAsync<ScheduleEventRequest>(http.Request, cancellationToken);
        if (body is null)
        {
            return unreadable!;
        }

        var viewer = await ScheduleViewer.ForAccountAsync(db, me.RequiredId, cancellationToken);
        var (draft, invalid) = await DraftAsync(db, body, me.RequiredId, cancellationToken);
        if (draft is null)
        {
            return invalid!;
        }

        ScheduleEvent created;
        try
        {
            created = await service.CreateAsync(viewer, draft, cancellationToken);
        }
        catch (Exception ex) when (Refusal(ex, "この人の予定は登録できません(本人か、予定を管理している人だけが登録できます)。") is { } refusal)
        {
            return refusal;
        }

        var (dto, _) = await DetailAsync(db, reader, viewer, created.Id, null, cancellationToken);
        http.Response.Headers.ETag = ETag(dto!.Version);
        return TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"/api/v1/schedule/events/{created.Id}"), dto);
    }

    private static async Task<Results<Ok<ScheduleEventDto>, ProblemHttpResult>> UpdateEventAsync(
        int id, string? at, string? scope, CurrentUser me, AppDbContext db, ScheduleReader reader, ScheduleService service,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (await OccurrenceAndScopeAsync(db, id, at, scope, cancellationToken) is not { } target)
        {
            return await TargetProblemAsync(db, id, at, scope, cancellationToken);
        }

        var (body, unreadable) = await ApiBodies.ReadJsonAsync<ScheduleEventRequest>(http.Request, cancellationToken);
        if (body is null)
        {
            return unreadable!;
        }

        var ifMatch = http.Request.Headers.IfMatch.ToString();
        int? expected = body.Version;
        if (ifMatch.Length > 0 && ifMatch != "*")
        {
            if (ParseETag(ifMatch) is not { } version)
            {
                return Problem(412, "If-Match の値が正しくありません。GET で受け取った ETag を指定してください。", "schedule.stale");
            }

            expected = version;
        }

        var viewer = await ScheduleViewer.ForAccountAsync(db, me.RequiredId, cancellationToken);
        var (draft, invalid) = await DraftAsync(db, body, me.RequiredId, cancellationToken);
        if (draft is null)
        {
            return invalid!;
        }

        ScheduleEvent updated;
        try
        {
            updated = await service.UpdateAsync(viewer, id, target.At, target.Scope, draft, expected, cancellationToken);
        }
        catch (Exception ex) when (Refusal(ex, EditForbidden, staleStatus: ifMatch.Length > 0 && ifMatch != "*" ? 412 : 409) is { } refusal)
        {
            return refusal;
        }

        var (dto, _) = await DetailAsync(db, reader, viewer, updated.Id, null, cancellationToken);
        http.Response.Headers.ETag = ETag(dto!.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelEventAsync(
        int id, string? at, string? scope, CurrentUser me, AppDbContext db, ScheduleService service, CancellationToken cancellationToken)
    {
        if (await OccurrenceAndScopeAsync(db, id, at, scope, cancellationToken) is not { } target)
        {
            return await TargetProblemAsync(db, id, at, scope, cancellationToken);
        }

        var viewer = await ScheduleViewer.ForAccountAsync(db, me.RequiredId, cancellationToken);
        try
        {
            await service.CancelAsync(viewer, id, target.At, target.Scope, cancellationToken);
        }
        catch (Exception ex) when (Refusal(ex, EditForbidden) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RespondAsync(
        int id, CurrentUser me, AppDbContext db, ScheduleService service, HttpContext http, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await ApiBodies.ReadJsonAsync<ScheduleResponseRequest>(http.Request, cancellationToken);
        if (body is null)
        {
            return unreadable!;
        }

        var response = body.Response?.Trim().ToUpperInvariant() switch
        {
            "ACCEPTED" or "ACCEPT" => AttendeeResponse.Accepted,
            "DECLINED" or "DECLINE" => AttendeeResponse.Declined,
            "TENTATIVE" => AttendeeResponse.Tentative,
            _ => (AttendeeResponse?)null,
        };
        if (response is null)
        {
            return Problem(400, "response に accepted(参加)・declined(不参加)・tentative(未定)のいずれかを指定してください。", "schedule.invalid-response");
        }

        if (!await db.Events.AnyAsync(e => e.Id == id && !e.IsCancelled, cancellationToken))
        {
            return NotFound();
        }

        try
        {
            await service.RespondAsync(me.RequiredId, id, response.Value, cancellationToken);
        }
        catch (Exception ex) when (Refusal(ex, "招待されていない予定には回答できません。") is { } refusal)
        {
            return refusal;
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<FreeSlotsDto>, ProblemHttpResult>> FreeSlotsAsync(
        CurrentUser me, AppDbContext db, FreeTimeSearch search, WorkingHours hours, TimeProvider clock,
        string? attendees, string? departments, string? facilities, string? from, string? to, string? minutes, string? maxBusy, CancellationToken cancellationToken)
    {
        var today = Clock.TokyoDate(clock.GetUtcNow());
        if (!TryDate(from, today, out var first) || !TryDate(to, first.AddDays(13), out var last))
        {
            return Problem(400, "from と to は日付(例: 2026-12-01)で指定してください。", "freetime.invalid-range");
        }

        if (!TryInt(minutes, 60, out var duration))
        {
            return Problem(400, "minutes は所要時間(分)を整数で指定してください。", "freetime.invalid-duration");
        }

        if (!TryInt(maxBusy, 2, out var busy) || busy is < 0 or > 10)
        {
            return Problem(400, "maxBusy は 0〜10 の整数で指定してください。", "freetime.invalid-max-busy");
        }

        if (!TryIds(departments, out var departmentIds) || !TryIds(facilities, out var facilityIds))
        {
            return Problem(400, "departments と facilities は ID(整数)をカンマ区切りで指定してください。", "freetime.invalid-ids");
        }

        var people = await PeopleAsync(db, attendees, null, cancellationToken);
        if (people.Problem is { } problem)
        {
            return problem;
        }

        FreeTimeResult result;
        try
        {
            result = await search.FindAsync(new FreeTimeRequest
            {
                AccountIds = people.List.Select(p => p.Id).ToList(),
                DepartmentIds = departmentIds,
                FacilityIds = facilityIds,
                From = first,
                To = last,
                Minutes = duration,
                MaxBusy = busy,
            }, hours, cancellationToken);
        }
        catch (DomainException ex)
        {
            return Problem(400, ex.Message, ex.Code);
        }

        var names = await PersonsAsync(db, result.AccountIds, cancellationToken);
        return TypedResults.Ok(new FreeSlotsDto(first, last, duration,
            result.AccountIds.Select(id => names[id]).ToList(),
            result.FacilityIds,
            result.Slots.Select(s => new FreeSlotDto(s.StartsAt, s.EndsAt, s.LatestStart, s.EveryoneFree, s.BusyAccountIds.Select(id => names[id]).ToList())).ToList()));
    }

    // ---- facilities ----

    private static async Task<Ok<List<FacilityDto>>> ListFacilitiesAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var list = await db.Facilities.AsNoTracking().Include(f => f.Group).Where(f => f.IsActive)
            .OrderBy(f => f.Group == null ? int.MaxValue : f.Group.SortOrder).ThenBy(f => f.SortOrder).ThenBy(f => f.Name)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(f => new FacilityDto(f.Id, f.Name, KindKey(f.Kind), f.GroupId, f.Group?.Name, f.Capacity, f.Location, f.AttributeList, f.RequiresApproval)).ToList());
    }

    private static async Task<Results<Ok<List<FacilityBookingDto>>, ProblemHttpResult>> ListBookingsAsync(
        CurrentUser me, AppDbContext db, TimeProvider clock, string? facility, string? from, string? to, CancellationToken cancellationToken)
    {
        if (Range(from, to, clock, MaxListDays) is not { } range)
        {
            return RangeProblem();
        }

        int? facilityId = null;
        if (!string.IsNullOrWhiteSpace(facility))
        {
            if (!int.TryParse(facility, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problem(400, "facility は施設の ID(整数)で指定してください。", "facility.invalid-id");
            }

            facilityId = parsed;
        }

        var query = db.FacilityBookings.AsNoTracking().Include(b => b.Facility).Include(b => b.BookedBy).Include(b => b.Event)
            .Where(b => (b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed) && b.StartsAt < range.To && b.EndsAt > range.From);
        if (facilityId is { } fid)
        {
            query = query.Where(b => b.FacilityId == fid);
        }

        var list = await query.OrderBy(b => b.StartsAt).ThenBy(b => b.FacilityId).Take(MaxBookings).ToListAsync(cancellationToken);
        var visible = await VisiblePrivateEventsAsync(db, me.RequiredId, list, cancellationToken);
        return TypedResults.Ok(list.Select(b => ToDto(b, visible)).ToList());
    }

    private static async Task<Results<Ok<FacilityBookingDto>, ProblemHttpResult>> GetBookingAsync(int id, CurrentUser me, AppDbContext db, CancellationToken cancellationToken)
    {
        var booking = await db.FacilityBookings.AsNoTracking().Include(b => b.Facility).Include(b => b.BookedBy).Include(b => b.Event)
            .FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (booking is null)
        {
            return Problem(404, "予約が見つかりません。", "booking.not-found");
        }

        var visible = await VisiblePrivateEventsAsync(db, me.RequiredId, [booking], cancellationToken);
        return TypedResults.Ok(ToDto(booking, visible));
    }

    private static async Task<Results<Created<FacilityBookingDto>, ProblemHttpResult>> BookAsync(
        CurrentUser me, AppDbContext db, FacilityBookingService bookings, HttpContext http, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await ApiBodies.ReadJsonAsync<FacilityBookingRequest>(http.Request, cancellationToken);
        if (body is null)
        {
            return unreadable!;
        }

        if (body.FacilityId is not { } facilityId)
        {
            return Problem(400, "facilityId(施設の ID)を指定してください。", "booking.facility-required");
        }

        if (ParseTime(body.StartsAt) is not { HasTime: true } start || ParseTime(body.EndsAt) is not { HasTime: true } end)
        {
            return Problem(400, "startsAt と endsAt は日時(例: 2026-12-01T10:00)で指定してください。時差のない日時は日本時間として扱います。", "booking.invalid-time");
        }

        FacilityBooking booking;
        try
        {
            booking = await bookings.BookAsync(me.RequiredId, facilityId, Clock.FromTokyo(start.Local), Clock.FromTokyo(end.Local), body.Purpose ?? "", cancellationToken);
        }
        catch (Exception ex) when (Refusal(ex, "この施設は予約できません。") is { } refusal)
        {
            return refusal;
        }

        var saved = await db.FacilityBookings.AsNoTracking().Include(b => b.Facility).Include(b => b.BookedBy).SingleAsync(b => b.Id == booking.Id, cancellationToken);
        return TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"/api/v1/facility-bookings/{booking.Id}"), ToDto(saved, new HashSet<int>()));
    }

    // ---- reading requests ----


    private const string EditForbidden = "この予定を変更・取り消しできるのは、主催者と主催者の予定を管理する人だけです。";

    /// <summary>A time as given: Tokyo wall-clock, whether it had a time of day.</summary>
    internal readonly record struct ParsedTime(DateTime Local, bool HasTime);

    private static readonly string[] LocalFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    private static readonly string[] OffsetFormats = ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>2026-12-01, 2026-12-01T10:00 (Tokyo) or 2026-12-01T01:00:00Z / +09:00; years 2000–2200.</summary>
    internal static ParsedTime? ParseTime(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        ParsedTime? parsed = null;
        if (DateTime.TryParseExact(value, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            parsed = new ParsedTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), value.Length > 10);
        }
        else if (DateTimeOffset.TryParseExact(value, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && instant.Year is > 1999 and < 2099)
        {
            parsed = new ParsedTime(Clock.TokyoLocal(instant), true);
        }

        return parsed is { } p && ScheduleEvent.IsInRange(p.Local) ? parsed : null;
    }

    private sealed record DateRange(DateTimeOffset From, DateTimeOffset To);

    /// <summary>from/to as dates (to inclusive) or times; by default a week from today.</summary>
    private static DateRange? Range(string? from, string? to, TimeProvider clock, int maxDays)
    {
        DateTimeOffset start;
        if (string.IsNullOrWhiteSpace(from))
        {
            start = Clock.FromTokyo(Clock.TokyoDate(clock.GetUtcNow()));
        }
        else if (ParseTime(from) is { } f)
        {
            start = Clock.FromTokyo(f.Local);
        }
        else
        {
            return null;
        }

        DateTimeOffset end;
        if (string.IsNullOrWhiteSpace(to))
        {
            end = start.AddDays(7);
        }
        else if (ParseTime(to) is { } t)
        {
            end = Clock.FromTokyo(t.HasTime ? t.Local : t.Local.AddDays(1));
        }
        else
        {
            return null;
        }

        return end > start && end - start <= TimeSpan.FromDays(maxDays) ? new DateRange(start, end) : null;
    }

    private static ProblemHttpResult RangeProblem() =>
        Problem(400, $"from と to は日付(2026-12-01)か日時(2026-12-01T10:00)で、from より後、{MaxListDays}日以内の範囲を指定してください。", "schedule.invalid-range");

    private static bool TryDate(string? text, DateOnly fallback, out DateOnly date)
    {
        date = fallback;
        return string.IsNullOrWhiteSpace(text)
            || (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date >= ScheduleEvent.FirstDay && date <= ScheduleEvent.LastDay);
    }

    private static bool TryInt(string? text, int fallback, out int value)
    {
        value = fallback;
        return string.IsNullOrWhiteSpace(text) || int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryIds(string? text, out List<int> ids)
    {
        ids = [];
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return false;
            }

            ids.Add(id);
        }

        return true;
    }

    private sealed record People(List<PersonDto> List, ProblemHttpResult? Problem);

    /// <summary>Active staff named by login or id, comma-separated; the caller when nothing is given and <paramref name="self"/> is set.</summary>
    private static async Task<People> PeopleAsync(AppDbContext db, string? names, int? self, CancellationToken cancellationToken)
    {
        var parts = (names ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (parts.Count > MaxPeople)
        {
            return new People([], Problem(400, $"一度に指定できる職員は{MaxPeople}人までです。", "schedule.too-many-people"));
        }

        if (parts.Count == 0)
        {
            return self is { } id ? new People([(await PersonsAsync(db, [id], cancellationToken))[id]], null) : new People([], null);
        }

        var ids = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (int?)null).OfType<int>().ToList();
        var logins = parts.Select(p => p.ToLowerInvariant()).ToList();
        var found = await db.Users.AsNoTracking().Where(a => a.IsActive && (ids.Contains(a.Id) || logins.Contains(a.UserName!)))
            .Select(a => new PersonDto(a.Id, a.UserName!, a.DisplayName)).ToListAsync(cancellationToken);
        var result = new List<PersonDto>();
        foreach (var part in parts)
        {
            var person = found.FirstOrDefault(p => string.Equals(p.Login, part, StringComparison.OrdinalIgnoreCase)
                || string.Equals(p.Id.ToString(CultureInfo.InvariantCulture), part, StringComparison.Ordinal));
            if (person is null)
            {
                return new People([], Problem(400, $"職員「{part}」が見つかりません(ログインIDか職員IDで指定してください)。", "schedule.unknown-attendee"));
            }

            if (!result.Contains(person))
            {
                result.Add(person);
            }
        }

        return new People(result, null);
    }

    private static async Task<Dictionary<int, PersonDto>> PersonsAsync(AppDbContext db, IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(a => list.Contains(a.Id))
            .Select(a => new PersonDto(a.Id, a.UserName!, a.DisplayName)).ToDictionaryAsync(p => p.Id, cancellationToken);
    }

    /// <summary>The request as a draft for the service, or 400 with what is wrong.</summary>
    private static async Task<(EventDraft? Draft, ProblemHttpResult? Problem)> DraftAsync(AppDbContext db, ScheduleEventRequest body, int me, CancellationToken cancellationToken)
    {
        if (ParseTime(body.StartsAt) is not { } start || ParseTime(body.EndsAt) is not { } end)
        {
            return (null, Problem(400, "startsAt と endsAt は日時(例: 2026-12-01T10:00)で、終日の予定は日付(例: 2026-12-01)で指定してください。年は2000〜2200年です。", "schedule.invalid-time"));
        }

        if (!body.IsAllDay && (!start.HasTime || !end.HasTime))
        {
            return (null, Problem(400, "時刻のある予定では startsAt と endsAt に時刻も指定してください(終日の予定は isAllDay を true に)。", "schedule.invalid-time"));
        }

        string category;
        if (string.IsNullOrWhiteSpace(body.Category))
        {
            category = EventCategories.Meeting;
        }
        else if (EventCategories.All.FirstOrDefault(c => c == body.Category.Trim()
            || string.Equals(EventCategories.Key(c), body.Category.Trim(), StringComparison.OrdinalIgnoreCase)) is { } known)
        {
            category = known;
        }
        else
        {
            return (null, Problem(400, $"区分「{body.Category}」は使えません。{string.Join("・", EventCategories.All)} のいずれかを指定してください。", "schedule.invalid-category"));
        }

        var visibility = body.Visibility?.Trim().ToUpperInvariant() switch
        {
            null or "" or "PUBLIC" or "公開" => EventVisibility.Public,
            "PRIVATE" or "非公開" => EventVisibility.Private,
            _ => (EventVisibility?)null,
        };
        if (visibility is null)
        {
            return (null, Problem(400, "visibility は public(公開)か private(非公開)で指定してください。", "schedule.invalid-visibility"));
        }

        var organizer = me;
        if (!string.IsNullOrWhiteSpace(body.Organizer))
        {
            var found = await PeopleAsync(db, body.Organizer, null, cancellationToken);
            if (found.Problem is not null || found.List.Count != 1)
            {
                return (null, found.Problem ?? Problem(400, "organizer には1人のログインIDを指定してください。", "schedule.unknown-organizer"));
            }

            organizer = found.List[0].Id;
        }

        var attendees = new List<int>();
        if (body.Attendees is { Count: > 0 } logins)
        {
            if (logins.Count > ScheduleService.MaxAttendees)
            {
                return (null, Problem(400, $"参加者は{ScheduleService.MaxAttendees}人までです。", "schedule.too-many-attendees"));
            }

            var logins2 = logins.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim().ToLowerInvariant()).Distinct().ToList();
            var found = await db.Users.AsNoTracking().Where(a => a.IsActive && logins2.Contains(a.UserName!)).Select(a => new { a.Id, a.UserName }).ToListAsync(cancellationToken);
            var missing = logins2.Except(found.Select(f => f.UserName!), StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                return (null, Problem(400, $"参加者「{string.Join("、", missing.Take(5))}」が見つかりません(ログインIDで指定してください)。", "schedule.unknown-attendee"));
            }

            attendees = found.Select(f => f.Id).ToList();
        }

        return (new EventDraft
        {
            Title = body.Title ?? "",
            Place = body.Place ?? "",
            Notes = body.Notes ?? "",
            Category = category,
            StartsAt = start.Local,
            EndsAt = end.Local,
            IsAllDay = body.IsAllDay,
            Visibility = visibility.Value,
            Recurrence = string.IsNullOrWhiteSpace(body.Recurrence) ? null : body.Recurrence.Trim(),
            ReminderMinutes = body.ReminderMinutes,
            OrganizerId = organizer,
            AttendeeIds = attendees,
            DepartmentIds = body.Departments ?? [],
            FacilityIds = body.Facilities ?? [],
        }, null);
    }

    private sealed record Target(DateTimeOffset? At, EditScope Scope);

    /// <summary>The occurrence (?at=) and scope (?scope=) of an edit; null when the event is unknown or they are malformed.</summary>
    private static async Task<Target?> OccurrenceAndScopeAsync(AppDbContext db, int id, string? at, string? scope, CancellationToken cancellationToken)
    {
        if (!await db.Events.AnyAsync(e => e.Id == id, cancellationToken))
        {
            return null;
        }

        DateTimeOffset? occurrence = null;
        if (!string.IsNullOrWhiteSpace(at) && (occurrence = OccurrenceKey.Parse(at.Trim())) is null)
        {
            return null;
        }

        EditScope? parsed = scope?.Trim().ToUpperInvariant() switch
        {
            null or "" => occurrence is null ? EditScope.All : EditScope.One,
            "ONE" => EditScope.One,
            "FOLLOWING" => EditScope.Following,
            "ALL" => EditScope.All,
            _ => null,
        };
        return parsed is { } s ? new Target(occurrence, s) : null;
    }

    private static async Task<ProblemHttpResult> TargetProblemAsync(AppDbContext db, int id, string? at, string? scope, CancellationToken cancellationToken)
    {
        if (!await db.Events.AnyAsync(e => e.Id == id, cancellationToken))
        {
            return NotFound();
        }

        return !string.IsNullOrWhiteSpace(at) && OccurrenceKey.Parse(at.Trim()) is null
            ? Problem(400, "at は yyyyMMddTHHmm の形(例: 20261201T1000)で指定してください。", "schedule.invalid-occurrence")
            : Problem(400, "scope は one(この回だけ)・following(この回以降)・all(すべて)のいずれかで指定してください。", "schedule.invalid-scope");
    }

    // ---- answers ----

    /// <summary>An event, or one occurrence of a series (its override when it has one), as the viewer may see it.</summary>
    private static async Task<(ScheduleEventDto? Dto, ProblemHttpResult? Problem)> DetailAsync(
        AppDbContext db, ScheduleReader reader, ScheduleViewer viewer, int id, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var e = await db.Events.AsNoTracking().Include(x => x.Organizer).Include(x => x.Attendees).ThenInclude(a => a.Account)
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (e is null || e.IsCancelled)
        {
            return (null, NotFound());
        }

        DateTimeOffset start = e.StartsAt, end = e.EndsAt;
        string? key = e.OriginalStartsAt is { } original ? OccurrenceKey.ToKey(original) : null;
        if (at is { } occurrence && e.IsSeriesMaster)
        {
            var local = Clock.TokyoLocal(occurrence);
            if (!RecurrenceRule.Parse(e.Recurrence!).Occurrences(Clock.TokyoLocal(e.StartsAt), e.Duration, local, local.AddMinutes(1)).Any(o => o == local))
            {
                return (null, Problem(404, "指定された回はこの繰り返し予定にありません。", "schedule.no-such-occurrence"));
            }

            var changed = await db.Events.AsNoTracking().Where(x => x.SeriesMasterId == e.Id && x.OriginalStartsAt == occurrence).Select(x => new { x.Id, x.IsCancelled })
                .FirstOrDefaultAsync(cancellationToken);
            if (changed is { IsCancelled: true })
            {
                return (null, Problem(404, "この回は取り消されています。", "schedule.cancelled"));
            }

            if (changed is not null)
            {
                return await DetailAsync(db, reader, viewer, changed.Id, null, cancellationToken);
            }

            start = occurrence;
            end = occurrence + e.Duration;
            key = OccurrenceKey.ToKey(occurrence);
        }

        var masked = !await reader.CanSeeDetailsAsync(viewer, e, cancellationToken);
        var bookingQuery = db.FacilityBookings.AsNoTracking().Include(b => b.Facility)
            .Where(b => b.EventId == e.Id && (b.Status == BookingStatus.Tentative || b.Status == BookingStatus.Confirmed));
        if (at is { } only && e.IsSeriesMaster)
        {
            bookingQuery = bookingQuery.Where(b => b.StartsAt == only);
        }

        var facilities = masked ? [] : await bookingQuery.OrderBy(b => b.StartsAt).Take(MaxBookings).ToListAsync(cancellationToken);
        var organizer = e.Organizer is { } o ? new PersonDto(o.Id, o.UserName!, o.DisplayName) : new PersonDto(e.OrganizerId, "", "");
        var dto = new ScheduleEventDto(
            e.Id, e.SeriesMasterId, key,
            masked ? ScheduleReader.MaskedTitle : e.Title,
            masked ? "" : e.Place,
            masked ? "" : e.Notes,
            masked ? EventCategories.Other : e.Category,
            EventCategories.Key(masked ? EventCategories.Other : e.Category),
            start, end, e.IsAllDay, VisibilityKey(e.Visibility), masked,
            masked ? null : e.Recurrence,
            !masked && e.Recurrence is { } rule && RecurrenceRule.TryParse(rule, out var parsed, out _) ? parsed.DescribeJa(Clock.TokyoLocal(e.StartsAt)) : null,
            masked ? null : e.ReminderMinutes,
            masked ? null : organizer, e.Version,
            masked ? [] : e.Attendees.OrderBy(a => a.AccountId == e.OrganizerId ? 0 : 1).ThenBy(a => a.Account?.Kana)
                .Select(a => new AttendeeDto(a.AccountId, a.Account?.UserName ?? "", a.Account?.DisplayName ?? "", ResponseKey(a.Response), a.ViaDepartmentId)).ToList(),
            facilities.Select(b => new EventBookingDto(b.Id, b.FacilityId, b.Facility?.Name ?? "", b.StartsAt, b.EndsAt, StatusKey(b.Status))).ToList());
        return (dto, null);
    }

    private static OccurrenceDto ToDto(Occurrence o)
    {
        var at = o.SeriesOccurrence is { } s ? OccurrenceKey.ToKey(s) : null;
        var url = at is null
            ? string.Create(CultureInfo.InvariantCulture, $"/schedule/events/{o.EventId}")
            : string.Create(CultureInfo.InvariantCulture, $"/schedule/events/{o.EventId}?at={at}");
        return new OccurrenceDto(o.EventId, at, o.StartsAt, o.EndsAt, o.IsAllDay, o.Title, o.Category, EventCategories.Key(o.Category), o.Place,
            VisibilityKey(o.Visibility), o.IsMasked, o.IsRecurring, o.IsMasked ? null : o.OrganizerId, ResponseKey(o.Response), url);
    }

    /// <summary>Private events whose booking purpose the viewer may read: they attend, organise or keep the organiser's schedule.</summary>
    private static async Task<HashSet<int>> VisiblePrivateEventsAsync(AppDbContext db, int me, IReadOnlyCollection<FacilityBooking> bookings, CancellationToken cancellationToken)
    {
        var events = bookings.Where(b => b.Event is { Visibility: EventVisibility.Private }).Select(b => b.Event!).DistinctBy(e => e.Id).ToList();
        if (events.Count == 0)
        {
            return [];
        }

        var viewer = await ScheduleViewer.ForAccountAsync(db, me, cancellationToken);
        var ids = events.SelectMany(e => e.SeriesMasterId is { } m ? new[] { e.Id, m } : [e.Id]).Distinct().ToList();
        var attended = (await db.EventAttendees.AsNoTracking().Where(a => a.AccountId == me && ids.Contains(a.EventId)).Select(a => a.EventId).ToListAsync(cancellationToken)).ToHashSet();
        return events.Where(e => !ScheduleReader.IsMasked(viewer, e, attended)).Select(e => e.Id).ToHashSet();
    }

    private static FacilityBookingDto ToDto(FacilityBooking b, HashSet<int> visiblePrivateEvents)
    {
        var masked = b.Event is { Visibility: EventVisibility.Private } e && !visiblePrivateEvents.Contains(e.Id);
        return new FacilityBookingDto(b.Id, b.FacilityId, b.Facility?.Name ?? "", b.StartsAt, b.EndsAt, StatusKey(b.Status),
            masked ? ScheduleReader.MaskedTitle : b.Purpose, masked, b.EventId,
            masked ? null : new PersonDto(b.BookedById, b.BookedBy?.UserName ?? "", b.BookedBy?.DisplayName ?? ""));
    }

    /// <summary>A refusal of the core as problem details; null for anything else (which stays a server error).</summary>
    private static ProblemHttpResult? Refusal(Exception exception, string forbidden, int staleStatus = 409) => exception switch
    {
        BookingConflictException conflict => Problem(409, conflict.Message, "booking.conflict", new Dictionary<string, object?>
        {
            ["conflicts"] = conflict.Conflicts.Select(c => new BookingConflictDto(c.BookingId, c.FacilityId, c.FacilityName, c.StartsAt, c.EndsAt, StatusKey(c.Status), c.Purpose, c.BookedBy)).ToList(),
        }),
        UnauthorizedAccessException => Problem(403, forbidden, "forbidden"),
        DomainException { Code: "schedule.not-found" or "schedule.cancelled" or "booking.not-found" } d => Problem(404, d.Message, d.Code),
        DomainException { Code: "schedule.stale" } d => Problem(staleStatus, d.Message, d.Code),
        DomainException d => Problem(400, d.Message, d.Code),
        _ => null,
    };

    private static ProblemHttpResult NotFound() => Problem(404, "予定が見つかりません。", "schedule.not-found");

    private static ProblemHttpResult Problem(int status, string title, string code, Dictionary<string, object?>? extensions = null) =>
        ApiBodies.Problem(status, title, code, extensions);

    private static string ETag(int version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    private static int? ParseETag(string value)
    {
        var text = value.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        return int.TryParse(text.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
    }

    internal static string VisibilityKey(EventVisibility visibility) => visibility == EventVisibility.Private ? "private" : "public";

    internal static string ResponseKey(AttendeeResponse response) => response switch
    {
        AttendeeResponse.Accepted => "accepted",
        AttendeeResponse.Declined => "declined",
        AttendeeResponse.Tentative => "tentative",
        _ => "pending",
    };

    internal static string StatusKey(BookingStatus status) => status switch
    {
        BookingStatus.Tentative => "tentative",
        BookingStatus.Confirmed => "confirmed",
        BookingStatus.Declined => "declined",
        _ => "cancelled",
    };

    private static string KindKey(FacilityKind kind) => kind switch
    {
        FacilityKind.Room => "room",
        FacilityKind.Vehicle => "vehicle",
        _ => "equipment",
    };
}
