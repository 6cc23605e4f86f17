using System.Security.Cryptography;

namespace Tsunagu.Web.Features.Admin;

internal static class TemporaryPassword
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>16 unambiguous characters plus a digit: satisfies any reasonable municipal rule set.</summary>
    public static string Create()
    {
        var chars = new char[16];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return string.Concat(new string(chars, 0, 4), "-", new string(chars, 4, 4), "-", new string(chars, 8, 4), "-", new string(chars, 12, 4), "-7A");
    }
}
