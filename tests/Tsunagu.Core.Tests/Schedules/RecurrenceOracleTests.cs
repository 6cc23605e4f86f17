using System.Globalization;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.Evaluation;
using Tsunagu.Core.Schedules;
using Xunit.Abstractions;
using CalDateTime = Ical.Net.DataTypes.CalDateTime;
using IcalCalendar = Ical.Net.Calendar;
using IcalDuration = Ical.Net.DataTypes.Duration;
using IcalRule = Ical.Net.DataTypes.RecurrenceRule;

namespace Tsunagu.Core.Tests.Schedules;

/// <summary>
/// Random supported rules, expanded by our engine and by Ical.Net 5.2.4, must give the same occurrences.
/// Ical.Net reads our canonical text (the text that goes into .ics files) with DTSTART;TZID=Asia/Tokyo.
///
/// Where Ical.Net departs from RFC 5545 the oracle adjusts, and RecurrenceRuleTests checks the case against the RFC:
/// - A start that the rule would not produce (FREQ=WEEKLY;BYDAY=MO started on a Wednesday) is dropped by Ical.Net,
///   but RFC 5545 3.3.10 says "the DTSTART property value always counts as the first occurrence". For such starts the
///   expected series is the start followed by Ical.Net's expansion with COUNT one lower.
/// - A date-only UNTIL with a timed start is read by Ical.Net as midnight, dropping that day's occurrence. The RFC
///   forbids the mix; we read it as the whole day and always write UNTIL in UTC, so Ical.Net never sees the date form.
/// - A rule that never matches again (BYDAY=1FR with BYMONTHDAY=14..25) makes Ical.Net search to year 9999 or stop
///   with an EvaluationException; such cases are skipped (ours yields only the start, see Daily_RuleThatNeverMatchesAgain).
/// </summary>
public sealed class RecurrenceOracleTests(ITestOutputHelper output)
{
    private const int Cases = 400;

    private const int MinCasesWithOccurrences = 300;

    private static readonly string[] DayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

    private static readonly string[] Frequencies = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"];

    // Date, floating local date-time and UTC: the canonical text Ical.Net reads is always UTC.
    private static readonly string[] UntilFormats = ["yyyyMMdd", "yyyyMMdd'T'HHmmss", "yyyyMMdd'T'HHmmss'Z'"];

    private static readonly TimeSpan[] Durations =
    [
        TimeSpan.Zero, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(8), TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(10),
    ];

    [Fact]
    public void Occurrences_AgreeWithIcalNet_ForRandomRules()
    {
        var random = new Random(20261126);
        var failures = new List<string>();
        int compared = 0, unsynchronised = 0, skipped = 0, nonEmpty = 0;
        var gaveUp = new List<string>();

        while (compared < Cases || nonEmpty < MinCasesWithOccurrences)
        {
            var start = new DateTime(2020, 1, 1).AddDays(random.Next(0, 3650)).AddMinutes(15 * random.Next(0, 96));
            var text = RandomRuleText(random, start);
            var rule = RecurrenceRule.Parse(text);

            // Half of the cases start on a date the rule produces (as calendar programs create them): Ical.Net's
            // first occurrence from a random start is such a date.
            var fromRandomStart = IcalStarts(rule, start, null);
            if (fromRandomStart is null)
            {
                gaveUp.Add(text);
                skipped++;
                continue;
            }

            if (fromRandomStart.Count > 0 && random.Next(2) == 0)
            {
                start = fromRandomStart[0];
            }

            if (rule.Until < start)
            {
                skipped++;
                continue;
            }

            var synchronised = IcalStarts(rule, start, null) is [var first, ..] && first == start;
            var expectedSeries = ExpectedSeries(rule, start, synchronised);
            if (expectedSeries is null)
            {
                skipped++;
                continue;
            }

            if (!synchronised)
            {
                unsynchronised++;
            }

            DateTime? last = rule.Count is not null || rule.Until is not null ? expectedSeries(DateTime.MaxValue).Last() : null;
            if (last is not null && rule.LastOccurrence(start) != last)
            {
                failures.Add($"LastOccurrence {rule} from {start:s}: expected {last:s}, got {rule.LastOccurrence(start):s}");
            }

            // Mostly within the series near its start; a third of the endless ones years later, where the engine skips
            // ahead instead of walking.
            var duration = Durations[random.Next(Durations.Length)];
            var span = (last ?? start.AddDays(random.Next(3) == 0 ? 365 * 6 : 400)) - start;
            var windowStart = start.AddDays(-30) + (span * random.NextDouble()) + TimeSpan.FromDays(30 * random.NextDouble());
            var windowEnd = windowStart.AddDays(random.Next(1, 400));

            var expected = expectedSeries(windowEnd)
                .Where(s => s < windowEnd && (s >= windowStart || s + duration > windowStart))
                .ToList();
            var actual = rule.Occurrences(start, duration, windowStart, windowEnd).ToList();
            compared++;
            nonEmpty += expected.Count > 0 ? 1 : 0;

            if (!actual.SequenceEqual(expected))
            {
                failures.Add(Describe(text, rule, start, duration, windowStart, windowEnd, expected, actual));
            }
        }

        output.WriteLine($"compared {compared} ({nonEmpty} with occurrences in the window, {unsynchronised} with an unsynchronised start); skipped {skipped}");
        output.WriteLine("Ical.Net gave up on: " + string.Join(" | ", gaveUp));
        failures.ShouldBeEmpty(string.Join("\n\n", failures.Take(10)));
        skipped.ShouldBeLessThan(Cases / 4);
    }

    /// <summary>The whole series per RFC 5545, from Ical.Net, as a function of how far it is needed; null when Ical.Net gives up.</summary>
    private static Func<DateTime, IEnumerable<DateTime>>? ExpectedSeries(RecurrenceRule rule, DateTime start, bool synchronised)
    {
        if (synchronised)
        {
            return IcalStarts(rule, start, null) is null ? null : end => IcalStarts(rule, start, end)!;
        }

        // RFC 5545: the start counts as the first occurrence even when the rule would not produce it.
        if (rule.Count == 1)
        {
            return _ => [start];
        }

        var rest = rule.Count is { } count ? rule.WithCount(count - 1) : rule;
        return IcalStarts(rest, start, null) is null ? null : end => IcalStarts(rest, start, end)!.Prepend(start);
    }

    /// <summary>Ical.Net's occurrence starts before <paramref name="end"/> (all when null), or null when it gives up on a rule that never matches.</summary>
    private static List<DateTime>? IcalStarts(RecurrenceRule rule, DateTime start, DateTime? end)
    {
        var calendarEvent = new CalendarEvent
        {
            DtStart = new CalDateTime(start, "Asia/Tokyo"),
            Duration = IcalDuration.FromHours(1),
        };
        calendarEvent.RecurrenceRule = new IcalRule(rule.ToString());
        var calendar = new IcalCalendar();
        calendar.Events.Add(calendarEvent);

        var options = new EvaluationOptions { MaxUnmatchedIncrementsLimit = 5000 };
        try
        {
            var starts = calendarEvent.GetOccurrences(null, options).Select(o => o.Period.StartTime.Value);
            if (end is { } limit)
            {
                return starts.TakeWhile(s => s < limit).ToList();
            }

            // An endless series: the first start only. A bounded one: all of it, to learn that Ical.Net can finish it.
            return rule.Count is null && rule.Until is null ? starts.Take(1).ToList() : starts.ToList();
        }
        catch (EvaluationException)
        {
            return null;
        }
    }

    private static string RandomRuleText(Random random, DateTime start)
    {
        var parts = new List<string>();
        var frequency = random.Next(4);
        parts.Add("FREQ=" + Frequencies[frequency]);

        var interval = random.Next(10) == 0 ? random.Next(5, 100) : random.Next(1, 5);
        switch (frequency)
        {
            case 0:
                if (random.Next(2) == 0)
                {
                    parts.Add("BYDAY=" + string.Join(',', RandomDays(random)));

                    // Every 7th day is always the same weekday; with other days in BYDAY the rule never matches.
                    if (interval % 7 == 0)
                    {
                        interval++;
                    }
                }

                break;
            case 1:
                if (random.Next(5) > 0)
                {
                    parts.Add("BYDAY=" + string.Join(',', RandomDays(random)));
                }

                break;
            case 2:
                switch (random.Next(11))
                {
                    case < 4:
                        parts.Add("BYMONTHDAY=" + string.Join(',', Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomMonthDay(random))));
                        break;
                    case < 7:
                        parts.Add("BYDAY=" + string.Join(',', Enumerable.Range(0, random.Next(1, 3)).Select(_ => RandomOrdinal(random) + DayCodes[random.Next(7)])));
                        break;
                    case 7:
                        parts.Add("BYDAY=" + string.Join(',', RandomDays(random).Take(2)));
                        break;
                    case 8:
                        // RFC 5545's "first Saturday that follows the first Sunday": BYMONTHDAY expands, BYDAY filters.
                        var from = random.Next(1, 23);
                        parts.Add("BYDAY=" + DayCodes[random.Next(7)]);
                        parts.Add("BYMONTHDAY=" + string.Join(',', Enumerable.Range(from, 7)));
                        break;
                    case 9:
                        // An ordinal weekday filtered by month days ("the last Friday, if on or after the 25th").
                        parts.Add("BYDAY=" + RandomOrdinal(random) + DayCodes[random.Next(7)]);
                        parts.Add("BYMONTHDAY=" + string.Join(',', Enumerable.Range(random.Next(1, 20), 12)));
                        break;
                    default:
                        break;
                }

                break;
            default:
                break;
        }

        if (interval > 1 || random.Next(4) == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"INTERVAL={interval}"));
        }

        switch (random.Next(3))
        {
            case 0:
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"COUNT={(random.Next(10) == 0 ? random.Next(100, 1000) : random.Next(1, 40))}"));
                break;
            case 1:
                var until = start.AddDays(random.Next(random.Next(4) == 0 ? 3000 : 500)).AddMinutes(random.Next(-12 * 60, 24 * 60));
                parts.Add("UNTIL=" + until.ToString(
                    UntilFormats[random.Next(UntilFormats.Length)], CultureInfo.InvariantCulture));
                break;
            default:
                break;
        }

        if (random.Next(3) == 0)
        {
            parts.Add("WKST=" + DayCodes[random.Next(7)]);
        }

        // Parts in random order: the parser must not depend on it.
        return string.Join(';', parts.OrderBy(_ => random.Next()));
    }

    private static IEnumerable<string> RandomDays(Random random)
    {
        var chosen = DayCodes.Where(_ => random.Next(3) == 0).ToList();
        return chosen.Count > 0 ? chosen.OrderBy(_ => random.Next()) : [DayCodes[random.Next(7)]];
    }

    private static string RandomMonthDay(Random random) =>
        (random.Next(4) == 0 ? -random.Next(1, 8) : random.Next(1, 32)).ToString(CultureInfo.InvariantCulture);

    private static string RandomOrdinal(Random random) =>
        (random.Next(3) == 0 ? -random.Next(1, 6) : random.Next(1, 6)).ToString(CultureInfo.InvariantCulture);

    private static string Describe(
        string text, RecurrenceRule rule, DateTime start, TimeSpan duration, DateTime windowStart, DateTime windowEnd, List<DateTime> expected, List<DateTime> actual)
    {
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"{text} (canonical {rule}) from {start:s} ({start.DayOfWeek}), duration {duration}, window [{windowStart:s}, {windowEnd:s})");
        message.Append("\n  only Ical.Net: ").AppendJoin(", ", expected.Except(actual).Take(8).Select(d => d.ToString("s", CultureInfo.InvariantCulture)));
        message.Append("\n  only ours:     ").AppendJoin(", ", actual.Except(expected).Take(8).Select(d => d.ToString("s", CultureInfo.InvariantCulture)));
        return message.ToString();
    }
}
