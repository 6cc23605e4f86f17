namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the e-approval request pages' strings in ApprovalText.resx (Japanese, the neutral language) and ApprovalText.en.resx.</summary>
public sealed class ApprovalText
{
    private ApprovalText()
    {
    }
}
