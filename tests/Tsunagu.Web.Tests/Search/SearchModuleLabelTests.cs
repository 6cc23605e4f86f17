using System.Globalization;
using System.Reflection;
using System.Resources;
using Shouldly;
using Tsunagu.Core.Search;
using Xunit;

namespace Tsunagu.Web.Tests.Search;

/// <summary>The search page names each module in the facets and results; a module without a label shows its key.</summary>
public sealed class SearchModuleLabelTests
{
    public static TheoryData<string> Cultures => new() { "ja", "en" };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void EveryModule_HasALabel(string culture)
    {
        var resources = new ResourceManager("Tsunagu.Web.Resources.Text", typeof(Tsunagu.Web.Resources.Text).Assembly);
        var modules = typeof(SearchModules).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        modules.Count.ShouldBeGreaterThan(10);
        var missing = modules.Where(m => string.IsNullOrWhiteSpace(resources.GetString("Search.Module." + m, CultureInfo.GetCultureInfo(culture)))).ToList();

        missing.ShouldBeEmpty();
    }
}
