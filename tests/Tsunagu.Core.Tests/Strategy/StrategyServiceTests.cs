using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Strategy;
using Tsunagu.Core.Tests.Bulletins;
using Tsunagu.Core.Tests.Infrastructure;

namespace Tsunagu.Core.Tests.Strategy;

/// <summary>Maturity assessments and the roadmap on both databases. The test clock starts at 2026-04-01 (R8上期).</summary>
public sealed class StrategyServiceTests
{
    private static StrategyActor Dx(BulletinPerson p) => new(p.Id, p.Login, "総務部/総務課", new HashSet<string> { Roles.Staff, Roles.DxOffice }, new Actor(p.Id, p.Login, null));

    private static StrategyActor Plain(BulletinPerson p) => new(p.Id, p.Login, "総務部/財政課", new HashSet<string> { Roles.Staff }, new Actor(p.Id, p.Login, null));

    private static StrategyActor Admin(BulletinPerson p) => new(p.Id, p.Login, null, new HashSet<string> { Roles.SystemAdministrator }, new Actor(p.Id, p.Login, null));

    private static List<MaturityScoreInput> Scores(int a, int b, int c, int d, string evidence = "根拠") =>
        [new(MaturityAxis.ItLiteracy, a, evidence), new(MaturityAxis.InternalSystems, b, evidence), new(MaturityAxis.Organization, c, evidence), new(MaturityAxis.ImprovementMindset, d, evidence)];

    private static Task<T> With<T>(TestDatabase db, Func<StrategyService, Task<T>> action) =>
        db.InScopeAsync(sp => action(sp.GetRequiredService<StrategyService>()));

    private static Task With(TestDatabase db, Func<StrategyService, Task> action) =>
        db.InScopeAsync(sp => action(sp.GetRequiredService<StrategyService>()));

    [Theory, DatabaseData]
    public async Task RecordAssessment_ByTheDxOffice_IsKept_AndHistoryIsOldestFirst(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var dx = Dx(city.SoumuShuji);

        await With(db, s => s.RecordAssessmentAsync(dx, null, new DateOnly(2025, 3, 1), Scores(3, 3, 4, 3)));
        await With(db, s => s.RecordAssessmentAsync(dx, null, new DateOnly(2021, 5, 12), Scores(2, 2, 2, 2)));
        await With(db, s => s.RecordAssessmentAsync(dx, city.Zaisei, new DateOnly(2026, 3, 31), Scores(4, 4, 4, 5)));

        var history = await db.InScopeAsync(sp => sp.GetRequiredService<StrategyReader>().HistoryAsync(null));
        history.Select(h => h.AssessedOn).ShouldBe([new DateOnly(2021, 5, 12), new DateOnly(2025, 3, 1)]);
        history[1].Levels[MaturityAxis.Organization].ShouldBe(4);
        history[1].Evidence[MaturityAxis.ItLiteracy].ShouldBe("根拠");
        var finance = await db.InScopeAsync(sp => sp.GetRequiredService<StrategyReader>().HistoryAsync(city.Zaisei));
        finance.Single().Levels[MaturityAxis.ImprovementMindset].ShouldBe(5);
        (await db.QueryAsync(d => d.AuditEntries.CountAsync(e => e.Action == "maturity.assessed"))).ShouldBe(3);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite, 0)]
    [InlineData(DatabaseKind.Sqlite, 6)]
    [InlineData(DatabaseKind.PostgreSql, -1)]
    [InlineData(DatabaseKind.PostgreSql, 6)]
    public async Task RecordAssessment_WithALevelOutside1To5_IsRefused_AndNothingWritten(DatabaseKind database, int level)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();

        var ex = await Should.ThrowAsync<DomainException>(() => With(db, s => s.RecordAssessmentAsync(Dx(city.SoumuShuji), null, new DateOnly(2026, 3, 1), Scores(3, level, 3, 3))));

        ex.Message.ShouldContain("1から5");
        (await db.QueryAsync(d => d.MaturityAssessments.CountAsync())).ShouldBe(0);
        (await db.QueryAsync(d => d.Set<MaturityScore>().CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task RecordAssessment_InTheFuture_WithoutAnAxis_OrTooLongEvidence_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var dx = Dx(city.SoumuShuji);

        (await Should.ThrowAsync<DomainException>(() => With(db, s => s.RecordAssessmentAsync(dx, null, new DateOnly(2026, 4, 2), Scores(3, 3, 3, 3))))).Code.ShouldBe("maturity.future");
        (await Should.ThrowAsync<DomainException>(() => With(db, s => s.RecordAssessmentAsync(dx, null, new DateOnly(2026, 3, 1), Scores(3, 3, 3, 3).Take(3).ToList())))).Code.ShouldBe("maturity.axis");
        (await Should.ThrowAsync<DomainException>(() => With(db, s => s.RecordAssessmentAsync(dx, null, new DateOnly(2026, 3, 1), Scores(3, 3, 3, 3, new string('あ', 1001)))))).Code.ShouldBe("maturity.evidence");
        (await Should.ThrowAsync<DomainException>(() => With(db, s => s.RecordAssessmentAsync(dx, 987654, new DateOnly(2026, 3, 1), Scores(3, 3, 3, 3))))).Code.ShouldBe("maturity.department");
        (await db.QueryAsync(d => d.MaturityAssessments.CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task RecordAssessment_ByPlainStaff_IsDenied(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();

        await Should.ThrowAsync<AccessDeniedException>(() => With(db, s => s.RecordAssessmentAsync(Plain(city.ZaiseiKacho), null, new DateOnly(2026, 3, 1), Scores(3, 3, 3, 3))));
        (await db.QueryAsync(d => d.MaturityAssessments.CountAsync())).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task UpdateCell_FollowsTheEditorsSetting(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var dx = Dx(city.SoumuShuji);
        var plain = Plain(city.ZaiseiKacho);
        var measure = await With(db, s => s.AddMeasureAsync(dx, "デジタルデバイド対策", null));
        var period = new RoadmapPeriod(2025, 2);

        await Should.ThrowAsync<AccessDeniedException>(() => With(db, s => s.UpdateCellAsync(plain, measure.Id, period, new RoadmapCellInput("勉強会", RoadmapStatus.Done, "財政課", null))));

        // A system administrator names 総務部/財政課; the 課長 there may now edit, the DX office no longer.
        await With(db, s => s.SetEditorsAsync(Admin(city.SoumuKacho), new RoadmapEditors([], ["総務部/財政課"], [])));
        var cell = await With(db, s => s.UpdateCellAsync(plain, measure.Id, period, new RoadmapCellInput("勉強会", RoadmapStatus.Done, "財政課", null)));
        cell.Status.ShouldBe(RoadmapStatus.Done);
        await Should.ThrowAsync<AccessDeniedException>(() => With(db, s => s.UpdateCellAsync(dx, measure.Id, period, new RoadmapCellInput("勉強会", RoadmapStatus.Done, null, null))));

        // Unknown departments and accounts are refused, the setting unchanged.
        await Should.ThrowAsync<DomainException>(() => With(db, s => s.SetEditorsAsync(Admin(city.SoumuKacho), new RoadmapEditors([], ["存在しない部"], []))));
        await Should.ThrowAsync<DomainException>(() => With(db, s => s.SetEditorsAsync(Admin(city.SoumuKacho), new RoadmapEditors([], [], ["nobody.here"]))));
        await Should.ThrowAsync<AccessDeniedException>(() => With(db, s => s.SetEditorsAsync(dx, RoadmapEditors.Default)));
        (await db.QueryAsync(d => d.Settings.SingleAsync(x => x.Key == RoadmapEditors.SettingKey))).Value.ShouldBe("department:総務部/財政課");
        (await db.QueryAsync(d => d.AuditEntries.CountAsync(e => e.Action.StartsWith("roadmap.")))).ShouldBe(3);
    }

    [Theory, DatabaseData]
    public async Task UpdateCell_DoneBeforeTheHalfYearBegins_IsRefused(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var dx = Dx(city.SoumuShuji);
        var measure = await With(db, s => s.AddMeasureAsync(dx, "組織体制の整備", null));

        // Today is 2026-04-01: R8上期 has begun, R8下期 has not.
        (await With(db, s => s.UpdateCellAsync(dx, measure.Id, new RoadmapPeriod(2026, 1), new RoadmapCellInput("見直し", RoadmapStatus.InProgress, null, null)))).Status.ShouldBe(RoadmapStatus.InProgress);
        var ex = await Should.ThrowAsync<DomainException>(() => With(db, s => s.UpdateCellAsync(dx, measure.Id, new RoadmapPeriod(2026, 2), new RoadmapCellInput("見直し", RoadmapStatus.Done, null, null))));
        ex.Code.ShouldBe("roadmap.not-begun");
        (await Should.ThrowAsync<DomainException>(() => With(db, s => s.UpdateCellAsync(dx, measure.Id, new RoadmapPeriod(2026, 1), new RoadmapCellInput(new string('あ', 201), RoadmapStatus.InProgress, null, null))))).Code.ShouldBe("roadmap.activity");
        (await db.QueryAsync(d => d.RoadmapCells.CountAsync())).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Measures_AreOrdered_Moved_AndRetiredNotDeleted(DatabaseKind database)
    {
        await using var db = await TestDatabase.CreateAsync(database);
        var city = await db.CityAsync();
        var dx = Dx(city.SoumuShuji);
        var a = await With(db, s => s.AddMeasureAsync(dx, "マイナンバーカードの普及促進", null));
        var b = await With(db, s => s.AddMeasureAsync(dx, "テレワークの推進", null));
        var b1 = await With(db, s => s.AddMeasureAsync(dx, "各種業務デジタル化", b.Id));
        await Should.ThrowAsync<DomainException>(() => With(db, s => s.AddMeasureAsync(dx, "孫", b1.Id)));
        await Should.ThrowAsync<DomainException>(() => With(db, s => s.AddMeasureAsync(dx, "  ", null)));

        await With(db, s => s.MoveMeasureAsync(dx, b.Id, up: true));
        await With(db, s => s.RenameMeasureAsync(dx, a.Id, "マイナンバーカードの普及促進(継続)"));
        await With(db, s => s.RetireMeasureAsync(dx, b1.Id));

        var reader = (Func<bool, Task<IReadOnlyList<RoadmapRow>>>)(all => db.InScopeAsync(sp => sp.GetRequiredService<StrategyReader>().RoadmapAsync(all)));
        (await reader(false)).Select(r => r.Title).ShouldBe(["テレワークの推進", "マイナンバーカードの普及促進(継続)"]);
        (await reader(true)).Select(r => r.Title).ShouldBe(["テレワークの推進", "各種業務デジタル化", "マイナンバーカードの普及促進(継続)"]);
        (await Should.ThrowAsync<DomainException>(() => With(db, s => s.RetireMeasureAsync(dx, b1.Id)))).Code.ShouldBe("roadmap.retired");
    }
}
