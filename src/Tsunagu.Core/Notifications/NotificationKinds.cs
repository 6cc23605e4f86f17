namespace Tsunagu.Core.Notifications;

public sealed record NotificationKind(string Key, string NameJa, string NameEn, bool EmailByDefault);

/// <summary>The kinds a person can set preferences for. Features add theirs here.</summary>
public static class NotificationKinds
{
    public const string System = "system";
    public const string Security = "security";

    public static IReadOnlyList<NotificationKind> All { get; } =
    [
        new(System, "お知らせ(システム)", "System notices", false),
        new(Security, "セキュリティ(サインイン・MFA・トークン)", "Security (sign-in, MFA, tokens)", true),
    ];

    public static NotificationKind? Find(string key) => All.FirstOrDefault(k => k.Key == key);
}
