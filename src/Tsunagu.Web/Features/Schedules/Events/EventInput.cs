using System.Globalization;
using Tsunagu.Core;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Web.Features.Schedules.Events;

/// <summary>
/// The event form as posted. Dates, times and numbers stay text so that anything a person (or a script) types comes
/// back as a Japanese message, never as a binding error; <see cref="TryBuildDraft"/> turns it into an
/// <see cref="EventDraft"/>.
/// </summary>
public sealed class EventInput
{
    public const string CommandSave = "save";
    public const string CommandFind = "find";
    public const string CommandAddDepartment = "add-department";

    public const string RepeatNone = "none";
    public const string RepeatDaily = "daily";
    public const string RepeatWeekdays = "weekdays";
    public const string RepeatWeekly = "weekly";
    public const string RepeatMonthlyDate = "monthly-date";
    public const string RepeatMonthlyWeekday = "monthly-weekday";
    public const string RepeatYearly = "yearly";

    /// <summary>An imported rule the form cannot show (e.g. BYMONTHDAY=-1): kept as it is unless another choice is made.</summary>
    public const string RepeatKeep = "keep";

    public static readonly IReadOnlyList<string> RepeatChoices =
        [RepeatNone, RepeatDaily, RepeatWeekdays, RepeatWeekly, RepeatMonthlyDate, RepeatMonthlyWeekday, RepeatYearly];

    public const string EndNever = "never";
    public const string EndCount = "count";
    public const string EndUntil = "until";

    /// <summary>Which button was pressed: save, find (people search) or add-department.</summary>
    public string? Command { get; set; }

    public string Title { get; set; } = "";

    public string Category { get; set; } = EventCategories.Meeting;

    public bool AllDay { get; set; }

    public string StartDate { get; set; } = "";

    public string StartTime { get; set; } = "";

    public string EndDate { get; set; } = "";

    public string EndTime { get; set; } = "";

    public string Place { get; set; } = "";

    public string Notes { get; set; } = "";

    /// <summary>public or private.</summary>
    public string Visibility { get; set; } = "public";

    public string? OrganizerId { get; set; }

    public List<string> AttendeeIds { get; set; } = [];

    public List<string> DepartmentIds { get; set; } = [];

    public List<string> FacilityIds { get; set; } = [];

    /// <summary>Minutes before the start, or empty for no reminder.</summary>
    public string? Reminder { get; set; }

    public string Repeat { get; set; } = RepeatNone;

    public string? RawRule { get; set; }

    public string? Interval { get; set; } = "1";

    /// <summary>1 (Monday) … 7 (Sunday), for weekly rules.</summary>
    public List<string> WeekDays { get; set; } = [];

    public string RepeatEnd { get; set; } = EndNever;

    public string? Count { get; set; }

    public string? Until { get; set; }

    public string? PeopleQuery { get; set; }

    /// <summary>The version of the event when the form was opened (edits only).</summary>
    public string? Version { get; set; }

    public List<int> Attendees => EventFormat.ParseIds(AttendeeIds);

    public List<int> Departments => EventFormat.ParseIds(DepartmentIds);

    public List<int> Facilities => EventFormat.ParseIds(FacilityIds);

    public HashSet<DayOfWeek> Days => EventFormat.ParseIds(WeekDays).Where(d => d is >= 1 and <= 7).Select(d => (DayOfWeek)(d % 7)).ToHashSet();

    public bool IsPrivate => Visibility == "private";

    public int? ExpectedVersion => int.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>
    /// The draft the form describes, or the resource key of what is wrong with the input. The service checks the rest
    /// (length of the title, order of the times, the rule itself) and answers in Japanese.
    /// </summary>
    public string? TryBuildDraft(int organizerId, bool allowRecurrence, out EventDraft draft)
    {
        draft = new EventDraft();
        if (EventFormat.ParseDate(StartDate) is not { } startDay)
        {
            return "Error.StartDate";
        }

        var endDay = string.IsNullOrWhiteSpace(EndDate) ? startDay : EventFormat.ParseDate(EndDate);
        if (endDay is null)
        {
            return "Error.EndDate";
        }

        DateTime start, end;
        if (AllDay)
        {
            start = startDay.ToDateTime(TimeOnly.MinValue);
            end = endDay.Value.ToDateTime(TimeOnly.MinValue);
        }
        else
        {
            if (EventFormat.ParseTime(StartTime) is not { } startTime)
            {
                return "Error.StartTime";
            }

            start = startDay.ToDateTime(startTime);
            if (string.IsNullOrWhiteSpace(EndTime))
            {
                end = start.AddHours(1);
            }
            else if (EventFormat.ParseTime(EndTime) is { } endTime)
            {
                end = endDay.Value.ToDateTime(endTime);
            }
            else
            {
                return "Error.EndTime";
            }
        }

        int? reminder = null;
        if (!string.IsNullOrWhiteSpace(Reminder))
        {
            if (!int.TryParse(Reminder, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || !ScheduleService.ReminderChoices.Contains(minutes))
            {
                return "Error.Reminder";
            }

            reminder = minutes;
        }

        string? rule = null;
        if (allowRecurrence && Repeat != RepeatNone)
        {
            var error = TryBuildRule(start, out rule);
            if (error is not null)
            {
                return error;
            }
        }

        draft = new EventDraft
        {
            Title = Title ?? "",
            Place = Place ?? "",
            Notes = Notes ?? "",
            Category = Category ?? "",
            StartsAt = start,
            EndsAt = end,
            IsAllDay = AllDay,
            Visibility = IsPrivate ? EventVisibility.Private : EventVisibility.Public,
            Recurrence = rule,
            ReminderMinutes = reminder,
            OrganizerId = organizerId,
            AttendeeIds = Attendees,
            DepartmentIds = Departments,
            FacilityIds = Facilities,
        };
        return null;
    }

    /// <summary>The RRULE the recurrence fields describe, built with the rule's own factories (their refusals are Japanese).</summary>
    private string? TryBuildRule(DateTime start, out string? rule)
    {
        rule = null;
        if (Repeat == RepeatKeep)
        {
            rule = RawRule;
            return string.IsNullOrWhiteSpace(rule) ? "Error.Repeat" : null;
        }

        var interval = 1;
        if (!string.IsNullOrWhiteSpace(Interval)
            && (!int.TryParse(Interval, NumberStyles.None, CultureInfo.InvariantCulture, out interval) || interval is < 1 or > RecurrenceRule.MaxInterval))
        {
            return "Error.Interval";
        }

        var built = Repeat switch
        {
            RepeatDaily => RecurrenceRule.Daily(interval),
            RepeatWeekdays => RecurrenceRule.Weekdays(),
            RepeatWeekly => RecurrenceRule.Weekly(Days.Count == 0 ? [start.DayOfWeek] : [.. Days.Order()]).WithInterval(interval),
            RepeatMonthlyDate => RecurrenceRule.MonthlyByDate(start.Day).WithInterval(interval),
            RepeatMonthlyWeekday => RecurrenceRule.MonthlyByWeekday(WeekOfMonth(start), start.DayOfWeek).WithInterval(interval),
            RepeatYearly => RecurrenceRule.Yearly().WithInterval(interval),
            _ => null,
        };
        if (built is null)
        {
            return "Error.Repeat";
        }

        switch (RepeatEnd)
        {
            case EndCount:
                if (!int.TryParse(Count, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > RecurrenceRule.MaxCount)
                {
                    return "Error.Count";
                }

                built = built.WithCount(count);
                break;
            case EndUntil:
                if (EventFormat.ParseDate(Until) is not { } until)
                {
                    return "Error.Until";
                }

                if (until.ToDateTime(TimeOnly.MaxValue) < start)
                {
                    return "Error.UntilBeforeStart";
                }

                built = built.WithUntil(until.ToDateTime(TimeOnly.MinValue));
                break;
        }

        rule = built.ToString();
        return null;
    }

    /// <summary>第n週: 1..4, or -1 (最終) for a day in the month's last seven (the 5th one is not in every month).</summary>
    public static int WeekOfMonth(DateTime day)
    {
        var n = ((day.Day - 1) / 7) + 1;
        return n == 5 ? -1 : n;
    }

    /// <summary>1 (Monday) … 7 (Sunday): the value of a weekday's check box.</summary>
    public static int IsoDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;

    /// <summary>Fills the time fields from instants (all-day events show their last day, which is inclusive).</summary>
    public void SetTimes(DateTimeOffset start, DateTimeOffset end, bool allDay)
    {
        var s = Clock.TokyoLocal(start);
        var e = Clock.TokyoLocal(end);
        AllDay = allDay;
        StartDate = EventFormat.Iso(s);
        StartTime = allDay ? "" : EventFormat.IsoTime(s);
        if (allDay)
        {
            EndDate = EventFormat.Iso(e.AddDays(-1) < s ? s : e.AddDays(-1));
            EndTime = "";
        }
        else
        {
            EndDate = EventFormat.Iso(e);
            EndTime = EventFormat.IsoTime(e);
        }
    }

    /// <summary>Fills the recurrence fields from a stored rule; <paramref name="remainingFrom"/> counts only the occurrences from there on (for "this and following").</summary>
    public void SetRule(string? text, DateTimeOffset seriesStart, TimeSpan duration, DateTimeOffset? remainingFrom = null)
    {
        Repeat = RepeatNone;
        RepeatEnd = EndNever;
        Interval = "1";
        WeekDays = [];
        if (string.IsNullOrWhiteSpace(text) || !RecurrenceRule.TryParse(text, out var rule, out _))
        {
            return;
        }

        var start = Clock.TokyoLocal(seriesStart);
        Interval = rule.Interval.ToString(CultureInfo.InvariantCulture);
        var plainDays = rule.ByDay.All(d => d.Ordinal == 0);
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        Repeat = rule.Frequency switch
        {
            RecurrenceFrequency.Weekly when rule.Interval == 1 && plainDays && rule.ByDay.Select(d => d.Day).Order().SequenceEqual(weekdays.Order()) => RepeatWeekdays,
            RecurrenceFrequency.Daily when rule.ByDay.Count == 0 && rule.ByMonthDay.Count == 0 => RepeatDaily,
            RecurrenceFrequency.Weekly when plainDays && rule.ByMonthDay.Count == 0 => RepeatWeekly,
            RecurrenceFrequency.Monthly when rule.ByDay.Count == 0 && (rule.ByMonthDay.Count == 0 || rule.ByMonthDay is [var d] && d == start.Day) => RepeatMonthlyDate,
            RecurrenceFrequency.Monthly when rule.ByMonthDay.Count == 0 && rule.ByDay is [var w] && w.Day == start.DayOfWeek && w.Ordinal == WeekOfMonth(start) => RepeatMonthlyWeekday,
            RecurrenceFrequency.Yearly when rule.ByDay.Count == 0 && rule.ByMonthDay.Count == 0 => RepeatYearly,
            _ => RepeatKeep,
        };
        if (rule.WeekStart != DayOfWeek.Monday && rule.Interval > 1 && Repeat == RepeatWeekly)
        {
            Repeat = RepeatKeep;
        }

        if (Repeat == RepeatKeep)
        {
            RawRule = rule.ToString();
        }

        if (Repeat == RepeatWeekly)
        {
            var days = rule.ByDay.Count == 0 ? [start.DayOfWeek] : rule.ByDay.Select(d => d.Day);
            WeekDays = days.Select(d => IsoDay(d).ToString(CultureInfo.InvariantCulture)).ToList();
        }

        if (rule.Count is { } count)
        {
            RepeatEnd = EndCount;
            if (remainingFrom is { } from && from > seriesStart)
            {
                var local = Clock.TokyoLocal(from);
                count = rule.Occurrences(start, duration, local, local.AddYears(200)).Count(o => o >= local);
                if (Repeat == RepeatKeep)
                {
                    RawRule = rule.WithCount(Math.Max(1, count)).ToString();
                }
            }

            Count = Math.Max(1, count).ToString(CultureInfo.InvariantCulture);
        }
        else if (rule.Until is { } until)
        {
            RepeatEnd = EndUntil;
            Until = EventFormat.Iso(until);
        }
    }
}
