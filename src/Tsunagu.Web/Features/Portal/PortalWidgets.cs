namespace Tsunagu.Web.Features.Portal;

/// <summary>A block on the portal. Features register theirs; a feature not built has no widget.</summary>
public sealed record PortalWidget(string Key, Type Component, int Order, string? Policy = null);

public sealed class PortalWidgets
{
    private readonly List<PortalWidget> _widgets =
    [
        new("today", typeof(TodayWidget), 0),
        new("today-schedule", typeof(Schedules.Views.TodayScheduleWidget), 5, Hosting.Policies.Staff),
        new("approvals", typeof(Approvals.ApprovalWidget), 7, Hosting.Policies.Staff),
        new("bulletins", typeof(Bulletins.BulletinWidget), 3, Hosting.Policies.Staff),
        new("circulations", typeof(Circulation.CirculationWidget), 8, Hosting.Policies.Staff),
        new("chat", typeof(Chat.ChatWidget), 9, Hosting.Policies.Staff),
        new("meetings", typeof(Meetings.MeetingWidget), 6, Hosting.Policies.Staff),
        new("requests", typeof(Requests.WorkRequestWidget), 7, Hosting.Policies.Staff),
        new("notifications", typeof(Notifications.NotificationsWidget), 10),
        new("account", typeof(AccountWidget), 20),
        new("admin", typeof(AdminWidget), 30, Hosting.Policies.SystemAdmin),
    ];

    public IReadOnlyList<PortalWidget> All => _widgets.OrderBy(w => w.Order).ToList();

    public void Add(PortalWidget widget) => _widgets.Add(widget);
}
