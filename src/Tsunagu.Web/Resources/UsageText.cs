namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the usage pages' strings in UsageText.resx (Japanese, the neutral language) and UsageText.en.resx.</summary>
public sealed class UsageText
{
    private UsageText()
    {
    }
}
