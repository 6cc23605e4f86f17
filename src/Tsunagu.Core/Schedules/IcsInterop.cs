using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using IcalCalendar = Ical.Net.Calendar;
using IcalRule = Ical.Net.DataTypes.RecurrenceRule;

namespace Tsunagu.Core.Schedules;

/// <summary>What goes into an .ics file besides the events.</summary>
/// <param name="Host">Names the events: UID tsunagu-{id}@{host}.</param>
/// <param name="BaseAddress">Where the events' pages are (URL property); none when null.</param>
public sealed record IcsExportOptions(string Host, Uri? BaseAddress = null, string? CalendarName = null);

/// <summary>One reason an import was refused: the line in the file (1-based; 0 for the whole file) and the event's UID.</summary>
public sealed record IcsImportError(int Line, string? Uid, string Message)
{
    public override string ToString() =>
        (Line > 0 ? $"{Line}行目" : "ファイル") + (string.IsNullOrEmpty(Uid) ? "" : $"(UID: {Uid})") + $": {Message}";
}

/// <summary>
/// What an import found and did. <see cref="Events"/>: VEVENTs in the file; <see cref="Created"/>: events (a series
/// counts once) written, or that would be written by a preview; <see cref="Duplicates"/>: already in the schedule;
/// <see cref="Skipped"/>: cancelled events and components other than VEVENT. Nothing is written when there are errors.
/// </summary>
public sealed record IcsImportResult(int Events, int Created, int Duplicates, int Skipped, IReadOnlyList<IcsImportError> Errors, bool Committed)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Schedules as iCalendar (RFC 5545) for calendar programs: export (feeds and downloads) and import of .ics files.
/// Times go out in Asia/Tokyo with a VTIMEZONE; a series goes out as its master with RRULE, a changed occurrence as a
/// VEVENT with the same UID and RECURRENCE-ID, a cancelled one as EXDATE. An import reads every VEVENT and checks it
/// before anything is written, then writes all of them in one transaction, or nothing (DESIGN principle 8).
/// </summary>
public sealed partial class IcsInterop(AppDbContext db, TimeProvider clock)
{
    public const string TimeZoneId = "Asia/Tokyo";
    public const string ContentType = "text/calendar";
    public const long MaxBytes = 2 * 1024 * 1024;
    public const int MaxEvents = 2000;

    private const string ProductId = "-//Tsunagu//Tsunagu Schedule 1.0//JA";

    // ---- export ----

    /// <summary>
    /// The schedule of one person over [from, to) as iCalendar: the events they attend and have not declined, their
    /// private ones included (it is their own schedule). A series is written whole when any of it overlaps the window.
    /// </summary>
    public async Task<string> ExportForAccountAsync(int accountId, DateTimeOffset from, DateTimeOffset to, IcsExportOptions options, CancellationToken cancellationToken = default)
    {
        // Npgsql writes only UTC offsets.
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        var earliest = from - ScheduleEvent.MaxDuration;
        var attended = await db.EventAttendees.AsNoTracking()
            .Where(a => a.AccountId == accountId && a.Response != AttendeeResponse.Declined && !a.IsCancelled && a.StartsAt < to && a.EndsAt > from
                && (a.IsSeries || a.StartsAt >= earliest))
            .Select(a => a.EventId)
            .ToListAsync(cancellationToken);
        var events = new List<ScheduleEvent>(attended.Count);
        foreach (var chunk in attended.Distinct().Chunk(500))
        {
            events.AddRange(await db.Events.AsNoTracking().Where(e => chunk.Contains(e.Id) && !e.IsCancelled).ToListAsync(cancellationToken));
        }

        var masterIds = events.Where(e => e.IsSeriesMaster).Select(e => e.Id).ToList();
        var overrides = new List<ScheduleEvent>();
        foreach (var chunk in masterIds.Chunk(500))
        {
            overrides.AddRange(await db.Events.AsNoTracking().Where(e => e.SeriesMasterId != null && chunk.Contains(e.SeriesMasterId.Value)).ToListAsync(cancellationToken));
        }

        // An occurrence the person was taken off (or declined on its own) is, for them, an excluded date of the series.
        var overrideIds = overrides.Where(o => !o.IsCancelled).Select(o => o.Id).ToList();
        var attendsOverride = new HashSet<int>();
        foreach (var chunk in overrideIds.Chunk(500))
        {
            attendsOverride.UnionWith(await db.EventAttendees.AsNoTracking()
                .Where(a => a.AccountId == accountId && a.Response != AttendeeResponse.Declined && chunk.Contains(a.EventId))
                .Select(a => a.EventId).ToListAsync(cancellationToken));
        }

        var shown = overrides.Where(o => !o.IsCancelled && attendsOverride.Contains(o.Id)).ToList();
        var excluded = overrides.Where(o => o.IsCancelled || !attendsOverride.Contains(o.Id)).ToList();
        var shownIds = shown.Select(o => o.Id).ToHashSet();
        var singles = events.Where(e => !e.IsSeriesMaster && !shownIds.Contains(e.Id)).ToList();
        return Export(events.Where(e => e.IsSeriesMaster).Concat(singles), shown, excluded, options);
    }

    /// <summary>
    /// Writes events as iCalendar. <paramref name="events"/>: singles and series masters (an override whose master is not
    /// among them stands alone); <paramref name="overrides"/>: changed occurrences of those masters (RECURRENCE-ID);
    /// <paramref name="excluded"/>: occurrences that are not there (EXDATE).
    /// </summary>
    public static string Export(IEnumerable<ScheduleEvent> events, IEnumerable<ScheduleEvent> overrides, IEnumerable<ScheduleEvent> excluded, IcsExportOptions options)
    {
        var calendar = new IcalCalendar { ProductId = ProductId, Method = "PUBLISH" };
        calendar.AddProperty("CALSCALE", "GREGORIAN");
        if (!string.IsNullOrWhiteSpace(options.CalendarName))
        {
            calendar.AddProperty("X-WR-CALNAME", options.CalendarName);
        }

        calendar.AddProperty("X-WR-TIMEZONE", TimeZoneId);
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        calendar.TimeZones.Add(TokyoTimeZone());

        var masters = new Dictionary<int, ScheduleEvent>();
        var list = events.OrderBy(e => e.StartsAt).ThenBy(e => e.Id).ToList();
        foreach (var e in list.Where(e => e.IsSeriesMaster))
        {
            masters[e.Id] = e;
        }

        var exdates = excluded.Where(o => o.SeriesMasterId is { } m && masters.ContainsKey(m) && o.OriginalStartsAt is not null)
            .ToLookup(o => o.SeriesMasterId!.Value, o => o.OriginalStartsAt!.Value);
        foreach (var e in list)
        {
            var uid = e.SeriesMasterId is { } master && masters.ContainsKey(master) ? master : e.Id;
            var vevent = ToVEvent(e, uid, options);
            if (e.IsSeriesMaster)
            {
                vevent.RecurrenceRule = new IcalRule(RuleText(e));
                foreach (var at in exdates[e.Id].Distinct().Order())
                {
                    vevent.ExceptionDates.Add(ToCalDateTime(at, e.IsAllDay));
                }
            }

            calendar.Events.Add(vevent);
        }

        foreach (var o in overrides.Where(o => o.SeriesMasterId is { } m && masters.ContainsKey(m) && o.OriginalStartsAt is not null).OrderBy(o => o.OriginalStartsAt))
        {
            var master = masters[o.SeriesMasterId!.Value];
            var vevent = ToVEvent(o, master.Id, options);
            vevent.RecurrenceIdentifier = new RecurrenceIdentifier(ToCalDateTime(o.OriginalStartsAt!.Value, master.IsAllDay), null);
            calendar.Events.Add(vevent);
        }

        // Standalone overrides (the person attends this occurrence but not the series) keep their own identity.
        foreach (var o in overrides.Where(o => o.SeriesMasterId is not { } m || !masters.ContainsKey(m)))
        {
            calendar.Events.Add(ToVEvent(o, o.Id, options));
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    public static string Uid(int eventId, string host) => string.Create(CultureInfo.InvariantCulture, $"tsunagu-{eventId}@{host}");

    private static CalendarEvent ToVEvent(ScheduleEvent e, int uidId, IcsExportOptions options)
    {
        var vevent = new CalendarEvent
        {
            Uid = Uid(uidId, options.Host),
            Summary = e.Title,
            DtStart = ToCalDateTime(e.StartsAt, e.IsAllDay),
            DtEnd = ToCalDateTime(e.EndsAt, e.IsAllDay),
            // The time of the last change rather than of the request: an unchanged schedule gives the same file (ETag).
            DtStamp = Utc(e.UpdatedAt),
            LastModified = Utc(e.UpdatedAt),
            Created = Utc(e.CreatedAt),
            Sequence = Math.Max(0, e.Version - 1),
            Class = e.Visibility == EventVisibility.Private ? "PRIVATE" : "PUBLIC",
            Transparency = "OPAQUE",
        };
        vevent.Categories = [e.Category];
        if (!string.IsNullOrEmpty(e.Place))
        {
            vevent.Location = e.Place;
        }

        if (!string.IsNullOrEmpty(e.Notes))
        {
            vevent.Description = e.Notes;
        }

        if (options.BaseAddress is { } baseAddress)
        {
            vevent.Url = new Uri(baseAddress, string.Create(CultureInfo.InvariantCulture, $"/schedule/events/{e.Id}"));
        }

        if (e.ReminderMinutes is { } minutes)
        {
            vevent.Alarms.Add(new Alarm { Action = "DISPLAY", Description = e.Title, Trigger = new Trigger(Duration.FromMinutes(-minutes)) });
        }

        return vevent;
    }

    /// <summary>Our canonical RRULE; for an all-day series UNTIL becomes a date, as RFC 5545 asks when DTSTART is a date.</summary>
    private static string RuleText(ScheduleEvent e)
    {
        var rule = RecurrenceRule.Parse(e.Recurrence!);
        var text = rule.ToString();
        return e.IsAllDay && rule.Until is { } until
            ? UntilPart().Replace(text, "UNTIL=" + until.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
            : text;
    }

    private static CalDateTime ToCalDateTime(DateTimeOffset instant, bool allDay)
    {
        var local = Clock.TokyoLocal(instant);
        return allDay
            ? new CalDateTime(DateOnly.FromDateTime(local))
            : new CalDateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, TimeZoneId);
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(DateTime.SpecifyKind(instant.UtcDateTime, DateTimeKind.Utc), true);

    /// <summary>Tokyo has kept +09:00 without daylight saving time since 1951: one STANDARD rule is the whole zone.</summary>
    private static VTimeZone TokyoTimeZone()
    {
        var zone = new VTimeZone(TimeZoneId);
        zone.TimeZoneInfos.Add(new Ical.Net.VTimeZoneInfo("STANDARD")
        {
            DtStart = new CalDateTime(1970, 1, 1, 0, 0, 0, null),
            OffsetFrom = new UtcOffset(TimeSpan.FromHours(9)),
            OffsetTo = new UtcOffset(TimeSpan.FromHours(9)),
            TimeZoneName = "JST",
        });
        return zone;
    }

    [GeneratedRegex("UNTIL=[^;]*", RegexOptions.CultureInvariant)]
    private static partial Regex UntilPart();

    // ---- import ----

    /// <summary>Reads and checks a file and counts what an import would do, writing nothing.</summary>
    public Task<IcsImportResult> PreviewAsync(int accountId, Stream ics, string? ownHost = null, CancellationToken cancellationToken = default) =>
        RunImportAsync(accountId, ics, ownHost, commit: false, cancellationToken);

    /// <summary>
    /// Imports a file into a person's schedule as events they organise: every VEVENT is checked first; only when all
    /// are valid are they written, in one transaction. Events already in the schedule (the same UID exported by this
    /// system, or the same title and start) are not written again.
    /// </summary>
    public Task<IcsImportResult> ImportAsync(int accountId, Stream ics, string? ownHost = null, CancellationToken cancellationToken = default) =>
        RunImportAsync(accountId, ics, ownHost, commit: true, cancellationToken);

    private async Task<IcsImportResult> RunImportAsync(int accountId, Stream ics, string? ownHost, bool commit, CancellationToken cancellationToken)
    {
        var file = await IcsFile.ReadAsync(ics, cancellationToken);
        if (file.Error is { } fileError)
        {
            return new IcsImportResult(0, 0, 0, 0, [fileError], false);
        }

        var errors = new List<IcsImportError>();
        var parsed = new List<ImportedEvent>();
        foreach (var block in file.Events)
        {
            var before = errors.Count;
            ImportedEvent? item;
            try
            {
                item = ImportedEvent.From(block, file.FixedOffsets, errors);
            }
            catch (Exception ex) when (ex is ArgumentException or OverflowException)
            {
                // Dates or offsets beyond what a calendar holds (year 9999, an offset of 20 hours …): this event only.
                errors.Add(new IcsImportError(block.Line, block.Uid, ScheduleEvent.OutOfRangeMessage));
                continue;
            }

            if (item is not null && errors.Count == before)
            {
                parsed.Add(item);
            }
        }

        if (file.Events.Count > MaxEvents)
        {
            errors.Insert(0, new IcsImportError(0, null, $"1つのファイルで取り込める予定は{MaxEvents}件までです(このファイルには{file.Events.Count}件あります)。"));
        }

        var skipped = file.OtherComponents;
        var plan = Plan(parsed, errors, ref skipped);
        if (errors.Count > 0)
        {
            return new IcsImportResult(file.Events.Count, 0, 0, skipped, Sorted(errors), false);
        }

        var duplicates = await FindDuplicatesAsync(accountId, plan, ownHost, cancellationToken);
        var fresh = plan.Where(p => !duplicates.Contains(p)).ToList();
        if (!commit || fresh.Count == 0)
        {
            return new IcsImportResult(file.Events.Count, fresh.Count, duplicates.Count, skipped, [], commit);
        }

        await WriteAsync(accountId, fresh, cancellationToken);
        return new IcsImportResult(file.Events.Count, fresh.Count, duplicates.Count, skipped, [], true);
    }

    private static List<IcsImportError> Sorted(List<IcsImportError> errors) => errors.OrderBy(e => e.Line).ToList();

    /// <summary>A single event or a series with its changed and cancelled occurrences, ready to write.</summary>
    private sealed class PlannedEvent(ImportedEvent main)
    {
        public ImportedEvent Main { get; } = main;

        public List<ImportedEvent> Overrides { get; } = [];

        public HashSet<DateTimeOffset> Cancelled { get; } = [];
    }

    /// <summary>Groups overrides (RECURRENCE-ID) and exceptions (EXDATE) under their series and checks that they fit it.</summary>
    private static List<PlannedEvent> Plan(List<ImportedEvent> parsed, List<IcsImportError> errors, ref int skipped)
    {
        var plans = new List<PlannedEvent>();
        var byUid = new Dictionary<string, PlannedEvent>(StringComparer.Ordinal);
        foreach (var e in parsed.Where(e => e.RecurrenceId is null))
        {
            if (e.Uid is { } uid && byUid.ContainsKey(uid))
            {
                errors.Add(new IcsImportError(e.Line, uid, "同じ UID の予定がファイルに2つ以上あります。"));
                continue;
            }

            if (e.IsCancelled)
            {
                skipped++;
                continue;
            }

            var plan = new PlannedEvent(e);
            foreach (var at in e.ExceptionDates.Where(e.IsOccurrence))
            {
                plan.Cancelled.Add(at);
            }

            plans.Add(plan);
            if (e.Uid is { } key)
            {
                byUid[key] = plan;
            }
        }

        foreach (var o in parsed.Where(e => e.RecurrenceId is not null))
        {
            var at = o.RecurrenceId!.Value;
            if (o.Uid is null || !byUid.TryGetValue(o.Uid, out var plan) || plan.Main.Rule is null)
            {
                // The series itself may have been cancelled as a whole (STATUS:CANCELLED): then so is this occurrence.
                if (o.Uid is not null && parsed.Any(p => p.Uid == o.Uid && p.RecurrenceId is null && p.IsCancelled))
                {
                    skipped++;
                    continue;
                }

                errors.Add(new IcsImportError(o.Line, o.Uid, "RECURRENCE-ID の元になる繰り返し予定(同じ UID で RRULE のある予定)がファイルにありません。"));
                continue;
            }

            if (!plan.Main.IsOccurrence(at))
            {
                errors.Add(new IcsImportError(o.Line, o.Uid, string.Create(CultureInfo.InvariantCulture, $"RECURRENCE-ID({Clock.ToTokyo(at):yyyy/MM/dd HH:mm})は繰り返しのどの回にも当たりません。")));
                continue;
            }

            if (plan.Overrides.Any(x => x.RecurrenceId == at))
            {
                errors.Add(new IcsImportError(o.Line, o.Uid, "同じ回(RECURRENCE-ID)を変更する予定が2つ以上あります。"));
                continue;
            }

            if (o.IsCancelled)
            {
                plan.Cancelled.Add(at);
            }
            else if (!plan.Cancelled.Contains(at))
            {
                plan.Overrides.Add(o);
            }
        }

        return plans;
    }

    /// <summary>
    /// Events of the file already in the person's schedule: one this system exported (UID tsunagu-{id}@{our host}) that
    /// they attend, or one with the same title and start. Without a column for imported UIDs this is how a second
    /// import of the same file stays harmless.
    /// </summary>
    private async Task<HashSet<PlannedEvent>> FindDuplicatesAsync(int accountId, List<PlannedEvent> plans, string? ownHost, CancellationToken cancellationToken)
    {
        var result = new HashSet<PlannedEvent>();
        var ownIds = new Dictionary<int, PlannedEvent>();
        foreach (var plan in plans)
        {
            if (ownHost is not null && plan.Main.Uid is { } uid && OwnUid(uid, ownHost) is { } id)
            {
                ownIds.TryAdd(id, plan);
            }
        }

        foreach (var chunk in ownIds.Keys.Chunk(500))
        {
            var attended = await db.EventAttendees.AsNoTracking()
                .Where(a => a.AccountId == accountId && chunk.Contains(a.EventId) && !a.IsCancelled)
                .Select(a => a.EventId).ToListAsync(cancellationToken);
            result.UnionWith(attended.Select(id => ownIds[id]));
        }

        var starts = plans.Select(p => p.Main.StartsAt).Distinct().ToList();
        var existing = new HashSet<(string Title, DateTimeOffset Start)>();
        foreach (var chunk in starts.Chunk(500))
        {
            var rows = await db.EventAttendees.AsNoTracking()
                .Where(a => a.AccountId == accountId && !a.IsCancelled && chunk.Contains(a.StartsAt))
                .Select(a => new { a.Event!.Title, a.StartsAt })
                .ToListAsync(cancellationToken);
            existing.UnionWith(rows.Select(r => (r.Title, r.StartsAt)));
        }

        foreach (var plan in plans)
        {
            // Also within the file: the same title and start twice is written once.
            if (!existing.Add((plan.Main.Title, plan.Main.StartsAt)))
            {
                result.Add(plan);
            }
        }

        return result;
    }

    private static int? OwnUid(string uid, string host)
    {
        var match = OwnUidPattern().Match(uid);
        return match.Success && string.Equals(match.Groups[2].Value, host, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : null;
    }

    [GeneratedRegex(@"^tsunagu-(\d{1,9})@(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnUidPattern();

    private async Task WriteAsync(int accountId, List<PlannedEvent> plans, CancellationToken cancellationToken)
    {
        var now = Clock.Truncate(clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var written = new List<ScheduleEvent>();
        foreach (var plan in plans)
        {
            var master = NewEvent(plan.Main, accountId, now);
            db.Events.Add(master);
            written.Add(master);
            foreach (var at in plan.Cancelled.Order())
            {
                // As ScheduleService cancels one occurrence: a cancelled override without attendees.
                db.Events.Add(new ScheduleEvent
                {
                    SeriesMaster = master,
                    OriginalStartsAt = at,
                    Title = master.Title,
                    Category = master.Category,
                    Visibility = master.Visibility,
                    OrganizerId = accountId,
                    CreatedById = accountId,
                    CreatedAt = now,
                    UpdatedAt = now,
                    StartsAt = at,
                    EndsAt = at + master.Duration,
                    SeriesEndsAt = at + master.Duration,
                    IsAllDay = master.IsAllDay,
                    IsCancelled = true,
                    Version = 1,
                });
            }

            foreach (var o in plan.Overrides)
            {
                var e = NewEvent(o, accountId, now);
                e.SeriesMaster = master;
                e.OriginalStartsAt = o.RecurrenceId;
                db.Events.Add(e);
                written.Add(e);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var e in written)
        {
            await ScheduleSearchContent.IndexEventAsync(db, e, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static ScheduleEvent NewEvent(ImportedEvent item, int accountId, DateTimeOffset now)
    {
        var e = new ScheduleEvent
        {
            Title = item.Title,
            Place = item.Place,
            Notes = item.Notes,
            Category = item.Category,
            StartsAt = item.StartsAt,
            EndsAt = item.EndsAt,
            IsAllDay = item.IsAllDay,
            Visibility = item.Visibility,
            Recurrence = item.Rule?.ToString(),
            SeriesEndsAt = item.SeriesEndsAt,
            ReminderMinutes = item.ReminderMinutes,
            OrganizerId = accountId,
            CreatedById = accountId,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        e.Attendees.Add(new EventAttendee
        {
            AccountId = accountId,
            Response = AttendeeResponse.Accepted,
            RespondedAt = now,
            StartsAt = e.StartsAt,
            EndsAt = e.SeriesEndsAt,
            IsSeries = e.IsSeriesMaster,
        });
        return e;
    }

    // ---- reading the file ----

    /// <summary>A property line of a component: its name, the raw text and where it is in the file.</summary>
    private sealed record IcsLine(int Number, string Name, string Text);

    /// <summary>The lines of one VEVENT (with its VALARMs), its own properties' first lines by name, and its UID.</summary>
    private sealed class IcsBlock(int line)
    {
        public int Line { get; } = line;

        public List<IcsLine> Lines { get; } = [];

        public Dictionary<string, List<IcsLine>> Own { get; } = new(StringComparer.Ordinal);

        public string? Uid => Own.TryGetValue("UID", out var uid) ? Value(uid[0].Text).Trim() : null;

        public int LineOf(string name) => Own.TryGetValue(name, out var lines) ? lines[0].Number : Line;
    }

    /// <summary>
    /// The file cut into VEVENTs by our own reading of its lines (RFC 5545 3.1 unfolding), so that an error names the
    /// line and one broken event does not hide the others; each VEVENT is then parsed by Ical.Net on its own.
    /// </summary>
    private sealed class IcsFile
    {
        public List<IcsBlock> Events { get; } = [];

        /// <summary>TZIDs defined in the file that keep one UTC offset (Outlook writes its own names such as "Tokyo Standard Time").</summary>
        public Dictionary<string, TimeSpan> FixedOffsets { get; } = new(StringComparer.Ordinal);

        public int OtherComponents { get; private set; }

        public IcsImportError? Error { get; private set; }

        public static async Task<IcsFile> ReadAsync(Stream stream, CancellationToken cancellationToken)
        {
            var file = new IcsFile();
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    file.Error = new IcsImportError(0, null, $"ファイルが大きすぎます。{MaxBytes / 1024 / 1024}MBまでのファイルを選んでください。");
                    return file;
                }
            }

            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
            catch (DecoderFallbackException)
            {
                file.Error = new IcsImportError(0, null, "文字コードを読み取れません。iCalendar ファイルは UTF-8 で保存してください。");
                return file;
            }

            file.Parse(text.TrimStart('\uFEFF'));
            return file;
        }

        private void Parse(string text)
        {
            var lines = Unfold(text);
            var first = lines.FirstOrDefault(l => l.Text.Length > 0);
            if (first is null || !IsLine(first, "BEGIN", "VCALENDAR"))
            {
                Error = new IcsImportError(first?.Number ?? 0, null, "iCalendar 形式(.ics)のファイルではありません。BEGIN:VCALENDAR で始まるファイルを選んでください。");
                return;
            }

            var stack = new Stack<string>();
            IcsBlock? current = null;
            var zoneId = "";
            var zoneOffsets = new List<TimeSpan>();
            foreach (var line in lines.Where(l => l.Text.Length > 0))
            {
                if (line.Name == "BEGIN")
                {
                    var component = Value(line.Text).Trim().ToUpperInvariant();
                    if (stack.Count == 1 && component == "VEVENT")
                    {
                        current = new IcsBlock(line.Number);
                    }
                    else if (stack.Count == 1 && component == "VTIMEZONE")
                    {
                        zoneId = "";
                        zoneOffsets.Clear();
                    }
                    else if (stack.Count == 1 && component != "VCALENDAR")
                    {
                        OtherComponents++;
                    }
                    else if (stack.Count == 0 && component != "VCALENDAR")
                    {
                        Error = new IcsImportError(line.Number, null, $"VCALENDAR の外に {component} があります。");
                        return;
                    }

                    stack.Push(component);
                    current?.Lines.Add(line);
                    continue;
                }

                if (line.Name == "END")
                {
                    var component = Value(line.Text).Trim().ToUpperInvariant();
                    if (stack.Count == 0 || stack.Peek() != component)
                    {
                        Error = new IcsImportError(line.Number, current?.Uid, $"END:{component} に対応する BEGIN がありません(BEGIN と END の対応が取れていません)。");
                        return;
                    }

                    stack.Pop();
                    current?.Lines.Add(line);
                    if (stack.Count == 1 && component == "VEVENT" && current is not null)
                    {
                        Events.Add(current);
                        current = null;
                    }
                    else if (stack.Count == 1 && component == "VTIMEZONE" && zoneId.Length > 0 && zoneOffsets.Count > 0 && zoneOffsets.Distinct().Count() == 1)
                    {
                        FixedOffsets[zoneId] = zoneOffsets[0];
                    }

                    continue;
                }

                if (stack.Count == 0)
                {
                    Error = new IcsImportError(line.Number, null, "END:VCALENDAR の後に行があります。");
                    return;
                }

                if (current is not null)
                {
                    current.Lines.Add(line);
                    if (stack.Count == 2)
                    {
                        if (!current.Own.TryGetValue(line.Name, out var same))
                        {
                            current.Own[line.Name] = same = [];
                        }

                        same.Add(line);
                    }
                }
                else if (stack.Count >= 2 && stack.Contains("VTIMEZONE"))
                {
                    if (line.Name == "TZID" && stack.Count == 2)
                    {
                        zoneId = Value(line.Text).Trim();
                    }
                    else if (line.Name == "TZOFFSETTO" && TryOffset(Value(line.Text).Trim(), out var offset))
                    {
                        zoneOffsets.Add(offset);
                    }
                }
            }

            if (stack.Count > 0)
            {
                Error = new IcsImportError(lines[^1].Number, current?.Uid, $"ファイルが途中で終わっています(END:{stack.Peek()} がありません)。");
            }
        }

        private static bool IsLine(IcsLine line, string name, string value) =>
            line.Name == name && string.Equals(Value(line.Text).Trim(), value, StringComparison.OrdinalIgnoreCase);

        /// <summary>Logical lines with the number of the physical line each starts on.</summary>
        private static List<IcsLine> Unfold(string text)
        {
            var result = new List<IcsLine>();
            var physical = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
            StringBuilder? pending = null;
            var pendingLine = 0;
            for (var i = 0; i < physical.Length; i++)
            {
                var raw = physical[i];
                if (raw.Length > 0 && (raw[0] == ' ' || raw[0] == '\t') && pending is not null)
                {
                    pending.Append(raw, 1, raw.Length - 1);
                    continue;
                }

                if (pending is not null)
                {
                    result.Add(Line(pendingLine, pending.ToString()));
                }

                pending = new StringBuilder(raw);
                pendingLine = i + 1;
            }

            if (pending is not null)
            {
                result.Add(Line(pendingLine, pending.ToString()));
            }

            return result;
        }

        private static IcsLine Line(int number, string text)
        {
            var end = text.IndexOfAny([';', ':']);
            var name = (end < 0 ? text : text[..end]).Trim().ToUpperInvariant();
            return new IcsLine(number, name, text);
        }

        private static bool TryOffset(string text, out TimeSpan offset)
        {
            offset = default;
            if (text.Length is not (5 or 7) || (text[0] != '+' && text[0] != '-')
                || !int.TryParse(text.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0) * (text[0] == '-' ? -1 : 1);
            return true;
        }
    }

    /// <summary>The value of a content line: the text after the first colon outside a quoted parameter value.</summary>
    private static string Value(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ':' && !quoted)
            {
                return line[(i + 1)..];
            }
        }

        return "";
    }

    /// <summary>One VEVENT as our model understands it, after every check.</summary>
    private sealed class ImportedEvent
    {
        private static readonly string[] Unsupported = ["RDATE", "EXRULE"];

        public int Line { get; private init; }

        public string? Uid { get; private init; }

        public string Title { get; private init; } = "";

        public string Place { get; private init; } = "";

        public string Notes { get; private init; } = "";

        public string Category { get; private init; } = EventCategories.Other;

        public EventVisibility Visibility { get; private init; }

        public bool IsAllDay { get; private init; }

        public DateTimeOffset StartsAt { get; private init; }

        public DateTimeOffset EndsAt { get; private init; }

        public RecurrenceRule? Rule { get; private init; }

        public DateTimeOffset SeriesEndsAt { get; private init; }

        public int? ReminderMinutes { get; private init; }

        public bool IsCancelled { get; private init; }

        public DateTimeOffset? RecurrenceId { get; private init; }

        public IReadOnlyList<DateTimeOffset> ExceptionDates { get; private init; } = [];

        public TimeSpan Duration => EndsAt - StartsAt;

        /// <summary>Whether a start belongs to this series.</summary>
        public bool IsOccurrence(DateTimeOffset at)
        {
            if (Rule is null)
            {
                return false;
            }

            var local = Clock.TokyoLocal(at);
            return Rule.Occurrences(Clock.TokyoLocal(StartsAt), Duration, local, local.AddMinutes(1)).Any(o => o == local);
        }

        /// <summary>Reads and checks one VEVENT; adds every problem to <paramref name="errors"/> and returns null if it cannot be read at all.</summary>
        public static ImportedEvent? From(IcsBlock block, IReadOnlyDictionary<string, TimeSpan> fixedOffsets, List<IcsImportError> errors)
        {
            var uid = block.Uid;
            void Fail(string property, string message) => errors.Add(new IcsImportError(block.LineOf(property), uid, message));

            foreach (var name in Unsupported.Where(block.Own.ContainsKey))
            {
                Fail(name, $"{name} には対応していません。繰り返しは RRULE で指定してください。");
            }

            RecurrenceRule? rule = null;
            if (block.Own.TryGetValue("RRULE", out var rules))
            {
                if (rules.Count > 1)
                {
                    Fail("RRULE", "RRULE が2つ以上あります。繰り返しの規則は1つにしてください。");
                }
                else if (!RecurrenceRule.TryParse(Value(rules[0].Text), out rule, out var ruleError))
                {
                    Fail("RRULE", $"繰り返し(RRULE)を取り込めません: {ruleError}");
                }
            }

            // The RRULE was read above with our own parser (its messages are Japanese); Ical.Net reads the rest.
            CalendarEvent vevent;
            try
            {
                var text = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tsunagu//Import//JA\r\n");
                foreach (var line in block.Lines.Where(l => l.Name != "RRULE" || !block.Own.ContainsKey("RRULE") || !block.Own["RRULE"].Contains(l)))
                {
                    text.Append(line.Text).Append("\r\n");
                }

                text.Append("END:VCALENDAR\r\n");
                vevent = IcalCalendar.Load(text.ToString())?.Events.FirstOrDefault()
                    ?? throw new FormatException("VEVENT not found");
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                Fail("BEGIN", $"予定の内容を読み取れません({ex.Message})。");
                return null;
            }

            var title = (vevent.Summary ?? "").Trim();
            if (title.Length == 0)
            {
                Fail("SUMMARY", "件名(SUMMARY)がありません。");
            }
            else if (title.Length > ScheduleEvent.MaxTitleLength)
            {
                Fail("SUMMARY", $"件名が長すぎます({title.Length}文字)。{ScheduleEvent.MaxTitleLength}文字以内にしてください。");
            }

            var place = (vevent.Location ?? "").Trim();
            if (place.Length > ScheduleEvent.MaxPlaceLength)
            {
                Fail("LOCATION", $"場所(LOCATION)が長すぎます({place.Length}文字)。{ScheduleEvent.MaxPlaceLength}文字以内にしてください。");
            }

            var notes = (vevent.Description ?? "").Trim();
            if (notes.Length > ScheduleEvent.MaxNotesLength)
            {
                Fail("DESCRIPTION", $"説明(DESCRIPTION)が長すぎます({notes.Length}文字)。{ScheduleEvent.MaxNotesLength}文字以内にしてください。");
            }

            if (vevent.RecurrenceIdentifier is { Range: Ical.Net.DataTypes.RecurrenceRange.ThisAndFuture })
            {
                Fail("RECURRENCE-ID", "RECURRENCE-ID の RANGE=THISANDFUTURE には対応していません。");
            }

            if (vevent.RecurrenceIdentifier is not null && rule is not null)
            {
                Fail("RRULE", "繰り返しの1回分(RECURRENCE-ID のある予定)に RRULE は指定できません。");
            }

            var times = Times(vevent, fixedOffsets, Fail);
            if (times is not { } t)
            {
                return null;
            }

            if (!ScheduleEvent.IsInRange(Clock.TokyoLocal(t.Start)) || !ScheduleEvent.IsInRange(Clock.TokyoLocal(t.End)))
            {
                Fail("DTSTART", ScheduleEvent.OutOfRangeMessage);
                return null;
            }

            var seriesEnd = t.End;
            if (rule is not null && ScheduleEvent.SeriesRangeProblem(rule, Clock.TokyoLocal(t.Start), t.End - t.Start) is { } rangeProblem)
            {
                Fail("RRULE", $"繰り返し(RRULE)を取り込めません: {rangeProblem}");
                return null;
            }

            if (rule is not null)
            {
                try
                {
                    seriesEnd = rule.LastOccurrence(Clock.TokyoLocal(t.Start)) is { } last ? Clock.FromTokyo(last) + (t.End - t.Start) : ScheduleEvent.EndOfTime;
                }
                catch (DomainException ex)
                {
                    Fail("RRULE", $"繰り返し(RRULE)を取り込めません: {ex.Message}");
                }
            }

            DateTimeOffset? recurrenceId = null;
            if (vevent.RecurrenceIdentifier?.StartTime is { } rid)
            {
                recurrenceId = Instant(rid, fixedOffsets, "RECURRENCE-ID", Fail, dateAt: null);
                if (recurrenceId is null)
                {
                    return null;
                }

                if (!ScheduleEvent.IsInRange(Clock.TokyoLocal(recurrenceId.Value)))
                {
                    Fail("RECURRENCE-ID", ScheduleEvent.OutOfRangeMessage);
                    return null;
                }
            }

            var exceptions = new List<DateTimeOffset>();
            foreach (var date in vevent.ExceptionDates.GetAllDates())
            {
                // A date-only EXDATE of a timed series means that day's occurrence.
                if (Instant(date, fixedOffsets, "EXDATE", Fail, dateAt: TimeOnly.FromDateTime(Clock.TokyoLocal(t.Start))) is { } at)
                {
                    if (!ScheduleEvent.IsInRange(Clock.TokyoLocal(at)))
                    {
                        Fail("EXDATE", ScheduleEvent.OutOfRangeMessage);
                        return null;
                    }

                    exceptions.Add(at);
                }
            }

            return new ImportedEvent
            {
                Line = block.Line,
                Uid = uid,
                Title = title,
                Place = place,
                Notes = notes,
                Category = CategoryOf(vevent.Categories),
                Visibility = vevent.Class?.Trim().ToUpperInvariant() is "PRIVATE" or "CONFIDENTIAL" ? EventVisibility.Private : EventVisibility.Public,
                IsAllDay = t.AllDay,
                StartsAt = t.Start,
                EndsAt = t.End,
                Rule = rule,
                SeriesEndsAt = seriesEnd,
                ReminderMinutes = ReminderOf(vevent),
                IsCancelled = string.Equals(vevent.Status?.Trim(), "CANCELLED", StringComparison.OrdinalIgnoreCase),
                RecurrenceId = recurrenceId,
                ExceptionDates = exceptions,
            };
        }

        private static (DateTimeOffset Start, DateTimeOffset End, bool AllDay)? Times(CalendarEvent vevent, IReadOnlyDictionary<string, TimeSpan> fixedOffsets, Action<string, string> fail)
        {
            if (vevent.DtStart is not { } start)
            {
                fail("DTSTART", "開始日時(DTSTART)がないか、読み取れません。");
                return null;
            }

            if (vevent.DtEnd is not null && vevent.Duration is not null)
            {
                fail("DURATION", "DTEND と DURATION の両方が指定されています。どちらか一方にしてください。");
                return null;
            }

            if (!start.HasTime)
            {
                var first = start.Date;
                DateOnly endExclusive;
                if (vevent.DtEnd is { } end)
                {
                    if (end.HasTime)
                    {
                        fail("DTEND", "終日の予定(DTSTART が日付)では、DTEND も日付にしてください。");
                        return null;
                    }

                    endExclusive = end.Date;
                }
                else if (vevent.Duration is { } duration)
                {
                    var span = duration.ToTimeSpanUnspecified();
                    if (span.Ticks % TimeSpan.TicksPerDay != 0)
                    {
                        fail("DURATION", "終日の予定の期間(DURATION)は日数で指定してください。");
                        return null;
                    }

                    endExclusive = first.AddDays((int)Math.Clamp(span.TotalDays, -100_000, 100_000));
                }
                else
                {
                    endExclusive = first.AddDays(1);
                }

                return Checked(Clock.FromTokyo(first), Clock.FromTokyo(endExclusive), allDay: true, fail);
            }

            var from = Instant(start, fixedOffsets, "DTSTART", fail, dateAt: null);
            if (from is null)
            {
                return null;
            }

            DateTimeOffset? to;
            if (vevent.DtEnd is { } dtEnd)
            {
                if (!dtEnd.HasTime)
                {
                    fail("DTEND", "DTSTART が日時のときは、DTEND も日時にしてください。");
                    return null;
                }

                to = Instant(dtEnd, fixedOffsets, "DTEND", fail, dateAt: null);
            }
            else if (vevent.Duration is { } duration)
            {
                var span = duration.ToTimeSpanUnspecified();
                to = span > TimeSpan.FromDays(3650) || span < TimeSpan.FromDays(-3650) ? from.Value + TimeSpan.FromDays(3650) : from.Value + span;
            }
            else
            {
                fail("DTSTART", "終了日時(DTEND または DURATION)がありません。");
                return null;
            }

            return to is null ? null : Checked(Trim(from.Value), Trim(to.Value), allDay: false, fail);
        }

        private static DateTimeOffset Trim(DateTimeOffset value) => Clock.FromTokyo(TrimSeconds(Clock.TokyoLocal(value)));

        private static DateTime TrimSeconds(DateTime value) => new(value.Year, value.Month, value.Day, value.Hour, value.Minute, 0, DateTimeKind.Unspecified);

        private static (DateTimeOffset, DateTimeOffset, bool)? Checked(DateTimeOffset start, DateTimeOffset end, bool allDay, Action<string, string> fail)
        {
            var startLocal = Clock.TokyoLocal(start);
            var endLocal = Clock.TokyoLocal(end);
            if (startLocal.Year < 2000 || endLocal.Year > 2200)
            {
                fail("DTSTART", "日付は2000年から2200年の間にしてください。");
                return null;
            }

            if (end <= start)
            {
                fail("DTEND", "終了日時が開始日時より前か、同じです。");
                return null;
            }

            if (end - start > ScheduleEvent.MaxDuration)
            {
                fail("DTEND", "1つの予定は31日以内にしてください。");
                return null;
            }

            return (start, end, allDay);
        }

        /// <summary>An instant from a date-time in UTC, with a TZID (IANA, Windows, or one the file defines), or floating (read as Tokyo time).</summary>
        private static DateTimeOffset? Instant(CalDateTime value, IReadOnlyDictionary<string, TimeSpan> fixedOffsets, string property, Action<string, string> fail, TimeOnly? dateAt)
        {
            var local = DateTime.SpecifyKind(value.Value, DateTimeKind.Unspecified);
            if (!value.HasTime)
            {
                return Clock.FromTokyo(local.Date + (dateAt ?? TimeOnly.MinValue).ToTimeSpan());
            }

            if (value.IsUtc)
            {
                return new DateTimeOffset(local, TimeSpan.Zero);
            }

            if (value.IsFloating || string.IsNullOrWhiteSpace(value.TzId))
            {
                return Clock.FromTokyo(local);
            }

            var tzid = value.TzId.Trim().Trim('"');
            if (fixedOffsets.TryGetValue(tzid, out var offset))
            {
                return new DateTimeOffset(local, offset).ToUniversalTime();
            }

            if (TimeZoneInfo.TryFindSystemTimeZoneById(tzid, out var zone))
            {
                return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            }

            fail(property, $"タイムゾーン「{tzid}」を解釈できません。Asia/Tokyo などの IANA の名前か UTC で指定してください。");
            return null;
        }

        private static string CategoryOf(IList<string>? categories)
        {
            foreach (var raw in (categories ?? []).SelectMany(c => c.Split(',')).Select(c => c.Trim()))
            {
                var match = EventCategories.All.FirstOrDefault(c =>
                    c == raw
                    || string.Equals(EventCategories.Key(c), raw, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(EventCategories.English(c), raw, StringComparison.OrdinalIgnoreCase));
                if (match is not null)
                {
                    return match;
                }
            }

            return EventCategories.Other;
        }

        /// <summary>The first alarm before the start, when it is one of the reminder choices.</summary>
        private static int? ReminderOf(CalendarEvent vevent)
        {
            foreach (var alarm in vevent.Alarms)
            {
                if (alarm.Trigger is { IsRelative: true, Duration: { } duration } trigger
                    && !string.Equals(trigger.Related, "END", StringComparison.OrdinalIgnoreCase))
                {
                    var minutes = -duration.ToTimeSpanUnspecified().TotalMinutes;
                    var choice = ScheduleService.ReminderChoices.FirstOrDefault(c => Math.Abs(c - minutes) < 0.5);
                    return choice == 0 ? null : choice;
                }
            }

            return null;
        }
    }
}
