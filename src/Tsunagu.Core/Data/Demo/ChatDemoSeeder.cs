namespace Tsunagu.Core.Data.Demo;

public sealed class ChatDemoSeeder(AppDbContext db)
{
    public Task SeedAsync(CancellationToken cancellationToken) => db.Database.CanConnectAsync(cancellationToken);
}
