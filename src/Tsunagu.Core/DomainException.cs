namespace Tsunagu.Core;

/// <summary>A business rule refused an operation. <see cref="Message"/> is shown to the user (Japanese).</summary>
public sealed class DomainException : Exception
{
    public DomainException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public DomainException()
    {
        Code = "domain";
    }

    public DomainException(string message)
        : base(message)
    {
        Code = "domain";
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "domain";
    }

    public string Code { get; }
}
