using System.Reflection;
using Xunit.Sdk;

namespace Tsunagu.Core.Tests.Infrastructure;

/// <summary>
/// Runs a <c>[Theory]</c> once per database: the test takes a <see cref="DatabaseKind"/> as its first parameter
/// and builds its database with <see cref="TestDatabase.CreateAsync"/>. Each case is its own test, so the runner
/// reports SQLite and PostgreSQL results separately (after bitwarden's DatabaseDataAttribute).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatabaseDataAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        Enum.GetValues<DatabaseKind>().Select(kind => new object[] { kind });
}
