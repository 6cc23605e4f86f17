using System.Globalization;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Meetings;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Meetings;

/// <summary>What the meeting pages and endpoints share: the actor, addresses, dates and the one-time message of a refused post.</summary>
public static class MeetingWeb
{
    public static readonly FlashMessage Flash = new("tsunagu-meeting-flash", "/meetings");

    /// <summary>The <c>done</c> values the pages turn into a message (anything else is ignored).</summary>
    public static readonly IReadOnlySet<string> Notices = new HashSet<string>(StringComparer.Ordinal)
    {
        "created", "saved", "cancelled", "agenda", "uploaded", "removed", "attendance", "generated",
    };

    private static readonly CultureInfo JapaneseEra = CreateEra();

    private static CultureInfo CreateEra()
    {
        var c = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        c.DateTimeFormat.Calendar = new JapaneseCalendar();
        return c;
    }

    public static Task<MeetingActor> ActorAsync(AppDbContext db, CurrentUser me, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(http);
        return MeetingActor.ForAccountAsync(db, me.RequiredId, CurrentUser.ActorOf(http), cancellationToken);
    }

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Href(int meetingId, string? done = null) => done is null ? $"/meetings/{Id(meetingId)}" : $"/meetings/{Id(meetingId)}?done={done}";

    public static string BodyHref(int bodyId, string? done = null) => done is null ? $"/meetings/bodies/{Id(bodyId)}" : $"/meetings/bodies/{Id(bodyId)}?done={done}";

    /// <summary>令和8年4月6日(月) 10:00〜11:00, in the ja-JP culture whatever the UI language (as the schedule pages do for 和暦).</summary>
    public static string When(DateTimeOffset starts, DateTimeOffset ends)
    {
        var s = Clock.ToTokyo(starts);
        var e = Clock.ToTokyo(ends);
        var day = s.ToString("ggy年M月d日(ddd)", JapaneseEra);
        return s.Date == e.Date
            ? $"{day} {s.ToString("H:mm", CultureInfo.InvariantCulture)}〜{e.ToString("H:mm", CultureInfo.InvariantCulture)}"
            : $"{day} {s.ToString("H:mm", CultureInfo.InvariantCulture)}〜{e.ToString("ggy年M月d日(ddd) H:mm", JapaneseEra)}";
    }

    public static string Day(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).ToString("ggy年M月d日(ddd)", JapaneseEra);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes.ToString(CultureInfo.InvariantCulture)} B",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        _ => $"{(bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} MB",
    };

    public static bool TryParseId(string? text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    /// <summary>A Tokyo wall-clock time from date and time inputs (2026-04-06, 10:00).</summary>
    public static bool TryParseLocal(string? date, string? time, out DateTimeOffset value)
    {
        value = default;
        if (DateOnly.TryParseExact((date ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            && TimeOnly.TryParseExact((time ?? "").Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            && d.Year is >= 2000 and <= 2098)
        {
            value = Clock.FromTokyo(d.ToDateTime(t));
            return true;
        }

        return false;
    }

    public static string DateInput(DateTimeOffset at) => Clock.TokyoLocal(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string TimeInput(DateTimeOffset at) => Clock.TokyoLocal(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string AttendanceKey(AttendanceState state) => state switch
    {
        AttendanceState.Present => "present",
        AttendanceState.Absent => "absent",
        _ => "unknown",
    };

    public static AttendanceState? ParseAttendance(string? value) => value switch
    {
        "present" => AttendanceState.Present,
        "absent" => AttendanceState.Absent,
        "unknown" => AttendanceState.Unknown,
        _ => null,
    };
}
