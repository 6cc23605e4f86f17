using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Tsunagu.Core.Tests.Attachments;

/// <summary>Sample uploads made in memory, so that no binary file is committed.</summary>
internal static class SampleFiles
{
    /// <summary>IPA Gothic, installed by scripts/test (Debian package fonts-ipafont-gothic).</summary>
    public const string JapaneseFontPath = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf";

    /// <summary>A PDF with one page per entry, each page's lines drawn top to bottom.</summary>
    public static byte[] Pdf(params string[][] pages)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            for (var i = 0; i < lines.Length; i++)
            {
                page.AddText(lines[i], 12, new PdfPoint(50, 780 - (i * 20)), font);
            }
        }

        return builder.Build();
    }

    /// <summary>A PDF whose text is drawn with an embedded Japanese TrueType font.</summary>
    public static byte[] JapanesePdf(params string[][] pages)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddTrueTypeFont(File.ReadAllBytes(JapaneseFontPath));
        foreach (var lines in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            for (var i = 0; i < lines.Length; i++)
            {
                page.AddText(lines[i], 12, new PdfPoint(50, 780 - (i * 20)), font);
            }
        }

        return builder.Build();
    }

    /// <summary>A Word document: the paragraphs, then a table of the given rows.</summary>
    public static byte[] Docx(string[] paragraphs, string[][] table)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new W.Body();
            foreach (var paragraph in paragraphs)
            {
                body.Append(new W.Paragraph(new W.Run(new W.Text(paragraph) { Space = SpaceProcessingModeValues.Preserve })));
            }

            var grid = new W.Table();
            foreach (var row in table)
            {
                var tableRow = new W.TableRow();
                foreach (var cell in row)
                {
                    tableRow.Append(new W.TableCell(new W.Paragraph(new W.Run(new W.Text(cell)))));
                }

                grid.Append(tableRow);
            }

            body.Append(grid);
            body.Append(new W.Paragraph(new W.Run(new W.Text("以上"))));
            main.Document = new W.Document(body);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// An Excel workbook, one sheet per entry; a cell is a string (stored as a shared string), a double (a number) or
    /// null (no cell).
    /// </summary>
    public static byte[] Xlsx(params (string Name, object?[][] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var sharedStrings = new List<string>();
            var sheetList = new S.Sheets();
            uint sheetId = 1;
            foreach (var (name, rows) in sheets)
            {
                var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
                var data = new S.SheetData();
                uint rowIndex = 1;
                foreach (var row in rows)
                {
                    var sheetRow = new S.Row { RowIndex = rowIndex };
                    for (var column = 0; column < row.Length; column++)
                    {
                        var reference = $"{(char)('A' + column)}{rowIndex}";
                        switch (row[column])
                        {
                            case string text:
                                var index = sharedStrings.IndexOf(text);
                                if (index < 0)
                                {
                                    index = sharedStrings.Count;
                                    sharedStrings.Add(text);
                                }

                                sheetRow.Append(new S.Cell
                                {
                                    CellReference = reference,
                                    DataType = S.CellValues.SharedString,
                                    CellValue = new S.CellValue(index),
                                });
                                break;
                            case double number:
                                sheetRow.Append(new S.Cell { CellReference = reference, CellValue = new S.CellValue(number) });
                                break;
                        }
                    }

                    data.Append(sheetRow);
                    rowIndex++;
                }

                worksheetPart.Worksheet = new S.Worksheet(data);
                sheetList.Append(new S.Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = sheetId++, Name = name });
            }

            var sharedStringPart = workbookPart.AddNewPart<SharedStringTablePart>();
            sharedStringPart.SharedStringTable = new S.SharedStringTable(
                sharedStrings.Select(s => new S.SharedStringItem(new S.Text(s))));
            workbookPart.Workbook = new S.Workbook(sheetList);
        }

        return stream.ToArray();
    }

    /// <summary>A PowerPoint presentation, one slide per entry, each text in a shape of its own.</summary>
    public static byte[] Pptx(params string[][] slides)
    {
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentationPart = document.AddPresentationPart();
            var slideIds = new P.SlideIdList();
            uint slideId = 256;
            uint shapeId = 1;
            foreach (var texts in slides)
            {
                var slidePart = presentationPart.AddNewPart<SlidePart>();
                var tree = new P.ShapeTree(
                    new P.NonVisualGroupShapeProperties(
                        new P.NonVisualDrawingProperties { Id = shapeId++, Name = "" },
                        new P.NonVisualGroupShapeDrawingProperties(),
                        new P.ApplicationNonVisualDrawingProperties()),
                    new P.GroupShapeProperties());
                foreach (var text in texts)
                {
                    tree.Append(new P.Shape(
                        new P.NonVisualShapeProperties(
                            new P.NonVisualDrawingProperties { Id = shapeId, Name = $"Text {shapeId++}" },
                            new P.NonVisualShapeDrawingProperties(),
                            new P.ApplicationNonVisualDrawingProperties()),
                        new P.ShapeProperties(),
                        new P.TextBody(
                            new A.BodyProperties(),
                            new A.Paragraph(new A.Run(new A.Text(text))))));
                }

                slidePart.Slide = new P.Slide(new P.CommonSlideData(tree));
                slideIds.Append(new P.SlideId { Id = slideId++, RelationshipId = presentationPart.GetIdOfPart(slidePart) });
            }

            presentationPart.Presentation = new P.Presentation(slideIds);
        }

        return stream.ToArray();
    }
}
