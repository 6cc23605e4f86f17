using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Tsunagu.EndToEnd.Tests.Infrastructure;

/// <summary>axe-core with every rule it runs by default; DESIGN principle 6 expects zero violations on every page and state.</summary>
public static class Axe
{
    public static async Task ShouldHaveNoAxeViolationsAsync(this IPage page, string state)
    {
        var result = await page.RunAxe();
        if (result.Violations is not { Length: > 0 } violations)
        {
            return;
        }

        var report = new StringBuilder();
        report.Append("axe-core found ").Append(violations.Length).Append(" violation(s) on ").Append(state)
            .Append(" (").Append(page.Url).Append(", viewport ").Append(page.ViewportSize?.Width).Append("px):").AppendLine();
        foreach (var v in violations)
        {
            report.Append("- ").Append(v.Id).Append(" [").Append(v.Impact).Append("] ").Append(v.Help).Append(' ').AppendLine(v.HelpUrl);
            foreach (var node in v.Nodes)
            {
                report.Append("    target ").Append(node.Target).Append(": ").AppendLine(node.Html);
                // axe's failure summary: every "any" check failed, or some "all"/"none" check did.
                foreach (var check in (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []))
                {
                    report.Append("      ").AppendLine(check.Message);
                }
            }
        }

        Assert.Fail(report.ToString());
    }
}
