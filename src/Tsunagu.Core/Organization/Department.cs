namespace Tsunagu.Core.Organization;

/// <summary>A unit of the city hall: 部, 課, 係, 室, 局 and the like, arranged as a tree.</summary>
public sealed class Department
{
    private Department()
    {
    }

    public Department(string name, string kind, Department? parent, int sortOrder)
    {
        Rename(name);
        Kind = kind;
        Parent = parent;
        ParentId = parent?.Id;
        SortOrder = sortOrder;
        Path = parent is null ? Name : $"{parent.Path}/{Name}";
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>部, 課, 係, 室, 局, 委員会, 本部, 病院 … as the city names it.</summary>
    public string Kind { get; private set; } = "課";

    public int? ParentId { get; private set; }

    public Department? Parent { get; private set; }

    public List<Department> Children { get; } = [];

    /// <summary>Full path such as 総務部/総務課/人事係; unique, used by imports.</summary>
    public string Path { get; private set; } = "";

    public int SortOrder { get; set; }

    /// <summary>Outside the usage denominator (消防本部, 市民病院 in the seed).</summary>
    public bool ExcludedFromUsage { get; set; }

    public bool IsActive { get; private set; } = true;

    /// <summary>
    /// Sets the usage page's default exclusion. Only a top-level unit (部, 局, 本部 …) can carry it: the page offers
    /// top-level units and the report excludes each with everything below it, so a flag further down would do nothing.
    /// </summary>
    public void SetExcludedFromUsage(bool excluded)
    {
        if (excluded && ParentId is not null)
        {
            throw new DomainException("department.usage-exclusion", "利用状況の集計から除外できるのは最上位の部署(部・局・本部など)だけです。");
        }

        ExcludedFromUsage = excluded;
    }

    public const int MaxNameLength = 60;

    public void Rename(string name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Contains('/', StringComparison.Ordinal))
        {
            throw new DomainException("department.invalid-name", $"部署名は1〜{MaxNameLength}文字で、/ を含めません。");
        }

        Name = trimmed;
        Path = Parent is null ? Name : $"{Parent.Path}/{Name}";
    }

    /// <summary>Recomputes <see cref="Path"/> after a rename or move of an ancestor.</summary>
    public void RefreshPath()
    {
        Path = Parent is null ? Name : $"{Parent.Path}/{Name}";
        foreach (var child in Children)
        {
            child.RefreshPath();
        }
    }

    public void MoveUnder(Department? parent)
    {
        for (var p = parent; p is not null; p = p.Parent)
        {
            if (p == this)
            {
                throw new DomainException("department.cycle", "部署を自分自身の配下には移動できません。");
            }
        }

        Parent = parent;
        ParentId = parent?.Id;
        RefreshPath();
    }

    public void Deactivate() => IsActive = false;

    public void Activate() => IsActive = true;

    public static IReadOnlyList<string> SplitPath(string path) =>
        path.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
