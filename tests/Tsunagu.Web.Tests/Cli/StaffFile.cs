using System.Globalization;
using System.Text;
using Tsunagu.Core.Text;

namespace Tsunagu.Web.Tests.Cli;

/// <summary>Staff CSV files for import-staff: <c>login,name,kana,department,position,email</c>.</summary>
public static class StaffFile
{
    private static readonly (string Kanji, string Kana)[] Families = [("山田", "やまだ"), ("佐藤", "さとう"), ("難波", "なんば"), ("三宅", "みやけ"), ("藤原", "ふじわら")];

    private static readonly (string Kanji, string Kana)[] Givens = [("太郎", "たろう"), ("花子", "はなこ"), ("健一", "けんいち"), ("美咲", "みさき")];

    private static readonly string[] Departments = ["総務部/総務課", "総務部/財政課", "市民部/市民課/住民係"];

    private static readonly string[] Positions = ["主事", "主任"];

    public static string[] Row(string prefix, int i)
    {
        var login = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:0000}");
        var family = Families[i % Families.Length];
        var given = Givens[i / Families.Length % Givens.Length];
        return [login, $"{family.Kanji}\u3000{given.Kanji}", $"{family.Kana} {given.Kana}", Departments[i % Departments.Length], Positions[i % Positions.Length], $"{login}@city.example.jp"];
    }

    public static List<string[]> Rows(string prefix, int count) => Enumerable.Range(1, count).Select(i => Row(prefix, i)).ToList();

    public static string Csv(IEnumerable<string[]> rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.Write("login,name,kana,department,position,email\r\n");
        foreach (var row in rows)
        {
            CsvText.WriteRow(writer, row);
        }

        return writer.ToString();
    }

    public static string Write(string folder, string name, IEnumerable<string[]> rows, Encoding? encoding = null)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, (encoding ?? new UTF8Encoding(false)).GetBytes(Csv(rows)));
        return path;
    }
}
