using System.Globalization;
using System.Text;
using Tsunagu.Core.Text;

namespace Tsunagu.Core.Tests.Infrastructure;

/// <summary>Builds staff CSV files: <c>login,name,kana,department,position,email</c>, one staff member per row.</summary>
public static class StaffCsv
{
    public const string Header = "login,name,kana,department,position,email";

    private static readonly (string Kanji, string Kana)[] Families =
    [
        ("山田", "やまだ"), ("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"), ("田中", "たなか"),
        ("渡辺", "わたなべ"), ("伊藤", "いとう"), ("中村", "なかむら"), ("小林", "こばやし"), ("難波", "なんば"),
    ];

    private static readonly (string Kanji, string Kana)[] Givens =
    [
        ("太郎", "たろう"), ("花子", "はなこ"), ("健一", "けんいち"), ("美咲", "みさき"), ("大輔", "だいすけ"),
        ("由美", "ゆみ"), ("翔太", "しょうた"), ("陽子", "ようこ"),
    ];

    private static readonly string[] Departments =
    [
        "総務部/総務課/人事係", "総務部/財政課", "市民部/市民課/住民係", "市民部/保険年金課", "保健福祉部/福祉課",
        "産業建設部/建設課/工務係", "教育委員会/学校教育課", "会計課",
    ];

    private static readonly string[] Positions = ["主事", "主事", "主任", "主査", "係長", "技師", "課長補佐", "会計年度任用職員"];

    /// <summary>A valid row for staff member number <paramref name="i"/>; the same i always gives the same row.</summary>
    public static string[] Row(int i)
    {
        var family = Families[i % Families.Length];
        var given = Givens[i / Families.Length % Givens.Length];
        var login = string.Create(CultureInfo.InvariantCulture, $"staff{i:0000}");
        return [login, $"{family.Kanji}\u3000{given.Kanji}", $"{family.Kana} {given.Kana}", Departments[i % Departments.Length], Positions[i % Positions.Length], $"{login}@city.example.jp"];
    }

    public static List<string[]> Rows(int count) => Enumerable.Range(1, count).Select(Row).ToList();

    public static string Build(IEnumerable<string[]> rows, string header = Header)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.Write(header);
        writer.Write("\r\n");
        foreach (var row in rows)
        {
            CsvText.WriteRow(writer, row);
        }

        return writer.ToString();
    }

    public static MemoryStream Utf8(string csv, bool bom = false) =>
        new(bom ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)] : Encoding.UTF8.GetBytes(csv));

    public static MemoryStream ShiftJis(string csv) => new(CsvText.ShiftJis.GetBytes(csv));
}
