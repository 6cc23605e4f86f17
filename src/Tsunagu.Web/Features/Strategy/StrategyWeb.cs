using System.Globalization;
using System.Text.Json;
using Tsunagu.Core.Data;
using Tsunagu.Core.Strategy;
using Tsunagu.Web.Features.Accounts;

namespace Tsunagu.Web.Features.Strategy;

/// <summary>What the strategy pages share: the actor, addresses, dates and the chart data they hand to strategy-charts.js.</summary>
public static class StrategyWeb
{
    private static readonly CultureInfo JapaneseEra = CreateEra();

    private static CultureInfo CreateEra()
    {
        var c = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        c.DateTimeFormat.Calendar = new JapaneseCalendar();
        return c;
    }

    public static Task<StrategyActor> ActorAsync(AppDbContext db, CurrentUser me, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(http);
        return StrategyActor.ForAccountAsync(db, me.RequiredId, CurrentUser.ActorOf(http), cancellationToken);
    }

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>令和8年10月16日, in the ja-JP culture whatever the UI language (as the other pages do for 和暦).</summary>
    public static string Day(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).ToString("ggy年M月d日", JapaneseEra);

    public static string MaturityHref(int? departmentId, string? done = null)
    {
        var query = new List<string>();
        if (departmentId is { } d)
        {
            query.Add("department=" + Id(d));
        }

        if (done is not null)
        {
            query.Add("done=" + done);
        }

        return query.Count == 0 ? "/strategy/maturity" : "/strategy/maturity?" + string.Join('&', query);
    }

    public static string CellHref(int measureId, RoadmapPeriod period) => $"/strategy/roadmap/cells/{Id(measureId)}/{period.Key}";

    public static string StatusKey(RoadmapStatus status) => status switch
    {
        RoadmapStatus.InProgress => "in-progress",
        RoadmapStatus.Done => "done",
        RoadmapStatus.Delayed => "delayed",
        RoadmapStatus.Cancelled => "cancelled",
        _ => "not-started",
    };

    public static bool TryParseId(string? text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
