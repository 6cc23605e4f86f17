namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the meeting pages' strings in MeetingText.resx (Japanese, the neutral language) and MeetingText.en.resx.</summary>
public sealed class MeetingText
{
    private MeetingText()
    {
    }
}
