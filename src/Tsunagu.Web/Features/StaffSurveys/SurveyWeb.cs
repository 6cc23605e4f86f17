using System.Globalization;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.StaffSurveys;
using Tsunagu.Web.Components;
using Tsunagu.Web.Features.Accounts;

namespace Tsunagu.Web.Features.StaffSurveys;

/// <summary>What the survey pages share: the actor, addresses, the deadline as officials read it.</summary>
public static class SurveyWeb
{
    public static Task<SurveyActor> ActorAsync(AppDbContext db, CurrentUser me, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(http);
        return SurveyActor.ForAccountAsync(db, me.RequiredId, CurrentUser.ActorOf(http), cancellationToken);
    }

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Href(int surveyId, string? done = null) =>
        done is null ? $"/surveys/{Id(surveyId)}" : $"/surveys/{Id(surveyId)}?done={done}";

    public static string ResultsHref(int surveyId, string? done = null) =>
        done is null ? $"/surveys/{Id(surveyId)}/results" : $"/surveys/{Id(surveyId)}/results?done={done}";

    public static string Deadline(DateOnly day) => Dates.Heading(Clock.FromTokyo(day.ToDateTime(new TimeOnly(12, 0))));

    public static string Percent(decimal value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    public static string StateKey(SurveyState state) => state switch
    {
        SurveyState.Draft => "State.Draft",
        SurveyState.Open => "State.Open",
        _ => "State.Closed",
    };

    public static string StateClass(SurveyState state) => state switch
    {
        SurveyState.Draft => "status status-off",
        SurveyState.Open => "status status-new",
        _ => "status status-ok",
    };
}
