using System.Globalization;
using Tsunagu.Core;
using Tsunagu.Core.Approvals;

namespace Tsunagu.Web.Features.Approvals;

/// <summary>Times and dates of the request pages: Tokyo time, 和暦 (令和8年11月27日 14:05; stamps 8.11.27).</summary>
public static class ApprovalFormat
{
    private static readonly CultureInfo Wareki = CreateWareki();

    private static CultureInfo CreateWareki()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return CultureInfo.ReadOnly(culture);
    }

    public static string DateTime(DateTimeOffset value) => Clock.ToTokyo(value).DateTime.ToString("ggy年M月d日 H:mm", Wareki);

    public static string Date(DateTimeOffset value) => Clock.ToTokyo(value).DateTime.ToString("ggy年M月d日", Wareki);

    public static string Date(DateOnly value) => value.ToDateTime(TimeOnly.MinValue).ToString("ggy年M月d日", Wareki);

    /// <summary>The date on a stamp (印影): era year.month.day, as 8.11.27.</summary>
    public static string StampDate(DateTimeOffset value) => Clock.ToTokyo(value).DateTime.ToString("y.M.d", Wareki);

    /// <summary>ISO time for the time element's datetime attribute.</summary>
    public static string Iso(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The family name for a stamp: the part before the first space (full- or half-width), else the first two characters.</summary>
    public static string FamilyName(string name)
    {
        var trimmed = (name ?? "").Trim();
        var space = trimmed.IndexOfAny([' ', '　']);
        return space > 0 ? trimmed[..space] : trimmed.Length > 2 ? trimmed[..2] : trimmed;
    }

    public static string Yen(long? amount) => amount is { } a ? a.ToString("#,0", CultureInfo.InvariantCulture) + "円" : "";

    /// <summary>The verb of the step's approve action: 承認, 決裁, 同意 (合議), 確認 (回覧).</summary>
    public static string ApproveKey(StepKind kind) => kind switch
    {
        StepKind.Final => "Action.Decide",
        StepKind.Consultation => "Action.Consent",
        StepKind.Circulation => "Action.Acknowledge",
        _ => "Action.Approve",
    };

    public static string StatusClass(RequestStatus status) => status switch
    {
        RequestStatus.Approved => "badge-success",
        RequestStatus.Rejected or RequestStatus.Withdrawn => "badge-error",
        RequestStatus.SentBack or RequestStatus.PulledBack => "badge-warning",
        RequestStatus.InProgress => "badge-info",
        _ => "badge-neutral",
    };
}
