using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Core.Meetings;

/// <summary>
/// Keeps a session's event in the attendees' schedules (category 会議, organiser = the secretary), so sessions show in
/// personal and group schedules and in the free-time search. Written here rather than through ScheduleService because
/// that service opens its own transaction and sends an invitation per event: a session and its event must be written
/// in one transaction, and a generated quarter must not send dozens of invitations.
/// </summary>
internal static class MeetingCalendar
{
    public static ScheduleEvent Create(AppDbContext db, Meeting meeting, int organizerId, int createdById, DateTimeOffset now)
    {
        var e = new ScheduleEvent { CreatedById = createdById, CreatedAt = now, Category = EventCategories.Meeting, Visibility = EventVisibility.Private };
        Apply(e, meeting, organizerId, now);
        db.Events.Add(e);
        return e;
    }

    /// <summary>Brings the event in line with the session (time, place, attendees, cancellation) and re-indexes it.</summary>
    public static async Task SyncAsync(AppDbContext db, Meeting meeting, int createdById, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var organizer = meeting.SecretaryId ?? meeting.ChairId ?? createdById;
        ScheduleEvent e;
        if (meeting.EventId is { } id && await db.Events.Include(x => x.Attendees).FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is { } existing)
        {
            e = existing;
            Apply(e, meeting, organizer, now);
        }
        else
        {
            e = Create(db, meeting, organizer, createdById, now);
            await db.SaveChangesAsync(cancellationToken);
            meeting.EventId = e.Id;
        }

        await db.SaveChangesAsync(cancellationToken);
        await ScheduleSearchContent.IndexEventAsync(db, e, cancellationToken);
    }

    private static void Apply(ScheduleEvent e, Meeting meeting, int organizerId, DateTimeOffset now)
    {
        var timeChanged = e.StartsAt != meeting.StartsAt || e.EndsAt != meeting.EndsAt;
        e.Title = meeting.Title.Length > ScheduleEvent.MaxTitleLength ? meeting.Title[..ScheduleEvent.MaxTitleLength] : meeting.Title;
        e.Place = meeting.Place;
        e.Notes = meeting.Id > 0 ? $"会議ページ: /meetings/{meeting.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";
        e.StartsAt = meeting.StartsAt;
        e.EndsAt = meeting.EndsAt;
        e.SeriesEndsAt = meeting.EndsAt;
        e.OrganizerId = organizerId;
        e.IsCancelled = meeting.IsCancelled;
        e.UpdatedAt = now;
        e.Version++;

        var wanted = meeting.Attendees.Select(a => a.AccountId).Append(organizerId)
            .Concat(meeting.ChairId is { } c ? [c] : []).Distinct().ToList();
        e.Attendees.RemoveAll(a => !wanted.Contains(a.AccountId));
        foreach (var id in wanted)
        {
            var attendee = e.Attendees.FirstOrDefault(a => a.AccountId == id);
            if (attendee is null)
            {
                attendee = new EventAttendee { AccountId = id };
                e.Attendees.Add(attendee);
            }
            else if (timeChanged)
            {
                attendee.Response = AttendeeResponse.Pending;
                attendee.RespondedAt = null;
            }

            if (id == organizerId)
            {
                attendee.Response = AttendeeResponse.Accepted;
                attendee.RespondedAt ??= now;
            }

            attendee.StartsAt = e.StartsAt;
            attendee.EndsAt = e.SeriesEndsAt;
            attendee.IsSeries = false;
            attendee.IsCancelled = e.IsCancelled;
        }
    }
}
