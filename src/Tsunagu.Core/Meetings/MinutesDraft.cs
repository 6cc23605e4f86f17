using System.Globalization;
using System.Text;

namespace Tsunagu.Core.Meetings;

/// <summary>The facts of a session that the first draft of its minutes is written from.</summary>
public sealed record MinutesDraftInput(
    string Title,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Place,
    string? ChairName,
    string? SecretaryName,
    IReadOnlyList<string> Present,
    IReadOnlyList<string> Absent,
    IReadOnlyList<string> Unanswered,
    IReadOnlyList<MinutesDraftItem> Items,
    IReadOnlyList<string> OtherPapers);

public sealed record MinutesDraftItem(string Title, string? Presenter, IReadOnlyList<string> Papers);

/// <summary>
/// Writes the first draft: heading (会議名, 日時 in 和暦, 場所), 出席者 / 欠席者, the agenda with presenters and papers, and
/// empty 決定事項 / 対応事項 sections with the markup to use. The secretary completes it; nothing here is parsed back
/// except the 【決定】/【対応】 lines the secretary writes.
/// </summary>
public static class MinutesDraft
{
    private static readonly CultureInfo Wareki = CreateWareki();

    public const string DecisionHint = "（決定した事項を「【決定】内容」の形で1行に1件書いてください）";

    public const string ActionHint = "（対応事項を「【対応】担当 / 内容 / 期限」の形で1行に1件書いてください。担当は @ログイン名、出席者の氏名、または課の名前。例：【対応】@moriya.misaki / 説明資料の修正 / 2026-12-04）";

    public static string Generate(MinutesDraftInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = new StringBuilder();
        text.Append(input.Title).Append(" 議事録").Append('\n').Append('\n');
        text.Append("日時：").Append(When(input.StartsAt, input.EndsAt)).Append('\n');
        text.Append("場所：").Append(string.IsNullOrWhiteSpace(input.Place) ? "（未定）" : input.Place).Append('\n');
        if (input.ChairName is not null)
        {
            text.Append("議長：").Append(input.ChairName).Append('\n');
        }

        if (input.SecretaryName is not null)
        {
            text.Append("事務局：").Append(input.SecretaryName).Append('\n');
        }

        text.Append("出席者：").Append(Names(input.Present)).Append('\n');
        text.Append("欠席者：").Append(Names(input.Absent)).Append('\n');
        if (input.Unanswered.Count > 0)
        {
            text.Append("出欠未確認：").Append(Names(input.Unanswered)).Append('\n');
        }

        text.Append("\n■ 議題\n");
        if (input.Items.Count == 0)
        {
            text.Append("（議題はありません）\n");
        }

        var number = 0;
        foreach (var item in input.Items)
        {
            text.Append(++number).Append(". ").Append(item.Title);
            if (!string.IsNullOrWhiteSpace(item.Presenter))
            {
                text.Append("（説明：").Append(item.Presenter).Append('）');
            }

            text.Append('\n');
            foreach (var paper in item.Papers)
            {
                text.Append("   資料：").Append(paper).Append('\n');
            }

            text.Append("   （議論の要旨）").Append('\n');
        }

        if (input.OtherPapers.Count > 0)
        {
            text.Append("\n■ その他の資料\n");
            foreach (var paper in input.OtherPapers)
            {
                text.Append('・').Append(paper).Append('\n');
            }
        }

        text.Append("\n■ 決定事項\n").Append(DecisionHint).Append('\n');
        text.Append("\n■ 対応事項\n").Append(ActionHint).Append('\n');
        return text.ToString();
    }

    /// <summary>令和8年11月27日（金）10:00～11:00, in Tokyo time.</summary>
    public static string When(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        var start = Clock.ToTokyo(startsAt).DateTime;
        var end = Clock.ToTokyo(endsAt).DateTime;
        var day = start.ToString("ggy年M月d日", Wareki) + "（" + start.ToString("ddd", Wareki) + "）";
        var endText = end.Date == start.Date ? end.ToString("HH:mm", CultureInfo.InvariantCulture) : end.ToString("M月d日 HH:mm", CultureInfo.InvariantCulture);
        return $"{day}{start.ToString("HH:mm", CultureInfo.InvariantCulture)}～{endText}";
    }

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "なし" : string.Join('、', names);

    private static CultureInfo CreateWareki()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return culture;
    }
}
