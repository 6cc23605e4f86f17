using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Search;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Features.StaffDirectory;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Api;

public sealed record MeDto(int Id, string Login, string Name, string Kana, string? Department, string? Position, IReadOnlyList<string> Roles);

public sealed record NotificationDto(long Id, string Kind, string Title, string Body, string? Url, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record DepartmentDto(int Id, string Name, string Path, string Kind, int? ParentId, bool Active);

public sealed record StaffDto(int Id, string Login, string Name, string Kana, string? Department, string? Position, string? Email);

public sealed record TokenDto(int Id, string Name, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>/api/v1: the same rights as the pages, for automation and integration.</summary>
public static class ApiEndpoints
{
    private const int PageSize = 50;

    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithMetadata(new FeatureAttribute("api")).DisableAntiforgery();
        api.MapGet("/me", GetMeAsync).WithName("GetMe").WithSummary("サインイン中の本人");
        api.MapGet("/notifications", GetNotificationsAsync).WithSummary("自分宛の通知");
        api.MapPost("/notifications/{id:long}/read", MarkReadAsync).WithSummary("通知を既読にする");
        api.MapGet("/departments", GetDepartmentsAsync).RequireAuthorization(Policies.Staff).WithSummary("組織(部署)一覧");
        api.MapGet("/staff", GetStaffAsync).RequireAuthorization(Policies.Staff).WithSummary("職員名簿");
        api.MapGet("/search", SearchAsync).WithSummary("全文検索(本人が開けるものだけ)");
        api.MapGet("/tokens", GetTokensAsync).WithSummary("自分のアクセストークン");
        api.MapDelete("/tokens/{id:int}", RevokeTokenAsync).WithSummary("アクセストークンを失効させる");
        return app;
    }

    private static async Task<Results<Ok<MeDto>, NotFound>> GetMeAsync(CurrentUser me, AppDbContext db, UserManager<Tsunagu.Core.Identity.Account> users)
    {
        var account = await db.Users.AsNoTracking().Include(a => a.Department).Include(a => a.Position).SingleOrDefaultAsync(a => a.Id == me.RequiredId);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var roles = await users.GetRolesAsync(account);
        return TypedResults.Ok(new MeDto(account.Id, account.UserName!, account.DisplayName, account.Kana, account.Department?.Path, account.Position?.Name, roles.ToList()));
    }

    private static async Task<Ok<PagedResult<NotificationDto>>> GetNotificationsAsync(CurrentUser me, AppDbContext db, bool? unreadOnly, int? page)
    {
        var p = Math.Clamp(page ?? 1, 1, 10_000);
        var query = db.Notifications.AsNoTracking().Where(n => n.RecipientId == me.RequiredId);
        if (unreadOnly == true)
        {
            query = query.Where(n => n.ReadAt == null);
        }

        var total = await query.CountAsync();
        var items = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip((p - 1) * PageSize).Take(PageSize)
            .Select(n => new NotificationDto(n.Id, n.Kind, n.Title, n.Body, n.Url, n.CreatedAt, n.ReadAt)).ToListAsync();
        return TypedResults.Ok(new PagedResult<NotificationDto>(items, p, PageSize, total));
    }

    private static async Task<Results<NoContent, NotFound>> MarkReadAsync(long id, CurrentUser me, AppDbContext db, TimeProvider clock, IRealtimeNotifier realtime)
    {
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.RecipientId == me.RequiredId);
        if (notification is null)
        {
            return TypedResults.NotFound();
        }

        notification.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync();
        await realtime.PublishAsync(me.RequiredId, CancellationToken.None);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<DepartmentDto>>> GetDepartmentsAsync(AppDbContext db) =>
        TypedResults.Ok(await db.Departments.AsNoTracking().OrderBy(d => d.Path)
            .Select(d => new DepartmentDto(d.Id, d.Name, d.Path, d.Kind, d.ParentId, d.IsActive)).ToListAsync());

    private static async Task<Ok<PagedResult<StaffDto>>> GetStaffAsync(AppDbContext db, string? q, int? department, int? page)
    {
        var p = Math.Clamp(page ?? 1, 1, 10_000);
        var departments = await db.Departments.AsNoTracking().ToListAsync();
        var query = StaffQueries.Search(db, q, department, departments, includeInactive: false);
        var total = await query.CountAsync();
        var items = await query.OrderBy(a => a.Department!.Path).ThenBy(a => a.Position!.Rank).ThenBy(a => a.Kana)
            .Skip((p - 1) * PageSize).Take(PageSize)
            .Select(a => new StaffDto(a.Id, a.UserName!, a.DisplayName, a.Kana, a.Department!.Path, a.Position!.Name, a.Email)).ToListAsync();
        return TypedResults.Ok(new PagedResult<StaffDto>(items, p, PageSize, total));
    }

    private static async Task<Results<Ok<SearchResults>, ProblemHttpResult>> SearchAsync(CurrentUser me, AppDbContext db, SearchIndex index, string? q, string? module, int? department, string? period, int? page)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return TypedResults.Problem(statusCode: 400, title: "検索語を q に指定してください。");
        }

        var viewer = await SearchViewer.ForAccountAsync(db, me.RequiredId);
        return TypedResults.Ok(await index.QueryAsync(Search.SearchRequests.Build(q, module, department, period, page, PageSize), viewer));
    }

    private static async Task<Ok<List<TokenDto>>> GetTokensAsync(CurrentUser me, AppDbContext db) =>
        TypedResults.Ok(await db.AccessTokens.AsNoTracking().Where(t => t.AccountId == me.RequiredId).OrderByDescending(t => t.Id)
            .Select(t => new TokenDto(t.Id, t.Name, t.Hint, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt)).ToListAsync());

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(int id, CurrentUser me, AccessTokenService tokens)
    {
        try
        {
            await tokens.RevokeAsync(id, me.RequiredId, me.Actor);
            return TypedResults.NoContent();
        }
        catch (DomainException ex)
        {
            return TypedResults.Problem(statusCode: ex.Code == "token.not-found" ? 404 : 409, title: ex.Message);
        }
    }
}
