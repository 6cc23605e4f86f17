using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Tsunagu.Core.Schedules;

public enum RecurrenceFrequency
{
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// <summary>A BYDAY entry: every <see cref="Day"/> (ordinal 0), or in MONTHLY rules the nth (1..5) or nth-last (-1..-5) one.</summary>
public readonly record struct WeekdayRule(DayOfWeek Day, int Ordinal = 0);

/// <summary>
/// The subset of RFC 5545 RRULE that schedules use. All date-times are Tokyo wall-clock time (Kind Unspecified);
/// Tokyo has no daylight saving time, so a fixed +9h converts UTC values.
/// The series always starts with its own start, which counts towards COUNT (RFC 5545 3.3.10), and later
/// occurrences keep its time of day.
/// </summary>
public sealed partial record RecurrenceRule
{
    public const string ErrorCode = "schedule.invalid-recurrence";

    public const int MaxInterval = 99;
    public const int MaxCount = 999;

    /// <summary>
    /// A rule such as DAILY;INTERVAL=7;BYDAY=TU started on a Monday never matches again; stop looking after this many
    /// periods in a row without an occurrence instead of walking to year 9999.
    /// </summary>
    private const int MaxEmptyPeriods = 1000;

    /// <summary>Upper bound on the periods one query walks (273 years of a daily rule), so a huge window cannot run away.</summary>
    private const int MaxPeriodsPerQuery = 100_000;

    private static readonly TimeSpan TokyoOffset = TimeSpan.FromHours(9);

    private static readonly string[] DayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    private static readonly WeekdayRule[] MondayToFriday =
    [
        new(DayOfWeek.Monday), new(DayOfWeek.Tuesday), new(DayOfWeek.Wednesday), new(DayOfWeek.Thursday), new(DayOfWeek.Friday),
    ];

    private readonly IReadOnlyList<WeekdayRule> _byDay = [];
    private readonly IReadOnlyList<int> _byMonthDay = [];
    private readonly DateTime? _until;

    public RecurrenceFrequency Frequency { get; init; }

    public int Interval { get; init; } = 1;

    /// <summary>Kept sorted and without duplicates so that equal rules have equal text.</summary>
    public IReadOnlyList<WeekdayRule> ByDay
    {
        get => _byDay;
        init => _byDay = (value ?? []).Distinct().OrderBy(OrdinalSortKey).ThenBy(r => DaySortKey(r.Day)).ToArray();
    }

    /// <summary>Kept sorted (1..31, then -31..-1) and without duplicates.</summary>
    public IReadOnlyList<int> ByMonthDay
    {
        get => _byMonthDay;
        init => _byMonthDay = (value ?? []).Distinct().OrderBy(d => d < 0).ThenBy(d => d).ToArray();
    }

    public int? Count { get; init; }

    /// <summary>Tokyo local time, inclusive, whole seconds (the resolution of the RRULE text).</summary>
    public DateTime? Until
    {
        get => _until;
        init => _until = value is { } v ? TruncateToSeconds(v) : null;
    }

    /// <summary>WKST; only matters for WEEKLY rules with INTERVAL &gt; 1 and several days.</summary>
    public DayOfWeek WeekStart { get; init; } = DayOfWeek.Monday;

    public bool Equals(RecurrenceRule? other) =>
        other is not null
        && Frequency == other.Frequency
        && Interval == other.Interval
        && ByDay.SequenceEqual(other.ByDay)
        && ByMonthDay.SequenceEqual(other.ByMonthDay)
        && Count == other.Count
        && Until == other.Until
        && WeekStart == other.WeekStart;

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    // ---- factories used by the UI ----

    public static RecurrenceRule Daily(int interval = 1) =>
        Checked(new RecurrenceRule { Frequency = RecurrenceFrequency.Daily, Interval = interval });

    /// <summary>Monday to Friday, as calendar programs write it: FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR.</summary>
    public static RecurrenceRule Weekdays() =>
        new() { Frequency = RecurrenceFrequency.Weekly, ByDay = MondayToFriday };

    /// <summary>No days means the weekday of the series start.</summary>
    public static RecurrenceRule Weekly(params DayOfWeek[] days) =>
        Checked(new RecurrenceRule { Frequency = RecurrenceFrequency.Weekly, ByDay = (days ?? []).Select(d => new WeekdayRule(d)).ToArray() });

    /// <summary>Day 1..31, or -1 (last day) .. -31. Months without that day are skipped, as RFC 5545 requires.</summary>
    public static RecurrenceRule MonthlyByDate(int day) =>
        Checked(new RecurrenceRule { Frequency = RecurrenceFrequency.Monthly, ByMonthDay = [day] });

    /// <summary>The nth (1..5) or nth-last (-1..-5) given weekday of each month.</summary>
    public static RecurrenceRule MonthlyByWeekday(int ordinal, DayOfWeek day)
    {
        if (ordinal == 0)
        {
            throw Invalid("第何週かを 1〜5 または -1〜-5 で指定してください。");
        }

        return Checked(new RecurrenceRule { Frequency = RecurrenceFrequency.Monthly, ByDay = [new WeekdayRule(day, ordinal)] });
    }

    public static RecurrenceRule Yearly() => new() { Frequency = RecurrenceFrequency.Yearly };

    public RecurrenceRule WithInterval(int interval) => Checked(this with { Interval = interval });

    public RecurrenceRule WithCount(int count) => Checked(this with { Count = count, Until = null });

    /// <summary>
    /// Ends the series at <paramref name="untilLocal"/> inclusive. A value at exactly 00:00 is a date from a date picker
    /// and means "through that day"; null makes the series endless (no COUNT either).
    /// </summary>
    public RecurrenceRule WithUntil(DateTime? untilLocal) => untilLocal switch
    {
        null => this with { Count = null, Until = null },
        { TimeOfDay.Ticks: 0 } date => Checked(this with { Count = null, Until = EndOfDay(date) }),
        { } exact => Checked(this with { Count = null, Until = exact }),
    };

    // ---- text ----

    public static bool TryParse(string? text, [NotNullWhen(true)] out RecurrenceRule? rule, [NotNullWhen(false)] out string? error)
    {
        rule = null;
        error = ParseCore(text, out var parsed) ?? parsed!.Validate();
        if (error is not null)
        {
            return false;
        }

        rule = parsed!;
        return true;
    }

    /// <exception cref="DomainException">The text is not a supported RRULE; the message says why, in Japanese.</exception>
    public static RecurrenceRule Parse(string text) =>
        TryParse(text, out var rule, out var error) ? rule : throw new DomainException(ErrorCode, error);

    /// <summary>
    /// Canonical RRULE text without the "RRULE:" prefix: FREQ, INTERVAL (if &gt; 1), BYDAY, BYMONTHDAY, COUNT or UNTIL, WKST
    /// (if not MO). UNTIL is always written in UTC with Z: RFC 5545 requires that form when DTSTART carries a TZID,
    /// which is how .ics feeds write Tokyo times; a date-only UNTIL would also be read as midnight by Ical.Net.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder("FREQ=").Append(Frequency.ToString().ToUpperInvariant());
        if (Interval != 1)
        {
            text.Append(";INTERVAL=").Append(Interval.ToString(CultureInfo.InvariantCulture));
        }

        if (ByDay.Count > 0)
        {
            text.Append(";BYDAY=").AppendJoin(',', ByDay.Select(FormatDay));
        }

        if (ByMonthDay.Count > 0)
        {
            text.Append(";BYMONTHDAY=").AppendJoin(',', ByMonthDay.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        }

        if (Count is { } count)
        {
            text.Append(";COUNT=").Append(count.ToString(CultureInfo.InvariantCulture));
        }

        if (Until is { } until)
        {
            text.Append(";UNTIL=").Append((until - TokyoOffset).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        }

        if (WeekStart != DayOfWeek.Monday)
        {
            text.Append(";WKST=").Append(DayCodes[(int)WeekStart]);
        }

        return text.ToString();
    }

    private static string FormatDay(WeekdayRule rule) =>
        rule.Ordinal == 0 ? DayCodes[(int)rule.Day] : rule.Ordinal.ToString(CultureInfo.InvariantCulture) + DayCodes[(int)rule.Day];

    private static string? ParseCore(string? text, out RecurrenceRule? rule)
    {
        rule = null;
        var body = text?.Trim() ?? "";
        if (body.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase))
        {
            body = body["RRULE:".Length..];
        }

        if (body.Length == 0)
        {
            return "繰り返しの規則が空です。";
        }

        RecurrenceFrequency? frequency = null;
        int? interval = null, count = null;
        DateTime? until = null;
        WeekdayRule[]? byDay = null;
        int[]? byMonthDay = null;
        DayOfWeek? weekStart = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var part in body.Split(';'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return $"「{part}」を解釈できません。「名前=値」の形で指定してください。";
            }

            var name = part[..equals].Trim().ToUpperInvariant();
            var value = part[(equals + 1)..].Trim();
            if (!seen.Add(name))
            {
                return $"{name} が2回指定されています。";
            }

            string? error;
            switch (name)
            {
                case "FREQ":
                    error = ParseFrequency(value, out var f);
                    frequency = f;
                    break;
                case "INTERVAL":
                    error = ParseBounded(value, 1, MaxInterval, out var i) ? null : $"INTERVAL は 1〜{MaxInterval} の整数で指定してください。";
                    interval = i;
                    break;
                case "COUNT":
                    error = ParseBounded(value, 1, MaxCount, out var c) ? null : $"COUNT は 1〜{MaxCount} の整数で指定してください。";
                    count = c;
                    break;
                case "UNTIL":
                    error = ParseUntil(value, out until);
                    break;
                case "BYDAY":
                    error = ParseByDay(value, out byDay);
                    break;
                case "BYMONTHDAY":
                    error = ParseByMonthDay(value, out byMonthDay);
                    break;
                case "WKST":
                    error = ParseDayCode(value, out var wkst) ? null : "WKST は MO・TU・WE・TH・FR・SA・SU のいずれかで指定してください。";
                    weekStart = wkst;
                    break;
                default:
                    error = $"{name} には対応していません。使える項目は FREQ・INTERVAL・BYDAY・BYMONTHDAY・COUNT・UNTIL・WKST です。";
                    break;
            }

            if (error is not null)
            {
                return error;
            }
        }

        if (frequency is not { } freq)
        {
            return "FREQ(繰り返しの単位)がありません。";
        }

        rule = new RecurrenceRule
        {
            Frequency = freq,
            Interval = interval ?? 1,
            Count = count,
            Until = until,
            ByDay = byDay ?? [],
            ByMonthDay = byMonthDay ?? [],
            WeekStart = weekStart ?? DayOfWeek.Monday,
        };
        return null;
    }

    private static string? ParseFrequency(string value, out RecurrenceFrequency frequency)
    {
        frequency = default;
        switch (value.ToUpperInvariant())
        {
            case "DAILY": frequency = RecurrenceFrequency.Daily; return null;
            case "WEEKLY": frequency = RecurrenceFrequency.Weekly; return null;
            case "MONTHLY": frequency = RecurrenceFrequency.Monthly; return null;
            case "YEARLY": frequency = RecurrenceFrequency.Yearly; return null;
            default: return $"FREQ={value} には対応していません。DAILY・WEEKLY・MONTHLY・YEARLY のいずれかを指定してください。";
        }
    }

    private static bool ParseBounded(string value, int min, int max, out int number) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= min && number <= max;

    private static string? ParseUntil(string value, out DateTime? until)
    {
        until = null;
        var utc = value.EndsWith('Z') || value.EndsWith('z');
        var core = utc ? value[..^1] : value;
        if (!utc && DateTime.TryParseExact(core, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            until = EndOfDay(date);
            return null;
        }

        if (DateTime.TryParseExact(core.ToUpperInvariant(), "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime)
            && (!utc || dateTime <= DateTime.MaxValue - TokyoOffset))
        {
            until = utc ? dateTime + TokyoOffset : dateTime;
            return null;
        }

        return $"UNTIL「{value}」を解釈できません。日付(YYYYMMDD)または日時(YYYYMMDDTHHMMSS、UTC なら末尾に Z)で指定してください。";
    }

    private static string? ParseByDay(string value, out WeekdayRule[]? rules)
    {
        rules = null;
        var items = value.Split(',');
        var parsed = new WeekdayRule[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i].Trim();
            var hint = $"BYDAY の「{item}」を解釈できません。MO・TU・WE・TH・FR・SA・SU(毎月の繰り返しでは 2TU や -1FR のような第何週付き)で指定してください。";
            if (item.Length < 2 || !ParseDayCode(item[^2..], out var day))
            {
                return hint;
            }

            var ordinal = 0;
            var prefix = item[..^2];
            if (prefix.Length > 0)
            {
                if (!int.TryParse(prefix, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ordinal))
                {
                    return hint;
                }

                if (ordinal is 0 or > 5 or < -5)
                {
                    return $"BYDAY の「{item}」: 第何週は 1〜5 または -1〜-5 で指定してください。";
                }
            }

            parsed[i] = new WeekdayRule(day, ordinal);
        }

        rules = parsed;
        return null;
    }

    private static string? ParseByMonthDay(string value, out int[]? days)
    {
        days = null;
        var items = value.Split(',');
        var parsed = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out parsed[i])
                || parsed[i] is 0 or > 31 or < -31)
            {
                return $"BYMONTHDAY の「{items[i].Trim()}」を解釈できません。1〜31、または月末から数えて -1〜-31 で指定してください。";
            }
        }

        days = parsed;
        return null;
    }

    private static bool ParseDayCode(string code, out DayOfWeek day)
    {
        var index = Array.IndexOf(DayCodes, code.ToUpperInvariant());
        day = index < 0 ? default : (DayOfWeek)index;
        return index >= 0;
    }

    /// <summary>Rules of one property are checked as they are read; this checks how they combine.</summary>
    private string? Validate()
    {
        if (Interval is < 1 or > MaxInterval)
        {
            return $"INTERVAL は 1〜{MaxInterval} の整数で指定してください。";
        }

        if (Count is < 1 or > MaxCount)
        {
            return $"COUNT は 1〜{MaxCount} の整数で指定してください。";
        }

        if (Count is not null && Until is not null)
        {
            return "COUNT と UNTIL は同時に指定できません。";
        }

        if (!Enum.IsDefined(Frequency) || !Enum.IsDefined(WeekStart) || ByDay.Any(r => !Enum.IsDefined(r.Day)))
        {
            return "繰り返しの単位または曜日が正しくありません。";
        }

        if (ByDay.Count > 0 && Frequency == RecurrenceFrequency.Yearly)
        {
            return "毎年の繰り返し(FREQ=YEARLY)では BYDAY を使えません。";
        }

        if (ByDay.FirstOrDefault(r => r.Ordinal != 0) is { Ordinal: not 0 } ordinal)
        {
            if (Frequency != RecurrenceFrequency.Monthly)
            {
                return $"BYDAY の「{FormatDay(ordinal)}」: 第何週付きの曜日は毎月の繰り返し(FREQ=MONTHLY)でだけ使えます。";
            }

            if (ByDay.FirstOrDefault(r => r.Ordinal is > 5 or < -5) is { Ordinal: not 0 } outOfRange)
            {
                return $"BYDAY の「{FormatDay(outOfRange)}」: 第何週は 1〜5 または -1〜-5 で指定してください。";
            }
        }

        if (ByMonthDay.Count > 0)
        {
            if (Frequency != RecurrenceFrequency.Monthly)
            {
                return "BYMONTHDAY は毎月の繰り返し(FREQ=MONTHLY)でだけ使えます。";
            }

            if (ByMonthDay.Any(d => d is 0 or > 31 or < -31))
            {
                return "BYMONTHDAY は 1〜31、または月末から数えて -1〜-31 で指定してください。";
            }
        }

        return null;
    }

    private string? ValidateFor(DateTime seriesStart) =>
        Validate() ?? (Until < seriesStart ? "繰り返しの終了日時(UNTIL)が開始日時より前です。" : null);

    /// <exception cref="DomainException">The rule is inconsistent, or ends before <paramref name="seriesStart"/>.</exception>
    public void EnsureValidFor(DateTime seriesStart)
    {
        if (ValidateFor(seriesStart) is { } error)
        {
            throw Invalid(error);
        }
    }

    private static RecurrenceRule Checked(RecurrenceRule rule) =>
        rule.Validate() is { } error ? throw Invalid(error) : rule;

    private static DomainException Invalid(string message) => new(ErrorCode, message);

    // ---- expansion ----

    /// <summary>
    /// Occurrence starts, in order, whose [start, start + duration) overlaps [windowStart, windowEnd); a zero-length
    /// occurrence counts when windowStart &lt;= start &lt; windowEnd. Without COUNT the walk starts near the window, so
    /// a window years after the series start costs the same as one at the start.
    /// </summary>
    /// <exception cref="DomainException">The rule ends before the series start.</exception>
    public IEnumerable<DateTime> Occurrences(DateTime seriesStart, TimeSpan duration, DateTime windowStart, DateTime windowEnd)
    {
        RequireWallClock(seriesStart, nameof(seriesStart));
        RequireWallClock(windowStart, nameof(windowStart));
        RequireWallClock(windowEnd, nameof(windowEnd));
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        EnsureValidFor(seriesStart);
        if (windowEnd <= windowStart)
        {
            return [];
        }

        var earliest = windowStart - DateTime.MinValue > duration ? windowStart - duration : DateTime.MinValue;
        return Overlapping(Starts(seriesStart, earliest), duration, windowStart, windowEnd);
    }

    private static IEnumerable<DateTime> Overlapping(IEnumerable<DateTime> starts, TimeSpan duration, DateTime windowStart, DateTime windowEnd)
    {
        foreach (var start in starts)
        {
            if (start >= windowEnd)
            {
                yield break;
            }

            if (start >= windowStart || start + duration > windowStart)
            {
                yield return start;
            }
        }
    }

    /// <summary>Start of the last occurrence, or null when the series is endless.</summary>
    public DateTime? LastOccurrence(DateTime seriesStart)
    {
        RequireWallClock(seriesStart, nameof(seriesStart));
        EnsureValidFor(seriesStart);
        if (Count is not null)
        {
            return Starts(seriesStart, null).Last();
        }

        if (Until is not { } until)
        {
            return null;
        }

        // Walk back from UNTIL instead of forward from the start: a daily series until 2099 stays cheap.
        var startDate = DateOnly.FromDateTime(seriesStart);
        var buffer = new List<DateOnly>(31);
        var last = PeriodIndex(startDate, DateOnly.FromDateTime(until));
        for (var n = last; n >= 0 && last - n < MaxEmptyPeriods; n--)
        {
            FillPeriod(n, startDate, buffer);
            for (var i = buffer.Count - 1; i >= 0; i--)
            {
                var at = buffer[i].ToDateTime(TimeOnly.FromTimeSpan(seriesStart.TimeOfDay));
                if (at > seriesStart && at <= until)
                {
                    return at;
                }
            }
        }

        return seriesStart;
    }

    /// <summary>
    /// The same rule ending just before <paramref name="occurrenceStart"/>, for "this and following" edits:
    /// COUNT becomes the number of earlier occurrences, otherwise UNTIL becomes one second before it.
    /// </summary>
    /// <exception cref="DomainException"><paramref name="occurrenceStart"/> is not after the series start.</exception>
    public RecurrenceRule EndingBefore(DateTime seriesStart, DateTime occurrenceStart)
    {
        RequireWallClock(seriesStart, nameof(seriesStart));
        RequireWallClock(occurrenceStart, nameof(occurrenceStart));
        EnsureValidFor(seriesStart);
        if (occurrenceStart <= seriesStart)
        {
            throw Invalid("最初の回より前で繰り返しを終わらせることはできません。2回目以降の回を指定してください。");
        }

        if (Count is not null)
        {
            return this with { Count = Starts(seriesStart, null).Count(s => s < occurrenceStart) };
        }

        var until = TruncateToSeconds(occurrenceStart.AddSeconds(-1));
        return this with { Until = Until < until ? Until : until };
    }

    /// <summary>
    /// Every start of the series in order: the series start, then the rule's dates after it, up to COUNT or UNTIL.
    /// With <paramref name="skipTo"/> and no COUNT the walk may begin at the period just before it (starts before
    /// skipTo can still come out; callers filter).
    /// </summary>
    private IEnumerable<DateTime> Starts(DateTime seriesStart, DateTime? skipTo)
    {
        seriesStart = DateTime.SpecifyKind(seriesStart, DateTimeKind.Unspecified);
        var startDate = DateOnly.FromDateTime(seriesStart);
        var time = TimeOnly.FromTimeSpan(seriesStart.TimeOfDay);
        long first = 0;
        if (skipTo is { } target && Count is null && target > seriesStart)
        {
            first = Math.Max(0, PeriodIndex(startDate, DateOnly.FromDateTime(target)) - 1);
        }

        var produced = 0;
        if (first == 0)
        {
            yield return seriesStart;
            produced++;
        }

        var buffer = new List<DateOnly>(31);
        var emptyPeriods = 0;
        for (var n = first; n - first < MaxPeriodsPerQuery && emptyPeriods < MaxEmptyPeriods; n++)
        {
            if (Count is { } count && produced >= count)
            {
                yield break;
            }

            if (!FillPeriod(n, startDate, buffer))
            {
                yield break;
            }

            emptyPeriods++;
            foreach (var date in buffer)
            {
                var at = date.ToDateTime(time);
                if (at <= seriesStart)
                {
                    continue;
                }

                if (at > Until)
                {
                    yield break;
                }

                emptyPeriods = 0;
                yield return at;
                if (++produced == Count)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>Index of the period (day, week, month or year, times INTERVAL) that contains <paramref name="date"/>.</summary>
    private long PeriodIndex(DateOnly startDate, DateOnly date)
    {
        long units = Frequency switch
        {
            RecurrenceFrequency.Daily => date.DayNumber - startDate.DayNumber,
            RecurrenceFrequency.Weekly => (date.DayNumber - WeekStartDayNumber(startDate)) / 7,
            RecurrenceFrequency.Monthly => MonthNumber(date) - MonthNumber(startDate),
            _ => date.Year - startDate.Year,
        };
        return units < 0 ? 0 : units / Interval;
    }

    /// <summary>Fills <paramref name="dates"/> with period n's candidate dates in order; false past the end of the calendar.</summary>
    private bool FillPeriod(long n, DateOnly startDate, List<DateOnly> dates)
    {
        dates.Clear();
        switch (Frequency)
        {
            case RecurrenceFrequency.Daily:
            {
                var dayNumber = startDate.DayNumber + (n * Interval);
                if (dayNumber > DateOnly.MaxValue.DayNumber)
                {
                    return false;
                }

                var day = DateOnly.FromDayNumber((int)dayNumber);
                if (ByDay.Count == 0 || ByDay.Any(r => r.Day == day.DayOfWeek))
                {
                    dates.Add(day);
                }

                return true;
            }

            case RecurrenceFrequency.Weekly:
            {
                var weekStart = WeekStartDayNumber(startDate) + (7L * Interval * n);
                if (weekStart > DateOnly.MaxValue.DayNumber)
                {
                    return false;
                }

                for (var i = 0; i < 7 && weekStart + i <= DateOnly.MaxValue.DayNumber; i++)
                {
                    var day = DateOnly.FromDayNumber((int)(weekStart + i));
                    if (ByDay.Count == 0 ? day.DayOfWeek == startDate.DayOfWeek : ByDay.Any(r => r.Day == day.DayOfWeek))
                    {
                        dates.Add(day);
                    }
                }

                return true;
            }

            case RecurrenceFrequency.Monthly:
            {
                var month = MonthNumber(startDate) + (n * Interval);
                if (month / 12 > DateOnly.MaxValue.Year)
                {
                    return false;
                }

                FillMonth((int)(month / 12), (int)(month % 12) + 1, startDate.Day, dates);
                return true;
            }

            default:
            {
                var year = startDate.Year + (n * Interval);
                if (year > DateOnly.MaxValue.Year)
                {
                    return false;
                }

                // A series started on 29 February recurs only in leap years (RFC 5545: invalid dates are ignored).
                if (startDate.Day <= DateTime.DaysInMonth((int)year, startDate.Month))
                {
                    dates.Add(new DateOnly((int)year, startDate.Month, startDate.Day));
                }

                return true;
            }
        }
    }

    private void FillMonth(int year, int month, int startDay, List<DateOnly> dates)
    {
        var length = DateTime.DaysInMonth(year, month);
        if (ByMonthDay.Count > 0)
        {
            // BYMONTHDAY expands; BYDAY, if also present, only filters (RFC 5545 3.3.10, the BYxxx table).
            foreach (var monthDay in ByMonthDay)
            {
                var day = monthDay > 0 ? monthDay : length + 1 + monthDay;
                if (day >= 1 && day <= length && (ByDay.Count == 0 || MatchesByDay(new DateOnly(year, month, day), length)))
                {
                    dates.Add(new DateOnly(year, month, day));
                }
            }

            dates.Sort();
            for (var i = dates.Count - 1; i > 0; i--)
            {
                if (dates[i] == dates[i - 1])
                {
                    dates.RemoveAt(i);
                }
            }
        }
        else if (ByDay.Count > 0)
        {
            for (var day = 1; day <= length; day++)
            {
                if (MatchesByDay(new DateOnly(year, month, day), length))
                {
                    dates.Add(new DateOnly(year, month, day));
                }
            }
        }
        else if (startDay <= length)
        {
            // The 31st of a 30-day month does not exist and is skipped, not moved.
            dates.Add(new DateOnly(year, month, startDay));
        }
    }

    private bool MatchesByDay(DateOnly date, int monthLength)
    {
        foreach (var rule in ByDay)
        {
            if (rule.Day != date.DayOfWeek)
            {
                continue;
            }

            if (rule.Ordinal == 0
                || (rule.Ordinal > 0 && ((date.Day - 1) / 7) + 1 == rule.Ordinal)
                || (rule.Ordinal < 0 && ((monthLength - date.Day) / 7) + 1 == -rule.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private int WeekStartDayNumber(DateOnly date) =>
        date.DayNumber - (((int)date.DayOfWeek - (int)WeekStart + 7) % 7);

    private static long MonthNumber(DateOnly date) => (date.Year * 12L) + date.Month - 1;

    private static void RequireWallClock(DateTime value, string name)
    {
        if (value.Kind == DateTimeKind.Utc)
        {
            throw new ArgumentException("Pass Tokyo wall-clock time (Kind Unspecified), not UTC.", name);
        }
    }

    private static DateTime TruncateToSeconds(DateTime value) =>
        DateTime.SpecifyKind(new DateTime(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond)), DateTimeKind.Unspecified);

    private static DateTime EndOfDay(DateTime date) => date.Date + new TimeSpan(23, 59, 59);

    private static int DaySortKey(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>Plain days first, then 1..5, then -5..-1.</summary>
    private static int OrdinalSortKey(WeekdayRule rule) => rule.Ordinal >= 0 ? rule.Ordinal : 16 + rule.Ordinal;
}
