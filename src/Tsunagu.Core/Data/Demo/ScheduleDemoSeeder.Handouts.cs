using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using OpenXml = DocumentFormat.OpenXml;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Tsunagu.Core.Data.Demo;

public sealed partial class ScheduleDemoSeeder
{
    /// <summary>
    /// The demo's 会議資料, made in code: Word and Excel files with the Open XML SDK, and a small PDF written by hand
    /// (no PDF library writes Japanese without embedding a font file). Their content follows the city's DX strategy:
    /// 電子申請, RPA, グループウェア, テレワーク, ペーパーレス.
    /// </summary>
    internal static class Handouts
    {
        public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        public const string PdfType = "application/pdf";

        private const string Office = "企画振興部 DX戦略室";

        private static readonly CultureInfo JapaneseEra = CreateJapaneseEra();

        private static CultureInfo CreateJapaneseEra()
        {
            var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
            culture.DateTimeFormat.Calendar = new JapaneseCalendar();
            return culture;
        }

        /// <summary>令和8年5月14日(木)</summary>
        private static string Era(DateTime day) => day.ToString("ggy年M月d日(ddd)", JapaneseEra);

        private static string Era(DateOnly day) => Era(day.ToDateTime(TimeOnly.MinValue));

        private static string Time(DateTime at) => at.ToString("H:mm", CultureInfo.InvariantCulture);

        /// <summary>The 次第 of a DX推進本部幹事会 (Word).</summary>
        public static byte[] HeadquartersAgenda(DateTime starts, DateTime next) => Word.Document("瀬戸内市DX推進本部幹事会 次第",
        [
            new($"日時 {Era(starts)} {Time(starts)}〜{Time(starts.AddMinutes(90))}", Right: true),
            new("場所 本庁舎4階 大会議室", Right: true),
            new(""),
            new("1 開会", Bold: true),
            new("2 幹事長(総務部長)あいさつ", Bold: true),
            new("3 報告事項", Bold: true),
            new("(1) 行政手続のオンライン化(電子申請)の進捗について …… 資料1", Indent: 1),
            new("(2) RPA実証実験の結果について(住民税特別徴収税額通知の入力) …… 資料2", Indent: 1),
            new("(3) グループウェア「つなぐ」の利用状況について …… 資料3", Indent: 1),
            new("4 協議事項", Bold: true),
            new("(1) 瀬戸内市テレワーク実施要綱の改正について …… 資料4", Indent: 1),
            new("(2) 会議資料のペーパーレス化の全庁展開について …… 資料5", Indent: 1),
            new("5 その他", Bold: true),
            new($"次回開催予定 {Era(next)} {Time(next)}〜 本庁舎4階 大会議室", Indent: 1),
            new("6 閉会", Bold: true),
            new(""),
            new("【配布資料】", Bold: true),
            new("資料1 電子申請 対象手続一覧(Excel)", Indent: 1),
            new("資料2 RPA実証実験 結果報告", Indent: 1),
            new("資料3 グループウェア利用状況(スケジュール・施設予約・掲示板)", Indent: 1),
            new("資料4 瀬戸内市テレワーク実施要綱 新旧対照表", Indent: 1),
            new("資料5 会議のペーパーレス化 推進計画(案)", Indent: 1),
            new(""),
            new("※ 資料はグループウェアの予定「DX推進本部幹事会」に添付しています。紙での配布は行いませんので、タブレット端末またはノートPCでご覧ください。"),
            new($"事務局 {Office}(内線2315)", Right: true),
        ]);

        /// <summary>The 論点整理 of the 電子申請 導入検討会 (Word).</summary>
        public static byte[] EApplicationIssues(DateOnly day) => Word.Document("電子申請 導入検討会 論点整理",
        [
            new($"{Era(day)} {Office}", Right: true),
            new(""),
            new("1 検討の目的", Bold: true),
            new("子育て・介護関係の手続を、マイナポータル(ぴったりサービス)で受け付ける。申請を受けてからの事務の流れと、基幹系システムへの取込み方法を関係課と確認する。", Indent: 1),
            new("2 論点", Bold: true),
            new("(1) 本人確認:マイナンバーカードの公的個人認証(署名用電子証明書)を必須とする手続と、不要とする手続の区分", Indent: 1),
            new("(2) 添付書類:振込先口座の確認書類や所得の証明を電子で受け付けるか、省略できるか", Indent: 1),
            new("(3) 手数料:手数料がかかる手続にキャッシュレス決済(クレジットカード・スマートフォン決済)を導入するか", Indent: 1),
            new("(4) 基幹系への取込み:申請データ(CSV)をRPAで住民記録・児童手当システムへ入力し、手入力との二重入力をなくす", Indent: 1),
            new("(5) 到着の通知:申請の到着をグループウェアの通知で担当課へ知らせる", Indent: 1),
            new("(6) 窓口との併用:紙の申請書も当面は受け付け、紙と電子の処理件数を毎月集計する", Indent: 1),
            new("3 スケジュール(案)", Bold: true),
            new("5月 対象手続の確定、申請様式の作成", Indent: 1),
            new("6月 ぴったりサービスへの登録、庁内テスト", Indent: 1),
            new("7月 受付開始(広報せとうち・市ホームページで周知)", Indent: 1),
            new("4 関係課", Bold: true),
            new("子育て支援課、介護保険課、健康づくり課、税務課、危機管理課、市民課", Indent: 1),
        ]);

        /// <summary>The list of procedures to be put online (Excel), as the 推進計画 names them.</summary>
        public static byte[] OnlineProcedures(DateOnly asOf)
        {
            const string Kids = "子育て支援課";
            const string Care = "介護保険課";
            const string Counter = "窓口・郵送";
            const string Planned = "令和8年7月";
            string[][] rows =
            [
                ["子育て", "児童手当等の受給資格及び児童手当の額についての認定請求", Kids, "180", Counter, "準備中", Planned, "ぴったりサービス"],
                ["子育て", "児童手当等の額の改定の請求及び届出", Kids, "60", Counter, "準備中", Planned, ""],
                ["子育て", "氏名変更/住所変更等の届出", Kids, "90", Counter, "準備中", Planned, ""],
                ["子育て", "受給事由消滅の届出", Kids, "120", Counter, "準備中", Planned, ""],
                ["子育て", "未支払の児童手当等の請求", Kids, "5", Counter, "準備中", Planned, ""],
                ["子育て", "児童手当等に係る寄附の申出", Kids, "1", Counter, "準備中", Planned, ""],
                ["子育て", "児童手当に係る寄附変更等の申出", Kids, "1", Counter, "準備中", Planned, ""],
                ["子育て", "受給資格者の申出による学校給食費等の徴収等の申出", Kids, "10", Counter, "準備中", Planned, "学校教育課と調整"],
                ["子育て", "受給資格者の申出による学校給食費等の徴収等の変更等の申出", Kids, "3", Counter, "準備中", Planned, "学校教育課と調整"],
                ["子育て", "児童手当等の現況届", Kids, "150", Counter, "準備中", Planned, ""],
                ["子育て", "支給認定の申請(保育)", Kids, "320", "窓口", "準備中", Planned, "保育係"],
                ["子育て", "保育施設等の利用申込", Kids, "350", "窓口", "準備中", Planned, "保育係"],
                ["子育て", "保育施設等の現況届", Kids, "900", Counter, "準備中", Planned, "保育係"],
                ["子育て", "児童扶養手当の現況届の事前送信", Kids, "230", "窓口", "準備中", Planned, "面談は窓口で実施"],
                ["子育て", "妊娠の届出", "健康づくり課", "220", "窓口", "準備中", Planned, "母子健康手帳の交付は窓口"],
                ["介護", "要介護・要支援認定の申請", Care, "1100", Counter, "準備中", Planned, ""],
                ["介護", "要介護・要支援更新認定の申請", Care, "1800", Counter, "準備中", Planned, ""],
                ["介護", "要介護・要支援状態区分変更認定の申請", Care, "300", Counter, "準備中", Planned, ""],
                ["介護", "居宅(介護予防)サービス計画作成(変更)依頼の届出", Care, "700", Counter, "準備中", Planned, "居宅介護支援事業所からの提出が中心"],
                ["介護", "介護保険負担割合証の再交付申請", Care, "40", Counter, "準備中", Planned, ""],
                ["介護", "被保険者証の再交付申請", Care, "150", Counter, "準備中", Planned, ""],
                ["介護", "高額介護(予防)サービス費の支給申請", Care, "600", Counter, "準備中", Planned, ""],
                ["介護", "介護保険負担限度額認定申請", Care, "450", Counter, "準備中", Planned, "預貯金等の確認書類"],
                ["介護", "居宅介護(介護予防)福祉用具購入費の支給申請", Care, "250", Counter, "準備中", Planned, ""],
                ["介護", "居宅介護(介護予防)住宅改修費の支給申請", Care, "200", Counter, "準備中", Planned, "工事写真の添付"],
                ["介護", "住所移転後の要介護・要支援認定申請", Care, "30", Counter, "準備中", Planned, ""],
                ["被災者支援", "罹災証明書の発行申請", "危機管理課", "20", "窓口", "稼働中", "令和7年10月", "災害時は窓口と併用"],
                ["自動車保有", "軽自動車税(種別割)の申告", "税務課", "1500", "窓口", "検討中", "未定", "OSS(ワンストップサービス)の対象"],
                ["自動車保有", "軽自動車税(環境性能割)の申告", "税務課", "400", "窓口", "検討中", "未定", "OSS(ワンストップサービス)の対象"],
                ["自動車保有", "自動車の保管場所証明の申請", "(警察署)", "", "", "対象外", "", "県警察の手続(参考)"],
                ["自動車保有", "自動車税(種別割)の申告", "(岡山県)", "", "", "対象外", "", "県の手続(参考)"],
            ];
            var total = rows.Sum(r => r[3].Length == 0 ? 0 : int.Parse(r[3], CultureInfo.InvariantCulture));
            return Excel.Workbook(
                "対象手続一覧",
                "行政手続のオンライン化(電子申請) 対象手続一覧",
                $"{Era(asOf)}現在 {Office}",
                ["No.", "分野", "手続名", "所管課", "年間件数(見込)", "現在の受付方法", "オンライン化", "開始予定", "備考"],
                [6, 12, 56, 16, 14, 16, 13, 13, 34],
                rows.Select((r, i) => new object[] { i + 1, r[0], r[1], r[2], r[3].Length == 0 ? "" : int.Parse(r[3], CultureInfo.InvariantCulture), r[4], r[5], r[6], r[7] })
                    .Append(["", "", "計", "", total, "", "", "", ""])
                    .ToList());
        }

        /// <summary>The DX office's report to the 庁議 (PDF).</summary>
        public static byte[] ExecutiveReport(DateOnly day) => Pdf.Document("報告事項 DX推進の状況について", $"瀬戸内市 {Office}",
        [
            new("報告事項 DX推進の状況について", 16, Gothic: true),
            new($"{Era(day)} 庁議資料 {Office}", 10.5f),
            new("", 10.5f),
            new("1 テレワークの実施状況", 12, Gothic: true),
            new("・前月のテレワーク実施者は延べ212人で、前年同月の約1.8倍となった。", 10.5f, Indent: 12),
            new("・貸出用モバイル端末を60台から100台に増やした。予約はグループウェアの施設予約で受け付けている。", 10.5f, Indent: 12),
            new("2 会議のペーパーレス化", 12, Gothic: true),
            new("・庁議とDX推進本部会議で、タブレット端末による資料の閲覧を試行している。", 10.5f, Indent: 12),
            new("・両会議の印刷枚数は月平均約12,400枚から約3,100枚に減少した(約75%削減)。", 10.5f, Indent: 12),
            new("・会議資料は、グループウェアの予定に添付して事前に共有する。", 10.5f, Indent: 12),
            new("3 行政手続のオンライン化(電子申請)", 12, Gothic: true),
            new("・子育て・介護関係の26手続を、7月からマイナポータルで受け付ける予定である。", 10.5f, Indent: 12),
            new("・罹災証明書の発行申請は、災害に備えて先行して電子化した。", 10.5f, Indent: 12),
            new("4 RPAの活用", 12, Gothic: true),
            new("・住民税特別徴収税額通知の入力作業を自動化し、年間約480時間の削減を見込む。", 10.5f, Indent: 12),
            new("5 今後の予定", 12, Gothic: true),
            new("・グループウェア操作研修を各課で実施する(講師:DX戦略室)。", 10.5f, Indent: 12),
        ]);

        /// <summary>A paragraph of a Word handout: <paramref name="Indent"/> in characters.</summary>
        public sealed record Paragraph(string Text, bool Bold = false, int Indent = 0, bool Right = false);

        /// <summary>A line of the PDF: size in points, indent in points; long lines wrap.</summary>
        public sealed record PdfLine(string Text, float Size, bool Gothic = false, float Indent = 0);

        private static class Word
        {
            private const string Typeface = "游明朝";

            /// <summary>An A4 document: the title centred and bold, then the paragraphs, in 10.5 pt 游明朝.</summary>
            public static byte[] Document(string title, IReadOnlyList<Paragraph> paragraphs)
            {
                using var stream = new MemoryStream();
                using (var document = WordprocessingDocument.Create(stream, OpenXml.WordprocessingDocumentType.Document))
                {
                    document.PackageProperties.Title = title;
                    document.PackageProperties.Creator = $"瀬戸内市 {Office}";
                    var main = document.AddMainDocumentPart();
                    var body = new W.Body();
                    body.Append(Para(title, bold: true, size: 32, indent: 0, justification: W.JustificationValues.Center));
                    body.Append(new W.Paragraph());
                    foreach (var p in paragraphs)
                    {
                        body.Append(Para(p.Text, p.Bold, 21, p.Indent, p.Right ? W.JustificationValues.Right : W.JustificationValues.Left));
                    }

                    body.Append(new W.SectionProperties(
                        new W.PageSize { Width = 11906U, Height = 16838U },
                        new W.PageMargin { Top = 1701, Right = 1417U, Bottom = 1417, Left = 1417U, Header = 851U, Footer = 992U, Gutter = 0U }));
                    main.Document = new W.Document(body);
                }

                return stream.ToArray();
            }

            /// <summary>A paragraph of one run; size in half-points, indent in characters.</summary>
            private static W.Paragraph Para(string text, bool bold, int size, int indent, W.JustificationValues justification)
            {
                var properties = new W.ParagraphProperties(); // ind before jc, as the schema orders them
                if (indent > 0)
                {
                    properties.Append(new W.Indentation { Left = (indent * size * 10).ToString(CultureInfo.InvariantCulture) });
                }

                properties.Append(new W.Justification { Val = justification });

                var run = new W.RunProperties(new W.RunFonts { Ascii = Typeface, HighAnsi = Typeface, EastAsia = Typeface });
                if (bold)
                {
                    run.Append(new W.Bold());
                }

                run.Append(new W.FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });
                return text.Length == 0
                    ? new W.Paragraph(properties)
                    : new W.Paragraph(properties, new W.Run(run, new W.Text(text) { Space = OpenXml.SpaceProcessingModeValues.Preserve }));
            }
        }

        private static class Excel
        {
            private const string Typeface = "游ゴシック";

            // Cell styles: 0 plain, 1 title, 2 header (bold, shaded, ruled), 3 body (ruled), 4 body number (ruled, #,##0).
            private const uint TitleStyle = 1;
            private const uint HeaderStyle = 2;
            private const uint BodyStyle = 3;
            private const uint NumberStyle = 4;

            /// <summary>One sheet: a title, a subtitle, a blank row, then a ruled table; numbers (int) stay numbers.</summary>
            public static byte[] Workbook(string sheetName, string title, string subtitle, IReadOnlyList<string> header, IReadOnlyList<double> widths, List<object[]> rows)
            {
                using var stream = new MemoryStream();
                using (var document = SpreadsheetDocument.Create(stream, OpenXml.SpreadsheetDocumentType.Workbook))
                {
                    document.PackageProperties.Title = title;
                    document.PackageProperties.Creator = $"瀬戸内市 {Office}";
                    var workbook = document.AddWorkbookPart();
                    workbook.Workbook = new S.Workbook();
                    workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();

                    var data = new S.SheetData();
                    data.Append(Row(1, [title], TitleStyle));
                    data.Append(Row(2, [subtitle], 0));
                    data.Append(Row(4, [.. header], HeaderStyle));
                    for (var i = 0; i < rows.Count; i++)
                    {
                        data.Append(Row((uint)(5 + i), rows[i], BodyStyle));
                    }

                    var columns = new S.Columns(widths.Select((w, i) => new S.Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true }));
                    var sheet = workbook.AddNewPart<WorksheetPart>();
                    sheet.Worksheet = new S.Worksheet(
                        new S.SheetViews(new S.SheetView(new S.Pane { VerticalSplit = 4, TopLeftCell = "A5", ActivePane = S.PaneValues.BottomLeft, State = S.PaneStateValues.Frozen }) { WorkbookViewId = 0U }),
                        columns,
                        data);
                    workbook.Workbook.Append(new S.Sheets(new S.Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1U, Name = sheetName }));
                }

                return stream.ToArray();
            }

            private static S.Row Row(uint index, object[] values, uint style)
            {
                var row = new S.Row { RowIndex = index };
                for (var i = 0; i < values.Length; i++)
                {
                    var reference = $"{Column(i)}{index}";
                    row.Append(values[i] is int number
                        ? new S.Cell { CellReference = reference, StyleIndex = NumberStyle, DataType = S.CellValues.Number, CellValue = new S.CellValue(number) }
                        : new S.Cell
                        {
                            CellReference = reference,
                            StyleIndex = style,
                            DataType = S.CellValues.InlineString,
                            InlineString = new S.InlineString(new S.Text((string)values[i])),
                        });
                }

                return row;
            }

            private static string Column(int index) => ((char)('A' + index)).ToString();

            private static S.Stylesheet Styles()
            {
                static S.Font Font(bool bold, double size)
                {
                    var font = new S.Font();
                    if (bold)
                    {
                        font.Append(new S.Bold());
                    }

                    font.Append(new S.FontSize { Val = size }, new S.FontName { Val = Typeface }, new S.FontFamilyNumbering { Val = 3 }, new S.FontCharSet { Val = 128 });
                    return font;
                }

                static S.Border Ruled() => new(
                    new S.LeftBorder { Style = S.BorderStyleValues.Thin },
                    new S.RightBorder { Style = S.BorderStyleValues.Thin },
                    new S.TopBorder { Style = S.BorderStyleValues.Thin },
                    new S.BottomBorder { Style = S.BorderStyleValues.Thin },
                    new S.DiagonalBorder());

                return new S.Stylesheet(
                    new S.NumberingFormats(new S.NumberingFormat { NumberFormatId = 164U, FormatCode = "#,##0" }) { Count = 1U },
                    new S.Fonts(Font(false, 11), Font(true, 14), Font(true, 11)) { Count = 3U },
                    new S.Fills(
                        new S.Fill(new S.PatternFill { PatternType = S.PatternValues.None }),
                        new S.Fill(new S.PatternFill { PatternType = S.PatternValues.Gray125 }),
                        new S.Fill(new S.PatternFill(new S.ForegroundColor { Rgb = "FFDDEBF7" }) { PatternType = S.PatternValues.Solid })) { Count = 3U },
                    new S.Borders(new S.Border(new S.LeftBorder(), new S.RightBorder(), new S.TopBorder(), new S.BottomBorder(), new S.DiagonalBorder()), Ruled()) { Count = 2U },
                    new S.CellStyleFormats(new S.CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U }) { Count = 1U },
                    new S.CellFormats(
                        new S.CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U },
                        new S.CellFormat { NumberFormatId = 0U, FontId = 1U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyFont = true },
                        new S.CellFormat(new S.Alignment { Horizontal = S.HorizontalAlignmentValues.Center, Vertical = S.VerticalAlignmentValues.Center, WrapText = true })
                        {
                            NumberFormatId = 0U, FontId = 2U, FillId = 2U, BorderId = 1U, FormatId = 0U, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true,
                        },
                        new S.CellFormat(new S.Alignment { Vertical = S.VerticalAlignmentValues.Center, WrapText = true })
                        {
                            NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 1U, FormatId = 0U, ApplyBorder = true, ApplyAlignment = true,
                        },
                        new S.CellFormat { NumberFormatId = 164U, FontId = 0U, FillId = 0U, BorderId = 1U, FormatId = 0U, ApplyNumberFormat = true, ApplyBorder = true }) { Count = 5U },
                    new S.CellStyles(new S.CellStyle { Name = "Normal", FormatId = 0U, BuiltinId = 0U }) { Count = 1U });
            }
        }

        /// <summary>
        /// A minimal PDF 1.4 with Japanese text: the standard Japanese fonts (HeiseiMin-W3, HeiseiKakuGo-W5), not
        /// embedded, addressed through the predefined UniJIS-UCS2-HW-H CMap (half-width ASCII), with a ToUnicode map
        /// so the text can be copied and extracted. A4, lines wrapped by character widths, pages added as needed.
        /// </summary>
        private static class Pdf
        {
            private const float PageWidth = 595.28f;
            private const float PageHeight = 841.89f;
            private const float Margin = 64f;

            public static byte[] Document(string title, string author, IReadOnlyList<PdfLine> lines)
            {
                var pages = new List<StringBuilder>();
                StringBuilder? page = null;
                var y = 0f;
                foreach (var line in lines)
                {
                    // Spaces as 全角 spaces: a half-width space (CID 231) shows as a missing glyph in some viewers.
                    var leading = line.Size * 1.8f;
                    var text = line.Text.Replace(' ', '\u3000');
                    var hanging = text.StartsWith('・') ? line.Size : 0; // a bullet's next lines start under its text
                    var pieces = Wrap(text, line.Size, PageWidth - (2 * Margin) - line.Indent - hanging);
                    if (pieces.Count == 0)
                    {
                        y -= leading;
                        continue;
                    }

                    for (var i = 0; i < pieces.Count; i++)
                    {
                        if (page is null || y - leading < Margin)
                        {
                            page = new StringBuilder();
                            pages.Add(page);
                            y = PageHeight - Margin;
                        }

                        y -= leading;
                        page.Append(CultureInfo.InvariantCulture, $"BT /{(line.Gothic ? "F2" : "F1")} {line.Size:0.##} Tf 1 0 0 1 {Margin + line.Indent + (i > 0 ? hanging : 0):0.##} {y:0.##} Tm <{Hex(pieces[i])}> Tj ET\n");
                    }
                }

                var output = new MemoryStream();
                var offsets = new Dictionary<int, long>();
                void Write(string text) => output.Write(Encoding.Latin1.GetBytes(text));
                void WriteObject(int number, string body)
                {
                    offsets[number] = output.Position;
                    Write($"{number} 0 obj\n{body}\nendobj\n");
                }

                void WriteStream(int number, string content)
                {
                    var bytes = Encoding.ASCII.GetBytes(content);
                    offsets[number] = output.Position;
                    Write($"{number} 0 obj\n<< /Length {bytes.Length} >>\nstream\n");
                    output.Write(bytes);
                    Write("\nendstream\nendobj\n");
                }

                Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
                var pageNumbers = Enumerable.Range(0, pages.Count).Select(i => 11 + (2 * i)).ToList();
                WriteObject(1, "<< /Type /Catalog /Pages 2 0 R >>");
                WriteObject(2, $"<< /Type /Pages /Kids [{string.Join(' ', pageNumbers.Select(n => $"{n} 0 R"))}] /Count {pages.Count} >>");
                WriteObject(3, $"<< /Title <{Utf16(title)}> /Author <{Utf16(author)}> /Producer (Tsunagu) >>");
                WriteStream(4, ToUnicode(lines.SelectMany(l => l.Text).Append('\u3000')));
                Font(5, "HeiseiMin-W3", "/Flags 6 /FontBBox [-123 -257 1001 910] /ItalicAngle 0 /Ascent 723 /Descent -241 /CapHeight 709 /StemV 69");
                Font(8, "HeiseiKakuGo-W5", "/Flags 4 /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 752 /Descent -221 /CapHeight 737 /StemV 114");
                for (var i = 0; i < pages.Count; i++)
                {
                    WriteObject(pageNumbers[i], string.Create(
                        CultureInfo.InvariantCulture,
                        $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth:0.##} {PageHeight:0.##}] /Resources << /Font << /F1 5 0 R /F2 8 0 R >> >> /Contents {pageNumbers[i] + 1} 0 R >>"));
                    WriteStream(pageNumbers[i] + 1, pages[i].ToString());
                }

                var count = 11 + (2 * pages.Count);
                var xref = output.Position;
                var table = new StringBuilder();
                table.Append(CultureInfo.InvariantCulture, $"xref\n0 {count}\n0000000000 65535 f \n");
                for (var n = 1; n < count; n++)
                {
                    table.Append(CultureInfo.InvariantCulture, $"{offsets[n]:D10} 00000 n \n");
                }

                table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {count} /Root 1 0 R /Info 3 0 R >>\nstartxref\n{xref}\n%%EOF\n");
                Write(table.ToString());
                return output.ToArray();

                void Font(int number, string name, string metrics)
                {
                    WriteObject(number, $"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /UniJIS-UCS2-HW-H /DescendantFonts [{number + 1} 0 R] /ToUnicode 4 0 R >>");
                    WriteObject(number + 1, $"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor {number + 2} 0 R /DW 1000 /W [231 632 500] >>");
                    WriteObject(number + 2, $"<< /Type /FontDescriptor /FontName /{name} {metrics} >>");
                }
            }

            /// <summary>Half-width: ASCII and half-width katakana (CIDs 231–632 under UniJIS-UCS2-HW-H).</summary>
            private static bool IsHalfWidth(char c) => c < 0x7F || c is >= '\uFF61' and <= '\uFF9F';

            private static List<string> Wrap(string text, float size, float width)
            {
                var pieces = new List<string>();
                var start = 0;
                var used = 0f;
                for (var i = 0; i < text.Length; i++)
                {
                    var w = size * (IsHalfWidth(text[i]) ? 0.5f : 1f);
                    if (used + w > width && i > start)
                    {
                        pieces.Add(text[start..i]);
                        start = i;
                        used = 0;
                    }

                    used += w;
                }

                if (start < text.Length)
                {
                    pieces.Add(text[start..]);
                }

                return pieces;
            }

            /// <summary>The UCS-2 codes of the text, as a PDF hex string's content (the BMP only).</summary>
            private static string Hex(string text)
            {
                if (text.Any(char.IsSurrogate))
                {
                    throw new ArgumentException("Only characters of the Basic Multilingual Plane are supported.", nameof(text));
                }

                return string.Concat(text.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)));
            }

            private static string Utf16(string text) => "FEFF" + Hex(text);

            /// <summary>Codes are UCS-2, so each code maps to itself: one bfrange per high byte used.</summary>
            private static string ToUnicode(IEnumerable<char> used)
            {
                var highBytes = used.Select(c => c >> 8).Distinct().Order().ToList();
                var cmap = new StringBuilder();
                cmap.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
                    .Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
                    .Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
                    .Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
                foreach (var chunk in highBytes.Chunk(100))
                {
                    cmap.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfrange\n");
                    foreach (var high in chunk)
                    {
                        cmap.Append(CultureInfo.InvariantCulture, $"<{high:X2}00> <{high:X2}FF> <{high:X2}00>\n");
                    }

                    cmap.Append("endbfrange\n");
                }

                cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
                return cmap.ToString();
            }
        }
    }
}
