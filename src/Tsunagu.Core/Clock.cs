namespace Tsunagu.Core;

public static class Clock
{
    /// <summary>Both databases keep microseconds; truncating first makes a stored value equal the value hashed.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    public static TimeZoneInfo Tokyo { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public static DateTimeOffset ToTokyo(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, Tokyo);

    /// <summary>The instant of a Tokyo wall-clock time (Tokyo has no daylight saving time, so every local time exists once).</summary>
    public static DateTimeOffset FromTokyo(DateTime local) =>
        new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Tokyo.GetUtcOffset(local)).ToUniversalTime();

    public static DateTimeOffset FromTokyo(DateOnly date) => FromTokyo(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>Tokyo wall-clock time of an instant, as an unspecified-kind DateTime.</summary>
    public static DateTime TokyoLocal(DateTimeOffset value) => DateTime.SpecifyKind(ToTokyo(value).DateTime, DateTimeKind.Unspecified);

    public static DateOnly TokyoDate(DateTimeOffset value) => DateOnly.FromDateTime(ToTokyo(value).DateTime);
}
