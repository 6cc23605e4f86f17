namespace Tsunagu.Core.Data.Demo;

public sealed class CirculationDemoSeeder(AppDbContext db)
{
    public Task SeedAsync(CancellationToken cancellationToken) => db.Database.CanConnectAsync(cancellationToken);
}
