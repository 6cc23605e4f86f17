namespace Tsunagu.Core.Identity;

public static class Roles
{
    public const string SystemAdministrator = "SystemAdministrator";
    public const string DepartmentAdministrator = "DepartmentAdministrator";
    public const string Staff = "Staff";
    public const string Partner = "Partner";

    /// <summary>The DX office (DX推進担当): usage analytics, maturity assessments, the roadmap and staff surveys.</summary>
    public const string DxOffice = "DxOffice";

    public static IReadOnlyList<string> All { get; } = [SystemAdministrator, DepartmentAdministrator, DxOffice, Staff, Partner];
}
