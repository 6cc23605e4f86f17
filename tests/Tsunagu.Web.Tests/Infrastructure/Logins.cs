namespace Tsunagu.Web.Tests.Infrastructure;

public static class Logins
{
    /// <summary>A login no other test uses, for tests that lock, deactivate or count the activity of an account.</summary>
    public static string Unique(string purpose) => $"{purpose}.{Guid.NewGuid():N}"[..(purpose.Length + 13)];
}
