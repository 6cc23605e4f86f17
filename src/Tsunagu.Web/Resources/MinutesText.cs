namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the paper viewer's and the minutes pages' strings in MinutesText.resx (Japanese, the neutral language) and MinutesText.en.resx.</summary>
public sealed class MinutesText
{
    private MinutesText()
    {
    }
}
