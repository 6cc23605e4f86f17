namespace Tsunagu.Core;

public static class Clock
{
    /// <summary>Both databases keep microseconds; truncating first makes a stored value equal the value hashed.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    public static TimeZoneInfo Tokyo { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public static DateTimeOffset ToTokyo(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, Tokyo);
}
