using System.Globalization;
using Tsunagu.Core;
using Tsunagu.Core.Requests;

namespace Tsunagu.Web.Features.Requests;

/// <summary>Small formatting and query parsing shared by the request pages, the widget and the API.</summary>
public static class WorkRequestFormat
{
    public static string Href(int id) => WorkRequestService.Url(id);

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>依頼番号 as shown: 依頼 #42.</summary>
    public static string Number(int id) => "#" + Text(id);

    public static string TabKey(WorkRequestTab tab) => tab switch
    {
        WorkRequestTab.Asked => "asked",
        WorkRequestTab.Watching => "watching",
        WorkRequestTab.All => "all",
        _ => "waiting",
    };

    public static WorkRequestTab? ParseTab(string? key) => key switch
    {
        null or "" or "waiting" => WorkRequestTab.Waiting,
        "asked" => WorkRequestTab.Asked,
        "watching" => WorkRequestTab.Watching,
        "all" => WorkRequestTab.All,
        _ => null,
    };

    public static string StateKey(WorkRequestState state) => state switch
    {
        WorkRequestState.InProgress => "in-progress",
        WorkRequestState.Answered => "answered",
        WorkRequestState.Completed => "completed",
        WorkRequestState.Returned => "returned",
        WorkRequestState.Cancelled => "cancelled",
        _ => "open",
    };

    /// <summary>Parses a state filter: (true, null) for none, (false, _) for an unknown value.</summary>
    public static (bool Ok, WorkRequestState? State) ParseState(string? key) => key switch
    {
        null or "" => (true, null),
        "open" => (true, WorkRequestState.Open),
        "in-progress" => (true, WorkRequestState.InProgress),
        "answered" => (true, WorkRequestState.Answered),
        "completed" => (true, WorkRequestState.Completed),
        "returned" => (true, WorkRequestState.Returned),
        "cancelled" => (true, WorkRequestState.Cancelled),
        _ => (false, null),
    };

    public static string PriorityKey(WorkRequestPriority priority) => priority switch
    {
        WorkRequestPriority.Low => "low",
        WorkRequestPriority.High => "high",
        _ => "normal",
    };

    public static (bool Ok, WorkRequestPriority? Priority) ParsePriority(string? key) => key switch
    {
        null or "" => (true, null),
        "low" => (true, WorkRequestPriority.Low),
        "normal" => (true, WorkRequestPriority.Normal),
        "high" => (true, WorkRequestPriority.High),
        _ => (false, null),
    };

    public static WorkRequestAction? ParseAction(string? key) => key switch
    {
        "receive" => WorkRequestAction.Receive,
        "answer" => WorkRequestAction.Answer,
        "return" => WorkRequestAction.Return,
        "complete" => WorkRequestAction.Complete,
        "cancel" => WorkRequestAction.Cancel,
        _ => null,
    };

    public static string ActionKey(WorkRequestAction action) => action.ToString().ToLowerInvariant();

    public static string StateClass(WorkRequestState state) => state switch
    {
        WorkRequestState.Completed => "status-ok",
        WorkRequestState.Cancelled => "status-off",
        WorkRequestState.Answered => "status-ok",
        WorkRequestState.Returned => "status-warn",
        _ => "status-new",
    };

    public static readonly WorkRequestState[] States =
        [WorkRequestState.Open, WorkRequestState.InProgress, WorkRequestState.Returned, WorkRequestState.Answered, WorkRequestState.Completed, WorkRequestState.Cancelled];

    /// <summary>期限 as officials read it: 2026/12/04(金) in Japanese.</summary>
    public static string Due(DateOnly date)
    {
        var japanese = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";
        return japanese
            ? date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) + "(" + date.ToString("ddd", CultureInfo.GetCultureInfo("ja-JP")) + ")"
            : date.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en"));
    }

    public static string Iso(DateTimeOffset value) => Clock.ToTokyo(value).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Clock.TokyoDate(clock.GetUtcNow());
    }

    public static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB")
        : bytes >= 1024 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
}
