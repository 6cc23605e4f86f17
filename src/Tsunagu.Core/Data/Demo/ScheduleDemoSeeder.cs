using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;

namespace Tsunagu.Core.Data.Demo;

/// <summary>
/// The demo city's schedules and facilities, relative to the day the demo is created: this week's and next week's
/// meetings, trips, visitors and leave; weekly and monthly series; the 三役's week kept by the secretaries; rooms,
/// cars and equipment with bookings, some of them 仮予約 waiting for 契約管財課; 会議資料 (a Word 次第, an Excel list
/// of procedures, a PDF report) on the coming DX meetings and 庁議. Deterministic for a given start day (but for the
/// bytes of the generated files).
/// </summary>
public sealed partial class ScheduleDemoSeeder(AppDbContext db, TimeProvider clock, NotificationService notifications)
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

        // Series: 庁議 every Monday, the DX office's weekly stand-up, the monthly 幹事会 of the DX推進本部 (its directors and
        // the secretariat prepare what the quarterly 本部会議 decides; the 本部会議 itself comes from the meetings module).
        var start = monday.AddDays(-14);
        var executiveMeeting = Series("庁議", EventCategories.Meeting, start, new(9, 0), 60, RecurrenceRule.Weekly(DayOfWeek.Monday).WithCount(40), executives.Concat(directors).ToList(), executives[0], facilities["第1会議室"], "本庁舎3階 第1会議室");
        Series("DX戦略室 週次定例", EventCategories.Meeting, start, new(9, 30), 30, RecurrenceRule.Weekly(DayOfWeek.Wednesday).WithCount(20), dxTeam, dxTeam[0], facilities["第3会議室"], "本庁舎3階 第3会議室");
        var dxHeadquarters = Series("DX推進本部幹事会", EventCategories.Meeting, monday.AddDays(-28), new(14, 0), 90, RecurrenceRule.MonthlyByWeekday(2, DayOfWeek.Thursday).WithCount(12), directors.Append(me).Concat(dxTeam.Take(2)).Distinct().ToList(), dxTeam[0], facilities["大会議室"], "本庁舎4階 大会議室");

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

        // 会議資料 on the next DX推進本部幹事会, tomorrow's 電子申請 導入検討会 and the next 庁議 (added by whom the service
        // lets add them: the organiser, or the secretary who keeps the mayor's schedule); indexed with the events below.
        var dxLead = dxTeam[0];
        var headquartersDay = NextOccurrence(dxHeadquarters, today);
        Attach(dxHeadquarters, dxLead, $"DX推進本部幹事会 次第({headquartersDay:M'月'd'日'}).docx", Handouts.DocxType, Handouts.HeadquartersAgenda(headquartersDay, NextOccurrence(dxHeadquarters, DateOnly.FromDateTime(headquartersDay).AddDays(1))));
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
}
