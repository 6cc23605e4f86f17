using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;
using OpenXml = DocumentFormat.OpenXml;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Tsunagu.Core.Data.Demo;

/// <summary>
/// The demo city's schedules and facilities, relative to the day the demo is created: this week's and next week's
/// meetings, trips, visitors and leave; weekly and monthly series; the 三役's week kept by the secretaries; rooms,
/// cars and equipment with bookings, some of them 仮予約 waiting for 契約管財課; 会議資料 (a Word 次第, an Excel list
/// of procedures, a PDF report) on the coming DX meetings and 庁議. Deterministic for a given start day (but for the
/// bytes of the generated files).
/// </summary>
public sealed class ScheduleDemoSeeder(AppDbContext db, TimeProvider clock, NotificationService notifications)
{
    private sealed record Person(int Id, string Name, int DepartmentId, string DepartmentPath, string Position, int Rank, bool Executive);

    private readonly Random _random = new(2026);
    private readonly Dictionary<int, List<(DateTimeOffset Start, DateTimeOffset End)>> _roomBusy = [];
    private readonly List<ScheduleEvent> _events = [];
    private DateTimeOffset _now;

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        _now = Clock.Truncate(clock.GetUtcNow());
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Path, d => d.Id, cancellationToken);
        var people = await db.Users.AsNoTracking().Where(a => a.IsActive && a.DepartmentId != null)
            .Select(a => new Person(a.Id, a.DisplayName, a.DepartmentId!.Value, a.Department!.Path,
                a.Position == null ? "" : a.Position.Name, a.Position == null ? int.MaxValue : a.Position.Rank, a.Position != null && a.Position.IsExecutive))
            .ToListAsync(cancellationToken);
        var byLogin = await db.Users.AsNoTracking().ToDictionaryAsync(a => a.UserName!, a => a.Id, cancellationToken);

        var facilities = CreateFacilities(departments);
        db.Facilities.AddRange(facilities.Values);
        await db.SaveChangesAsync(cancellationToken);

        var today = Clock.TokyoDate(_now);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var me = people.Single(p => p.Id == byLogin[DemoCityData.DemoStaffLogin]);
        var executives = people.Where(p => p.Executive).OrderBy(p => p.Rank).ToList();
        var directors = people.Where(p => p.Position == "部長" && !p.DepartmentPath.StartsWith("市民病院", StringComparison.Ordinal)).ToList();
        var secretaries = people.Where(p => p.DepartmentPath.EndsWith("秘書係", StringComparison.Ordinal)).ToList();
        var dxTeam = people.Where(p => p.DepartmentPath == "企画振興部/DX戦略室").ToList();
        var keeper = secretaries.FirstOrDefault();

        // The secretaries keep the 三役's schedules.
        foreach (var executive in executives)
        {
            foreach (var secretary in secretaries.Take(2))
            {
                db.ScheduleKeepers.Add(new ScheduleKeeper { OwnerId = executive.Id, KeeperId = secretary.Id, CreatedAt = _now });
            }
        }

        // Series: 庁議 every Monday, the DX office's weekly stand-up, the monthly DX推進本部会議.
        var start = monday.AddDays(-14);
        var executiveMeeting = Series("庁議", EventCategories.Meeting, start, new(9, 0), 60, RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(40), executives.Concat(directors).ToList(), executives[0], facilities["第1会議室"], "本庁舎3階 第1会議室");
        Series("DX戦略室 週次定例", EventCategories.Meeting, start, new(9, 30), 30, RecurrenceRule.Weekly(DayOfWeek.Wednesday).WithCount(20), dxTeam, dxTeam[0], facilities["第3会議室"], "本庁舎3階 第3会議室");
        var dxHeadquarters = Series("DX推進本部会議", EventCategories.Meeting, monday.AddDays(-28), new(14, 0), 90, RecurrenceRule.MonthlyByWeekday(2, DayOfWeek.Thursday).WithCount(12), executives.Concat(directors).Append(me).Concat(dxTeam.Take(2)).Distinct().ToList(), dxTeam[0], facilities["大会議室"], "本庁舎4階 大会議室");

        // The 三役's week.
        string[] mayorItems = ["表敬訪問(瀬戸内市観光協会)", "定例記者会見", "市議会 全員協議会", "県市長会議", "地区懇談会(牛窓地区)", "来客対応(商工会議所)", "決裁・打合せ"];
        foreach (var executive in executives)
        {
            for (var d = 0; d < 12; d++)
            {
                var day = monday.AddDays(d);
                if (!WorkingCalendar.Default.IsWorkingDay(day))
                {
                    continue;
                }

                var title = mayorItems[_random.Next(mayorItems.Length)];
                var category = title.Contains("来客", StringComparison.Ordinal) || title.Contains("表敬", StringComparison.Ordinal) ? EventCategories.Visitor
                    : title.Contains('県', StringComparison.Ordinal) ? EventCategories.BusinessTrip : EventCategories.Meeting;
                Single(title, category, day, new(_random.Next(10, 12), 0), 60, [executive], executive, keeper, visibility: EventVisibility.Public, place: category == EventCategories.BusinessTrip ? "岡山県庁" : "市長室");
                if (_random.Next(3) == 0)
                {
                    Single("政策調整(非公開)", EventCategories.Consultation, day, new(15, 30), 60, [executive], executive, keeper, visibility: EventVisibility.Private, place: "市長室");
                }
            }
        }

        // Everyone else in the main office: one to three entries a working day over this week and next.
        string[] meetingTopics = ["予算要求ヒアリング", "システム標準化 打合せ", "窓口改善ワーキング", "議会答弁 調整", "係内打合せ", "補助金申請 検討会", "業務改善ミーティング", "防災訓練 事前打合せ"];
        string[] trips = ["岡山県庁(説明会)", "備前県民局", "国土交通省 中国地方整備局", "岡山市(研修会場)"];
        string[] outings = ["現地調査(牛窓町)", "現地確認(長船町)", "住民説明会 準備", "施設点検"];
        string[] visitors = ["来客(事業者)", "来客(県職員)", "来客(地区代表)"];
        var office = people.Where(p => !p.Executive && !p.DepartmentPath.StartsWith("消防本部", StringComparison.Ordinal) && !p.DepartmentPath.StartsWith("市民病院", StringComparison.Ordinal)).ToList();
        var byDepartment = office.GroupBy(p => p.DepartmentId).ToDictionary(g => g.Key, g => g.ToList());
        for (var d = 0; d < 12; d++)
        {
            var day = monday.AddDays(d);
            if (!WorkingCalendar.Default.IsWorkingDay(day))
            {
                continue;
            }

            foreach (var unit in byDepartment.Values)
            {
                // A team meeting in about one unit in three each day.
                if (_random.Next(3) == 0 && unit.Count >= 3)
                {
                    var members = unit.OrderBy(_ => _random.Next()).Take(Math.Min(unit.Count, 3 + _random.Next(4))).ToList();
                    var room = PickRoom(facilities, day, new(13, 30), 60);
                    Single(meetingTopics[_random.Next(meetingTopics.Length)], EventCategories.Meeting, day, new(13 + _random.Next(3), 30), 60, members, members[0], null, room: room);
                }

                foreach (var person in unit)
                {
                    var roll = _random.Next(100);
                    if (roll < 6)
                    {
                        Single("年次休暇", EventCategories.Leave, day, null, 0, [person], person, null, visibility: EventVisibility.Private);
                    }
                    else if (roll < 14)
                    {
                        Single(trips[_random.Next(trips.Length)], EventCategories.BusinessTrip, day, new(9, 0), 480, [person], person, null, place: "出張");
                    }
                    else if (roll < 30)
                    {
                        Single(outings[_random.Next(outings.Length)], EventCategories.Out, day, new(10 + _random.Next(5), 0), 90, [person], person, null);
                    }
                    else if (roll < 40)
                    {
                        Single(visitors[_random.Next(visitors.Length)], EventCategories.Visitor, day, new(10 + _random.Next(6), 0), 60, [person], person, null, place: "2階 相談室");
                    }
                    else if (roll < 44)
                    {
                        Single("職員研修(情報セキュリティ)", EventCategories.Training, day, new(14, 0), 120, [person], person, null, place: "別館会議室A");
                    }
                }
            }
        }

        // The demo person's week: invitations waiting for an answer, a private appointment, a cross-department meeting.
        var planning = people.Where(p => p.DepartmentPath == "企画振興部/企画政策課").Take(2).ToList();
        var tax = people.Where(p => p.DepartmentPath.StartsWith("総務部/税務課", StringComparison.Ordinal)).Take(2).ToList();
        var tomorrow = WorkingCalendar.Default.NextWorkingDay(today.AddDays(1));
        var eApplication = Single("電子申請 導入検討会", EventCategories.Meeting, tomorrow, new(10, 0), 60, [dxTeam[0], me, .. planning, .. tax], dxTeam[0], null, room: PickRoom(facilities, tomorrow, new(10, 0), 60), place: "本庁舎3階", pending: [me.Id]);
        var dayAfter = WorkingCalendar.Default.NextWorkingDay(tomorrow.AddDays(1));
        Single("グループウェア操作研修(講師)", EventCategories.Training, dayAfter, new(14, 0), 90, [me, .. dxTeam.Skip(1).Take(2)], me, null, room: PickRoom(facilities, dayAfter, new(14, 0), 90));
        Single("通院", EventCategories.Out, WorkingCalendar.Default.NextWorkingDay(today.AddDays(3)), new(16, 0), 75, [me], me, null, visibility: EventVisibility.Private);
        Single("RPA導入 事業者ヒアリング", EventCategories.Visitor, WorkingCalendar.Default.NextWorkingDay(today.AddDays(4)), new(13, 30), 90, [me, dxTeam[0]], dxTeam[0], null, place: "応接室", pending: [me.Id]);

        db.Events.AddRange(_events);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // Pending 仮予約: the large hall and the cars wait for 契約管財課.
        var carUser = office.First(p => p.DepartmentPath.StartsWith("産業建設部/建設課", StringComparison.Ordinal));
        AloneBooking(facilities["公用車1号(プリウス)"], carUser, WorkingCalendar.Default.NextWorkingDay(today.AddDays(2)), new(9, 0), 240, "現場立会い(県道拡幅工事)", BookingStatus.Tentative);
        AloneBooking(facilities["公用車3号(ハイエース)"], carUser, WorkingCalendar.Default.NextWorkingDay(today.AddDays(5)), new(8, 30), 480, "出前講座 機材運搬", BookingStatus.Tentative);
        AloneBooking(facilities["公用車2号(軽自動車)"], me, tomorrow, new(13, 0), 120, "支所訪問(牛窓支所)", BookingStatus.Confirmed);
        AloneBooking(facilities["貸出用プロジェクター"], me, dayAfter, new(13, 30), 150, "操作研修", BookingStatus.Confirmed);
        await db.SaveChangesAsync(cancellationToken);

        // 会議資料 on the next DX推進本部会議, tomorrow's 電子申請 導入検討会 and the next 庁議 (added by whom the service
        // lets add them: the organiser, or the secretary who keeps the mayor's schedule); indexed with the events below.
        var dxLead = dxTeam[0];
        var headquartersDay = NextOccurrence(dxHeadquarters, today);
        Attach(dxHeadquarters, dxLead, $"DX推進本部会議 次第({headquartersDay:M'月'd'日'}).docx", Handouts.DocxType, Handouts.HeadquartersAgenda(headquartersDay, NextOccurrence(dxHeadquarters, DateOnly.FromDateTime(headquartersDay).AddDays(1))));
        Attach(dxHeadquarters, dxLead, "資料1 電子申請 対象手続一覧.xlsx", Handouts.XlsxType, Handouts.OnlineProcedures(DateOnly.FromDateTime(headquartersDay)));
        Attach(eApplication, dxLead, "電子申請 導入検討会 論点整理.docx", Handouts.DocxType, Handouts.EApplicationIssues(tomorrow));
        var executiveDay = NextOccurrence(executiveMeeting, today);
        Attach(executiveMeeting, keeper ?? executives[0], $"庁議 報告事項 DX推進の状況({executiveDay:M'月'd'日'}).pdf", Handouts.PdfType, Handouts.ExecutiveReport(DateOnly.FromDateTime(executiveDay)));
        await db.SaveChangesAsync(cancellationToken);

        // Indexed in this transaction, in batches read back through the module's own search source.
        db.ChangeTracker.Clear();
        var batch = new List<SearchItem>();
        await foreach (var item in new ScheduleSearchContent().ReadAllAsync(db, cancellationToken))
        {
            batch.Add(item);
            if (batch.Count == SearchRebuilder.BatchSize)
            {
                await FlushAsync(batch, cancellationToken);
            }
        }

        await FlushAsync(batch, cancellationToken);

        // A custom group for the demo person: the people they work with across departments.
        var group = new ScheduleGroup { OwnerId = me.Id, Name = "電子申請プロジェクト", CreatedAt = _now };
        var order = 0;
        foreach (var member in new[] { me }.Concat(dxTeam.Take(3)).Concat(planning).Concat(tax).DistinctBy(p => p.Id))
        {
            group.Members.Add(new ScheduleGroupMember { AccountId = member.Id, SortOrder = order++ });
        }

        db.ScheduleGroups.Add(group);
        var managers = office.Where(p => p.DepartmentPath == "総務部/契約管財課").Select(p => p.Id).ToList();
        await notifications.NotifyAsync(managers, NotificationKinds.Facility, "公用車の仮予約があります", "公用車1号(プリウス)ほかの仮予約が確定を待っています。", "/facilities/approvals", cancellationToken);
        await notifications.NotifyAsync([me.Id], NotificationKinds.Schedule, "予定への招待: 電子申請 導入検討会", $"{tomorrow:yyyy/MM/dd} 10:00〜11:00 本庁舎3階", "/schedule", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task FlushAsync(List<SearchItem> batch, CancellationToken cancellationToken)
    {
        await SearchIndex.IndexManyAsync(db, batch, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        batch.Clear();
    }

    private static Dictionary<string, Facility> CreateFacilities(Dictionary<string, int> departments)
    {
        var rooms = new FacilityGroup { Name = "本庁舎 会議室", SortOrder = 1 };
        var annex = new FacilityGroup { Name = "別館・支所", SortOrder = 2 };
        var cars = new FacilityGroup { Name = "公用車", SortOrder = 3 };
        var equipment = new FacilityGroup { Name = "貸出備品", SortOrder = 4 };
        var property = departments["総務部/契約管財課"];
        var secretariat = departments["市長公室/秘書広報課"];
        var dx = departments["企画振興部/DX戦略室"];
        Facility Room(FacilityGroup g, string name, int capacity, string location, string attributes, int order, bool approval = false, int? manager = null) =>
            new() { Name = name, Kind = FacilityKind.Room, Group = g, Capacity = capacity, Location = location, Attributes = attributes, SortOrder = order, RequiresApproval = approval, ManagerDepartmentId = manager ?? property };
        Facility[] all =
        [
            Room(rooms, "第1会議室", 30, "本庁舎3階", "プロジェクター,Web会議,ホワイトボード", 1),
            Room(rooms, "第2会議室", 12, "本庁舎3階", "大型モニター,ホワイトボード", 2),
            Room(rooms, "第3会議室", 8, "本庁舎3階", "ホワイトボード", 3),
            Room(rooms, "大会議室", 80, "本庁舎4階", "プロジェクター,マイク,Web会議", 4, approval: true),
            Room(rooms, "応接室", 6, "本庁舎2階", "", 5, approval: true, manager: secretariat),
            Room(annex, "別館会議室A", 24, "別館2階", "プロジェクター", 1),
            Room(annex, "別館会議室B", 10, "別館2階", "", 2),
            Room(annex, "牛窓支所 会議室", 15, "牛窓支所2階", "Web会議", 3),
            new() { Name = "公用車1号(プリウス)", Kind = FacilityKind.Vehicle, Group = cars, Capacity = 5, Location = "本庁舎 北側駐車場", Attributes = "ハイブリッド,ETC", RequiresApproval = true, ManagerDepartmentId = property, SortOrder = 1 },
            new() { Name = "公用車2号(軽自動車)", Kind = FacilityKind.Vehicle, Group = cars, Capacity = 4, Location = "本庁舎 北側駐車場", Attributes = "ETC", ManagerDepartmentId = property, SortOrder = 2 },
            new() { Name = "公用車3号(ハイエース)", Kind = FacilityKind.Vehicle, Group = cars, Capacity = 10, Location = "別館 駐車場", Attributes = "4WD,ETC", RequiresApproval = true, ManagerDepartmentId = property, SortOrder = 3 },
            new() { Name = "貸出用プロジェクター", Kind = FacilityKind.Equipment, Group = equipment, Location = "DX戦略室", Attributes = "HDMI", ManagerDepartmentId = dx, SortOrder = 1 },
            new() { Name = "貸出用ノートPC(3台)", Kind = FacilityKind.Equipment, Group = equipment, Location = "DX戦略室", Attributes = "Web会議用カメラ付き", ManagerDepartmentId = dx, SortOrder = 2 },
            new() { Name = "モバイルWi-Fiルーター", Kind = FacilityKind.Equipment, Group = equipment, Location = "DX戦略室", Attributes = "", ManagerDepartmentId = dx, SortOrder = 3 },
        ];
        return all.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    private Facility? PickRoom(Dictionary<string, Facility> facilities, DateOnly day, TimeOnly time, int minutes)
    {
        var start = Clock.FromTokyo(day.ToDateTime(time));
        var end = start.AddMinutes(minutes);
        return facilities.Values
            .Where(f => f.Kind == FacilityKind.Room && !f.RequiresApproval)
            .FirstOrDefault(f => !_roomBusy.TryGetValue(f.Id, out var busy) || !busy.Any(b => b.Start < end && b.End > start));
    }

    private void Hold(Facility facility, DateTimeOffset start, DateTimeOffset end)
    {
        if (!_roomBusy.TryGetValue(facility.Id, out var busy))
        {
            _roomBusy[facility.Id] = busy = [];
        }

        busy.Add((start, end));
    }

    private ScheduleEvent NewEvent(string title, string category, DateTimeOffset start, DateTimeOffset end, bool allDay, Person organizer, Person? keeper, EventVisibility visibility, string place) => new()
    {
        Title = title,
        Category = category,
        StartsAt = start,
        EndsAt = end,
        SeriesEndsAt = end,
        IsAllDay = allDay,
        Visibility = visibility,
        Place = place,
        OrganizerId = organizer.Id,
        CreatedById = keeper?.Id ?? organizer.Id,
        CreatedAt = _now,
        UpdatedAt = _now,
        Version = 1,
        ReminderMinutes = allDay ? null : 10,
    };

    private ScheduleEvent Single(string title, string category, DateOnly day, TimeOnly? time, int minutes, IReadOnlyList<Person> attendees, Person organizer, Person? keeper,
        EventVisibility visibility = EventVisibility.Public, string place = "", Facility? room = null, IReadOnlyList<int>? pending = null)
    {
        var allDay = time is null;
        var start = Clock.FromTokyo(allDay ? day.ToDateTime(TimeOnly.MinValue) : day.ToDateTime(time!.Value));
        var end = allDay ? start.AddDays(1) : start.AddMinutes(minutes);
        if (room is not null && _roomBusy.TryGetValue(room.Id, out var busy) && busy.Any(b => b.Start < end && b.End > start))
        {
            room = null;
        }

        var e = NewEvent(title, category, start, end, allDay, organizer, keeper, visibility, room is null ? place : $"{room.Location} {room.Name}");
        AddAttendees(e, attendees, organizer, pending);
        if (room is not null)
        {
            Hold(room, start, end);
            db.FacilityBookings.Add(Booking(room, e, start, end, organizer.Id, BookingStatus.Confirmed));
        }

        _events.Add(e);
        return e;
    }

    private ScheduleEvent Series(string title, string category, DateOnly firstDay, TimeOnly time, int minutes, RecurrenceRule rule, IReadOnlyList<Person> attendees, Person organizer, Facility room, string place)
    {
        var firstLocal = firstDay.ToDateTime(time);
        while (!rule.Occurrences(firstLocal, TimeSpan.FromMinutes(minutes), firstLocal, firstLocal.AddMinutes(1)).Any())
        {
            firstLocal = firstLocal.AddDays(1); // the series starts on its first matching day
        }

        var start = Clock.FromTokyo(firstLocal);
        var e = NewEvent(title, category, start, start.AddMinutes(minutes), false, organizer, null, EventVisibility.Public, place);
        e.Recurrence = rule.ToString();
        var last = rule.LastOccurrence(firstLocal)!.Value;
        e.SeriesEndsAt = Clock.FromTokyo(last).AddMinutes(minutes);
        AddAttendees(e, attendees, organizer, null);
        foreach (var local in rule.Occurrences(firstLocal, TimeSpan.FromMinutes(minutes), firstLocal, last.AddMinutes(minutes)))
        {
            var s = Clock.FromTokyo(local);
            Hold(room, s, s.AddMinutes(minutes));
            db.FacilityBookings.Add(Booking(room, e, s, s.AddMinutes(minutes), organizer.Id, BookingStatus.Confirmed));
        }

        _events.Add(e);
        return e;
    }

    /// <summary>The first occurrence of a series on or after <paramref name="day"/> (Tokyo wall-clock time).</summary>
    private static DateTime NextOccurrence(ScheduleEvent series, DateOnly day)
    {
        var from = day.ToDateTime(TimeOnly.MinValue);
        return RecurrenceRule.Parse(series.Recurrence!).Occurrences(Clock.TokyoLocal(series.StartsAt), series.EndsAt - series.StartsAt, from, from.AddDays(400)).First();
    }

    /// <summary>
    /// Attaches a file as <see cref="EventAttachmentService"/> stores one (text extracted, SHA-256, the event's id as
    /// owner); the service itself cannot be used here, as it opens a transaction of its own. The event must be saved.
    /// </summary>
    private void Attach(ScheduleEvent e, Person by, string fileName, string contentType, byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        var extracted = AttachmentText.Extract(stream, fileName);
        db.Attachments.Add(new Attachment
        {
            Module = SearchModules.Schedule,
            OwnerKey = e.Id.ToString(CultureInfo.InvariantCulture),
            FileName = fileName,
            ContentType = contentType,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Content = content,
            Text = extracted.Text,
            TextProblem = extracted.Problem,
            CreatedAt = _now,
            CreatedById = by.Id,
        });
    }

    private void AddAttendees(ScheduleEvent e, IReadOnlyList<Person> attendees, Person organizer, IReadOnlyList<int>? pending)
    {
        foreach (var person in attendees.Append(organizer).DistinctBy(p => p.Id))
        {
            var answered = person.Id == organizer.Id || (pending?.Contains(person.Id) != true && _random.Next(4) != 0);
            e.Attendees.Add(new EventAttendee
            {
                AccountId = person.Id,
                Response = answered ? AttendeeResponse.Accepted : AttendeeResponse.Pending,
                RespondedAt = answered ? _now : null,
                StartsAt = e.StartsAt,
                EndsAt = e.SeriesEndsAt,
                IsSeries = e.Recurrence is not null,
            });
        }
    }

    private FacilityBooking Booking(Facility facility, ScheduleEvent? e, DateTimeOffset start, DateTimeOffset end, int bookedBy, BookingStatus status) => new()
    {
        Facility = facility,
        Event = e,
        StartsAt = start,
        EndsAt = end,
        Status = status,
        Purpose = e?.Title ?? "",
        BookedById = bookedBy,
        CreatedAt = _now,
    };

    private void AloneBooking(Facility facility, Person person, DateOnly day, TimeOnly time, int minutes, string purpose, BookingStatus status)
    {
        var start = Clock.FromTokyo(day.ToDateTime(time));
        var booking = Booking(facility, null, start, start.AddMinutes(minutes), person.Id, status);
        booking.Purpose = purpose;
        db.FacilityBookings.Add(booking);
    }

    /// <summary>
    /// The demo's 会議資料, made in code: Word and Excel files with the Open XML SDK, and a small PDF written by hand
    /// (no PDF library writes Japanese without embedding a font file). Their content follows the city's DX strategy:
    /// 電子申請, RPA, グループウェア, テレワーク, ペーパーレス.
    /// </summary>
    internal static class Handouts
    {
        public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        public const string PdfType = "application/pdf";

        private const string Office = "企画振興部 DX戦略室";

        private static readonly CultureInfo JapaneseEra = CreateJapaneseEra();

        private static CultureInfo CreateJapaneseEra()
        {
            var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
            culture.DateTimeFormat.Calendar = new JapaneseCalendar();
            return culture;
        }

        /// <summary>令和8年5月14日(木)</summary>
        private static string Era(DateTime day) => day.ToString("ggy年M月d日(ddd)", JapaneseEra);

        private static string Era(DateOnly day) => Era(day.ToDateTime(TimeOnly.MinValue));

        private static string Time(DateTime at) => at.ToString("H:mm", CultureInfo.InvariantCulture);

        /// <summary>The 次第 of a DX推進本部会議 (Word).</summary>
        public static byte[] HeadquartersAgenda(DateTime starts, DateTime next) => Word.Document("瀬戸内市DX推進本部会議 次第",
        [
            new($"日時 {Era(starts)} {Time(starts)}〜{Time(starts.AddMinutes(90))}", Right: true),
            new("場所 本庁舎4階 大会議室", Right: true),
            new(""),
            new("1 開会", Bold: true),
            new("2 本部長(市長)あいさつ", Bold: true),
            new("3 報告事項", Bold: true),
            new("(1) 行政手続のオンライン化(電子申請)の進捗について …… 資料1", Indent: 1),
            new("(2) RPA実証実験の結果について(住民税特別徴収税額通知の入力) …… 資料2", Indent: 1),
            new("(3) グループウェア「つなぐ」の利用状況について …… 資料3", Indent: 1),
            new("4 協議事項", Bold: true),
            new("(1) 瀬戸内市テレワーク実施要綱の改正について …… 資料4", Indent: 1),
            new("(2) 会議資料のペーパーレス化の全庁展開について …… 資料5", Indent: 1),
            new("5 その他", Bold: true),
            new($"次回開催予定 {Era(next)} {Time(next)}〜 本庁舎4階 大会議室", Indent: 1),
            new("6 閉会", Bold: true),
            new(""),
            new("【配布資料】", Bold: true),
            new("資料1 電子申請 対象手続一覧(Excel)", Indent: 1),
            new("資料2 RPA実証実験 結果報告", Indent: 1),
            new("資料3 グループウェア利用状況(スケジュール・施設予約・掲示板)", Indent: 1),
            new("資料4 瀬戸内市テレワーク実施要綱 新旧対照表", Indent: 1),
            new("資料5 会議のペーパーレス化 推進計画(案)", Indent: 1),
            new(""),
            new("※ 資料はグループウェアの予定「DX推進本部会議」に添付しています。紙での配布は行いませんので、タブレット端末またはノートPCでご覧ください。"),
            new($"事務局 {Office}(内線2315)", Right: true),
        ]);

        /// <summary>The 論点整理 of the 電子申請 導入検討会 (Word).</summary>
        public static byte[] EApplicationIssues(DateOnly day) => Word.Document("電子申請 導入検討会 論点整理",
        [
            new($"{Era(day)} {Office}", Right: true),
            new(""),
            new("1 検討の目的", Bold: true),
            new("子育て・介護関係の手続を、マイナポータル(ぴったりサービス)で受け付ける。申請を受けてからの事務の流れと、基幹系システムへの取込み方法を関係課と確認する。", Indent: 1),
            new("2 論点", Bold: true),
            new("(1) 本人確認:マイナンバーカードの公的個人認証(署名用電子証明書)を必須とする手続と、不要とする手続の区分", Indent: 1),
            new("(2) 添付書類:振込先口座の確認書類や所得の証明を電子で受け付けるか、省略できるか", Indent: 1),
            new("(3) 手数料:手数料がかかる手続にキャッシュレス決済(クレジットカード・スマートフォン決済)を導入するか", Indent: 1),
            new("(4) 基幹系への取込み:申請データ(CSV)をRPAで住民記録・児童手当システムへ入力し、手入力との二重入力をなくす", Indent: 1),
            new("(5) 到着の通知:申請の到着をグループウェアの通知で担当課へ知らせる", Indent: 1),
            new("(6) 窓口との併用:紙の申請書も当面は受け付け、紙と電子の処理件数を毎月集計する", Indent: 1),
            new("3 スケジュール(案)", Bold: true),
            new("5月 対象手続の確定、申請様式の作成", Indent: 1),
            new("6月 ぴったりサービスへの登録、庁内テスト", Indent: 1),
            new("7月 受付開始(広報せとうち・市ホームページで周知)", Indent: 1),
            new("4 関係課", Bold: true),
            new("子育て支援課、介護保険課、健康づくり課、税務課、危機管理課、市民課", Indent: 1),
        ]);

        /// <summary>The list of procedures to be put online (Excel), as the 推進計画 names them.</summary>
        public static byte[] OnlineProcedures(DateOnly asOf)
        {
            const string Kids = "子育て支援課";
            const string Care = "介護保険課";
            const string Counter = "窓口・郵送";
            const string Planned = "令和8年7月";
            string[][] rows =
            [
                ["子育て", "児童手当等の受給資格及び児童手当の額についての認定請求", Kids, "180", Counter, "準備中", Planned, "ぴったりサービス"],
                ["子育て", "児童手当等の額の改定の請求及び届出", Kids, "60", Counter, "準備中", Planned, ""],
                ["子育て", "氏名変更/住所変更等の届出", Kids, "90", Counter, "準備中", Planned, ""],
                ["子育て", "受給事由消滅の届出", Kids, "120", Counter, "準備中", Planned, ""],
                ["子育て", "未支払の児童手当等の請求", Kids, "5", Counter, "準備中", Planned, ""],
                ["子育て", "児童手当等に係る寄附の申出", Kids, "1", Counter, "準備中", Planned, ""],
                ["子育て", "児童手当に係る寄附変更等の申出", Kids, "1", Counter, "準備中", Planned, ""],
                ["子育て", "受給資格者の申出による学校給食費等の徴収等の申出", Kids, "10", Counter, "準備中", Planned, "学校教育課と調整"],
                ["子育て", "受給資格者の申出による学校給食費等の徴収等の変更等の申出", Kids, "3", Counter, "準備中", Planned, "学校教育課と調整"],
                ["子育て", "児童手当等の現況届", Kids, "150", Counter, "準備中", Planned, ""],
                ["子育て", "支給認定の申請(保育)", Kids, "320", "窓口", "準備中", Planned, "保育係"],
                ["子育て", "保育施設等の利用申込", Kids, "350", "窓口", "準備中", Planned, "保育係"],
                ["子育て", "保育施設等の現況届", Kids, "900", Counter, "準備中", Planned, "保育係"],
                ["子育て", "児童扶養手当の現況届の事前送信", Kids, "230", "窓口", "準備中", Planned, "面談は窓口で実施"],
                ["子育て", "妊娠の届出", "健康づくり課", "220", "窓口", "準備中", Planned, "母子健康手帳の交付は窓口"],
                ["介護", "要介護・要支援認定の申請", Care, "1100", Counter, "準備中", Planned, ""],
                ["介護", "要介護・要支援更新認定の申請", Care, "1800", Counter, "準備中", Planned, ""],
                ["介護", "要介護・要支援状態区分変更認定の申請", Care, "300", Counter, "準備中", Planned, ""],
                ["介護", "居宅(介護予防)サービス計画作成(変更)依頼の届出", Care, "700", Counter, "準備中", Planned, "居宅介護支援事業所からの提出が中心"],
                ["介護", "介護保険負担割合証の再交付申請", Care, "40", Counter, "準備中", Planned, ""],
                ["介護", "被保険者証の再交付申請", Care, "150", Counter, "準備中", Planned, ""],
                ["介護", "高額介護(予防)サービス費の支給申請", Care, "600", Counter, "準備中", Planned, ""],
                ["介護", "介護保険負担限度額認定申請", Care, "450", Counter, "準備中", Planned, "預貯金等の確認書類"],
                ["介護", "居宅介護(介護予防)福祉用具購入費の支給申請", Care, "250", Counter, "準備中", Planned, ""],
                ["介護", "居宅介護(介護予防)住宅改修費の支給申請", Care, "200", Counter, "準備中", Planned, "工事写真の添付"],
                ["介護", "住所移転後の要介護・要支援認定申請", Care, "30", Counter, "準備中", Planned, ""],
                ["被災者支援", "罹災証明書の発行申請", "危機管理課", "20", "窓口", "稼働中", "令和7年10月", "災害時は窓口と併用"],
                ["自動車保有", "軽自動車税(種別割)の申告", "税務課", "1500", "窓口", "検討中", "未定", "OSS(ワンストップサービス)の対象"],
                ["自動車保有", "軽自動車税(環境性能割)の申告", "税務課", "400", "窓口", "検討中", "未定", "OSS(ワンストップサービス)の対象"],
                ["自動車保有", "自動車の保管場所証明の申請", "(警察署)", "", "", "対象外", "", "県警察の手続(参考)"],
                ["自動車保有", "自動車税(種別割)の申告", "(岡山県)", "", "", "対象外", "", "県の手続(参考)"],
            ];
            var total = rows.Sum(r => r[3].Length == 0 ? 0 : int.Parse(r[3], CultureInfo.InvariantCulture));
            return Excel.Workbook(
                "対象手続一覧",
                "行政手続のオンライン化(電子申請) 対象手続一覧",
                $"{Era(asOf)}現在 {Office}",
                ["No.", "分野", "手続名", "所管課", "年間件数(見込)", "現在の受付方法", "オンライン化", "開始予定", "備考"],
                [6, 12, 56, 16, 14, 16, 13, 13, 34],
                rows.Select((r, i) => new object[] { i + 1, r[0], r[1], r[2], r[3].Length == 0 ? "" : int.Parse(r[3], CultureInfo.InvariantCulture), r[4], r[5], r[6], r[7] })
                    .Append(["", "", "計", "", total, "", "", "", ""])
                    .ToList());
        }

        /// <summary>The DX office's report to the 庁議 (PDF).</summary>
        public static byte[] ExecutiveReport(DateOnly day) => Pdf.Document("報告事項 DX推進の状況について", $"瀬戸内市 {Office}",
        [
            new("報告事項 DX推進の状況について", 16, Gothic: true),
            new($"{Era(day)} 庁議資料 {Office}", 10.5f),
            new("", 10.5f),
            new("1 テレワークの実施状況", 12, Gothic: true),
            new("・前月のテレワーク実施者は延べ212人で、前年同月の約1.8倍となった。", 10.5f, Indent: 12),
            new("・貸出用モバイル端末を60台から100台に増やした。予約はグループウェアの施設予約で受け付けている。", 10.5f, Indent: 12),
            new("2 会議のペーパーレス化", 12, Gothic: true),
            new("・庁議とDX推進本部会議で、タブレット端末による資料の閲覧を試行している。", 10.5f, Indent: 12),
            new("・両会議の印刷枚数は月平均約12,400枚から約3,100枚に減少した(約75%削減)。", 10.5f, Indent: 12),
            new("・会議資料は、グループウェアの予定に添付して事前に共有する。", 10.5f, Indent: 12),
            new("3 行政手続のオンライン化(電子申請)", 12, Gothic: true),
            new("・子育て・介護関係の26手続を、7月からマイナポータルで受け付ける予定である。", 10.5f, Indent: 12),
            new("・罹災証明書の発行申請は、災害に備えて先行して電子化した。", 10.5f, Indent: 12),
            new("4 RPAの活用", 12, Gothic: true),
            new("・住民税特別徴収税額通知の入力作業を自動化し、年間約480時間の削減を見込む。", 10.5f, Indent: 12),
            new("5 今後の予定", 12, Gothic: true),
            new("・グループウェア操作研修を各課で実施する(講師:DX戦略室)。", 10.5f, Indent: 12),
        ]);

        /// <summary>A paragraph of a Word handout: <paramref name="Indent"/> in characters.</summary>
        public sealed record Paragraph(string Text, bool Bold = false, int Indent = 0, bool Right = false);

        /// <summary>A line of the PDF: size in points, indent in points; long lines wrap.</summary>
        public sealed record PdfLine(string Text, float Size, bool Gothic = false, float Indent = 0);

        private static class Word
        {
            private const string Typeface = "游明朝";

            /// <summary>An A4 document: the title centred and bold, then the paragraphs, in 10.5 pt 游明朝.</summary>
            public static byte[] Document(string title, IReadOnlyList<Paragraph> paragraphs)
            {
                using var stream = new MemoryStream();
                using (var document = WordprocessingDocument.Create(stream, OpenXml.WordprocessingDocumentType.Document))
                {
                    document.PackageProperties.Title = title;
                    document.PackageProperties.Creator = $"瀬戸内市 {Office}";
                    var main = document.AddMainDocumentPart();
                    var body = new W.Body();
                    body.Append(Para(title, bold: true, size: 32, indent: 0, justification: W.JustificationValues.Center));
                    body.Append(new W.Paragraph());
                    foreach (var p in paragraphs)
                    {
                        body.Append(Para(p.Text, p.Bold, 21, p.Indent, p.Right ? W.JustificationValues.Right : W.JustificationValues.Left));
                    }

                    body.Append(new W.SectionProperties(
                        new W.PageSize { Width = 11906U, Height = 16838U },
                        new W.PageMargin { Top = 1701, Right = 1417U, Bottom = 1417, Left = 1417U, Header = 851U, Footer = 992U, Gutter = 0U }));
                    main.Document = new W.Document(body);
                }

                return stream.ToArray();
            }

            /// <summary>A paragraph of one run; size in half-points, indent in characters.</summary>
            private static W.Paragraph Para(string text, bool bold, int size, int indent, W.JustificationValues justification)
            {
                var properties = new W.ParagraphProperties(); // ind before jc, as the schema orders them
                if (indent > 0)
                {
                    properties.Append(new W.Indentation { Left = (indent * size * 10).ToString(CultureInfo.InvariantCulture) });
                }

                properties.Append(new W.Justification { Val = justification });

                var run = new W.RunProperties(new W.RunFonts { Ascii = Typeface, HighAnsi = Typeface, EastAsia = Typeface });
                if (bold)
                {
                    run.Append(new W.Bold());
                }

                run.Append(new W.FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });
                return text.Length == 0
                    ? new W.Paragraph(properties)
                    : new W.Paragraph(properties, new W.Run(run, new W.Text(text) { Space = OpenXml.SpaceProcessingModeValues.Preserve }));
            }
        }

        private static class Excel
        {
            private const string Typeface = "游ゴシック";

            // Cell styles: 0 plain, 1 title, 2 header (bold, shaded, ruled), 3 body (ruled), 4 body number (ruled, #,##0).
            private const uint TitleStyle = 1;
            private const uint HeaderStyle = 2;
            private const uint BodyStyle = 3;
            private const uint NumberStyle = 4;

            /// <summary>One sheet: a title, a subtitle, a blank row, then a ruled table; numbers (int) stay numbers.</summary>
            public static byte[] Workbook(string sheetName, string title, string subtitle, IReadOnlyList<string> header, IReadOnlyList<double> widths, List<object[]> rows)
            {
                using var stream = new MemoryStream();
                using (var document = SpreadsheetDocument.Create(stream, OpenXml.SpreadsheetDocumentType.Workbook))
                {
                    document.PackageProperties.Title = title;
                    document.PackageProperties.Creator = $"瀬戸内市 {Office}";
                    var workbook = document.AddWorkbookPart();
                    workbook.Workbook = new S.Workbook();
                    workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();

                    var data = new S.SheetData();
                    data.Append(Row(1, [title], TitleStyle));
                    data.Append(Row(2, [subtitle], 0));
                    data.Append(Row(4, [.. header], HeaderStyle));
                    for (var i = 0; i < rows.Count; i++)
                    {
                        data.Append(Row((uint)(5 + i), rows[i], BodyStyle));
                    }

                    var columns = new S.Columns(widths.Select((w, i) => new S.Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true }));
                    var sheet = workbook.AddNewPart<WorksheetPart>();
                    sheet.Worksheet = new S.Worksheet(
                        new S.SheetViews(new S.SheetView(new S.Pane { VerticalSplit = 4, TopLeftCell = "A5", ActivePane = S.PaneValues.BottomLeft, State = S.PaneStateValues.Frozen }) { WorkbookViewId = 0U }),
                        columns,
                        data);
                    workbook.Workbook.Append(new S.Sheets(new S.Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1U, Name = sheetName }));
                }

                return stream.ToArray();
            }

            private static S.Row Row(uint index, object[] values, uint style)
            {
                var row = new S.Row { RowIndex = index };
                for (var i = 0; i < values.Length; i++)
                {
                    var reference = $"{Column(i)}{index}";
                    row.Append(values[i] is int number
                        ? new S.Cell { CellReference = reference, StyleIndex = NumberStyle, DataType = S.CellValues.Number, CellValue = new S.CellValue(number) }
                        : new S.Cell
                        {
                            CellReference = reference,
                            StyleIndex = style,
                            DataType = S.CellValues.InlineString,
                            InlineString = new S.InlineString(new S.Text((string)values[i])),
                        });
                }

                return row;
            }

            private static string Column(int index) => ((char)('A' + index)).ToString();

            private static S.Stylesheet Styles()
            {
                static S.Font Font(bool bold, double size)
                {
                    var font = new S.Font();
                    if (bold)
                    {
                        font.Append(new S.Bold());
                    }

                    font.Append(new S.FontSize { Val = size }, new S.FontName { Val = Typeface }, new S.FontFamilyNumbering { Val = 3 }, new S.FontCharSet { Val = 128 });
                    return font;
                }

                static S.Border Ruled() => new(
                    new S.LeftBorder { Style = S.BorderStyleValues.Thin },
                    new S.RightBorder { Style = S.BorderStyleValues.Thin },
                    new S.TopBorder { Style = S.BorderStyleValues.Thin },
                    new S.BottomBorder { Style = S.BorderStyleValues.Thin },
                    new S.DiagonalBorder());

                return new S.Stylesheet(
                    new S.NumberingFormats(new S.NumberingFormat { NumberFormatId = 164U, FormatCode = "#,##0" }) { Count = 1U },
                    new S.Fonts(Font(false, 11), Font(true, 14), Font(true, 11)) { Count = 3U },
                    new S.Fills(
                        new S.Fill(new S.PatternFill { PatternType = S.PatternValues.None }),
                        new S.Fill(new S.PatternFill { PatternType = S.PatternValues.Gray125 }),
                        new S.Fill(new S.PatternFill(new S.ForegroundColor { Rgb = "FFDDEBF7" }) { PatternType = S.PatternValues.Solid })) { Count = 3U },
                    new S.Borders(new S.Border(new S.LeftBorder(), new S.RightBorder(), new S.TopBorder(), new S.BottomBorder(), new S.DiagonalBorder()), Ruled()) { Count = 2U },
                    new S.CellStyleFormats(new S.CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U }) { Count = 1U },
                    new S.CellFormats(
                        new S.CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U },
                        new S.CellFormat { NumberFormatId = 0U, FontId = 1U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyFont = true },
                        new S.CellFormat(new S.Alignment { Horizontal = S.HorizontalAlignmentValues.Center, Vertical = S.VerticalAlignmentValues.Center, WrapText = true })
                        {
                            NumberFormatId = 0U, FontId = 2U, FillId = 2U, BorderId = 1U, FormatId = 0U, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true,
                        },
                        new S.CellFormat(new S.Alignment { Vertical = S.VerticalAlignmentValues.Center, WrapText = true })
                        {
                            NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 1U, FormatId = 0U, ApplyBorder = true, ApplyAlignment = true,
                        },
                        new S.CellFormat { NumberFormatId = 164U, FontId = 0U, FillId = 0U, BorderId = 1U, FormatId = 0U, ApplyNumberFormat = true, ApplyBorder = true }) { Count = 5U },
                    new S.CellStyles(new S.CellStyle { Name = "Normal", FormatId = 0U, BuiltinId = 0U }) { Count = 1U });
            }
        }

        /// <summary>
        /// A minimal PDF 1.4 with Japanese text: the standard Japanese fonts (HeiseiMin-W3, HeiseiKakuGo-W5), not
        /// embedded, addressed through the predefined UniJIS-UCS2-HW-H CMap (half-width ASCII), with a ToUnicode map
        /// so the text can be copied and extracted. A4, lines wrapped by character widths, pages added as needed.
        /// </summary>
        private static class Pdf
        {
            private const float PageWidth = 595.28f;
            private const float PageHeight = 841.89f;
            private const float Margin = 64f;

            public static byte[] Document(string title, string author, IReadOnlyList<PdfLine> lines)
            {
                var pages = new List<StringBuilder>();
                StringBuilder? page = null;
                var y = 0f;
                foreach (var line in lines)
                {
                    // Spaces as 全角 spaces: a half-width space (CID 231) shows as a missing glyph in some viewers.
                    var leading = line.Size * 1.8f;
                    var text = line.Text.Replace(' ', '\u3000');
                    var hanging = text.StartsWith('・') ? line.Size : 0; // a bullet's next lines start under its text
                    var pieces = Wrap(text, line.Size, PageWidth - (2 * Margin) - line.Indent - hanging);
                    if (pieces.Count == 0)
                    {
                        y -= leading;
                        continue;
                    }

                    for (var i = 0; i < pieces.Count; i++)
                    {
                        if (page is null || y - leading < Margin)
                        {
                            page = new StringBuilder();
                            pages.Add(page);
                            y = PageHeight - Margin;
                        }

                        y -= leading;
                        page.Append(CultureInfo.InvariantCulture, $"BT /{(line.Gothic ? "F2" : "F1")} {line.Size:0.##} Tf 1 0 0 1 {Margin + line.Indent + (i > 0 ? hanging : 0):0.##} {y:0.##} Tm <{Hex(pieces[i])}> Tj ET\n");
                    }
                }

                var output = new MemoryStream();
                var offsets = new Dictionary<int, long>();
                void Write(string text) => output.Write(Encoding.Latin1.GetBytes(text));
                void WriteObject(int number, string body)
                {
                    offsets[number] = output.Position;
                    Write($"{number} 0 obj\n{body}\nendobj\n");
                }

                void WriteStream(int number, string content)
                {
                    var bytes = Encoding.ASCII.GetBytes(content);
                    offsets[number] = output.Position;
                    Write($"{number} 0 obj\n<< /Length {bytes.Length} >>\nstream\n");
                    output.Write(bytes);
                    Write("\nendstream\nendobj\n");
                }

                Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
                var pageNumbers = Enumerable.Range(0, pages.Count).Select(i => 11 + (2 * i)).ToList();
                WriteObject(1, "<< /Type /Catalog /Pages 2 0 R >>");
                WriteObject(2, $"<< /Type /Pages /Kids [{string.Join(' ', pageNumbers.Select(n => $"{n} 0 R"))}] /Count {pages.Count} >>");
                WriteObject(3, $"<< /Title <{Utf16(title)}> /Author <{Utf16(author)}> /Producer (Tsunagu) >>");
                WriteStream(4, ToUnicode(lines.SelectMany(l => l.Text).Append('\u3000')));
                Font(5, "HeiseiMin-W3", "/Flags 6 /FontBBox [-123 -257 1001 910] /ItalicAngle 0 /Ascent 723 /Descent -241 /CapHeight 709 /StemV 69");
                Font(8, "HeiseiKakuGo-W5", "/Flags 4 /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 752 /Descent -221 /CapHeight 737 /StemV 114");
                for (var i = 0; i < pages.Count; i++)
                {
                    WriteObject(pageNumbers[i], string.Create(
                        CultureInfo.InvariantCulture,
                        $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth:0.##} {PageHeight:0.##}] /Resources << /Font << /F1 5 0 R /F2 8 0 R >> >> /Contents {pageNumbers[i] + 1} 0 R >>"));
                    WriteStream(pageNumbers[i] + 1, pages[i].ToString());
                }

                var count = 11 + (2 * pages.Count);
                var xref = output.Position;
                var table = new StringBuilder();
                table.Append(CultureInfo.InvariantCulture, $"xref\n0 {count}\n0000000000 65535 f \n");
                for (var n = 1; n < count; n++)
                {
                    table.Append(CultureInfo.InvariantCulture, $"{offsets[n]:D10} 00000 n \n");
                }

                table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {count} /Root 1 0 R /Info 3 0 R >>\nstartxref\n{xref}\n%%EOF\n");
                Write(table.ToString());
                return output.ToArray();

                void Font(int number, string name, string metrics)
                {
                    WriteObject(number, $"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /UniJIS-UCS2-HW-H /DescendantFonts [{number + 1} 0 R] /ToUnicode 4 0 R >>");
                    WriteObject(number + 1, $"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor {number + 2} 0 R /DW 1000 /W [231 632 500] >>");
                    WriteObject(number + 2, $"<< /Type /FontDescriptor /FontName /{name} {metrics} >>");
                }
            }

            /// <summary>Half-width: ASCII and half-width katakana (CIDs 231–632 under UniJIS-UCS2-HW-H).</summary>
            private static bool IsHalfWidth(char c) => c < 0x7F || c is >= '\uFF61' and <= '\uFF9F';

            private static List<string> Wrap(string text, float size, float width)
            {
                var pieces = new List<string>();
                var start = 0;
                var used = 0f;
                for (var i = 0; i < text.Length; i++)
                {
                    var w = size * (IsHalfWidth(text[i]) ? 0.5f : 1f);
                    if (used + w > width && i > start)
                    {
                        pieces.Add(text[start..i]);
                        start = i;
                        used = 0;
                    }

                    used += w;
                }

                if (start < text.Length)
                {
                    pieces.Add(text[start..]);
                }

                return pieces;
            }

            /// <summary>The UCS-2 codes of the text, as a PDF hex string's content (the BMP only).</summary>
            private static string Hex(string text)
            {
                if (text.Any(char.IsSurrogate))
                {
                    throw new ArgumentException("Only characters of the Basic Multilingual Plane are supported.", nameof(text));
                }

                return string.Concat(text.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)));
            }

            private static string Utf16(string text) => "FEFF" + Hex(text);

            /// <summary>Codes are UCS-2, so each code maps to itself: one bfrange per high byte used.</summary>
            private static string ToUnicode(IEnumerable<char> used)
            {
                var highBytes = used.Select(c => c >> 8).Distinct().Order().ToList();
                var cmap = new StringBuilder();
                cmap.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
                    .Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
                    .Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
                    .Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
                foreach (var chunk in highBytes.Chunk(100))
                {
                    cmap.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfrange\n");
                    foreach (var high in chunk)
                    {
                        cmap.Append(CultureInfo.InvariantCulture, $"<{high:X2}00> <{high:X2}FF> <{high:X2}00>\n");
                    }

                    cmap.Append("endbfrange\n");
                }

                cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
                return cmap.ToString();
            }
        }
    }
}
