namespace Tsunagu.Web.Tests.Infrastructure;

/// <summary>The databases every database behaviour is tested on (DESIGN principle 2).</summary>
public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}
