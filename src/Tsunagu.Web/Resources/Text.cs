namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the UI strings in Text.resx (Japanese, the neutral language) and Text.en.resx.</summary>
public sealed class Text
{
    private Text()
    {
    }
}
