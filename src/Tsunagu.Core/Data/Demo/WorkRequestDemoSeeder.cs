namespace Tsunagu.Core.Data.Demo;

public sealed class WorkRequestDemoSeeder(AppDbContext db)
{
    public Task SeedAsync(CancellationToken cancellationToken) => db.Database.CanConnectAsync(cancellationToken);
}
