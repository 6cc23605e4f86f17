namespace Tsunagu.Core;

/// <summary>
/// A person acted on something that is not theirs to act on (an invitation they did not get, a booking of a
/// facility they do not manage). The web host answers it with 403; callers may catch it to say so in place.
/// </summary>
public sealed class AccessDeniedException : UnauthorizedAccessException
{
    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string message)
        : base(message)
    {
    }

    public AccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
