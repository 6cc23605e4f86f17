namespace Tsunagu.Web.Features.Approvals;

/// <summary>One choice of a staff or department picker: the id posted, the text shown.</summary>
public sealed record PickerOption(int Id, string Label);

/// <summary>Staff grouped by department, so a select of 600 people stays navigable (optgroup per department).</summary>
public sealed record PickerGroup(string Label, IReadOnlyList<PickerOption> Options);

/// <summary>What <see cref="FormFields"/> needs beyond the schema: pickers' choices, names for ids, attached files.</summary>
public sealed record FormLookups
{
    public static FormLookups Empty { get; } = new();

    public IReadOnlyList<PickerGroup> Staff { get; init; } = [];

    public IReadOnlyList<PickerOption> Departments { get; init; } = [];

    public IReadOnlyDictionary<int, string> StaffNames { get; init; } = new Dictionary<int, string>();

    public IReadOnlyDictionary<int, string> DepartmentNames { get; init; } = new Dictionary<int, string>();

    /// <summary>Attachment id → file name, for files already attached to the request.</summary>
    public IReadOnlyDictionary<int, string> Files { get; init; } = new Dictionary<int, string>();

    public string? StaffName(int id) => StaffNames.TryGetValue(id, out var n) ? n : null;

    public string? DepartmentName(int id) => DepartmentNames.TryGetValue(id, out var n) ? n : null;
}
