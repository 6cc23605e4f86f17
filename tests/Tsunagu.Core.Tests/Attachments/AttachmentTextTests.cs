using System.IO.Compression;
using System.Text;
using Tsunagu.Core.Attachments;
using Tsunagu.Core.Text;

namespace Tsunagu.Core.Tests.Attachments;

public class AttachmentTextTests
{
    private static ExtractedText Extract(byte[] bytes, string fileName)
    {
        using var stream = new MemoryStream(bytes);
        return AttachmentText.Extract(stream, fileName);
    }

    [Theory]
    [InlineData("議事録.pdf", true)]
    [InlineData("REPORT.PDF", true)]
    [InlineData("a.docx", true)]
    [InlineData("a.Xlsx", true)]
    [InlineData("a.pptx", true)]
    [InlineData("memo.txt", true)]
    [InlineData("職員.CSV", true)]
    [InlineData("photo.png", false)]
    [InlineData("old.doc", false)]
    [InlineData("old.xls", false)]
    [InlineData("macro.docm", false)]
    [InlineData("pdf", false)]
    [InlineData("noextension", false)]
    [InlineData("", false)]
    [InlineData("archive.pdf.zip", false)]
    public void IsSupported_ByExtension_IgnoringCase(string fileName, bool expected) =>
        AttachmentText.IsSupported(fileName).ShouldBe(expected);

    [Fact]
    public void Pdf_AsciiPages_InOrder()
    {
        var pdf = SampleFiles.Pdf(["Budget report 2024", "Second line"], ["Page two text"]);

        var result = Extract(pdf, "report.pdf");

        result.Succeeded.ShouldBeTrue(result.Problem);
        result.Text.ShouldBe("Budget report 2024\nSecond line\nPage two text");
    }

    [Fact]
    public void Pdf_JapaneseTextWithEmbeddedFont_IsReadable()
    {
        var pdf = SampleFiles.JapanesePdf(["令和6年度 予算書", "瀬戸内市役所 総務課"], ["デジタル推進室へ提出"]);

        var result = Extract(pdf, "予算書.pdf");

        result.Succeeded.ShouldBeTrue(result.Problem);
        result.Text.ShouldBe("令和6年度 予算書\n瀬戸内市役所 総務課\nデジタル推進室へ提出");
    }

    [Fact]
    public void Docx_ParagraphsAndTable()
    {
        var docx = SampleFiles.Docx(
            ["会議録", "日時：令和6年4月1日   午前10時"],
            [["氏名", "所属"], ["山田 太郎", "総務課"]]);

        var result = Extract(docx, "会議録.docx");

        result.Succeeded.ShouldBeTrue(result.Problem);
        result.Text.ShouldBe("会議録\n日時：令和6年4月1日 午前10時\n氏名\t所属\n山田 太郎\t総務課\n以上");
    }

    [Fact]
    public void Xlsx_SharedStringsAndNumbers_OfEverySheet()
    {
        var xlsx = SampleFiles.Xlsx(
            ("予算", [["科目", "金額"], ["消耗品費", 12345.5], ["委託料", 1000000d]]),
            ("担当", [["総務課", null, "山田"], [], ["消耗品費"]]));

        var result = Extract(xlsx, "予算.xlsx");

        result.Succeeded.ShouldBeTrue(result.Problem);
        result.Text.ShouldBe("科目\t金額\n消耗品費\t12345.5\n委託料\t1000000\n総務課\t山田\n消耗品費");
    }

    [Fact]
    public void Pptx_SlidesInOrder()
    {
        var pptx = SampleFiles.Pptx(["DX推進計画", "令和6年度"], ["電子申請の拡大"]);

        var result = Extract(pptx, "計画.pptx");

        result.Succeeded.ShouldBeTrue(result.Problem);
        result.Text.ShouldBe("DX推進計画\n令和6年度\n電子申請の拡大");
    }

    private const string JapaneseText = "市民課のお知らせ\r\n\r\n住民票の写しは、コンビニでも取得できます。\r\n";

    public static TheoryData<string, byte[]> EncodedTexts()
    {
        var shiftJis = CsvText.ShiftJis;
        return new()
        {
            { "UTF-8 with BOM", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(JapaneseText)] },
            { "UTF-8 without BOM", Encoding.UTF8.GetBytes(JapaneseText) },
            { "Shift_JIS", shiftJis.GetBytes(JapaneseText) },
            { "UTF-16 LE with BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(JapaneseText)] },
            { "UTF-16 BE with BOM", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(JapaneseText)] },
        };
    }

    [Theory]
    [MemberData(nameof(EncodedTexts))]
    public void Txt_EncodingIsDetected(string encoding, byte[] bytes)
    {
        var result = Extract(bytes, "お知らせ.txt");

        result.Succeeded.ShouldBeTrue(encoding);
        result.Text.ShouldBe("市民課のお知らせ\n住民票の写しは、コンビニでも取得できます。", encoding);
    }

    [Fact]
    public void Csv_ShiftJis()
    {
        var csv = CsvText.ShiftJis.GetBytes("login,name,department\r\nyamada,山田　太郎,総務課\r\nsuzuki,鈴木 花子,市民課\r\n");

        var result = Extract(csv, "staff.csv");

        result.Succeeded.ShouldBeTrue();
        result.Text.ShouldBe("login,name,department\nyamada,山田　太郎,総務課\nsuzuki,鈴木 花子,市民課");
    }

    [Fact]
    public void Txt_MostlyUtf8WithOneInvalidByte_IsReadAsShiftJis()
    {
        // "ｱ" is 0xB1 in Shift_JIS (half-width katakana) and invalid as a lone UTF-8 byte.
        byte[] bytes = [.. Encoding.ASCII.GetBytes("code "), 0xB1, .. CsvText.ShiftJis.GetBytes(" 職員")];

        var result = Extract(bytes, "memo.txt");

        result.Text.ShouldBe("code ｱ 職員");
    }

    [Fact]
    public void Whitespace_IsCollapsed()
    {
        var text = "  先頭の空白\t\t と  連続した   空白\n\n\n\n空行の後 \r\n　全角空白\u3000の保持\u3000\u3000二つは一つに\f\u0000制御文字  ";

        var result = Extract(Encoding.UTF8.GetBytes(text), "a.txt");

        result.Text.ShouldBe("先頭の空白\tと 連続した 空白\n空行の後\n全角空白\u3000の保持 二つは一つに\n制御文字");
    }

    [Fact]
    public void Txt_LongerThanMaxChars_IsCut()
    {
        var text = string.Concat(Enumerable.Repeat("あいうえおかきくけこ\n", 20_000));

        var result = Extract(Encoding.UTF8.GetBytes(text), "long.txt");

        result.Succeeded.ShouldBeTrue();
        result.Text.Length.ShouldBe(AttachmentText.MaxChars);
        result.Text.ShouldStartWith("あいうえおかきくけこ\nあいう");
    }

    [Fact]
    public void Txt_CutDoesNotSplitASurrogatePair()
    {
        var text = new string('a', AttachmentText.MaxChars - 1) + "𠮷野家";

        var result = Extract(Encoding.UTF8.GetBytes(text), "long.txt");

        result.Text.Length.ShouldBe(AttachmentText.MaxChars - 1);
        result.Text.ShouldAllBe(c => c == 'a');
    }

    [Fact]
    public void Xlsx_ManyRows_StopsAtMaxChars()
    {
        var rows = Enumerable.Range(0, 20_000).Select(i => new object?[] { $"行{i}の内容", (double)i }).ToArray();
        var xlsx = SampleFiles.Xlsx(("大量", rows));

        var result = Extract(xlsx, "big.xlsx");

        result.Succeeded.ShouldBeTrue(result.Problem);
        result.Text.Length.ShouldBe(AttachmentText.MaxChars);
        result.Text.ShouldStartWith("行0の内容\t0\n行1の内容\t1\n");
    }

    [Fact]
    public void Docx_HighlyCompressedHugeBody_StopsAtMaxChars()
    {
        // About 40 MB of XML that compresses to well under 1 MB: only what is needed is decompressed.
        var paragraphs = Enumerable.Repeat(new string('字', 4_000), 5_000).ToArray();
        var docx = SampleFiles.Docx(paragraphs, []);

        var result = Extract(docx, "bomb.docx");

        docx.Length.ShouldBeLessThan(1_000_000);
        result.Succeeded.ShouldBeTrue(result.Problem);
        result.Text.Length.ShouldBe(AttachmentText.MaxChars);
    }

    public static TheoryData<string> OfficeAndPdfNames() => new() { "a.pdf", "a.docx", "a.xlsx", "a.pptx" };

    [Theory]
    [MemberData(nameof(OfficeAndPdfNames))]
    public void RandomBytes_GiveAJapaneseProblem(string fileName)
    {
        var random = new Random(20240401);
        var bytes = new byte[4096];
        random.NextBytes(bytes);

        var result = Extract(bytes, fileName);

        result.Succeeded.ShouldBeFalse();
        result.Text.ShouldBe("");
        result.Problem.ShouldNotBeNull().ShouldContain("読み取れませんでした");
    }

    [Theory]
    [MemberData(nameof(OfficeAndPdfNames))]
    public void EmptyFile_GivesAProblem(string fileName)
    {
        var result = Extract([], fileName);

        result.Succeeded.ShouldBeFalse();
        result.Problem.ShouldNotBeNull().ShouldContain("読み取れませんでした");
    }

    [Fact]
    public void Pdf_Truncated_GivesAProblem()
    {
        var pdf = SampleFiles.Pdf(["Budget report"]);

        var result = Extract(pdf[..(pdf.Length / 3)], "report.pdf");

        result.Succeeded.ShouldBeFalse();
        result.Problem.ShouldBe("PDF を読み取れませんでした。");
    }

    [Fact]
    public void Docx_TruncatedZip_GivesAProblem()
    {
        var docx = SampleFiles.Docx(["会議録"], []);

        var result = Extract(docx[..(docx.Length / 2)], "会議録.docx");

        result.Succeeded.ShouldBeFalse();
        result.Text.ShouldBe("");
        result.Problem.ShouldBe("Word 文書 (docx) を読み取れませんでした。");
    }

    [Fact]
    public void Xlsx_ZipWithoutWorkbook_GivesAProblem()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("hello.txt").Open());
            writer.Write("not a workbook");
        }

        var result = Extract(stream.ToArray(), "book.xlsx");

        result.Succeeded.ShouldBeFalse();
        result.Problem.ShouldBe("Excel ブック (xlsx) を読み取れませんでした。");
    }

    [Fact]
    public void Pptx_PasswordProtected_SaysSo()
    {
        // Encrypted Office files are OLE compound files; this is just the signature and padding.
        byte[] bytes = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];

        var result = Extract(bytes, "secret.pptx");

        result.Succeeded.ShouldBeFalse();
        result.Problem.ShouldBe("PowerPoint ファイル (pptx) はパスワードで保護されているか古い形式のため読み取れませんでした。");
    }

    [Fact]
    public void Pdf_PasswordProtected_SaysSo()
    {
        var result = Extract(EncryptedPdf(), "secret.pdf");

        result.Succeeded.ShouldBeFalse();
        result.Problem.ShouldBe("PDF はパスワードで保護されているため読み取れませんでした。");
    }

    [Fact]
    public void UnsupportedType_IsNotAFailure()
    {
        var result = Extract([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "photo.png");

        result.Succeeded.ShouldBeTrue();
        result.Text.ShouldBe("");
    }

    [Fact]
    public void Stream_IsLeftOpen()
    {
        using var stream = new MemoryStream(SampleFiles.Pptx(["スライド"]));

        AttachmentText.Extract(stream, "a.pptx").Text.ShouldBe("スライド");

        stream.CanRead.ShouldBeTrue();
    }

    [Fact]
    public void NonSeekableStream_IsRead()
    {
        using var stream = new NonSeekableStream(SampleFiles.Xlsx(("S", [["値"]])));

        AttachmentText.Extract(stream, "a.xlsx").Text.ShouldBe("値");
    }

    [Fact]
    public void Cancellation_Throws()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("text"));

        Should.Throw<OperationCanceledException>(() => AttachmentText.Extract(stream, "a.txt", new CancellationToken(canceled: true)));
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    }

    /// <summary>
    /// A PDF with a standard security handler (RC4, 40 bits) whose user password is not empty: the /U and /O entries
    /// are arbitrary, so no password opens it, which is all the test needs.
    /// </summary>
    private static byte[] EncryptedPdf()
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            "<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 "
                + "/O <" + new string('A', 64) + "> /U <" + new string('B', 64) + "> >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
