namespace Tsunagu.Web.Hosting;

/// <summary>Names the feature a page or endpoint belongs to, for usage events (DESIGN principle 7).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class FeatureAttribute(string key) : Attribute
{
    public string Key { get; } = key;
}
