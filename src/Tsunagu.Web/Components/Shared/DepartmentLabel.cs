namespace Tsunagu.Web.Components;

/// <summary>Shows a department path as people read it: 上下水道部 › 上水道課 › 工務係.</summary>
public static class DepartmentLabel
{
    public static string Of(string? path) => string.IsNullOrEmpty(path) ? "" : path.Replace("/", " › ", StringComparison.Ordinal);
}
