using System.Security.Cryptography;

namespace Tsunagu.Core.Attachments;

/// <summary>Turns an uploaded file into an <see cref="Attachment"/>: a clean name, a size limit, its hash and its text.</summary>
public static class AttachmentUpload
{
    /// <exception cref="DomainException">attachment.invalid-name, attachment.empty, attachment.too-large.</exception>
    public static async Task<Attachment> ReadAsync(string module, string ownerKey, string fileName, string? contentType, Stream content, int createdById, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var name = CleanFileName(fileName);
        var bytes = await ReadLimitedAsync(content, cancellationToken);
        using var stream = new MemoryStream(bytes, writable: false);
        var extracted = AttachmentText.Extract(stream, name, cancellationToken);
        return new Attachment
        {
            Module = module,
            OwnerKey = ownerKey,
            FileName = name,
            ContentType = CleanContentType(contentType),
            Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Content = bytes,
            Text = extracted.Text,
            TextProblem = extracted.Succeeded ? null : (extracted.Problem ?? "")[..Math.Min((extracted.Problem ?? "").Length, 200)],
            CreatedAt = Clock.Truncate(now),
            CreatedById = createdById,
        };
    }

    internal static string CleanFileName(string fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0 || name.Length > Attachment.MaxFileNameLength || name is "." or "..")
        {
            throw new DomainException("attachment.invalid-name", $"ファイル名は1〜{Attachment.MaxFileNameLength}文字にしてください。");
        }

        return name;
    }

    internal static string CleanContentType(string? contentType)
    {
        var type = (contentType ?? "").Trim().ToLowerInvariant();
        return type.Length is > 0 and <= 100 && type.Count(c => c == '/') == 1 && type.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '+' or '-')
            ? type
            : "application/octet-stream";
    }

    internal static async Task<byte[]> ReadLimitedAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > Attachment.MaxBytes)
            {
                throw new DomainException("attachment.too-large", $"ファイルが大きすぎます。{Attachment.MaxBytes / 1024 / 1024}MB までにしてください。");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new DomainException("attachment.empty", "ファイルが空です。");
        }

        return buffer.ToArray();
    }

}
