using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Tsunagu.Core;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;
using Tsunagu.Web.Hosting;

namespace Tsunagu.Web.Features.Admin;

public sealed class SettingsService(AppDbContext db, IDbContextFactory<AppDbContext> databases, AuditLog audit, TimeProvider clock, IMemoryCache cache)
{
    public async Task<bool> IsMfaRequiredAsync() =>
        await db.Settings.Where(s => s.Key == SystemSetting.RequireMfa).Select(s => s.Value).FirstOrDefaultAsync() == "true";

    /// <summary>Shown in every page header, so cached briefly.</summary>
    public async Task<string> MunicipalityNameAsync() =>
        await cache.GetOrCreateAsync(MunicipalityCacheKey, async e =>
        {
            e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            // The layouts ask while the page below them initialises on the request's context: use a context of its own.
            await using var own = await databases.CreateDbContextAsync();
            return await own.Settings.Where(s => s.Key == SystemSetting.MunicipalityName).Select(s => s.Value).FirstOrDefaultAsync() ?? "";
        }) ?? "";

    private const string MunicipalityCacheKey = "setting:municipality";

    public async Task SetAsync(string key, string value, Actor actor)
    {
        var setting = await db.Settings.FindAsync(key);
        if (setting is null)
        {
            setting = new SystemSetting { Key = key };
            db.Settings.Add(setting);
        }

        if (setting.Value == value)
        {
            return;
        }

        audit.Record(actor, "setting.changed", $"setting:{key}", $"{setting.Value} -> {value}");
        setting.Value = value;
        setting.UpdatedAt = Clock.Truncate(clock.GetUtcNow());
        await db.SaveChangesAsync();
        MfaRequirementMiddleware.Invalidate(cache);
        cache.Remove(MunicipalityCacheKey);
    }
}
