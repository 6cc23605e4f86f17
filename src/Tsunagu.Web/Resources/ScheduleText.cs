namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the schedule views' strings in ScheduleText.resx (Japanese, the neutral language) and ScheduleText.en.resx.</summary>
public sealed class ScheduleText
{
    private ScheduleText()
    {
    }
}
