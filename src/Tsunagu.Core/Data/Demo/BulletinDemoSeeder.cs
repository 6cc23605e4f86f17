namespace Tsunagu.Core.Data.Demo;

public sealed class BulletinDemoSeeder(AppDbContext db)
{
    public Task SeedAsync(CancellationToken cancellationToken) => db.Database.CanConnectAsync(cancellationToken);
}
