namespace Tsunagu.Core.Data.Demo;

public sealed class MinutesDemoSeeder(AppDbContext db)
{
    public Task SeedAsync(CancellationToken cancellationToken) => db.Database.CanConnectAsync(cancellationToken);
}
