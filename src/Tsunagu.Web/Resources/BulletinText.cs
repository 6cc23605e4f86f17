namespace Tsunagu.Web.Resources;

/// <summary>Anchor type for the bulletin pages' strings in BulletinText.resx (Japanese, the neutral language) and BulletinText.en.resx.</summary>
public sealed class BulletinText
{
    private BulletinText()
    {
    }
}
