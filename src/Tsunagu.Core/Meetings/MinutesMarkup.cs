using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tsunagu.Core.Meetings;

/// <summary>A person the markup can name as 担当: by <c>@login</c>, or by name when they take part in the meeting.</summary>
public sealed record MinutesPerson(int AccountId, string Login, string DisplayName, int? DepartmentId, bool IsParticipant);

/// <summary>A department the markup can name as 担当 (its name, or its full path when the name is not unique).</summary>
public sealed record MinutesDepartment(int Id, string Name, string Path);

/// <summary>What names resolve against, and the meeting's date (a date without a year is the next one on or after it).</summary>
public sealed record MinutesMarkupContext(IReadOnlyList<MinutesPerson> People, IReadOnlyList<MinutesDepartment> Departments, DateOnly MeetingDate)
{
    public static MinutesMarkupContext Empty(DateOnly meetingDate) => new([], [], meetingDate);
}

/// <summary>A 【決定】 line.</summary>
public sealed record MinutesDecisionLine(int Line, string Text);

/// <summary>A 【対応】 line: who (a person or a department), what, by when.</summary>
public sealed record MinutesActionLine(int Line, string AssigneeText, int? AccountId, int? DepartmentId, string AssigneeName, string Content, DateOnly? DueDate);

/// <summary>A line that could not be read, with a Japanese message that says how to write it.</summary>
public sealed record MinutesMarkupError(int Line, string Message);

public sealed record MinutesMarkupResult(IReadOnlyList<MinutesDecisionLine> Decisions, IReadOnlyList<MinutesActionLine> Actions, IReadOnlyList<MinutesMarkupError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads decisions and action items out of the minutes' text. A line that starts (after spaces and a bullet) with
/// 【決定】 is a decision; 【対応】担当 / 内容 / 期限 is an action item (期限 may be left out). 担当 is <c>@login</c>, the
/// name of a participant (spaces ignored; the family name alone when only one participant has it) or a department
/// name. 期限 is 2026-12-04, 2026/12/4, 2026年12月4日, 令和8年12月4日, 12/4 or 12月4日 (the next such day on or after
/// the meeting), optionally with the weekday, which must then be right. Full-width digits, ＠ and ／ are read as their
/// ASCII forms. Whatever cannot be read is an error with its line number: nothing is guessed.
/// </summary>
public static partial class MinutesMarkup
{
    public const string DecisionMarker = "【決定】";
    public const string ActionMarker = "【対応】";

    private const string DateHint = "2026-12-04、12/4、令和8年12月4日 のように書いてください。";

    public static MinutesMarkupResult Parse(string? text, MinutesMarkupContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decisions = new List<MinutesDecisionLine>();
        var actions = new List<MinutesActionLine>();
        var errors = new List<MinutesMarkupError>();
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = StripBullet(lines[i]);
            if (line.StartsWith(DecisionMarker, StringComparison.Ordinal))
            {
                var body = line[DecisionMarker.Length..].Trim();
                if (body.Length == 0)
                {
                    errors.Add(new(number, $"{number}行目：【決定】の後に決定した内容を書いてください。"));
                }
                else
                {
                    decisions.Add(new(number, body));
                }
            }
            else if (line.StartsWith(ActionMarker, StringComparison.Ordinal))
            {
                var (action, error) = ParseAction(number, line[ActionMarker.Length..], context);
                if (action is not null)
                {
                    actions.Add(action);
                }
                else
                {
                    errors.Add(new(number, error!));
                }
            }
        }

        return new(decisions, actions, errors);
    }

    /// <summary>Reads a due date; null with a message when it is not a real date in one of the accepted forms.</summary>
    public static DateOnly? ParseDate(string raw, DateOnly meetingDate, out string? error) => ParseDate(raw, meetingDate, out error, out _);

    /// <summary>As <see cref="ParseDate(string, DateOnly, out string?)"/>; <paramref name="recognized"/> tells that the text has a date's form (a wrong date, not a non-date).</summary>
    public static DateOnly? ParseDate(string raw, DateOnly meetingDate, out string? error, out bool recognized)
    {
        error = null;
        recognized = true;
        var text = Fold(raw);
        var original = raw.Trim();
        DayOfWeek? weekday = null;
        var weekdayMatch = WeekdaySuffix().Match(text);
        if (weekdayMatch.Success)
        {
            var index = "日月火水木金土".IndexOf(weekdayMatch.Groups["w"].Value[0], StringComparison.Ordinal);
            weekday = (DayOfWeek)index;
            text = text[..weekdayMatch.Index].TrimEnd();
        }

        int year;
        int month;
        int day;
        var yearGiven = true;
        Match m;
        if ((m = FullDate().Match(text)).Success)
        {
            year = Int(m.Groups["y"].Value);
            month = Int(m.Groups["m"].Value);
            day = Int(m.Groups["d"].Value);
        }
        else if ((m = ReiwaDate().Match(text)).Success)
        {
            var eraYear = m.Groups["y"].Value == "元" ? 1 : Int(m.Groups["y"].Value);
            if (eraYear < 1)
            {
                error = $"期限「{original}」の年が正しくありません。{DateHint}";
                return null;
            }

            year = 2018 + eraYear;
            month = Int(m.Groups["m"].Value);
            day = Int(m.Groups["d"].Value);
            if (new DateOnly(2019, 5, 1) > SafeDate(year, month, day).GetValueOrDefault(DateOnly.MaxValue))
            {
                error = $"期限「{original}」は令和の始まり（令和元年5月1日）より前です。";
                return null;
            }
        }
        else if ((m = MonthDay().Match(text)).Success)
        {
            yearGiven = false;
            year = meetingDate.Year;
            month = Int(m.Groups["m"].Value);
            day = Int(m.Groups["d"].Value);
        }
        else
        {
            recognized = false;
            error = $"期限「{original}」を日付として読めません。{DateHint}";
            return null;
        }

        if (!yearGiven && (month, day).CompareTo((meetingDate.Month, meetingDate.Day)) < 0)
        {
            // 1/8 written at a meeting in November is next January.
            year++;
        }

        var date = SafeDate(year, month, day);
        if (date is null)
        {
            error = $"期限「{original}」はありえない日付です。";
            return null;
        }

        if (weekday is { } w && date.Value.DayOfWeek != w)
        {
            var actual = "日月火水木金土"[(int)date.Value.DayOfWeek];
            error = $"期限「{original}」の曜日が違います（{date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}は{actual}曜日です）。";
            return null;
        }

        return date;
    }

    /// <summary>Full-width digits, letters, ＠ and ／ as ASCII (NFKC), for names and dates.</summary>
    public static string Fold(string text) => text.Normalize(NormalizationForm.FormKC).Trim();

    private static (MinutesActionLine? Action, string? Error) ParseAction(int number, string body, MinutesMarkupContext context)
    {
        var parts = SplitSlashes(body);
        var prefix = $"{number}行目：";
        if (parts.Count < 2 || parts[0].Length == 0)
        {
            return (null, $"{prefix}【対応】は「担当 / 内容 / 期限」の形で書いてください（例：【対応】@moriya.misaki / 資料の修正 / 2026-12-04）。");
        }

        // A department may be named by its path (総務部/総務課/庶務係): the longest leading parts that are a path are 担当.
        var taken = 1;
        for (var j = Math.Min(parts.Count - 1, 5); j >= 2; j--)
        {
            var path = NoSpaces(Fold(string.Join('/', parts.Take(j))));
            if (context.Departments.Any(d => NoSpaces(Fold(d.Path)) == path))
            {
                taken = j;
                break;
            }
        }

        var who = string.Join('/', parts.Take(taken));
        parts = [who, .. parts.Skip(taken)];
        DateOnly? due = null;
        var contentEnd = parts.Count;
        if (parts.Count >= 3)
        {
            string? lastError = null;
            string? wrongDate = null;
            for (var k = Math.Min(3, parts.Count - 2); k >= 1; k--)
            {
                var candidate = string.Join('/', parts.Skip(parts.Count - k));
                var parsed = ParseDate(candidate, context.MeetingDate, out var error, out var recognized);
                if (parsed is not null)
                {
                    due = parsed;
                    contentEnd = parts.Count - k;
                    break;
                }

                // A date of the right form but wrong (13/1, 2/30, the wrong weekday) says so; else the last part alone.
                wrongDate ??= recognized ? error : null;
                lastError = k == 1 ? error : lastError;
            }

            if (due is null)
            {
                return (null, prefix + (wrongDate ?? lastError));
            }
        }

        var content = string.Join('/', parts.Skip(1).Take(contentEnd - 1)).Trim();
        if (content.Length == 0)
        {
            return (null, $"{prefix}対応する内容を書いてください。");
        }

        var (assignee, assigneeError) = Resolve(parts[0], context);
        if (assignee is null)
        {
            return (null, prefix + assigneeError);
        }

        return (new MinutesActionLine(number, parts[0], assignee.Value.AccountId, assignee.Value.DepartmentId, assignee.Value.Name, content, due), null);
    }

    private static ((int? AccountId, int? DepartmentId, string Name)? Who, string? Error) Resolve(string raw, MinutesMarkupContext context)
    {
        var text = Fold(raw);
        if (text.StartsWith('@'))
        {
            var login = text[1..].Trim().ToLowerInvariant();
            var person = context.People.FirstOrDefault(p => string.Equals(p.Login, login, StringComparison.OrdinalIgnoreCase));
            return person is null
                ? (null, $"担当「{raw}」というログイン名の職員が見つかりません。")
                : ((person.AccountId, person.DepartmentId, person.DisplayName), null);
        }

        var key = NoSpaces(text);
        var participants = context.People.Where(p => p.IsParticipant).ToList();
        var byName = participants.Where(p => NoSpaces(Fold(p.DisplayName)) == key).DistinctBy(p => p.AccountId).ToList();
        if (byName.Count == 0)
        {
            byName = participants.Where(p => FamilyName(p.DisplayName) is { } family && family == key).DistinctBy(p => p.AccountId).ToList();
        }

        var departments = context.Departments.Where(d => NoSpaces(Fold(d.Name)) == key || NoSpaces(Fold(d.Path)) == key).ToList();
        if (byName.Count + departments.Count > 1)
        {
            return (null, $"担当「{raw}」に当てはまる人または課が複数あります。@ログイン名か、課の場合は「部/課」の形で書いてください。");
        }

        if (byName.Count == 1)
        {
            return ((byName[0].AccountId, byName[0].DepartmentId, byName[0].DisplayName), null);
        }

        if (departments.Count == 1)
        {
            return ((null, departments[0].Id, departments[0].Name), null);
        }

        return (null, $"担当「{raw}」が見つかりません。@ログイン名、出席者の氏名、または課の名前で書いてください。");
    }

    private static List<string> SplitSlashes(string body) =>
        body.Split(['/', '／']).Select(p => p.Trim()).ToList();

    private static string StripBullet(string line)
    {
        var trimmed = line.Trim().TrimStart('\u3000').Trim();
        if (trimmed.Length > 1 && trimmed[0] is '・' or '-' or '*' or '●' or '○')
        {
            trimmed = trimmed[1..].Trim().TrimStart('\u3000');
        }

        return trimmed;
    }

    private static string NoSpaces(string text) =>
        string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    private static string? FamilyName(string displayName)
    {
        var folded = Fold(displayName);
        var space = folded.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? folded[..space].ToLowerInvariant() : null;
    }

    private static DateOnly? SafeDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;

    private static int Int(string digits) =>
        digits.Length > 4 ? -1 : int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<y>[0-9]{4})\s*(?:[-/.]\s*(?<m>[0-9]{1,2})\s*[-/.]\s*(?<d>[0-9]{1,2})|年\s*(?<m>[0-9]{1,2})\s*月\s*(?<d>[0-9]{1,2})\s*日)$", RegexOptions.CultureInvariant)]
    private static partial Regex FullDate();

    [GeneratedRegex(@"^(?:令和|R)\s*(?<y>元|[0-9]{1,2})\s*(?:年\s*(?<m>[0-9]{1,2})\s*月\s*(?<d>[0-9]{1,2})\s*日|[./]\s*(?<m>[0-9]{1,2})\s*[./]\s*(?<d>[0-9]{1,2}))$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ReiwaDate();

    [GeneratedRegex(@"^(?<m>[0-9]{1,2})\s*(?:/\s*(?<d>[0-9]{1,2})|月\s*(?<d>[0-9]{1,2})\s*日)$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\(\s*(?<w>[日月火水木金土])(?:曜日?)?\s*\)$", RegexOptions.CultureInvariant)]
    private static partial Regex WeekdaySuffix();
}
