namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the form designer's strings in FormDesignerText.resx (Japanese, the neutral language) and FormDesignerText.en.resx.</summary>
public sealed class FormDesignerText
{
    private FormDesignerText()
    {
    }
}
