namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the chat strings in ChatText.resx (Japanese) and ChatText.en.resx.</summary>
public sealed class ChatText
{
    private ChatText()
    {
    }
}
