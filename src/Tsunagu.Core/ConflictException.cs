namespace Tsunagu.Core;

/// <summary>
/// Someone else changed the record first (two approvers on one step at the same moment). The host answers 409;
/// pages say so in place. <see cref="Exception.Message"/> is shown to the user (Japanese).
/// </summary>
public sealed class ConflictException : Exception
{
    public ConflictException()
    {
    }

    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
