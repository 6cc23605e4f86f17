using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Meetings;

public sealed record MeetingRow(int Id, string Title, string? BodyName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, MeetingState State, string? MovedReason, DateOnly? ScheduledOn);

public sealed record MeetingPage(IReadOnlyList<MeetingRow> Items, int Total, int Page, int PageSize);

public sealed record BodyRow(int Id, string Name, string Purpose, CadenceRule Rule, TimeOnly StartTime, string? ChairName, int Members, bool IsActive);

public sealed record PersonName(int Id, string Name, string Department);

public sealed record BodyMemberView(int AccountId, string Name, string Department, string Role);

public sealed record BodyDetail(MeetingBody Body, string? ChairName, string? SecretaryName, IReadOnlyList<BodyMemberView> Members, IReadOnlyList<MeetingRow> Upcoming, IReadOnlyList<MeetingRow> Recent);

public sealed record MaterialView(int Id, int? AgendaItemId, int AttachmentId, string FileName, string ContentType, long Size, string AddedBy, DateTimeOffset AddedAt);

public sealed record AttendeeView(int AccountId, string Name, string Department, AttendanceState Attendance);

public sealed record MeetingDetail(Meeting Meeting, string? BodyName, PersonName? Chair, PersonName? Secretary, IReadOnlyList<AttendeeView> Attendees,
    IReadOnlyList<MaterialView> Materials, IReadOnlyDictionary<int, string> PresenterNames, bool CanManage);

/// <summary>What the meeting pages, the widget and the API read. Sessions only through <see cref="MeetingAccess"/>.</summary>
public sealed class MeetingReader(AppDbContext db)
{
    public const int PageSize = 20;

    public async Task<MeetingPage> ListAsync(int accountId, bool upcoming, DateTimeOffset now, int page = 1, int pageSize = PageSize, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        var query = db.Set<Meeting>().AsNoTracking().Where(MeetingAccess.VisibleTo(accountId));
        query = upcoming ? query.Where(m => m.EndsAt > now) : query.Where(m => m.EndsAt <= now);
        var total = await query.CountAsync(cancellationToken);
        var ordered = upcoming ? query.OrderBy(m => m.StartsAt).ThenBy(m => m.Id) : query.OrderByDescending(m => m.StartsAt).ThenByDescending(m => m.Id);
        var items = await Rows(ordered.Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
        return new MeetingPage(items, total, page, pageSize);
    }

    /// <summary>The portal widget: the next sessions not cancelled, today's first.</summary>
    public async Task<IReadOnlyList<MeetingRow>> NextAsync(int accountId, DateTimeOffset now, int count = 5, CancellationToken cancellationToken = default) =>
        await Rows(db.Set<Meeting>().AsNoTracking().Where(MeetingAccess.VisibleTo(accountId))
            .Where(m => m.EndsAt > now && m.State == MeetingState.Scheduled)
            .OrderBy(m => m.StartsAt).ThenBy(m => m.Id).Take(count)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<BodyRow>> BodiesAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<MeetingBody>().AsNoTracking().OrderBy(b => b.Name).ThenBy(b => b.Id)
            .Select(b => new { b.Id, b.Name, b.Purpose, b.Cadence, b.AnchorDate, b.Weekday, b.WeekOfMonth, b.DayOfMonth, b.StartTime, Chair = b.Chair == null ? null : b.Chair.DisplayName, Members = b.Members.Count, b.IsActive })
            .ToListAsync(cancellationToken);
        return rows.Select(b => new BodyRow(b.Id, b.Name, b.Purpose, new CadenceRule(b.Cadence, b.AnchorDate, b.Weekday, b.WeekOfMonth, b.DayOfMonth), b.StartTime, b.Chair, b.Members, b.IsActive)).ToList();
    }

    /// <summary>A body as all staff see it: its name, purpose, cadence and members, and the dates of its sessions (not their content).</summary>
    public async Task<BodyDetail?> BodyAsync(int bodyId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var body = await db.Set<MeetingBody>().AsNoTracking().Include(b => b.Members).FirstOrDefaultAsync(b => b.Id == bodyId, cancellationToken);
        if (body is null)
        {
            return null;
        }

        var ids = body.Members.Select(m => m.AccountId).Concat(body.ChairId is { } c ? [c] : []).Concat(body.SecretaryId is { } s ? [s] : []).Distinct().ToList();
        var people = await PeopleAsync(ids, cancellationToken);
        var members = body.Members.Where(m => people.ContainsKey(m.AccountId))
            .Select(m => new BodyMemberView(m.AccountId, people[m.AccountId].Name, people[m.AccountId].Department, m.Role))
            .OrderBy(m => m.Role.Length == 0).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
        var sessions = db.Set<Meeting>().AsNoTracking().Where(m => m.BodyId == bodyId);
        var upcoming = await Rows(sessions.Where(m => m.EndsAt > now).OrderBy(m => m.StartsAt).Take(20)).ToListAsync(cancellationToken);
        var recent = await Rows(sessions.Where(m => m.EndsAt <= now).OrderByDescending(m => m.StartsAt).Take(5)).ToListAsync(cancellationToken);
        return new BodyDetail(body, body.ChairId is { } ch ? people.GetValueOrDefault(ch)?.Name : null, body.SecretaryId is { } se ? people.GetValueOrDefault(se)?.Name : null, members, upcoming, recent);
    }

    /// <summary>A session for someone who may see it; null when it does not exist.</summary>
    /// <exception cref="AccessDeniedException">It exists but is not the viewer's to see.</exception>
    public async Task<MeetingDetail?> GetAsync(int accountId, int meetingId, CancellationToken cancellationToken = default)
    {
        var meeting = await db.Set<Meeting>().AsNoTracking().AsSplitQuery()
            .Include(m => m.Attendees).Include(m => m.AgendaItems).Include(m => m.Materials)
            .FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return null;
        }

        if (!MeetingAccess.CanView(meeting, accountId))
        {
            throw new AccessDeniedException("The meeting is not the viewer's to see.");
        }

        var ids = meeting.Attendees.Select(a => a.AccountId).Concat(meeting.AgendaItems.Where(i => i.PresenterId != null).Select(i => i.PresenterId!.Value))
            .Concat(meeting.ChairId is { } c ? [c] : []).Concat(meeting.SecretaryId is { } s ? [s] : []).Distinct().ToList();
        var people = await PeopleAsync(ids, cancellationToken);
        var attendees = meeting.Attendees.Where(a => people.ContainsKey(a.AccountId))
            .Select(a => new AttendeeView(a.AccountId, people[a.AccountId].Name, people[a.AccountId].Department, a.Attendance))
            .OrderBy(a => a.Department, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
        var attachmentIds = meeting.Materials.Select(m => m.AttachmentId).ToList();
        var files = await db.Attachments.AsNoTracking().Where(a => attachmentIds.Contains(a.Id))
            .Select(a => new { a.Id, a.FileName, a.ContentType, a.Size, By = a.CreatedBy!.DisplayName, a.CreatedAt }).ToDictionaryAsync(a => a.Id, cancellationToken);
        var materials = meeting.Materials.Where(m => files.ContainsKey(m.AttachmentId)).OrderBy(m => m.Position)
            .Select(m => { var f = files[m.AttachmentId]; return new MaterialView(m.Id, m.AgendaItemId, f.Id, f.FileName, f.ContentType, f.Size, f.By, f.CreatedAt); }).ToList();
        var bodyName = meeting.BodyId is { } bodyId ? await db.Set<MeetingBody>().Where(b => b.Id == bodyId).Select(b => b.Name).FirstOrDefaultAsync(cancellationToken) : null;
        return new MeetingDetail(meeting, bodyName,
            meeting.ChairId is { } ch ? people.GetValueOrDefault(ch) : null, meeting.SecretaryId is { } se ? people.GetValueOrDefault(se) : null,
            attendees, materials, people.ToDictionary(p => p.Key, p => p.Value.Name), MeetingAccess.CanManage(meeting, accountId));
    }

    private async Task<Dictionary<int, PersonName>> PeopleAsync(List<int> ids, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new PersonName(a.Id, a.DisplayName, a.Department == null ? "" : a.Department.Name))
            .ToDictionaryAsync(p => p.Id, cancellationToken);

    private static IQueryable<MeetingRow> Rows(IQueryable<Meeting> query) =>
        query.Select(m => new MeetingRow(m.Id, m.Title, m.Body == null ? null : m.Body.Name, m.StartsAt, m.EndsAt, m.Place, m.State, m.MovedReason, m.ScheduledOn));
}
