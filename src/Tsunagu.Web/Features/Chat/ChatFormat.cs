using System.Globalization;
using Tsunagu.Core;
using Tsunagu.Core.Chat;
using Tsunagu.Web.Components;

namespace Tsunagu.Web.Features.Chat;

/// <summary>How chat shows times, sizes, kinds and addresses.</summary>
public static class ChatFormat
{
    private static bool IsJapanese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";

    /// <summary>Today: 14:05; this year: 11月26日 14:05; older: the full stamp.</summary>
    public static string Time(DateTimeOffset value, DateTimeOffset now)
    {
        var local = Clock.ToTokyo(value);
        var today = Clock.ToTokyo(now);
        if (local.Date == today.Date)
        {
            return local.ToString("HH:mm", CultureInfo.InvariantCulture);
        }

        if (local.Year == today.Year)
        {
            return IsJapanese
                ? local.ToString("M月d日(ddd) HH:mm", CultureInfo.GetCultureInfo("ja-JP"))
                : local.ToString("ddd d MMM HH:mm", CultureInfo.GetCultureInfo("en"));
        }

        return Dates.Stamp(value);
    }

    public static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };

    public static string KindKey(ChannelKind kind) => $"Kind.{kind}";

    public static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Text(int id) => id.ToString(CultureInfo.InvariantCulture);

    public static string ChannelHref(int channelId) => $"/chat/{Text(channelId)}";

    public static string ThreadHref(int channelId, long rootId) => $"/chat/{Text(channelId)}/thread/{Text(rootId)}";

    /// <summary>"#name" for a channel; the people's names for a conversation.</summary>
    public static string Title(ChannelKind kind, string name) => kind is ChannelKind.Direct or ChannelKind.Group ? name : "#" + name;
}
