namespace Tsunagu.Core.Data;

/// <summary>A municipality-wide setting changed by administrators (e.g. MFA required).</summary>
public sealed class SystemSetting
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public const string RequireMfa = "security.require-mfa";
    public const string MunicipalityName = "municipality.name";
}
