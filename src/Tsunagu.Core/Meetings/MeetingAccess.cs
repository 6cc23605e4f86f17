using System.Linq.Expressions;

namespace Tsunagu.Core.Meetings;

/// <summary>
/// Who may open a session, its papers and its published minutes: its chair, its secretary and its attendees (a body's
/// members are attendees of its sessions). Nobody else, administrators included: a meeting's papers can be confidential.
/// </summary>
public static class MeetingAccess
{
    public static Expression<Func<Meeting, bool>> VisibleTo(int accountId) =>
        m => m.ChairId == accountId || m.SecretaryId == accountId || m.Attendees.Any(a => a.AccountId == accountId);

    public static bool CanView(Meeting meeting, int accountId) =>
        meeting.ChairId == accountId || meeting.SecretaryId == accountId || meeting.Attendees.Any(a => a.AccountId == accountId);

    /// <summary>Prepares the session: agenda, papers, attendance, minutes drafts.</summary>
    public static bool CanManage(Meeting meeting, int accountId) =>
        meeting.SecretaryId == accountId || meeting.ChairId == accountId;
}
