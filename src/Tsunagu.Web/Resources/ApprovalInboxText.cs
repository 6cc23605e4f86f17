namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the e-approval inbox, search, delegation and widget strings in ApprovalInboxText.resx (Japanese) and ApprovalInboxText.en.resx.</summary>
public sealed class ApprovalInboxText
{
    private ApprovalInboxText()
    {
    }
}
