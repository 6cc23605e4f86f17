namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the circulation (回覧板) strings in CirculationText.resx (Japanese) and CirculationText.en.resx.</summary>
public sealed class CirculationText
{
    private CirculationText()
    {
    }
}
