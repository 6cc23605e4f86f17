using System.Globalization;
using Tsunagu.Core.Text;

namespace Tsunagu.Core.Tests.Text;

public sealed class CsvTextTests
{
    [Fact]
    public void Read_QuotedCommasQuotesAndNewlines_KeepTheStartLineOfEachRecord()
    {
        const string csv = "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"multi\nline\r\nvalue\",z\n\nlast,\"\"";

        var records = CsvText.Read(new StringReader(csv)).ToList();

        records.Select(r => r.Line).ShouldBe([1, 2, 3, 6, 7]);
        records[1].Fields.ShouldBe(["x, y", "say \"hi\""]);
        records[2].Fields.ShouldBe(["multi\nline\r\nvalue", "z"]);
        records[3].Fields.ShouldBe([""]);
        records[4].Fields.ShouldBe(["last", ""]);
    }

    [Fact]
    public void Read_UnclosedQuote_NamesTheLineWhereTheRecordStarts()
    {
        var error = Should.Throw<FormatException>(() => CsvText.Read(new StringReader("a,b\r\nc,\"d\r\ne\r\n")).ToList());

        error.Message.ShouldContain("2 行目");
    }

    [Fact]
    public void WriteRow_ThenRead_RoundTrips()
    {
        string[] fields = ["山田, 太郎", "引用符\"あり\"", "改行\r\nあり", "", "plain"];
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        CsvText.WriteRow(writer, fields);
        CsvText.WriteRow(writer, ["second"]);

        writer.ToString().ShouldStartWith("\"山田, 太郎\",\"引用符\"\"あり\"\"\",\"改行\r\nあり\",,plain\r\n");
        var records = CsvText.Read(new StringReader(writer.ToString())).ToList();
        records[0].Fields.ShouldBe(fields);
        records[1].Line.ShouldBe(3);
    }

    [Fact]
    public void ShiftJis_EncodesJapaneseAsCodePage932()
    {
        CsvText.ShiftJis.GetBytes("瀬戸内市").ShouldBe(new byte[] { 0x90, 0xA3, 0x8C, 0xCB, 0x93, 0xE0, 0x8E, 0x73 });
    }
}
