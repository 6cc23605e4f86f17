using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Tsunagu.Core.Notifications;

public sealed class MailSettings
{
    public string From { get; set; } = "tsunagu@city.example.jp";

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool UseStartTls { get; set; } = true;

    /// <summary>Folder for .eml files when no SMTP host is set (development).</summary>
    public string PickupFolder { get; set; } = "mail";
}

internal static class MimeBuilder
{
    public static MimeMessage Build(MailSettings settings, MailMessageData message)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(settings.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Body };
        return mime;
    }
}

public sealed class PickupFolderMailSender(MailSettings settings) : IMailSender
{
    public async Task SendAsync(MailMessageData message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.PickupFolder);
        var mime = MimeBuilder.Build(settings, message);
        var path = Path.Combine(settings.PickupFolder, $"{(mime.MessageId ?? Guid.NewGuid().ToString("N")).Replace('@', '_').Replace('/', '_')}.eml");
        await mime.WriteToAsync(path, cancellationToken);
    }
}

public sealed class SmtpMailSender(MailSettings settings) : IMailSender
{
    public async Task SendAsync(MailMessageData message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.SmtpHost ?? throw new InvalidOperationException("SmtpHost is not set"), settings.SmtpPort, settings.UseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
        }

        await client.SendAsync(MimeBuilder.Build(settings, message), cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}
