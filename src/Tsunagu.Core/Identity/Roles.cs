namespace Tsunagu.Core.Identity;

public static class Roles
{
    public const string SystemAdministrator = "SystemAdministrator";
    public const string DepartmentAdministrator = "DepartmentAdministrator";
    public const string Staff = "Staff";
    public const string Partner = "Partner";

    public static IReadOnlyList<string> All { get; } = [SystemAdministrator, DepartmentAdministrator, Staff, Partner];
}
