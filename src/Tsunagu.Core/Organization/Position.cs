namespace Tsunagu.Core.Organization;

/// <summary>職位: 市長, 部長, 課長 …; <see cref="Rank"/> orders them from the top.</summary>
public sealed class Position
{
    private Position()
    {
    }

    public Position(string name, int rank, bool isExecutive)
    {
        Name = name;
        Rank = rank;
        IsExecutive = isExecutive;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public int Rank { get; set; }

    /// <summary>三役 (市長, 副市長, 教育長).</summary>
    public bool IsExecutive { get; set; }

    /// <summary>The positions every new city starts with, in rank order.</summary>
    public static IReadOnlyList<(string Name, bool Executive)> Standard { get; } =
    [
        ("市長", true), ("副市長", true), ("教育長", true), ("部長", false), ("次長", false), ("課長", false),
        ("課長補佐", false), ("係長", false), ("主査", false), ("主任", false), ("主事", false), ("技師", false),
        ("会計年度任用職員", false),
    ];
}
