using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Search;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core.Data;

public sealed record BootstrapResult(bool Created, bool Demo, string? GeneratedAdminPassword);

/// <summary>First start: apply migrations, then give an empty database either the demo city or a lone administrator.</summary>
public static class Bootstrapper
{
    public static async Task<BootstrapResult> RunAsync(IServiceProvider services, bool demo, string? adminPassword, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await sp.GetRequiredService<OrganizationService>().EnsureStandardSetupAsync(cancellationToken);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            // A database from before the search index existed (or whose index was dropped) gets it built once.
            if (!await db.SearchEntries.AnyAsync(cancellationToken))
            {
                await sp.GetRequiredService<SearchRebuilder>().RebuildAsync(cancellationToken: cancellationToken);
            }

            // Likewise the usage report's counts, for a database whose events predate them.
            if (!await db.UsageMonthlyCounts.AnyAsync(cancellationToken) && await db.UsageEvents.AnyAsync(e => e.AccountId != null, cancellationToken))
            {
                await UsageCounts.RebuildAsync(db, cancellationToken: cancellationToken);
            }

            await FormTemplates.InstallMissingAsync(db, sp.GetRequiredService<FormAdminService>(), cancellationToken);
            return new BootstrapResult(false, false, null);
        }

        if (demo)
        {
            await sp.GetRequiredService<DemoCitySeeder>().SeedAsync(cancellationToken);
            return new BootstrapResult(true, true, null);
        }

        var users = sp.GetRequiredService<UserManager<Account>>();
        var generated = string.IsNullOrEmpty(adminPassword);
        var password = generated ? GeneratePassword() : adminPassword!;
        var admin = new Account
        {
            UserName = "admin",
            DisplayName = "システム管理者",
            Kana = "しすてむかんりしゃ",
            CreatedAt = Clock.Truncate(sp.GetRequiredService<TimeProvider>().GetUtcNow()),
            LockoutEnabled = true,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Tsunagu__AdminPassword does not meet the password rules: " + string.Join(' ', result.Errors.Select(e => e.Description)));
        }

        await users.AddToRolesAsync(admin, [Roles.SystemAdministrator, Roles.Staff]);
        await FoundationSearchContent.IndexStaffAsync(db, [admin], cancellationToken);
        await sp.GetRequiredService<AuditLog>().WriteAsync(Actor.System, "admin.created", $"account:{admin.Id}", "first start", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await FormTemplates.InstallMissingAsync(db, sp.GetRequiredService<FormAdminService>(), cancellationToken);
        return new BootstrapResult(true, false, generated ? password : null);
    }

    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        // Guarantee the character classes any reasonable rule set asks for.
        return new string(chars) + "a7#";
    }
}
