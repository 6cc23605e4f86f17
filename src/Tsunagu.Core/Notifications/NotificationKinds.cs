namespace Tsunagu.Core.Notifications;

public sealed record NotificationKind(string Key, string NameJa, string NameEn, bool EmailByDefault);

/// <summary>The kinds a person can set preferences for. Features add theirs here.</summary>
public static class NotificationKinds
{
    public const string System = "system";
    public const string Security = "security";
    public const string Schedule = "schedule";
    public const string Reminder = "schedule.reminder";
    public const string Facility = "facility";
    public const string Approval = "approval";
    public const string Bulletin = "bulletin";
    public const string Circulation = "circulation";
    public const string Chat = "chat";
    public const string Meeting = "meeting";
    public const string Minutes = "minutes";
    public const string WorkRequest = "request";
    public const string Survey = "survey";

    public static IReadOnlyList<NotificationKind> All { get; } =
    [
        new(System, "お知らせ(システム)", "System notices", false),
        new(Security, "セキュリティ(サインイン・MFA・トークン)", "Security (sign-in, MFA, tokens)", true),
        new(Schedule, "予定(招待・変更・取消・出欠の回答)", "Schedule (invitations, changes, cancellations, answers)", false),
        new(Reminder, "予定のリマインダー", "Event reminders", false),
        new(Facility, "施設予約(承認依頼・確定・お断り)", "Facility bookings (approval requests and decisions)", false),
        new(Approval, "電子決裁(承認依頼・差戻し・決裁・後閲)", "E-approval (requests, send-backs, decisions, post-reviews)", true),
        new(Bulletin, "掲示板(要確認のお知らせ・コメント)", "Bulletins (notices to confirm, comments)", false),
        new(Circulation, "回覧板(回覧の到着・督促・完了)", "Circulation (arrivals, reminders, completion)", false),
        new(Chat, "チャット(メンション・ダイレクトメッセージ)", "Chat (mentions, direct messages)", false),
        new(Meeting, "会議(招集・資料の追加・変更)", "Meetings (invitations, new papers, changes)", false),
        new(Minutes, "議事録(承認依頼・公開)", "Minutes (approval requests, publication)", false),
        new(WorkRequest, "依頼(新しい依頼・回答・督促)", "Requests (new, answered, overdue)", false),
        new(Survey, "庁内アンケート(回答依頼・督促)", "Staff surveys (requests to answer, reminders)", false),
    ];

    public static NotificationKind? Find(string key) => All.FirstOrDefault(k => k.Key == key);
}
