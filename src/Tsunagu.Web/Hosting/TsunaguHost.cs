using Tsunagu.Core.Data;
using Tsunagu.Web.Cli;

namespace Tsunagu.Web.Hosting;

public static class TsunaguHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        if (verb is not null)
        {
            return await CommandLine.RunAsync(verb, args[1..]);
        }

        var builder = WebApplication.CreateBuilder(args);
        builder.AddTsunagu();
        var app = builder.Build();
        app.UseTsunagu();

        var options = app.Services.GetRequiredService<TsunaguOptions>();
        var result = await Bootstrapper.RunAsync(app.Services, options.Demo, options.AdminPassword);
        await app.StartAsync();
        StartupBanner.Print(app, options, result);
        await app.WaitForShutdownAsync();
        return 0;
    }
}
