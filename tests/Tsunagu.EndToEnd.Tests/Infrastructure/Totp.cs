using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Tsunagu.EndToEnd.Tests.Infrastructure;

/// <summary>RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits), what an authenticator app computes from the shown key.</summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at, int digits = 6) =>
        Code(Base32Decode(base32Key), at.ToUnixTimeSeconds() / 30, digits);

    public static string Code(byte[] key, long step, int digits = 6)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        // SHA-1 is what RFC 6238 and every authenticator app use; here it only mirrors the app, it protects nothing.
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fffffff) % (int)Math.Pow(10, digits);
        return binary.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    public static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant().Where(c => c is not (' ' or '=' or '-')))
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"'{c}' is not a base32 character.");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
