using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Tsunagu.Core.Data;

namespace Tsunagu.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the Sqlite model without the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseSettings.ForSqliteFile("design-time.db").Apply(options);
        options.UseApplicationServiceProvider(DatabaseSettings.IdentityStoreServices);
        return new AppDbContext(options.Options);
    }
}
