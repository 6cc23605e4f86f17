namespace Tsunagu.Web.Features.Admin;

/// <summary>An administrator acted outside their scope; answered with 403.</summary>
public sealed class ForbiddenException : Exception
{
    public ForbiddenException()
        : base("forbidden")
    {
    }

    public ForbiddenException(string message)
        : base(message)
    {
    }

    public ForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
