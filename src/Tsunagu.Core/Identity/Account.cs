using Microsoft.AspNetCore.Identity;
using Tsunagu.Core.Organization;

namespace Tsunagu.Core.Identity;

/// <summary>A person who signs in: staff, administrators, partners. Never hard-deleted once created.</summary>
public sealed class Account : IdentityUser<int>
{
    public string DisplayName { get; set; } = "";

    /// <summary>Furigana (hiragana), used for sorting and search.</summary>
    public string Kana { get; set; } = "";

    public int? DepartmentId { get; set; }

    public Department? Department { get; set; }

    public int? PositionId { get; set; }

    public Position? Position { get; set; }

    public bool IsActive { get; private set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeactivatedAt { get; private set; }

    public void Deactivate(DateTimeOffset now)
    {
        if (!IsActive)
        {
            throw new DomainException("account.already-inactive", "この職員はすでに無効です。");
        }

        IsActive = false;
        DeactivatedAt = now;
    }

    public void Reactivate()
    {
        IsActive = true;
        DeactivatedAt = null;
    }
}
