using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Tsunagu.Core.Data;
using Tsunagu.Core.Data.Demo;

namespace Tsunagu.Web.Hosting;

internal static class StartupBanner
{
    public static void Print(WebApplication app, TsunaguOptions options, BootstrapResult result)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? "http://localhost:5080";
        var lines = new List<string>
        {
            "",
            "  つなぐ Tsunagu — デジタル市役所",
            $"  URL:        {url}",
            $"  データベース: {options.Database.Provider}{(options.Database.Provider == DatabaseProvider.Sqlite ? " (" + options.DataPath + ")" : "")}",
        };
        if (options.Demo)
        {
            lines.Add($"  デモ管理者:   {DemoCityData.AdminLogin} / {DemoCitySeeder.DemoPassword}");
            lines.Add($"  デモ職員:     {DemoCityData.DemoStaffLogin} / {DemoCitySeeder.DemoPassword}  (守屋 美咲, 企画振興部 DX戦略室 主事)");
        }

        if (result.GeneratedAdminPassword is not null)
        {
            lines.Add("  管理者アカウント admin を作成しました。初期パスワード(この一度だけ表示します):");
            lines.Add($"    {result.GeneratedAdminPassword}");
        }

        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
