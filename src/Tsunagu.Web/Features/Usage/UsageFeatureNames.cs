using Microsoft.Extensions.Localization;
using Tsunagu.Core.Usage;
using Tsunagu.Web.Resources;

namespace Tsunagu.Web.Features.Usage;

/// <summary>Feature keys as people read them (schedule → スケジュール); a name the app does not know (an imported legacy feature such as 電子メール) is shown as it is.</summary>
public static class UsageFeatureNames
{
    public static string Display(IStringLocalizer<UsageText> text, string feature)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (feature == UsageReport.AllFeaturesName)
        {
            return text["Feature.All"];
        }

        var name = text["Feature." + feature];
        return name.ResourceNotFound ? feature : name.Value;
    }
}
