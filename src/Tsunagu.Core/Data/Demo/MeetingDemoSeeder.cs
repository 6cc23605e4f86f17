namespace Tsunagu.Core.Data.Demo;

public sealed class MeetingDemoSeeder(AppDbContext db)
{
    public Task SeedAsync(CancellationToken cancellationToken) => db.Database.CanConnectAsync(cancellationToken);
}
