namespace Tsunagu.Core.Notifications;

public sealed class Notification
{
    private Notification()
    {
    }

    public const int TitleLength = 200;
    public const int BodyLength = 2000;

    /// <summary>Title and body are cut to their columns with an ellipsis: a long event title must not lose the notification.</summary>
    public Notification(int recipientId, string kind, string title, string body, string? url, DateTimeOffset createdAt)
    {
        RecipientId = recipientId;
        Kind = kind;
        Title = Shorten(title, TitleLength);
        Body = Shorten(body, BodyLength);
        Url = url;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public int RecipientId { get; private set; }

    /// <summary>Key of a <see cref="NotificationKinds"/> entry; preferences are per kind.</summary>
    public string Kind { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    public string? Url { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;

    public static string Shorten(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var cut = length - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }
}

/// <summary>Per person and kind: deliver in the app, by e-mail, both or neither.</summary>
public sealed class NotificationPreference
{
    public int AccountId { get; set; }

    public string Kind { get; set; } = "";

    public bool InApp { get; set; } = true;

    public bool Email { get; set; }
}

/// <summary>Work for the background worker, written in the same transaction as the event that causes it.</summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
    }

    public OutboxMessage(string type, string payload, DateTimeOffset createdAt)
    {
        Type = type;
        Payload = payload;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    public long Id { get; private set; }

    public string Type { get; private set; } = "";

    public string Payload { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? ProcessedAt { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Set by the instance that claimed the message, so two instances never send it twice.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    public void Succeeded(DateTimeOffset now)
    {
        ProcessedAt = now;
        LastError = null;
        LockedUntil = null;
    }

    public void Failed(DateTimeOffset now, string error)
    {
        Attempts++;
        LockedUntil = null;
        LastError = error.Length > 1000 ? error[..1000] : error;
        // Back off 1, 2, 4 … minutes, at most an hour; give up after 10 attempts (kept for inspection).
        NextAttemptAt = Attempts >= 10 ? now.AddYears(100) : now.AddMinutes(Math.Min(60, Math.Pow(2, Attempts - 1)));
    }
}
