using System.Globalization;
using Microsoft.Extensions.Localization;
using Tsunagu.Core.Meetings;
using Tsunagu.Web.Resources;

namespace Tsunagu.Web.Features.Meetings;

/// <summary>A cadence in words: 毎週 月曜日 10:00, 毎月 第2木曜日, 四半期ごと 月末 …</summary>
public static class CadenceText
{
    public static string Describe(IStringLocalizer<MeetingText> t, CadenceRule rule, TimeOnly start)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(rule);
        var weekday = t["Weekday." + rule.Weekday.ToString()].Value;
        var time = start.ToString("H:mm", CultureInfo.InvariantCulture);
        string Monthly() => rule.WeekOfMonth switch
        {
            CadenceRule.LastWeek => string.Format(CultureInfo.CurrentCulture, t["Cadence.LastWeekday"], weekday),
            { } w => string.Format(CultureInfo.CurrentCulture, t["Cadence.NthWeekday"], w, weekday),
            null when rule.DayOfMonth == CadenceRule.EndOfMonth => t["Cadence.EndOfMonth"].Value,
            null => string.Format(CultureInfo.CurrentCulture, t["Cadence.Day"], rule.DayOfMonth),
        };
        return rule.Kind switch
        {
            CadenceKind.Weekly => string.Format(CultureInfo.CurrentCulture, t["Cadence.Weekly"], weekday, time),
            CadenceKind.Biweekly => string.Format(CultureInfo.CurrentCulture, t["Cadence.Biweekly"], weekday, time),
            CadenceKind.Monthly => string.Format(CultureInfo.CurrentCulture, t["Cadence.Monthly"], Monthly(), time),
            CadenceKind.Quarterly => string.Format(CultureInfo.CurrentCulture, t["Cadence.Quarterly"], Monthly(), time),
            _ => t["Cadence.AsNeeded"].Value,
        };
    }
}
