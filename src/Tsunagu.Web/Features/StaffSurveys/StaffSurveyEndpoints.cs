using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Tsunagu.Core;
using Tsunagu.Core.Forms;
using Tsunagu.Core.StaffSurveys;
using Tsunagu.Core.Text;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.StaffSurveys;

/// <summary>The answers of a survey as CSV for Excel (UTF-8 with BOM), one row per answer, for the DX office only.</summary>
public static class StaffSurveyEndpoints
{
    public static IEndpointRouteBuilder MapStaffSurveyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/surveys/{id:int}/answers.csv", CsvAsync)
            .RequireAuthorization(Policies.DxOffice)
            .WithMetadata(new FeatureAttribute(StaffSurveyService.UsageFeature))
            .AllowCookieRedirect()
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<NotFound, FileContentHttpResult>> CsvAsync(int id, StaffSurveyReader reader, TimeProvider clock, CancellationToken cancellationToken)
    {
        var results = await reader.ResultsAsync(id, clock.GetUtcNow(), cancellationToken);
        if (results is null)
        {
            return TypedResults.NotFound();
        }

        var answers = await reader.AnswersAsync(id, null, cancellationToken);
        var bytes = Csv(results.Survey.Schema(), answers);
        var name = string.Create(CultureInfo.InvariantCulture, $"survey-{id}-answers.csv");
        return TypedResults.File(bytes, "text/csv; charset=utf-8", name);
    }

    public static byte[] Csv(FormSchema schema, IReadOnlyList<SurveyAnswerView> answers)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(answers);
        var fields = schema.Fields.Where(f => f.Type is not (FieldType.Table or FieldType.File)).ToList();
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // Excel reads UTF-8 only with the byte order mark.
        text.Write('\uFEFF');
        CsvText.WriteRow(text, ["部", "回答課", "回答者", "回答日時", .. fields.Select(f => f.Label)]);
        foreach (var a in answers)
        {
            CsvText.WriteRow(text,
            [
                Cell(a.Division),
                Cell(a.Unit),
                Cell(a.AnsweredBy),
                Clock.ToTokyo(a.UpdatedAt).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture),
                .. fields.Select(f => Cell(a.Values.TryGetPropertyValue(f.Key, out var v) ? FormDisplay.Format(f, v) : "")),
            ]);
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }

    /// <summary>Text typed by people: a leading = + - @ would make Excel run it as a formula, so it is quoted with '.</summary>
    private static string Cell(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
