using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Meetings;
using Tsunagu.Core.Notifications;

namespace Tsunagu.Core.Data.Demo;

/// <summary>
/// The meeting bodies of the DX strategy (seed, 会議体運営について) for the demo city, written through
/// <see cref="MeetingService"/> at each step's own moment so schedule events, search entries and notifications are what
/// the app would have written. The seed's チーム別定例会 is held per team, so it is two bodies here, 共創チーム定例会 and
/// 基盤チーム定例会: each has its own members, chair and weekday. Sessions cover about three weeks back and six weeks
/// ahead; the 進捗定例会 nearest today has two agenda items, a PDF paper and attendance answers, at least one past 進捗定例会 (at
/// most a week old) exists for the minutes seeder, and this week's 共創チーム定例会 has a PDF paper.
/// </summary>
public sealed class MeetingDemoSeeder(AppDbContext db, TimeProvider clock)
{
    private sealed record Person(int Id, string Login, string DepartmentPath, string Position);

    private sealed class ShiftedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private const string Dx = "企画振興部/DX戦略室";
    private const string Room = "本庁舎3階 第2会議室";

    private readonly ShiftedClock _at = new();
    private List<Person> _people = [];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = Clock.Truncate(clock.GetUtcNow());
        _people = await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null && a.PositionId != null)
            .OrderBy(a => a.Id).Select(a => new Person(a.Id, a.UserName!, a.Department!.Path, a.Position!.Name)).ToListAsync(cancellationToken);
        var me = _people.FirstOrDefault(p => p.Login == DemoCityData.DemoStaffLogin);
        if (me is null)
        {
            return;
        }

        var service = new MeetingService(db, _at, new NotificationService(db, _at), new AuditLog(db, _at));
        var today = Clock.TokyoDate(now);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var from = monday.AddDays(-21);
        var to = today.AddDays(42);

        var leader = _people.FirstOrDefault(p => p.Login == "nakamura.tatsuya") ?? Holder(Dx, "課長");
        var director = _people.FirstOrDefault(p => p.Login == "fujiwara.takashi") ?? Holder("企画振興部", "部長");
        var mayor = Holder("市長公室/秘書広報課", "市長");
        var deputy = Holder("市長公室/秘書広報課", "副市長");
        var generalAffairs = Holder("総務部", "部長");
        var directors = _people.Where(p => p.Position == "部長" && !p.DepartmentPath.Contains('/', StringComparison.Ordinal)).ToList();
        var dx = Unit(Dx).Where(p => p.Id != leader.Id && p.Id != me.Id).ToList();
        // The two team leaders are the office's most senior staff after its 課長; the rest split between the teams.
        var seniors = dx.Where(p => p.Position is "課長補佐" or "係長" or "主査").ToList();
        var coLead = seniors.ElementAtOrDefault(0) ?? dx[0];
        var baseLead = seniors.ElementAtOrDefault(1) ?? dx.First(p => p.Id != coLead.Id);
        var rest = dx.Where(p => p.Id != coLead.Id && p.Id != baseLead.Id).ToList();
        var coTeam = rest.Where((_, i) => i % 2 == 0).Prepend(me).ToList();
        var baseTeam = rest.Where((_, i) => i % 2 == 1).ToList();

        var leaderActor = await MeetingActor.ForAccountAsync(db, leader.Id, cancellationToken: cancellationToken);
        var fiscalYear = today.Month >= 4 ? today.Year : today.Year - 1;

        // Bodies are set up a month before the first generated session, by the DX office's 課長 (its secretariat).
        _at.Now = Clock.FromTokyo(from.AddDays(-7)).AddHours(9);
        var headquarters = await service.CreateBodyAsync(leaderActor, new MeetingBodyInput
        {
            Name = "DX推進本部会議",
            Purpose = "市全体に関わる重要な戦略施策の報告及び方針決定。",
            ChairId = mayor.Id,
            SecretaryId = leader.Id,
            Cadence = CadenceKind.Quarterly,
            Weekday = DayOfWeek.Thursday,
            WeekOfMonth = 3,
            AnchorDate = new DateOnly(fiscalYear, 4, 1),
            StartTime = new TimeOnly(14, 0),
            DurationMinutes = 90,
            Place = "本庁舎4階 大会議室",
            Members = [new(mayor.Id, "本部長"), new(deputy.Id, "副本部長"),
                .. directors.Where(d => d.Id != director.Id).Select(d => new MemberInput(d.Id, "推進本部員")),
                new(director.Id, "事務局長"), new(leader.Id, "プロジェクトリーダー")],
        }, cancellationToken);
        var report = await service.CreateBodyAsync(leaderActor, new MeetingBodyInput
        {
            Name = "進捗報告会",
            Purpose = "本部長への戦略施策の進捗報告を行う。至急の相談が発生した場合は別途開催する。",
            ChairId = mayor.Id,
            SecretaryId = leader.Id,
            Cadence = CadenceKind.Monthly,
            Weekday = DayOfWeek.Tuesday,
            WeekOfMonth = 2,
            AnchorDate = new DateOnly(fiscalYear, 4, 1),
            StartTime = new TimeOnly(10, 0),
            DurationMinutes = 60,
            Place = "本庁舎3階 市長公室応接室",
            Members = [new(mayor.Id, "本部長"), new(deputy.Id, "副本部長"), new(generalAffairs.Id, "総務部長"),
                new(director.Id, "事務局長"), new(leader.Id, "プロジェクトリーダー")],
        }, cancellationToken);
        // 隔週 counts from the anchor: the last Wednesday before today, so the latest past session is at most a week old
        // (the minutes on it give action items due a week or so later) and the next one is a week or two ahead.
        var sinceWednesday = ((int)today.DayOfWeek - (int)DayOfWeek.Wednesday + 7) % 7;
        var lastWednesday = today.AddDays(-(sinceWednesday == 0 ? 7 : sinceWednesday));
        var progress = await service.CreateBodyAsync(leaderActor, new MeetingBodyInput
        {
            Name = "進捗定例会",
            Purpose = "プロジェクトチーム全体での戦略施策の進捗確認および課題抽出/改善策の検討を行う。",
            ChairId = leader.Id,
            SecretaryId = leader.Id,
            Cadence = CadenceKind.Biweekly,
            Weekday = DayOfWeek.Wednesday,
            AnchorDate = lastWednesday.AddDays(-28),
            StartTime = new TimeOnly(15, 0),
            DurationMinutes = 60,
            Place = Room,
            WebMeetingUrl = "https://meet.city.setouchi.example/dx-progress",
            Members = [new(leader.Id, "プロジェクトリーダー"), new(coLead.Id, "チームリーダー(共創)"), new(baseLead.Id, "チームリーダー(基盤)"),
                new(me.Id, "共創チーム"), .. baseTeam.Take(2).Select(p => new MemberInput(p.Id, "基盤チーム"))],
        }, cancellationToken);
        var coCreation = await service.CreateBodyAsync(leaderActor, Team("共創チーム定例会", "共創チームでの戦略施策の進捗確認および課題抽出/改善策の検討を行う。",
            coLead, coTeam, DayOfWeek.Monday, from), cancellationToken);
        var platform = await service.CreateBodyAsync(leaderActor, Team("基盤チーム定例会", "基盤チームでの戦略施策の進捗確認および課題抽出/改善策の検討を行う。",
            baseLead, baseTeam, DayOfWeek.Tuesday, from), cancellationToken);
        var subcommittee = await service.CreateBodyAsync(leaderActor, new MeetingBodyInput
        {
            Name = "分科会(個別討議会)",
            Purpose = "施策推進における個別討議や対応を行う。施策に応じて適宜メンバーを招集する。",
            ChairId = leader.Id,
            SecretaryId = leader.Id,
            Cadence = CadenceKind.AsNeeded,
            AnchorDate = from,
            StartTime = new TimeOnly(13, 30),
            DurationMinutes = 60,
            Place = Room,
            Members = [new(leader.Id, "プロジェクトリーダー"), new(coLead.Id, "チームリーダー(共創)"), new(me.Id, "担当")],
        }, cancellationToken);

        foreach (var body in new[] { report, progress, coCreation, platform })
        {
            await service.GenerateAsync(leaderActor, body.Id, from, to, cancellationToken);
        }

        // The quarterly body meets less often than the window is long: its next session is created, not a past one.
        await service.GenerateAsync(leaderActor, headquarters.Id, today, today.AddMonths(4), cancellationToken);

        _at.Now = Clock.FromTokyo(monday.AddDays(-3)).AddHours(16);
        await service.CreateMeetingAsync(leaderActor, new MeetingInput
        {
            BodyId = subcommittee.Id,
            Title = "分科会 窓口予約システム 運用検討",
            StartsAt = Clock.FromTokyo(monday.AddDays(8)).AddHours(13.5),
            EndsAt = Clock.FromTokyo(monday.AddDays(8)).AddHours(14.5),
            Place = Room,
        }, cancellationToken);

        await PrepareProgressAsync(service, leaderActor, progress.Id, today, me, coLead, baseLead, cancellationToken);
        await PrepareTeamAsync(service, coLead, coCreation.Id, monday, cancellationToken);
    }

    /// <summary>This week's 共創チーム定例会 reads the office's latest report to the 庁議 (a PDF) before its session.</summary>
    private async Task PrepareTeamAsync(MeetingService service, Person lead, int bodyId, DateOnly monday, CancellationToken cancellationToken)
    {
        var weekStart = Clock.FromTokyo(monday);
        var weekEnd = Clock.FromTokyo(monday.AddDays(7));
        var session = await db.Set<Meeting>().AsNoTracking().Where(m => m.BodyId == bodyId && m.StartsAt >= weekStart && m.StartsAt < weekEnd)
            .OrderBy(m => m.StartsAt).Select(m => new { m.Id, m.StartsAt }).FirstOrDefaultAsync(cancellationToken);
        if (session is null)
        {
            return;
        }

        var day = Clock.TokyoDate(session.StartsAt);
        _at.Now = Clock.FromTokyo(day.AddDays(-3)).AddHours(17);
        var actor = await MeetingActor.ForAccountAsync(db, lead.Id, cancellationToken: cancellationToken);
        var item = await service.AddAgendaItemAsync(actor, session.Id, "共創テーマ候補の進め方", "庁議報告の内容を踏まえ、事業者との意見交換の進め方を決める。", lead.Id, 20, cancellationToken);
        await using var pdf = new MemoryStream(ScheduleDemoSeeder.Handouts.ExecutiveReport(day.AddDays(-7)));
        await service.AddMaterialsAsync(actor, session.Id, item.Id, [new MaterialUpload("庁議報告 DX推進の状況.pdf", ScheduleDemoSeeder.Handouts.PdfType, pdf)], cancellationToken);
    }

    /// <summary>The 進捗定例会 nearest today: two items with presenters, the report as PDF, and attendance answers.</summary>
    private async Task PrepareProgressAsync(MeetingService service, MeetingActor leader, int bodyId, DateOnly today, Person me, Person coLead, Person baseLead, CancellationToken cancellationToken)
    {
        var noon = Clock.FromTokyo(today).AddHours(12);
        var sessions = await db.Set<Meeting>().AsNoTracking().Where(m => m.BodyId == bodyId).Select(m => new { m.Id, m.StartsAt }).ToListAsync(cancellationToken);
        var session = sessions.OrderBy(m => Math.Abs((m.StartsAt - noon).TotalHours)).ThenBy(m => m.StartsAt).FirstOrDefault();
        if (session is null)
        {
            return;
        }

        var day = Clock.TokyoDate(session.StartsAt);
        _at.Now = Clock.FromTokyo(day.AddDays(-2)).AddHours(10);
        await service.AddAgendaItemAsync(leader, session.Id, "窓口予約システムの稼働準備状況", "稼働前チェックリストの進捗と、残る課題の確認。", coLead.Id, 20, cancellationToken);
        var second = await service.AddAgendaItemAsync(leader, session.Id, "共通基盤(認証・ネットワーク)の更新計画", "来年度予算要求に向けた更新範囲と日程の案。", baseLead.Id, 25, cancellationToken);
        await using (var pdf = new MemoryStream(ScheduleDemoSeeder.Handouts.ExecutiveReport(day)))
        {
            await service.AddMaterialsAsync(leader, session.Id, second.Id, [new MaterialUpload($"進捗報告資料({day:M'月'd'日'}).pdf", ScheduleDemoSeeder.Handouts.PdfType, pdf)], cancellationToken);
        }

        _at.Now = Clock.FromTokyo(day.AddDays(-1)).AddHours(9);
        foreach (var (person, state) in new[] { (me, AttendanceState.Present), (coLead, AttendanceState.Present), (baseLead, AttendanceState.Absent) })
        {
            var actor = await MeetingActor.ForAccountAsync(db, person.Id, cancellationToken: cancellationToken);
            await service.SetAttendanceAsync(actor, session.Id, person.Id, state, cancellationToken);
        }

        await service.SetAttendanceAsync(leader, session.Id, leader.AccountId, AttendanceState.Present, cancellationToken);
    }

    private static MeetingBodyInput Team(string name, string purpose, Person lead, List<Person> team, DayOfWeek weekday, DateOnly anchor) => new()
    {
        Name = name,
        Purpose = purpose,
        ChairId = lead.Id,
        SecretaryId = lead.Id,
        Cadence = CadenceKind.Weekly,
        Weekday = weekday,
        AnchorDate = anchor,
        StartTime = new TimeOnly(9, 30),
        DurationMinutes = 30,
        Place = "DX戦略室 打合せスペース",
        Members = [new(lead.Id, "チームリーダー"), .. team.Select(p => new MemberInput(p.Id, "チームメンバー"))],
    };

    private Person Holder(string path, string position) =>
        _people.FirstOrDefault(p => p.DepartmentPath == path && p.Position == position) ?? Unit(path).First();

    private List<Person> Unit(string path) => _people.Where(p => p.DepartmentPath == path || p.DepartmentPath.StartsWith(path + "/", StringComparison.Ordinal)).ToList();
}
