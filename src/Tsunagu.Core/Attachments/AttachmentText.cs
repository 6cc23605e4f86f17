using System.Text;
using System.Text.Unicode;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using DocumentFormat.OpenXml.Spreadsheet;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Tsunagu.Core.Attachments;

/// <summary>Text found in an uploaded file, for search; never throws for bad content.</summary>
public sealed record ExtractedText(string Text, string? Problem)
{
    public bool Succeeded => Problem is null;
}

/// <summary>
/// Plain text of uploaded files for the full-text search: PDF (PdfPig), docx/xlsx/pptx (Open XML, read as a stream of
/// XML so that a zip bomb costs at most <see cref="MaxXmlBytes"/> of decompression), txt and csv (UTF-8, UTF-16 with
/// BOM, else Shift_JIS). Whitespace is collapsed and the text is cut at <see cref="MaxChars"/>.
/// </summary>
public static class AttachmentText
{
    /// <summary>Longest text kept per file (characters); longer text is cut.</summary>
    public const int MaxChars = 100_000;

    /// <summary>Largest input read (bytes). The upload limit is 10 MB; this is only a backstop.</summary>
    internal const int MaxInputBytes = 32 * 1024 * 1024;

    /// <summary>Most decompressed XML read from one Office file (bytes), against zip bombs.</summary>
    internal const long MaxXmlBytes = 256L * 1024 * 1024;

    /// <summary>Most characters of an xlsx shared string table kept in memory.</summary>
    internal const int MaxSharedStringChars = 8 * 1024 * 1024;

    private const string MarkupCompatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(false);

    // Same registration as CsvText/StaffImport, but replacing undecodable bytes instead of throwing: text for search
    // is better with a few '?' than missing.
    private static readonly Encoding ShiftJis = CreateShiftJis();

    private enum Kind { None, Pdf, Docx, Xlsx, Pptx, Text }

    /// <summary>Whether the file type (by extension, case-insensitive) is one we extract: .pdf .docx .xlsx .pptx .txt .csv</summary>
    public static bool IsSupported(string fileName) => KindOf(fileName) != Kind.None;

    /// <summary>
    /// Extracts plain text. Unsupported types give ("", null) — nothing to extract is not a failure. Corrupt, encrypted
    /// or unreadable files give ("", problem) with a short Japanese problem text (e.g. "PDF を読み取れませんでした。"), never
    /// an exception (OperationCanceledException excepted). The stream is read only (not disposed).
    /// </summary>
    public static ExtractedText Extract(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var kind = KindOf(fileName);
        if (kind == Kind.None)
        {
            return new ExtractedText("", null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        byte[]? bytes;
        try
        {
            bytes = ReadAll(content, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed("ファイルを読み取れませんでした。");
        }

        if (bytes is null)
        {
            return Failed("ファイルが大きすぎるため本文を読み取れませんでした。");
        }

        var sink = new TextSink();
        try
        {
            switch (kind)
            {
                case Kind.Pdf:
                    ReadPdf(bytes, sink, cancellationToken);
                    break;
                case Kind.Docx:
                    ReadDocx(bytes, sink, cancellationToken);
                    break;
                case Kind.Xlsx:
                    ReadXlsx(bytes, sink, cancellationToken);
                    break;
                case Kind.Pptx:
                    ReadPptx(bytes, sink, cancellationToken);
                    break;
                default:
                    ReadPlainText(bytes, sink, cancellationToken);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed(ProblemFor(kind, bytes, e));
        }

        return new ExtractedText(sink.ToString(), null);
    }

    private static ExtractedText Failed(string problem) => new("", problem);

    private static Kind KindOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Path.GetExtension(fileName.Trim()).ToUpperInvariant() switch
        {
            ".PDF" => Kind.Pdf,
            ".DOCX" => Kind.Docx,
            ".XLSX" => Kind.Xlsx,
            ".PPTX" => Kind.Pptx,
            ".TXT" or ".CSV" => Kind.Text,
            _ => Kind.None,
        };
    }

    private static string ProblemFor(Kind kind, byte[] bytes, Exception error)
    {
        // Password-protected Office files are not zip packages but OLE compound files (as are old .doc/.xls/.ppt).
        var compound = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        var protectedOrOld = compound ? "はパスワードで保護されているか古い形式のため" : "を";
        return kind switch
        {
            Kind.Pdf when error is PdfDocumentEncryptedException => "PDF はパスワードで保護されているため読み取れませんでした。",
            Kind.Pdf => "PDF を読み取れませんでした。",
            Kind.Docx => $"Word 文書 (docx) {protectedOrOld}読み取れませんでした。",
            Kind.Xlsx => $"Excel ブック (xlsx) {protectedOrOld}読み取れませんでした。",
            Kind.Pptx => $"PowerPoint ファイル (pptx) {protectedOrOld}読み取れませんでした。",
            _ => "テキストファイルを読み取れませんでした。",
        };
    }

    /// <summary>The whole content, or null when it is larger than <see cref="MaxInputBytes"/>.</summary>
    private static byte[]? ReadAll(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (buffer.Length + read > MaxInputBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    // --- PDF -----------------------------------------------------------------------------------------------------

    private static void ReadPdf(byte[] bytes, TextSink sink, CancellationToken cancellationToken)
    {
        var options = new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true };
        using var document = PdfDocument.Open(bytes, options);
        foreach (var page in document.GetPages())
        {
            cancellationToken.ThrowIfCancellationRequested();
            sink.Append(ContentOrderTextExtractor.GetText(page));
            sink.NewLine();
            if (sink.IsFull)
            {
                break;
            }
        }
    }

    // --- Office --------------------------------------------------------------------------------------------------

    private static void ReadDocx(byte[] bytes, TextSink sink, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxXmlBytes });
        var body = document.MainDocumentPart ?? throw new InvalidDataException("No main document part.");
        var budget = new XmlBudget();
        using var reader = budget.Open(body, cancellationToken);
        var cellDepth = 0;
        while (!reader.EOF && budget.Continue(sink))
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                if (SkipFallback(reader))
                {
                    continue;
                }

                switch (reader.LocalName)
                {
                    case "t":
                        sink.Append(reader.ReadElementContentAsString());
                        continue;
                    case "tab":
                        sink.Tab();
                        break;
                    case "br" or "cr":
                        sink.NewLine();
                        break;
                    case "tc" when !reader.IsEmptyElement:
                        cellDepth++;
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement)
            {
                switch (reader.LocalName)
                {
                    // A table row is one line, its cells separated by tabs.
                    case "p" when cellDepth > 0:
                        sink.Space();
                        break;
                    case "p":
                        sink.NewLine();
                        break;
                    case "tc":
                        cellDepth = Math.Max(0, cellDepth - 1);
                        sink.Tab();
                        break;
                    case "tr":
                        sink.NewLine();
                        break;
                }
            }

            reader.Read();
        }
    }

    private static void ReadPptx(byte[] bytes, TextSink sink, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var document = PresentationDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxXmlBytes });
        var presentationPart = document.PresentationPart ?? throw new InvalidDataException("No presentation part.");
        var slideIds = presentationPart.Presentation?.SlideIdList?.Elements<SlideId>() ?? [];
        var budget = new XmlBudget();
        foreach (var slideId in slideIds)
        {
            if (slideId.RelationshipId?.Value is not { } id || presentationPart.GetPartById(id) is not SlidePart slide)
            {
                continue;
            }

            using var reader = budget.Open(slide, cancellationToken);
            while (!reader.EOF && budget.Continue(sink))
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (SkipFallback(reader))
                    {
                        continue;
                    }

                    if (reader.LocalName == "t")
                    {
                        sink.Append(reader.ReadElementContentAsString());
                        continue;
                    }

                    if (reader.LocalName == "br")
                    {
                        sink.NewLine();
                    }
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "p")
                {
                    sink.NewLine();
                }

                reader.Read();
            }

            sink.NewLine();
            if (sink.IsFull || budget.Exhausted)
            {
                break;
            }
        }
    }

    private static void ReadXlsx(byte[] bytes, TextSink sink, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxXmlBytes });
        var workbookPart = document.WorkbookPart ?? throw new InvalidDataException("No workbook part.");
        var budget = new XmlBudget();
        var sharedStrings = workbookPart.SharedStringTablePart is { } sst
            ? ReadSharedStrings(sst, budget, cancellationToken)
            : [];
        var sheets = workbookPart.Workbook?.Sheets?.Elements<Sheet>() ?? [];
        foreach (var sheet in sheets)
        {
            if (sheet.Id?.Value is not { } id || workbookPart.GetPartById(id) is not WorksheetPart worksheet)
            {
                continue;
            }

            ReadWorksheet(worksheet, sharedStrings, sink, budget, cancellationToken);
            sink.NewLine();
            if (sink.IsFull || budget.Exhausted)
            {
                break;
            }
        }
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart part, XmlBudget budget, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        long kept = 0;
        using var reader = budget.Open(part, cancellationToken);
        while (!reader.EOF && budget.Continue(null))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                var text = ReadRichText(reader);
                kept += text.Length;
                if (kept > MaxSharedStringChars)
                {
                    // Later strings resolve to "": the text collected would be cut long before they matter.
                    break;
                }

                strings.Add(text);
                continue;
            }

            reader.Read();
        }

        return strings;
    }

    /// <summary>Text of an si or is element (t runs, without rPh phonetic readings); leaves the reader after it.</summary>
    private static string ReadRichText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        var text = new StringBuilder();
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh")
            {
                reader.Skip();
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
            {
                text.Append(reader.ReadElementContentAsString());
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read(); // the end element
        return text.ToString();
    }

    private static void ReadWorksheet(
        WorksheetPart part, List<string> sharedStrings, TextSink sink, XmlBudget budget, CancellationToken cancellationToken)
    {
        using var reader = budget.Open(part, cancellationToken);
        var cellsInRow = 0;
        while (!reader.EOF && budget.Continue(sink))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "c")
            {
                var value = ReadCell(reader, sharedStrings);
                if (value.Length > 0)
                {
                    if (cellsInRow++ > 0)
                    {
                        sink.Tab();
                    }

                    sink.Append(value);
                }

                continue;
            }

            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "row")
            {
                if (cellsInRow > 0)
                {
                    sink.NewLine();
                }

                cellsInRow = 0;
            }

            reader.Read();
        }
    }

    /// <summary>The cell's value as stored (shared strings resolved); leaves the reader after the c element.</summary>
    private static string ReadCell(XmlReader reader, List<string> sharedStrings)
    {
        var type = reader.GetAttribute("t");
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        string? raw = null;
        string? inline = null;
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1 && reader.LocalName == "v")
            {
                raw = reader.ReadElementContentAsString();
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1 && reader.LocalName == "is")
            {
                inline = ReadRichText(reader);
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1)
            {
                reader.Skip(); // f (formula) and extensions
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read(); // the end element
        return type switch
        {
            "s" => int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                   && index >= 0 && index < sharedStrings.Count
                ? sharedStrings[index]
                : "",
            "inlineStr" => inline ?? raw ?? "",
            "b" => raw switch { "1" => "TRUE", "0" => "FALSE", _ => raw ?? "" },
            _ => raw ?? inline ?? "",
        };
    }

    /// <summary>Skips mc:Fallback, which repeats the content of mc:Choice for older readers.</summary>
    private static bool SkipFallback(XmlReader reader)
    {
        if (reader.LocalName == "Fallback" && reader.NamespaceURI == MarkupCompatibilityNamespace)
        {
            reader.Skip();
            return true;
        }

        return false;
    }

    /// <summary>Counts the decompressed XML bytes read from all parts of one file.</summary>
    private sealed class XmlBudget
    {
        private long used;

        public bool Exhausted => used >= MaxXmlBytes;

        public XmlReader Open(OpenXmlPart part, CancellationToken cancellationToken)
        {
            var stream = new CountingStream(part.GetStream(FileMode.Open, FileAccess.Read), this, cancellationToken);
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = MaxXmlBytes,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                CloseInput = true,
            };
            return XmlReader.Create(stream, settings);
        }

        /// <summary>Whether to go on reading: text still wanted and decompression budget left.</summary>
        public bool Continue(TextSink? sink) => !Exhausted && sink?.IsFull != true;

        private sealed class CountingStream(Stream inner, XmlBudget budget, CancellationToken cancellationToken) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = inner.Read(buffer, offset, count);
                budget.used += read;
                return read;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }

    // --- txt / csv -----------------------------------------------------------------------------------------------

    private static void ReadPlainText(byte[] bytes, TextSink sink, CancellationToken cancellationToken)
    {
        var (encoding, skip) = DetectEncoding(bytes);
        var decoder = encoding.GetDecoder();
        var chars = new char[16_384];
        var input = bytes.AsSpan(skip);
        while (!sink.IsFull)
        {
            cancellationToken.ThrowIfCancellationRequested();
            decoder.Convert(input, chars, flush: true, out var bytesUsed, out var charsUsed, out var completed);
            sink.Append(chars.AsSpan(0, charsUsed));
            input = input[bytesUsed..];
            if (completed)
            {
                break;
            }
        }
    }

    /// <summary>UTF-8 (BOM or valid without), UTF-16 with BOM, else Shift_JIS (code page 932).</summary>
    internal static (Encoding Encoding, int Preamble) DetectEncoding(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Utf8NoBom, 3);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        return Utf8.IsValid(bytes) ? (Utf8NoBom, 0) : (ShiftJis, 0);
    }

    private static Encoding CreateShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
    }

    /// <summary>
    /// Collects text with whitespace collapsed as it comes: runs of blank lines become one newline, runs of spaces one
    /// space (a tab if the run has one; a lone full-width space stays), lines are trimmed. Stops at MaxChars.
    /// </summary>
    internal sealed class TextSink
    {
        private readonly StringBuilder text = new();
        private bool pendingNewLine;
        private int pendingSpaces;
        private char pendingSpace;
        private bool pendingTab;

        public bool IsFull => text.Length >= MaxChars;

        public void NewLine()
        {
            pendingNewLine = true;
            pendingSpaces = 0;
            pendingTab = false;
        }

        public void Tab() => AddSpace('\t');

        public void Space() => AddSpace(' ');

        public void Append(string? value) => Append(value.AsSpan());

        public void Append(ReadOnlySpan<char> value)
        {
            foreach (var c in value)
            {
                if (IsFull)
                {
                    return;
                }

                if (c is '\n' or '\r' or '\v' or '\f' or '\u0085' or '\u2028' or '\u2029')
                {
                    NewLine();
                }
                else if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    AddSpace(c);
                }
                else
                {
                    if (text.Length > 0)
                    {
                        if (pendingNewLine)
                        {
                            text.Append('\n');
                        }
                        else if (pendingSpaces > 0)
                        {
                            text.Append(pendingTab ? '\t' : pendingSpaces == 1 && pendingSpace == '\u3000' ? '\u3000' : ' ');
                        }
                    }

                    pendingNewLine = false;
                    pendingSpaces = 0;
                    pendingTab = false;
                    text.Append(c);
                }
            }
        }

        private void AddSpace(char c)
        {
            if (pendingNewLine)
            {
                return; // leading whitespace of a line
            }

            pendingSpaces++;
            pendingSpace = c;
            pendingTab |= c == '\t';
        }

        public override string ToString()
        {
            var length = Math.Min(text.Length, MaxChars);
            if (length == MaxChars && char.IsHighSurrogate(text[length - 1]))
            {
                length--;
            }

            return text.ToString(0, length);
        }
    }
}
