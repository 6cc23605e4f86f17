using System.Globalization;
using Tsunagu.Core;
using Tsunagu.Core.Circulation;

namespace Tsunagu.Web.Features.Circulation;

/// <summary>Small formatting shared by the circulation pages and the widget.</summary>
public static class CirculationFormat
{
    public static string Href(int id) => CirculationService.Url(id);

    public static string TabKey(CircularTab tab) => tab switch
    {
        CircularTab.Received => "received",
        CircularTab.Sent => "sent",
        _ => "waiting",
    };

    public static CircularTab? ParseTab(string? key) => key switch
    {
        null or "" or "waiting" => CircularTab.Waiting,
        "received" => CircularTab.Received,
        "sent" => CircularTab.Sent,
        _ => null,
    };

    public static string StateClass(CircularState state) => state switch
    {
        CircularState.Completed => "status-ok",
        CircularState.Cancelled => "status-off",
        _ => "status-new",
    };

    /// <summary>期限 as a date officials read: 2026/12/04(金) in Japanese.</summary>
    public static string Due(DateOnly date)
    {
        var japanese = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";
        return japanese
            ? date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) + "(" + date.ToString("ddd", CultureInfo.GetCultureInfo("ja-JP")) + ")"
            : date.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en"));
    }

    public static string Iso(DateTimeOffset value) => Clock.ToTokyo(value).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Clock.TokyoDate(clock.GetUtcNow());
    }
}
