using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Meetings;

namespace Tsunagu.Core.Data.Demo;

/// <summary>
/// Minutes for the demo city, on the sessions the meeting seeder made: the last past 進捗定例会 has published minutes
/// (3 decisions, 2 action items, one already a request); another past session has a draft awaiting its chair; and
/// moriya.misaki has a personal note on a PDF paper of this week. Nothing is made when those sessions do not exist.
/// </summary>
public sealed class MinutesDemoSeeder(AppDbContext db, TimeProvider clock, MinutesService minutes, MaterialNoteService notes)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var past = await db.Set<Meeting>().AsNoTracking().Include(m => m.Attendees)
            .Where(m => m.EndsAt < now && m.ChairId != null && m.SecretaryId != null)
            .OrderByDescending(m => m.StartsAt).Take(50).ToListAsync(cancellationToken);
        past = past.Where(m => !m.IsCancelled).ToList();
        var progress = past.FirstOrDefault(m => m.Title.Contains("進捗定例会", StringComparison.Ordinal));
        if (progress is not null)
        {
            await PublishAsync(progress, cancellationToken);
        }

        var other = past.FirstOrDefault(m => m.Title.Contains("共創", StringComparison.Ordinal) && m.Id != progress?.Id)
            ?? past.FirstOrDefault(m => m.Id != progress?.Id && !m.Title.Contains("進捗定例会", StringComparison.Ordinal));
        if (other is not null)
        {
            await SubmitDraftAsync(other, cancellationToken);
        }

        await NoteAsync(now, cancellationToken);
    }

    private async Task PublishAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var secretary = meeting.SecretaryId!.Value;
        await minutes.CreateDraftAsync(secretary, meeting.Id, cancellationToken);
        var draft = await db.Set<MeetingMinutes>().AsNoTracking().SingleAsync(m => m.MeetingId == meeting.Id, cancellationToken);
        var person = await AssigneeAsync(meeting, cancellationToken);
        var department = await OtherDepartmentAsync(secretary, cancellationToken);
        if (person is null || department is null)
        {
            return;
        }

        // Due a week and ten days after the meeting, but never in the past: a request cannot be opened overdue.
        var starts = Clock.TokyoDate(meeting.StartsAt);
        var today = Clock.TokyoDate(clock.GetUtcNow());
        if (starts < today)
        {
            starts = today;
        }

        var text = draft.Text
            .Replace(MinutesDraft.DecisionHint,
                "【決定】窓口予約システムの本稼働は予定どおり来月1日とする。\n【決定】職員向け操作研修は各課1名以上が受講する。\n【決定】次回は稼働後1週間の利用状況を報告する。",
                StringComparison.Ordinal)
            .Replace(MinutesDraft.ActionHint,
                $"【対応】@{person} / 操作マニュアルの最終版を各課へ配布 / {starts.AddDays(7):yyyy-MM-dd}\n【対応】{department} / 稼働初日の窓口応援体制の調整 / {starts.AddDays(10):yyyy-MM-dd}",
                StringComparison.Ordinal);
        await minutes.SubmitAsync(secretary, meeting.Id, text, draft.Version, cancellationToken);
        await minutes.ApproveAsync(meeting.ChairId!.Value, meeting.Id, draft.Version + 1, cancellationToken);
        var departmentItem = await (from a in db.Set<MinutesActionItem>()
                                    join m in db.Set<MeetingMinutes>() on a.MinutesId equals m.Id
                                    where m.MeetingId == meeting.Id && a.AssigneeAccountId == null
                                    select a.Id).FirstAsync(cancellationToken);
        await minutes.ConvertToRequestAsync(secretary, meeting.Id, departmentItem, cancellationToken);
    }

    private async Task SubmitDraftAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var secretary = meeting.SecretaryId!.Value;
        await minutes.CreateDraftAsync(secretary, meeting.Id, cancellationToken);
        var draft = await db.Set<MeetingMinutes>().AsNoTracking().SingleAsync(m => m.MeetingId == meeting.Id, cancellationToken);
        if (draft.Status != MinutesStatus.Draft)
        {
            return;
        }

        var text = draft.Text.Replace(MinutesDraft.DecisionHint, "【決定】共創テーマの候補を3件に絞り、次回までに各担当が事業者と意見交換する。", StringComparison.Ordinal);
        await minutes.SubmitAsync(secretary, meeting.Id, text, draft.Version, cancellationToken);
    }

    private async Task NoteAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var moriya = await db.Users.AsNoTracking().Where(a => a.UserName == DemoCityData.DemoStaffLogin).Select(a => (int?)a.Id).FirstOrDefaultAsync(cancellationToken);
        if (moriya is not { } author)
        {
            return;
        }

        var today = Clock.TokyoDate(now);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weekStart = Clock.FromTokyo(monday);
        var weekEnd = Clock.FromTokyo(monday.AddDays(7));
        var paper = await (from m in db.Set<Meeting>().Where(MeetingAccess.VisibleTo(author))
                           join x in db.Set<MeetingMaterial>() on m.Id equals x.MeetingId
                           join a in db.Attachments on x.AttachmentId equals a.Id
                           where m.StartsAt >= weekStart && m.StartsAt < weekEnd && a.ContentType == "application/pdf"
                           orderby m.StartsAt, x.Position
                           select new { MeetingId = m.Id, MaterialId = x.Id }).FirstOrDefaultAsync(cancellationToken);
        if (paper is not null)
        {
            await notes.AddAsync(author, paper.MeetingId, paper.MaterialId, 1, "前回からの変更点を確認。2ページ目の件数は最新の数字か質問する。", cancellationToken);
        }
    }

    /// <summary>An attendee other than the secretary and chair, by login.</summary>
    private async Task<string?> AssigneeAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var ids = meeting.Attendees.Select(a => a.AccountId).Where(id => id != meeting.SecretaryId && id != meeting.ChairId).ToList();
        return await db.Users.AsNoTracking().Where(a => ids.Contains(a.Id) && a.IsActive && a.DepartmentId != null)
            .OrderBy(a => a.Id).Select(a => a.UserName).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A department, other than the secretary's, whose name is unique (so the markup names it exactly).</summary>
    private async Task<string?> OtherDepartmentAsync(int secretaryId, CancellationToken cancellationToken)
    {
        var own = await db.Users.AsNoTracking().Where(a => a.Id == secretaryId).Select(a => a.DepartmentId).FirstAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().Where(d => d.IsActive).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
        var preferred = new[] { "情報政策課", "総務課", "財政課", "企画課" };
        var unique = departments.GroupBy(d => d.Name).Where(g => g.Count() == 1).Select(g => g.Single()).Where(d => d.Id != own).ToList();
        return preferred.FirstOrDefault(p => unique.Any(d => d.Name == p)) ?? unique.OrderBy(d => d.Id).Select(d => d.Name).FirstOrDefault();
    }
}
