namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the strings of the calendar sync page (SyncText.resx in Japanese, SyncText.en.resx).</summary>
public sealed class SyncText
{
    private SyncText()
    {
    }
}
