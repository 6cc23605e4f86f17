namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the facility pages' strings in FacilityText.resx (Japanese, the neutral language) and FacilityText.en.resx.</summary>
public sealed class FacilityText
{
    private FacilityText()
    {
    }
}
