namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the DX strategy pages' strings in StrategyText.resx (Japanese, the neutral language) and StrategyText.en.resx.</summary>
public sealed class StrategyText
{
    private StrategyText()
    {
    }
}
