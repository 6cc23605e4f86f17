using System.Globalization;
using System.Text;

namespace Tsunagu.Tests.Shared;

/// <summary>Test files shared by the web and browser tests (linked into both projects).</summary>
internal static class TestPdf
{
    /// <summary>Two A4 pages: a blue box at the top of the first, a red one filling the second. Small, valid, and rendered by any PDF reader.</summary>
    public static byte[] TwoPages()
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
            Stream("0.1 0.3 0.8 rg 60 600 475 180 re f 0 0 0 RG 4 w 60 80 475 480 re S"),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Resources << >> >>",
            Stream("0.8 0.2 0.2 rg 60 60 475 700 re f"),
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());

        static string Stream(string content) => $"<< /Length {content.Length} >>\nstream\n{content}\nendstream";
    }
}
