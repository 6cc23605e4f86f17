namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the event and free-time pages' strings in EventText.resx (Japanese, the neutral language) and EventText.en.resx.</summary>
public sealed class EventText
{
    private EventText()
    {
    }
}
