using System.Globalization;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Admin;

/// <summary>
/// Holds an uploaded import file between the preview and the confirmation, readable only by its uploader.
/// Files live under the data folder and are removed after the import or a day later.
/// </summary>
public sealed class ImportStaging(TsunaguOptions options, TimeProvider clock)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    private string Folder => Path.Combine(options.DataPath, "imports");

    public async Task<Guid> SaveAsync(Stream content, int ownerId, string encoding, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        Cleanup();
        var id = Guid.NewGuid();
        var path = Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"{id:N}.{ownerId}.{Sanitise(encoding)}.csv"));
        await using var file = File.Create(path);
        await content.CopyToAsync(file, cancellationToken);
        return id;
    }

    public (Stream Stream, string Encoding)? Open(Guid id, int ownerId)
    {
        var path = Find(id, ownerId);
        if (path is null)
        {
            return null;
        }

        var encoding = Path.GetFileNameWithoutExtension(path).Split('.')[2];
        return (File.OpenRead(path), encoding);
    }

    public void Delete(Guid id)
    {
        foreach (var path in Directory.Exists(Folder) ? Directory.GetFiles(Folder, $"{id:N}.*") : [])
        {
            File.Delete(path);
        }
    }

    private string? Find(Guid id, int ownerId)
    {
        var path = Directory.Exists(Folder) ? Directory.GetFiles(Folder, string.Create(CultureInfo.InvariantCulture, $"{id:N}.{ownerId}.*.csv")).FirstOrDefault() : null;
        return path;
    }

    private static string Sanitise(string encoding) => encoding.Equals("shift_jis", StringComparison.OrdinalIgnoreCase) ? "shift_jis" : "utf-8";

    private void Cleanup()
    {
        var limit = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        foreach (var file in new DirectoryInfo(Folder).GetFiles("*.csv").Where(f => f.LastWriteTimeUtc < limit))
        {
            file.Delete();
        }
    }
}
