using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Meetings;
using Tsunagu.Web.Features.Accounts;
using Tsunagu.Web.Features.Api;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Meetings;

public sealed record MeetingRowDto(int Id, string Title, string? Body, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, bool Cancelled, string Url);

public sealed record MeetingAgendaItemDto(int Id, int Position, string Title, string Description, int? PresenterId, string? Presenter, int DurationMinutes);

public sealed record MeetingAttendeeDto(int AccountId, string Name, string Department, string Attendance);

public sealed record MeetingMaterialDto(int Id, int? AgendaItemId, string FileName, string ContentType, long Size, string ViewUrl, string DownloadUrl);

public sealed record MeetingDto(
    int Id, string Title, string? Body, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, string? WebMeetingUrl, bool Cancelled, string? MovedReason,
    string? Chair, string? Secretary, IReadOnlyList<MeetingAgendaItemDto> Agenda, IReadOnlyList<MeetingAttendeeDto> Attendees, IReadOnlyList<MeetingMaterialDto> Materials, string Url);

/// <summary>
/// The meeting pages' forms post here with the antiforgery token and come back with 303 (a refused post leaves a
/// one-time message); paper downloads; and the read API /api/v1/meetings. A session the caller may not see is not found.
/// </summary>
public static class MeetingEndpoints
{
    public static IEndpointRouteBuilder MapMeetingEndpoints(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/meetings").RequireAuthorization(Policies.Staff).WithMetadata(new FeatureAttribute(MeetingService.UsageFeature)).ExcludeFromDescription();
        pages.MapPost("/bodies/{id:int}/generate", GenerateAsync).AllowCookieRedirect();
        pages.MapPost("/{id:int}/edit", EditAsync).AllowCookieRedirect();
        pages.MapPost("/{id:int}/cancel", CancelAsync).AllowCookieRedirect();
        pages.MapPost("/{id:int}/agenda", AddItemAsync).AllowCookieRedirect();
        pages.MapPost("/{id:int}/agenda/{itemId:int}", UpdateItemAsync).AllowCookieRedirect();
        pages.MapPost("/{id:int}/agenda/{itemId:int}/move", MoveItemAsync).AllowCookieRedirect();
        pages.MapPost("/{id:int}/agenda/{itemId:int}/delete", RemoveItemAsync).AllowCookieRedirect();
        pages.MapPost("/{id:int}/materials", UploadAsync).AllowCookieRedirect().DisableAntiforgery();
        pages.MapPost("/{id:int}/materials/{materialId:int}/delete", RemoveMaterialAsync).AllowCookieRedirect();
        pages.MapGet("/{id:int}/materials/{materialId:int}/download", DownloadAsync).AllowCookieRedirect();
        pages.MapPost("/{id:int}/attendance", AttendanceAsync).AllowCookieRedirect();

        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Staff)
            .WithMetadata(new FeatureAttribute(MeetingService.UsageFeature)).DisableAntiforgery().WithTags("Meetings");
        api.MapGet("/meetings", ListApiAsync).WithName("ListMeetings").WithSummary("自分が出席する会議の一覧(show=upcoming|past, page)");
        api.MapGet("/meetings/{id:int}", GetApiAsync).WithName("GetMeeting").WithSummary("会議(日時・場所・議題・出席者・資料)");
        return app;
    }

    // ---- page forms ----

    private delegate Task<string> FormAction(MeetingService service, MeetingActor actor, IFormCollection form);

    /// <summary>Runs a form post: antiforgery, then the action; a refusal for bad input comes back as a one-time message.</summary>
    private static async Task<Results<NotFound, RedirectHttpResult>> RunAsync(
        int meetingId, HttpContext http, IAntiforgery antiforgery, MeetingService service, AppDbContext db, CurrentUser me, FormAction action, string back, CancellationToken cancellationToken)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var actor = await MeetingWeb.ActorAsync(db, me, http, cancellationToken);
        if (meetingId > 0 && !await db.Set<Meeting>().Where(m => m.Id == meetingId).Where(MeetingAccess.VisibleTo(actor.AccountId)).AnyAsync(cancellationToken))
        {
            return TypedResults.NotFound();
        }

        try
        {
            return See(await action(service, actor, form));
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            MeetingWeb.Flash.Set(http, ex.Message);
            return See(back);
        }
        catch (ConflictException ex)
        {
            db.ChangeTracker.Clear();
            MeetingWeb.Flash.Set(http, ex.Message);
            return See(back);
        }
    }

    private static Task<Results<NotFound, RedirectHttpResult>> GenerateAsync(
        int id, HttpContext http, IAntiforgery antiforgery, MeetingService service, AppDbContext db, CurrentUser me, TimeProvider clock, CancellationToken cancellationToken) =>
        RunAsync(0, http, antiforgery, service, db, me, async (s, actor, _) =>
        {
            var today = Clock.TokyoDate(clock.GetUtcNow());
            var result = await s.GenerateAsync(actor, id, today, today.AddMonths(MeetingService.GenerationMonths), cancellationToken);
            return $"{MeetingWeb.BodyHref(id, "generated")}&n={MeetingWeb.Id(result.Created.Count)}";
        }, MeetingWeb.BodyHref(id), cancellationToken);

    private static Task<Results<NotFound, RedirectHttpResult>> EditAsync(
        int id, HttpContext http, IAntiforgery antiforgery, MeetingService service, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        RunAsync(id, http, antiforgery, service, db, me, async (s, actor, form) =>
        {
            var picked = form["attendees"].Select(v => MeetingWeb.TryParseId(v, out var a) ? a : 0).Where(a => a > 0).Distinct().ToList();
            if (form["cmd"] == "find")
            {
                // The picker's search is answered by the page itself, with what was checked so far.
                var query = Uri.EscapeDataString(form["q"].FirstOrDefault() ?? "");
                return $"{MeetingWeb.Href(id)}?q={query}&pick={string.Join(',', picked.Take(MeetingBody.MaxMembers).Select(MeetingWeb.Id))}#edit";
            }

            if (!MeetingWeb.TryParseLocal(form["date"], form["start"], out var starts) || !MeetingWeb.TryParseLocal(form["date"], form["end"], out var ends))
            {
                throw new DomainException("meeting.date", "日付と時刻を正しく入力してください。");
            }

            // With the picker on the form, nobody checked leaves the secretary alone (an empty list would mean "unchanged").
            IReadOnlyList<int> attendees = form["picker"] == "1" && picked.Count == 0 ? [actor.AccountId] : picked;
            await s.UpdateMeetingAsync(actor, id, new MeetingInput { Title = form["title"], StartsAt = starts, EndsAt = ends, Place = form["place"], WebMeetingUrl = form["url"], AttendeeIds = attendees }, cancellationToken);
            return MeetingWeb.Href(id, "saved");
        }, MeetingWeb.Href(id) + "#edit", cancellationToken);

    private static Task<Results<NotFound, RedirectHttpResult>> CancelAsync(
        int id, HttpContext http, IAntiforgery antiforgery, MeetingService service, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        RunAsync(id, http, antiforgery, service, db, me, async (s, actor, _) =>
        {
            await s.CancelMeetingAsync(actor, id, cancellationToken);
            return MeetingWeb.Href(id, "cancelled");
        }, MeetingWeb.Href(id), cancellationToken);

    private static Task<Results<NotFound, RedirectHttpResult>> AddItemAsync(
        int id, HttpContext http, IAntiforgery antiforgery, MeetingService service, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        RunAsync(id, http, antiforgery, service, db, me, async (s, actor, form) =>
        {
            var (presenter, minutes) = ItemFields(form);
            await s.AddAgendaItemAsync(actor, id, form["title"], form["description"], presenter, minutes, cancellationToken);
            return MeetingWeb.Href(id, "agenda") + "#agenda";
        }, MeetingWeb.Href(id) + "#agenda", cancellationToken);

    private static Task<Results<NotFound, RedirectHttpResult>> UpdateItemAsync(
        int id, int itemId, HttpContext http, IAntiforgery antiforgery, MeetingService service, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        RunAsync(id, http, antiforgery, service, db, me, async (s, actor, form) =>
        {
            var (presenter, minutes) = ItemFields(form);
            await s.UpdateAgendaItemAsync(actor, id, itemId, form["title"], form["description"], presenter, minutes, cancellationToken);
            return MeetingWeb.Href(id, "agenda") + "#agenda";
        }, MeetingWeb.Href(id) + "#agenda", cancellationToken);

    private static Task<Results<NotFound, RedirectHttpResult>> MoveItemAsync(
        int id, int itemId, HttpContext http, IAntiforgery antiforgery, MeetingService service, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        RunAsync(id, http, antiforgery, service, db, me, async (s, actor, form) =>
        {
            await s.MoveAgendaItemAsync(actor, id, itemId, form["direction"] == "up" ? -1 : 1, cancellationToken);
            return MeetingWeb.Href(id, "agenda") + "#agenda";
        }, MeetingWeb.Href(id) + "#agenda", cancellationToken);

    private static Task<Results<NotFound, RedirectHttpResult>> RemoveItemAsync(
        int id, int itemId, HttpContext http, IAntiforgery antiforgery, MeetingService service, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        RunAsync(id, http, antiforgery, service, db, me, async (s, actor, _) =>
        {
            await s.RemoveAgendaItemAsync(actor, id, itemId, cancellationToken);
            return MeetingWeb.Href(id, "agenda") + "#agenda";
        }, MeetingWeb.Href(id) + "#agenda", cancellationToken);

    private static async Task<Results<NotFound, RedirectHttpResult>> UploadAsync(
        int id, HttpContext http, IAntiforgery antiforgery, MeetingService service, AppDbContext db, CurrentUser me, CancellationToken cancellationToken)
    {
        // Antiforgery is checked in RunAsync (the group's automatic check would read the whole upload first).
        return await RunAsync(id, http, antiforgery, service, db, me, async (s, actor, form) =>
        {
            int? itemId = MeetingWeb.TryParseId(form["item"], out var i) ? i : null;
            var files = form.Files.GetFiles("files").Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
            var streams = files.Select(f => f.OpenReadStream()).ToList();
            try
            {
                await s.AddMaterialsAsync(actor, id, itemId, files.Select((f, n) => new MaterialUpload(f.FileName, f.ContentType, streams[n])).ToList(), cancellationToken);
            }
            finally
            {
                foreach (var stream in streams)
                {
                    await stream.DisposeAsync();
                }
            }

            return MeetingWeb.Href(id, "uploaded") + "#papers";
        }, MeetingWeb.Href(id) + "#papers", cancellationToken);
    }

    private static Task<Results<NotFound, RedirectHttpResult>> RemoveMaterialAsync(
        int id, int materialId, HttpContext http, IAntiforgery antiforgery, MeetingService service, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        RunAsync(id, http, antiforgery, service, db, me, async (s, actor, _) =>
        {
            await s.RemoveMaterialAsync(actor, id, materialId, cancellationToken);
            return MeetingWeb.Href(id, "removed") + "#papers";
        }, MeetingWeb.Href(id) + "#papers", cancellationToken);

    private static Task<Results<NotFound, RedirectHttpResult>> AttendanceAsync(
        int id, HttpContext http, IAntiforgery antiforgery, MeetingService service, AppDbContext db, CurrentUser me, CancellationToken cancellationToken) =>
        RunAsync(id, http, antiforgery, service, db, me, async (s, actor, form) =>
        {
            var state = MeetingWeb.ParseAttendance(form["state"]) ?? throw new DomainException("meeting.attendance-state", "出欠は「出席」「欠席」「未回答」から選んでください。");
            var who = MeetingWeb.TryParseId(form["account"], out var a) ? a : actor.AccountId;
            await s.SetAttendanceAsync(actor, id, who, state, cancellationToken);
            return MeetingWeb.Href(id, "attendance") + "#attendance";
        }, MeetingWeb.Href(id) + "#attendance", cancellationToken);

    private static (int? Presenter, int Minutes) ItemFields(IFormCollection form)
    {
        int? presenter = MeetingWeb.TryParseId(form["presenter"], out var p) ? p : null;
        var text = (form["minutes"].FirstOrDefault() ?? "").Trim();
        if (text.Length == 0)
        {
            return (presenter, 0);
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            throw new DomainException("meeting.item-duration", "議題の時間は0〜600分で入力してください。");
        }

        return (presenter, minutes);
    }

    private static async Task<Results<NotFound, FileContentHttpResult>> DownloadAsync(
        int id, int materialId, HttpContext http, MeetingService service, CurrentUser me, CancellationToken cancellationToken)
    {
        var file = await service.OpenMaterialAsync(me.RequiredId, id, materialId, cancellationToken);
        if (file is null)
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.CacheControl = "private, no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(file.Content, file.ContentType, file.FileName, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""));
    }

    // ---- API ----

    private static async Task<Results<Ok<PagedResult<MeetingRowDto>>, ProblemHttpResult>> ListApiAsync(
        CurrentUser me, MeetingReader reader, TimeProvider clock, string? show, string? page, CancellationToken cancellationToken)
    {
        var upcoming = (show ?? "").Trim() switch
        {
            "" or "upcoming" => true,
            "past" => false,
            _ => (bool?)null,
        };
        if (upcoming is null)
        {
            return ApiBodies.Problem(400, "show は upcoming・past のいずれかで指定してください。", "meeting.invalid-filter");
        }

        var pageNumber = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1))
        {
            return ApiBodies.Problem(400, "page は1以上の整数で指定してください。", "meeting.invalid-page");
        }

        var result = await reader.ListAsync(me.RequiredId, upcoming.Value, clock.GetUtcNow(), pageNumber, cancellationToken: cancellationToken);
        return TypedResults.Ok(new PagedResult<MeetingRowDto>(
            result.Items.Select(r => new MeetingRowDto(r.Id, r.Title, r.BodyName, r.StartsAt, r.EndsAt, r.Place, r.State == MeetingState.Cancelled, MeetingWeb.Href(r.Id))).ToList(),
            result.Page, result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<MeetingDto>, ProblemHttpResult>> GetApiAsync(int id, CurrentUser me, MeetingReader reader, CancellationToken cancellationToken)
    {
        MeetingDetail? d;
        try
        {
            d = await reader.GetAsync(me.RequiredId, id, cancellationToken);
        }
        catch (AccessDeniedException)
        {
            d = null;
        }

        if (d is null)
        {
            // A session the caller may not see is as missing as one that does not exist.
            return ApiBodies.Problem(404, "会議が見つかりません。", "meeting.not-found");
        }

        var m = d.Meeting;
        var idText = MeetingWeb.Id(m.Id);
        return TypedResults.Ok(new MeetingDto(m.Id, m.Title, d.BodyName, m.StartsAt, m.EndsAt, m.Place, m.WebMeetingUrl, m.IsCancelled, m.MovedReason,
            d.Chair?.Name, d.Secretary?.Name,
            m.AgendaItems.OrderBy(i => i.Position).Select(i => new MeetingAgendaItemDto(i.Id, i.Position, i.Title, i.Description, i.PresenterId,
                i.PresenterId is { } p ? d.PresenterNames.GetValueOrDefault(p) : null, i.DurationMinutes)).ToList(),
            d.Attendees.Select(a => new MeetingAttendeeDto(a.AccountId, a.Name, a.Department, MeetingWeb.AttendanceKey(a.Attendance))).ToList(),
            d.Materials.Select(f => new MeetingMaterialDto(f.Id, f.AgendaItemId, f.FileName, f.ContentType, f.Size,
                $"/meetings/{idText}/materials/{MeetingWeb.Id(f.Id)}", $"/meetings/{idText}/materials/{MeetingWeb.Id(f.Id)}/download")).ToList(),
            MeetingWeb.Href(m.Id)));
    }

    private static RedirectHttpResult See(string url) => TypedResults.Redirect(url);
}
