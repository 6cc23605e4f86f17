namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the request (依頼) strings in RequestText.resx (Japanese) and RequestText.en.resx.</summary>
public sealed class RequestText
{
    private RequestText()
    {
    }
}
