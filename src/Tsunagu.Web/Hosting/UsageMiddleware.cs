using Tsunagu.Core.Usage;
using Tsunagu.Web.Features.Accounts;

namespace Tsunagu.Web.Hosting;

/// <summary>Records a usage event for each successful request to a page or endpoint that names its feature.</summary>
internal sealed class UsageMiddleware(RequestDelegate next, UsageRecorder usage)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var feature = context.GetEndpoint()?.Metadata.GetMetadata<FeatureAttribute>();
        if (feature is null || context.Response.StatusCode >= 400)
        {
            return;
        }

        var id = CurrentUser.IdOf(context.User);
        if (id is null)
        {
            return;
        }

        var action = HttpMethods.IsGet(context.Request.Method) ? "view" : "action";
        usage.Record(id, feature.Key, action);
    }
}
