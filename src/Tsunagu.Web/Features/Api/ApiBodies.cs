using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace Tsunagu.Web.Features.Api;

/// <summary>Reading JSON bodies and answering problems the same way in every API feature.</summary>
public static class ApiBodies
{
    /// <summary>
    /// Bodies are read here rather than bound by the framework: a bound body makes routing answer 415 to a wrong content
    /// type before authorization, so a caller without the right would learn 415 instead of 403.
    /// </summary>
    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problem(415, "内容は JSON(Content-Type: application/json)で送ってください。", "request.json-required"));
        }

        try
        {
            var body = await request.ReadFromJsonAsync<T>(cancellationToken);
            return body is null ? (null, Problem(400, "内容が空です。JSON で送ってください。", "request.empty")) : (body, null);
        }
        catch (JsonException)
        {
            return (null, Problem(400, "JSON を読み取れません。項目名と値の形(文字列・数値・配列・オブジェクト)を確かめてください。", "request.invalid-json"));
        }
    }

    /// <summary>Describes the JSON body in the OpenAPI document (the body is read by the handler).</summary>
    public static RouteHandlerBuilder JsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            };
        });

    /// <summary>Problem details with a machine-readable <c>code</c> beside the Japanese title.</summary>
    public static ProblemHttpResult Problem(int status, string title, string code, Dictionary<string, object?>? extensions = null)
    {
        extensions ??= [];
        extensions["code"] = code;
        return TypedResults.Problem(statusCode: status, title: title, extensions: extensions);
    }
}
