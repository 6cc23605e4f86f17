using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Tsunagu.Core.Data;

namespace Tsunagu.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSql model without the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        new DatabaseSettings(DatabaseProvider.PostgreSql, "Host=localhost;Database=tsunagu_design;Username=postgres").Apply(options);
        options.UseApplicationServiceProvider(DatabaseSettings.IdentityStoreServices);
        return new AppDbContext(options.Options);
    }
}
