namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the staff survey pages' strings in StaffSurveyText.resx (Japanese, the neutral language) and StaffSurveyText.en.resx.</summary>
public sealed class StaffSurveyText
{
    private StaffSurveyText()
    {
    }
}
