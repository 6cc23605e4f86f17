namespace Tsunagu.Web.Features.Accounts;

public enum PasskeyOperation
{
    Create = 0,
    Request = 1,
}

/// <summary>What the browser posts back from navigator.credentials (as JSON), or the error it met.</summary>
public sealed class PasskeyInputModel
{
    public string? CredentialJson { get; set; }

    public string? Error { get; set; }
}
